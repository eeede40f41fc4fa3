"""Writes tests/smoke/manifest.json from the installed smoke corpus: for each package
of tests/smoke/package.json, the Node-API binary for linux-x64 glibc it ships and
what that binary links against (read from the file, like ``readelf``/``nm -D``:
napi_* imports or dlsym, libuv, V8 and Node symbols).

    .venv/bin/python tests/smoke/make_manifest.py     # after a change to package.json
    .venv/bin/python tests/smoke/make_manifest.py --corpus DIR   # another corpus

``--corpus DIR`` does the same for another set of packages: DIR holds a
package.json and the node_modules that ``npm install --ignore-scripts`` made from
it (installed by hand, not by this script); the manifest is written to
DIR/manifest.json, for ``outcomes.py --corpus DIR``.

The binary is the one ``napi_python.require`` picks; for the few packages whose
prebuild directory it does not know, the first linux-x64 glibc Node-API build of
the package (by name: not musl, not an ABI-specific or Electron build).
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

SMOKE = Path(__file__).resolve().parent
sys.path.insert(0, str(SMOKE.parent))

from smoke.support import ensure_installed  # noqa: E402

OTHER_PLATFORMS = re.compile(r"darwin|win32|android|arm|ia32|musl|freebsd|openbsd|ios|"
                             r"electron|abi\d+|node/\d+/|-\d+-Release|windows|macos|alpine", re.I)


def is_x86_64_elf(path):
    # an ELF header with e_machine EM_X86_64 (62): a directory name alone does not
    # tell (@sap/hana-client's prebuilt/linuxaarch64 sorts before linuxx86_64)
    with open(path, "rb") as f:  # (20 bytes, not the whole binary: some are 100 MB)
        head = f.read(20)
    return head[:4] == b"\x7fELF" and head[18:20] == b"\x3e\x00"


def fallback_binary(pkg_dir):
    found = sorted(p for p in pkg_dir.rglob("*.node")
                   if "node_modules" not in p.relative_to(pkg_dir).parts
                   and p.is_file() and p.stat().st_size > 1024 and is_x86_64_elf(p)
                   and not OTHER_PLATFORMS.search(str(p.relative_to(pkg_dir))))
    return found[0] if found else None


def main():
    from napi_python._require import find_addon
    from napi_python._inspect import static_report

    p = argparse.ArgumentParser()
    p.add_argument("--corpus", type=Path, help="another corpus directory (default: the smoke corpus)")
    corpus = p.parse_args().corpus
    if corpus is None:
        corpus, node_modules = SMOKE, ensure_installed()
    else:
        corpus = corpus.resolve()
        node_modules = corpus / "node_modules"
        if not node_modules.is_dir():
            sys.exit(f"{node_modules} does not exist: run npm install --ignore-scripts in {corpus}")
    deps = json.loads((corpus / "package.json").read_text())["dependencies"]
    manifest = []
    for name, version in deps.items():
        entry = {"package": name, "version": version}
        try:
            path = Path(find_addon(name, paths=[node_modules]))
            entry["found_by"] = "require"
        except ImportError:
            path = fallback_binary(node_modules / name)
            entry["found_by"] = "manifest"
        if path is None:
            print(f"{name}: no linux-x64 glibc binary", file=sys.stderr)
            continue
        if path.read_bytes()[:4] != b"\x7fELF":
            # a package can ship another platform's build where Linux looks for its
            # own (node-expat 2.4.1: a Mach-O build/Release/node_expat.node)
            print(f"{name}: {path} is not an ELF file", file=sys.stderr)
            continue
        report = static_report(path)
        entry["binary"] = os.path.relpath(path, node_modules)
        entry["binding"] = report["napi_binding"]
        entry["napi_functions"] = len(report["napi_imports"] or report["napi_dlsym_names"])
        entry["needs"] = {kind: len(names)
                          for kind, names in report["missing_other_symbols"].items()}
        entry["static_verdict"] = report["verdict"]
        manifest.append(entry)
    (corpus / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"{len(manifest)} packages")


if __name__ == "__main__":
    main()
