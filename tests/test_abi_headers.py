"""Our Node-API headers (cxx/include) must be ABI-identical to Node's.

Official headers come from the npm package node-api-headers, expected at
tests/node_modules/node-api-headers/include (the Makefile installs it), or
wherever NODE_API_HEADERS_DIR points.  Tests that need them are skipped,
with a message, only when that directory is missing.
"""

import importlib.util
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = os.path.join(ROOT, "cxx", "include")
ABI_DIR = os.path.join(ROOT, "tests", "abi")
CHECK_ABI = os.path.join(ABI_DIR, "check_abi.cc")
CHECK_EXP = os.path.join(ABI_DIR, "check_abi_experimental.cc")
EXPORTS_TOOL = os.path.join(ROOT, "cxx", "tools", "check_exports_vs_official.py")
DEFAULT_OFFICIAL = os.path.join(
    ROOT, "tests", "node_modules", "node-api-headers", "include")
OFFICIAL = os.environ.get("NODE_API_HEADERS_DIR") or DEFAULT_OFFICIAL
OFFICIAL_PKG = os.path.dirname(os.path.abspath(OFFICIAL))

CXX = os.environ.get("CXX", "g++")
CC = os.environ.get("CC", "gcc")

needs_official = pytest.mark.skipif(
    not os.path.isfile(os.path.join(OFFICIAL, "node_api.h")),
    reason="official Node-API headers not found at %s (run `make` to install "
           "node-api-headers into tests/node_modules, or set "
           "NODE_API_HEADERS_DIR)" % OFFICIAL)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def load_exports_tool():
    spec = importlib.util.spec_from_file_location("cevo", EXPORTS_TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def official_v10_symbols():
    tool = load_exports_tool()
    versions = tool.parse_symbols_js(os.path.join(OFFICIAL_PKG, "symbols.js"))
    return set().union(*versions[max(versions)].values())


# ------------------------------------------------------ compile-time check --
@needs_official
def test_check_abi_compiles():
    r = run([CXX, "-std=c++17", "-Wall", "-Wextra", "-fsyntax-only",
             "-I", OFFICIAL, CHECK_ABI])
    assert r.returncode == 0, r.stderr


@needs_official
def test_check_abi_selftest_break_fails():
    r = run([CXX, "-std=c++17", "-fsyntax-only",
             "-DNAPI_PYTHON_ABI_SELFTEST_BREAK", "-I", OFFICIAL, CHECK_ABI])
    assert r.returncode != 0, "deliberately broken ABI check compiled"
    for msg in ("function signature differs: napi_create_int32",
                "enumerator value differs: napi_closing",
                "selftest: offsets differ"):
        assert msg in r.stderr, r.stderr


@needs_official
def test_check_abi_function_list_is_complete():
    text = open(CHECK_ABI, encoding="utf-8").read()
    block = text.split("#define ABI_FUNCTIONS(X)", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"X\((\w+)\)", block))
    assert listed == official_v10_symbols()


@pytest.mark.parametrize("extra", [[], ["-DNODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT"]])
def test_experimental_surface(extra):
    r = run([CXX, "-std=c++17", "-Wall", "-Wextra", "-fsyntax-only"] + extra +
            [CHECK_EXP])
    assert r.returncode == 0, r.stderr


def test_experimental_selftest_break_fails():
    r = run([CXX, "-std=c++17", "-fsyntax-only",
             "-DNAPI_PYTHON_ABI_SELFTEST_BREAK", CHECK_EXP])
    assert r.returncode != 0
    assert "selftest: must fail" in r.stderr, r.stderr


# --------------------------------------------------------- exported symbols --
@needs_official
def test_exports_vs_official():
    r = run(["python3", EXPORTS_TOOL, OFFICIAL_PKG])
    assert r.returncode == 0, r.stdout + r.stderr


# ------------------------------------- same declarations at every version --
IDENT_RE = re.compile(r"\b(?:napi|node_api|NAPI|NODE_API)_\w+\b")
OUR_GUARDS = re.compile(r"^NAPI_PYTHON_")
OFFICIAL_GUARDS = re.compile(r"^SRC_\w+_H_$")


def preprocess(include_dir, defines, lang, tmp_path):
    src = tmp_path / ("all.c" if lang == "c" else "all.cc")
    src.write_text('#include "node_api.h"\n')
    comp = CC if lang == "c" else CXX
    r = run([comp, "-E", "-P", "-I", include_dir] + defines + [str(src)])
    assert r.returncode == 0, r.stderr
    m = run([comp, "-E", "-dM", "-I", include_dir] + defines + [str(src)])
    assert m.returncode == 0, m.stderr
    idents = set(IDENT_RE.findall(r.stdout))
    macros = set()
    for line in m.stdout.splitlines():
        name = re.match(r"#define (\w+)", line).group(1)
        if IDENT_RE.fullmatch(name) or name.startswith("EXTERN_C_"):
            macros.add(name)
    return idents, macros


