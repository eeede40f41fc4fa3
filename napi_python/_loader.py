"""Finding, checking and loading addon files, with clear errors when they cannot load."""

import errno
import os
import threading

from . import _core, _libuv
from ._core import AddonLoadError
from ._symbols import describe_missing_symbols, provide_node_library

# The one env per file most programs use: realpath -> exports, and the thread that
# loaded it (a strong reference: a Thread object is never reused).
_loaded = {}
_loaded_by = {}
# Module inits run one at a time (an RLock: an init may load another addon). napi-rs
# makes a second init wait, spinning with the GIL held, until the first finished.
_load_lock = threading.RLock()
_per_thread = threading.local()  # .envs: the calling thread's _ThreadEnvs


class _ThreadEnvs:
    """The envs load_addon(per_thread=True) made for one thread. The thread-local
    that holds it is cleared when the thread ends, on that thread: the envs' cleanup
    hooks run then (the main thread's at interpreter exit, with every env's)."""

    __slots__ = ("exports", "envs", "__weakref__")

    def __init__(self):
        self.exports = {}  # realpath -> exports
        self.envs = {}     # realpath -> env index, for the envs this thread ends

    def __del__(self):
        core = _core
        if core is None:  # interpreter shutdown: napi_python.teardown ran
            return
        for index in reversed(list(self.envs.values())):
            core.end_env(index)


def _thread_envs():
    mine = getattr(_per_thread, "envs", None)
    if mine is None:
        mine = _per_thread.envs = _ThreadEnvs()
    return mine


def load_addon(path, *, per_thread=False):
    """Loads the Node-API addon at ``path`` and returns its exports.

    Loading the same file again returns the same exports object. Raises
    FileNotFoundError when the file does not exist and AddonLoadError when it is not
    a loadable Node-API addon (the message says why, naming missing symbols).

    With ``per_thread=True``, the calling thread gets exports of its own, as a Node
    worker thread does: the first such call in a thread runs the module's init again
    on that thread, in a new env (own instance data, cleanup hooks and classes),
    and later calls in the thread return the same exports. The thread that made the
    ordinary load gets those. The env's cleanup hooks run when its thread ends.
    """
    path = os.fspath(path)
    real = os.path.realpath(path)
    if per_thread:
        exports = _thread_envs().exports.get(real)
        if exports is not None:
            return exports
        if _loaded_by.get(real) is threading.current_thread():
            exports = _thread_envs().exports[real] = _loaded[real]
            return exports
        # (No reference to this thread's _ThreadEnvs while loading: a traceback
        # must not keep it alive past the thread's end.)
        exports, index = _load(real, path, per_thread=True)
        mine = _thread_envs()
        mine.exports[real] = exports
        mine.envs[real] = index
        return exports
    exports = _loaded.get(real)
    if exports is not None:
        return exports
    with _load_lock:
        exports = _loaded.get(real)
        if exports is not None:
            return exports
        mine = getattr(_per_thread, "envs", None)
        if mine is not None and real in mine.exports:
            # This thread's own env becomes the shared one: it lives to the end.
            exports = mine.exports[real]
            index = mine.envs.pop(real, None)
            if index is not None:
                _core.share_env(index)
        else:
            mine = None
            exports, _index = _load(real, path)
        _loaded_by[real] = threading.current_thread()
        _loaded[real] = exports
    return exports


def _load(real, path, per_thread=False):
    """A new env for the addon at ``real``: (exports, env index)."""
    check_addon_file(real, path)
    with _load_lock:
        try:
            while True:  # each retry makes one more library global: it ends
                try:
                    return _core.load(real, per_thread)
                except AddonLoadError as e:
                    # A failed open ran none of the addon's code: it can be opened
                    # again once what it links against is in the global scope.
                    if "undefined symbol: uv_" in str(e) and not _libuv.started():
                        # the addon calls libuv: uvloop's libuv
                        try:
                            _libuv.start()
                        except ImportError as why:
                            raise AddonLoadError(f"{e}; it needs libuv functions: {why}",
                                                 path=path) from None
                    elif not provide_node_library(str(e)):
                        raise
        except AddonLoadError as e:
            # The dynamic loader's own words first (a missing library, "version
            # `GLIBCXX_3.4.31' not found"...), then what the symbol tables add.
            detail = describe_missing_symbols(real)
            message = f"{e}; {detail}" if detail else str(e)
            raise AddonLoadError(message, path=path) from None


def check_addon_file(real, path):
    """Raises FileNotFoundError, or AddonLoadError when the file at ``real`` (named
    ``path`` in messages) cannot be an addon: a directory, or not a shared library."""
    if not os.path.exists(real):
        raise FileNotFoundError(errno.ENOENT, "no such addon file", path)
    if os.path.isdir(real):
        raise AddonLoadError(f"{path} is a directory, not an addon file", path=path)
    with open(real, "rb") as f:
        magic = f.read(4)
    if magic != b"\x7fELF":
        raise AddonLoadError(
            f"{path} is not a shared library (no ELF header): a Node-API addon is a "
            "compiled .node file", path=path)
