"""sharp 0.35.5 (node-addon-api, links libvips from @img/sharp-libvips-linux-x64
through its rpath): node-reference/sharp.js on the native ``pipeline``,
``metadata`` and ``stats``. Each takes the options object that sharp's JS builds
(dist/constructor.cjs: every attribute the native side reads must be there) and a
callback that async work calls back on the loop, under asyncio and uvloop."""

import asyncio

import pytest

from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon

sharp = corpus_addon("sharp")


def input_descriptor(**fields):
    """What sharp's _createInputDescriptor gives: fields plus the limits."""
    return {"failOn": "warning", "limitInputPixels": 0x3FFF * 0x3FFF,
            "limitInputChannels": 0, "ignoreIcc": False, "unlimited": False, "autoOrient": False,
            "sequentialRead": True, **fields}


def pipeline_options(input, **changes):
    """The options of a pipeline with nothing to do: sizes -1 (unset), neutral
    operations, PNG/JPEG/... output settings at their defaults."""
    options = {
        "input": input, "composite": [], "joinChannelIn": [], "withExif": {},
        "debuglog": lambda _warning: None, "queueListener": lambda _length: None,
        "canvas": "crop", "kernel": "lanczos3", "precision": "integer",
        "extendWith": "background", "colourspace": "srgb", "colourspacePipeline": "last",
        "affineInterpolator": "bilinear", "formatOut": "input", "fileOut": "",
        "withIccProfile": "", "withXmp": "", "rawDepth": "uchar",
        "jpegChromaSubsampling": "4:2:0", "jp2ChromaSubsampling": "4:4:4",
        "heifChromaSubsampling": "4:4:4", "heifCompression": "av1", "heifTune": "auto",
        "webpPreset": "default", "tiffCompression": "jpeg", "tiffPredictor": "horizontal",
        "tiffResolutionUnit": "inch", "tileContainer": "fs", "tileLayout": "dz",
        "tileFormat": "last", "tileDepth": "last", "tileId": "https://example.com/iiif",
        "tileBasename": "",
    }
    for name in ("topOffsetPre", "leftOffsetPre", "widthPre", "heightPre", "topOffsetPost",
                 "leftOffsetPost", "widthPost", "heightPost", "width", "height",
                 "extractChannel", "ensureAlpha", "trimThreshold", "tileSkipBlanks",
                 "withMetadataOrientation", "loop"):
        options[name] = -1
    for name in ("position", "angle", "rotationAngle", "extendTop", "extendBottom",
                 "extendLeft", "extendRight", "affineIdx", "affineIdy", "affineOdx",
                 "affineOdy", "medianSize", "blurSigma", "sharpenSigma", "threshold",
                 "trimMargin", "dilateWidth", "erodeWidth", "gamma", "gammaOut",
                 "claheWidth", "claheHeight", "hue", "lightness", "keepMetadata",
                 "withMetadataDensity", "jpegQuantisationTable", "gifInterFrameMaxError",
                 "jxlDecodingTier", "tiffBitdepth", "tileOverlap", "tileAngle",
                 "timeoutSeconds"):
        options[name] = 0
    for name in ("rotateBefore", "orientBefore", "flip", "flop", "withoutEnlargement",
                 "withoutReduction", "flatten", "unflatten", "negate", "trimLineArt",
                 "greyscale", "normalise", "removeAlpha", "streamOut", "typedArrayOut",
                 "keepGainMap", "withGainMap", "jpegProgressive", "jpegTrellisQuantisation",
                 "jpegOvershootDeringing", "jpegOptimiseScans", "pngProgressive",
                 "pngAdaptiveFiltering", "pngPalette", "jp2Lossless", "webpLossless",
                 "webpNearLossless", "webpSmartSubsample", "webpSmartDeblock", "webpMinSize",
                 "webpMixed", "webpExact", "gifKeepDuplicateFrames", "gifProgressive",
                 "tiffBigtiff", "tiffPyramid", "tiffMiniswhite", "tiffTile", "heifLossless",
                 "jxlLossless", "tileCentre"):
        options[name] = False
    for name in ("fastShrinkOnLoad", "negateAlpha", "thresholdGrayscale", "withExifMerge",
                 "jpegOptimiseCoding", "gifReuse"):
        options[name] = True
    options.update({
        "resizeBackground": [0, 0, 0, 255], "rotationBackground": [0, 0, 0, 255],
        "extendBackground": [0, 0, 0, 255], "affineBackground": [0, 0, 0, 255],
        "affineMatrix": [], "tint": [-1, 0, 0, 0], "flattenBackground": [0, 0, 0],
        "trimBackground": [], "linearA": [], "linearB": [], "delay": [],
        "tileBackground": [255, 255, 255, 255],
        "minAmpl": 0.2, "sharpenM1": 1, "sharpenM2": 2, "sharpenX1": 2, "sharpenY2": 10,
        "sharpenY3": 20, "normaliseLower": 1, "normaliseUpper": 99, "claheMaxSlope": 3,
        "brightness": 1, "saturation": 1,
        "jpegQuality": 80, "pngCompressionLevel": 6, "pngQuality": 100, "pngEffort": 7,
        "pngBitdepth": 8, "pngDither": 1, "jp2Quality": 80, "jp2TileHeight": 512,
        "jp2TileWidth": 512, "webpQuality": 80, "webpAlphaQuality": 100, "webpEffort": 4,
        "gifBitdepth": 8, "gifEffort": 7, "gifDither": 1, "gifInterPaletteMaxError": 3,
        "tiffQuality": 80, "tiffTileHeight": 256, "tiffTileWidth": 256, "tiffXres": 1.0,
        "tiffYres": 1.0, "heifQuality": 50, "heifEffort": 4, "heifBitdepth": 8,
        "jxlDistance": 1, "jxlEffort": 7, "tileSize": 256,
    })
    options.update(changes)
    return options


