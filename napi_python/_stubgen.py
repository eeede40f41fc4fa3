"""Python types from a package's TypeScript declarations (docs/typing.rst).

* :func:`annotate_exports`, called by :func:`napi_python.require`, gives the native
  functions, classes, methods and accessors that the package's ``.d.ts`` declares a
  ``__signature__`` and a ``__doc__`` (its JSDoc text), for ``help()``,
  ``inspect.signature`` and editors.
* :func:`render_stub` writes a ``.pyi`` for the native exports (``_stubpkg.py``
  makes a typed package around it: ``python -m napi_python stubgen NAME``).

TypeScript types map to the Python objects napi-python passes and returns
(docs/values.rst): what an addon *returns* is typed as what Python receives
(``Buffer`` -> :class:`napi_python.Buffer`, ``Promise<T>`` ->
``napi_python.Promise[T]``), what it *takes* as what Python may pass (``Buffer`` ->
any buffer-protocol object, ``T[]`` -> ``Sequence[T]``, ``Promise<T>`` ->
``Awaitable[T]``). Whatever has no Python counterpart becomes ``Any``, with a
comment saying what it was.
"""

import inspect
import json
import keyword
import os
import re

from . import _dts

__all__ = ["find_declarations", "declarations_for", "render_stub", "annotate_exports"]


# -- where a package's declarations are ---------------------------------------------------

def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _types_of_exports(exports):
    """``types`` conditions in package.json ``exports`` (``"."`` entry)."""
    out = []
    if isinstance(exports, dict):
        entry = exports.get(".", exports)
        stack = [entry]
        while stack:
            e = stack.pop(0)
            if isinstance(e, dict):
                for k, v in e.items():
                    if k == "types" and isinstance(v, str):
                        out.append(v)
                    elif isinstance(v, (dict, list)):
                        stack.append(v)
            elif isinstance(e, list):
                stack.extend(e)
    return out


def find_declarations(pkg_dir):
    """The ``.d.ts`` files that describe the package at ``pkg_dir``, best first:
    those napi-rs generated (they describe the native binding itself), then the one
    package.json names (``types``, ``typings``, ``exports``), then the one beside
    ``main``, then ``index.d.ts``."""
    meta = _read_json(os.path.join(pkg_dir, "package.json"))
    named = []
    for key in ("types", "typings"):
        if isinstance(meta.get(key), str):
            named.append(meta[key])
    named += _types_of_exports(meta.get("exports"))
    main = meta.get("main")
    if isinstance(main, str):
        named.append(re.sub(r"\.(c|m)?js$", "", main))
    named.append("index")
    found = []
    for spec in named:
        path = _dts.resolve_relative(pkg_dir, "./" + spec.lstrip("./") if not
                                     spec.startswith(".") else spec)
        if path and path not in found:
            found.append(path)
    generated = _generated_files(pkg_dir)
    return generated + [p for p in found if p not in generated]


def _generated_files(pkg_dir):
    """The ``.d.ts`` files at the top of the package that napi-rs generated."""
    generated = []
    try:
        names = sorted(os.listdir(pkg_dir))
    except OSError:
        names = []
    for n in names:
        if n.endswith(".d.ts"):
            p = os.path.join(pkg_dir, n)
            try:
                with open(p, encoding="utf-8", errors="replace") as f:
                    head = f.read(400)
            except OSError:
                continue
            if _dts.NAPI_RS_MARKER in head:
                generated.append(p)
    return generated


class Declarations:
    """The merged exported declarations of a package: ``decls`` name -> [Decl];
    ``files`` the files read; ``napi_rs`` whether they come from napi-rs (and so
    describe the native exports exactly)."""

    def __init__(self, decls, files, napi_rs):
        self.decls, self.files, self.napi_rs = decls, files, napi_rs


def declarations_for(pkg_dir, package_name=None, follow=True, max_size=None):
    """:class:`Declarations` of the package at ``pkg_dir``, or None if it ships none.
    ``follow``: also read the files that ``export * from`` names; ``max_size``:
    skip hand-written files larger than that many bytes (napi-rs ones are read
    whatever their size)."""
    files = find_declarations(pkg_dir)
    if not files:
        return None
    generated = _generated_files(pkg_dir)
    decls = {}
    used = []
    napi_rs = False
    for path in files:
        if max_size is not None and path not in generated:
            try:
                if os.path.getsize(path) > max_size:
                    continue
            except OSError:
                continue
        mod = _dts.parse_file(path, follow)
        if mod is None:
            continue
        if package_name and package_name in mod.modules:
            view = mod.modules[package_name].exports()
        elif not mod.decls and len(mod.modules) == 1:
            view = next(iter(mod.modules.values())).exports()
        else:
            view = mod.exports()
        if not view:
            continue
        if used and not mod.napi_rs and path not in generated:
            break        # one hand-written file is enough (index.d.mts / index.d.cts)
        used.append(path)
        napi_rs = napi_rs or mod.napi_rs
        for name, ds in view.items():
            decls.setdefault(name, list(ds))
        # types the file declares without exporting them (`declare type FilePath =
        # string` beside `export = Namespace`) are still what its types refer to
        for name, ds in mod.decls.items():
            if name not in decls:
                types = [d for d in ds if d.kind in ("interface", "type", "enum")]
                if types:
                    decls[name] = types
    if not used:
        return None
    return Declarations(decls, used, napi_rs)


# -- TypeScript types -> Python type expressions ------------------------------------------

