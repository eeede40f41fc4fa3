"""Loading an addon by npm package name: ``napi_python.require("@node-rs/xxhash")``.

npm packages that ship a Node-API addon choose their binary at run time in their own
JS loader, which does not run here. This module does the same choice from the files
npm installed:

* the package is looked up in ``node_modules`` directories the way Node's ``require``
  does (the given directories, else every ``node_modules`` from the current directory
  up to the root, then ``NODE_PATH``);
* in the package, the binary is, in this order: a local build
  (``build/Release/*.node``), a ``.node`` file named for this platform
  (napi-rs: ``<name>.linux-x64-gnu.node``), a prebuild
  (``prebuilds/linux-x64/*.node``, ``prebuilds/linuxglibc-x64/``,
  ``prebuilds/<anything>-linux-x64/``, node-gyp-build, prebuildify), the binary of the platform package npm installed
  among the package's optional dependencies (napi-rs, Neon, @parcel/watcher, sharp:
  ``<pkg>-linux-x64-gnu``, ``@img/sharp-linux-x64``), a ``.node`` file anywhere in
  the package under a path that names this platform (``dist/bin/linux-x64-glibc/``,
  ``bin/napi-v3/linux/x64/``, ``prebuilt/*linux-x64*.node``), and last any other
  ``.node`` file of the package; names in Rust target triple and uname spelling
  count too (``index-x86_64-unknown-linux-gnu.node``, ``x.Linux.x86_64.node``);
* among several candidates the Node-API build wins over the V8-ABI ones
  (``node.napi.glibc.node`` over ``node.abi115.glibc.node``) and a build for this C
  library over the other (glibc/musl tags in names and in package.json ``libc``);
  a build for another runtime (``electron.napi.node``) is never taken.

When nothing fits, :class:`AddonNotFoundError` (an :exc:`ImportError`) says every
place it looked, and, for a package whose binary comes from its install script
(a ``binding.gyp`` built by node-gyp, prebuild-install, node-pre-gyp, cmake-js),
that the script did not run here and how to run it.
"""

import json
import os
import platform as _platform
import re
import sys

from ._core import AddonLoadError

__all__ = ["require", "find_addon", "find_package", "package_of", "AddonNotFoundError",
           "host_platform"]


class AddonNotFoundError(AddonLoadError):
    """No package of that name, or no binary in it for this platform; the message
    lists where it looked."""

    __module__ = "napi_python"   # where users import it from (tracebacks say so)


# -- this platform, in Node's words ------------------------------------------------

_ARCH = {
    "x86_64": "x64", "amd64": "x64", "x64": "x64",
    "aarch64": "arm64", "arm64": "arm64",
    "armv7l": "arm", "armv6l": "arm", "armv8l": "arm", "arm": "arm",
    "i386": "ia32", "i686": "ia32", "x86": "ia32",
    "ppc64le": "ppc64", "ppc64": "ppc64",
    "s390x": "s390x", "riscv64": "riscv64", "loongarch64": "loong64",
}


def host_platform():
    """``(platform, arch, libc)`` as Node names them: ``("linux", "x64", "glibc")``.
    ``libc`` is ``"glibc"`` or ``"musl"`` on Linux, ``None`` elsewhere."""
    plat = sys.platform
    if plat.startswith("linux"):
        plat = "linux"
    elif plat.startswith("freebsd"):
        plat = "freebsd"
    machine = _platform.machine().lower()
    arch = _ARCH.get(machine, machine)
    libc = None
    if plat == "linux":
        libc = "glibc" if _platform.libc_ver()[0] == "glibc" else "musl"
    return plat, arch, libc


# Tokens in package and file names that name a C library or ABI.
_GLIBC_TOKENS = {"gnu", "glibc", "gnueabihf", "gnueabi"}
_MUSL_TOKENS = {"musl", "musleabihf", "musleabi"}
# prebuildify names a directory ${platform}${libc}-${arch} when a build is for one C
# library: linuxglibc-x64, linuxmusl-x64.
_PLATFORM_TOKENS = {"linux", "linuxglibc", "linuxmusl", "darwin", "win32", "freebsd",
                    "android", "openharmony", "wasm32", "wasi", "sunos", "aix", "openbsd"}
