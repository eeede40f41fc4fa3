"""Sphinx configuration of the napi-python documentation.

Build with ``make docs`` (after ``make build``: the API page imports the installed
package). Warnings are errors there (``-W``).
"""

import os
import sys

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)

# autodoc must import the *installed* package (make build puts it in .venv), never
# the source tree: napi_python/ in the repository has no compiled _core. Running
# `python -m sphinx` from the repository root puts the root first on sys.path.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != ROOT]
# The local extension that generates the supported-functions table.
sys.path.insert(0, DOCS)

try:
    import napi_python
except ImportError as e:  # reported by setup() below, so that conf.py itself loads
    napi_python = None
    _import_error = e
else:
    _import_error = None

project = "napi-python"
author = "napi-python developers"
copyright = "napi-python developers"
release = napi_python.__version__ if napi_python is not None else "0.1.0"
version = release

extensions = [
    "sphinx.ext.autodoc",
    "gen_supported",
]

exclude_patterns = ["_build"]
templates_path = []
html_static_path = []

html_theme = "alabaster"
html_title = "napi-python"
html_theme_options = {
    "description": "Node-API native addons in CPython",
    "fixed_sidebar": True,
    "page_width": "1100px",
    "sidebar_width": "230px",
}

# Documented in the order of the source, with the signatures as written.
autodoc_member_order = "bysource"
autodoc_typehints = "none"

highlight_language = "python3"


def setup(app):
    if _import_error is not None:
        from sphinx.util import logging
        logging.getLogger(__name__).warning(
            "napi_python is not importable (%s): run `make build` before `make docs`; "
            "the API reference needs the installed package", _import_error)
