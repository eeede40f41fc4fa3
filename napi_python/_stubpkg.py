"""A typed package for an npm package's addon (``python -m napi_python stubgen NAME``):
the package is found as :func:`napi_python.require` finds it, its ``.d.ts`` read and
rendered as a ``.pyi`` by ``_stubgen.py``, and an ``__init__.py`` that loads the
addon written next to it (docs/typing.rst)."""

import keyword
import os
import re

from ._require import package_of, require
from ._stubgen import declarations_for, render_stub

__all__ = ["stub_for_package", "write_stub_package", "module_name_for"]


def module_name_for(package):
    """``@node-rs/argon2`` -> ``node_rs_argon2``."""
    n = re.sub(r"\W+", "_", package.lstrip("@")).strip("_").lower() or "addon"
    if n[0].isdigit() or keyword.iskeyword(n):
        n = "_" + n
    return n


_LOADER = '''\
"""The native exports of the npm package {package!r}, typed by __init__.pyi.

Written by `python -m napi_python stubgen`: loads the addon with
napi_python.require() on first import (found from the current directory, NODE_PATH,
or the directories above this package). See docs/typing.rst.
"""
import os as _os
import typing as _t

import napi_python as _napi

PACKAGE = {package!r}


def _load() -> _napi.Object:
    try:
        return _napi.require(PACKAGE)
    except ImportError:
        here = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
        dirs: list[str] = []
        while True:
            dirs.append(here)
            parent = _os.path.dirname(here)
            if parent == here:
                break
            here = parent
        return _napi.require(PACKAGE, paths=dirs)


exports = _load()
globals().update({{k: exports[k] for k in exports if not k.startswith("__")}})


def __getattr__(name: str) -> _t.Any:
    try:
        return exports[name]
    except KeyError:
        raise AttributeError(f"{{PACKAGE!r}} has no export {{name!r}}") from None
'''


def stub_for_package(name, paths=None, load=True):
    """(stub text, Declarations) for the npm package ``name``; raises ImportError
    when it cannot be found, LookupError when it ships no declarations."""
    pkg_dir, pkg_name = package_of(name, paths)
    if pkg_dir is None:
        raise ImportError(f"no package.json found for {name!r}")
    decls = declarations_for(pkg_dir, pkg_name)
    if decls is None:
        raise LookupError(f"package {name!r} ({pkg_dir}) ships no TypeScript declarations "
                          "(no types/typings in package.json, no index.d.ts)")
    exports = None
    if load:
        try:
            exports = require(name, paths)
        except Exception as e:      # AddonLoadError, or what the addon's init threw
            raise ImportError(f"cannot load {name!r}: {type(e).__name__}: {e} (--no-load "
                              "writes the stub from the declarations alone)") from e
    return render_stub(decls, f"the npm package {pkg_name or name!r}", exports), decls


def write_stub_package(name, out_dir, module=None, paths=None, load=True):
    """Writes ``out_dir/<module>/`` (``__init__.py`` loading the addon,
    ``__init__.pyi``, ``py.typed``); returns its path."""
    text, _ = stub_for_package(name, paths, load)
    module = module or module_name_for(package_of(name, paths)[1] or os.fspath(name))
    pkg = os.path.join(out_dir, module)
    os.makedirs(pkg, exist_ok=True)
    with open(os.path.join(pkg, "__init__.pyi"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(pkg, "__init__.py"), "w", encoding="utf-8") as f:
        f.write(_LOADER.format(package=package_of(name, paths)[1] or os.fspath(name)))
    with open(os.path.join(pkg, "py.typed"), "w", encoding="utf-8") as f:
        f.write("")
    return pkg
