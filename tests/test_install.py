"""``napi-python install`` (issue 14): against a registry this file serves from
127.0.0.1 (packuments and tarballs made here, with a real compiled test addon inside),
and once against the real npm registry."""

import base64
import hashlib
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import threading
import time
import urllib.parse
import urllib.request

import pytest

import napi_python
from napi_python import InstallError, install
from napi_python._npmrc import NpmConfig, parse_npmrc, ConfigError
from napi_python._require import host_platform
from napi_python._semver import Range, max_satisfying

from conftest import build_test_addon

HOST = host_platform()
PLAT, ARCH, LIBC = HOST
ABI = {"glibc": "gnu", "musl": "musl", None: None}[LIBC]
HOST_SUFFIX = "-".join(p for p in (PLAT, ARCH, ABI) if p)      # linux-x64-gnu
OTHER_LIBC = "musl" if LIBC == "glibc" else "glibc"


# -- a registry on 127.0.0.1 ---------------------------------------------------------------

def make_tgz(members):
    """members: [(name, kind, data)]; kind "file" (data: bytes), "dir", "symlink" /
    "hardlink" (data: link name), "chr" (a device)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, kind, data in members:
            ti = tarfile.TarInfo(name)
            ti.mode = 0o644
            if kind == "file":
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))
                continue
            if kind == "exe":
                ti.mode = 0o755
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))
                continue
            ti.type = {"dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE,
                       "hardlink": tarfile.LNKTYPE, "chr": tarfile.CHRTYPE}[kind]
            if kind in ("symlink", "hardlink"):
                ti.linkname = data
            tf.addfile(ti)
    return buf.getvalue()


def sri(data, algo="sha512"):
    return f"{algo}-" + base64.b64encode(hashlib.new(algo, data).digest()).decode()


class Registry:
    """Packuments and tarballs under ``url`` (a path prefix of the server)."""

    def __init__(self, server, mount, token=None):
        self.server, self.mount, self.token = server, mount, token
        self.docs = {}

    @property
    def url(self):
        return f"{self.server.base}{self.mount}"

    def publish(self, name, version, files=None, *, tags=None, tarball=None,
                integrity=None, shasum_only=False, **fields):
        """Adds ``name@version``; ``files``: {path in the package: bytes}."""
        pj = {"name": name, "version": version, **fields}
        if tarball is None:
            members = [("package/package.json", "file", json.dumps(pj).encode())]
            for path, data in (files or {}).items():
                members.append((f"package/{path}", "exe" if path.endswith(".node") else "file",
                                data))
            tarball = make_tgz(members)
        base = name.split("/")[-1]
        tpath = f"{self.mount}{name}/-/{base}-{version}.tgz"
        self.server.files[tpath] = (tarball, self)
        dist = {"tarball": self.server.base + tpath,
                "shasum": hashlib.sha1(tarball).hexdigest()}
        if not shasum_only:
            dist["integrity"] = integrity or sri(tarball)
        doc = self.docs.setdefault(name, {"name": name, "dist-tags": {}, "versions": {}})
        doc["versions"][version] = {**pj, "dist": dist}
        if tags:
            doc["dist-tags"].update(tags)
        elif "-" not in version:
            doc["dist-tags"]["latest"] = max_satisfying(
                [v for v in doc["versions"] if "-" not in v], "*")
        return tarball


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        srv = self.server
        path = urllib.parse.unquote(self.path)
        srv.requests.append((path, self.headers.get("Authorization")))
        if path in srv.silent:   # the request arrives, no reply ever does
            srv.released.wait(120)
            return
        if path in srv.redirects:
            self.send_response(302)
            self.send_header("Location", srv.redirects[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path in srv.files:
            body, reg = srv.files[path]
            kind = "tarball"
            if reg is None:   # served to anyone
                return self._send(200, body)
        else:
            reg = next((r for r in srv.registries if path.startswith(r.mount)), None)
            name = path[len(reg.mount):] if reg else None
            if reg is None or name not in reg.docs:
                return self._send(404, b'{"error":"Not found"}')
            if srv.fail_packuments:
                return self._send(500, b"packuments are switched off")
            body, kind = json.dumps(reg.docs[name]).encode(), "packument"
        if reg.token and self.headers.get("Authorization") != f"Bearer {reg.token}":
            return self._send(401, b'{"error":"authentication required"}')
        self._send(200, body)

    def _send(self, code, body):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if urllib.parse.unquote(self.path) in self.server.cut:   # half, then the end
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if urllib.parse.unquote(self.path) in self.server.slow:   # 40 KB/s
            try:
                for i in range(0, len(body), 4096):
                    self.wfile.write(body[i:i + 4096])
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass    # the client went away
            return
        self.wfile.write(body)


@pytest.fixture
def server():
    srv = Server(("127.0.0.1", 0), Handler)
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    srv.files, srv.requests, srv.registries, srv.fail_packuments = {}, [], [], False
    srv.redirects, srv.slow, srv.cut = {}, set(), set()
    srv.silent, srv.released = set(), threading.Event()
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.released.set()
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def registry(server):
    reg = Registry(server, "/")
    server.registries.append(reg)
    return reg


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """A cache and a home of our own, and no npm configuration from the machine."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for k in list(os.environ):
        if k.lower().startswith("npm_config_"):
            monkeypatch.delenv(k)


@pytest.fixture
def project(tmp_path):
    d = tmp_path / "project"
    d.mkdir()
    return d


ADDON = None


def addon_bytes():
    global ADDON
    if ADDON is None:
        ADDON = build_test_addon("module_version").read_bytes()
    return ADDON


def publish_napi_rs(reg, name, version, **kw):
    """A napi-rs style package: the JS package, plus one package per platform with
    ``os``/``cpu``/``libc``; the one for this machine holds the real test addon."""
    platforms = [(PLAT, ARCH, LIBC), ("linux", ARCH, OTHER_LIBC), ("darwin", "arm64", None),
                 ("win32", "x64", None)]
    opt = {}
    for plat, arch, libc in platforms:
        abi = {"glibc": "gnu", "musl": "musl", None: "msvc" if plat == "win32" else None}[libc]
        suffix = "-".join(p for p in (plat, arch, abi) if p)
        pkg = f"{name}-{suffix}"
        fields = {"os": [plat], "cpu": [arch], "main": f"{name.split('/')[-1]}.{suffix}.node"}
        if libc:
            fields["libc"] = [libc]
        data = addon_bytes() if (plat, arch, libc) == HOST else b"not for this machine"
        reg.publish(pkg, version, {fields["main"]: data}, **fields)
        opt[pkg] = version
    reg.publish(name, version, {"index.js": b"module.exports = require('./binding')\n"},
                optionalDependencies=opt, **kw)


