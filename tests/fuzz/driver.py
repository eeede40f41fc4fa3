"""The Python side of the smoke and fuzz runs: one addon, in its own process.

    python -m fuzz.driver ADDON LOG --mode smoke|fuzz [--seed S] [--n N]
                          [--start K] [--skip I,J,...]
    python -m fuzz.driver ADDON LOG --replay CALLS.json

Walk mode loads the addon, walks its exports (functions, classes with their
methods, accessors and static members, nested objects, getters) and makes calls
with wrong or random values. Every call is a *call spec*, JSON that names what is
called and with what: it is written to LOG before the call
(a ``begin`` line) and its outcome after it (an ``end`` line), so when the process
dies, the last ``begin`` without an ``end`` is the call that killed it, and that
spec replays the call alone, here (``--replay``) or under Node (``driver.js``).

A call spec: ``{"kind": K, "target": [path of names from the exports],
"member": name, "this": value, "args": [values]}``, K one of ``call`` (a function;
with ``this``: ``fn.call(this, ...)``), ``new``, ``read`` (a property, getters
run), ``method`` / ``get`` / ``set`` (a member of the class at ``target``, on the
receiver ``this``, through ``.call``), ``ctorcall`` (the constructor without
``new``), ``static`` and ``staticget``. A value is JSON: a string, number or
boolean is itself, ``null`` is ``undefined`` (Python ``None``), a list an array,
and ``{"$": ...}`` the rest: ``null``, ``num`` (``v``: "nan", "inf", "-inf",
"-0"), ``bigint``, ``obj`` (``v``: its properties), ``bytes`` / ``buf`` (``n``
bytes: ``bytes`` / ``bytearray``, a ``Buffer`` in JS), ``u8``, ``f64``, ``ab``,
``str`` (``c`` times ``n``), ``sym``, ``date``, ``err``, ``fn``, ``throwfn``,
``pyobj`` (an object of an unrelated class), ``export`` (``path``) and ``inst``
(a new instance of the class at ``path`` made with ``args``; made once per
process).

``--settle`` waits for each promise a call returns (up to SETTLE_WAIT) and records
how it settled, as ``driver.js --settle`` does.

``--start K`` resumes a walk after a crash: calls before K are not made again;
``--succeeded`` lists the constructions among them that succeeded (the walk takes
its instances from those), ``--skip`` the calls never to make (the ones that
crashed).
"""

import argparse
import datetime
import json
import os
import random
import re
import sys

import napi_python
from napi_python import _globals
from napi_python._json import _own_keys

# Names of functions that are never called: they would not return (servers,
# watchers, event loops), end or fork the process, or block on purpose. The list is
# documented in docs/corpus.rst; a call that blocks for another reason is caught by
# the runner's per-call timeout instead.
NEVER_CALL = re.compile(
    r"^(listen|serve|watch|subscribe|run_?loop|main|exit|abort|kill|fork|spawn|exec|"
    r"sleep|block|wait|join|daemon|start_?server)", re.IGNORECASE)

MAX_DEPTH = 3        # nesting of objects walked below the exports
MAX_MEMBERS = 200    # names looked at per object


class Dummy:
    """An object of an unrelated Python class (a JS object of an unrelated class)."""

    def __init__(self):
        self.a = 1


# ---- values from specs ----------------------------------------------------------