VERSION_CASES = [[]] + [["-DNAPI_VERSION=%d" % v] for v in range(1, 11)] + [
    ["-DNODE_API_NO_EXTERNAL_BUFFERS_ALLOWED"],
    ["-DNAPI_VERSION=10", "-DNODE_API_NO_EXTERNAL_BUFFERS_ALLOWED"],
    ["-DBUILDING_NODE_EXTENSION"],
]


@needs_official
@pytest.mark.parametrize("lang", ["c", "c++"])
@pytest.mark.parametrize("defines", VERSION_CASES, ids=lambda d: " ".join(d) or "default")
def test_same_declarations(defines, lang, tmp_path):
    ours_ids, ours_macros = preprocess(OURS, defines, lang, tmp_path)
    off_ids, off_macros = preprocess(OFFICIAL, defines, lang, tmp_path)
    ours_macros = {m for m in ours_macros if not OUR_GUARDS.match(m)}
    off_macros = {m for m in off_macros if not OFFICIAL_GUARDS.match(m)}
    assert sorted(ours_ids - off_ids) == [] and sorted(off_ids - ours_ids) == []
    assert sorted(ours_macros ^ off_macros) == []


# --------------------------- same spelled parameter types (typedef names) --
# Outside NAPI_EXPERIMENTAL napi_env == node_api_basic_env and napi_finalize
# == node_api_basic_finalize, so the compile-time check cannot see which one
# a declaration uses; with NAPI_EXPERIMENTAL they differ.  Compare spelling.
DECL_RE = re.compile(
    r"NAPI_EXTERN\s+(.*?)\s*NAPI_CDECL\s+(\w+)\s*\((.*?)\)\s*;", re.S)


def spelled_signatures(include_dir):
    sigs = {}
    for fn in ("js_native_api.h", "node_api.h"):
        t = open(os.path.join(include_dir, fn), encoding="utf-8").read()
        t = re.sub(r"/\*.*?\*/", " ", t, flags=re.S)
        t = re.sub(r"//[^\n]*", " ", t)
        t = "\n".join(l for l in t.splitlines() if not l.lstrip().startswith("#"))
        for ret, name, params in DECL_RE.findall(t):
            norm = []
            for p in params.split(","):
                p = re.sub(r"\s*\*\s*", "* ", " ".join(p.split())).strip()
                toks = p.split()
                if len(toks) > 1 and re.fullmatch(r"\w+", toks[-1]):
                    toks = toks[:-1]  # drop the parameter name
                norm.append(" ".join(toks).replace("* ", "*").rstrip())
            sigs[name] = (" ".join(ret.split()), tuple(norm))
    return sigs


@needs_official
def test_same_spelled_parameter_types():
    ours = spelled_signatures(OURS)
    off = spelled_signatures(OFFICIAL)
    assert set(off) <= set(ours)
    assert len(off) >= 150, "official header parse failed"
    diffs = {n: (ours[n], off[n]) for n in off if ours[n] != off[n]}
    assert diffs == {}


# ------------------------------------------------- addon entry symbols -----
ADDON_C = r"""
#include <node_api.h>
NAPI_MODULE_INIT() { (void)env; return exports; }
"""
MAIN_C = r"""
#include <stdio.h>
#include <stdint.h>
int32_t node_api_module_get_api_version_v1(void);
int main(void) { printf("%d\n", (int)node_api_module_get_api_version_v1()); return 0; }
"""


def build_addon(include_dir, defines, tmp_path, tag):
    d = tmp_path / tag
    d.mkdir()
    (d / "addon.c").write_text(ADDON_C)
    (d / "main.c").write_text(MAIN_C)
    obj = d / "addon.o"
    r = run([CC, "-std=c99", "-Wall", "-Werror", "-fPIC", "-c", "-I", include_dir]
            + defines + [str(d / "addon.c"), "-o", str(obj)])
    assert r.returncode == 0, r.stderr
    nm = run(["nm", "-g", "--defined-only", str(obj)])
    assert nm.returncode == 0, nm.stderr
    syms = sorted(l.split()[-1] for l in nm.stdout.splitlines() if l.strip())
    exe = d / "main"
    r = run([CC, str(d / "main.c"), str(obj), "-o", str(exe)])
    assert r.returncode == 0, r.stderr
    out = run([str(exe)]).stdout.strip()
    return syms, out


@needs_official
@pytest.mark.skipif(shutil.which("nm") is None, reason="nm not available")
@pytest.mark.parametrize("defines", [[], ["-DNAPI_VERSION=10"], ["-DNAPI_VERSION=3"]],
                         ids=lambda d: " ".join(d) or "default")
def test_addon_entry_symbols(defines, tmp_path):
    ours = build_addon(OURS, defines, tmp_path, "ours")
    off = build_addon(OFFICIAL, defines, tmp_path, "official")
    assert ours == off
    assert ours[0] == ["napi_register_module_v1",
                       "node_api_module_get_api_version_v1"]
