"""What an addon needs and what it exports: ``python -m napi_python inspect``.

Two parts:

* :func:`static_report` reads the ELF file without running it (pyelftools): how the
  addon registers, whether it declares a Node-API version, the napi functions it
  imports (or names, for addons that resolve them with ``dlsym``) and whether the
  core exports each, the other symbols it needs (libuv, V8, Node internals), and a
  verdict.
* :func:`export_tree` describes loaded exports: functions, classes with their
  methods, accessors and static members, nested objects, constants with values.
"""

import ctypes
import importlib.util
import os
import re

from . import _libuv
from ._json import _own_keys
from ._symbols import dynamic_symbols, resolvable, symbol_kind

__all__ = ["static_report", "export_tree", "core_functions", "node_api_functions",
           "render_text", "render_static_text", "render_load_text"]

_VERSION_SYMBOL = "node_api_module_get_api_version_v1"
_REGISTER_SYMBOL = "napi_register_module_v1"
# Addon-side entry points: they look like Node-API names but the addon defines them.
_ADDON_ENTRY_POINTS = {_VERSION_SYMBOL, _REGISTER_SYMBOL, "napi_module_register"}


def _core_library():
    # Beside the compiled _core (in an editable install that is site-packages, not
    # the source folder this file is in).
    spec = importlib.util.find_spec(__package__ + "._core")
    if spec is None or not spec.origin:
        return None
    here = os.path.dirname(spec.origin)
    for name in sorted(os.listdir(here)):
        if name.startswith("libnapi_python_core") and ".so" in name:
            return os.path.join(here, name)
    return None


_core_cache = None


def core_functions():
    """The Node-API functions the core library exports (its dynamic symbols; in a
    source checkout without a built library, cxx/exports.txt)."""
    global _core_cache
    if _core_cache is None:
        lib = _core_library()
        if lib is not None:
            defined, _, _ = dynamic_symbols(lib)
            names = {n for n in defined if n.startswith(("napi_", "node_api_"))}
        else:
            names = set()
            listing = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                   "cxx", "exports.txt")
            with open(listing, encoding="utf-8") as f:
                for line in f:
                    line = line.split("#", 1)[0].strip()
                    if line:
                        names.add(line)
        _core_cache = frozenset(names)
    return _core_cache


def core_uv_functions():
    """The libuv functions the core library defines itself (cxx/uv_exports.txt:
    those uvloop's libuv lacks, such as uv_random and uv_barrier_init, and
    uv_queue_work, which goes through uvloop's)."""
    lib = _core_library()
    if lib is None:
        return frozenset()
    defined, _, _ = dynamic_symbols(lib)
    return frozenset(n for n in defined if n.startswith("uv_"))


# Node-API functions newer than the core's exports (so an addon naming them is
# reported as needing them).
_NEWER_FUNCTIONS = frozenset({"node_api_create_object_with_properties",
                              "napi_create_object_with_properties"})


def node_api_functions():
    """Every Node-API function name known here: the core's exports and the newer
    ones it lacks. Other ``napi_*`` words in a binary (``napi_value``,
    ``napi_error``, a Rust crate's own helpers) are not functions."""
    return core_functions() | _NEWER_FUNCTIONS


_NAME_START = re.compile(rb"(?:napi|node_api)_[a-z]")


def _names_in_data(data, vocabulary):
    """Node-API function names in the bytes of a file. Rust stores string constants
    back to back without separators ("napi_get_undefinednapi_get_null"), so at each
    "napi_" the longest known name wins. Only names of ``vocabulary`` (the Node-API
    functions) count: "napi_value" in a message or a type name is no function."""
    found = set()
    by_length = sorted(vocabulary, key=len, reverse=True)
    for m in _NAME_START.finditer(data):
        start = m.start()
        word = next((w for w in by_length if data.startswith(w.encode(), start)), None)
        if word is not None:
            found.add(word)
    return found