class Values:
    """Builds the Python value of a value spec (driver.js builds the JS one)."""

    def __init__(self, exports):
        self.exports = exports
        self.instances = {}

    def resolve(self, path):
        obj = self.exports
        for key in path:
            if isinstance(obj, type):
                obj = vars(obj)[key] if key in vars(obj) else getattr(obj, key)
            elif isinstance(obj, dict) and key in obj:
                obj = obj[key]
            else:
                obj = getattr(obj, key)
        return obj

    def instance(self, path, args):
        key = json.dumps([path, args])
        if key not in self.instances:
            cls = self.resolve(path)
            self.instances[key] = cls(*[self.value(a) for a in args])
        return self.instances[key]

    def value(self, spec):
        if spec is None:
            return None
        if isinstance(spec, (bool, int, float, str)):
            return spec
        if isinstance(spec, list):
            return [self.value(s) for s in spec]
        kind = spec["$"]
        if kind == "null":
            return napi_python.null
        if kind == "num":
            return float(spec["v"])  # "nan", "inf", "-inf", "-0"
        if kind == "bigint":
            return napi_python.BigInt(int(spec["v"]))
        if kind == "obj":
            return {k: self.value(v) for k, v in spec["v"].items()}
        if kind == "bytes":
            return bytes(spec["n"])
        if kind == "buf":
            return bytearray(spec["n"])
        if kind == "u8":
            return napi_python.Uint8Array(spec["n"])
        if kind == "f64":
            return napi_python.Float64Array(spec["n"])
        if kind == "ab":
            return napi_python.ArrayBuffer(spec["n"])
        if kind == "str":
            return spec["c"] * spec["n"]
        if kind == "sym":
            return napi_python.Symbol(spec["v"])
        if kind == "date":
            return datetime.datetime.fromtimestamp(spec["v"] / 1000, datetime.timezone.utc)
        if kind == "err":
            return Exception(spec["v"])
        if kind == "fn":  # (named as driver.js names its twin)
            def fn(*args):
                return None
            return fn
        if kind == "throwfn":
            def thrower(*args):
                raise ValueError("thrown by a fuzz callback")
            return thrower
        if kind == "pyobj":
            return Dummy()
        if kind == "export":
            return self.resolve(spec["path"])
        if kind == "inst":
            return self.instance(spec["path"], spec["args"])
        raise ValueError(f"unknown value spec {spec!r}")


def call(values, spec):
    """Makes the call a call spec describes; returns its result."""
    kind = spec["kind"]
    args = [values.value(a) for a in spec.get("args", ())]
    target = values.resolve(spec["target"])
    if kind == "call":
        if "this" in spec:
            return target.call(values.value(spec["this"]), *args)
        return target(*args)
    if kind == "new":
        return target(*args)
    if kind == "read":  # a property of an object (a getter runs)
        return target
    member = spec.get("member")
    if kind == "method":
        return vars(target)[member].call(values.value(spec["this"]), *args)
    if kind == "ctorcall":  # the constructor called without `new`
        return vars(target)["__napi_constructor__"].call(values.value(spec["this"]), *args)
    if kind == "get":
        return vars(target)[member].__get__(values.value(spec["this"]), target)
    if kind == "set":
        accessor = vars(target)[member]
        if accessor.fset is None:
            # driver.js's descriptor(...).set.call(this, ...) on an accessor without a
            # setter: `undefined.call` fails before `this` is made
            raise napi_python.JSTypeError("Cannot read properties of undefined (reading 'call')")
        return accessor.__set__(values.value(spec["this"]), args[0])
    if kind == "static":
        return getattr(target, member)(*args)
    if kind == "staticget":
        return getattr(target, member)
    raise ValueError(f"unknown call kind {kind!r}")


# ---- walking the exports --------------------------------------------------------

def _own_names(obj):
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
    return (keys + sorted(hidden))[:MAX_MEMBERS]


def walk(exports):
    """(functions, classes, reads): paths of the exported functions, classes (path,
    [(member, kind)]) and properties to read, in a deterministic order."""
    functions, classes, reads = [], [], []
    seen = set()

    def visit(obj, path, depth):
        if id(obj) in seen or depth > MAX_DEPTH:
            return
        seen.add(id(obj))
        for key in _own_names(obj):
            reads.append(path + [key])
            try:
                value = obj[key] if key in obj else getattr(obj, key)
            except Exception:
                continue
            if isinstance(value, type) and issubclass(value, napi_python.ClassBase):
                if id(value) not in seen:
                    seen.add(id(value))
                    classes.append((path + [key], class_members(value)))
            elif callable(value) and not isinstance(value, (type, napi_python.Object)):
                functions.append(path + [key])
            elif (isinstance(value, napi_python.Object)
                  and not isinstance(value, napi_python.ClassBase)):
                visit(value, path + [key], depth + 1)

    if isinstance(exports, type) and issubclass(exports, napi_python.ClassBase):
        classes.append(([], class_members(exports)))  # module.exports = class
    elif isinstance(exports, napi_python.Object):
        visit(exports, [], 0)
    elif callable(exports):
        functions.append([])  # module.exports = function
    return functions, classes, reads


