"""Building the Rust test addons with cargo: napi-rs (``tests/addons/rust_napi``) and
Neon (``tests/addons/rust_neon``).

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

Two more crates are one build each (``load_crate_addon(name)``): the Neon addon
(``rust_neon``; Neon 1.x imports no ``napi_*`` symbol either and looks each one up
with ``dlsym`` when loaded) and ``rust_napi_more`` (napi-rs with its default
features: threadsafe functions, tasks, binary data, serde values...).

Run ``python tests/rust_addon.py [linked|dyn-symbols|rust_neon|rust_napi_more]`` to
build from a shell.
"""

import fcntl
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


def _newest_source_mtime(crate):
    paths = [crate / "Cargo.toml", crate / "Cargo.lock", crate / "build.rs"]
    paths += (crate / "src").rglob("*.rs")
    return max(p.stat().st_mtime for p in paths if p.exists())


def _cargo_build(crate, lib_stem, out, features=(), verbose=False):
    """Builds crate's cdylib (if a source is newer than out) and copies it to out."""
    if out.exists() and out.stat().st_mtime >= _newest_source_mtime(crate):
        return out
    # `make test` runs two pytest sessions at once: cargo locks its target directory
    # for a build, but the copy below must take the build this process asked for
    # (cargo writes every feature set of a crate to the same file).
    BUILD.mkdir(parents=True, exist_ok=True)
    with open(BUILD / "cargo-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if out.exists() and out.stat().st_mtime >= _newest_source_mtime(crate):
            return out   # (built by the other session meanwhile)
        return _cargo_build_locked(crate, lib_stem, out, features, verbose)


def _cargo_build_locked(crate, lib_stem, out, features, verbose):
    if not Path(CARGO).exists():
        raise RuntimeError(
            f"cargo not found: the Rust test addon {crate.name} needs a Rust toolchain "
            "(https://rustup.rs; set CARGO to its path)")
    cmd = [CARGO, "build", "--release", "--locked",
           "--manifest-path", str(crate / "Cargo.toml"),
           "--target-dir", str(TARGET_DIR)]
    if features:
        cmd += ["--features", ",".join(features)]
    started = time.monotonic()
    r = subprocess.run(cmd, capture_output=not verbose, text=True, timeout=1800)
    if r.returncode != 0:
        raise RuntimeError(
            f"building the Rust test addon {crate.name} failed:\n{' '.join(cmd)}\n"
            f"{r.stderr or ''}")
    if verbose:
        print(f"cargo build ({out.name}) took {time.monotonic() - started:.1f}s")
    # cargo overwrites the same lib<crate>.so for every feature set, so copy it
    # out right after each build.
    built = TARGET_DIR / "release" / f"lib{lib_stem}.so"
    tmp = out.with_name(f"{out.stem}.{os.getpid()}.tmp")
    shutil.copyfile(built, tmp)
    tmp.replace(out)
    return out


def build_rust_addon(variant="linked", verbose=False):
    """Builds the napi-rs addon (if its sources changed) and returns the .node path."""
    if variant not in VARIANTS:
        return build_crate_addon(variant, verbose)
    stem, features = VARIANTS[variant]
    return _cargo_build(CRATE, "rust_napi", BUILD / f"{stem}.node", features, verbose)


def build_crate_addon(name, verbose=False):
    """Builds the one-build crate tests/addons/<name> (if its sources changed) and
    returns the .node path."""
    return _cargo_build(TESTS / "addons" / name, name, BUILD / f"{name}.node", (), verbose)


def build_neon_addon(verbose=False):
    """Builds the Neon addon (if its sources changed) and returns the .node path."""
    return build_crate_addon("rust_neon", verbose)


def load_crate_addon(name):
    """Builds (if needed) and loads tests/addons/<name>; returns its exports."""
    import napi_python
    return napi_python.load_addon(build_crate_addon(name))


def load_neon_addon():
    """Builds (if needed) and loads the Neon addon; returns its exports."""
    return load_crate_addon("rust_neon")


def load_rust_addon(variant="linked"):
    """Builds (if needed) and loads the napi-rs addon; returns its exports."""
    import napi_python
    return napi_python.load_addon(build_rust_addon(variant))


if __name__ == "__main__":
    for name in sys.argv[1:] or [*VARIANTS, "rust_neon", "rust_napi_more"]:
        print(build_rust_addon(name, verbose=True))