# Runtimes in node-gyp-build file names (node.napi.node, electron.napi.node): a build
# for another runtime than Node is not taken (node-gyp-build's rule: only a
# node.napi build is runtime-agnostic).
_OTHER_RUNTIMES = {"electron", "node-webkit", "nw"}
_ARCH_TOKENS = set(_ARCH.values()) | {"universal", "wasm32", "mips64el"}


def _libc_of(tokens):
    if any(t in _MUSL_TOKENS or t == "linuxmusl" for t in tokens):
        return "musl"
    if any(t in _GLIBC_TOKENS or t == "linuxglibc" for t in tokens):
        return "glibc"
    return None


def _name_fits(tokens, host):
    """Whether a name split into tokens (``sharp-linux-x64`` -> ``sharp, linux, x64``)
    names this platform. Returns None when it names no platform at all, else
    (fits, libc_matches)."""
    plat, arch, libc = host
    plats = [t for t in tokens if t in _PLATFORM_TOKENS]
    archs = [t for t in tokens if t in _ARCH_TOKENS]
    if not plats and not archs:
        return None
    want_plat = {plat}
    if plat == "linux" and libc in ("glibc", "musl"):
        want_plat.add("linux" + libc)
    if not plats or not any(p in want_plat for p in plats):
        return False, False
    if not archs or (arch not in archs and "universal" not in archs):
        return False, False
    name_libc = _libc_of(tokens)
    if libc is not None and name_libc is not None and name_libc != libc:
        return False, False
    return True, name_libc == libc


# -- node_modules lookup ------------------------------------------------------------

def _split_name(name):
    """``@scope/pkg/sub/path`` -> (``@scope/pkg``, ``sub/path``)."""
    parts = name.split("/")
    n = 2 if name.startswith("@") else 1
    return "/".join(parts[:n]), "/".join(parts[n:])


def _default_search_dirs():
    dirs = []
    d = os.path.abspath(os.getcwd())
    while True:
        if os.path.basename(d) != "node_modules":
            dirs.append(os.path.join(d, "node_modules"))
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for p in os.environ.get("NODE_PATH", "").split(os.pathsep):
        if p:
            dirs.append(os.path.abspath(p))
    return dirs


def _given_search_dirs(paths):
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    dirs = []
    for p in paths:
        p = os.path.abspath(os.fsdecode(p))
        if os.path.basename(p) == "node_modules":
            dirs.append(p)
        else:  # a project directory: its node_modules (or p itself, if it holds packages)
            dirs.append(os.path.join(p, "node_modules"))
            dirs.append(p)
    return dirs


def find_package(name, paths=None, _looked=None):
    """The directory of the installed package ``name`` (``@scope/pkg`` or ``pkg``).

    ``paths``: directories to search (``node_modules`` directories, or project
    directories holding one); by default every ``node_modules`` from the current
    directory up to the root, then ``NODE_PATH``.
    """
    looked = [] if _looked is None else _looked
    pkg, _ = _split_name(name)
    dirs = _default_search_dirs() if paths is None else _given_search_dirs(paths)
    for d in dirs:
        candidate = os.path.join(d, pkg)
        looked.append(candidate)
        if os.path.isfile(os.path.join(candidate, "package.json")) or os.path.isdir(candidate):
            return candidate
    raise AddonNotFoundError(
        f"cannot find package {pkg!r}: looked in " + ", ".join(looked)
        + f" (install it with `napi-python install {pkg}` in the project directory, or "
        "pass paths=[...] naming its node_modules)")


def package_of(name, paths=None):
    """(directory, package name) of the package ``name`` (as given to
    :func:`require`: a package name, or the path of a ``.node`` file or a directory
    in a package) names; the name is None when its package.json gives none, and
    both are None for a path under no package.json. Raises
    :class:`AddonNotFoundError` as :func:`find_package` does."""
    name = os.fspath(name)
    is_path = os.path.isabs(name) or name.startswith(("./", "../")) or name in (".", "..") \
        or (name.endswith(".node") and os.path.isfile(name))
    if not is_path:
        pkg, _rest = _split_name(name)
        return find_package(pkg, paths), pkg
    d = os.path.abspath(name)
    if os.path.isfile(d):
        d = os.path.dirname(d)
    while True:
        if os.path.isfile(os.path.join(d, "package.json")):
            pkg = _package_json(d).get("name")
            return d, pkg if isinstance(pkg, str) else None
        parent = os.path.dirname(d)
        if parent == d:
            return None, None
        d = parent