_PRIMITIVES = {
    "string": "str", "String": "str", "boolean": "bool", "Boolean": "bool",
    "number": "float", "Number": "float",
    "bigint": "_napi.BigInt", "BigInt": "_napi.BigInt",
    "symbol": "_napi.Symbol", "Symbol": "_napi.Symbol",
    "undefined": "None", "void": "None", "null": "None",
    "never": "_t.NoReturn", "any": "_t.Any", "unknown": "_t.Any", "object": "_t.Any",
    "Object": "_t.Any", "Date": "_dt.datetime", "Error": "BaseException",
    "TypeError": "BaseException", "RangeError": "BaseException",
    "ArrayBuffer": "_napi.ArrayBuffer", "SharedArrayBuffer": "_napi.ArrayBuffer",
    "DataView": "_napi.DataView", "External": "_napi.External",
}
_TYPED_ARRAYS = {"Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
                 "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array",
                 "BigInt64Array", "BigUint64Array"}
_PASSTHROUGH = {"Partial", "Readonly", "Required", "NonNullable", "Awaited"}


class _Scope:
    """Names a type reference can resolve to: ``names`` local name -> Python
    expression, and type parameters (-> Any)."""

    def __init__(self, names, parent=None, type_params=()):
        self.names, self.parent, self.type_params = names, parent, set(type_params)

    def lookup(self, name):
        s = self
        while s is not None:
            if name in s.type_params:
                return "_t.Any"
            if name in s.names:
                return s.names[name]
            s = s.parent
        return None

    def child(self, type_params=(), names=None):
        return _Scope(names or {}, self, type_params)


_BUILTINS = {"str", "bool", "float", "list", "dict", "tuple", "object", "BaseException"}


class _Mapper:
    """Maps types; remembers what it could not map (``notes``)."""

    # builtins that the stub being written hides with an export of the same name
    # (sharp exports `bool`): spelled builtins.X there
    shadowed = frozenset()

    def b(self, expr):
        if not self.shadowed:
            return expr
        return re.sub(r"(?<![\w.])(" + "|".join(sorted(self.shadowed)) + r")(?![\w])",
                      r"_builtins.\1", expr)

    hoister = None   # set while a stub is written: object type literals -> TypedDicts

    def __init__(self, self_name=None, ts_names=False, context=()):
        self.base = list(context)      # where the type is: names a hoisted TypedDict
        self.context = list(context)
        self.notes = []
        self.compare_only = False      # (overload comparison: writes nothing)
        self.self_name = self_name
        self.ts_names = ts_names    # show what is not mapped by its TypeScript text

    def note(self, text):
        text = " ".join(text.split())
        if self.ts_names:
            return text
        if len(text) > 60:
            text = text[:57] + "..."
        if text not in self.notes:
            self.notes.append(text)
        return "_t.Any"

    def map(self, t, scope, out):
        """Python type expression for TypeScript type ``t``; ``out``: a value the
        addon produces (True) or one Python passes in (False)."""
        return self.b(self._map(t, scope, out)) if self.shadowed else self._map(t, scope, out)

    def _map(self, t, scope, out):
        if isinstance(t, _dts.Named):
            return self.named(t, scope, out)
        if isinstance(t, _dts.Union):
            return self.union(t.items, scope, out)
        if isinstance(t, _dts.Literal):
            v = t.value
            if isinstance(v, bool) or isinstance(v, (str, int)):
                return f"_t.Literal[{v!r}]"
            return "float"
        if isinstance(t, _dts.ArrayOf):
            item = self.map(t.item, scope, out)
            return f"list[{item}]" if out else f"_abc.Sequence[{item}]"
        if isinstance(t, _dts.TupleOf):
            items = [self.map(i, scope, out) for i in t.items]
            if out:
                return f"list[{_join_union(items) if items else '_t.Any'}]"
            return f"tuple[{', '.join(items)}]" if items else "tuple[()]"
        if isinstance(t, _dts.FuncType):
            return self.callable(t.params, t.returns, scope, out)
        if isinstance(t, _dts.ObjectType):
            if t.members:
                if self.compare_only:
                    return f"_obj{id(t)}"
                if self.hoister is not None:
                    return self.hoister(t, scope, out, self.context)
                return self.note("{...}")
            if t.index is not None:
                v = self.map(t.index, scope, out)
                return f"dict[str, {v}]" if out else f"_abc.Mapping[str, {v}]"
            return "dict[str, _t.Any]"
        if isinstance(t, _dts.Intersection):
            return self.note(" & ".join(_ts_text(i) for i in t.items))
        if isinstance(t, _dts.Opaque):
            return self.note(t.text)
        return self.note(repr(t))

    def callable(self, params, returns, scope, out):
        # A callback the addon hands out takes what Python passes (in) and returns
        # what Python receives (out); one Python passes in is the other way round.
        if any(p.rest for p in params):
            args = "..."
        else:
            args = "[" + ", ".join(self.map(p.type, scope, not out) for p in params) + "]"
        ret = self.map(returns, scope, out)
        if not out and ret == "None":
            ret = self.b("object")  # a Python callback may return anything where JS ignores it
        return f"_abc.Callable[{args}, {ret}]"

    def union(self, items, scope, out):
        parts = []
        literals = []
        none = False
        for it in items:
            if isinstance(it, _dts.Named) and it.name in ("null", "undefined", "void"):
                none = True
                continue
            if isinstance(it, _dts.Literal) and not isinstance(it.value, float):
                literals.append(repr(it.value))
                continue
            parts.append(self.map(it, scope, out))
        if literals:
            parts.insert(0, f"_t.Literal[{', '.join(literals)}]")
        if none:
            parts.append("None")
        return _join_union(parts)

    def named(self, t, scope, out):
        name, args = t.name, t.args
        local = scope.lookup(name)
        if local is not None:
            return local
        if name == "this":
            return "_te.Self" if self.self_name else "_t.Any"
        if name in _PRIMITIVES:
            return _PRIMITIVES[name]
        if name == "Buffer" or name in _TYPED_ARRAYS or name == "ArrayBufferView" \
                or name == "NodeJS.TypedArray" or name == "TypedArray":
            if not out:
                return "_te.Buffer"
            if name in ("ArrayBufferView", "NodeJS.TypedArray", "TypedArray"):
                return "_napi.TypedArray"
            return f"_napi.{name}"
        if name in ("Promise", "PromiseLike"):
            inner = self.map(args[0], scope, out) if args else "_t.Any"
            return f"_napi.Promise[{inner}]" if out else f"_abc.Awaitable[{inner}]"
        if name == "Record" and len(args) == 2:
            v = self.map(args[1], scope, out)
            return f"dict[str, {v}]" if out else f"_abc.Mapping[str, {v}]"
        if name in _PASSTHROUGH and len(args) == 1:
            return self.map(args[0], scope, out)
        if name == "Function" or name == "CallableFunction":
            return "_abc.Callable[..., _t.Any]"
        if name in ("Iterable", "Iterator", "AsyncIterable", "IterableIterator"):
            return self.note(_ts_text(t))
        return self.note(_ts_text(t))