def static_report(path):
    """What the ELF file at ``path`` needs, without running it (a dict)."""
    path = os.fspath(path)
    defined, undefined, needed = dynamic_symbols(path)
    core = core_functions()

    imported = sorted(n for n in undefined if n.startswith(("napi_", "node_api_"))
                      and n not in _ADDON_ENTRY_POINTS)
    uses_dlsym = "dlsym" in undefined
    if _REGISTER_SYMBOL in defined:
        registration = _REGISTER_SYMBOL
    elif "napi_module_register" in undefined:
        registration = "legacy static constructor (napi_module_register)"
    else:
        registration = "none found"
    if imported:
        binding = "imports"
    elif uses_dlsym:
        binding = "dlsym"
    else:
        binding = "none"
    style = registration
    if binding == "dlsym":
        style = f"dlsym ({registration}; resolves napi_* at load time)"

    resolved_by_name = []
    if binding == "dlsym":
        with open(path, "rb") as f:
            found = _names_in_data(f.read(), node_api_functions())
        resolved_by_name = sorted(found - _ADDON_ENTRY_POINTS - set(imported))

    needs = imported or resolved_by_name
    unsupported = [n for n in needs if n not in core]
    others = {}
    for name in sorted(undefined):
        kind = symbol_kind(name)[0]
        if kind not in (None, "Node-API"):
            others.setdefault(kind, []).append(name)
    missing_other = []
    for kind, names in others.items():
        required = [n for n in names if undefined[n]]
        found = resolvable(required, path, needed)
        if kind == "libuv":  # what uvloop's libuv exports (napi_python/_libuv.py)
            found |= _libuv.exported_functions()
        missing = sorted(set(required) - found)
        if missing:
            missing_other.append((kind, missing))

    if registration == "none found" and not needs:
        verdict = "not a Node-API addon (no napi_register_module_v1, no napi imports)"
        ok = False
    elif missing_other:
        parts = [f"{len(names)} {kind} symbol(s)" for kind, names in missing_other]
        what = " and ".join(parts)
        if any(kind == "V8" for kind, _ in missing_other):
            verdict = (f"cannot load: needs {what} (uses NAN or the V8 API, not only "
                       "Node-API; look for a Node-API build of it)")
        else:
            verdict = f"cannot load: needs {what} that napi-python does not provide"
            if "libuv" in others and _libuv.provider() is None:
                verdict += " (libuv comes from uvloop, which is not installed)"
        ok = False
    elif unsupported:
        where = "names" if binding == "dlsym" else "imports"
        verdict = (f"{where} {len(unsupported)} Node-API function(s) napi-python does "
                   f"not export: {', '.join(unsupported)}")
        ok = binding == "dlsym"  # a dlsym addon may not call every name it carries
    else:
        verdict = "loadable: every Node-API function it needs is exported by napi-python"
        ok = True

    return {
        "path": os.path.abspath(path),
        "registration": registration,
        "napi_binding": binding,
        "style": style,
        "declared_napi_version": ("declared (needs load)" if _VERSION_SYMBOL in defined
                                  else None),
        "napi_imports": [{"name": n, "supported": n in core} for n in imported],
        "napi_dlsym_names": [{"name": n, "supported": n in core} for n in resolved_by_name],
        "other_symbols": {kind: names for kind, names in others.items()},
        "missing_other_symbols": {kind: names for kind, names in missing_other},
        "libuv_provider": _libuv.provider() if "libuv" in others else None,
        "needed_libraries": list(needed),
        "verdict": verdict,
        "loadable": ok,
    }


def declared_version(path):
    """Calls the addon's node_api_module_get_api_version_v1 (the addon must already
    be loaded: dlopen then returns the same handle and runs no initialiser)."""
    lib = ctypes.CDLL(os.fspath(path), mode=os.RTLD_NOLOAD | os.RTLD_LAZY)
    fn = getattr(lib, _VERSION_SYMBOL)
    fn.restype = ctypes.c_int32
    fn.argtypes = []
    return int(fn())


# -- the exports tree ------------------------------------------------------------------

_MAX_DEPTH = 4
_MAX_ITEMS = 200