def _resolve_dependency(dep, from_dir):
    """Node's lookup of ``dep`` required from the package at ``from_dir``."""
    d = from_dir
    while True:
        if os.path.basename(d) != "node_modules":
            candidate = os.path.join(d, "node_modules", dep)
            if os.path.isdir(candidate):
                return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _package_json(pkg_dir):
    try:
        with open(os.path.join(pkg_dir, "package.json"), encoding="utf-8") as f:
            data = json.load(f)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


# -- choosing among .node files -------------------------------------------------------

_ABI_TAG = re.compile(r"^abi\d+$")


def _file_score(filename, host):
    """How well a .node file name fits this host (higher is better), or None if it
    is for another platform. Understands node-gyp-build tags
    (``name.napi.glibc.node``, ``name.abi115.musl.node``, ``name.armv7.node``) and
    napi-rs triples (``name.linux-x64-gnu.node``)."""
    plat, arch, libc = host
    base = filename[:-len(".node")]
    parts = base.split(".")
    tags = parts[1:]
    score = 0
    if tags and parts[0] in _OTHER_RUNTIMES:
        return None         # electron.napi.node: node-gyp-build takes it under Electron
    if tags and parts[0] == "node":
        score += 1          # node.napi.node: the runtime named is Node
    want_plat = {plat, "linux" + libc} if plat == "linux" and libc else {plat}
    for tag in tags:
        tokens = _words(tag)
        fits = _name_fits(tokens, host) if len(tokens) > 1 else None
        if fits is not None:
            ok, libc_match = fits
            if not ok:
                return None
            score += 4 + (2 if libc_match else 0)
        elif tokens[0] in _PLATFORM_TOKENS or tokens[0] in _ARCH_TOKENS:
            # a system or machine alone, as os.type() and os.arch() spell them
            # (ftdi-d2xx's x.Linux.x86_64.node beside x.Darwin.arm64.node)
            if tokens[0] not in want_plat and tokens[0] != arch:
                return None
            score += 2
        elif tag == "napi":
            score += 8          # Node-API build: the one we can load
        elif _ABI_TAG.match(tag):
            score -= 16         # built against one Node's V8 ABI: needs V8 symbols
        elif tag in ("glibc", "musl"):
            if libc is not None and tag != libc:
                return None
            score += 2
        elif tag in _OTHER_RUNTIMES:
            return None
        elif re.match(r"^armv\d+$", tag) and arch != "arm":
            return None
    return score


def _best(files, host, skip=()):
    scored = []
    for path in files:
        if path in skip:
            continue
        s = _file_score(os.path.basename(path), host)
        if s is not None:
            scored.append((s, path))
    if not scored:
        return None
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored[0][1]


def _node_files(directory):
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, n) for n in names
            if n.endswith(".node") and os.path.isfile(os.path.join(directory, n))]


_SPLIT = re.compile(r"[-+_.]")
# Machine and system names in Rust target triples and os.type()/uname spellings
# (x86_64-unknown-linux-gnu, Linux.x86_64, aarch64-macos, pc-windows-msvc), in
# Node's words, so that a name built from them is judged like linux-x64-gnu.
_X86_64 = re.compile(r"x86[-_]64")
_OS_WORDS = {"macos": "darwin", "windows": "win32"}


def _words(name):
    """The lower-case words of a file, directory or package name, with the
    machine and system names of other conventions in Node's words:
    ``index-x86_64-unknown-linux-gnu`` -> ``index, x64, unknown, linux, gnu``."""
    words = _SPLIT.split(_X86_64.sub("x64", name.lower()))
    return [_OS_WORDS.get(w) or _ARCH.get(w, w) for w in words]


def _prebuild_dirs(pkg_dir, host):
    """The directories of ``prebuilds/`` for this platform, best first:
    ``linux-x64``, ``linux-x64+arm64``, ``<name>-linux-x64``, ``napi-v6-linux-x64``
    (any name whose words name this platform and arch)."""
    root = os.path.join(pkg_dir, "prebuilds")
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    ranked = []
    for n in names:
        if not os.path.isdir(os.path.join(root, n)):
            continue
        score = _words_score(_words(n), host)
        if score is not None:
            ranked.append((-score, n))
    ranked.sort()
    return [os.path.join(root, n) for _, n in ranked]


