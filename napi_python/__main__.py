"""``python -m napi_python``: command-line tools.

    python -m napi_python inspect addon.node            # what it needs, then its exports
    python -m napi_python inspect @node-rs/xxhash       # an npm package, found like require()
    python -m napi_python inspect addon.node --no-load  # only read the file, run nothing
    python -m napi_python inspect addon.node --json     # the same report as JSON
    python -m napi_python install @node-rs/xxhash       # into ./node_modules, without npm
    python -m napi_python stubgen @node-rs/argon2 -o .  # typed package from the .d.ts

``inspect`` first reads the ELF file without running it: how the addon registers,
the Node-API version it declares, the napi functions it imports (or names, for
addons that resolve them with dlsym) and whether napi-python exports each, the
libuv / V8 / Node symbols it needs, and a verdict; this part is printed (and
flushed) before anything runs, so an addon that crashes while it loads still
leaves it. Then, unless ``--no-load``, it loads the addon and prints its exports
as a tree, or the load error with the dynamic loader's own message. Exit status 0 when the report is
complete, 1 when the addon cannot be found, read or loaded.
"""

import argparse
import json
import os
import sys


def _inspect(args):
    from . import _inspect, _loader, _require

    target = args.target
    report = {"target": target}
    try:
        if os.path.exists(target):   # a .node file or a package directory
            path = _require.find_addon(os.path.abspath(target))
        else:
            path = _require.find_addon(target, args.paths or None)
            report["package"] = target
    except ImportError as e:
        return _fail(args, report, str(e))
    report["path"] = path
    try:
        _loader.check_addon_file(path, path)
    except (OSError, ImportError) as e:  # (AddonLoadError is an ImportError)
        return _fail(args, report, str(e))
    try:
        report["static"] = _inspect.static_report(path)
    except Exception as e:  # a truncated or foreign ELF file
        return _fail(args, report, f"cannot read {path}: {e}")
    status = 0
    if not args.json:
        # The static part first, flushed: an addon that crashes or aborts while it
        # loads still leaves it.
        print(_inspect.render_static_text(report), flush=True)
    if not args.no_load:
        import napi_python
        try:
            exports = napi_python.load_addon(path)
        except Exception as e:  # AddonLoadError, or whatever the addon's init threw
            report["load_error"] = f"{type(e).__name__}: {e}"
            status = 1
        else:
            if report["static"]["declared_napi_version"] is not None:
                try:
                    report["declared_napi_version"] = _inspect.declared_version(path)
                except (OSError, AttributeError):
                    pass
            report["exports"] = _inspect.export_tree(exports)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        tail = _inspect.render_load_text(report)
        if tail:
            print(tail)
    return status


def _fail(args, report, message):
    if args.json:
        report["error"] = message
        print(json.dumps(report, indent=2))
    else:
        print(f"error: {message}", file=sys.stderr)
    return 1


def _install(args):
    from ._install import InstallError, install, _format_result
    try:
        installed = install(args.packages, prefix=args.prefix, registry=args.registry,
                            offline=args.offline)
    except InstallError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was changed", file=sys.stderr)
        return 1
    print(_format_result(installed, os.path.abspath(args.prefix)))
    return 0


def _stubgen(args):
    from . import _stubpkg as stubgen
    try:
        if args.stdout:
            text, _ = stubgen.stub_for_package(args.package, args.paths or None,
                                               load=not args.no_load)
            sys.stdout.write(text)
            return 0
        out = stubgen.write_stub_package(args.package, args.output, args.module,
                                         args.paths or None, load=not args.no_load)
    except (ImportError, LookupError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(out)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m napi_python",
                                     description="Tools for Node-API addons.")
    from ._version import __version__
    parser.add_argument("--version", action="version", version=f"napi-python {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    inspect = sub.add_parser(
        "inspect", help="report what an addon needs, then load it and print its exports",
        description="Reads the addon file (registration style, declared Node-API version, "
                    "imported napi functions and whether napi-python exports them, libuv/V8 "
                    "symbols, a verdict), then loads it and prints its exports as a tree.")
    inspect.add_argument("target", help="a .node file, or an npm package name found in "
                                        "node_modules as napi_python.require() finds it")
    inspect.add_argument("--no-load", action="store_true",
                         help="only read the file; do not load or run the addon")
    inspect.add_argument("--json", action="store_true", help="print the report as JSON")
    inspect.add_argument("--paths", nargs="*", metavar="DIR",
                         help="node_modules directories to search for a package")
    inst = sub.add_parser(
        "install", help="install npm packages with prebuilt binaries into node_modules",
        description="Resolves packages from the npm registry (.npmrc and npm_config_* "
                    "honoured), installs them with their dependencies and this platform's "
                    "binary package into PREFIX/node_modules, and writes package.json and "
                    "package-lock.json. With no package, installs package-lock.json exactly.")
    inst.add_argument("packages", nargs="*", metavar="SPEC",
                      help="name, name@version, name@range, name@tag or alias@npm:name@range")
    inst.add_argument("--prefix", default=".", metavar="DIR",
                      help="the project directory (default: the current directory)")
    inst.add_argument("--registry", metavar="URL", help="the registry to use")
    inst.add_argument("--offline", action="store_true",
                      help="use only the download cache; never the network")
    stubgen = sub.add_parser(
        "stubgen", help="write a typed package (.pyi) from an npm package's .d.ts",
        description="Reads the package's TypeScript declarations and writes "
                    "DIR/MODULE/__init__.pyi (the types of the native exports), "
                    "__init__.py (loads the addon with napi_python.require) and py.typed. "
                    "See docs/typing.rst.")
    stubgen.add_argument("package", help="an npm package name found in node_modules, or a "
                                         "package directory")
    stubgen.add_argument("-o", "--output", default=".", metavar="DIR",
                         help="where to write the package (default: the current directory)")
    stubgen.add_argument("-m", "--module", help="the Python package name (default from the "
                                                "npm name: @node-rs/argon2 -> node_rs_argon2)")
    stubgen.add_argument("--stdout", action="store_true", help="print the .pyi only")
    stubgen.add_argument("--no-load", action="store_true",
                         help="do not load the addon: write every declaration, without "
                              "checking it against the native exports")
    stubgen.add_argument("--paths", nargs="*", metavar="DIR",
                         help="node_modules directories to search for the package")
    args = parser.parse_args(argv)
    if args.command == "inspect":
        return _inspect(args)
    if args.command == "install":
        return _install(args)
    if args.command == "stubgen":
        return _stubgen(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