def _arity(fn):
    """Number of declared parameters, or None when unknown (native functions:
    Node-API functions have no declared length)."""
    length = None
    try:
        length = fn.length
    except Exception:
        pass
    if isinstance(length, int) and not isinstance(length, bool):
        return length
    import inspect
    import napi_python
    if isinstance(fn, napi_python.Function):
        return None
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    return sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def _short_repr(value, limit=60):
    import napi_python
    if isinstance(value, (napi_python.TypedArray, napi_python.ArrayBuffer,
                          napi_python.DataView)):
        length = getattr(value, "length", None)
        if length is None:
            length = getattr(value, "byte_length", None)
        return f"{type(value).__name__}({length})"
    if isinstance(value, napi_python.External):
        return "External"
    try:
        text = repr(value)
    except RecursionError:  # nested deeper than the interpreter's stack allows
        return f"{type(value).__name__} (nested too deep to show)"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _own_names(obj):
    """Enumerable keys, then the non-enumerable properties reachable by name."""
    keys = [k for k in _own_keys(obj) if isinstance(k, str)]
    hidden = []
    try:
        type_names = set(dir(type(obj)))
        own = set(dict.keys(obj)) if isinstance(obj, dict) else set()
        seen = set(keys)
        for name in dir(obj):
            # (a type's name counts when an own property hides it: an export `keys`)
            if name in seen or name.startswith("__") or (name in type_names and name not in own):
                continue
            seen.add(name)
            hidden.append(name)
    except Exception:
        pass
    return [(k, True) for k in keys] + [(k, False) for k in sorted(hidden)]


def _describe_class(name, cls):
    import napi_python
    members = []
    attributes = vars(cls).get("__napi_member_attributes__", {}) or {}
    for key, value in vars(cls).items():
        if key.startswith("__") or key == "_abc_impl":
            continue
        static = key not in attributes
        if type(value).__name__ == "StaticValue":  # a static data value, as the type holds it
            value = value.value
        if type(value).__name__ == "Accessor":
            kind = "static accessor" if static else "accessor"
            members.append({"name": key, "kind": kind})
        elif callable(value) and not isinstance(value, type):
            kind = "static method" if static else "method"
            members.append({"name": key, "kind": kind, "arity": _arity(value)})
        else:
            kind = "static" if static else "property"
            members.append({"name": key, "kind": kind, "value": _short_repr(value)})
    node = {"name": name, "kind": "class", "members": members}
    ctor = vars(cls).get("__napi_constructor__")
    if isinstance(ctor, napi_python.Function):
        node["arity"] = _arity(ctor)
    return node


def _describe(name, value, depth, seen, enumerable=True):
    import napi_python
    if isinstance(value, type) and issubclass(value, napi_python.ClassBase):
        node = _describe_class(name, value)
    elif callable(value) and not isinstance(value, (type, napi_python.Object)):
        node = {"name": name, "kind": "function", "arity": _arity(value)}
    elif isinstance(value, napi_python.Object) and not isinstance(value, napi_python.ClassBase):
        node = {"name": name, "kind": "object", "children": []}
        if id(value) in seen:
            node["kind"] = "object (seen above)"
        elif depth >= _MAX_DEPTH:
            node["kind"] = "object (not expanded)"
        else:
            seen.add(id(value))
            for key, is_enumerable in _own_names(value)[:_MAX_ITEMS]:
                try:
                    child = getattr(value, key) if not is_enumerable else value[key]
                except Exception as e:  # a throwing getter
                    child_node = {"name": key, "kind": "error", "value": str(e)}
                else:
                    child_node = _describe(key, child, depth + 1, seen, is_enumerable)
                node["children"].append(child_node)
    elif isinstance(value, napi_python.ClassBase):
        node = {"name": name, "kind": "instance", "value": type(value).__name__}
    else:
        node = {"name": name, "kind": "constant", "value": _short_repr(value)}
    if not enumerable:
        node["enumerable"] = False
    return node


def export_tree(exports):
    """The exports as a tree of dicts (name, kind, arity / value / members / children)."""
    return _describe("exports", exports, 0, set())


def _arity_text(arity):
    return "()" if arity is None else "(" + ", ".join(f"a{i}" for i in range(arity)) + ")"


def _tree_lines(node, prefix=""):
    lines = []
    kids = node.get("children") or node.get("members") or []
    for i, child in enumerate(kids):
        last = i == len(kids) - 1
        branch, cont = ("└── ", "    ") if last else ("├── ", "│   ")
        lines.append(prefix + branch + _node_text(child))
        if child.get("children") or child.get("members"):
            lines.extend(_tree_lines(child, prefix + cont))
    return lines