def _words_score(tokens, host):
    """How well words taken from a path (``napi, v3, linux, x64``) fit this host:
    None when they name another platform, or no platform at all."""
    fits = _name_fits(tokens, host)
    if fits is None or not fits[0]:
        return None
    if any(t in _OTHER_RUNTIMES or t == "webkit" for t in tokens):
        return None
    score = 4 + (2 if fits[1] else 0)
    if "napi" in tokens:
        score += 8  # a Node-API build (node-pre-gyp's napi-v3, prebuildify's napi)
    for i, t in enumerate(tokens):
        if _ABI_TAG.match(t) or (t == "node" and i + 1 < len(tokens)
                                 and re.match(r"^v\d+$", tokens[i + 1])):
            score -= 16  # node-v115 / abi115: built against one Node's V8 ABI
    return score


# Directories a package's binaries are never in (or that hold other packages).
_NOT_SEARCHED = {"node_modules", ".git", ".github", "src", "deps", "include", "test",
                 "tests", "docs", "doc", "examples"}


def _within_platform_score(tokens, host):
    """Words of a path inside a package already built for this os and cpu (a
    platform package): None when they name another platform, arch or C library; else
    a score, higher when they name this C library (``musl_x64`` vs ``linux_x64``)."""
    plat, arch, libc = host
    plats = [t for t in tokens if t in _PLATFORM_TOKENS]
    want_plat = {plat}
    if plat == "linux" and libc in ("glibc", "musl"):
        want_plat.add("linux" + libc)
    if plats and not any(p in want_plat for p in plats):
        return None
    archs = [t for t in tokens if t in _ARCH_TOKENS]
    if archs and arch not in archs and "universal" not in archs:
        return None
    if any(t in _OTHER_RUNTIMES or t == "webkit" for t in tokens):
        return None
    name_libc = _libc_of(tokens)
    if libc is not None and name_libc is not None and name_libc != libc:
        return None
    return 2 if (name_libc is not None and name_libc == libc) else 0


def _binaries_anywhere(pkg_dir, host, max_depth=6, max_entries=20000, platform_known=False):
    """Every .node file of the package whose path names this platform, with its
    score: ``dist/bin/linux-x64-glibc/x.node``, ``bin/napi-v3/linux/x64/x.node``,
    ``prebuilt/x-linux-x64.node``, ``lib/binding/napi-v6-linux-x64/x.node``...
    With ``platform_known`` (a platform package whose os and cpu fit), every .node
    file whose path names no other platform, arch or C library."""
    found = []
    seen = 0
    base_depth = pkg_dir.rstrip(os.sep).count(os.sep)
    for root, dirs, files in os.walk(pkg_dir):
        depth = root.rstrip(os.sep).count(os.sep) - base_depth
        dirs[:] = sorted(d for d in dirs if d not in _NOT_SEARCHED and not d.startswith("."))
        if depth >= max_depth:
            dirs[:] = []
        seen += len(files) + len(dirs)
        if seen > max_entries:
            break
        rel_dirs = os.path.relpath(root, pkg_dir)
        dir_tokens = [] if rel_dirs == "." else \
            [t for part in rel_dirs.split(os.sep) for t in _words(part)]
        for name in files:
            if not name.endswith(".node"):
                continue
            file_score = _file_score(name, host)
            if file_score is None:
                continue
            tokens = dir_tokens + _words(name[:-5])
            words = _within_platform_score(tokens, host) if platform_known else \
                _words_score(tokens, host)
            if words is None:
                continue
            found.append((words + file_score, os.path.join(root, name)))
    return found


def _platform_packages(pkg_dir, meta, host):
    """Names of the package's optional dependencies built for this platform, best
    first, from their names and (when installed) their package.json os/cpu/libc."""
    plat, arch, libc = host
    names = list((meta.get("optionalDependencies") or {}).keys())
    napi = meta.get("napi") if isinstance(meta.get("napi"), dict) else {}
    # napi-rs 3 writes "packageName", napi-rs 2 "package": {"name": ...}; some
    # packages write "package" as the name itself (@xmdx/napi)
    pkg = napi.get("package")
    base = napi.get("packageName") or (pkg.get("name") if isinstance(pkg, dict) else pkg)
    if not isinstance(base, str):
        base = None
    if base:  # napi-rs names its platform packages <base>-<platform>-<arch>[-<abi>]
        for abi in ("gnu", "musl", ""):
            guess = "-".join(x for x in (base, plat, arch, abi) if x)
            if guess not in names:
                names.append(guess)
    ranked = []
    for dep in names:
        tokens = [w for part in dep.lstrip("@").split("/") for w in _words(part)]
        fits = _name_fits(tokens, host)
        if fits is None or not fits[0]:
            continue
        rank = 2 if fits[1] else 1
        ranked.append((-rank, names.index(dep), dep))
    ranked.sort()
    return [dep for _, _, dep in ranked]


