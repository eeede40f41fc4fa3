"""Building the napi-rs test addon (``tests/addons/rust_napi``) with cargo.

    from rust_addon import load_rust_addon
    addon = load_rust_addon()                      # napi_* imported via the dynamic linker
    addon = load_rust_addon("dyn-symbols")         # napi_* looked up with dlsym at load

The crate uses the crates ``napi``/``napi-derive``/``napi-build`` from crates.io; the
committed ``Cargo.lock`` pins them (``--locked``). Build products go to
``.cache/cargo-target``; the addon is copied to ``.cache/test-addons/<name>.node`` and
rebuilt only when a crate source is newer than it.

Two variants, because published napi-rs addons come in both:

* ``"linked"`` (``rust_napi.node``): ``napi`` without its default features; every
  ``napi_*`` function is an undefined dynamic symbol resolved when the addon is loaded.
* ``"dyn-symbols"`` (``rust_napi_dyn.node``): napi's default ``dyn-symbols`` feature;
  the addon imports no ``napi_*`` symbol and, in ``napi_register_module_v1``, looks
  each one up with ``dlsym`` on ``dlopen(NULL)`` (the process's global scope). A
  symbol it cannot find is replaced by a stub that prints "Node-API symbol ... has
  not been loaded" and returns ``napi_invalid_arg``.

Run ``python tests/rust_addon.py [linked|dyn-symbols]`` to build from a shell.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CRATE = TESTS / "addons" / "rust_napi"
TARGET_DIR = ROOT / ".cache" / "cargo-target"
BUILD = ROOT / ".cache" / "test-addons"

VARIANTS = {
    # variant: (output file stem, cargo features)
    "linked": ("rust_napi", []),
    "dyn-symbols": ("rust_napi_dyn", ["dyn-symbols"]),
}

CARGO = os.environ.get("CARGO") or shutil.which("cargo") or str(
    Path.home() / ".cargo" / "bin" / "cargo")


def _newest_source_mtime():
    paths = [CRATE / "Cargo.toml", CRATE / "Cargo.lock", CRATE / "build.rs"]
    paths += (CRATE / "src").rglob("*.rs")
    return max(p.stat().st_mtime for p in paths if p.exists())


def build_rust_addon(variant="linked", verbose=False):
    """Builds the napi-rs addon (if its sources changed) and returns the .node path."""
    stem, features = VARIANTS[variant]
    out = BUILD / f"{stem}.node"
    if out.exists() and out.stat().st_mtime >= _newest_source_mtime():
        return out
    if not Path(CARGO).exists():
        raise RuntimeError(
            "cargo not found: the napi-rs test addon needs a Rust toolchain "
            "(https://rustup.rs; set CARGO to its path)")
    cmd = [CARGO, "build", "--release", "--locked",
           "--manifest-path", str(CRATE / "Cargo.toml"),
           "--target-dir", str(TARGET_DIR)]
    if features:
        cmd += ["--features", ",".join(features)]
    started = time.monotonic()
    r = subprocess.run(cmd, capture_output=not verbose, text=True, timeout=1800)
    if r.returncode != 0:
        raise RuntimeError(
            f"building the napi-rs test addon failed:\n{' '.join(cmd)}\n{r.stderr or ''}")
    if verbose:
        print(f"cargo build ({variant}) took {time.monotonic() - started:.1f}s")
    # cargo overwrites the same librust_napi.so for every feature set, so copy it
    # out right after each build.
    built = TARGET_DIR / "release" / "librust_napi.so"
    BUILD.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    shutil.copyfile(built, tmp)
    tmp.replace(out)
    return out


def load_rust_addon(variant="linked"):
    """Builds (if needed) and loads the napi-rs addon; returns its exports."""
    import napi_python
    return napi_python.load_addon(build_rust_addon(variant))


if __name__ == "__main__":
    for name in sys.argv[1:] or list(VARIANTS):
        print(build_rust_addon(name, verbose=True))
