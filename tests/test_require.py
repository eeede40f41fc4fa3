"""napi_python.require(): finding an npm package's prebuilt binary for this
platform the way the packages' own loaders do (issue #6). The node_modules trees
are made here, with a real test addon copied to every candidate file name."""

import json
import os
import platform as _platform
import shutil

import pytest

import napi_python
from conftest import build_test_addon
from napi_python._require import AddonNotFoundError, find_addon, host_platform

PLAT, ARCH, LIBC = host_platform()
OTHER_LIBC = {"glibc": "musl", "musl": "glibc"}.get(LIBC)
ABI = {"glibc": "gnu", "musl": "musl"}.get(LIBC)
TRIPLE = f"{PLAT}-{ARCH}" + (f"-{ABI}" if ABI else "")
ADDON = build_test_addon("values")


def put(path, meta=None):
    """Creates a file (a copy of a real addon for .node names) or a package.json."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if meta is not None:
        path.write_text(json.dumps(meta))
    elif path.suffix == ".node":
        shutil.copyfile(ADDON, path)
    else:
        path.write_text("")
    return path


def package(root, name, **meta):
    d = root / "node_modules" / name
    put(d / "package.json", {"name": name, "version": "1.0.0", **meta})
    return d


def test_host_platform_uses_node_names():
    assert PLAT == "linux"
    assert ARCH in ("x64", "arm64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64")
    assert LIBC in ("glibc", "musl")


def test_prebuilds_prefer_the_napi_build_for_this_libc(tmp_path):
    d = package(tmp_path, "lmdb-like")
    pre = d / "prebuilds" / f"{PLAT}-{ARCH}"
    for name in (f"node.abi115.{LIBC}.node", f"node.napi.{OTHER_LIBC}.node",
                 f"node.napi.{LIBC}.node", "node.abi127.node"):
        put(pre / name)
    put(d / "prebuilds" / "win32-x64" / "node.napi.node")
    assert find_addon("lmdb-like", [tmp_path]) == str(pre / f"node.napi.{LIBC}.node")


def test_prebuilds_untagged_and_other_libc(tmp_path):
    d = package(tmp_path, "classic")
    pre = d / "prebuilds" / f"{PLAT}-{ARCH}"
    put(pre / f"classic.{OTHER_LIBC}.node")
    put(pre / "classic.node")
    assert find_addon("classic", [tmp_path / "node_modules"]) == str(pre / "classic.node")


def test_multi_arch_prebuild_directory(tmp_path):
    d = package(tmp_path, "fat")
    path = put(d / "prebuilds" / f"{PLAT}-{ARCH}+other" / "fat.node")
    assert find_addon("fat", [tmp_path]) == str(path)


def test_local_build_wins(tmp_path):
    d = package(tmp_path, "built")
    put(d / "prebuilds" / f"{PLAT}-{ARCH}" / "built.node")
    local = put(d / "build" / "Release" / "built.node")
    assert find_addon("built", [tmp_path]) == str(local)


def test_napi_rs_platform_package(tmp_path):
    package(tmp_path, "@scope/thing", main="index.js",
            optionalDependencies={f"@scope/thing-{PLAT}-{ARCH}-musl": "1.0.0",
                                  f"@scope/thing-{PLAT}-{ARCH}-gnu": "1.0.0",
                                  "@scope/thing-win32-x64-msvc": "1.0.0"})
    for abi in ("gnu", "musl"):
        dep = package(tmp_path, f"@scope/thing-{PLAT}-{ARCH}-{abi}",
                      main=f"thing.{PLAT}-{ARCH}-{abi}.node", os=[PLAT], cpu=[ARCH])
        put(dep / f"thing.{PLAT}-{ARCH}-{abi}.node")
    expected = (tmp_path / "node_modules" / f"@scope/thing-{TRIPLE}" / f"thing.{TRIPLE}.node")
    assert find_addon("@scope/thing", [tmp_path]) == str(expected)


def test_main_with_a_dot_segment_gives_a_normalized_path(tmp_path):
    """rollup's platform package says "main": "./rollup.linux-x64-gnu.node": the path
    (also the module file name the addon is told) is the one Node resolves, without
    the "./" segment."""
    package(tmp_path, "rollish", main="dist/index.js",
            optionalDependencies={f"@rollish/{PLAT}-{ARCH}": "1.0.0"})
    dep = package(tmp_path, f"@rollish/{PLAT}-{ARCH}", main=f"./r.{PLAT}-{ARCH}.node",
                  os=[PLAT], cpu=[ARCH])
    put(dep / f"r.{PLAT}-{ARCH}.node")
    assert find_addon("rollish", [tmp_path]) == str(dep / f"r.{PLAT}-{ARCH}.node")
    pkg = package(tmp_path, "mainonly", main="./lib/../addon.node")
    put(pkg / "addon.node")
    assert find_addon("mainonly", [tmp_path]) == str(pkg / "addon.node")


def test_napi_rs_local_file_named_for_the_platform(tmp_path):
    d = package(tmp_path, "local-rs", main="index.js")
    put(d / "local.win32-x64-msvc.node")
    path = put(d / f"local.{TRIPLE}.node")
    assert find_addon("local-rs", [tmp_path]) == str(path)


def test_platform_package_nested_in_the_package(tmp_path):
    # npm nests a dependency under the package when versions clash (snappy's case)
    d = package(tmp_path, "snappy-like",
                optionalDependencies={f"@napi-rs/snappy-like-{TRIPLE}": "1.0.0"})
    dep = d / "node_modules" / f"@napi-rs/snappy-like-{TRIPLE}"
    put(dep / "package.json", {"name": "x", "main": "s.node"})
    path = put(dep / "s.node")
    assert find_addon("snappy-like", [tmp_path]) == str(path)


def test_platform_package_named_by_package_json_libc(tmp_path):
    # sharp: @img/sharp-linux-x64 has no libc in its name but says it in package.json;
    # its binary lies in lib/ and there is no "main"
    package(tmp_path, "sharpish", optionalDependencies={
        f"@img/sharpish-{PLAT}musl-{ARCH}": "1", f"@img/sharpish-{PLAT}-{ARCH}": "1",
        f"@img/sharpish-libvips-{PLAT}-{ARCH}": "1"})
    libvips = package(tmp_path, f"@img/sharpish-libvips-{PLAT}-{ARCH}", libc=[LIBC])
    put(libvips / "lib" / "libvips.so")
    dep = package(tmp_path, f"@img/sharpish-{PLAT}-{ARCH}", os=[PLAT], cpu=[ARCH], libc=[LIBC])
    path = put(dep / "lib" / f"sharpish-{PLAT}-{ARCH}-1.0.node")
    assert find_addon("sharpish", [tmp_path]) == str(path)


def test_platform_package_with_a_directory_per_libc(tmp_path):
    # koffi: @koromix/koffi-linux-x64 (os/cpu only, "main" is index.js) holds
    # linux_x64/koffi.node and musl_x64/koffi.node; its index.js picks by C library
    package(tmp_path, "ffiish", optionalDependencies={
        f"@k/ffiish-{PLAT}-{ARCH}": "1", f"@k/ffiish-darwin-{ARCH}": "1"})
    dep = package(tmp_path, f"@k/ffiish-{PLAT}-{ARCH}", os=[PLAT], cpu=[ARCH],
                  main="./index.js")
    ours = put(dep / f"{'musl' if LIBC == 'musl' else PLAT}_{ARCH}" / "ffiish.node")
    put(dep / f"{'musl' if LIBC != 'musl' else PLAT}_{ARCH}" / "ffiish.node")
    put(dep / f"darwin_{ARCH}" / "ffiish.node")
    put(dep / f"{PLAT}_riscv64" / "ffiish.node")
    assert find_addon("ffiish", [tmp_path]) == str(ours)
    napi_python.require("ffiish", paths=[tmp_path])


# This machine's name as uname and Rust target triples spell it (x86_64, aarch64)
MACHINE = _platform.machine()
OTHER_MACHINE = "aarch64" if ARCH == "x64" else "x86_64"


def test_rust_target_triples_in_file_names(tmp_path):
    """Neon and Zig packages name their binaries by Rust target triple, their
    index.js picking the one for the host: @vizzly-testing/honeydiff's
    platforms/index-x86_64-unknown-linux-gnu.node, posix-node's
    dist/x86_64-linux-gnu.node beside aarch64-linux-gnu.node and x86_64-macos.node."""
    d = package(tmp_path, "neonish", main="index.js")
    for triple in (f"{OTHER_MACHINE}-unknown-linux-{ABI}", "x86_64-pc-windows-msvc",
                   "aarch64-apple-darwin"):
        put(d / "platforms" / f"index-{triple}.node")
    ours = put(d / "platforms" / f"index-{MACHINE}-unknown-linux-{ABI}.node")
    assert find_addon("neonish", [tmp_path]) == str(ours)
    z = package(tmp_path, "zigish", main="dist/index.js")
    for name in (f"{OTHER_MACHINE}-linux-{ABI}", f"{MACHINE}-macos", f"{OTHER_MACHINE}-macos"):
        put(z / "dist" / f"{name}.node")
    ours = put(z / "dist" / f"{MACHINE}-linux-{ABI}.node")
    assert find_addon("zigish", [tmp_path]) == str(ours)
    napi_python.require("zigish", paths=[tmp_path])


def test_uname_system_and_machine_tags(tmp_path):
    """ftdi-d2xx: build/Release/ftdi-d2xx.${os.type()}.${machine}.node for each
    platform, its main.js picking Linux.x86_64: the others are not this host's."""
    d = package(tmp_path, "unameish", main="main.js")
    rel = d / "build" / "Release"
    for name in (f"Darwin.{MACHINE}", "Darwin.arm64", "Windows.AMD64", f"Linux.{OTHER_MACHINE}"):
        put(rel / f"unameish.{name}.node")
    ours = put(rel / f"unameish.Linux.{MACHINE}.node")
    assert find_addon("unameish", [tmp_path]) == str(ours)