def tree(prefix):
    """{location: version} of the packages in prefix/node_modules (nested ones too)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(prefix / "node_modules"):
        rel = os.path.relpath(dirpath, prefix).replace(os.sep, "/")
        parts = rel.split("/")
        is_pkg = (len(parts) >= 2 and parts[-2] == "node_modules") or \
            (len(parts) >= 3 and parts[-3] == "node_modules" and parts[-2].startswith("@"))
        if is_pkg and "package.json" in filenames:
            with open(os.path.join(dirpath, "package.json")) as f:
                out[rel] = json.load(f)["version"]
    return out


# -- semver ----------------------------------------------------------------------------

@pytest.mark.parametrize("rng, version, ok", [
    ("^1.2.3", "1.9.9", True), ("^1.2.3", "2.0.0", False), ("^1.2.3", "2.0.0-beta", False),
    ("^1.2.3", "1.2.2", False), ("^0.2.3", "0.2.9", True), ("^0.2.3", "0.3.0", False),
    ("^0.0.3", "0.0.3", True), ("^0.0.3", "0.0.4", False), ("^0.x", "0.9.0", True),
    ("^0.x", "1.0.0", False), ("^1.2.x", "1.9.0", True), ("^0.0.x", "0.0.9", True),
    ("~1.2.3", "1.2.9", True), ("~1.2.3", "1.3.0", False), ("~1", "1.9.0", True),
    ("~1.2", "1.2.0", True), ("~>1.2", "1.3.0", False),
    ("1.x", "1.5.0", True), ("1.x", "2.0.0", False), ("1.2.*", "1.2.7", True),
    ("*", "3.0.0", True), ("", "3.0.0", True), ("*", "3.0.0-rc.1", False),
    ("x", "0.0.1", True),
    (">=1.2 <1.4", "1.3.5", True), (">=1.2 <1.4", "1.4.0", False), (">= 1.2.0", "1.2.0", True),
    (">1.2", "1.2.9", False), (">1.2", "1.3.0", True), ("<=1.2", "1.2.9", True),
    ("<=1.2", "1.3.0", False), ("<1", "0.9.9", True), ("<1", "1.0.0", False),
    ("1.2.3 - 2.3.4", "2.3.4", True), ("1.2.3 - 2.3.4", "2.3.5", False),
    ("1.2.3 - 2.3", "2.3.9", True), ("1.2.3 - 2.3", "2.4.0", False),
    ("1.2 - 2", "1.2.0", True), ("1.2 - 2", "2.9.9", True), ("1.2 - 2", "3.0.0", False),
    ("<1.0.0 || >=2.0.0", "1.5.0", False), ("<1.0.0 || >=2.0.0", "2.5.0", True),
    ("1.0.0 || 1.2.x", "1.2.4", True),
    ("1.2.3", "1.2.3", True), ("=1.2.3", "1.2.4", False), ("v1.2.3", "1.2.3", True),
    # prereleases: only when a comparator names a prerelease of the same X.Y.Z
    (">=1.3.0-alpha", "1.3.0-beta", True), (">=1.3.0-alpha", "1.4.0-beta", False),
    (">=1.3.0-alpha", "1.4.0", True), ("^1.2.3-beta.2", "1.2.3-beta.10", True),
    ("^1.2.3-beta.2", "1.2.3-beta.1", False), ("^1.2.3-beta.2", "1.2.4-beta", False),
    ("<2.0.0", "2.0.0-beta", False), ("<2.0.0-rc.1", "2.0.0-beta", True),
    ("1.2.3-beta.2", "1.2.3-beta.2", True), ("~1.2.3-beta.2", "1.2.3-beta.4", True),
])
def test_semver_ranges(rng, version, ok):
    assert Range(rng).test(version) is ok


def test_semver_precedence_and_max_satisfying():
    order = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
             "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0"]
    assert max_satisfying(order, "^1.0.0") == "1.10.0"
    assert max_satisfying(order, "~1.0.0") == "1.0.1"
    assert max_satisfying(order, ">=1.0.0-beta <1.0.0") == "1.0.0-rc.1"
    assert max_satisfying(order, ">=1.0.0-alpha <1.0.0-beta.3") == "1.0.0-beta.2"
    assert max_satisfying(order, "^2") is None
    from napi_python._semver import parse_version
    assert sorted(reversed(order), key=parse_version) == order


# -- .npmrc ------------------------------------------------------------------------------

def test_npmrc_parsing_and_env_expansion(monkeypatch):
    monkeypatch.setenv("TOK", "s3cret")
    monkeypatch.delenv("UNSET_VAR", raising=False)
    cfg = parse_npmrc("# comment\n; other\nregistry = \"https://r.example/npm\"\n"
                      "//r.example/npm/:_authToken=${TOK}\nx=${UNSET_VAR?}y\n")
    assert cfg == {"registry": "https://r.example/npm", "//r.example/npm/:_authToken": "s3cret",
                   "x": "y"}
    with pytest.raises(ConfigError, match="UNSET_VAR is not set"):
        parse_npmrc("t=${UNSET_VAR}")


def test_npmrc_precedence_scopes_and_auth(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".npmrc").write_text("registry=https://user.example/\n@a:registry=https://a.example/r\n"
                                 "//a.example/r/:_authToken=tok-a\n"
                                 "//a.example/:_auth=YmFzaWM=\n")
    proj = tmp_path / "p"
    proj.mkdir()
    (proj / ".npmrc").write_text("registry=https://project.example/\n")
    cfg = NpmConfig(proj)
    assert cfg.registry == "https://project.example/"              # project over user
    assert cfg.registry_for("@a/x") == "https://a.example/r/"
    assert cfg.registry_for("@b/x") == "https://project.example/"
    assert cfg.auth_header("https://a.example/r/@a%2fx") == "Bearer tok-a"   # longest key
    assert cfg.auth_header("https://a.example/other/x.tgz") == "Basic YmFzaWM="
    assert cfg.auth_header("https://project.example/x") is None
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://env.example")
    assert NpmConfig(proj).registry == "https://env.example/"        # env over files
    assert NpmConfig(proj, registry="https://arg.example").registry == "https://arg.example/"


# -- installs -------------------------------------------------------------------------------

def test_napi_rs_package_gets_this_platforms_binary_and_loads(registry, project):
    publish_napi_rs(registry, "hello", "1.1.0")
    installed = install(["hello"], prefix=project, registry=registry.url)
    names = {(p.name, p.version, p.optional) for p in installed}
    assert names == {("hello", "1.1.0", False), (f"hello-{HOST_SUFFIX}", "1.1.0", True)}
    assert tree(project) == {"node_modules/hello": "1.1.0",
                             f"node_modules/hello-{HOST_SUFFIX}": "1.1.0"}
    addon = napi_python.require("hello", paths=[project])
    assert addon.declared() == 8
    # package.json gets ^version; the lock has every platform, for other machines and npm ci
    assert json.loads((project / "package.json").read_text()) == {
        "dependencies": {"hello": "^1.1.0"}}
    lock = json.loads((project / "package-lock.json").read_text())
    assert lock["lockfileVersion"] == 3
    pk = lock["packages"]
    assert pk[""]["dependencies"] == {"hello": "^1.1.0"}
    assert pk["node_modules/hello"]["integrity"].startswith("sha512-")
    assert pk["node_modules/hello-darwin-arm64"] == {
        **{k: pk["node_modules/hello-darwin-arm64"][k] for k in ("version", "resolved",
                                                                 "integrity")},
        "os": ["darwin"], "cpu": ["arm64"], "optional": True}
    assert pk[f"node_modules/hello-linux-{ARCH}-{'musl' if ABI == 'gnu' else 'gnu'}"]["libc"] \
        == [OTHER_LIBC]
    assert not (project / "node_modules" / "hello-darwin-arm64").exists()


def test_tags_versions_and_ranges(registry, project):
    for v in ("1.0.0", "1.0.5", "1.1.0", "2.0.0-beta.1"):
        registry.publish("lib", v, {"index.js": v.encode()})
    registry.docs["lib"]["dist-tags"]["next"] = "2.0.0-beta.1"
    cases = [("lib", "1.1.0", "^1.1.0"), ("lib@next", "2.0.0-beta.1", "^2.0.0-beta.1"),
             ("lib@1.0.0", "1.0.0", "1.0.0"), ("lib@~1.0", "1.0.5", "~1.0"),
             ("lib@>=1.0.0 <1.1.0 || 2.x", "1.0.5", ">=1.0.0 <1.1.0 || 2.x"),
             ("lib@1.0.0 - 1.0.9", "1.0.5", "1.0.0 - 1.0.9")]
    for spec, version, saved in cases:
        (installed,) = install([spec], prefix=project, registry=registry.url)
        assert (installed.name, installed.version) == ("lib", version), spec
        assert (project / "node_modules/lib/index.js").read_text() == version
        assert json.loads((project / "package.json").read_text())["dependencies"] == \
            {"lib": saved}


def test_dependencies_hoisted_and_nested_on_conflict(registry, project):
    registry.publish("leaf", "1.0.0", {"v": b"1"})
    registry.publish("leaf", "2.0.0", {"v": b"2"})
    registry.publish("util", "1.3.0")
    registry.publish("mid", "1.0.0", dependencies={"leaf": "^1.0.0", "util": "1"})
    registry.publish("app", "1.0.0", dependencies={"leaf": "^2.0.0", "mid": "~1.0.0",
                                                   "util": "^1.2.0"})
    install(["app"], prefix=project, registry=registry.url)
    assert tree(project) == {"node_modules/app": "1.0.0", "node_modules/leaf": "2.0.0",
                             "node_modules/mid": "1.0.0", "node_modules/util": "1.3.0",
                             "node_modules/mid/node_modules/leaf": "1.0.0"}
    lock = json.loads((project / "package-lock.json").read_text())["packages"]
    assert set(lock) == {"", "node_modules/app", "node_modules/leaf", "node_modules/mid",
                         "node_modules/util", "node_modules/mid/node_modules/leaf"}


def test_sharp_style_binary_package_brings_its_library_package(registry, project):
    """@img/sharp-linux-x64 needs @img/sharp-libvips-linux-x64 (an optional dependency of
    the platform package) to load: the whole closure for this platform is installed."""
    sfx = f"{PLAT}-{ARCH}"
    plat = {"os": [PLAT], "cpu": [ARCH], **({"libc": [LIBC]} if LIBC else {})}
    registry.publish(f"@img/lib-{sfx}", "1.0.4", {"lib/libvips.so": b"\x7fELF"}, **plat)
    registry.publish(f"@img/lib-darwin-arm64", "1.0.4", os=["darwin"], cpu=["arm64"])
    registry.publish(f"@img/img-{sfx}", "0.33.5", {"lib/img.node": addon_bytes()},
                     optionalDependencies={f"@img/lib-{sfx}": "1.0.4"}, **plat)
    registry.publish("@img/img-darwin-arm64", "0.33.5", os=["darwin"], cpu=["arm64"],
                     optionalDependencies={"@img/lib-darwin-arm64": "1.0.4"})
    registry.publish("detect", "2.0.0")
    registry.publish("img", "0.33.5", dependencies={"detect": "^2.0.0"},
                     optionalDependencies={f"@img/img-{sfx}": "0.33.5",
                                           "@img/img-darwin-arm64": "0.33.5"},
                     scripts={"install": "node install/check.js"})
    install(["img"], prefix=project, registry=registry.url)
    assert tree(project) == {"node_modules/img": "0.33.5", "node_modules/detect": "2.0.0",
                             f"node_modules/@img/img-{sfx}": "0.33.5",
                             f"node_modules/@img/lib-{sfx}": "1.0.4"}
    assert (project / f"node_modules/@img/lib-{sfx}/lib/libvips.so").read_bytes() == b"\x7fELF"
    assert napi_python.require("img", paths=[project]).declared() == 8


def test_lock_is_installed_exactly_without_metadata(registry, server, project, tmp_path):
    publish_napi_rs(registry, "hello", "1.0.0")
    registry.publish("dep", "1.0.0")
    registry.publish("dep", "1.1.0")
    registry.publish("app", "1.0.0", dependencies={"dep": "^1.0.0", "hello": "1.0.0"})
    install(["app"], prefix=project, registry=registry.url)
    lock_before = (project / "package-lock.json").read_text()
    before = tree(project)
    # newer versions appear, and packuments stop being served: the lock still installs
    registry.publish("dep", "1.2.0")
    server.fail_packuments = True
    shutil.rmtree(project / "node_modules")
    shutil.rmtree(tmp_path / "cache")
    server.requests.clear()
    install(prefix=project, registry=registry.url)
    assert tree(project) == before
    assert before["node_modules/dep"] == "1.1.0"
    assert (project / "package-lock.json").read_text() == lock_before
    assert server.requests and all(p.endswith(".tgz") for p, _ in server.requests)
    # what the lock pins also wins when the project is resolved again
    server.fail_packuments = False
    install(["hello@1.0.0"], prefix=project, registry=registry.url)
    assert tree(project)["node_modules/dep"] == "1.1.0"


def test_offline_from_the_cache(registry, server, project):
    publish_napi_rs(registry, "hello", "1.0.0")
    install(["hello"], prefix=project, registry=registry.url)
    shutil.rmtree(project / "node_modules")
    server.shutdown()
    server.server_close()      # nothing listens any more
    installed = install(prefix=project, registry=registry.url)
    assert {p.name for p in installed} == {"hello", f"hello-{HOST_SUFFIX}"}
    assert napi_python.require("hello", paths=[project]).declared() == 8
    shutil.rmtree(project / "node_modules")
    assert len(install(prefix=project, offline=True)) == 2
    with pytest.raises(InstallError, match="offline: the registry's metadata of other "):
        install(["other"], prefix=project, registry=registry.url, offline=True)
    # a package named again is resolved from the metadata the online install kept,
    # as npm --offline resolves from its cache
    installed = install(["hello@^1"], prefix=project, registry=registry.url, offline=True)
    assert {p.name for p in installed} == {"hello", f"hello-{HOST_SUFFIX}"}
    assert json.loads((project / "package.json").read_text()) == \
        {"dependencies": {"hello": "^1"}}
    with pytest.raises(InstallError, match=r"hello@\^2: no matching version; available: 1.0.0"):
        install(["hello@^2"], prefix=project, registry=registry.url, offline=True)
    # a tarball not in the cache: the message names the package
    shutil.rmtree(project / "node_modules")
    shutil.rmtree(os.path.join(os.environ["XDG_CACHE_HOME"], "napi-python", "tarballs"))
    with pytest.raises(InstallError, match=r"^offline: the tarball of hello@1.0.0 \(http://"
                                           r".*/hello-1.0.0.tgz\) is not in the cache; an "
                                           r"install without --offline keeps it there$"):
        install(prefix=project, registry=registry.url, offline=True)


def test_offline_resolves_only_from_metadata_fetched_before(registry, server, project):
    registry.publish("dep", "1.0.0")
    registry.publish("app", "1.0.0", dependencies={"dep": "^1.0.0"})
    registry.publish("other", "1.0.0")
    install(["app"], prefix=project, registry=registry.url)
    install(["other"], prefix=project / "elsewhere", registry=registry.url)
    registry.publish("dep", "1.1.0")       # a newer version the cache has not seen
    server.shutdown()
    server.server_close()
    # a project that lists app and other (its lock has neither) resolves offline:
    # both packuments, and dep's, were fetched by the installs above
    other = project / "other-project"
    other.mkdir()
    (other / "package.json").write_text(json.dumps({"dependencies": {"app": "1.0.0",
                                                                     "other": "*"}}))
    install(prefix=other, registry=registry.url, offline=True)
    assert tree(other) == {"node_modules/app": "1.0.0", "node_modules/dep": "1.0.0",
                           "node_modules/other": "1.0.0"}


def test_a_prefix_or_cache_that_cannot_be_written_is_an_install_error(registry, project,
                                                                         tmp_path):
    registry.publish("lib", "1.0.0")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(InstallError, match=r"a-file/cache: Not a directory$"):
        install(["lib"], prefix=project, registry=registry.url, cache=blocker / "cache")
    assert list(project.iterdir()) == []
    r = run_cli("lib", "--registry", registry.url, cwd=project,
                env={"XDG_CACHE_HOME": str(blocker)})
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == f"error: {blocker}/napi-python: Not a directory\n"


def test_an_npm_6_lock_keeps_its_versions_and_is_written_again(registry, project, capfd):
    """A ``lockfileVersion`` 1 lock (npm 6: a ``dependencies`` tree, no ``packages``)
    is read as npm 7 reads it: package.json is resolved again keeping the versions it
    pins, and the lock is written as version 3, with a warning. It was refused
    ("not a lockfileVersion 2/3 lock"), so an old project could not install."""
    for v in ("1.0.0", "1.1.0"):
        registry.publish("lib", v)
    (project / "package.json").write_text(json.dumps(
        {"name": "old", "version": "1.0.0", "dependencies": {"lib": "^1.0.0",
                                                              "al": "npm:lib@^1.0.0"}}))
    v1 = {"name": "old", "version": "1.0.0", "lockfileVersion": 1, "requires": True,
          "dependencies": {"lib": {"version": "1.0.0", "integrity": "sha512-x"},
                           "al": {"version": "npm:lib@1.0.0", "integrity": "sha512-x"}}}
    (project / "package-lock.json").write_text(json.dumps(v1))
    install(prefix=project, registry=registry.url)
    assert tree(project) == {"node_modules/lib": "1.0.0", "node_modules/al": "1.0.0"}
    lock = json.loads((project / "package-lock.json").read_text())
    assert lock["lockfileVersion"] == 3 and lock["packages"]["node_modules/al"]["name"] == "lib"
    assert "is a lockfileVersion 1 lock (npm 6)" in capfd.readouterr().err
    # without a package.json there is nothing to resolve: still refused
    (project / "package.json").unlink()
    (project / "package-lock.json").write_text(json.dumps(v1))
    with pytest.raises(InstallError, match="not a lockfileVersion 2/3 lock"):
        install(prefix=project, registry=registry.url)


def test_a_lock_without_this_platforms_packages_is_resolved_again(registry, project, capfd):
    """npm at times writes a lock on one platform with only that platform's packages
    among a package's optional dependencies (npm/cli#4828). Installing such a lock
    here said the package "has no binary for linux-x64-glibc; it has binaries for:
    darwin-arm64, win32-x64", which is untrue: now package.json is resolved again,
    keeping the lock's versions, with a warning, and the lock is written whole."""
    publish_napi_rs(registry, "hello", "1.0.0")
    publish_napi_rs(registry, "hello", "1.1.0")
    install(["hello@1.0.0"], prefix=project, registry=registry.url)
    (project / "package.json").write_text(json.dumps({"dependencies": {"hello": "^1.0.0"}}))
    lock_path = project / "package-lock.json"
    lock = json.loads(lock_path.read_text())
    lock["packages"][""]["dependencies"] = {"hello": "^1.0.0"}
    for loc in [loc for loc in lock["packages"] if "linux" in loc]:
        del lock["packages"][loc]
    lock_path.write_text(json.dumps(lock))
    shutil.rmtree(project / "node_modules")
    capfd.readouterr()
    installed = install(prefix=project, registry=registry.url)
    assert {(p.name, p.version) for p in installed} == {("hello", "1.0.0"),
                                                        (f"hello-{HOST_SUFFIX}", "1.0.0")}
    err = capfd.readouterr().err
    assert (f"warning: hello@1.0.0 has no binary for {PLAT}-{ARCH}-{LIBC} in package-lock.json, "
            "which lists its binaries for darwin-arm64, win32-x64 and leaves out 2 of its "
            "optional dependencies") in err, err
    assert f"node_modules/hello-{HOST_SUFFIX}" in json.loads(lock_path.read_text())["packages"]
    assert napi_python.require("hello", paths=[project]).declared() == 8
    # with no package.json there is nothing to resolve: the message says what is wrong
    lock_path.write_text(json.dumps(lock))
    (project / "package.json").unlink()
    with pytest.raises(InstallError, match=r"in package-lock.json, which lists its binaries "
                                           r"for darwin-arm64, win32-x64 and leaves out 2"):
        install(prefix=project, registry=registry.url)