async def call(fn, options):
    """Calls a native function that reports through a node-style callback."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def callback(err, *results):
        if not done.done():
            if not err:   # null (napi_python.null) or undefined: success
                done.set_result(results)
            else:
                done.set_exception(err if isinstance(err, BaseException) else RuntimeError(err))

    fn(options, callback)
    return await done


RED = input_descriptor(createChannels=3, createWidth=8, createHeight=4, createPageHeight=0,
                       createBackground=[255, 0, 0])


async def red_png():
    data, info = await call(sharp.pipeline, pipeline_options(RED, formatOut="png"))
    return bytes(data)


def test_create_png(run):
    png = run(red_png())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_metadata(run):
    async def body():
        png = await red_png()
        (meta,) = await call(sharp.metadata, {"input": input_descriptor(buffer=png),
                                              "debuglog": lambda _w: None})
        return meta
    meta = run(body())
    assert (meta.width, meta.height, meta.format, meta.channels) == (8, 4, "png", 3)


def test_resize_to_raw_pixels(run):
    async def body():
        png = await red_png()
        options = pipeline_options(input_descriptor(buffer=png), width=2, height=2,
                                   formatOut="raw")
        return await call(sharp.pipeline, options)
    data, info = run(body())
    assert list(bytes(data)) == [255, 0, 0] * 4
    assert (info.width, info.height, info.channels) == (2, 2, 3)


def test_stats(run):
    async def body():
        png = await red_png()
        (stats,) = await call(sharp.stats, {"input": input_descriptor(buffer=png),
                                            "debuglog": lambda _w: None})
        return stats
    assert [c.mean for c in run(body()).channels] == [255, 0, 0]


def test_not_an_image(run):
    async def body():
        with pytest.raises(Exception) as info:
            await call(sharp.metadata, {"input": input_descriptor(buffer=b"not an image"),
                                        "debuglog": lambda _w: None})
        return info.value
    e = run(body())
    assert str(e) == "Input buffer contains unsupported image format"
