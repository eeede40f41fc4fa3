"""The cookbook (docs/cookbook.rst) runs: every recipe is a script under
examples/cookbook/ that this test starts in a subprocess, in a prefix where
``napi_python.install`` put the packages from the npm registry, as a user would
(``napi-python install ...`` then ``python recipe.py``). The scripts check their
own results with asserts; the figures the argon2 recipe prints are not checked
(no timed assertions), only that it ran and cross-verified."""

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import pytest

import napi_python

ROOT = Path(__file__).resolve().parent.parent
COOKBOOK = ROOT / "examples" / "cookbook"
PREFIX = ROOT / ".cache" / "cookbook"      # git-ignored; reused between runs

# What the recipes install, pinned as docs/cookbook.rst says.
PACKAGES = {
    "@node-rs/argon2": "2.2.1",
    "@napi-rs/image": "1.15.0",
    "lightningcss": "1.33.0",
    "oxc-parser": "0.159.0",
}


@pytest.fixture(scope="module")
def prefix():
    """PREFIX with PACKAGES installed by napi_python.install (from package.json and
    the lock it wrote the first time: no registry metadata is read again)."""
    PREFIX.mkdir(parents=True, exist_ok=True)
    with open(PREFIX.parent / "cookbook-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        package_json = PREFIX / "package.json"
        wanted = {"dependencies": PACKAGES}
        if not package_json.exists() or json.loads(package_json.read_text()) != wanted:
            package_json.write_text(json.dumps(wanted, indent=2) + "\n")
        installed = napi_python.install(prefix=PREFIX, progress=False)
    names = {p.name for p in installed}
    assert set(PACKAGES) <= names, names
    return PREFIX


def run_recipe(prefix, script, *args):
    r = subprocess.run([sys.executable, str(COOKBOOK / script), *args], cwd=prefix,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"{script} failed:\n{r.stdout}\n{r.stderr}"
    return r.stdout


def test_every_recipe_is_tested_and_in_the_docs():
    scripts = sorted(p.name for p in COOKBOOK.glob("*.py"))
    tested = sorted(RECIPES)
    assert scripts == tested
    doc = (ROOT / "docs" / "cookbook.rst").read_text()
    for script in scripts:
        assert f"literalinclude:: ../examples/cookbook/{script}" in doc, script


def test_css_minify(prefix):
    out = run_recipe(prefix, "css_minify.py")
    assert out.splitlines()[0] == (".button{color:red;background-color:#000;"
                                   "transition:all .2s ease-in-out}.button:hover{color:red}")
    assert "SyntaxError: Unexpected end of input at 1:16" in out


def test_parse_js(prefix):
    out = run_recipe(prefix, "parse_js.py")
    assert "imports: ['node:fs/promises'] exports: ['answer', 'load']" in out


def test_resize_image(prefix, tmp_path):
    out = run_recipe(prefix, "resize_image.py")
    assert "input: 640x480 png" in out and "output: 320x240 webp" in out
    # and with files: the PNG written by the first run, resized again
    src, dst = tmp_path / "in.png", tmp_path / "out.webp"
    png = subprocess.run(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, sys.argv[1]); import resize_image as r;"
         "open(sys.argv[2], 'wb').write(r.gradient_png(640, 480))",
         str(COOKBOOK), str(src)], cwd=prefix, capture_output=True, text=True)
    assert png.returncode == 0, png.stderr
    out = run_recipe(prefix, "resize_image.py", str(src), str(dst))
    assert dst.read_bytes()[:4] == b"RIFF" and dst.read_bytes()[8:12] == b"WEBP"


def test_thick_wrapper(prefix):
    out = run_recipe(prefix, "thick_wrapper.py")
    assert "{'safari': 786432, 'chrome': 3932160}" in out


def test_argon2_server(prefix):
    # aiohttp and argon2-cffi come with the Makefile's TEST_DEPS
    out = run_recipe(prefix, "argon2_server.py", "--requests", "8", "--concurrency", "4")
    lines = out.splitlines()
    assert lines[0].startswith("node-rs ") and "requests/s" in lines[0]
    assert lines[1].startswith("argon2-cffi ") and "requests/s" in lines[1]
    assert lines[2] == "cross-verified: ok"


RECIPES = {
    "argon2_server.py": test_argon2_server,
    "css_minify.py": test_css_minify,
    "parse_js.py": test_parse_js,
    "resize_image.py": test_resize_image,
    "thick_wrapper.py": test_thick_wrapper,
}
