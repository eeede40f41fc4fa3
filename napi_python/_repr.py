"""``repr`` of JS values: short whatever their size (docs/values.rst, "repr").

The core's ``tp_repr`` of Object (and class instances), Buffer, the typed arrays and
DataView call the functions here. Each repr stays within about ``BUDGET`` characters:
a 10 MB Buffer shows its first bytes and how many more there are, as Node does
(``<Buffer 00 01 ... 9999950 more bytes>``), an object with 100 000 properties its
first ones and a count, nested values stop at ``MAX_DEPTH``.
"""

import threading

BUDGET = 1000           # characters, about, for one repr
MAX_DEPTH = 4           # nesting shown; deeper containers are {...} / [...]
MAX_BYTES = 50          # bytes a Buffer shows (Node's buffer.INSPECT_MAX_BYTES)
MAX_ITEMS = 100         # elements a typed array shows (Node's maxArrayLength)
MAX_STR = 200           # characters of a string value shown

_state = threading.local()


def _more(n, what):
    return f"... {n} more {what}{'' if n == 1 else 's'}"


def _bytes_hex(data, n, total):
    shown = " ".join(f"{b:02x}" for b in bytes(memoryview(data).cast("B")[:n]))
    if total > n:
        shown = f"{shown} {_more(total - n, 'byte')}" if shown else _more(total, "byte")
    return shown


def buffer_repr(buf):
    """``<Buffer 68 65 6c 6c 6f>``, at most MAX_BYTES bytes then a count."""
    n = len(buf)
    body = _bytes_hex(buf, MAX_BYTES, n)
    return f"<Buffer {body}>" if body else "<Buffer >"


def typedarray_repr(ta):
    """A Buffer as buffer_repr does; other typed arrays ``Uint8Array([1, 2, 3])``; past MAX_ITEMS elements (or the budget),
    ``<Float64Array length=10000000 [0.0, 0.0, ... 9999900 more items]>``."""
    from ._core import Buffer
    if isinstance(ta, Buffer):
        return buffer_repr(ta)
    name = type(ta).__name__
    n = len(ta)
    parts, used = [], 0
    for i in range(min(n, MAX_ITEMS)):
        r = repr(ta[i])
        used += len(r) + 2
        if used > BUDGET:
            break
        parts.append(r)
    if len(parts) == n:
        return f"{name}([{', '.join(parts)}])"
    parts.append(_more(n - len(parts), "item"))
    return f"<{name} length={n} [{', '.join(parts)}]>"


def dataview_repr(dv):
    n = dv.byte_length
    body = _bytes_hex(dv, MAX_BYTES, n)
    return (f"<DataView byte_offset={dv.byte_offset} byte_length={n}"
            f"{': ' + body if body else ''}>")


class _Budget:
    __slots__ = ("left", "active")

    def __init__(self):
        self.left = BUDGET
        self.active = set()   # ids of the containers being shown (cycles)


def object_repr(obj):
    """``{'a': 1, [hidden]: 2}`` for an Object, ``<Counter {'own': 1}>`` for an
    instance of a class: the enumerable properties (accessors run, as items() does),
    then the non-enumerable string-keyed ones in brackets as Node's showHidden
    writes them; bounded by BUDGET and MAX_DEPTH."""
    outer = getattr(_state, "budget", None)
    if outer is not None:      # a repr() reached from inside one of ours: share it
        return _object(obj, outer, getattr(_state, "depth", 0))
    budget = _state.budget = _Budget()
    try:
        return _object(obj, budget, 0)
    finally:
        _state.budget = None


def _class_name(obj):
    from ._core import Object
    tp = type(obj)
    return None if tp is Object else tp.__qualname__


def _object(obj, budget, depth):
    name = _class_name(obj)
    if id(obj) in budget.active or depth >= MAX_DEPTH:
        return f"<{name} {{...}}>" if name else "{...}"
    budget.active.add(id(obj))
    try:
        body = _object_body(obj, budget, depth)
    finally:
        budget.active.discard(id(obj))
    return f"<{name} {body}>" if name else body


def _object_body(obj, budget, depth):
    from ._core import Object
    keys = list(obj)                      # enumerable string keys, in JS order
    hidden = []
    if dict.__len__(obj) != len(keys):    # the dict also holds the non-enumerable ones
        shown = set(keys)
        hidden = [k for k in dict.keys(obj) if k not in shown]
    total = len(keys) + len(hidden)
    parts = []
    for i, key in enumerate(keys + hidden):
        if budget.left <= 0:
            n = total - i
            parts.append(f"... {n} more {'property' if n == 1 else 'properties'}")
            break
        try:
            value = Object.get(obj, key)   # (an own property `get` hides obj.get)
        except Exception as e:   # a getter that throws: say so, do not fail the repr
            text = f"<getter raised {type(e).__name__}>"
        else:
            text = _value(value, budget, depth + 1)
        k = f"[{key}]" if i >= len(keys) else repr(key)
        part = f"{k}: {text}"
        budget.left -= len(part) + 2
        parts.append(part)
    return "{" + ", ".join(parts) + "}"


def _value(value, budget, depth):
    from ._core import Object, TypedArray, DataView
    if isinstance(value, Object):
        return _object(value, budget, depth)
    if isinstance(value, str):
        if len(value) > MAX_STR:
            return repr(value[:MAX_STR]) + f"... ({len(value)} characters)"
        return repr(value)
    if isinstance(value, (list, tuple)):
        return _sequence(value, budget, depth)
    if isinstance(value, dict):
        return _mapping(value, budget, depth)
    if isinstance(value, (TypedArray, DataView)):
        return repr(value)                # bounded on its own
    if isinstance(value, (bytes, bytearray)) and len(value) > MAX_BYTES:
        return repr(value[:MAX_BYTES]) + f"... ({len(value)} bytes)"
    outer, _state.depth = getattr(_state, "depth", 0), depth
    try:
        text = repr(value)
    finally:
        _state.depth = outer
    if len(text) > MAX_STR:
        text = text[:MAX_STR] + "..."
    return text


def _sequence(seq, budget, depth):
    op, cl = ("[", "]") if isinstance(seq, list) else ("(", ")")
    if id(seq) in budget.active or depth >= MAX_DEPTH:
        return f"{op}...{cl}"
    budget.active.add(id(seq))
    try:
        parts = []
        for i, item in enumerate(seq):
            if budget.left <= 0 or i >= MAX_ITEMS:
                parts.append(_more(len(seq) - i, "item"))
                break
            text = _value(item, budget, depth + 1)
            budget.left -= len(text) + 2
            parts.append(text)
    finally:
        budget.active.discard(id(seq))
    if len(seq) == 1 and op == "(":
        return f"({parts[0]},)"
    return op + ", ".join(parts) + cl


def _mapping(d, budget, depth):
    if id(d) in budget.active or depth >= MAX_DEPTH:
        return "{...}"
    budget.active.add(id(d))
    try:
        parts = []
        for i, (k, v) in enumerate(d.items()):
            if budget.left <= 0:
                parts.append(_more(len(d) - i, "item"))
                break
            part = f"{_value(k, budget, depth + 1)}: {_value(v, budget, depth + 1)}"
            budget.left -= len(part) + 2
            parts.append(part)
    finally:
        budget.active.discard(id(d))
    return "{" + ", ".join(parts) + "}"
