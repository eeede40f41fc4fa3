"""``python -m napi_python``: command-line tools.

    python -m napi_python inspect addon.node     # load an addon and list its exports
"""

import argparse
import sys


def _describe(value, indent="  ", depth=0, seen=None):
    import napi_python
    seen = set() if seen is None else seen
    lines = []
    items = value.items() if isinstance(value, dict) else []
    for key, item in items:
        if isinstance(item, type):
            lines.append(f"{indent * (depth + 1)}class {key}")
        elif callable(item):
            lines.append(f"{indent * (depth + 1)}function {key}()")
        elif isinstance(item, napi_python.Object) and id(item) not in seen and depth < 3:
            seen.add(id(item))
            lines.append(f"{indent * (depth + 1)}{key}:")
            lines.extend(_describe(item, indent, depth + 1, seen))
        else:
            lines.append(f"{indent * (depth + 1)}{key} = {item!r}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m napi_python")
    sub = parser.add_subparsers(dest="command", required=True)
    inspect = sub.add_parser("inspect", help="load an addon and print its exports")
    inspect.add_argument("addon", help="path of a .node file")
    args = parser.parse_args(argv)

    import napi_python
    try:
        exports = napi_python.load_addon(args.addon)
    except (OSError, napi_python.AddonLoadError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{args.addon}: exports")
    for line in _describe(exports):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