def class_members(cls):
    attributes = vars(cls).get("__napi_member_attributes__", {}) or {}
    members = []
    for key, value in vars(cls).items():
        if key.startswith("__") or key == "_abc_impl":
            continue
        static = key not in attributes
        if type(value).__name__ == "Accessor":
            members.append((key, "staticget" if static else "accessor"))
        elif callable(value) and not isinstance(value, type):
            members.append((key, "static" if static else "method"))
        elif static:
            members.append((key, "staticget"))
    return members


# ---- the smoke plan: the same few wrong values everywhere -------------------------

def smoke_arg_sets(other_instance):
    wrong = other_instance or {"$": "pyobj"}
    return [[], [None], [{"$": "null"}], [1], ["x"], [{"$": "obj", "v": {}}], [[]],
            [{"$": "bytes", "n": 0}], [wrong], ["x", 1], [1, {"$": "obj", "v": {}}]]


def smoke_this_values(own, others):
    return [None, {"$": "null"}, {"$": "obj", "v": {}}, 1, "x", {"$": "pyobj"}] + others


# ---- the fuzz plan: random values --------------------------------------------------

class Random:
    def __init__(self, seed, pool):
        self.rng = random.Random(seed)
        self.pool = pool  # instance and export specs

    def value(self, depth=0):
        r = self.rng
        choices = ["undef", "null", "bool", "int", "bignum", "float", "special", "str",
                   "longstr", "unicode", "bigint", "obj", "arr", "bytes", "buf", "u8",
                   "f64", "ab", "sym", "date", "err", "fn", "throwfn", "pyobj"]
        if self.pool:
            choices += ["pool", "pool"]
        kind = r.choice(choices)
        if kind == "undef":
            return None
        if kind == "null":
            return {"$": "null"}
        if kind == "bool":
            return r.random() < 0.5
        if kind == "int":
            return r.choice([0, 1, -1, 2, 7, 255, 256, 65535, 2**31 - 1, -2**31, 2**32,
                             r.randint(-1000, 1000)])
        if kind == "bignum":
            return r.choice([2**53, -2**53, 2**52 + 1, 10**15])
        if kind == "float":
            return r.choice([0.5, -1.5, 1e300, -1e-300, 3.0])
        if kind == "special":
            return {"$": "num", "v": r.choice(["nan", "inf", "-inf", "-0"])}
        if kind == "str":
            return r.choice(["", "x", "0", "-1", "true", "a b", "{}", "[1]", "\0",
                             "/", ".", "..", "utf8", "hex", "base64"])
        if kind == "longstr":
            return {"$": "str", "c": r.choice("a\u00e9"), "n": r.choice([100, 5000])}
        if kind == "unicode":
            return r.choice(["\u00e9", "\u4e2d\u6587", "\U0001F600", "a\u0300"])
        if kind == "bigint":
            return {"$": "bigint", "v": str(r.choice([0, -1, 2**64, -2**63, 2**70]))}
        if kind == "obj":
            if depth >= 2:
                return {"$": "obj", "v": {}}
            keys = r.sample(["a", "b", "length", "name", "type", "value", "data",
                             "0", "input", "options"], r.randint(0, 3))
            return {"$": "obj", "v": {k: self.value(depth + 1) for k in keys}}
        if kind == "arr":
            if depth >= 2:
                return []
            return [self.value(depth + 1) for _ in range(r.randint(0, 3))]
        if kind in ("bytes", "buf", "u8", "f64", "ab"):
            return {"$": kind, "n": r.choice([0, 1, 8, 64])}
        if kind == "sym":
            return {"$": "sym", "v": "s"}
        if kind == "date":
            return {"$": "date", "v": r.choice([0, 1.7e12, -1])}
        if kind == "err":
            return {"$": "err", "v": "e"}
        if kind in ("fn", "throwfn", "pyobj"):
            return {"$": kind}
        return r.choice(self.pool)

    def args(self):
        return [self.value() for _ in range(self.rng.choice([0, 1, 1, 2, 2, 3, 4]))]


