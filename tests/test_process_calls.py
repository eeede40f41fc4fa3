"""The functions of ``process`` an addon calls (the globals addon's callPath:
napi_get_global + napi_get_named_property + napi_call_function): hrtime (and
hrtime.bigint), uptime, memoryUsage (and memoryUsage.rss), cpuUsage, umask and the
user and group ids, compared with Node 20's answers for the same calls
(tests/node_reference/process_calls.json, measured by process_calls.js there): what
depends on the machine as its shape, Node's errors and codes exactly."""

import json
import os
import time
from pathlib import Path

import pytest

import napi_python
from conftest import load_test_addon

NODE = json.loads((Path(__file__).parent / "node_reference" / "process_calls.json").read_text())


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


def typeof(v):
    if v is None:
        return "undefined"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, napi_python.BigInt):
        return "bigint"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    return "function" if callable(v) and not isinstance(v, dict) else "object"


def shape(v):
    if isinstance(v, (list, tuple)):
        return {"array": [typeof(x) for x in v]}
    if isinstance(v, dict):
        return {"object": [[k, typeof(x)] for k, x in v.items()]}
    return typeof(v)


def decode(v):
    if v is None:
        return napi_python.null
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        return napi_python.Object(**{k: decode(x) for k, x in v.items()})
    return v


@pytest.mark.parametrize("path, args, node", NODE["calls"],
                         ids=[f"{p}{json.dumps(a)}" for p, a, _ in NODE["calls"]])
def test_process_call_as_node(g, path, args, node):
    old = os.umask(0o22)
    try:
        try:
            got = shape(g.callPath(path, decode(args)))
        except napi_python.JSError as e:
            got = {"threw": e.name, "code": getattr(e, "code", None), "message": e.message}
    finally:
        os.umask(old)
    if path == "process.getgroups":  # (how many groups: the machine's)
        got, node = set(got["array"]), set(node["array"])
    assert got == node, (path, args, got, node)


def test_process_values_as_node(g):
    got = {name: shape(g.getPath("process." + name)) for name in ("title", "argv0", "execArgv",
                                                                  "exitCode")}
    got.update({name: g.typeofPath("process." + name) for name in NODE["values"] if name not in got})
    assert got == NODE["values"]


def test_measured_in_node_20():
    assert NODE["node"].startswith("v20.")


def test_hrtime_counts_forward(g):
    # the time since a given hrtime, as Node computes it (nanoseconds borrowed)
    start = g.callPath("process.hrtime", [])
    big = g.callPath("process.hrtime.bigint", [])
    time.sleep(0.01)
    sec, nsec = g.callPath("process.hrtime", [start])
    assert 0 <= nsec < 10**9 and 0.01 <= sec + nsec / 1e9 < 5
    assert 10**7 <= int(g.callPath("process.hrtime.bigint", [])) - int(big) < 5 * 10**9
    assert g.callPath("process.hrtime", [[sec * 0 + start[0], 999999999]])[1] < 10**9


def test_ids_umask_and_usage_are_the_process(g):
    assert g.callPath("process.getuid", []) == os.getuid()
    assert g.callPath("process.getegid", []) == os.getegid()
    assert os.getegid() in g.callPath("process.getgroups", [])
    old = os.umask(0o27)
    try:
        assert g.callPath("process.umask", []) == 0o27
        assert g.callPath("process.umask", ["077"]) == 0o27
        assert g.callPath("process.umask", [0o22]) == 0o77
        assert os.umask(0o22) == 0o22
    finally:
        os.umask(old)
    usage = g.callPath("process.cpuUsage", [])
    since = g.callPath("process.cpuUsage", [usage])
    assert 0 <= since["user"] < usage["user"] + 1 and usage["user"] > 0
    assert g.callPath("process.memoryUsage.rss", []) > 1 << 20
    assert 0 < g.callPath("process.uptime", []) < 24 * 3600