def _split_union(expr):
    """``"a | b[c | d]"`` -> ``["a", "b[c | d]"]``."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(expr):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(expr[start:i].strip())
            start = i + 1
    out.append(expr[start:].strip())
    return out


def _join_union(parts):
    seen = []
    for part in parts:
        for p in _split_union(part):
            if p not in seen:
                seen.append(p)
    if "_t.Any" in seen:
        return "_t.Any"
    if not seen:
        return "None"
    return " | ".join(seen)


def _ts_text(t):
    """A short TypeScript spelling of a type (for comments)."""
    if isinstance(t, _dts.Named):
        if t.args:
            return f"{t.name}<{', '.join(_ts_text(a) for a in t.args)}>"
        return t.name
    if isinstance(t, _dts.Union):
        return " | ".join(_ts_text(i) for i in t.items)
    if isinstance(t, _dts.Intersection):
        return " & ".join(_ts_text(i) for i in t.items)
    if isinstance(t, _dts.Literal):
        return json.dumps(t.value)
    if isinstance(t, _dts.ArrayOf):
        return _ts_text(t.item) + "[]"
    if isinstance(t, _dts.TupleOf):
        return "[" + ", ".join(_ts_text(i) for i in t.items) + "]"
    if isinstance(t, _dts.FuncType):
        return "(" + ", ".join(p.name for p in t.params) + ") => " + _ts_text(t.returns)
    if isinstance(t, _dts.ObjectType):
        return "{...}"
    if isinstance(t, _dts.Opaque):
        return t.text
    return "?"


def _py_name(name):
    """A usable Python identifier for a JS name, or None."""
    if not name.isidentifier():
        return None
    if keyword.iskeyword(name) or name in ("None", "True", "False"):
        return None
    return name


def _param_name(name, used):
    n = name if name.isidentifier() else re.sub(r"\W", "_", name) or "arg"
    if keyword.iskeyword(n) or n in ("None", "True", "False", "self"):
        n += "_"
    base = n
    k = 2
    while n in used:
        n = f"{base}{k}"
        k += 1
    used.add(n)
    return n


# -- rendering a stub ----------------------------------------------------------------------

_HEADER = '''\
# Types of the native exports of {what}, from its TypeScript declarations
# ({files}). Written by `python -m napi_python stubgen`; see docs/typing.rst.
# Numbers are `float` (an int is one for type checkers); `Any` marks what has no
# Python type, with a comment saying what it was.
'''
_IMPORTS = [("_abc", "import collections.abc as _abc"), ("_dt", "import datetime as _dt"),
            ("_enum", "import enum as _enum"), ("_t", "import typing as _t"),
            ("_builtins", "import builtins as _builtins"),
            ("_te", "\nimport typing_extensions as _te"), ("_napi", "\nimport napi_python as _napi")]


class _Writer:
    def __init__(self):
        self.lines = []

    def add(self, indent, text=""):
        self.lines.append(("    " * indent + text) if text else "")

    def doc(self, indent, doc):
        if not doc:
            return
        doc = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        if "\n" in doc:
            self.add(indent, '"""' + doc.split("\n", 1)[0])
            for line in doc.split("\n")[1:]:
                self.add(indent, line)
            self.add(indent, '"""')
        else:
            self.add(indent, f'"""{doc}"""')


def _walk(t, out, acc):
    """Adds (name, out) for every type name in ``t``."""
    if isinstance(t, _dts.Named):
        acc.add((t.name, out))
        for a in t.args:
            _walk(a, out, acc)
    elif isinstance(t, (_dts.Union, _dts.Intersection, _dts.TupleOf)):
        for i in t.items:
            _walk(i, out, acc)
    elif isinstance(t, _dts.ArrayOf):
        _walk(t.item, out, acc)
    elif isinstance(t, _dts.FuncType):
        for p in t.params:
            _walk(p.type, not out, acc)
        _walk(t.returns, out, acc)
    elif isinstance(t, _dts.ObjectType):
        for m in t.members:
            _walk_member(m, out, acc)
        if t.index is not None:
            _walk(t.index, out, acc)


