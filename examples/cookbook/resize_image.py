"""Cookbook: resize an image with @napi-rs/image (docs/cookbook.rst).

    napi-python install @napi-rs/image@1.15.0
    python resize_image.py [input.png|jpg|webp] [output.webp]

Without arguments it makes a 640x480 gradient PNG first, so it runs anywhere.
"""

import asyncio
import sys

import napi_python

image = napi_python.require("@napi-rs/image")
Transformer = image.Transformer


def gradient_png(width: int, height: int) -> bytes:
    """A PNG made by the addon itself from raw RGBA pixels."""
    pixels = bytearray(width * height * 4)
    for y in range(height):
        for x in range(width):
            i = (y * width + x) * 4
            pixels[i:i + 4] = (x * 255 // width, y * 255 // height, 128, 255)
    # fromRgbaPixels(Uint8Array, width, height): bytes/bytearray are accepted as a
    # Uint8Array; pngSync() returns a napi_python.Buffer.
    return bytes(Transformer.fromRgbaPixels(pixels, width, height).pngSync())


async def main(src: str | None, dst: str | None) -> None:
    data = open(src, "rb").read() if src else gradient_png(640, 480)

    meta = Transformer(data).metadataSync()
    print(f"input: {meta.width}x{meta.height} {meta.format}, {len(data)} bytes")

    # resize() returns the transformer (`this`), so calls chain as in JS; the
    # encoders exist as Sync (blocking) and async (a Promise, run on the addon's
    # thread pool: await it and the event loop stays free).
    webp = await Transformer(data).resize(320).webp(80)
    print(f"webp:  {len(webp)} bytes, {webp!r}")

    out = Transformer(bytes(webp)).metadataSync()
    print(f"output: {out.width}x{out.height} {out.format}")
    assert (out.width, out.height, out.format) == (320, 240, "webp")

    if dst:
        with open(dst, "wb") as f:
            f.write(webp)   # a Buffer is a bytes-like object: no copy


if __name__ == "__main__":
    args: list[str | None] = [*sys.argv[1:], None, None]
    asyncio.run(main(args[0], args[1]))
