"""napi-python: load Node-API native addons (``.node`` files) into CPython.

    >>> from napi_python import load_addon
    >>> addon = load_addon("build/Release/addon.node")
    >>> addon.add(1, 2)
    3

See the documentation (docs/) for the value mapping between Python and JS.
"""

import atexit as _atexit
import gc as _gc

try:
    from ._core import (
        AddonLoadError,
        ArrayBuffer,
        BigInt64Array,
        BigUint64Array,
        Buffer,
        DataView,
        Float16Array,
        Float32Array,
        Float64Array,
        Int8Array,
        Int16Array,
        Int32Array,
        TypedArray,
        Uint8Array,
        Uint8ClampedArray,
        Uint16Array,
        Uint32Array,
        BigInt,
        BoundFunction,
        ClassBase,
        ClassType,
        Date,
        External,
        Function,
        JSError,
        JSRangeError,
        JSSyntaxError,
        JSTypeError,
        NullType,
        Object,
        Promise,
        Symbol,
        null,
        run_pending,
        with_this,
    )
except ModuleNotFoundError as _e:
    if _e.name != __name__ + "._core":
        raise
    # the usual cause: Python started in a source checkout (python -m puts the current
    # directory first), whose napi_python/ shadows the installed, built one
    raise ImportError(
        f"napi_python is imported from {__path__[0]}, which has no compiled core "
        f"(napi_python._core): a source checkout that was not built. Build it there "
        f"with `make build` (an editable install into .venv), or start Python from "
        f"another directory so that the installed napi-python is imported") from None

from ._json import json_default
from ._abort import AbortController, AbortSignal
from ._loader import load_addon
from ._libuv import run_uv_loop
from ._require import AddonNotFoundError, require
from . import _globals, _core


def __getattr__(name):
    # install() and its types load on first use: the registry client (urllib, ssl,
    # tarfile, threads) costs import time that loading addons does not need; so does
    # __version__ (importlib.metadata, a third of a bare import's time)
    if name in ("install", "InstallError", "InstalledPackage"):
        from . import _install
        return getattr(_install, name)
    if name == "__version__":
        from ._version import __version__
        return __version__
    raise AttributeError(f"module 'napi_python' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {"install", "InstallError", "InstalledPackage", "__version__"})


_core.init(_globals.GLOBAL, _globals.PROTOTYPES)  # types, prototypes, promise functions
global_this = _globals.GLOBAL  # the object addons get from napi_get_global
_atexit.register(_core.teardown)
_gc.callbacks.append(_core.run_finalizers)

__all__ = [
    "AbortController",
    "AbortSignal",
    "AddonLoadError",
    "AddonNotFoundError",
    "ArrayBuffer",
    "BigInt64Array",
    "BigUint64Array",
    "Buffer",
    "DataView",
    "Float16Array",
    "Float32Array",
    "Float64Array",
    "Int8Array",
    "Int16Array",
    "Int32Array",
    "TypedArray",
    "Uint8Array",
    "Uint8ClampedArray",
    "Uint16Array",
    "Uint32Array",
    "BigInt",
    "BoundFunction",
    "ClassBase",
    "ClassType",
    "Date",
    "External",
    "Function",
    "InstallError",
    "InstalledPackage",
    "JSError",
    "JSRangeError",
    "JSSyntaxError",
    "JSTypeError",
    "NullType",
    "Object",
    "Promise",
    "Symbol",
    "install",
    "json_default",
    "load_addon",
    "global_this",
    "null",
    "require",
    "run_pending",
    "run_uv_loop",
    "with_this",
]