def _platform_package_binary(dep_dir, host, looked, skip=()):
    plat, arch, libc = host
    meta = _package_json(dep_dir)
    if meta.get("os") and plat not in meta["os"]:
        looked.append(f"{dep_dir} (for os {meta['os']})")
        return None
    if meta.get("cpu") and arch not in meta["cpu"]:
        looked.append(f"{dep_dir} (for cpu {meta['cpu']})")
        return None
    if libc and meta.get("libc") and libc not in meta["libc"]:
        looked.append(f"{dep_dir} (for libc {meta['libc']})")
        return None
    main = meta.get("main")
    if isinstance(main, str) and main.endswith(".node"):
        path = os.path.normpath(os.path.join(dep_dir, main))
        looked.append(path)
        if os.path.isfile(path) and path not in skip:
            return path
    files = []
    for sub in ("", "lib", "build/Release"):
        looked.append(os.path.join(dep_dir, sub, "*.node"))
        files += _node_files(os.path.join(dep_dir, sub))
    for d in _prebuild_dirs(dep_dir, host):
        looked.append(os.path.join(d, "*.node"))
        files += _node_files(d)
    best = _best(files, host, skip)
    if best:
        return best
    # deeper, in directories that name no other platform: @koromix/koffi-linux-x64 has
    # linux_x64/koffi.node and musl_x64/koffi.node (its index.js picks by C library)
    looked.append(os.path.join(dep_dir, "**", "*.node"))
    deeper = [found for found in _binaries_anywhere(dep_dir, host, platform_known=True)
              if found[1] not in skip]
    if deeper:
        deeper.sort(key=lambda item: (-item[0], item[1]))
        return deeper[0][1]
    return None


def _binary_in_package(pkg_dir, host, looked, skip=()):
    meta = _package_json(pkg_dir)
    # 1. a local build (node-gyp), as node-gyp-build and @parcel/watcher try first
    for sub in ("build/Release", "build/Debug"):
        d = os.path.join(pkg_dir, sub)
        looked.append(os.path.join(d, "*.node"))
        best = _best(_node_files(d), host, skip)
        if best:
            return best
    # 2. a binary named for this platform in the package (napi-rs local build)
    own = [p for p in _node_files(pkg_dir)
           if any(len(t.split("-")) > 1 for t in os.path.basename(p)[:-5].split(".")[1:])]
    looked.append(os.path.join(pkg_dir, f"*.{host[0]}-{host[1]}*.node"))
    best = _best(own, host, skip)
    if best:
        return best
    # 3. prebuilds/<platform>-<arch>/ (node-gyp-build, prebuildify)
    dirs = _prebuild_dirs(pkg_dir, host)
    if not dirs:
        looked.append(os.path.join(pkg_dir, "prebuilds", f"{host[0]}-{host[1]}", "*.node"))
    for d in dirs:
        looked.append(os.path.join(d, "*.node"))
        best = _best(_node_files(d), host, skip)
        if best:
            return best
    # 4. the platform package npm installed (napi-rs, Neon, sharp, @parcel/watcher)
    for dep in _platform_packages(pkg_dir, meta, host):
        dep_dir = _resolve_dependency(dep, pkg_dir)
        if dep_dir is None:
            looked.append(f"{dep} (optional dependency, not installed)")
            continue
        best = _platform_package_binary(dep_dir, host, looked, skip)
        if best:
            return best
    # 5. anywhere else in the package, in a place whose name says this platform
    #    (dist/bin/linux-x64-glibc/, bin/napi-v3/linux/x64/, prebuilt/*linux-x64*)
    looked.append(os.path.join(pkg_dir, "**", f"*{host[0]}*{host[1]}*", "*.node"))
    anywhere = [found for found in _binaries_anywhere(pkg_dir, host) if found[1] not in skip]
    if anywhere:
        anywhere.sort(key=lambda item: (-item[0], item[1]))
        return anywhere[0][1]
    # 6. "main" naming a .node file, then any other .node file of the package
    main = meta.get("main")
    if isinstance(main, str) and main.endswith(".node"):
        path = os.path.normpath(os.path.join(pkg_dir, main))
        looked.append(path)
        if os.path.isfile(path) and path not in skip:
            return path
    rest = []
    for sub in ("", "lib", "bin"):
        rest += _node_files(os.path.join(pkg_dir, sub))
    looked.append(os.path.join(pkg_dir, "{,lib/,bin/}*.node"))
    return _best(rest, host, skip)


