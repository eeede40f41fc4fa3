"""Finding, checking and loading addon files, with clear errors when they cannot load."""

import ctypes
import errno
import os

from . import _core
from ._core import AddonLoadError

_loaded = {}  # realpath -> exports: loading the same file twice gives the same exports


def load_addon(path):
    """Loads the Node-API addon at ``path`` and returns its exports.

    Loading the same file again returns the same exports object. Raises
    FileNotFoundError when the file does not exist and AddonLoadError when it is not
    a loadable Node-API addon (the message says why, naming missing symbols).
    """
    path = os.fspath(path)
    real = os.path.realpath(path)
    exports = _loaded.get(real)
    if exports is not None:
        return exports
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
    try:
        exports = _core.load(real)
    except AddonLoadError as e:
        detail = describe_missing_symbols(real)
        if detail:
            raise AddonLoadError(f"cannot load {path}: {detail}", path=path) from None
        raise AddonLoadError(str(e), path=path) from None
    _loaded[real] = exports
    return exports


def undefined_symbols(path):
    """The dynamic symbols the ELF file at ``path`` needs from elsewhere (strong only)."""
    from elftools.elf.elffile import ELFFile
    from elftools.elf.sections import SymbolTableSection

    names = []
    with open(path, "rb") as f:
        elf = ELFFile(f)
        needed = []
        dynamic = elf.get_section_by_name(".dynamic")
        if dynamic is not None:
            needed = [t.needed for t in dynamic.iter_tags() if t.entry.d_tag == "DT_NEEDED"]
        for section in elf.iter_sections():
            if not isinstance(section, SymbolTableSection) or section.name != ".dynsym":
                continue
            for sym in section.iter_symbols():
                if (sym.name and sym["st_shndx"] == "SHN_UNDEF"
                        and sym["st_info"]["bind"] == "STB_GLOBAL"):
                    names.append(sym.name)
    return names, needed


def _classify(name):
    if name.startswith(("napi_", "node_api_")):
        return "Node-API functions napi-python does not provide"
    if name.startswith("_ZN2v8") or name.startswith("_ZNK2v8"):
        return "V8 internals (the addon uses NAN or the V8 API directly, not Node-API)"
    if name.startswith(("_ZN4node", "_ZNK4node", "node_module_register")):
        return "Node internals (the addon uses Node's C++ API, not Node-API)"
    if name.startswith("uv_"):
        return "libuv functions (napi-python has no libuv loop)"
    return "other symbols"


def describe_missing_symbols(path):
    """Why the addon at ``path`` cannot link: the symbols it needs that neither the
    process nor its own libraries provide, grouped by kind; '' if none are found."""
    try:
        names, needed = undefined_symbols(path)
    except Exception:  # not an ELF we can read: let the loader's message stand
        return ""
    scopes = [ctypes.CDLL(None)]
    search = [os.path.dirname(path)]
    for lib in needed:
        for candidate in [lib] + [os.path.join(d, lib) for d in search]:
            try:
                scopes.append(ctypes.CDLL(candidate, mode=os.RTLD_LAZY | os.RTLD_LOCAL))
                break
            except OSError:
                continue
    missing = {}
    for name in names:
        if not any(hasattr(scope, name) for scope in scopes):
            missing.setdefault(_classify(name), []).append(name)
    if not missing:
        return ""
    parts = []
    for kind, syms in missing.items():
        shown = ", ".join(syms[:8]) + (f" and {len(syms) - 8} more" if len(syms) > 8 else "")
        parts.append(f"it needs {kind}: {shown}")
    return "; ".join(parts)
