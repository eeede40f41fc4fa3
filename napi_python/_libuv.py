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

from ._symbols import dynamic_symbols

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


_exported = None


def exported_functions():
    """The uv_* functions the libuv module exports (a frozenset; empty without
    uvloop). uvloop links only the parts of libuv it uses: a few functions are
    missing (uv_handle_get_data and the other getters and setters, uv_dlopen,
    uv_random, uv_handle_type_name...); the core defines those
    (cxx/uv_exports.txt)."""
    global _exported
    if _exported is None:
        try:
            path = libuv_module_path()
        except LibuvUnavailable:
            return frozenset()
        defined, _undefined, _needed = dynamic_symbols(path)
        _exported = frozenset(name for name in defined if name.startswith("uv_"))
    return _exported


def run_uv_loop(timeout=None):
    """Runs the async callbacks of this thread, as :func:`run_pending` does, for as
    long as the libuv loop that addons use has referenced handles or requests (what
    keeps a Node process running: a timer, a socket, an open poll handle, queued
    work), or until ``timeout`` seconds pass (None: no limit). ``uv_unref``'d
    handles do not keep it going. Returns how many callbacks ran (each turn of the
    libuv loop counts as one); returns at once when no addon uses libuv."""
    import time
    from . import _core
    deadline = None if timeout is None else time.monotonic() + timeout
    total = _core.run_pending(0)
    while _core.uv_alive():
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            break
        total += _core.run_pending(0.1 if remaining is None else min(remaining, 0.1))
    return total


def provider():
    """Where addons' libuv comes from, for reports: "uvloop X (libuv Y)", or None
    when uvloop is not installed."""
    try:
        libuv_module_path()
        import uvloop
        import uvloop.loop
        v = uvloop.loop.libuv_get_version()
    except Exception:
        return None
    return f"uvloop {uvloop.__version__} (libuv {v >> 16}.{(v >> 8) & 0xff}.{v & 0xff})"
