"""Finding a package's binary wherever published packages put it, telling apart a
package whose binary comes from an install script, and judging binaries with
`inspect` (issue 12, item 8). The package trees are made here in tmp dirs, with a
real compiled test addon at each path."""

import subprocess
import sys

import pytest

import napi_python
from conftest import CC, HEADERS, build_test_addon
from napi_python._inspect import _names_in_data, node_api_functions, static_report
from napi_python._require import AddonNotFoundError, find_addon

# The fake package trees of test_require.py: put() writes a real addon at .node names.
from test_require import ARCH, LIBC, OTHER_LIBC, PLAT, package, put  # noqa: E402


# -- where published packages put their binaries ---------------------------------------

@pytest.mark.parametrize("layout", [
    f"prebuilds/@scope+thing-{PLAT}-{ARCH}/thing.node",       # prebuildify with a name
    f"prebuilds/thing-{PLAT}-{ARCH}/node.napi.node",
    f"prebuilds/{PLAT}-{ARCH}/thing.node",
    f"dist/bin/{PLAT}-{ARCH}-{LIBC}/thing.node",
    f"bin/napi-v3/{PLAT}/{ARCH}/thing.node",                  # node-pre-gyp napi layout
    f"lib/binding/napi-v6-{PLAT}-{ARCH}/thing.node",
    f"prebuilt/thing-{PLAT}-{ARCH}.node",
    f"prebuilds/{PLAT}{LIBC}-{ARCH}/node-napi.node",          # prebuildify ${platform}${libc}
    f"prebuilds/HID-{PLAT}-{ARCH}/node-napi-v4.node",         # node-hid
    f"build/{PLAT}/{ARCH}/node/{LIBC}-115-Release/addon.node",  # zeromq (cmake-ts)
])
def test_binary_found_where_the_package_puts_it(tmp_path, layout):
    d = package(tmp_path, "thing", main="index.js")
    path = put(d / layout)
    assert find_addon("thing", [tmp_path]) == str(path)
    assert napi_python.require("thing", [tmp_path]).coerceToBool(1) is True


def test_other_platforms_in_those_places_are_not_taken(tmp_path):
    d = package(tmp_path, "other", main="index.js")
    put(d / "dist" / "bin" / f"{PLAT}-{ARCH}-{OTHER_LIBC}" / "x.node")
    put(d / "bin" / "napi-v3" / "win32" / "x64" / "x.node")
    put(d / "prebuilt" / "x-darwin-arm64.node")
    put(d / "prebuilds" / f"x-{PLAT}musl-{ARCH}" / "x.node") if LIBC == "glibc" else None
    with pytest.raises(AddonNotFoundError):
        find_addon("other", [tmp_path])


def test_build_for_the_other_libc_prefix_is_not_taken(tmp_path):
    if OTHER_LIBC is None:
        pytest.skip("no C library variants on this platform")
    d = package(tmp_path, "onelibc", main="index.js")
    put(d / "prebuilds" / f"{PLAT}{OTHER_LIBC}-{ARCH}" / "node-napi.node")
    with pytest.raises(AddonNotFoundError):
        find_addon("onelibc", [tmp_path])
    mine = put(d / "prebuilds" / f"{PLAT}{LIBC}-{ARCH}" / "node-napi.node")
    assert find_addon("onelibc", [tmp_path]) == str(mine)


@pytest.mark.parametrize("where", ["prebuilds/{p}-{a}", "prebuilds/{p}-{a}+arm64", "."])
def test_node_runtime_preferred_over_electron(tmp_path, where):
    # node-gyp-build under Node takes node.napi.node and never electron.napi.node
    # (only a node.napi build is runtime-agnostic), whatever the sort order says.
    d = package(tmp_path, "runtimes", main="index.js")
    sub = d / where.format(p=PLAT, a=ARCH)
    put(sub / "electron.napi.node")
    put(sub / "node-webkit.napi.node")
    node = put(sub / "node.napi.node")
    assert find_addon("runtimes", [tmp_path]) == str(node)
    assert napi_python.require("runtimes", [tmp_path]).coerceToBool(1) is True
    node.unlink()
    with pytest.raises(AddonNotFoundError):
        find_addon("runtimes", [tmp_path])


def test_node_api_build_preferred_over_abi_build_anywhere(tmp_path):
    d = package(tmp_path, "pregyp", main="index.js")
    put(d / "lib" / "binding" / f"node-v115-{PLAT}-{ARCH}" / "x.node")
    napi = put(d / "lib" / "binding" / f"napi-v3-{PLAT}-{ARCH}" / "x.node")
    assert find_addon("pregyp", [tmp_path]) == str(napi)


def test_libc_of_the_path_preferred(tmp_path):
    d = package(tmp_path, "libcs", main="index.js")
    put(d / "dist" / "bin" / f"{PLAT}-{ARCH}" / "x.node")
    mine = put(d / "dist" / "bin" / f"{PLAT}-{ARCH}-{LIBC}" / "x.node")
    assert find_addon("libcs", [tmp_path]) == str(mine)


def test_prebuild_directories_ranked_by_libc(tmp_path):
    d = package(tmp_path, "ranked")
    put(d / "prebuilds" / f"{PLAT}-{ARCH}" / "r.node")
    mine = put(d / "prebuilds" / f"{PLAT}-{ARCH}-{LIBC}" / "r.node")
    assert find_addon("ranked", [tmp_path]) == str(mine)