def test_platform_package_for_another_libc_is_refused(tmp_path):
    package(tmp_path, "wrong", optionalDependencies={f"wrong-{PLAT}-{ARCH}": "1"})
    dep = package(tmp_path, f"wrong-{PLAT}-{ARCH}", main="w.node", libc=[OTHER_LIBC])
    put(dep / "w.node")
    with pytest.raises(AddonNotFoundError) as info:
        find_addon("wrong", [tmp_path])
    assert f"for libc ['{OTHER_LIBC}']" in str(info.value)


def test_search_upward_from_the_current_directory(tmp_path, monkeypatch):
    d = package(tmp_path, "upward")
    path = put(d / "build" / "Release" / "upward.node")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_addon("upward") == str(path)


def test_missing_package_lists_where_it_looked(tmp_path):
    with pytest.raises(ImportError) as info:
        napi_python.require("no-such-package", paths=[tmp_path])
    assert isinstance(info.value, napi_python.AddonLoadError)
    assert str(tmp_path / "node_modules" / "no-such-package") in str(info.value)


def test_package_without_a_binary_lists_where_it_looked(tmp_path):
    package(tmp_path, "pure-js", main="index.js",
            optionalDependencies={f"pure-js-{TRIPLE}": "1.0.0"})
    with pytest.raises(AddonNotFoundError) as info:
        find_addon("pure-js", [tmp_path])
    text = str(info.value)
    assert f"no prebuilt binary for {PLAT}-{ARCH}" in text
    assert os.path.join("prebuilds", f"{PLAT}-{ARCH}") in text
    assert os.path.join("build", "Release") in text
    assert f"pure-js-{TRIPLE} (optional dependency, not installed)" in text
    # and says how to get it without npm
    assert (f"; its platform package pure-js-{TRIPLE} is not installed (a node_modules "
            "made on another machine, or without optional dependencies): `napi-python "
            "install` in the project installs it") in text