def _walk_member(m, out, acc):
    if m.kind in ("method", "constructor"):
        for p in m.params:
            _walk(p.type, not out, acc)
        if m.type is not None:
            _walk(m.type, out, acc)
    elif m.kind == "set":
        _walk(m.type, not out, acc)
    elif m.type is not None:
        _walk(m.type, out, acc)


def _directions(decls):
    """Names of interfaces and aliases used only as input (passed by Python)."""
    acc = set()

    def seed(ds_map, prefix):
        for name, ds in ds_map.items():
            for d in ds:
                if isinstance(d, _dts.Function):
                    for p in d.params:
                        _walk(p.type, False, acc)
                    _walk(d.returns, True, acc)
                elif isinstance(d, _dts.Class):
                    for m in d.members:
                        _walk_member(m, False if m.kind == "constructor" else True, acc)
                elif isinstance(d, _dts.Variable):
                    _walk(d.type, True, acc)
                elif isinstance(d, _dts.Namespace):
                    seed(d.module.exports(), prefix + name + ".")
    seed(decls, "")
    # through interfaces and aliases
    types = {}
    for name, ds in decls.items():
        for d in ds:
            if isinstance(d, (_dts.Interface, _dts.TypeAlias)):
                types.setdefault(name, d)
    done = set()
    todo = list(acc)
    while todo:
        item = todo.pop()
        if item in done:
            continue
        done.add(item)
        d = types.get(item[0])
        if d is None:
            continue
        sub = set()
        if isinstance(d, _dts.Interface):
            for m in d.members:
                _walk_member(m, item[1], sub)
            for e in d.extends:
                _walk(e, item[1], sub)
        else:
            _walk(d.type, item[1], sub)
        todo.extend(sub - done)
    ins = {n for n, o in done if not o}
    outs = {n for n, o in done if o}
    return ins - outs


