"""@resvg/resvg-js 2.6.2 (napi-rs): node-reference/resvg__resvg-js.js on the native
``Resvg`` class (index.js passes the options as a JSON string) and
``renderAsync``. The addon creates a threadsafe function while it registers
(napi-rs's custom GC): it needs issue #4 to load."""

import functools
import json

import pytest

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
       '<rect width="10" height="10" fill="#ff0000"/></svg>')


@functools.lru_cache(maxsize=None)
def resvg():
    return corpus_addon("@resvg/resvg-js")


def test_render():
    r = resvg().Resvg(SVG, json.dumps({"background": "white"}))
    assert (r.width, r.height) == (20, 10)
    img = r.render()
    assert (img.width, img.height) == (20, 10)
    px = bytes(img.pixels)
    assert list(px[:4]) == [255, 0, 0, 255]
    assert list(px[-4:]) == [255, 255, 255, 255]
    assert bytes(img.asPng())[1:4] == b"PNG"
    assert dict(r.getBBox()) == {}


def test_render_async(run):
    async def body():
        return await resvg().renderAsync(SVG, None, None)
    assert run(body()).width == 20


def test_not_svg():
    with pytest.raises(napi_python.JSError) as info:
        resvg().Resvg("<notsvg", None)
    assert info.value.code == "GenericFailure"
    assert info.value.message == ("SVG data parsing failed cause the document does not "
                                  "have a root node")