def test_reinstall_updates_replaced_packages_and_prunes(registry, project):
    registry.publish("b", "1.0.0")
    registry.publish("a", "1.0.0", dependencies={"b": "1.0.0"})
    registry.publish("a", "2.0.0")
    install(["a@1"], prefix=project, registry=registry.url)
    assert tree(project) == {"node_modules/a": "1.0.0", "node_modules/b": "1.0.0"}
    install(["a@2"], prefix=project, registry=registry.url)
    assert tree(project) == {"node_modules/a": "2.0.0"}
    # the command's line says what went, also when nothing else changed
    registry.publish("c", "1.0.0")
    install(["c"], prefix=project, registry=registry.url)
    pj = json.loads((project / "package.json").read_text())
    del pj["dependencies"]["c"]
    (project / "package.json").write_text(json.dumps(pj))
    r = run_cli("--registry", registry.url, cwd=project)
    nm = project / "node_modules"
    assert r.stdout == f"up to date: a@2.0.0 in {nm}; removed c@1.0.0\n", r.stdout
    assert [p.name for p in install(["b@1"], prefix=project, registry=registry.url)] \
        == ["a", "b"]
    (project / "package.json").write_text(json.dumps({"dependencies": {}}))
    r = run_cli("--registry", registry.url, cwd=project)
    assert r.stdout == f"removed a@2.0.0, b@1.0.0 from {nm}\n", r.stdout
    assert tree(project) == {}


def test_scoped_registry_with_token_from_npmrc(server, registry, project, monkeypatch):
    private = Registry(server, "/private/", token="t0ken")
    server.registries.insert(0, private)
    private.publish("@corp/tool", "3.1.4", {"x.js": b"1"})
    (project / ".npmrc").write_text(f"@corp:registry={private.url}\n"
                                    f"//127.0.0.1:{server.server_address[1]}/private/"
                                    ":_authToken=${CORP_TOKEN}\n")
    monkeypatch.setenv("CORP_TOKEN", "t0ken")
    (installed,) = install(["@corp/tool"], prefix=project, registry=registry.url)
    assert (installed.name, installed.version) == ("@corp/tool", "3.1.4")
    assert (project / "node_modules/@corp/tool/x.js").exists()
    assert {(p, a) for p, a in server.requests} == {
        ("/private/@corp/tool", "Bearer t0ken"),
        ("/private/@corp/tool/-/tool-3.1.4.tgz", "Bearer t0ken")}
    # a tarball on another host (a CDN) gets no token; one on the same host keeps it
    port = server.server_address[1]
    tgz = private.publish("@corp/cdn", "1.0.0", {"y.js": b"2"})
    del server.files["/private/@corp/cdn/-/cdn-1.0.0.tgz"]
    server.files["/cdn/cdn.tgz"] = (tgz, None)
    server.redirects["/private/@corp/cdn/-/cdn-1.0.0.tgz"] = "/private/moved/cdn.tgz"
    server.redirects["/private/moved/cdn.tgz"] = f"http://localhost:{port}/cdn/cdn.tgz"
    server.requests.clear()
    install(["@corp/cdn"], prefix=project, registry=registry.url)
    assert (project / "node_modules/@corp/cdn/y.js").read_text() == "2"
    assert [r for r in server.requests if "cdn" in r[0]] == [
        ("/private/@corp/cdn", "Bearer t0ken"),
        ("/private/@corp/cdn/-/cdn-1.0.0.tgz", "Bearer t0ken"),
        ("/private/moved/cdn.tgz", "Bearer t0ken"),
        ("/cdn/cdn.tgz", None)]
    monkeypatch.setenv("CORP_TOKEN", "wrong")
    with pytest.raises(InstallError, match=r"access denied .*HTTP 401.*_authToken"):
        install(["@corp/tool"], prefix=project, registry=registry.url)


def test_registry_from_the_environment(registry, project, monkeypatch):
    registry.publish("lib", "1.0.0")
    monkeypatch.setenv("npm_config_registry", registry.url)
    assert install(["lib"], prefix=project)[0].version == "1.0.0"


