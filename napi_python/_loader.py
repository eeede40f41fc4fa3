"""Finding, checking and loading addon files, with clear errors when they cannot load."""

import ctypes
import errno
import os
import threading

from . import _core, _libuv
from ._core import AddonLoadError

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
            try:
                return _core.load(real, per_thread)
            except AddonLoadError as e:
                if "undefined symbol: uv_" not in str(e) or _libuv.started():
                    raise
                # The addon calls libuv: make uvloop's libuv global, then open it again
                # (the failed open ran none of its code).
                try:
                    _libuv.start()
                except ImportError as why:
                    raise AddonLoadError(f"{e}; it needs libuv functions: {why}",
                                         path=path) from None
                return _core.load(real, per_thread)
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


def dynamic_symbols(path):
    """What the ELF file at ``path`` links against: (the dynamic symbols it defines,
    those it needs from elsewhere as {name: strong}, its DT_NEEDED libraries)."""
    from elftools.elf.elffile import ELFFile
    from elftools.elf.sections import SymbolTableSection

    defined, undefined, needed = set(), {}, []
    with open(path, "rb") as f:
        elf = ELFFile(f)
        dynamic = elf.get_section_by_name(".dynamic")
        if dynamic is not None:
            needed = [t.needed for t in dynamic.iter_tags() if t.entry.d_tag == "DT_NEEDED"]
        for section in elf.iter_sections():
            if not isinstance(section, SymbolTableSection) or section.name != ".dynsym":
                continue
            for sym in section.iter_symbols():
                if not sym.name:
                    continue
                if sym["st_shndx"] == "SHN_UNDEF":
                    undefined[sym.name] = sym["st_info"]["bind"] == "STB_GLOBAL"
                else:
                    defined.add(sym.name)
    return defined, undefined, needed


# What a symbol an addon needs belongs to: (name prefixes, kind, what that means).
_SYMBOL_KINDS = (
    (("napi_", "node_api_"), "Node-API", "Node-API functions napi-python does not provide"),
    (("_ZN2v8", "_ZNK2v8"), "V8",
     "V8 internals (the addon uses NAN or the V8 API directly, not Node-API)"),
    (("_ZN4node", "_ZNK4node", "node_module_register"), "Node internals",
     "Node internals (the addon uses Node's C++ API, not Node-API)"),
    (("uv_",), "libuv",
     "libuv functions that uvloop's libuv, which napi-python uses, does not export"),
)


def symbol_kind(name):
    """(kind, what it means) of a symbol an addon needs; kind None for the others."""
    for prefixes, kind, meaning in _SYMBOL_KINDS:
        if name.startswith(prefixes):
            return kind, meaning
    return None, "other symbols"


def resolvable(names, path, needed):
    """The names that the process or the addon's own libraries (``needed``, looked
    up as the loader would and beside the addon) provide."""
    scopes = [ctypes.CDLL(None)]
    for lib in needed:
        for candidate in (lib, os.path.join(os.path.dirname(path), lib)):
            try:
                scopes.append(ctypes.CDLL(candidate, mode=os.RTLD_LAZY | os.RTLD_LOCAL))
                break
            except OSError:
                continue
    return {n for n in names if any(hasattr(scope, n) for scope in scopes)}


def describe_missing_symbols(path):
    """Why the addon at ``path`` cannot link: the symbols it needs that neither the
    process nor its own libraries provide, grouped by kind; '' if none are found."""
    try:
        _defined, undefined, needed = dynamic_symbols(path)
    except Exception:  # not an ELF we can read: let the loader's message stand
        return ""
    strong = [name for name, is_strong in undefined.items() if is_strong]
    found = resolvable(strong, path, needed)
    missing = {}
    for name in strong:
        if name not in found:
            missing.setdefault(symbol_kind(name)[1], []).append(name)
    parts = []
    for kind, syms in missing.items():
        shown = ", ".join(syms[:8]) + (f" and {len(syms) - 8} more" if len(syms) > 8 else "")
        parts.append(f"it needs {kind}: {shown}")
    return "; ".join(parts)
