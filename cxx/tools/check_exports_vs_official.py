#!/usr/bin/env python3
"""Cross-check cxx/exports.txt against our headers and the official list.

Usage:
    check_exports_vs_official.py NODE_API_HEADERS_PKG_DIR
        [--exports cxx/exports.txt] [--include cxx/include] [--cc cc]

NODE_API_HEADERS_PKG_DIR is the directory of the `node-api-headers` npm
package (the one holding symbols.js and def/).

Fails (exit 1) when:
  * exports.txt is not sorted or has duplicates;
  * a symbol of the newest version list in symbols.js, or of def/*.def,
    is missing from exports.txt;
  * exports.txt names a function our headers do not declare (checked
    with NAPI_EXPERIMENTAL, i.e. the full set);
  * our headers declare a napi_*/node_api_* function missing from
    exports.txt.
Symbols we export beyond the official list (experimental ones) are
reported for information only.

Standard library only.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CXX_DIR = os.path.dirname(HERE)
# "name(" but not a function-pointer typedef such as "napi_value(*cb)(...)".
FN_RE = re.compile(
    r"\b((?:napi|node_api)_[A-Za-z0-9_]+)\s*\((?!\s*(?:NAPI_CDECL\s*)?\*)")


def read_exports(path):
    names = []
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def _matching(text, start, open_ch, close_ch):
    """Index just past the bracket matching text[start] (== open_ch)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == open_ch:
            depth += 1
        elif text[i] == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError("unbalanced %r in symbols.js" % open_ch)


def parse_symbols_js(path):
    """Return {version_int: {list_name: set(symbols)}} with spreads resolved."""
    text = open(path, encoding="utf-8").read()
    raw = {}
    for m in re.finditer(r"const\s+v(\d+)\s*=\s*\{", text):
        ver = int(m.group(1))
        body = text[m.end() - 1:_matching(text, m.end() - 1, "{", "}")]
        lists = {}
        for km in re.finditer(r"(\w+)\s*:\s*\[", body):
            items = body[km.end() - 1:_matching(body, km.end() - 1, "[", "]")]
            spreads = re.findall(r"\.\.\.v(\d+)\.(\w+)", items)
            names = re.findall(r"['\"]([A-Za-z0-9_]+)['\"]", items)
            lists[km.group(1)] = (spreads, names)
        raw[ver] = lists

    resolved = {}

    def resolve(ver, key):
        cache = resolved.setdefault(ver, {})
        if key not in cache:
            spreads, names = raw[ver].get(key, ([], []))
            out = set(names)
            for sver, skey in spreads:
                out |= resolve(int(sver), skey)
            cache[key] = out
        return cache[key]

    for ver in raw:
        for key in raw[ver]:
            resolve(ver, key)
    return resolved


def parse_def_files(def_dir):
    out = set()
    if not os.path.isdir(def_dir):
        return out
    for fn in sorted(os.listdir(def_dir)):
        if not fn.endswith(".def"):
            continue
        for line in open(os.path.join(def_dir, fn), encoding="utf-8"):
            tok = line.strip().split(";", 1)[0].strip()
            if not tok or tok.split()[0] in ("NAME", "EXPORTS", "LIBRARY"):
                continue
            out.add(tok.split()[0])
    return out


def declared_in_headers(include_dir, cc):
    """Function names declared by our headers with NAPI_EXPERIMENTAL."""
    cc_path = shutil.which(cc) if cc else None
    if cc_path:
        with tempfile.TemporaryDirectory() as td:
            src = os.path.join(td, "all.c")
            with open(src, "w") as f:
                f.write('#include "node_api.h"\n')
            res = subprocess.run(
                [cc_path, "-E", "-P", "-DNAPI_EXPERIMENTAL", "-I", include_dir,
                 src], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                universal_newlines=True)
            if res.returncode != 0:
                sys.stderr.write(res.stderr)
                raise SystemExit("preprocessing our headers failed")
            text = res.stdout
    else:  # fallback: scan raw text (no conditional evaluation needed:
        #      with NAPI_EXPERIMENTAL every declaration is active)
        text = ""
        for fn in ("js_native_api.h", "node_api.h"):
            t = open(os.path.join(include_dir, fn), encoding="utf-8").read()
            t = re.sub(r"/\*.*?\*/", " ", t, flags=re.S)
            t = re.sub(r"//[^\n]*", " ", t)
            t = "\n".join(l for l in t.splitlines()
                          if not l.lstrip().startswith("#"))
            text += t
    return set(FN_RE.findall(" ".join(text.split())))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pkg_dir", help="node-api-headers package directory")
    ap.add_argument("--exports", default=os.path.join(CXX_DIR, "exports.txt"))
    ap.add_argument("--include", default=os.path.join(CXX_DIR, "include"))
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    args = ap.parse_args(argv)

    errors = []
    exports = read_exports(args.exports)
    exp_set = set(exports)
    if len(exp_set) != len(exports):
        dups = sorted({n for n in exports if exports.count(n) > 1})
        errors.append("duplicates in exports.txt: " + ", ".join(dups))
    if exports != sorted(exports):
        errors.append("exports.txt is not sorted (LC_ALL=C order)")

    sym_path = os.path.join(args.pkg_dir, "symbols.js")
    if not os.path.isfile(sym_path):
        raise SystemExit("no symbols.js in %s" % args.pkg_dir)
    versions = parse_symbols_js(sym_path)
    top = max(versions)
    official = set().union(*versions[top].values())
    official_def = parse_def_files(os.path.join(args.pkg_dir, "def"))
    print("official: v%d lists %d symbols, def/ lists %d" %
          (top, len(official), len(official_def)))

    for name in sorted(official - exp_set):
        errors.append("in official v%d list, missing from exports.txt: %s" %
                      (top, name))
    for name in sorted(official_def - exp_set):
        errors.append("in official .def, missing from exports.txt: %s" % name)

    declared = declared_in_headers(args.include, args.cc)
    for name in sorted(exp_set - declared):
        errors.append("in exports.txt, not declared in our headers: %s" % name)
    for name in sorted(declared - exp_set):
        errors.append("declared in our headers, missing from exports.txt: %s"
                      % name)

    for name in sorted(exp_set - official - official_def):
        print("info: exported beyond the official list: %s" % name)

    for e in errors:
        print("ERROR: " + e)
    if errors:
        print("FAILED (%d problems)" % len(errors))
        return 1
    print("OK: %d exports; official v%d list covered; headers agree" %
          (len(exports), top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