def find_addon(name, paths=None, *, _skip=()):
    """The path of the ``.node`` file that ``require(name, paths)`` would load.

    ``name`` is a package name (``"@node-rs/xxhash"``, ``"tree-sitter"``), a path
    inside a package (``"lmdb-pkg/build/Release/x.node"``), or a filesystem path
    to a ``.node`` file or a package directory.
    """
    name = os.fspath(name)
    host = host_platform()
    looked = []
    is_path = os.path.isabs(name) or name.startswith(("./", "../")) or name in (".", "..")
    if is_path or (name.endswith(".node") and os.path.isfile(name)):
        path = os.path.abspath(name)
        if os.path.isfile(path):
            return path
        if not os.path.isdir(path):
            raise AddonNotFoundError(f"no such file or directory: {name}")
        pkg_dir, rest = path, ""
    else:
        pkg_dir = find_package(name, paths, _looked=looked)
        _, rest = _split_name(name)
    if rest:
        target = os.path.join(pkg_dir, rest)
        if os.path.isfile(target):
            return target
        if not os.path.isdir(target):
            raise AddonNotFoundError(f"{name}: no such file in the package ({target})")
        pkg_dir = target
    looked_here = []
    found = _binary_in_package(pkg_dir, host, looked_here, _skip)
    if found:
        return found
    plat, arch, libc = host
    where = "\n  ".join(looked_here)
    built = _install_step(pkg_dir)
    install = ""
    if built:
        pkg_name = _package_json(pkg_dir).get("name") or name
        install = (f"; its binary comes from its install script ({built}), which did not "
                   "run or did not succeed (npm's --ignore-scripts, or no compiler): run "
                   f"`npm rebuild {pkg_name}` in the project with a C/C++ toolchain so "
                   "that build/Release/*.node exists, or use a version of the package "
                   "that ships prebuilt binaries")
    programs = ""
    if not built:
        exes = _native_programs(pkg_dir, host)
        if exes:
            programs = ("; it ships a native program rather than a Node-API addon (run it "
                        "as a subprocess): " + ", ".join(exes))
        elif missing := _missing_platform_packages(pkg_dir, host):
            programs = (f"; its platform package {missing[0]} is not installed (a "
                        "node_modules made on another machine, or without optional "
                        "dependencies): `napi-python install` in the project installs it")
        elif _javascript_only(pkg_dir):
            programs = ("; it is a JavaScript package: it holds no .node file and names no "
                        "platform package, and napi-python loads native addons only (its "
                        "JavaScript does not run here)")
    raise AddonNotFoundError(
        f"package {name!r} ({pkg_dir}) has no prebuilt binary for "
        f"{plat}-{arch}{'-' + libc if libc else ''}{install}{programs}; looked at:\n  {where}")


