"""What an addon file links against (the dynamic symbol table of its ELF file, read
with pyelftools), and which of the symbols it needs nothing in the process provides:
the diagnosis of :class:`AddonLoadError`, ``inspect``'s report, and the ``uv_*``
functions uvloop's module exports; the system libraries that stand for the ones Node
links into its binary and exports to addons (zlib, Brotli, OpenSSL...)."""

import ctypes
import os
import re


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
     "libuv functions that neither uvloop's libuv, which napi-python uses, nor "
     "napi-python itself exports"),
)


def symbol_kind(name):
    """(kind, what it means) of a symbol an addon needs; kind None for the others."""
    for prefixes, kind, meaning in _SYMBOL_KINDS:
        if name.startswith(prefixes):
            return kind, meaning
    return None, "other symbols"


# The libraries Node 20 links into its own binary and whose functions it exports to
# addons, by the soname of the system library with the same interface: an addon built
# against Node may leave their symbols undefined (@ossiana/node-libcurl: zlib's and
# Brotli's). Made global one at a time, only when an addon's open fails on one of
# their symbols (docs/guide.rst, "When loading fails").
NODE_LIBRARIES = ("libz.so.1", "libbrotlicommon.so.1", "libbrotlidec.so.1",
                  "libbrotlienc.so.1", "libcrypto.so.3", "libssl.so.3",
                  "libnghttp2.so.14", "libcares.so.2")
_UNDEFINED = re.compile(r"undefined symbol: (\w+)")
_made_global = set()


def _node_library(soname, mode=os.RTLD_LOCAL):
    try:
        return ctypes.CDLL(soname, mode=os.RTLD_LAZY | mode)
    except OSError:  # not installed
        return None


def provide_node_library(message):
    """After an open that failed with ``message``: when the undefined symbol it names
    is defined by one of NODE_LIBRARIES, makes that library global (the addon can be
    opened again) and returns True."""
    m = _UNDEFINED.search(message)
    if m is None:
        return False
    for soname in NODE_LIBRARIES:
        if soname in _made_global:
            continue
        lib = _node_library(soname)
        if lib is not None and hasattr(lib, m.group(1)):
            _node_library(soname, os.RTLD_GLOBAL)  # the same library, now global
            _made_global.add(soname)
            return True
    return False


def resolvable(names, path, needed):
    """The names that the process, the addon's own libraries (``needed``, looked up
    as the loader would and beside the addon) or the system libraries standing for
    Node's own (NODE_LIBRARIES) provide."""
    scopes = [ctypes.CDLL(None)]
    scopes += [lib for lib in map(_node_library, NODE_LIBRARIES) if lib is not None]
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