def test_sha1_shasum_when_there_is_no_integrity(registry, project):
    registry.publish("old", "0.1.0", {"a": b"a"}, shasum_only=True)
    install(["old"], prefix=project, registry=registry.url)
    lock = json.loads((project / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/old"]["integrity"].startswith("sha1-")
    assert (project / "node_modules/old/a").read_bytes() == b"a"


def test_progress_bar_only_when_asked_or_on_a_terminal(registry, project, capsys):
    registry.publish("lib", "1.0.0", {"big": b"x" * 100000})
    install(["lib"], prefix=project, registry=registry.url)
    assert capsys.readouterr().err == ""        # stderr is not a terminal here
    shutil.rmtree(project / "node_modules")
    shutil.rmtree(os.environ["XDG_CACHE_HOME"])
    install(prefix=project, registry=registry.url, progress=True)
    err = capsys.readouterr().err
    assert "downloading [" in err and "1/1 packages" in err


# -- errors: clear, and nothing written ---------------------------------------------------

def assert_untouched(project):
    assert sorted(os.listdir(project)) == [], os.listdir(project)


def test_unknown_package(registry, project):
    with pytest.raises(InstallError, match=rf"nope: no such package on {registry.url}"):
        install(["nope"], prefix=project, registry=registry.url)
    assert_untouched(project)


def test_unknown_version_lists_versions_and_tags(registry, project):
    for v in ("1.0.0", "1.2.0", "2.0.0"):
        registry.publish("lib", v)
    with pytest.raises(InstallError, match=r"lib@\^1\.5: no matching version; available: "
                                           r"1\.0\.0, 1\.2\.0 \(of 3\); tags: latest=2\.0\.0"):
        install(["lib@^1.5"], prefix=project, registry=registry.url)
    with pytest.raises(InstallError, match=r"lib@canary: no such version or tag"):
        install(["lib@canary"], prefix=project, registry=registry.url)
    with pytest.raises(InstallError, match="not an npm package name"):
        install(["Not A Name"], prefix=project, registry=registry.url)
    with pytest.raises(InstallError, match="only registry versions"):
        install(["lib@git+https://example.com/x.git"], prefix=project, registry=registry.url)
    assert_untouched(project)


def test_no_network_names_the_registry(project):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()          # a port nothing listens on
    url = f"http://127.0.0.1:{port}/"
    with pytest.raises(InstallError, match=rf"cannot reach the npm registry: {url}lib: "):
        install(["lib"], prefix=project, registry=url)
    assert_untouched(project)


def test_no_binary_for_this_platform_lists_the_platforms(registry, project):
    opt = {}
    for plat, arch in (("darwin", "arm64"), ("win32", "x64"), ("freebsd", "x64")):
        registry.publish(f"only-{plat}-{arch}", "1.0.0", {"b.node": b"x"}, os=[plat], cpu=[arch])
        opt[f"only-{plat}-{arch}"] = "1.0.0"
    registry.publish("only", "1.0.0", optionalDependencies=opt)
    with pytest.raises(InstallError, match=r"only@1.0.0 has no binary for "
                                           rf"{PLAT}-{ARCH}.*; it has binaries for: "
                                           r"darwin-arm64, freebsd-x64, win32-x64"):
        install(["only"], prefix=project, registry=registry.url)
    assert_untouched(project)
    # a platform package asked for directly says what it is built for
    with pytest.raises(InstallError, match=r"only-darwin-arm64@1.0.0 is built for darwin-arm64; "
                                           rf"this machine is {PLAT}-{ARCH}"):
        install(["only-darwin-arm64"], prefix=project, registry=registry.url)
    assert_untouched(project)


def test_binary_from_an_install_script_is_refused(registry, project):
    registry.publish("gyp", "1.0.0", {"binding.gyp": b"{}", "src/a.cc": b""},
                     scripts={"install": "prebuild-install || node-gyp rebuild"})
    with pytest.raises(InstallError, match=r"gyp@1.0.0 builds its binary with an install "
                                           r"script \('prebuild-install \|\| node-gyp rebuild'\)"):
        install(["gyp"], prefix=project, registry=registry.url)
    assert_untouched(project)
    registry.publish("implicit", "1.0.0", {"binding.gyp": b"{}"})
    with pytest.raises(InstallError, match=r"'node-gyp rebuild'"):
        install(["implicit"], prefix=project, registry=registry.url)
    # with a prebuild in the tarball (node-gyp-build style) it installs and loads
    registry.publish("prebuilt", "1.0.0", {"binding.gyp": b"{}",
                                           f"prebuilds/{PLAT}-{ARCH}/prebuilt.napi.node":
                                           addon_bytes()},
                     scripts={"install": "node-gyp-build"})
    install(["prebuilt"], prefix=project, registry=registry.url)
    assert napi_python.require("prebuilt", paths=[project]).declared() == 8


def test_optional_dependency_that_cannot_get_its_binary_is_skipped(registry, project, capfd):
    """cbor-x -> optional cbor-extract, whose install script builds the binary when its
    platform package is missing (@cbor-extract/cbor-extract-linux-x64@2.2.3 was never
    published): npm drops an optional dependency whose install fails, with what only it
    needed; so does napi-python, with a warning, instead of failing the install."""
    registry.publish("ngb", "1.0.0")
    registry.publish("shared", "1.0.0")
    registry.publish("cborext", "2.2.3", {"binding.gyp": b"{}"},
                     scripts={"install": "node-gyp-build-optional-packages"},
                     dependencies={"ngb": "1.0.0", "shared": "1"},
                     optionalDependencies={f"@c/cborext-{PLAT}-{ARCH}": "2.2.3"})
    registry.publish("cborx", "1.6.9", {"index.js": b""}, dependencies={"shared": "1"},
                     optionalDependencies={"cborext": "^2.2.3"})
    installed = install(["cborx"], prefix=project, registry=registry.url)
    assert sorted(p.name for p in installed) == ["cborx", "shared"]
    assert not (project / "node_modules/cborext").exists()
    assert not (project / "node_modules/ngb").exists()       # needed only by cborext
    assert (project / "node_modules/shared/package.json").exists()
    err = capfd.readouterr().err
    assert "warning: cborext@2.2.3 builds its binary with an install script " \
           "('node-gyp-build-optional-packages')" in err
    assert "skipped, as an optional dependency" in err
    lock = json.loads((project / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/cborext"]["optional"] is True   # as npm's lock
    # a package that needs it (not optionally) is refused, as before
    registry.publish("needsit", "1.0.0", dependencies={"cborext": "^2.2.3"})
    with pytest.raises(InstallError, match="cborext@2.2.3 builds its binary"):
        install(["needsit"], prefix=project, registry=registry.url)


def test_integrity_mismatch_writes_nothing(registry, project, tmp_path):
    registry.publish("ok", "1.0.0")
    registry.publish("bad", "1.0.0", {"evil.js": b"1"}, integrity=sri(b"something else"),
                     dependencies={"ok": "1.0.0"})
    with pytest.raises(InstallError, match=r"bad@1.0.0: integrity mismatch for "
                                           r"http://.*/bad/-/bad-1.0.0.tgz: expected sha512-"):
        install(["bad"], prefix=project, registry=registry.url)
    assert_untouched(project)
    cached = [f for _, _, fs in os.walk(tmp_path / "cache") for f in fs if f.endswith(".tgz")]
    assert len(cached) <= 1      # at most the good tarball of "ok"


def test_damaged_cache_entry_is_fetched_again(registry, project, tmp_path):
    registry.publish("lib", "1.0.0", {"a": b"a"})
    install(["lib"], prefix=project, registry=registry.url)
    (cached,) = [os.path.join(d, f) for d, _, fs in os.walk(tmp_path / "cache") for f in fs
                 if f.endswith(".tgz")]
    with open(cached, "wb") as f:
        f.write(b"garbage")
    shutil.rmtree(project / "node_modules")
    install(prefix=project, registry=registry.url)
    assert (project / "node_modules/lib/a").read_bytes() == b"a"


@pytest.mark.parametrize("member, what", [
    (("package/../../escape.txt", "file", b"x"), "'..'"),
    (("/tmp/absolute.txt", "file", b"x"), "absolute"),
    (("package/link", "symlink", "/etc/passwd"), "leaves the package"),
    (("package/link", "symlink", "../../outside"), "leaves the package"),
    (("package/hard", "hardlink", "../outside"), "'..'|leaves the package"),
    (("package/dev", "chr", None), "device"),
])
def test_unsafe_tarball_members_are_refused(registry, project, tmp_path, member, what):
    pj = ("package/package.json", "file", b'{"name":"evil","version":"1.0.0"}')
    registry.publish("evil", "1.0.0", tarball=make_tgz([pj, member]))
    with pytest.raises(InstallError, match=rf"evil@1.0.0: unsafe tarball member: .*({what})"):
        install(["evil"], prefix=project, registry=registry.url)
    assert_untouched(project)
    assert not (tmp_path / "escape.txt").exists() and not os.path.exists("/tmp/absolute.txt")


def test_links_that_leave_through_other_links_are_refused(registry, project):
    pj = ("package/package.json", "file", b'{"name":"evil","version":"1.0.0"}')
    # "up" -> "self/.." looks inside written down, but "self" is a link to the package
    # itself, so "up" is the directory above the package
    for i, tail in enumerate(([("package/up/escape.txt", "file", b"x")], [])):
        members = [pj, ("package/self", "symlink", "."), ("package/up", "symlink", "self/..")]
        registry.publish("evil", f"1.0.{i}", tarball=make_tgz(members + tail))
        with pytest.raises(InstallError, match=r"unsafe tarball member: .*'package/up'.* leaves"):
            install([f"evil@1.0.{i}"], prefix=project, registry=registry.url)
        assert_untouched(project)
    # a link to a sibling inside the package is fine
    members = [pj, ("package/real.js", "file", b"1"), ("package/alias.js", "symlink", "real.js")]
    registry.publish("linky", "1.0.0", tarball=make_tgz(
        [("package/package.json", "file", b'{"name":"linky","version":"1.0.0"}')] + members[1:]))
    install(["linky"], prefix=project, registry=registry.url)
    assert (project / "node_modules/linky/alias.js").read_text() == "1"


def test_files_are_written_as_npm_writes_them(registry, tmp_path):
    """As npm (pacote) extracts a tarball: a ``.gitignore`` becomes ``.npmignore``
    (dropped when a ``.npmignore`` came first in that directory), a file gets its
    tarball mode with read and write for all, execute for all when ``bin`` names it
    (``./cli.js`` is ``cli.js``), less the umask. node-hid's ``hidapi/m4/.gitignore``
    and cross-env's bins (mode 0644 in the tarball) were written as they were. npm's
    bin linking (its default) makes the files a ``bin`` names executable by all and
    turns a CRLF ending their ``#!`` line into LF, and links them from
    ``node_modules/.bin``; napi-python now does the same (it made no links)."""
    bins = {"tool": "./bin/cli.js", "other": "lib//other.js", "crlf": "lib/crlf.js"}
    pj = json.dumps({"name": "filey", "version": "1.0.0", "bin": bins}).encode()
    members = [("package/package.json", "file", pj)]
    for name, mode in [("bin/cli.js", 0o644), ("lib/other.js", 0o600),
                       ("lib/crlf.js", 0o644),
                       ("lib/owner-x.sh", 0o744), ("lib/all-x.sh", 0o755),
                       ("readonly.txt", 0o444), ("m4/.gitignore", 0o644),
                       ("both/.npmignore", 0o644), ("both/.gitignore", 0o644),
                       ("late/.gitignore", 0o644), ("late/.npmignore", 0o644)]:
        members.append((f"package/{name}", mode, name.encode()))
    members.append(("package/lib/crlf.js", 0o644, b"#!/usr/bin/env node\r\nx\r\n"))
    members.append(("package/lib/crlf.txt", 0o644, b"#!/usr/bin/env node\r\nx\r\n"))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, mode, data in members:
            ti = tarfile.TarInfo(name)
            ti.mode = 0o644 if mode == "file" else mode
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data))
    registry.publish("filey", "1.0.0", tarball=buf.getvalue(), bin=bins)

    def files(root):
        out = {}
        for d, _, fs in os.walk(root):
            for name in fs:
                p = os.path.join(d, name)
                out[os.path.relpath(p, root)] = (oct(os.stat(p).st_mode & 0o777),
                                                  open(p, "rb").read())
        return out

    ours = tmp_path / "ours"
    ours.mkdir()
    install(["filey"], prefix=ours, registry=registry.url)
    got = files(ours / "node_modules" / "filey")
    assert got["m4/.npmignore"] == ("0o644", b"m4/.gitignore")
    assert got["both/.npmignore"] == ("0o644", b"both/.npmignore")
    assert got["late/.npmignore"] == ("0o644", b"late/.npmignore")
    assert not [k for k in got if k.endswith(".gitignore")]
    assert got["bin/cli.js"][0] == got["lib/other.js"][0] == got["lib/all-x.sh"][0] == "0o755"
    assert got["lib/owner-x.sh"][0] == "0o744" and got["readonly.txt"][0] == "0o644"
    assert got["lib/crlf.js"] == ("0o755", b"#!/usr/bin/env node\nx\r\n")
    assert got["lib/crlf.txt"] == ("0o644", b"#!/usr/bin/env node\r\nx\r\n")
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    theirs = tmp_path / "npm"
    theirs.mkdir()
    (theirs / "package.json").write_text("{}")
    r = subprocess.run([npm, "install", "filey", "--ignore-scripts", "--no-audit", "--no-fund",
                        "--update-notifier=false", "--registry", registry.url,
                        "--cache", str(tmp_path / "npm-cache")], cwd=theirs,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert files(theirs / "node_modules" / "filey") == got
    assert sorted(os.listdir(theirs / "node_modules" / ".bin")) == sorted(bins)

    def links(root):
        return {name: os.readlink(root / name) for name in os.listdir(root)}
    assert links(ours / "node_modules/.bin") == links(theirs / "node_modules/.bin") == {
        "tool": "../filey/bin/cli.js", "other": "../filey/lib/other.js",
        "crlf": "../filey/lib/crlf.js"}
    (ours / "package.json").write_text("{}")
    install(prefix=ours, registry=registry.url)
    assert not (ours / "node_modules/.bin").exists()


# -- the command line ------------------------------------------------------------------------

def run_cli(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "napi_python", "install", *args],
                          capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, **(env or {})})


def test_cli_installs_and_reports_errors_in_one_line(registry, project):
    publish_napi_rs(registry, "@demo/hello", "1.0.0")
    r = run_cli("@demo/hello@^1", "--registry", registry.url, cwd=project)
    assert r.returncode == 0, r.stderr
    assert r.stdout == (f"installed @demo/hello@1.0.0, @demo/hello-{HOST_SUFFIX}@1.0.0 "
                        f"into {project / 'node_modules'}\n")
    assert r.stderr == ""
    r = run_cli("@demo/nope", cwd=project, env={"NPM_CONFIG_REGISTRY": registry.url})
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == f"error: @demo/nope: no such package on {registry.url}\n"
    # and with no argument: the lock
    shutil.rmtree(project / "node_modules")
    r = run_cli("--prefix", str(project), "--offline", cwd=project.parent)
    assert r.returncode == 0, r.stderr
    assert (project / "node_modules/@demo/hello/index.js").exists()
    # again: nothing is written, and the line says so rather than "installed"
    r = run_cli("--prefix", str(project), "--offline", cwd=project.parent)
    assert r.stdout == (f"up to date: @demo/hello@1.0.0, @demo/hello-{HOST_SUFFIX}@1.0.0 "
                        f"in {project / 'node_modules'}\n"), r.stdout
    assert not any(p.changed for p in install(prefix=project, offline=True))
    # one more package: only it is installed
    registry.publish("@demo/extra", "1.0.0")
    r = run_cli("@demo/extra", "--registry", registry.url, cwd=project)
    assert r.stdout == (f"installed @demo/extra@1.0.0 into {project / 'node_modules'} "
                        f"(up to date: @demo/hello@1.0.0, @demo/hello-{HOST_SUFFIX}@1.0.0)\n")


def interrupt_install(name, path, registry, server, project, ready=None):
    """Runs ``napi-python install name``, sends it SIGINT (Ctrl-C) half a second after
    the server got the request for ``path`` (or once ``ready()`` is true), checks the
    one line and that nothing was changed; returns the seconds from the signal to the
    command's end."""
    import signal
    proc = subprocess.Popen([sys.executable, "-m", "napi_python", "install", name,
                             "--registry", registry.url], cwd=project, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if ready is None:
        ready = lambda: any(p == path for p, _ in server.requests)  # noqa: E731
    deadline = time.monotonic() + 60
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready(), "the install never got that far"
    time.sleep(0.5)     # well into the request
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    took = time.monotonic() - start
    assert proc.returncode == 1 and err == "error: interrupted; nothing was changed\n", err
    assert_untouched(project)
    return took


def test_ctrl_c_stops_the_downloads_at_once(registry, server, project):
    """Ctrl-C during a download ends the command within a second or two, with its
    one line and nothing changed; it waited for every download in flight to run to
    its end (a 2 MB tarball at 40 KB/s: 50 seconds)."""
    big = os.urandom(2 * 1024 * 1024)
    registry.publish("big", "1.0.0", {"blob.bin": big})
    path = "/big/-/big-1.0.0.tgz"
    server.slow.add(path)
    took = interrupt_install("big", path, registry, server, project)
    assert took < 20, took   # (the whole download takes about 50 s; stopped, about 1 s)


def test_ctrl_c_stops_a_request_the_server_never_answers(registry, server, project):
    """Ctrl-C while a server holds a request without a byte of reply ends the command
    at once: the read blocked on that connection waited for the 60 s socket timeout."""
    registry.publish("mute", "1.0.0")
    path = "/mute/-/mute-1.0.0.tgz"
    server.silent.add(path)
    took = interrupt_install("mute", path, registry, server, project)
    assert took < 20, took   # (before: the 60 s timeout; now well under a second)


def _syn_sent_to(port, besides):
    """Whether a socket on this machine, none of the local ports ``besides``, is
    connecting to 127.0.0.1:port and waits for an answer (SYN_SENT in /proc/net/tcp)."""
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            local, remote, state = line.split()[1:4]
            if (state == "02" and int(remote.split(":")[1], 16) == port
                    and int(local.split(":")[1], 16) not in besides):
                return True
    return False


def test_ctrl_c_stops_a_connect_the_host_never_answers(registry, server, project):
    """Ctrl-C while the tarball's host never answers the connection (its SYN is
    dropped) ends the command at once: the connect waited for the 60 s timeout, as its
    socket was tracked only once connected."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)   # never accepts: once its queue is full, SYNs are dropped
        host = "http://127.0.0.1:%d" % listener.getsockname()[1]
        fill = [socket.socket() for _ in range(3)]
        try:
            for s in fill:
                s.setblocking(False)
                s.connect_ex(listener.getsockname())
            registry.publish("unreached", "1.0.0")
            dist = registry.docs["unreached"]["versions"]["1.0.0"]["dist"]
            dist["tarball"] = host + "/unreached-1.0.0.tgz"
            port = listener.getsockname()[1]
            ours = {s.getsockname()[1] for s in fill}
            took = interrupt_install("unreached", None, registry, server, project,
                                     ready=lambda: _syn_sent_to(port, ours))
        finally:
            for s in fill:
                s.close()
    assert took < 20, took   # (before: the 60 s connect timeout)


def test_a_download_cut_short_is_an_install_error(registry, server, project):
    """A tarball whose connection ends before its Content-Length says so (it was
    taken as complete, and its integrity check failed); a packument cut short is the
    one-line error too (http.client's IncompleteRead escaped as a traceback)."""
    registry.publish("cut", "1.0.0", {"blob.bin": os.urandom(100_000)})
    path = "/cut/-/cut-1.0.0.tgz"
    server.cut.add(path)
    with pytest.raises(InstallError, match=r"/cut/-/cut-1\.0\.0\.tgz: the connection ended "
                                           r"after \d+ of \d+ bytes"):
        install(["cut"], prefix=project, registry=registry.url)
    assert_untouched(project)
    server.cut.add("/cut")
    with pytest.raises(InstallError, match=r"^http://.*/cut: the connection ended after "
                                           r"\d+ of \d+ bytes$"):
        install(["cut"], prefix=project, registry=registry.url)
    assert_untouched(project)


# -- the real registry ------------------------------------------------------------------------

def npm_lock_only(npm, registry, cwd, tmp_path, *flags):
    """npm's own lock for the project in ``cwd`` (``npm install --package-lock-only``
    against the local registry, with a cache of its own), for comparison with ours."""
    r = subprocess.run([npm, "install", "--package-lock-only", "--ignore-scripts", "--no-audit",
                        "--no-fund", "--update-notifier=false", "--registry", registry.url,
                        *flags, "--cache", str(tmp_path / "npm-cache")], cwd=cwd,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr


def _npmjs_reachable():
    try:
        urllib.request.urlopen("https://registry.npmjs.org/@node-rs%2fxxhash", timeout=15).close()
        return None
    except Exception as e:  # noqa: BLE001 - any failure means: not reachable from here
        return f"https://registry.npmjs.org cannot be reached from this machine: {e}"


def test_real_napi_rs_package_from_npmjs(tmp_path):
    reason = _npmjs_reachable()
    if reason:
        pytest.skip(reason)
    prefix = tmp_path / "real"
    installed = install(["@node-rs/xxhash@^1.7"], prefix=prefix,
                        registry="https://registry.npmjs.org/")
    names = {p.name for p in installed}
    assert "@node-rs/xxhash" in names
    assert any(n.startswith("@node-rs/xxhash-") for n in names)
    xxhash = napi_python.require("@node-rs/xxhash", paths=[prefix])
    assert xxhash.xxh32("hello world", 0) == 3468387874


def test_a_lock_written_by_npm(registry, server, project):
    """npm leaves out ``resolved`` for its default registry and keeps dev packages;
    the tarball URL is then made from the registry, and dev packages are not installed."""
    registry.publish("lib", "1.0.0", {"a": b"1"})
    registry.publish("lib", "1.1.0", {"a": b"2"})
    tgz = registry.publish("devtool", "1.0.0")
    lib = registry.docs["lib"]["versions"]["1.0.0"]["dist"]
    (project / "package.json").write_text(json.dumps(
        {"name": "p", "dependencies": {"lib": "^1.0.0"}, "devDependencies": {"devtool": "1"}}))
    lock = {"name": "p", "lockfileVersion": 3, "requires": True, "packages": {
        "": {"name": "p", "dependencies": {"lib": "^1.0.0"},
             "devDependencies": {"devtool": "1"}},
        # a lock made against registry.npmjs.org: fetched from the configured mirror
        "node_modules/lib": {"version": "1.0.0", "integrity": lib["integrity"],
                             "resolved": "https://registry.npmjs.org/lib/-/lib-1.0.0.tgz"},
        "node_modules/devtool": {"version": "1.0.0", "dev": True, "integrity": sri(tgz)}}}
    text = json.dumps(lock, indent=4)
    (project / "package-lock.json").write_text(text)
    server.fail_packuments = True
    server.requests.clear()
    install(prefix=project, registry=registry.url)
    assert tree(project) == {"node_modules/lib": "1.0.0"}
    assert server.requests == [("/lib/-/lib-1.0.0.tgz", None)]
    assert (project / "package-lock.json").read_text() == text    # left alone
    # package.json changed: resolved again, keeping what the lock pins
    server.fail_packuments = False
    registry.publish("other", "1.0.0")
    pj = json.loads((project / "package.json").read_text())
    pj["dependencies"]["other"] = "*"
    (project / "package.json").write_text(json.dumps(pj))
    install(prefix=project, registry=registry.url)
    assert tree(project) == {"node_modules/lib": "1.0.0", "node_modules/other": "1.0.0"}


# -- npm and Node as the reference ------------------------------------------------------------

def assert_npm_makes_the_same_tree(registry, tmp_path, deps):
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    ours, theirs = tmp_path / "ours", tmp_path / "npm"
    for d in (ours, theirs):
        d.mkdir()
        (d / "package.json").write_text(json.dumps({"name": "p", "dependencies": deps}))
    install(prefix=ours, registry=registry.url)
    npm_lock_only(npm, registry, theirs, tmp_path)

    def layout(d):
        packages = json.loads((d / "package-lock.json").read_text())["packages"]
        return {k: (v["version"], v.get("optional", False), v.get("integrity"))
                for k, v in packages.items() if k}
    assert layout(ours) == layout(theirs)
    assert list(layout(ours)) == list(layout(theirs))    # the same order of entries
    return layout(ours)


def test_lock_entries_are_npms(registry, tmp_path):
    """Each lock entry holds what npm's lock holds for it, normalized as npm normalizes
    a manifest: ``bin`` (a string under the package's bare name, keys bare file names,
    paths without ``./``), ``funding`` (a string is ``{"url": ...}``), ``workspaces``,
    ``deprecated``, a license object's type, and a name that is both a dependency and
    an optional dependency only among the optional ones. Before, ``bin`` kept
    ``./bin.js`` (``node-gyp-build``, ``cross-env``), and ``funding`` (22 of 28
    packages of :doc:`corpus`'s third round) and ``workspaces`` (``clipanion``) were
    missing."""
    pub = registry.publish
    pub("strbin", "1.0.0", bin="./cli.js", funding="https://example.com/fund")
    pub("@sc/objbin", "1.0.0", bin={"a": "./bin/a.js", "sub/b": "lib//b.js", "c": "../c.js"},
        funding={"type": "github", "url": "https://github.com/sponsors/x"})
    pub("arrbin", "1.0.0", bin=["./x/one.js", "two.js"], workspaces=["website"],
        license={"type": "ISC", "url": "https://example.com/l"})
    pub("old", "1.0.0", deprecated="use new — ünïcode", funding=[{"url": "https://a"}, "https://b"])
    pub("optdup", "1.0.0", dependencies={"strbin": "1", "old": "1"},
        optionalDependencies={"old": "1"}, workspaces=[], funding={})
    deps = {"strbin": "1", "@sc/objbin": "1", "arrbin": "1", "optdup": "1"}
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    ours, theirs = tmp_path / "ours", tmp_path / "npm"
    for d in (ours, theirs):
        d.mkdir()
        (d / "package.json").write_text(json.dumps({"name": "p", "dependencies": deps}))
    install(prefix=ours, registry=registry.url)
    npm_lock_only(npm, registry, theirs, tmp_path, "--omit-lockfile-registry-resolved=false")
    got = json.loads((ours / "package-lock.json").read_text())["packages"]
    want = json.loads((theirs / "package-lock.json").read_text())["packages"]
    assert got["node_modules/strbin"]["bin"] == {"strbin": "cli.js"}
    assert got["node_modules/@sc/objbin"]["bin"] == {"a": "bin/a.js", "b": "lib/b.js",
                                                     "c": "c.js"}
    assert got["node_modules/optdup"]["dependencies"] == {"strbin": "1"}
    assert got == want
    # and the same text: npm's key order (json-stringify-nice), UTF-8 as it is
    assert (ours / "package-lock.json").read_text() == (theirs / "package-lock.json").read_text()


def test_aliases_are_installed_as_npm_installs_them(registry, tmp_path):
    """``name: "npm:real@range"`` (npm's alias) installs the package ``real`` as
    ``node_modules/name``, in the project and in a dependency, beside another version
    of ``real`` under its own name: the tree, the lock (an alias's entry names the
    package, as npm's) and its text are npm's, and
    ``require(name)`` loads the alias's binary. Aliases were refused before."""
    pub = registry.publish
    publish_napi_rs(registry, "hello", "1.0.0")
    publish_napi_rs(registry, "hello", "2.0.0")
    for v in ("1.0.0", "1.1.0", "2.0.0"):
        pub("c", v)
    pub("app", "1.0.0", dependencies={"c1": "npm:c@^1", "c": "^2"})
    deps = {"hello": "^2", "old-hello": "npm:hello@1.0.0", "app": "1", "c": "npm:c@1.0.0"}
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    ours, theirs = tmp_path / "ours" / "p", tmp_path / "npm" / "p"
    for d in (ours, theirs):
        d.mkdir(parents=True)
        (d / "package.json").write_text(json.dumps({"name": "p", "dependencies": deps}))
    install(prefix=ours, registry=registry.url)
    npm_lock_only(npm, registry, theirs, tmp_path, "--omit-lockfile-registry-resolved=false")
    got = json.loads((ours / "package-lock.json").read_text())["packages"]
    want = json.loads((theirs / "package-lock.json").read_text())["packages"]
    assert got["node_modules/old-hello"]["name"] == "hello"
    for k in sorted(set(got) | set(want)):
        assert got.get(k) == want.get(k), k
    assert got == want
    assert (ours / "package-lock.json").read_text() == (theirs / "package-lock.json").read_text()
    assert tree(ours) == {
        "node_modules/hello": "2.0.0", f"node_modules/hello-{HOST_SUFFIX}": "2.0.0",
        "node_modules/old-hello": "1.0.0",
        f"node_modules/old-hello/node_modules/hello-{HOST_SUFFIX}": "1.0.0",
        "node_modules/app": "1.0.0", "node_modules/app/node_modules/c": "2.0.0",
        "node_modules/c": "1.0.0", "node_modules/c1": "1.1.0"}
    assert napi_python.require("old-hello", paths=[ours]).declared() == 8
    # from the lock alone (no metadata), and on the command line, saved as npm saves
    shutil.rmtree(ours / "node_modules")
    install(prefix=ours, registry=registry.url, offline=True)
    assert tree(ours)["node_modules/old-hello"] == "1.0.0"
    install(["h@npm:hello", "c2@npm:c@~1.0"], prefix=ours, registry=registry.url)
    saved = json.loads((ours / "package.json").read_text())["dependencies"]
    assert (saved["h"], saved["c2"]) == ("npm:hello@^2.0.0", "npm:c@~1.0")
    assert (tree(ours)["node_modules/h"], tree(ours)["node_modules/c2"]) == ("2.0.0", "1.0.0")
    with pytest.raises(InstallError, match=r"x@npm:/etc: an alias names a registry package"):
        install(["x@npm:/etc"], prefix=ours, registry=registry.url)
    # the command's line names an alias as npm spells it
    r = run_cli("--registry", registry.url, cwd=ours)
    assert r.returncode == 0, r.stderr
    assert "h@npm:hello@2.0.0, hello@2.0.0, " in r.stdout
    assert f"old-hello@npm:hello@1.0.0, hello-{HOST_SUFFIX}@1.0.0" in r.stdout


def test_packages_reached_only_through_peer_dependencies_are_marked_peer(registry, tmp_path):
    """npm marks ``"peer": true`` the lock entries of packages that every path from the
    project reaches through a peerDependency, and what only they need
    (``rrule-rust``'s ``@emnapi/core``, ``@emnapi/runtime`` and
    ``@emnapi/wasi-threads``, peers of ``@napi-rs/wasm-runtime`` under its optional
    WASI package: ``"optional": true, "peer": true``); a peer that a plain dependency
    also reaches is not one. napi-python wrote only ``optional`` (and nothing for a
    required peer), so its lock was not npm's text."""
    pub = registry.publish
    pub("threads", "1.0.0")
    pub("core", "1.2.0", dependencies={"threads": "1.0.0"})
    pub("rt", "1.1.0")
    pub("shared", "1.0.0")
    pub("wasm-runtime", "1.0.0", dependencies={"shared": "1"},
        peerDependencies={"core": "^1", "rt": "^1"})
    pub("lib-wasi", "1.0.0", dependencies={"wasm-runtime": "1"})
    pub("lib", "1.0.0", optionalDependencies={"lib-wasi": "1"})
    pub("plugin", "1.0.0", peerDependencies={"host": "1", "shared": "1"})
    pub("host", "1.0.0", dependencies={"threads": "1"})
    deps = {"lib": "1", "plugin": "1"}
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    ours, theirs = tmp_path / "ours", tmp_path / "npm"
    for d in (ours, theirs):
        d.mkdir()
        (d / "package.json").write_text(json.dumps({"name": "p", "dependencies": deps}))
    install(prefix=ours, registry=registry.url)
    npm_lock_only(npm, registry, theirs, tmp_path, "--omit-lockfile-registry-resolved=false")
    got = json.loads((ours / "package-lock.json").read_text())["packages"]
    want = json.loads((theirs / "package-lock.json").read_text())["packages"]
    flags = {k: (v.get("optional", False), v.get("peer", False)) for k, v in got.items() if k}
    assert flags == {"node_modules/core": (True, True), "node_modules/host": (False, True),
                     "node_modules/lib": (False, False), "node_modules/lib-wasi": (True, False),
                     "node_modules/plugin": (False, False), "node_modules/rt": (True, True),
                     "node_modules/shared": (False, False),
                     "node_modules/threads": (False, True),
                     "node_modules/wasm-runtime": (True, False)}
    assert got == want
    assert (ours / "package-lock.json").read_text() == (theirs / "package-lock.json").read_text()
    hidden = json.loads((ours / "node_modules" / ".package-lock.json").read_text())["packages"]
    assert hidden["node_modules/core"].get("peer") is True


def test_omit_lockfile_registry_resolved_is_honoured(registry, tmp_path):
    """An ``.npmrc`` with ``omit-lockfile-registry-resolved=true`` (this machine's user
    ``.npmrc`` has it) makes npm write its lock without ``resolved``; napi-python now
    does too (it wrote them), and installs from such a lock, the tarball URLs made from
    the registry, name and version."""
    registry.publish("lib", "1.0.0", {"index.js": b"1"})
    registry.publish("top", "1.0.0", {"index.js": b"t"}, dependencies={"lib": "1"})
    npm = shutil.which("npm")
    ours, theirs = tmp_path / "ours", tmp_path / "npm"
    for d in (ours, theirs):
        d.mkdir()
        (d / "package.json").write_text(json.dumps({"name": "p", "dependencies": {"top": "1"}}))
        (d / ".npmrc").write_text("omit-lockfile-registry-resolved=true\n")
    install(prefix=ours, registry=registry.url)
    got = json.loads((ours / "package-lock.json").read_text())["packages"]
    assert not [loc for loc, entry in got.items() if "resolved" in entry]
    shutil.rmtree(ours / "node_modules")
    install(prefix=ours, registry=registry.url)          # exactly the lock
    assert (ours / "node_modules/lib/index.js").read_text() == "1"
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    npm_lock_only(npm, registry, theirs, tmp_path)
    assert json.loads((theirs / "package-lock.json").read_text())["packages"] == got


def test_the_hidden_lock_file_is_npms(registry, tmp_path):
    """npm writes ``node_modules/.package-lock.json`` (the lock's entries of what
    ``node_modules`` holds, optional platform packages left out not among them) and
    reads it instead of ``node_modules`` when it is newer than every package there;
    napi-python wrote none. It is the same file now, and it goes with the last
    package."""
    publish_napi_rs(registry, "@demo/hello", "1.0.0")
    registry.publish("w", "1.0.0", {"w.js": b"1"}, bin="./w.js")
    registry.publish("w", "2.0.0", {"w.js": b"2"}, bin={"wtool": "w.js", "gone": "no.js"})
    registry.publish("a", "1.0.0", dependencies={"w": "2"})
    deps = {"@demo/hello": "1", "a": "1", "w": "1"}
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    ours, theirs = tmp_path / "ours", tmp_path / "npm"
    for d in (ours, theirs):
        d.mkdir()
        (d / "package.json").write_text(json.dumps({"name": "p", "dependencies": deps}))
    install(prefix=ours, registry=registry.url)
    r = subprocess.run([npm, "install", "--ignore-scripts", "--no-audit", "--no-fund",
                        "--update-notifier=false", "--registry", registry.url,
                        "--omit-lockfile-registry-resolved=false",
                        "--cache", str(tmp_path / "npm-cache")], cwd=theirs,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    hidden = "node_modules/.package-lock.json"
    got = json.loads((ours / hidden).read_text())
    assert list(got["packages"]) == ["node_modules/@demo/hello",
                                     f"node_modules/@demo/hello-{HOST_SUFFIX}",
                                     "node_modules/a", "node_modules/a/node_modules/w",
                                     "node_modules/w"]
    assert got == json.loads((theirs / hidden).read_text())
    assert (ours / hidden).read_text() == (theirs / hidden).read_text()
    for d in (ours, theirs):   # the .bin of each level (a named file that is missing: none)
        assert os.readlink(d / "node_modules/.bin/w") == "../w/w.js"
        assert os.listdir(d / "node_modules/a/node_modules/.bin") == ["wtool"]
        assert os.readlink(d / "node_modules/a/node_modules/.bin/wtool") == "../w/w.js"
    (ours / "package.json").write_text(json.dumps({"name": "p"}))
    install(prefix=ours, registry=registry.url)
    assert not (ours / hidden).exists()


@pytest.mark.parametrize("pj", [
    {"name": "proj", "version": "1.2.3", "license": {"type": "MIT"},
     "engines": {"node": ">=18"}, "bin": "./cli.js", "funding": "https://f",
     "scripts": {"install": "echo hi"}, "devDependencies": {}, "os": ["linux"],
     "workspaces": [], "description": "x", "peerDependencies": {}},
    {"description": "no name, no version", "devDependencies": {"devlib": "1"}},
])
def test_the_projects_lock_entry_is_npms(registry, tmp_path, pj):
    """The project's own entry (``""``) holds what npm's holds: its package.json's
    lock fields, normalized, its name only when it has one, its devDependencies (even
    empty). It held only a name (the directory's when package.json has none) and the
    dependencies. The lock's top-level ``version`` (the project's) was missing."""
    registry.publish("lib", "1.0.0")
    registry.publish("devlib", "1.0.0")
    pj = {**pj, "dependencies": {"lib": "1"}}
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    ours, theirs = tmp_path / "ours" / "proj", tmp_path / "npm" / "proj"   # (the same name)
    for d in (ours, theirs):
        d.mkdir(parents=True)
        (d / "package.json").write_text(json.dumps(pj))
    install(prefix=ours, registry=registry.url)
    npm_lock_only(npm, registry, theirs, tmp_path)
    got = json.loads((ours / "package-lock.json").read_text())
    want = json.loads((theirs / "package-lock.json").read_text())
    assert got["packages"][""] == want["packages"][""]
    # and the lock's own fields: its name, the project's version when it has one
    # (which was missing), lockfileVersion, requires
    assert {k: v for k, v in got.items() if k != "packages"} == \
        {k: v for k, v in want.items() if k != "packages"}


def test_npm_places_a_hoisted_optional_dependency_first(registry, tmp_path):
    """npm visits the packages highest in the tree first (then by location), not in
    the order they were reached: cborext, an optional dependency of cborx hoisted to
    the top, is visited before lmdbish and takes the top place for its ngb@1, so that
    lmdbish's ngb@2 nests (cbor-x, lmdb and node-gyp-build-optional-packages on npm).
    Names with punctuation sort as localeCompare does ('_' before '-' before letters)."""
    pub = registry.publish
    pub("ngb", "1.0.0")
    pub("ngb", "2.0.0")
    pub("cborext", "1.0.0", dependencies={"ngb": "1.0.0"})
    pub("cborx", "1.0.0", optionalDependencies={"cborext": "1"})
    pub("lmdbish", "1.0.0", dependencies={"ngb": "2.0.0"})
    pub("z-a", "1.0.0", dependencies={"w": "1.0.0"})
    pub("z_a", "1.0.0", dependencies={"w": "2.0.0"})
    pub("za", "1.0.0", dependencies={"w": "3.0.0"})
    for v in ("1.0.0", "2.0.0", "3.0.0"):
        pub("w", v)
    tree = assert_npm_makes_the_same_tree(
        registry, tmp_path, {"cborx": "1", "lmdbish": "1", "z-a": "1", "z_a": "1", "za": "1"})
    assert tree["node_modules/ngb"][0] == "1.0.0"
    assert tree["node_modules/lmdbish/node_modules/ngb"][0] == "2.0.0"


def test_bundled_dependencies_come_from_the_tarball_and_are_in_the_lock(registry, tmp_path):
    """A package that bundles its dependencies in its tarball (``node_modules/`` inside
    it), with the field spelled ``bundledDependencies`` as the registry keeps it
    (@tailwindcss/oxide-wasm32-wasi, an optional dependency of @tailwindcss/oxide
    without os/cpu, so installed everywhere): the bundled packages are not fetched,
    they arrive with the tarball, and the lock lists them as npm does, with
    ``"inBundle": true`` and ``bundleDependencies`` on their parent. The lock was
    missing the field, and installing from it failed with "package-lock.json is
    incomplete: inner (needed by wasmish) is not in it"."""
    inner = json.dumps({"name": "inner", "version": "1.2.0", "license": "MIT",
                        "dependencies": {"@sc/deep": "^2.0.0"}}).encode()
    deep = json.dumps({"name": "@sc/deep", "version": "2.1.0"}).encode()
    registry.publish("wasmish", "1.0.0", {
        "index.js": b"module.exports = require('inner')\n",
        "node_modules/inner/package.json": inner,
        "node_modules/inner/index.js": b"module.exports = require('@sc/deep')\n",
        "node_modules/@sc/deep/package.json": deep,
        "node_modules/@sc/deep/index.js": b"module.exports = 'deep'\n",
    }, dependencies={"inner": "^1.0.0", "@sc/deep": "^2.0.0", "plain": "1"},
        bundledDependencies=["inner", "@sc/deep"])
    registry.publish("plain", "1.0.0")
    registry.publish("tw", "1.0.0", optionalDependencies={"wasmish": "1.0.0"})
    layout = assert_npm_makes_the_same_tree(registry, tmp_path, {"tw": "1"})
    assert layout["node_modules/wasmish/node_modules/inner"][:2] == ("1.2.0", True)
    ours = tmp_path / "ours"
    lock = json.loads((ours / "package-lock.json").read_text())["packages"]
    theirs = json.loads((tmp_path / "npm" / "package-lock.json").read_text())["packages"]
    for loc in ("node_modules/wasmish/node_modules/inner",
                "node_modules/wasmish/node_modules/@sc/deep"):
        assert lock[loc]["inBundle"] is True and theirs[loc]["inBundle"] is True
        assert "resolved" not in lock[loc] and "integrity" not in lock[loc]
    assert lock["node_modules/wasmish"]["bundleDependencies"] == ["inner", "@sc/deep"]
    assert lock["node_modules/wasmish"]["bundleDependencies"] == \
        theirs["node_modules/wasmish"]["bundleDependencies"]
    assert lock["node_modules/wasmish/node_modules/inner"]["dependencies"] == \
        theirs["node_modules/wasmish/node_modules/inner"]["dependencies"]
    assert tree(ours) == {"node_modules/tw": "1.0.0", "node_modules/wasmish": "1.0.0",
                          "node_modules/plain": "1.0.0",
                          "node_modules/wasmish/node_modules/inner": "1.2.0",
                          "node_modules/wasmish/node_modules/@sc/deep": "2.1.0"}
    # only what the registry serves was requested: the bundled ones came in the tarball
    assert not any("inner" in path or "deep" in path for path, _ in registry.server.requests)
    # installing again from that lock (no registry metadata) keeps the tree
    shutil.rmtree(ours / "node_modules")
    install(prefix=ours, registry=registry.url)
    assert tree(ours)["node_modules/wasmish/node_modules/@sc/deep"] == "2.1.0"
    node = shutil.which("node")
    if node is not None:
        r = subprocess.run([node, "-e", "console.log(require('wasmish'))"], cwd=ours,
                           capture_output=True, text=True, timeout=60)
        assert r.stdout.strip() == "deep", r.stderr


def test_the_tree_is_the_one_npm_makes(registry, tmp_path):
    """npm itself, pointed at the same registry, lays out the same tree (locations,
    versions, what is optional) for a graph with conflicts at several depths."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    pub = registry.publish
    for v in ("1.0.0", "1.5.0", "2.0.0"):
        pub("c", v)
    pub("e", "1.0.0")
    pub("d", "1.0.0", dependencies={"c": "^2"})
    pub("d", "2.0.0", dependencies={"e": "*"})
    pub("a", "1.0.0", dependencies={"c": "^1", "d": "^1"})
    pub("b", "1.0.0", dependencies={"c": "~1.0", "d": "^2"})
    pub("f", "1.0.0", dependencies={"b": "1.0.0", "c": "1.5.0"}, peerDependencies={"e": "1"})
    publish_napi_rs(registry, "hello", "1.0.0", dependencies={"d": "^2"})
    deps = {"a": "^1.0.0", "b": "^1.0.0", "c": "^2.0.0", "f": "1", "hello": "1.0.0"}
    layout = assert_npm_makes_the_same_tree(registry, tmp_path, deps)
    assert "node_modules/b/node_modules/c" in layout


def test_node_loads_what_was_installed(registry, project):
    """Node's own require() finds the packages where install put them."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    publish_napi_rs(registry, "hello", "1.0.0")
    # the JS package loads its platform package, as napi-rs' generated index.js does
    registry.docs.pop("hello")
    opt = {f"hello-{s}": "1.0.0" for s in (HOST_SUFFIX, "darwin-arm64")}
    registry.publish("hello", "1.0.0", {"index.js": f"module.exports = require("
                                        f"'hello-{HOST_SUFFIX}')\n".encode()},
                     optionalDependencies=opt)
    install(["hello"], prefix=project, registry=registry.url)
    r = subprocess.run([node, "-e", "console.log(require('hello').declared())"], cwd=project,
                       capture_output=True, text=True, timeout=60)
    assert (r.returncode, r.stdout) == (0, "8\n"), r.stderr


def test_dependency_specs_that_cannot_come_from_a_registry(registry, project):
    registry.publish("gitdep", "1.0.0", dependencies={"x": "github:someone/x"})
    with pytest.raises(InstallError, match=r"x@github:someone/x: only registry versions"):
        install(["gitdep"], prefix=project, registry=registry.url)
    assert_untouched(project)
    # an optional dependency that cannot be resolved is left out, as npm does
    registry.publish("opt", "1.0.0", optionalDependencies={"missing": "^1", "x": "file:../x"})
    assert [p.name for p in install(["opt"], prefix=project, registry=registry.url)] == ["opt"]


def test_cli_draws_the_progress_bar_on_a_terminal(registry, project):
    registry.publish("lib", "1.0.0", {"big": os.urandom(200000)})
    master, slave = os.openpty()
    try:
        r = subprocess.run([sys.executable, "-m", "napi_python", "install", "lib",
                            "--registry", registry.url], cwd=project, stdout=subprocess.PIPE,
                           stderr=slave, text=True, timeout=120)
        os.close(slave)
        slave = None
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:   # EIO: the terminal's other side is closed and drained
                break
            if not chunk:
                break
            err += chunk
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert r.returncode == 0
    assert b"downloading [" in err and b"1/1 packages" in err
    assert r.stdout.startswith("installed lib@1.0.0")


def _publish_engines_and_deprecations(registry):
    pub = registry.publish
    pub("lib", "1.0.0", {"index.js": b"1.0.0"})
    pub("lib", "1.1.0", {"index.js": b"1.1.0"}, deprecated="use 1.2")
    pub("lib", "1.2.0", {"index.js": b"1.2.0"}, engines={"node": ">=99"})
    pub("lib", "1.3.0-rc.1", {"index.js": b"1.3.0-rc.1"})
    # needs the Node that napi-python reports (22.14.0): accepted
    pub("newnode", "1.0.0", {"index.js": b"1.0.0"})
    pub("newnode", "2.0.0", {"index.js": b"2.0.0"}, engines={"node": ">=22.14"})
    pub("badengine", "1.0.0", {"index.js": b"1.0.0"})
    pub("badengine", "1.1.0", {"index.js": b"1.1.0"}, engines={"node": "not a range"})
    pub("alldeprecated", "1.0.0", {"index.js": b"1.0.0"}, deprecated="gone")
    pub("alldeprecated", "1.1.0", {"index.js": b"1.1.0"}, deprecated="gone")
    # only prereleases, the latest tag one of them (@duckdb/node-api 1.5.6-r.1): a bare
    # name and "*" take the tag; "x" is compared as a range, which no prerelease matches
    pub("onlypre", "1.5.5-r.1", {"index.js": b"1.5.5-r.1"})
    pub("onlypre", "1.5.6-r.1", {"index.js": b"1.5.6-r.1"}, tags={"latest": "1.5.6-r.1"})
    pub("prelatest", "1.0.0", {"index.js": b"1.0.0"})
    pub("prelatest", "2.0.0-beta.1", {"index.js": b"2.0.0-beta.1"},
        tags={"latest": "2.0.0-beta.1"})
    return [("onlypre", "1.5.6-r.1"), ("onlypre@*", "1.5.6-r.1"),
            ("prelatest", "2.0.0-beta.1"), ("prelatest@x", "1.0.0"),
            ("lib", "1.0.0"), ("lib@latest", "1.2.0"), ("lib@^1.1", "1.1.0"),
            ("lib@1.2.0", "1.2.0"), ("lib@>=1.1.0", "1.1.0"), ("newnode", "2.0.0"),
            ("badengine", "1.0.0"), ("alldeprecated", "1.1.0"),
            ("alldeprecated@^1", "1.1.0")]


def test_versions_npm_avoids_deprecated_and_engines(registry, tmp_path):
    """As npm-pick-manifest: the ``latest`` tag satisfying a range is taken only when it
    is not deprecated and its ``engines.node`` accepts the Node that napi-python reports
    (22.14.0); otherwise a version that is both, then one whose engines fit, then one not
    deprecated, the highest first. ``name@latest`` and an exact version are taken as they
    are. (usearch 2.26 needs Node >= 22: npm under Node 20 installs 2.25.)"""
    for i, (spec, version) in enumerate(_publish_engines_and_deprecations(registry)):
        project = tmp_path / f"p{i}"
        project.mkdir()
        (installed,) = install([spec], prefix=project, registry=registry.url)
        name = spec.split("@")[0]
        assert (installed.name, installed.version) == (name, version), spec
        assert (project / "node_modules" / name / "index.js").read_text() == version


def test_npm_picks_the_same_versions_for_node_22_14(registry, tmp_path):
    """npm's own version picker (npm-pick-manifest, in npm's install) given the Node
    version napi-python reports picks the same versions from the same packuments. (npm
    11 has no setting for the Node version, so its picker is called directly.)"""
    npm = shutil.which("npm")
    node = shutil.which("node")
    if npm is None or node is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    picker = os.path.join(os.path.dirname(os.path.realpath(npm)), "..", "node_modules",
                          "npm-pick-manifest")
    assert os.path.isdir(picker), picker
    cases = _publish_engines_and_deprecations(registry)
    specs = [napi_python._install.parse_spec(spec) for spec, _ in cases]
    query = [[registry.docs[name], "" if spec.endswith("@*") or "@" not in spec else want]
             for (spec, _), (name, want) in zip(cases, specs)]
    script = ("const pick = require(process.argv[1]);"
              "const q = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(q.map(([doc, want]) =>"
              " pick(doc, want, {nodeVersion: '22.14.0'}).version)))")
    r = subprocess.run([node, "-e", script, picker], input=json.dumps(query),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [version for _, version in cases]


def test_engines_that_exclude_the_node_reported_warn_as_npm_does(registry, tmp_path, capfd):
    """npm installs a package whose ``engines.node`` excludes the running Node (or does
    not parse) with an ``EBADENGINE`` warning on stderr, for the project itself and for
    every package of the tree, nested ones too; an optional package it leaves out, with
    no warning. napi-python does the same for the Node it reports (22.14.0); npm, run
    here on the same registry with Node 20, warns for the same packages (the ranges
    are chosen to fail, or pass, for both Nodes). Before, nothing was said."""
    pub = registry.publish
    pub("deep", "1.0.0", engines={"node": ">=99"})
    pub("opt", "1.0.0", engines={"node": ">=98"})
    pub("top", "1.0.0", dependencies={"deep": "1"}, optionalDependencies={"opt": "1"})
    pub("badrange", "1.0.0", engines={"node": "not a range"})
    pub("okeng", "1.0.0", engines={"node": ">=18"})
    pj = {"name": "p", "version": "1.0.0", "engines": {"node": ">=97"},
          "dependencies": {"top": "1", "badrange": "1", "okeng": "1"}}
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "package.json").write_text(json.dumps(pj))
    capfd.readouterr()
    installed = install(prefix=ours, registry=registry.url)
    err = capfd.readouterr().err
    warned = [line.split()[4] for line in err.splitlines() if "EBADENGINE" in line]
    assert warned == ["p@1.0.0", "badrange@1.0.0", "deep@1.0.0"]
    assert ("warning: EBADENGINE Unsupported engine: deep@1.0.0 requires node '>=99'; "
            "current: node v22.14.0 (the Node napi-python reports)") in err.splitlines()
    assert sorted(p.name for p in installed) == ["badrange", "deep", "okeng", "top"]
    assert not (ours / "node_modules" / "opt").exists()
    assert "node_modules/opt" in json.loads((ours / "package-lock.json").read_text())["packages"]
    # the same warnings from the lock alone (an exact install)
    install(prefix=ours, registry=registry.url)
    assert [line.split()[4] for line in capfd.readouterr().err.splitlines()
            if "EBADENGINE" in line] == warned

    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed (make test-deps installs it)")
    theirs = tmp_path / "npm"
    theirs.mkdir()
    (theirs / "package.json").write_text(json.dumps(pj))
    r = subprocess.run([npm, "install", "--ignore-scripts", "--no-audit", "--no-fund",
                        "--update-notifier=false", "--registry", registry.url,
                        "--cache", str(tmp_path / "npm-cache")], cwd=theirs,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    npm_warned = [line.split("'")[1] for line in r.stderr.splitlines()
                  if "EBADENGINE" in line and "package:" in line]
    assert sorted(npm_warned) == sorted(warned)
    assert sorted(os.listdir(theirs / "node_modules")) == \
        sorted(["badrange", "deep", "okeng", "top", ".package-lock.json"])