def _node_text(node):
    kind, name = node["kind"], node["name"]
    hidden = "" if node.get("enumerable", True) else "  (non-enumerable)"
    if kind == "function":
        text = f"function {name}{_arity_text(node.get('arity'))}"
    elif kind == "class":
        text = f"class {name}{_arity_text(node.get('arity'))}"
    elif kind in ("method", "static method"):
        text = f"{kind} {name}{_arity_text(node.get('arity'))}"
    elif kind in ("accessor", "static accessor"):
        text = f"{kind} {name}"
    elif kind.startswith("object"):
        text = f"{name}: {kind}"
    elif kind == "error":
        text = f"{name}: <getter threw: {node['value']}>"
    else:
        text = f"{'static ' if kind == 'static' else ''}{name} = {node.get('value')}"
    return text + hidden


def _wrapped(names, indent, width=96):
    lines, line = [], ""
    for name in names:
        piece = name if not line else " " + name
        if line and len(indent) + len(line) + len(piece) > width:
            lines.append(indent + line)
            line = name
        else:
            line += piece
    if line:
        lines.append(indent + line)
    return lines


def render_static_text(report):
    """The part of the human-readable report that needs no load (printed, and
    flushed, before the addon is loaded: a crash while loading leaves it)."""
    lines = [f"{report['path']}"]
    if report.get("package"):
        lines[0] = f"{report['package']}: {report['path']}"
    s = report["static"]
    lines.append(f"  registration:       {s['registration']}")
    binding = {"imports": "imports napi_* (dynamic linking)",
               "dlsym": "resolves napi_* with dlsym at load time",
               "none": "no napi_* functions"}[s["napi_binding"]]
    lines.append(f"  napi binding:       {binding}")
    version = s["declared_napi_version"]
    lines.append(f"  declared version:   {version if version is not None else 'none (defaults to 8)'}")
    funcs = s["napi_imports"] or s["napi_dlsym_names"]
    label = "imports" if s["napi_imports"] else "names (dlsym)"
    supported = sum(1 for f in funcs if f["supported"])
    missing = [f["name"] for f in funcs if not f["supported"]]
    state = ("all exported by napi-python" if not missing
             else f"{supported} exported by napi-python, {len(missing)} NOT")
    lines.append(f"  napi {label}: {len(funcs)}, {state}")
    lines.extend(_wrapped([f["name"] for f in funcs if f["supported"]], "    "))
    if missing:
        lines.append("    not exported by napi-python:")
        lines.extend(_wrapped(missing, "      "))
    for kind, names in s["other_symbols"].items():
        missing = set(s["missing_other_symbols"].get(kind, []))
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        state = f"{len(missing)} missing" if missing else "all provided"
        if kind == "libuv":
            by = s.get("libuv_provider") or "nobody: uvloop is not installed"
            ours = set(names) & core_uv_functions()  # uv_random...: defined by the core
            if not missing and ours == set(names):
                by = "napi-python"
            elif not missing and ours:
                by += " and napi-python"
            state += f" by {by}" if not missing else f" from {by}"
        lines.append(f"  {kind} symbols:  {len(names)} ({state}): {shown}")
        if missing and kind == "libuv":
            lines.append("    missing:")
            lines.extend(_wrapped(sorted(missing), "      "))
    lines.append(f"  verdict:            {s['verdict']}")
    return "\n".join(lines)


def render_load_text(report):
    """The part of the human-readable report that loading the addon gives: the
    declared version, the load error, or the exports tree ('' when not loaded)."""
    lines = []
    if isinstance(report.get("declared_napi_version"), int):
        lines.append(f"  declared version:   {report['declared_napi_version']} (read after loading)")
    if "load_error" in report:
        lines.append(f"  load:               FAILED: {report['load_error']}")
    if "exports" in report:
        lines.append("exports")
        lines.extend(_tree_lines(report["exports"]))
    return "\n".join(lines)


def render_text(report):
    """The human-readable form of an ``inspect`` report."""
    tail = render_load_text(report)
    return render_static_text(report) + ("\n" + tail if tail else "")