def test_package_that_ships_a_native_program_says_so(tmp_path):
    """esbuild and @biomejs/biome install a platform package holding an executable
    (@esbuild/linux-x64/bin/esbuild), not a .node file: the error names the program
    and says it is one, rather than only that no binary was found. A real ELF
    executable is copied in (this interpreter); a non-executable ELF file (a shared
    library the package loads) and a text script are not named."""
    import sys
    package(tmp_path, "cli", main="lib/main.js", optionalDependencies={f"@cli/{PLAT}-{ARCH}": "1"})
    plat_dir = package(tmp_path, f"@cli/{PLAT}-{ARCH}", os=[PLAT], cpu=[ARCH])
    exe = plat_dir / "bin" / "cli"
    exe.parent.mkdir(parents=True)
    shutil.copyfile(os.path.realpath(sys.executable), exe)
    exe.chmod(0o755)
    lib = plat_dir / "lib" / "libhelper.so"
    lib.parent.mkdir(parents=True)
    shutil.copyfile(os.path.realpath(sys.executable), lib)
    lib.chmod(0o644)
    put(plat_dir / "bin" / "wrapper.sh").chmod(0o755)
    with pytest.raises(AddonNotFoundError) as info:
        find_addon("cli", [tmp_path])
    text = str(info.value)
    assert f"no prebuilt binary for {PLAT}-{ARCH}" in text
    assert f"native program rather than a Node-API addon (run it as a subprocess): {exe};" in text
    assert "libhelper" not in text and "wrapper.sh" not in text
    # a package without one keeps the plain message
    package(tmp_path, "pure", main="index.js")
    with pytest.raises(AddonNotFoundError) as info:
        find_addon("pure", [tmp_path])
    assert "native program" not in str(info.value)


