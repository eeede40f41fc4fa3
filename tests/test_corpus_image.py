"""@napi-rs/image 1.15.0 (napi-rs): image decoding, resizing and encoding on the
native exports of @napi-rs/image-linux-x64-gnu. The expected answers are Node's
(same binary). A row of bench/run.py resizes a PNG with it."""

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon

im = corpus_addon("@napi-rs/image")

PIXELS = bytes((i * 37) & 255 for i in range(4 * 4 * 4))   # 4x4 RGBA


def png():
    return im.Transformer.fromRgbaPixels(PIXELS, 4, 4).pngSync()


def test_png_from_raw_pixels():
    data = png()
    assert isinstance(data, napi_python.Buffer)
    assert bytes(data[:8]) == b"\x89PNG\r\n\x1a\n"
    assert len(data) == 136
    meta = im.Transformer(data).metadataSync()
    assert (meta["width"], meta["height"], meta["format"]) == (4, 4, "png")


def test_resize_nearest_raw_pixels():
    out = im.Transformer(png()).resize(2, 2, im.ResizeFilterType.Nearest).rawPixelsSync()
    assert bytes(out).hex() == "e4092e530c31567b84a9cef3acd1f61b"


def test_methods_chain_on_the_same_transformer():
    t = im.Transformer(png())
    assert t.resize(2) is t   # `this`: the same Python object
    assert im.Transformer(bytes(t.pngSync())).metadataSync()["width"] == 2


def test_async_encode(run):
    async def body():
        return await im.Transformer(png()).resize(2).png()
    out = run(body())
    assert isinstance(out, napi_python.Buffer) and len(out) == 83


def test_not_an_image_is_an_error():
    import pytest
    with pytest.raises(napi_python.JSError):
        im.Transformer(b"not an image").metadataSync()
