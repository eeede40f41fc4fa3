"""Date.prototype's toDateString, toTimeString, toUTCString, toGMTString and getYear
(and toString) as an addon calls them on a date it made (the globals addon's
newPath("Date", [t]) and callMethod), compared with Node 20's answers under TZ=UTC
(tests/node_reference/date_methods.json, measured by date_methods.js there): years
before 1 and after 9999, the limits of the time value, an Invalid Date."""

import json
import math
from pathlib import Path

import pytest

from conftest import load_test_addon

NODE = json.loads((Path(__file__).parent / "node_reference" / "date_methods.json").read_text())


@pytest.fixture(scope="module")
def g():
    return load_test_addon("globals")


@pytest.mark.parametrize("t, method, node", NODE["calls"],
                         ids=[f"{json.dumps(t)}.{m}" for t, m, _ in NODE["calls"]])
def test_date_method_as_node(g, t, method, node):
    date = g.newPath("Date", [math.nan if isinstance(t, dict) else float(t)])
    got = g.callMethod(date, method, [])
    if isinstance(got, float) and math.isnan(got):
        got = {"$": "NaN"}
    elif isinstance(got, float) and got.is_integer():
        got = int(got)
    assert got == node, (t, method, got, node)


def test_measured_in_node_20():
    assert NODE["node"].startswith("v20.")
