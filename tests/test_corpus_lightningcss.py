"""lightningcss 1.33.0 (napi-rs): node-reference/lightningcss.js on the native
``transform`` / ``transformStyleAttribute`` (node/index.js only wraps them for
visitors). The addon creates a threadsafe function while it registers (napi-rs's
custom GC): it needs issue #4 to load."""

import functools

import pytest

import napi_python
from corpus.support import corpus_addon


@functools.lru_cache(maxsize=None)
def css():
    return corpus_addon("lightningcss")


def test_transform_minifies_for_targets():
    r = css().transform({"filename": "a.css",
                         "code": b".a { color: #ff0000; margin: 0px 0px; } .b{display:flex}",
                         "minify": True, "targets": {"chrome": 80 << 16}})
    assert bytes(r.code).decode() == ".a{color:red;margin:0}.b{display:flex}"
    assert len(r.warnings) == 0


def test_transform_style_attribute():
    r = css().transformStyleAttribute({"code": b"color: red; color: blue", "minify": True})
    assert bytes(r.code).decode() == "color:#00f"


def test_syntax_error():
    with pytest.raises(napi_python.JSError) as info:
        css().transform({"filename": "b.css", "code": b".a { color: }}}", "minify": True,
                         "errorRecovery": False})
    assert info.value.name == "SyntaxError"
    assert info.value.message == "Unexpected end of input"