class _StubRenderer:
    def __init__(self, decls):
        self.decls = decls
        self.w = _Writer()
        self.input_only = _directions(decls.decls)
        self.aliases = {}
        self.hoisted = {}        # (id of an object type literal, out) -> its TypedDict's name
        self.hoisted_lines = []
        self.top_names = set()

    def hoist(self, t, scope, out, context):
        """Writes an object type literal as a TypedDict (a Protocol if it has methods)
        of its own, named after where it is; returns the name."""
        key = (id(t), out)
        if key in self.hoisted:
            return self.hoisted[key]
        base = "_" + "_".join(re.sub(r"\W", "_", c) for c in context if c) if context \
            else "_Object"
        name, k = base, 2
        while name in self.top_names:
            name, k = f"{base}{k}", k + 1
        self.top_names.add(name)
        self.hoisted[key] = name
        saved, self.w = self.w, _Writer()
        try:
            if any(m.kind in ("method", "get", "set", "constructor") for m in t.members):
                self.klass(_dts.Class(name, t.members), name, scope, 0, protocol=True)
            else:
                self.typed_dict(name, t.members, t.index, (), None, scope, 0, scope, out=out)
            self.hoisted_lines.extend(self.w.lines)
        finally:
            self.w = saved
        return name

    # scopes: names declared in a module/namespace -> their Python spelling
    def unshadow(self, member_names, scope):
        """In a class body a member named like a module-level type hides it: such
        types are referred to by an alias (written at the end of the stub)."""
        names = {}
        for n in member_names:
            target = scope.lookup(n)
            if target is not None and "." not in target and target != "_t.Any":
                alias = f"_{target}_"
                names[n] = alias
                self.aliases[alias] = target
        return names

    @staticmethod
    def scope_for(decls, prefix, parent=None, exports=None):
        """Type names: classes, interfaces, aliases and enums (and ``ns.Name`` in
        namespaces that exist)."""
        names = {}
        for name, ds in decls.items():
            py = _py_name(name)
            if py is None:
                continue
            if any(d.kind in ("class", "interface", "type", "enum") for d in ds):
                names[name] = prefix + py
            for d in ds:
                if isinstance(d, _dts.Namespace) and (exports is None or name in exports):
                    sub = _StubRenderer.scope_for(d.module.exports(), prefix + py + ".")
                    for k, v in sub.names.items():
                        names[f"{name}.{k}"] = v
        return _Scope(names, parent)

    def render(self, what, exports=None):
        w = self.w
        scope = self.scope_for(self.decls.decls, "", exports=exports)
        top = set(self.decls.decls) | set(exports or ())
        _Mapper.shadowed = frozenset(_BUILTINS & top)
        _Mapper.hoister = self.hoist
        self.top_names = {_py_name(n) for n in top} - {None}
        try:
            self.body(self.decls.decls, scope, 0, exports)
        finally:
            _Mapper.shadowed = frozenset()
            _Mapper.hoister = None
        if self.hoisted_lines:
            w.add(0, "# object types written inline in the declarations")
            w.lines.extend(self.hoisted_lines)
        if self.aliases:
            w.add(0, "# module-level types that a class member of the same name hides")
            for alias, target in self.aliases.items():
                w.add(0, f"{alias}: _te.TypeAlias = {target}")
        files = ", ".join(os.path.basename(f) for f in self.decls.files) or "none"
        header = _HEADER.format(what=what, files=files)
        body = "\n".join(w.lines).rstrip() + "\n"
        used = set(re.findall(r"\b(_[a-z]+)\.", body))
        imports = "\n".join(line for alias, line in _IMPORTS if alias in used)
        return header + imports.lstrip("\n") + "\n\n" + body

    def body(self, decls, scope, indent, exports=None, in_class=False):
        """Declarations of a module (top) or namespace (rendered as a class body)."""
        w = self.w
        start = len(w.lines)
        names = list(decls)
        if exports is not None:
            for n in exports:
                if n not in decls:
                    names.append(n)
        for name in names:
            ds = decls.get(name, [])
            py = _py_name(name)
            runtime = None
            if exports is not None:
                runtime = exports.get(name, _MISSING)
            if py is None:
                if any(d.kind not in ("interface", "type") for d in ds) or ds == []:
                    w.add(indent, f"# {name!r}: not a Python identifier")
                continue
            values = [d for d in ds if d.kind in ("function", "class", "enum", "namespace",
                                                  "variable")]
            types = [d for d in ds if d.kind in ("interface", "type")]
            if values:
                if runtime is _MISSING:
                    first = values[0]
                    if isinstance(first, _dts.Class):
                        # a type of values the addon returns, not a constructor to call
                        w.add(indent, f"# {name}: declared, but not among the native "
                                      "exports: a type only")
                        self.klass(first, py, scope, indent, protocol=True)
                    elif isinstance(first, _dts.Enum):
                        # a const enum: JS inlines its values, so nothing exists at run
                        # time to read them from; the name stays a type (its values')
                        values = [v for _, v, _ in first.members]
                        if values and all(isinstance(v, int) and not isinstance(v, bool)
                                          for v in values):
                            typ = _Mapper().b("int")
                        elif values and all(isinstance(v, str) for v in values):
                            typ = _Mapper().b("str")
                        else:
                            typ = "_t.Any"
                        w.add(indent, f"# {name}: an enum declared, but not among the native "
                                      "exports (its values are inlined by JS): a type only")
                        w.add(indent, f"{py}: _te.TypeAlias = {typ}")
                    else:
                        w.add(indent, f"# {name}: declared, but not among the native exports")
                        if types:
                            self.type_decl(types[0], py, scope, indent)
                    continue
                ok = self.value_decls(values, py, scope, indent, runtime, in_class)
                if not ok:
                    types = types[:1]
            elif types:
                self.type_decl(types[0], py, scope, indent)
            elif exports is not None:
                kind = _runtime_kind(runtime)
                w.add(indent, f"{py}: _t.Any  # {kind}, not in the package's declarations")
        if in_class and not self.has_code(start):
            w.add(indent, "pass")

    def has_code(self, start):
        """Whether the lines written since ``start`` hold more than comments."""
        return any(line.strip() and not line.strip().startswith("#")
                   for line in self.w.lines[start:])

    def value_decls(self, ds, py, scope, indent, runtime, in_class):
        w = self.w
        first = ds[0]
        kind = _runtime_kind(runtime) if runtime is not None else None
        if isinstance(first, _dts.Function):
            if kind not in (None, "function"):
                w.add(indent, f"{py}: _t.Any  # a {kind}; the declarations say a function")
                return False
            fns = _reachable_overloads([d for d in ds if isinstance(d, _dts.Function)], scope)
            for f in fns:
                if len(fns) > 1:
                    w.add(indent, "@_t.overload")
                if in_class:
                    w.add(indent, "@staticmethod")
                self.function(f.name, py, f.params, f.returns, f.doc, scope.child(f.type_params),
                              indent, method=False)
            return True
        if isinstance(first, _dts.Class):
            if kind not in (None, "class"):
                w.add(indent, f"{py}: _t.Any  # a {kind}; the declarations say a class")
                return False
            self.klass(first, py, scope, indent)
            return True
        if isinstance(first, _dts.Enum):
            self.enum(first, py, indent)
            return True
        if isinstance(first, _dts.Namespace):
            sub = runtime if kind == "object" else None
            inner = self.scope_for(first.module.exports(), "", scope)
            # names inside resolve to the qualified spelling from module level
            qual = scope.lookup(first.name) or py
            inner.names = {k: f"{qual}.{v}" for k, v in inner.names.items()}
            w.add(indent, f"class {py}:")
            w.doc(indent + 1, first.doc or "A namespace of the exports (a JS object).")
            self.body(first.module.exports(), inner, indent + 1,
                      exports=_object_items(sub), in_class=True)
            w.add(0)
            return True
        if isinstance(first, _dts.Variable):
            if kind in ("function", "class"):
                w.add(indent, f"{py}: _t.Any  # a {kind}; the declarations say a value")
                return False
            m = _Mapper(context=[py])
            typ = m.map(first.type, scope, True)
            cv = f"_t.ClassVar[{typ}]" if in_class else typ
            w.add(indent, f"{py}: {cv}" + _comment(m.notes))
            return True
        return False

    def function(self, js_name, py, params, returns, doc, scope, indent, method,
                 self_name=None, static=False):
        m = _Mapper(self_name, context=[self_name, py] if self_name else [py])
        sig = _param_list(params, scope, m, method and not static)
        m.context = m.base + ["result"]
        ret = "None" if js_name == "constructor" else m.map(returns, scope, True)
        w = self.w
        if doc:
            w.add(indent, f"def {py}({sig}) -> {ret}:" + _comment(m.notes))
            w.doc(indent + 1, doc)
            w.add(indent + 1, "...")
        else:
            w.add(indent, f"def {py}({sig}) -> {ret}: ..." + _comment(m.notes))

    def klass(self, c, py, scope, indent, protocol=False):
        w = self.w
        bases = "(_t.Protocol)" if protocol else ""
        if c.extends is not None and isinstance(c.extends, _dts.Named):
            b = scope.lookup(c.extends.name)
            d = self.decls.decls.get(c.extends.name)
            if b and d and any(isinstance(x, _dts.Class) for x in d):
                bases = f"({b})"
        w.add(indent, f"class {py}{bases}:")
        w.doc(indent + 1, c.doc)
        start = len(w.lines)
        cscope = scope.child(c.type_params, names=self.unshadow(
            {m.name for m in c.members}, scope))
        by_name = {}
        for mem in c.members:
            by_name.setdefault((mem.name, mem.static), []).append(mem)
        done = set()
        for mem in c.members:
            key = (mem.name, mem.static)
            if key in done:
                continue
            done.add(key)
            group = by_name[key]
            self.member(group, cscope, indent + 1, py)
        if not c.doc and not self.has_code(start):
            w.add(indent + 1, "pass")
        w.add(0)

    def member(self, group, scope, indent, cls_py):
        w = self.w
        first = group[0]
        mscope = scope.child(first.type_params)
        if first.kind == "constructor":
            ctors = _reachable_overloads([g for g in group if g.kind == "constructor"], scope)
            for c in ctors:
                if len(ctors) > 1:
                    w.add(indent, "@_t.overload")
                self.function("constructor", "__init__", c.params, None, c.doc, mscope, indent,
                              method=True, self_name=cls_py)
            return True
        py = _py_name(first.name)
        if py is None or py.startswith("__"):
            w.add(indent, f"# {first.name!r}: not a Python identifier")
            return True
        kinds = {g.kind for g in group}
        if "method" in kinds:
            methods = _reachable_overloads([g for g in group if g.kind == "method"], scope)
            for g in methods:
                if len(methods) > 1:
                    w.add(indent, "@_t.overload")
                if g.static:
                    w.add(indent, "@staticmethod")
                self.function(g.name, py, g.params, g.type, g.doc, scope.child(g.type_params),
                              indent, method=True, self_name=cls_py, static=g.static)
            return True
        if "get" in kinds or "set" in kinds:
            getter = next((g for g in group if g.kind == "get"), None)
            setter = next((g for g in group if g.kind == "set"), None)
            m = _Mapper(cls_py, context=[cls_py, py])
            typ = m.map((getter or setter).type, scope, True)
            if first.static:
                w.add(indent, f"{py}: _t.ClassVar[{typ}]" + _comment(m.notes))
                return True
            w.add(indent, "@property")
            w.add(indent, f"def {py}(self) -> {typ}:" + _comment(m.notes))
            w.doc(indent + 1, (getter or setter).doc)
            w.add(indent + 1, "...")
            if setter is not None:
                m2 = _Mapper(cls_py, context=[cls_py, py])
                styp = m2.map(setter.type, scope, False)
                w.add(indent, f"@{py}.setter")
                w.add(indent, f"def {py}(self, value: {styp}, /) -> None: ..."
                      + _comment(m2.notes))
            return True
        # a property
        m = _Mapper(cls_py, context=[cls_py, py])
        typ = m.map(first.type, scope, True)
        if first.optional:
            typ = _join_union([typ, "None"])
        if first.static:
            typ = f"_t.ClassVar[{typ}]"
        w.add(indent, f"{py}: {typ}" + _comment(m.notes))
        if first.doc:
            w.doc(indent, first.doc)
        return True

    def enum(self, e, py, indent):
        w = self.w
        values = [v for _, v, _ in e.members]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            base, form = "_enum.IntEnum", repr
        elif values and all(isinstance(v, str) for v in values):
            base, form = _Mapper().b("str") + ", _enum.Enum", repr
        else:
            base, form = None, None
        w.add(indent, f"class {py}({base}):" if base else f"class {py}:")
        w.doc(indent + 1, e.doc)
        if not e.members:
            w.add(indent + 1, "pass")
        for name, value, doc in e.members:
            mpy = _py_name(name)
            if mpy is None:
                w.add(indent + 1, f"# {name!r}: not a Python identifier")
                continue
            if form is not None:
                w.add(indent + 1, f"{mpy} = {form(value)}")
            else:
                w.add(indent + 1, f"{mpy}: _t.Any  # value not a constant")
            w.doc(indent + 1, doc)
        w.add(0)

    def type_decl(self, d, py, scope, indent):
        w = self.w
        if isinstance(d, _dts.Interface) and any(m.kind in ("method", "get", "set", "constructor")
                                                 for m in d.members):
            # an object with methods (an instance): a Protocol, not a dict
            self.klass(_dts.Class(d.name, d.members, None, d.doc, d.type_params), py, scope,
                       indent, protocol=True)
            return
        if isinstance(d, _dts.Interface):
            tscope = scope.child(d.type_params)
            self.typed_dict(py, d.members, d.index, d.extends, d.doc, tscope, indent, scope,
                            out=d.name not in self.input_only)
            return
        # a type alias
        tscope = scope.child(d.type_params)
        if isinstance(d.type, _dts.ObjectType) and d.type.members:
            self.typed_dict(py, d.type.members, d.type.index, (), d.doc, tscope, indent, scope,
                            out=d.name not in self.input_only)
            return
        m = _Mapper(context=[py])
        typ = m.map(d.type, tscope, d.name not in self.input_only)
        w.add(indent, f"{py}: _te.TypeAlias = {typ}" + _comment(m.notes))
        w.doc(indent, d.doc)

    def typed_dict(self, py, members, index, extends, doc, scope, indent, outer, out=True):
        w = self.w
        scope = scope.child(names=self.unshadow({m.name for m in members}, scope))
        fields = []
        for mem in members:
            if mem.kind == "constructor":
                continue
            m = _Mapper(context=[py.strip("_"), mem.name])
            if mem.kind == "method":
                typ = m.callable(mem.params, mem.type, scope.child(mem.type_params), out)
            elif mem.kind == "set":
                continue
            else:
                typ = m.map(mem.type, scope, out)
            if any(f[0] == mem.name for f in fields):
                continue             # an overload: the first one is kept
            fields.append((mem.name, typ, mem.optional, m.notes, mem.doc))
        bases = []
        for e in extends:
            if isinstance(e, _dts.Named):
                ds = self.decls.decls.get(e.name, [])
                b = outer.lookup(e.name)
                if b and any(isinstance(x, _dts.Interface) or (
                        isinstance(x, _dts.TypeAlias) and isinstance(x.type, _dts.ObjectType)
                        and x.type.members) for x in ds):
                    bases.append(b)
        functional = any(not f[0].isidentifier() or keyword.iskeyword(f[0]) for f in fields)
        if functional:
            items = ", ".join(
                f"{name!r}: " + (f"_te.NotRequired[{typ}]" if opt else typ)
                for name, typ, opt, _, _ in fields)
            notes = [n for f in fields for n in f[3]]
            w.add(indent, f"{py} = _t.TypedDict({py!r}, {{{items}}})" + _comment(notes))
            w.add(0)
            return
        w.add(indent, f"class {py}({', '.join(bases) or '_t.TypedDict'}):")
        w.doc(indent + 1, doc)
        if not fields:
            if not doc:
                w.add(indent + 1, "pass")
        for name, typ, opt, notes, fdoc in fields:
            if opt:
                typ = f"_te.NotRequired[{typ}]"
            w.add(indent + 1, f"{name}: {typ}" + _comment(notes))
            w.doc(indent + 1, fdoc)
        w.add(0)