# ---- the run -----------------------------------------------------------------------

def _number(x):
    """A number as JS's String(x) writes it (for the short forms below)."""
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    if float(x).is_integer() and abs(x) < 1e21:
        if abs(x) <= 2**53:
            return str(int(x))
        # past 2**53 JS writes the shortest digits that read back as the same double,
        # then zeros (String(2**64) is "18446744073709552000", not ...616)
        mantissa, exponent = repr(float(x)).split("e")
        digits = mantissa.lstrip("-").replace(".", "")
        point = len(mantissa.lstrip("-").split(".")[0]) + int(exponent)
        return ("-" if x < 0 else "") + digits + "0" * (point - len(digits))
    return re.sub(r"e([+-])0*(\d)", r"e\1\2", repr(float(x)))


def short(x):
    """A short canonical form of a value, the same as driver.js's ``short`` for
    the same JS value: what the outcome records compare between the two."""
    n = napi_python
    if x is None or x is n.null:
        return "nullish"  # a returned null arrives as None
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, n.BigInt) or (isinstance(x, int) and abs(x) > 2**53):
        return f"bigint:{int(x)}"
    if isinstance(x, (int, float)):
        return "num:" + _number(x)
    if isinstance(x, str):
        return f"str:{len(x)}:{x[:40]}"
    if isinstance(x, n.Symbol):
        return "symbol"
    if isinstance(x, BaseException):
        return f"error:{getattr(x, 'name', type(x).__name__)}:{str(x)[:60]}"
    if isinstance(x, n.Promise):
        return "promise"
    if isinstance(x, (list, tuple)):
        return f"array:{len(x)}"
    if isinstance(x, (bytes, bytearray)):
        return f"Buffer:{len(x)}"  # what a Buffer given to the addon is in Python
    if isinstance(x, (n.TypedArray, n.DataView)):
        return f"{type(x).__name__}:{x.byteLength}"
    if isinstance(x, n.ArrayBuffer):
        return f"ArrayBuffer:{x.byteLength}"
    if isinstance(x, (datetime.datetime, n.Date)):
        return "Date"
    if isinstance(x, n.External):
        return "external"
    if isinstance(x, type) or (callable(x) and not isinstance(x, dict)):
        return "function"
    if isinstance(x, dict):
        name = "Object" if type(x) in (dict, n.Object) else type(x).__name__
        if isinstance(x, _globals.PrimitiveWrapper):  # a Number, String... object
            name = name[:-len("Object")]
        keys = sorted(k for k in _own_keys(x) if isinstance(k, str))
        return f"{name}:{','.join(keys)[:80]}"
    try:  # any other Python object: an object whose properties are its attributes
        keys = sorted(k for k in vars(x) if isinstance(k, str))
    except TypeError:
        keys = []
    return f"{type(x).__name__}:{','.join(keys)[:80]}"


def outcome(result, raised=False):
    """The record of a call's outcome: what it raised, or the value it returned (an
    error object returned, not thrown, is a value, as in driver.js)."""
    if raised:
        record = {"end": "error", "type": type(result).__name__,
                  "message": str(result)[:160],
                  "js": isinstance(result, napi_python.JSError)}
        name = getattr(result, "name", None)
        if isinstance(name, str):
            record["name"] = name
        code = getattr(result, "code", None)
        if code is not None:
            record["code"] = short(code)
        if hasattr(result, "value"):  # a thrown value that is not an error
            record["thrown"] = short(result.value)
        return record
    return {"end": "value", "type": type(result).__name__, "v": short(result)}


