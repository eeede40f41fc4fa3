"""libuv for addons that call ``uv_*`` functions (docs/guide.rst, "Addons that use
libuv").

napi-python takes libuv from uvloop: its extension module links libuv in and exports
libuv's functions. Before the first addon that needs them is opened, that module is
made global (RTLD_GLOBAL), so the addon's ``uv_*`` references resolve to it, and the
core runs that libuv's default loop (``uv_default_loop()``, which uvloop itself never
uses) as the loop ``napi_get_uv_event_loop`` returns: one copy of libuv behind the
loop, the addons and uvloop. The core drives it from the asyncio loop that delivers
async callbacks, or from ``Promise.result()`` / ``run_pending()`` (cxx/src/loop.cc).
"""

_version = None


class LibuvUnavailable(ImportError):
    """uvloop, which napi-python takes libuv from, cannot be imported."""


def libuv_module_path():
    """The path of the extension module that provides libuv (uvloop.loop); raises
    LibuvUnavailable when uvloop is not installed."""
    try:
        import uvloop.loop
    except ImportError as e:
        raise LibuvUnavailable(
            "napi-python takes libuv from uvloop, which cannot be imported "
            f"({e}); install it: pip install uvloop") from None
    return uvloop.loop.__file__


def start():
    """Makes libuv's functions available to addons and starts the loop (once);
    returns libuv's version string."""
    global _version
    if _version is None:
        from . import _core
        _version = _core.uv_init(libuv_module_path())
    return _version


def started():
    return _version is not None


def exported_functions():
    """The uv_* functions the libuv module exports (a set; empty without uvloop)."""
    try:
        path = libuv_module_path()
    except LibuvUnavailable:
        return set()
    from ._loader import dynamic_symbols
    defined, _undefined, _needed = dynamic_symbols(path)
    return {name for name in defined if name.startswith("uv_")}