class _Missing:
    pass


_MISSING = _Missing()


def _runtime_kind(value):
    if value is None or value is _MISSING:
        return None
    import napi_python
    if isinstance(value, type):
        return "class"
    if isinstance(value, napi_python.Function):
        return "function"
    if isinstance(value, napi_python.Object):
        return "object"
    if callable(value):
        return "function"
    return type(value).__name__


def _object_items(obj):
    if obj is None:
        return None
    try:
        return {k: obj[k] for k in dict.keys(obj)}
    except Exception:
        return None


def _comment(notes):
    if not notes:
        return ""
    return "  # Any: " + "; ".join(n.replace("\n", " ") for n in notes)


def _param_list(params, scope, mapper, method):
    used = set()
    parts = ["self"] if method else []
    if method:
        used.add("self")
    positional = 0
    saw_optional = False
    for i, p in enumerate(params):
        name = _param_name(p.name, used)
        mapper.context = mapper.base + [p.name]
        if p.rest:
            item = p.type.item if isinstance(p.type, _dts.ArrayOf) else _dts.Named("any")
            parts.append(f"*{name}: {mapper.map(item, scope, False)}")
            break
        typ = mapper.map(p.type, scope, False)
        # a parameter after an optional one (or typed `| undefined`) may be omitted too
        optional = p.optional or saw_optional
        if optional:
            saw_optional = True
            parts.append(f"{name}: {_join_union([typ, 'None'])} = None")
        else:
            parts.append(f"{name}: {typ}")
        positional += 1
    if positional:
        idx = positional + (1 if method else 0)
        parts.insert(idx, "/")
    elif method and not any(s.startswith("*") for s in parts):
        parts.append("/")
    return ", ".join(parts)