def test_a_javascript_package_is_called_one(tmp_path):
    """require() of a package with nothing native (detect-libc, lodash) says it is a
    JavaScript package that napi-python cannot run, rather than only that no binary
    fits this platform; a package naming platform packages (not installed), or
    holding a .node file for another platform, keeps the plain message."""
    d = package(tmp_path, "plain-js", main="index.js")
    put(d / "index.js")
    with pytest.raises(AddonNotFoundError) as info:
        napi_python.require("plain-js", paths=[tmp_path])
    assert "it is a JavaScript package: it holds no .node file" in str(info.value)
    package(tmp_path, "native-elsewhere", optionalDependencies={f"x-{TRIPLE}": "1"})
    d = package(tmp_path, "other-platform")
    put(d / "prebuilds" / "darwin-arm64" / "x.node")
    for name in ("native-elsewhere", "other-platform"):
        with pytest.raises(AddonNotFoundError) as info:
            find_addon(name, [tmp_path])
        assert "JavaScript package" not in str(info.value), name


def test_require_loads_the_addon(tmp_path):
    d = package(tmp_path, "loadme")
    path = put(d / "prebuilds" / f"{PLAT}-{ARCH}" / "loadme.node")
    exports = napi_python.require("loadme", paths=[tmp_path])
    assert exports is napi_python.load_addon(path)


