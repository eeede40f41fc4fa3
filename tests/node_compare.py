"""The Python side of comparing a test addon's answers with Node's.

A test addon's ``node_driver.js`` (with tests/addons/common/node_compare.js) runs named
cases under Node 20 and writes each outcome to ``tests/node_reference/<name>.json``;
the test module makes the same calls here and compares, outcome for outcome:

    NODE = NodeReference("cpp_more")
    NODE.check(name, outcome_of(lambda: addon.f(1)))       # a call
    NODE.check(name, run(settle(lambda: addon.fAsync(1)))) # an awaited one

An outcome is ``["ok", value]`` or ``["throw", name, message, code]`` (a thrown value
that is not an error: ``["throw", "value", value]``), the value written as
``describe`` writes the JS value. What the value mapping changes on purpose (a
``null`` handed to a Python callback or returned is ``None``) the cases avoid or
normalise on both sides.
"""

import datetime
import json
from pathlib import Path

import napi_python
from napi_python import ArrayBuffer, BigInt, Buffer, JSError, Symbol, TypedArray, null

REFERENCES = Path(__file__).parent / "node_reference"


def describe(v):
    """A Python value as node_compare.js's describe() writes the JS value."""
    if v is None:
        return "undefined"
    if v is null:
        return "null"
    if isinstance(v, bool):
        return v
    if isinstance(v, BigInt):
        return {"bigint": str(int(v))}
    if isinstance(v, (int, float)):
        return "NaN" if v != v else {"number": v}
    if isinstance(v, str):
        return {"string": v}
    if isinstance(v, (napi_python.Function, napi_python.BoundFunction)):
        return "function"
    if isinstance(v, Symbol):
        return {"symbol": v.description}
    if isinstance(v, (Buffer, bytes, bytearray)):
        return {"Buffer": list(bytes(v))}
    if isinstance(v, TypedArray):
        return {type(v).__name__: [float(x) for x in v]}
    if isinstance(v, ArrayBuffer):
        return {"ArrayBuffer": len(memoryview(v))}
    if isinstance(v, datetime.datetime):
        return {"date": v.timestamp() * 1000}
    if isinstance(v, JSError):
        return {"error": v.name, "message": v.message, "code": getattr(v, "code", None)}
    if isinstance(v, (list, tuple)):
        return [describe(x) for x in v]
    if isinstance(v, dict):
        return {"object": {k: describe(x) for k, x in dict.items(v)}}
    raise AssertionError(f"no JS description for {v!r}")


def thrown(e):
    """The outcome of a JS error raised to Python."""
    if hasattr(e, "value"):
        return ["throw", "value", describe(e.value)]
    return ["throw", e.name, e.message, getattr(e, "code", None)]


def outcome_of(f):
    try:
        return ["ok", describe(f())]
    except JSError as e:
        return thrown(e)


async def settle(f):
    try:
        return ["ok", describe(await f())]
    except JSError as e:
        return thrown(e)


class NodeReference:
    """Node's outcomes for one test addon (tests/node_reference/<name>.json)."""

    def __init__(self, name):
        self.outcomes = json.loads((REFERENCES / f"{name}.json").read_text())

    def __iter__(self):
        return iter(self.outcomes)

    def check(self, name, outcome):
        # Through JSON, as Node's side was written (42.0 is 42; -0 is 0).
        assert json.loads(json.dumps(outcome)) == self.outcomes[name], name


class NodeReport:
    """The text reports of a differential test addon (tests/addons/semantics, parity):
    each export runs a batch of cases and returns one line per case ("label: outcome");
    Node 20's reports are in tests/node_reference/<name>.json. ``known`` maps (batch,
    label) to napi-python's outcome where it differs from Node's on purpose."""

    def __init__(self, name, known):
        self.node = json.loads((REFERENCES / f"{name}.json").read_text())
        self.batches = [k for k in self.node if k != "node"]
        self.known = known

    @staticmethod
    def label(line):
        return line.split(": ", 1)[0]

    def labels_problems(self):
        """What is wrong with the reference's labels: a label twice in a batch, a known
        difference for a line Node's reports do not have."""
        problems = []
        for b in self.batches:
            labels = [self.label(line) for line in self.node[b].split("\n")]
            if len(labels) != len(set(labels)):
                problems.append(f"{b}: a label twice")
        every = {(b, self.label(line)) for b in self.batches for line in self.node[b].split("\n")}
        problems += [f"known difference {k} is no line of Node's" for k in set(self.known) - every]
        return problems

    def mismatches(self, addon, batch):
        """The lines of ``addon``'s report for ``batch`` that are not Node's (or, for a
        known difference, not what is listed), each as 'expected ... got ...'."""
        ours = addon[batch]().split("\n")
        node = self.node[batch].split("\n")
        if len(ours) != len(node):
            return [f"{len(ours)} lines, Node's report has {len(node)}"]
        wrong = []
        for o, n in zip(ours, node):
            key = (batch, self.label(n))
            expected = n if key not in self.known else f"{key[1]}: {self.known[key]}"
            if o != expected:
                wrong.append(f"expected {expected!r}\n     got {o!r}")
        return wrong

    def line_of(self, addon, batch, lab):
        """The outcome ``addon``'s report for ``batch`` gives for the case ``lab``."""
        for line in addon[batch]().split("\n"):
            if self.label(line) == lab:
                return line[len(lab) + 2:]
        raise AssertionError(f"no line {lab!r} in {batch}")