def _accepts(ti, tj):
    """Whether Python type expression ti accepts every value of tj (by union members)."""
    a, b = set(_split_union(ti)), set(_split_union(tj))
    return "_t.Any" in a or b <= a


def _reachable_overloads(items, scope):
    """The overloads a type checker can match: drops one whose every call an earlier
    one already accepts (its types mapped to the same or to Any)."""
    shapes = []
    for it in items:
        m = _Mapper()
        m.compare_only = True
        shape = []
        saw_optional = False
        for p in it.params:
            if p.rest:
                shape.append(("*", "_t.Any", True))
                break
            saw_optional = saw_optional or p.optional
            shape.append(("", m.map(p.type, scope, False), saw_optional))
        shapes.append(shape)
    keep = []
    for j, sj in enumerate(shapes):
        shadowed = False
        for i in keep:
            si = shapes[i]
            if any(k == "*" for k, _, _ in si + sj):
                continue
            if len(si) < len(sj) or any(not opt for _, _, opt in si[len(sj):]):
                continue
            if all(_accepts(si[k][1], sj[k][1]) for k in range(len(sj))) and \
                    all(si[k][2] or not sj[k][2] for k in range(len(sj))):
                shadowed = True
                break
        if not shadowed:
            keep.append(j)
    return [items[j] for j in keep]


def render_stub(decls, what, exports=None):
    """The ``.pyi`` text for :class:`Declarations` ``decls``. With ``exports`` (the
    loaded native exports), values are written only for names that exist among them,
    and exports that are not declared are written as ``Any``."""
    items = None
    if exports is not None:
        items = _object_items(exports) or {}
    return _StubRenderer(decls).render(what, items)


