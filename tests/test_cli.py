"""``python -m napi_python inspect`` (issue #6): the static report read from the
ELF file (registration style, declared version, napi imports and support, V8 and
libuv symbols, verdict) and the exports tree after loading."""

import json
import subprocess
import sys

import pytest

from conftest import HEADERS, build_test_addon


def inspect(*args, cwd):
    """Runs the CLI in a fresh interpreter, away from the source tree."""
    r = subprocess.run([sys.executable, "-m", "napi_python", "inspect", *map(str, args)],
                       capture_output=True, text=True, timeout=120, cwd=cwd)
    return r


def inspect_json(*args, cwd):
    r = inspect(*args, "--json", cwd=cwd)
    return r.returncode, json.loads(r.stdout)


def test_tree_of_a_class_with_methods_accessors_and_statics(tmp_path):
    r = inspect(build_test_addon("classes"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "registration:       napi_register_module_v1" in out
    assert "├── class Counter()" in out
    for line in ("method increment()", "accessor value", "static method create()",
                 "static VERSION = 3"):
        assert line in out, line
    assert "function identity()  (non-enumerable)" in out


def test_tree_of_exports_with_a_function_named_keys(tmp_path):
    # An export named `keys` hides the Object's keys() method as an attribute: the
    # report reads the keys through the type (it stopped on calling the addon's keys).
    r = inspect(build_test_addon("builtin_methods"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "function keys()  (non-enumerable)" in r.stdout
    assert "class Point()" in r.stdout


def test_json_report_lists_imports_with_support(tmp_path):
    code, report = inspect_json(build_test_addon("classes"), cwd=tmp_path)
    assert code == 0
    static = report["static"]
    assert static["napi_binding"] == "imports"
    imports = {f["name"]: f["supported"] for f in static["napi_imports"]}
    assert imports["napi_define_class"] is True and all(imports.values())
    assert static["loadable"] is True
    counter = next(c for c in report["exports"]["children"] if c["name"] == "Counter")
    kinds = {m["name"]: m["kind"] for m in counter["members"]}
    assert kinds == {"increment": "method", "incrementTwice": "method", "value": "accessor",
                     "create": "static method", "VERSION": "static",
                     "limit": "static accessor", "kind": "static accessor", "mode": "static"}


def test_unknown_arity_prints_empty_parentheses(tmp_path):
    code, report = inspect_json(build_test_addon("classes"), cwd=tmp_path)
    identity = next(c for c in report["exports"]["children"] if c["name"] == "identity")
    assert identity == {"name": "identity", "kind": "function", "arity": None,
                        "enumerable": False}


def test_legacy_registration(tmp_path):
    code, report = inspect_json(build_test_addon("register_legacy"), cwd=tmp_path)
    assert code == 0
    assert report["static"]["registration"] == \
        "legacy static constructor (napi_module_register)"
    assert [c["name"] for c in report["exports"]["children"]] == ["answer", "kind"]
    assert report["exports"]["children"][0] == {"name": "answer", "kind": "constant",
                                                "value": "42"}


def test_declared_version_needs_a_load(tmp_path):
    path = build_test_addon("module_version")
    code, report = inspect_json(path, "--no-load", cwd=tmp_path)
    assert code == 0
    assert report["static"]["declared_napi_version"] == "declared (needs load)"
    assert "exports" not in report
    code, report = inspect_json(path, cwd=tmp_path)
    assert report["declared_napi_version"] == 8


def test_no_load_does_not_run_the_addon(tmp_path):
    # The legacy addon registers from a static constructor: only a dlopen runs it.
    r = inspect(build_test_addon("register_legacy"), "--no-load", cwd=tmp_path)
    assert r.returncode == 0
    assert "exports" not in r.stdout.split("verdict")[-1]


FAKE_IMPORT = r"""
#include <node_api.h>
/* A function no Node-API version has: the loader must name it. */
NAPI_EXTERN napi_status NAPI_CDECL node_api_from_the_future(napi_env env);
NAPI_MODULE_INIT() {
  node_api_from_the_future(env);
  return exports;
}
"""


def test_unsupported_import_is_named(tmp_path):
    src = tmp_path / "future.c"
    src.write_text(FAKE_IMPORT)
    out = tmp_path / "future.node"
    subprocess.run(["gcc", "-shared", "-fPIC", "-I", str(HEADERS), str(src), "-o", str(out)],
                   check=True)
    code, report = inspect_json(out, cwd=tmp_path)
    assert code == 1
    imports = {f["name"]: f["supported"] for f in report["static"]["napi_imports"]}
    assert imports["node_api_from_the_future"] is False
    assert "node_api_from_the_future" in report["static"]["verdict"]
    assert "node_api_from_the_future" in report["load_error"]
    r = inspect(out, "--no-load", cwd=tmp_path)
    assert "not exported by napi-python:" in r.stdout
    assert "node_api_from_the_future" in r.stdout


def test_not_an_addon(tmp_path):
    bogus = tmp_path / "x.node"
    bogus.write_bytes(b"not an ELF file")
    r = inspect(bogus, cwd=tmp_path)
    assert r.returncode == 1
    assert "not a shared library" in r.stderr


def test_missing_package(tmp_path):
    r = inspect("no-such-package-xyz", "--paths", tmp_path, cwd=tmp_path)
    assert r.returncode == 1
    assert "cannot find package 'no-such-package-xyz'" in r.stderr
    # the way to get it that needs no npm
    assert "install it with `napi-python install no-such-package-xyz`" in r.stderr


# -- corpus addons (npm, installed by the corpus set-up) ---------------------------------

@pytest.fixture(scope="module")
def corpus():
    from corpus.support import ensure_installed
    return ensure_installed()


def test_corpus_package_by_name(corpus, tmp_path):
    r = inspect("@node-rs/xxhash", "--paths", corpus, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("@node-rs/xxhash: ")
    assert "xxhash.linux-x64-gnu.node" in r.stdout.splitlines()[0] or "xxhash." in r.stdout
    assert "napi imports: 41, all exported by napi-python" in r.stdout
    for line in ("├── function xxh32()", "│   └── class Xxh3()",
                 "│       └── static method withSeed()", "└── class Xxh32()"):
        assert line in r.stdout, line


def test_corpus_dlsym_addon(corpus, tmp_path):
    code, report = inspect_json("libsql", "--paths", corpus, "--no-load", cwd=tmp_path)
    assert code == 0
    static = report["static"]
    assert static["napi_binding"] == "dlsym" and static["napi_imports"] == []
    names = {f["name"] for f in static["napi_dlsym_names"]}
    assert {"napi_create_function", "napi_get_undefined", "napi_get_null"} <= names
    assert len(names) > 70


def test_corpus_v8_build_is_refused(corpus, tmp_path):
    v8_build = corpus / "@lmdb" / "lmdb-linux-x64" / "node.abi115.glibc.node"
    code, report = inspect_json(v8_build, cwd=tmp_path)
    assert code == 1
    static = report["static"]
    assert static["loadable"] is False
    assert len(static["missing_other_symbols"]["V8"]) == 19
    assert static["verdict"].startswith("cannot load: needs 19 V8 symbol(s)")
    assert "V8" in report["load_error"]


def test_corpus_constants_with_values(corpus, tmp_path):
    code, report = inspect_json("tree-sitter", "--paths", corpus, cwd=tmp_path)
    assert code == 0
    children = {c["name"]: c for c in report["exports"]["children"]}
    assert children["LANGUAGE_VERSION"] == {"name": "LANGUAGE_VERSION", "kind": "constant",
                                            "value": "14.0"}
    assert children["nodeTransferArray"]["value"] == "Uint32Array(6)"
    query = {m["name"]: m["kind"] for m in children["Query"]["members"]}
    assert query["matchLimit"] == "accessor" and query["_captures"] == "method"
