"""Addons that call the libraries Node links into its binary and exports to addons
(zlib, Brotli, OpenSSL...), as @ossiana/node-libcurl does: the .node file leaves
their functions undefined for the process to provide. napi-python makes the system's
shared library global when a load fails on one of their symbols, and opens the addon
again (napi_python/_loader.py, docs/guide.rst)."""

import json
import subprocess
import sys

from conftest import build_test_addon, run_python

# Node 20's answers for tests/addons/node_libs: digest(text) is [crc32, adler32, the
# text through zlib's compress/uncompress, through Brotli, its SHA-256]
NODE_DIGESTS = {
    "hello": ["907060870", "103547413", "hello", "hello",
              "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"],
    "": ["0", "1", "", "",
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
}


def test_an_addon_calling_nodes_zlib_brotli_and_openssl_loads_and_answers_as_node():
    # in a fresh process: nothing has made those libraries global yet
    path = build_test_addon("node_libs")
    r = run_python(
        "import json, napi_python\n"
        f"a = napi_python.load_addon({str(path)!r})\n"
        f"print(json.dumps({{t: a.digest(t) for t in {list(NODE_DIGESTS)!r}}}))\n")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == NODE_DIGESTS


def test_inspect_finds_nothing_missing():
    path = build_test_addon("node_libs")
    r = subprocess.run([sys.executable, "-m", "napi_python", "inspect", "--no-load",
                        str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "cannot load" not in r.stdout and "loadable" in r.stdout, r.stdout