def test_nested_node_modules_are_not_searched(tmp_path):
    d = package(tmp_path, "outer", main="index.js")
    put(d / "node_modules" / "inner" / "prebuilt" / f"x-{PLAT}-{ARCH}.node")
    with pytest.raises(AddonNotFoundError):
        find_addon("outer", [tmp_path])


# -- binaries made by an install script ------------------------------------------------

@pytest.mark.parametrize("meta, files, words", [
    ({"scripts": {"install": "node-gyp rebuild"}}, ["binding.gyp"], "node-gyp compiles it"),
    ({"gypfile": True}, ["binding.gyp"], "npm runs `node-gyp rebuild`"),
    ({}, ["binding.gyp"], "npm runs `node-gyp rebuild`"),
    ({"scripts": {"install": "prebuild-install || node-gyp rebuild"}}, ["binding.gyp"],
     "prebuild-install downloads a prebuilt binary"),
    ({"scripts": {"install": "node-pre-gyp install --fallback-to-build"},
      "binary": {"module_path": "./lib/binding/{node_abi}"}}, [],
     "node-pre-gyp downloads or builds"),
    ({"scripts": {"install": "node-gyp-build"}}, ["binding.gyp"], "node-gyp-build compiles"),
    ({"scripts": {"install": "cmake-js compile"}}, ["CMakeLists.txt"], "cmake-js compiles"),
])
def test_package_built_by_an_install_script_says_so(tmp_path, meta, files, words):
    d = package(tmp_path, "native-thing", main="index.js", **meta)
    for f in files:
        put(d / f)
    with pytest.raises(AddonNotFoundError) as info:
        napi_python.require("native-thing", [tmp_path])
    text = str(info.value)
    assert "install script" in text
    assert words in text
    assert "npm rebuild native-thing" in text
    assert "looked at:" in text


def test_a_pure_package_does_not_mention_install_scripts(tmp_path):
    package(tmp_path, "pure", main="index.js", scripts={"test": "node test.js"})
    with pytest.raises(AddonNotFoundError) as info:
        find_addon("pure", [tmp_path])
    assert "install script" not in str(info.value)


# -- inspect ---------------------------------------------------------------------------

def inspect(*args, cwd):
    return subprocess.run([sys.executable, "-m", "napi_python", "inspect", *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=cwd)


def test_only_node_api_functions_count_among_names_in_data():
    vocabulary = node_api_functions()
    data = (b"\0expected a napi_value here\0napi_error: bad\0napi_get_undefinednapi_get_null"
            b"\0napi_extended_error_info\0node_api_symbol_for\0")
    assert _names_in_data(data, vocabulary) == {"napi_get_undefined", "napi_get_null",
                                                "node_api_symbol_for"}


def test_dlsym_addon_report_names_functions_only(tmp_path):
    path = build_test_addon("dlsym_strings")
    s = static_report(path)
    assert s["napi_binding"] == "dlsym"
    names = {f["name"] for f in s["napi_dlsym_names"]}
    assert names == {"napi_create_string_utf8", "napi_set_named_property"}
    assert all(f["supported"] for f in s["napi_dlsym_names"])
    assert s["loadable"] is True
    assert napi_python.load_addon(path).note == "expected a napi_value here"


def test_static_report_printed_before_a_crash_while_loading(tmp_path):
    r = inspect(build_test_addon("abort_on_load"), cwd=tmp_path)
    assert r.returncode != 0  # the addon aborted the process
    assert "registration:       napi_register_module_v1" in r.stdout
    assert "verdict:            loadable" in r.stdout
    assert "napi_create_object" in r.stdout


def _versioned_pair(tmp_path):
    """An addon needing `dep_fn@DEP_2.0` from libdep.so, next to a libdep.so that
    only has DEP_1.0: the loader refuses it as it refuses a too old libstdc++
    ("version `GLIBCXX_3.4.31' not found")."""
    src = tmp_path / "dep.c"
    src.write_text("int dep_fn(void) { return 7; }\n")
    for version in ("DEP_2.0", "DEP_1.0"):
        (tmp_path / "dep.map").write_text(f"{version} {{ global: dep_fn; local: *; }};\n")
        lib = tmp_path / "libdep.so"
        subprocess.run([CC, "-shared", "-fPIC", str(src), "-o", str(lib),
                        f"-Wl,--version-script={tmp_path / 'dep.map'}"], check=True)
        if version == "DEP_2.0":
            addon = tmp_path / "needs_dep.node"
            (tmp_path / "needs_dep.c").write_text(
                "#include <node_api.h>\n"
                "int dep_fn(void);\n"
                "NAPI_MODULE_INIT() { napi_value v; napi_create_int32(env, dep_fn(), &v);\n"
                "  napi_set_named_property(env, exports, \"v\", v); return exports; }\n")
            subprocess.run([CC, "-shared", "-fPIC", "-I", str(HEADERS),
                            str(tmp_path / "needs_dep.c"), "-o", str(addon),
                            f"-L{tmp_path}", "-ldep", "-Wl,-rpath,$ORIGIN"], check=True)
    return addon


def test_load_error_carries_the_dynamic_loaders_message(tmp_path):
    addon = _versioned_pair(tmp_path)
    with pytest.raises(napi_python.AddonLoadError) as info:
        napi_python.load_addon(addon)
    assert "version `DEP_2.0' not found" in str(info.value)
    r = inspect(addon, cwd=tmp_path)
    assert r.returncode == 1
    assert "load:               FAILED" in r.stdout
    assert "version `DEP_2.0' not found" in r.stdout