def _native_programs(pkg_dir, host, limit=3):
    """Executable ELF/Mach-O/PE files (not .node) of the package and of the platform
    packages installed for ``host`` among its optional dependencies: a CLI shipped
    through npm (esbuild's @esbuild/linux-x64/bin/esbuild, @biomejs/cli-linux-x64's
    biome), which no require() can load."""
    dirs = [pkg_dir]
    for dep in _platform_packages(pkg_dir, _package_json(pkg_dir), host):
        dep_dir = _resolve_dependency(dep, pkg_dir)
        if dep_dir is not None:
            dirs.append(dep_dir)
    found = []
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs[:] = sorted(x for x in subdirs if x != "node_modules")
            for f in sorted(files):
                path = os.path.join(root, f)
                if f.endswith(".node") or os.path.islink(path):
                    continue
                try:
                    with open(path, "rb") as fh:
                        magic = fh.read(4)
                except OSError:
                    continue
                if magic in (b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe") or \
                        magic[:2] == b"MZ":
                    if magic[:2] == b"MZ" and not f.lower().endswith(".exe"):
                        continue
                    if magic == b"\x7fELF" and not os.access(path, os.X_OK):
                        continue
                    found.append(path)
                    if len(found) >= limit:
                        return found
    return found


def _missing_platform_packages(pkg_dir, host):
    """The optional dependencies of the package that are built for ``host`` and not
    installed (those it declares, not names guessed)."""
    meta = _package_json(pkg_dir)
    declared = meta.get("optionalDependencies") or {}
    return [dep for dep in _platform_packages(pkg_dir, meta, host)
            if dep in declared and _resolve_dependency(dep, pkg_dir) is None]


def _javascript_only(pkg_dir, limit=5000):
    """Whether the package has nothing native: no optional dependencies (where
    platform packages are) and no .node file outside its node_modules (the first
    ``limit`` files looked at; a larger package is not called JavaScript-only)."""
    if _package_json(pkg_dir).get("optionalDependencies"):
        return False
    seen = 0
    for root, subdirs, files in os.walk(pkg_dir):
        subdirs[:] = [x for x in subdirs if x != "node_modules"]
        for f in files:
            seen += 1
            if f.endswith(".node") or seen > limit:
                return False
    return True


_INSTALL_TOOLS = (
    ("prebuild-install", "prebuild-install downloads a prebuilt binary"),
    ("node-pre-gyp", "node-pre-gyp downloads or builds the binary"),
    ("cmake-js", "cmake-js compiles it"),
    ("node-gyp-build", "node-gyp-build compiles it with node-gyp when no prebuild fits"),
    ("node-gyp", "node-gyp compiles it"),
)


def _install_step(pkg_dir):
    """How the package makes its binary when npm installs it ('' when it does not):
    an install script (node-gyp, prebuild-install, node-pre-gyp, cmake-js), or
    npm's implicit `node-gyp rebuild` for a package with a binding.gyp."""
    meta = _package_json(pkg_dir)
    scripts = meta.get("scripts") if isinstance(meta.get("scripts"), dict) else {}
    for hook in ("preinstall", "install", "postinstall"):
        script = scripts.get(hook)
        if not isinstance(script, str):
            continue
        for tool, what in _INSTALL_TOOLS:
            if tool in script:
                return f"{hook}: `{script}`: {what}"
    if isinstance(meta.get("binary"), dict):  # node-pre-gyp's settings
        return "node-pre-gyp downloads or builds the binary"
    if meta.get("gypfile") or os.path.isfile(os.path.join(pkg_dir, "binding.gyp")):
        return "binding.gyp: npm runs `node-gyp rebuild`, which compiles it"
    return ""


def require(name, paths=None, *, per_thread=False):
    """Finds the addon of the npm package ``name`` in ``node_modules`` and loads it.

        xxhash = napi_python.require("@node-rs/xxhash")
        xxhash.xxh32("hello world", 0)

    ``paths``: ``node_modules`` directories (or project directories holding one) to
    search; by default every ``node_modules`` from the current directory up to the
    root, then ``NODE_PATH``. ``name`` may also be the path of a ``.node`` file or
    of a package directory. Returns the addon's native exports: the package's own JS
    wrapper does not run. Raises :class:`AddonNotFoundError` (an ImportError)
    listing where it looked, or the errors of :func:`load_addon`. ``per_thread``: as
    for :func:`load_addon`, exports of the calling thread's own env.
    """
    from ._loader import load_addon
    exports = None
    refused = []  # (path, AddonLoadError) of the builds the dynamic loader refused
    while exports is None:
        try:
            path = find_addon(name, paths, _skip=[p for p, _ in refused])
        except AddonNotFoundError:
            if refused:
                raise refused[0][1] from None
            raise
        if any(path == p for p, _ in refused):  # a path named outright: nothing else
            raise refused[0][1] from None
        try:
            exports = load_addon(path, per_thread=per_thread)
        except AddonLoadError as e:
            # The file cannot be opened here (built for a newer glibc, for musl, a
            # missing library): its module init did not run. Take the next build that fits,
            # as the packages' own loaders do (cmake-ts tries each build in turn,
            # napi-rs's index.js each candidate): the first refusal is the error
            # when none loads.
            refused.append((path, e))
    try:
        pkg_dir, pkg_name = package_of(name, paths)
    except Exception:  # (found a moment ago: only a change under way fails here)
        return exports
    if pkg_dir is not None:
        from ._stubgen import annotate_exports  # __signature__/__doc__ from the .d.ts
        annotate_exports(exports, pkg_dir, pkg_name)
    return exports