class Log:
    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, record):
        # one write() per line: what was written survives a crash of the process
        os.write(self.fd, (json.dumps(record) + "\n").encode())


def plan(exports, values, mode, seed, n):
    """Yields the call specs of a walk, in order. Constructions that later calls
    take their instances from come first and are marked ``setup``."""
    functions, classes, reads = walk(exports)
    for path in reads:
        yield {"kind": "read", "target": path}
    # an instance of each class, for the methods and for the other classes' wrong
    # `this` and arguments: the first construction (of the smoke argument sets) that
    # succeeds, found by trying them in a setup phase
    own = {}
    for path, _members in classes:
        for args in smoke_arg_sets(None):
            spec = {"kind": "new", "target": path, "args": args, "setup": True}
            ok = yield spec
            if ok:
                own[tuple(path)] = {"$": "inst", "path": path, "args": args}
                break
    instance_specs = list(own.values())
    pool = instance_specs + [{"$": "export", "path": p} for p in functions[:4]]
    pool += [{"$": "export", "path": p} for p, _ in classes[:2]]

    def others(path):
        return [s for s in instance_specs if s["path"] != path]

    rng = Random(f"{seed}", pool)
    if mode == "smoke":
        for path in functions:
            if path and NEVER_CALL.match(path[-1]):
                continue
            other = instance_specs[0] if instance_specs else None
            for args in smoke_arg_sets(other):
                yield {"kind": "call", "target": path, "args": args}
        for path, members in classes:
            mine = own.get(tuple(path))
            other = (others(path) or [None])[0]
            for args in smoke_arg_sets(other):
                yield {"kind": "new", "target": path, "args": args}
            for member, kind in members:
                if NEVER_CALL.match(member):
                    continue
                if kind == "method":
                    if mine is not None:
                        for args in smoke_arg_sets(other):
                            yield {"kind": "method", "target": path, "member": member,
                                   "this": mine, "args": args}
                    for this in smoke_this_values(mine, others(path)):
                        yield {"kind": "method", "target": path, "member": member,
                               "this": this, "args": []}
                elif kind == "accessor":
                    if mine is not None:
                        yield {"kind": "get", "target": path, "member": member, "this": mine}
                        for args in smoke_arg_sets(other)[1:6]:
                            yield {"kind": "set", "target": path, "member": member,
                                   "this": mine, "args": args}
                    for this in smoke_this_values(mine, others(path)):
                        yield {"kind": "get", "target": path, "member": member, "this": this}
                elif kind == "static":
                    for args in smoke_arg_sets(other):
                        yield {"kind": "static", "target": path, "member": member,
                               "args": args}
                else:
                    yield {"kind": "staticget", "target": path, "member": member}
        return
    # fuzz: n random calls per function, method, accessor and constructor
    thises = [None, {"$": "null"}, {"$": "obj", "v": {}}, 1, "x", {"$": "pyobj"}]
    for path in functions:
        if NEVER_CALL.match(path[-1]):
            continue
        for _ in range(n):
            spec = {"kind": "call", "target": path, "args": rng.args()}
            if rng.rng.random() < 0.3:
                spec["this"] = rng.rng.choice(thises + pool)
            yield spec
    for path, members in classes:
        mine = own.get(tuple(path))
        for _ in range(n):
            yield {"kind": "new", "target": path, "args": rng.args()}
        for _ in range(max(1, n // 4)):
            yield {"kind": "ctorcall", "target": path, "args": rng.args(),
                   "this": rng.rng.choice(thises + pool)}
        for member, kind in members:
            if NEVER_CALL.match(member):
                continue
            for _ in range(n):
                this = mine if mine is not None and rng.rng.random() < 0.5 else \
                    rng.rng.choice(thises + pool)
                if kind == "method":
                    yield {"kind": "method", "target": path, "member": member,
                           "this": this, "args": rng.args()}
                elif kind == "accessor":
                    if rng.rng.random() < 0.5:
                        yield {"kind": "get", "target": path, "member": member,
                               "this": this}
                    else:
                        yield {"kind": "set", "target": path, "member": member,
                               "this": this, "args": [rng.value()]}
                elif kind == "static":
                    yield {"kind": "static", "target": path, "member": member,
                           "args": rng.args()}
                else:
                    yield {"kind": "staticget", "target": path, "member": member}
                    break


def settle():
    """Lets queued async callbacks (completions, promise reactions) run."""
    try:
        napi_python.run_pending(0)
    except Exception:
        pass


SETTLE_WAIT = 2.0  # seconds a returned promise is waited for (driver.js waits as long)


def settled(promise):
    """How a promise a call returned settles (``fulfilled:<short>``,
    ``rejected:<short>`` or ``pending``), waited for as driver.js waits."""
    try:
        value = promise.result(SETTLE_WAIT)
    except TimeoutError:
        return "pending"
    except Exception as e:
        return "rejected:" + short(e)
    return "fulfilled:" + short(value)


def run_walk(addon, log, mode, seed, n, start, skip, succeeded, settle_promises=False):
    log.write({"load": addon})
    try:
        exports = napi_python.load_addon(addon)
    except BaseException as e:  # a refusal at load: the outcome for this addon
        # The cause, without the binary's path (the loader's message and the dynamic
        # loader's in it both start with it).
        cause = str(e).replace(f"cannot load {addon}: ", "").replace(f"{addon}: ", "")
        log.write({"loaded": False, "end": "error", "type": type(e).__name__,
                   "message": cause[:160]})
        log.write({"done": 0})
        return
    log.write({"loaded": True})
    values = Values(exports)
    gen = plan(exports, values, mode, seed, n)
    index = 0
    ok = None
    while True:
        try:
            spec = gen.send(ok) if index else next(gen)
        except StopIteration:
            break
        i = index
        index += 1
        ok = None
        if i < start:
            # made in an earlier run: only whether a construction succeeded matters
            # (the instances later calls use are made again from their specs)
            ok = i in succeeded
            continue
        if i in skip:
            continue
        log.write({"i": i, "begin": spec})
        try:
            result = call(values, spec)
            ok = True
            record = outcome(result)
            if settle_promises and isinstance(result, napi_python.Promise):
                record["settled"] = settled(result)
        except Exception as e:
            ok = False
            record = outcome(e, raised=True)
        result = None
        settle()
        log.write({"i": i, **record})
    settle()
    log.write({"done": index})


def run_replay(addon, log, calls):
    exports = napi_python.load_addon(addon)
    values = Values(exports)
    for i, spec in enumerate(calls):
        log.write({"i": i, "begin": spec})
        try:
            record = outcome(call(values, spec))
        except Exception as e:
            record = outcome(e, raised=True)
        settle()
        log.write({"i": i, **record})
    log.write({"done": len(calls)})


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m fuzz.driver")
    p.add_argument("addon")
    p.add_argument("log")
    p.add_argument("--mode", choices=("smoke", "fuzz"), default="smoke")
    p.add_argument("--seed", default="0")
    p.add_argument("--n", type=int, default=8)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--skip", default="")
    p.add_argument("--succeeded", default="")
    p.add_argument("--replay")
    p.add_argument("--settle", action="store_true",
                   help="wait for each returned promise and record how it settles")
    a = p.parse_args(argv)
    log = Log(a.log)
    if a.replay:
        with open(a.replay) as f:
            run_replay(a.addon, log, json.load(f))
    else:
        skip = {int(s) for s in a.skip.split(",") if s}
        succeeded = {int(s) for s in a.succeeded.split(",") if s}
        run_walk(a.addon, log, a.mode, a.seed, a.n, a.start, skip, succeeded, a.settle)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
