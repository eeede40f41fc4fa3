"""Cookbook: a package whose JS wrapper does part of the work (docs/cookbook.rst).

lightningcss's node/index.js picks the binary (napi_python.require does that),
passes `transform` through unchanged unless a `visitor` function is given, and
exports `browserslistToTargets`, which is plain JS: it turns browserslist's
output ("chrome 95", "safari 15.2-15.3") into the `targets` object the native
`transform` takes, one number per browser: major << 16 | minor << 8 | patch.
That function never reaches the binary, so in Python it is written again.

    napi-python install lightningcss@1.33.0
    python thick_wrapper.py
"""

from collections.abc import Iterable

import napi_python

css = napi_python.require("lightningcss")   # the native exports: no wrapper ran

# node/browserslistToTargets.js, line for line.
BROWSER_MAPPING = {"and_chr": "chrome", "and_ff": "firefox", "ie_mob": "ie",
                   "op_mob": "opera", "and_qq": None, "and_uc": None, "baidu": None,
                   "bb": None, "kaios": None, "op_mini": None}


def parse_version(version: str) -> int | None:
    parts = version.split("-")[0].split(".")
    try:
        major, minor, patch = (int(p) for p in (parts + ["0", "0"])[:3])
    except ValueError:          # parseInt gave NaN
        return None
    return (major << 16) | (minor << 8) | patch


def browserslist_to_targets(browserslist: Iterable[str]) -> dict[str, int]:
    targets: dict[str, int] = {}
    for browser in browserslist:
        name, version = browser.split(" ")
        if name in BROWSER_MAPPING and BROWSER_MAPPING[name] is None:
            continue
        parsed = parse_version(version)
        if parsed is None:
            continue
        if name not in targets or parsed < targets[name]:
            targets[name] = parsed   # the JS keys by `name` too, not by the mapping
    return targets


# What `npx browserslist "safari 12, chrome 60"` prints, as a list.
targets = browserslist_to_targets(["safari 12.1", "safari 12", "chrome 60", "op_mini all"])
print(targets)
assert targets == {"safari": 12 << 16, "chrome": 60 << 16}

source = b".card { inset: 0; color: lab(52% 40 60); & .title { font-weight: bold } }"
modern = bytes(css.transform({"filename": "a.css", "code": source, "minify": True}).code)
old = bytes(css.transform({"filename": "a.css", "code": source, "minify": True,
                           "targets": targets}).code)
print("no targets:   ", modern.decode())
print("safari 12 ... ", old.decode())
# For those browsers lightningcss lowers `inset`, lab() colours and CSS nesting.
assert b"top:0" in old and b"inset" not in old and b".card .title" in old
assert b"inset:0" in modern
