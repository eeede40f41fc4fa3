"""Package metadata (issue 15.4): the version from one place, LICENSE and
classifiers in the sdist, a long description PyPI renders (``twine check``)."""

import importlib.metadata
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import napi_python

ROOT = Path(__file__).resolve().parent.parent


def test_version_comes_from_the_installed_metadata():
    assert napi_python.__version__ == importlib.metadata.version("napi-python")
    assert "version = \"%s\"" % napi_python.__version__ in (ROOT / "pyproject.toml").read_text()


def test_cli_prints_the_version(tmp_path):
    r = subprocess.run([sys.executable, "-m", "napi_python", "--version"],
                       capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"napi-python {napi_python.__version__}"


def test_a_bare_import_leaves_asyncio_and_the_metadata_out():
    # `import napi_python` and synchronous use (a promise waited for with result())
    # import neither asyncio, importlib.metadata nor inspect, which were two thirds
    # of its import time: asyncio comes with the first use that needs it,
    # __version__ reads the metadata when asked. Awaiting afterwards works as ever.
    from conftest import build_test_addon, run_python
    path = build_test_addon("async_work")
    r = run_python(f"""
import sys
import napi_python
addon = napi_python.load_addon({str(path)!r})
print(sorted(m for m in ("asyncio", "importlib.metadata", "inspect") if m in sys.modules))
print(addon.asyncAdd(1, 2).result(timeout=60))
print(sorted(m for m in ("asyncio", "importlib.metadata", "inspect") if m in sys.modules))
import asyncio
async def main():
    return await addon.asyncAdd(3, 4)
print(asyncio.run(main()), napi_python.__version__ == {napi_python.__version__!r})
""")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "[]\n3.0\n[]\n7.0 True\n"


def test_cli_runs_from_the_repository_root():
    # `make build` installs in editable mode: the source folder imports the built core.
    r = subprocess.run([sys.executable, "-m", "napi_python", "--help"],
                       capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "inspect" in r.stdout


def test_a_source_tree_without_the_core_says_so(tmp_path):
    """Python started in a checkout that was not built (the source folder shadows an
    installed napi-python: ``python -m`` puts the current directory first) said
    "No module named 'napi_python._core'"; now it says what the folder is and what to
    do. (-S: no site, so no editable-install finder answers instead of the folder.)"""
    import shutil
    src = tmp_path / "napi_python"
    src.mkdir()
    for f in (ROOT / "napi_python").glob("*.py"):
        shutil.copy(f, src)
    r = subprocess.run([sys.executable, "-S", "-c", "import napi_python"],
                       capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1] == (
        f"ImportError: napi_python is imported from {src}, which has no compiled core "
        f"(napi_python._core): a source checkout that was not built. Build it there with "
        f"`make build` (an editable install into .venv), or start Python from another "
        f"directory so that the installed napi-python is imported"), r.stderr


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    out = tmp_path_factory.mktemp("sdist")
    r = subprocess.run([sys.executable, "-c",
                        "import sys; from scikit_build_core.build import build_sdist; "
                        "print(build_sdist(sys.argv[1]))", str(out)],
                       capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return out / r.stdout.strip().splitlines()[-1]


def test_sdist_has_license_metadata_and_no_build_outputs(sdist):
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
        top = names[0].split("/")[0]
        assert f"{top}/LICENSE" in names
        assert not [n for n in names if "node_modules" in n or n.endswith((".so", ".node"))]
        pkg_info = tar.extractfile(f"{top}/PKG-INFO").read().decode()
    assert "Classifier: License :: OSI Approved :: MIT License" in pkg_info
    for v in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {v}" in pkg_info
    assert "Description-Content-Type: text/markdown" in pkg_info


def test_twine_check_passes(sdist):
    r = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(sdist)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "PASSED" in r.stdout
