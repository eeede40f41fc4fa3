"""Shared set-up of the corpus tests (tests/test_corpus_*.py): real addons from npm.

The packages pinned in tests/corpus/package.json (and package-lock.json) are
installed on first use with ``npm ci --ignore-scripts --legacy-peer-deps`` into
tests/corpus/node_modules, and again whenever package-lock.json is newer than the
installation. ``make test`` runs the suite, so it installs them too; npm and the
registry are needed once.

    from corpus.support import corpus_addon, needs_issue_4

    xxhash = corpus_addon("@node-rs/xxhash")      # napi_python.require from the corpus

Addons that cannot load without async support (napi-rs creates a threadsafe
function while registering) raise :class:`NeedsAsyncSupport` from ``corpus_addon``
when the core reports those functions as not implemented, and ``with
async_calls():`` does the same for one call. A test that may only fail that way
carries ``@needs_issue_4("...")``, a strict xfail accepting only that exception: a
failure for any other reason is a real failure, and a pass is one too (XPASS
strict), so the marker is removed as soon as the support exists.
"""

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent
NODE_MODULES = CORPUS / "node_modules"
LOCK = CORPUS / "package-lock.json"
STAMP = NODE_MODULES / ".napi-python-installed"
INSTALL_LOCK = CORPUS.parent.parent / ".cache" / "corpus-install.lock"  # git-ignored

_installed = False


def _up_to_date(directory):
    stamp = directory / "node_modules" / STAMP.name
    lock = directory / "package-lock.json"
    return stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime


def npm_ci(directory):
    """Installs the packages pinned in ``directory``'s package-lock.json into its
    node_modules (``npm ci --ignore-scripts --legacy-peer-deps``) unless the stamp
    says they are already; returns the node_modules path. Used for the corpus and
    for the smoke corpus (tests/smoke)."""
    directory = Path(directory)
    if not _up_to_date(directory):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"these tests need npm to install {directory}/package.json "
                        "(npm ci --ignore-scripts --legacy-peer-deps)", pytrace=False)
        # One installer at a time (pytest-xdist workers, two suites at once).
        INSTALL_LOCK.parent.mkdir(parents=True, exist_ok=True)
        with open(INSTALL_LOCK, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not _up_to_date(directory):
                r = subprocess.run(
                    [npm, "ci", "--ignore-scripts", "--legacy-peer-deps", "--no-audit",
                     "--no-fund", "--loglevel=error"],
                    cwd=directory, capture_output=True, text=True, timeout=900)
                if r.returncode != 0:
                    pytest.fail(f"npm ci in {directory} failed:\n{r.stdout}\n{r.stderr}",
                                pytrace=False)
                (directory / "node_modules" / STAMP.name).touch()
    return directory / "node_modules"


def ensure_installed():
    """Installs the pinned corpus packages if needed; returns the node_modules path."""
    global _installed
    if not _installed:
        npm_ci(CORPUS)
        _installed = True
    return NODE_MODULES


class NeedsAsyncSupport(Exception):
    """The addon needs async work, promises or threadsafe functions (issue #4)."""


# Messages napi-rs throws when napi_create_threadsafe_function fails while the
# module registers (its custom GC threadsafe function), and the core's own text for
# the not-yet-implemented async functions.
_ASYNC_MARKERS = ("ThreadsafeFunction", "threadsafe functions are not implemented yet")


_loaded = {}  # package -> exports, or the NeedsAsyncSupport it raised


def corpus_addon(package, paths=None):
    """``napi_python.require(package)`` from the corpus node_modules (installing it
    first). Raises NeedsAsyncSupport when loading fails only for lack of issue #4,
    and again on every later call (a second load of a half-registered addon would
    not be the same test)."""
    import napi_python
    key = (package, tuple(map(str, paths or ())))
    if key in _loaded:
        result = _loaded[key]
        if isinstance(result, NeedsAsyncSupport):
            raise result
        return result
    ensure_installed()
    try:
        result = napi_python.require(package, paths=paths or [NODE_MODULES])
    except napi_python.JSError as e:
        if not any(marker in str(e) for marker in _ASYNC_MARKERS):
            raise
        result = NeedsAsyncSupport(f"{package}: {e}")
        _loaded[key] = result
        raise result from e
    _loaded[key] = result
    return result


def corpus_path(relative):
    """A path inside the corpus node_modules (installing it first)."""
    return ensure_installed() / relative


def needs_issue_4(why):
    """Strict xfail for a test that fails only because async support (issue #4) is
    missing: the failure must be NeedsAsyncSupport; anything else fails the test."""
    return pytest.mark.xfail(strict=True, raises=NeedsAsyncSupport,
                             reason=f"needs issue #4: {why}")


class async_calls:
    """``with async_calls(): ...`` turns the core's "not implemented yet" error of an
    async Node-API function (issue #4) into NeedsAsyncSupport."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        import napi_python
        if isinstance(exc, napi_python.JSError) and any(m in str(exc) for m in _ASYNC_MARKERS):
            raise NeedsAsyncSupport(str(exc)) from exc
        return False