# -- runtime: __signature__ and __doc__ ------------------------------------------------------

class _Annotation(str):
    """A type written as Python source, shown without quotes by inspect."""
    __slots__ = ()

    def __repr__(self):
        return str(self)


def _signature(params, returns, scope, self_name=None, constructor=False):
    m = _Mapper(self_name, ts_names=True)
    P = inspect.Parameter
    out = []
    used = set()
    saw_optional = False
    for p in params:
        name = _param_name(p.name, used)
        if p.rest:
            item = p.type.item if isinstance(p.type, _dts.ArrayOf) else _dts.Named("any")
            out.append(P(name, P.VAR_POSITIONAL,
                         annotation=_Annotation(_short(m.map(item, scope, False)))))
            break
        typ = m.map(p.type, scope, False)
        if p.optional or saw_optional:
            saw_optional = True
            out.append(P(name, P.POSITIONAL_ONLY, default=None,
                         annotation=_Annotation(_short(_join_union([typ, "None"])))))
        else:
            out.append(P(name, P.POSITIONAL_ONLY, annotation=_Annotation(_short(typ))))
    ret = inspect.Signature.empty
    if not constructor and returns is not None:
        ret = _Annotation(_short(m.map(returns, scope, True)))
    return inspect.Signature(out, return_annotation=ret)


def _short(expr):
    """The stub spelling without the module aliases (for help() and editors)."""
    expr = expr.replace("_te.Self", "Self")
    return re.sub(r"\b_(?:t|te|abc|napi|dt|builtins)\.", "", expr)


def _doc_of(decl_doc, overloads=()):
    doc = decl_doc or ""
    if len(overloads) > 1:
        lines = "\n".join(f"  {o}" for o in overloads)
        doc = (doc + "\n\n" if doc else "") + "Overloads:\n" + lines
    return doc or None


def _set(obj, doc, sig):
    try:
        if doc:
            obj.__doc__ = doc
        if sig is not None:
            obj.__signature__ = sig
    except (AttributeError, TypeError):
        pass


def _annotate(exports, decls, scope):
    import napi_python
    for name, ds in decls.items():
        try:
            value = dict.__getitem__(exports, name) if isinstance(exports, dict) else None
        except KeyError:
            continue
        if value is None:
            continue
        first = next((d for d in ds if d.kind in ("function", "class", "namespace")), None)
        if isinstance(first, _dts.Function) and isinstance(value, napi_python.Function):
            fns = [d for d in ds if isinstance(d, _dts.Function)]
            sigs = [_signature(f.params, f.returns, scope.child(f.type_params)) for f in fns]
            _set(value, _doc_of(fns[0].doc, [f"{name}{s}" for s in sigs]), sigs[0])
        elif isinstance(first, _dts.Class) and isinstance(value, type):
            _annotate_class(value, first, scope)
        elif isinstance(first, _dts.Namespace) and isinstance(value, napi_python.Object):
            inner = first.module.exports()
            _annotate(value, inner, scope.child(names={k: k for k in inner}))


def _annotate_class(cls, c, scope):
    import napi_python
    cscope = scope.child(c.type_params)
    ctor = next((m for m in c.members if m.kind == "constructor"), None)
    doc = c.doc
    if ctor is not None and ctor.doc:
        doc = (doc + "\n\n" if doc else "") + ctor.doc
    try:
        if doc:
            cls.__doc__ = doc
        if ctor is not None:
            cls.__signature__ = _signature(ctor.params, None, cscope, c.name, constructor=True)
    except (AttributeError, TypeError):
        pass
    members = {}
    for m in c.members:
        members.setdefault(m.name, []).append(m)
    for name, group in members.items():
        try:
            attr = cls.__dict__.get(name)
        except AttributeError:
            attr = None
        if attr is None:
            continue
        methods = [g for g in group if g.kind == "method"]
        if methods:
            func = attr if isinstance(attr, napi_python.Function) else getattr(attr, "__func__",
                                                                                None)
            if func is None:
                continue
            sigs = [_signature(g.params, g.type, cscope.child(g.type_params), c.name)
                    for g in methods]
            _set(func, _doc_of(methods[0].doc, [f"{name}{s}" for s in sigs]), sigs[0])
            continue
        acc = next((g for g in group if g.kind in ("get", "set")), None)
        if acc is not None and acc.doc and type(attr).__name__ == "Accessor":
            # the accessor's __doc__ is its getter's (or setter's) Function's
            import gc
            for ref in gc.get_referents(attr):
                if isinstance(ref, napi_python.Function):
                    _set(ref, acc.doc, None)
                    break


# require() reads hand-written declaration files up to this size (a 64 KiB file
# takes some 10-30 ms to read; napi-rs files, a few KiB, take about 1 ms).
REQUIRE_MAX_SIZE = 64 * 1024


def annotate_exports(exports, pkg_dir, pkg_name=None):
    """Sets ``__signature__`` and ``__doc__`` on what the package in ``pkg_dir``
    (named ``pkg_name``, if known) declares in its ``.d.ts``. Never raises: a
    package without declarations, or declarations this reader cannot follow, leave
    the exports as they are."""
    try:
        decls = declarations_for(pkg_dir, pkg_name, follow=False, max_size=REQUIRE_MAX_SIZE)
        if decls is None:
            return
        scope = _StubRenderer.scope_for(decls.decls, "")
        _annotate(exports, decls.decls, scope)
    except Exception:   # a declaration file must never break require()
        pass
