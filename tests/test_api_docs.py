"""docs/api.rst documents everything public: every name of napi_python.__all__ has
an entry there (a Sphinx directive naming it), every public attribute of the module
is in __all__, and what require raises is importable from napi_python."""

import re
from pathlib import Path

import napi_python

API = Path(__file__).resolve().parent.parent / "docs" / "api.rst"
DIRECTIVE = re.compile(r"^\.\. (?:auto)?(?:function|class|exception|data)::\s+(\w+)")
CONTINUATION = re.compile(r"^ {3,}(\w+)\(")   # further signatures of one directive


def documented_names():
    names, in_signatures = set(), False
    for line in API.read_text().splitlines():
        m = DIRECTIVE.match(line)
        if m:
            names.add(m.group(1))
            in_signatures = True
            continue
        m = CONTINUATION.match(line) if in_signatures else None
        if m and not line.lstrip().startswith(":"):
            names.add(m.group(1))
        else:
            in_signatures = False
    return names


def test_every_public_name_is_in_the_api_reference():
    missing = sorted(set(napi_python.__all__) - documented_names())
    assert missing == []


def test_every_public_attribute_is_in_all():
    public = {n for n in dir(napi_python)
              if not n.startswith("_") and not isinstance(getattr(napi_python, n), type(re))}
    assert sorted(public - set(napi_python.__all__)) == []
    for name in napi_python.__all__:
        assert hasattr(napi_python, name), name


def test_require_raises_an_exported_type(tmp_path):
    try:
        napi_python.require("no-such-package-here", paths=[tmp_path])
    except napi_python.AddonNotFoundError as e:
        assert isinstance(e, napi_python.AddonLoadError) and isinstance(e, ImportError)
        assert "no-such-package-here" in str(e)
    else:
        raise AssertionError("require found a package that does not exist")