def refused(path):
    """A .node file the dynamic loader refuses (an ELF header and nothing after it),
    as it refuses a build for a newer glibc than this machine's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x7fELF" + b"\0" * 12)
    return path


def test_require_takes_the_next_build_when_the_loader_refuses_one(tmp_path):
    # zeromq 6 ships build/linux/x64/node/glibc-<abi>-Release/addon.node for several
    # Node ABIs; some need GLIBC_2.38. Its loader (cmake-ts) tries each in turn.
    d = package(tmp_path, "cmake-like")
    base = d / "build" / PLAT / ARCH / "node"
    bad = refused(base / f"{LIBC}-115-Release" / "addon.node")
    good = put(base / f"{LIBC}-127-Release" / "addon.node")
    assert find_addon("cmake-like", [tmp_path]) == str(bad)  # ranked first
    exports = napi_python.require("cmake-like", paths=[tmp_path])
    assert exports is napi_python.load_addon(good)


def test_require_raises_the_first_refusal_when_no_build_loads(tmp_path):
    d = package(tmp_path, "all-refused")
    pre = d / "prebuilds" / f"{PLAT}-{ARCH}"
    first = refused(pre / f"node.napi.{LIBC}.node")
    refused(pre / "node.napi.node")
    with pytest.raises(napi_python.AddonLoadError) as info:
        napi_python.require("all-refused", paths=[tmp_path])
    assert not isinstance(info.value, AddonNotFoundError)
    assert str(first) in str(info.value)


def test_require_of_a_refused_file_named_outright_raises_its_error(tmp_path):
    path = refused(tmp_path / "x.node")
    with pytest.raises(napi_python.AddonLoadError, match="cannot load"):
        napi_python.require(str(path))


def test_paths_and_subpaths(tmp_path):
    d = package(tmp_path, "direct")
    path = put(d / "lib" / "x.node")
    assert find_addon(str(path)) == str(path)
    assert find_addon("direct/lib/x.node", [tmp_path]) == str(path)
    assert find_addon(str(d)) == str(path)      # a package directory


@pytest.mark.parametrize("napi", [{"package": "@scope/named"},
                                  {"package": {"name": "@scope/named"}},
                                  {"packageName": "@scope/named"},
                                  {"package": ["not", "a", "name"]}])
def test_napi_field_package_name_in_any_form(tmp_path, napi):
    """The "napi" field of package.json names the platform packages' base in several
    forms: napi-rs 3's "packageName", napi-rs 2's "package": {"name": ...}, and, in
    @xmdx/napi 0.0.8, "package" given as the name itself (require raised
    AttributeError on it). A value that names nothing is ignored."""
    package(tmp_path, "@scope/named", main="index.js", napi=napi,
            optionalDependencies={f"@scope/named-{TRIPLE}": "1.0.0"})
    dep = package(tmp_path, f"@scope/named-{TRIPLE}", main=f"named.{TRIPLE}.node",
                  os=[PLAT], cpu=[ARCH])
    put(dep / f"named.{TRIPLE}.node")
    assert find_addon("@scope/named", [tmp_path]) == str(dep / f"named.{TRIPLE}.node")


def test_the_errors_name_the_module_users_import_them_from():
    """A traceback ends with ``napi_python.AddonNotFoundError: ...`` (and
    ``napi_python.InstallError``), the names the docs use, not the private modules
    that define them; they pickle through those names."""
    import pickle
    import subprocess
    import sys
    for name in ("AddonNotFoundError", "InstallError", "InstalledPackage"):
        assert getattr(napi_python, name).__module__ == "napi_python", name
    e = pickle.loads(pickle.dumps(napi_python.InstallError("x")))
    assert type(e) is napi_python.InstallError
    p = napi_python.InstalledPackage("a", "1.0.0", "/x", False)
    assert pickle.loads(pickle.dumps(p)) == p
    r = subprocess.run([sys.executable, "-c", "import napi_python; "
                        "napi_python.require('no-such-package-xyz', paths=['.'])"],
                       capture_output=True, text=True, timeout=60)
    assert r.stderr.splitlines()[-1].startswith(
        "napi_python.AddonNotFoundError: cannot find package"), r.stderr
