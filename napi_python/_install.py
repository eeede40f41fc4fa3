"""``napi-python install``: npm packages with prebuilt Node-API binaries, without npm.

    napi_python.install(["@node-rs/xxhash"])          # into ./node_modules
    napi_python.install(["sharp@^0.33"], prefix="vendor")
    napi_python.install()                              # exactly what package-lock.json says

What it does, in npm's way (docs/install.rst says it for users):

1. resolve: each requested package and its dependency closure from the registry
   (``dependencies``, ``optionalDependencies``, ``peerDependencies``), picking
   versions with npm's semver rules (:mod:`._semver`); the result is an npm
   ``package-lock.json`` (version 3) tree: packages hoisted to ``node_modules``
   where no version conflicts, nested under the package that needs them otherwise.
   Optional dependencies for every platform are resolved and locked (so the lock
   works on other platforms and for ``npm ci``), but only those whose ``os``,
   ``cpu`` and ``libc`` fit this machine are installed;
2. fetch: each tarball from the cache (``$XDG_CACHE_HOME/napi-python``, keyed by
   its integrity) or the registry, verified against the lock's ``integrity``
   (sha512 SRI; sha1 ``shasum`` only when the registry gives nothing else);
3. extract: every tarball into a staging directory inside the prefix, refusing
   absolute paths, ``..``, links that leave the package and device files; then
   checks (a binary built by an install script, none for this platform); only
   when everything passed are the packages moved into ``node_modules`` and the
   lock and ``package.json`` written.

Install scripts never run; ``node_modules/.bin`` links are made as npm makes them.
"""

import base64
import concurrent.futures
import dataclasses
import hashlib
import http.client
import io
import json
import os
import posixpath
import re
import shutil
import socket
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref

from . import _semver
from ._npmrc import ConfigError, NpmConfig
from ._require import host_platform

__all__ = ["install", "InstallError", "InstalledPackage"]

LOCKFILE = "package-lock.json"
_USER_AGENT = "napi-python-install (npm-compatible; +https://github.com/)"
_NPMJS = "https://registry.npmjs.org/"
_NAME_RE = re.compile(r"^(?:@[a-z0-9][\w.~-]*/)?[a-z0-9_~][\w.~-]*$", re.I)
_DEP_FIELDS = ("dependencies", "optionalDependencies", "peerDependencies")


class InstallError(Exception):
    """``napi-python install`` could not install: the message says what and why, in
    one line. Nothing was changed in the prefix."""

    __module__ = "napi_python"   # where users import it from (tracebacks say so)


@dataclasses.dataclass(frozen=True)
class InstalledPackage:
    """One package of the installed tree."""
    name: str
    version: str
    path: str          # its directory
    optional: bool     # reached only through optional dependencies (a platform binary)
    changed: bool = True   # written by this install (False: already there, left as it was)


InstalledPackage.__module__ = "napi_python"


# -- this machine ----------------------------------------------------------------------

def _platform_label(os_=None, cpu=None, libc=None):
    parts = [p for p in (os_, cpu, libc) if p]
    return "-".join(parts) or "any platform"


def _allowed(values, actual):
    """npm's os/cpu/libc check: a list of allowed values, or ``!value`` to exclude."""
    if not values:
        return True
    if isinstance(values, str):
        values = [values]
    if actual is not None and f"!{actual}" in values:
        return False
    positive = [v for v in values if not v.startswith("!")]
    return not positive or actual in positive


def _fits(meta, host):
    plat, arch, libc = host
    if not (_allowed(meta.get("os"), plat) and _allowed(meta.get("cpu"), arch)):
        return False
    if meta.get("libc"):
        return plat == "linux" and _allowed(meta.get("libc"), libc)
    return True


def _meta_label(meta):
    def first(v):
        if isinstance(v, str):
            return v
        return "/".join(v) if v else None
    return _platform_label(first(meta.get("os")), first(meta.get("cpu")), first(meta.get("libc")))


def _is_platform_package(meta):
    return bool(meta.get("os") or meta.get("cpu") or meta.get("libc"))


# -- specs -------------------------------------------------------------------------------

def parse_spec(spec):
    """``@scope/name@range`` -> (name, range-or-tag); a bare name -> (name, "*"): as in
    npm, the ``latest`` tag is preferred then, unless it is deprecated or its
    ``engines.node`` excludes the running Node (:func:`pick_version`), whereas
    ``name@latest`` is that tag's version whatever it is."""
    spec = spec.strip()
    at = spec.find("@", 1)
    name, want = (spec, "") if at < 0 else (spec[:at], spec[at + 1:].strip())
    if not _NAME_RE.match(name):
        raise InstallError(f"{spec!r} is not an npm package name (name, name@version, "
                           f"name@range or name@tag)")
    _check_supported(name, want)
    return name, want or "*"


def _check_supported(name, want):
    alias = _alias(want)
    if alias is not None:
        if not _NAME_RE.match(alias[0]) or alias[1].startswith("npm:"):
            raise InstallError(f"{name}@{want}: an alias names a registry package: "
                               f"npm:name, npm:name@version, npm:name@range or npm:name@tag")
        want = alias[1]
    if re.match(r"^(file:|link:|git(\+\w+)?:|https?:|github:|workspace:)", want) \
            or ("/" in want and not want.startswith("<") and " " not in want):
        raise InstallError(f"{name}@{want}: only registry versions, ranges, tags and "
                           f"aliases can be installed (not files, git or URLs)")


def _alias(spec):
    """``npm:real@range`` (npm's alias: the package ``real`` installed under another
    name) -> (``real``, range or tag, ``*`` when none); None for any other spec."""
    if not isinstance(spec, str) or not spec.startswith("npm:"):
        return None
    rest = spec[4:].strip()
    at = rest.find("@", 1)
    return (rest, "*") if at < 0 else (rest[:at], rest[at + 1:].strip() or "*")


def _real(name, spec):
    """(the registry package, the range or tag) an edge ``name: spec`` asks for."""
    return _alias(spec) or (name, spec)


# -- HTTP ---------------------------------------------------------------------------

class _NoCrossHostAuth(urllib.request.HTTPRedirectHandler):
    """A redirect to another host (a tarball CDN) must not carry the registry token."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc != \
                urllib.parse.urlsplit(req.full_url).netloc:
            new.remove_header("Authorization")
        return new


def _tracked(base):
    """``base`` (an http.client connection class) whose sockets join the ``sockets``
    it is given, so that stopping the install can wake a connect or a read blocked on
    one: each socket before it connects (a host that never answers), and the one the
    connection ends with (HTTPS wraps it in another)."""
    class Tracked(base):
        def __init__(self, *args, sockets, **kwargs):
            super().__init__(*args, **kwargs)
            self._sockets = sockets
            self._create_connection = self._open

        def _open(self, address, timeout, source_address=None):
            # socket.create_connection, each socket tracked before its connect
            host, port = address
            error = None
            for family, kind, proto, _, addr in socket.getaddrinfo(host, port, 0,
                                                                   socket.SOCK_STREAM):
                sock = socket.socket(family, kind, proto)
                try:
                    if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                        sock.settimeout(timeout)
                    if source_address:
                        sock.bind(source_address)
                    self._sockets.add(sock)
                    sock.connect(addr)
                    return sock
                except OSError as e:
                    error = e
                    sock.close()
            raise error if error is not None else OSError(f"{host}: no address found")

        def connect(self):
            super().connect()
            self._sockets.add(self.sock)
    return Tracked


_TrackedHTTPConnection = _tracked(http.client.HTTPConnection)
_TrackedHTTPSConnection = _tracked(http.client.HTTPSConnection)


class _Sockets:
    """The sockets of the requests in flight (weakly: a finished one goes away)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.live = weakref.WeakSet()
        self.stopped = False

    def add(self, sock):
        with self.lock:
            if not self.stopped:
                self.live.add(sock)
                return
        self._shut(sock)   # stopped meanwhile: this one too
        raise ConnectionAbortedError("the install was stopped")

    def shut_all(self):
        """Ends every connection: a read blocked on one (a server that sends nothing)
        returns at once instead of after the 60 s timeout."""
        with self.lock:
            self.stopped = True
            live = list(self.live)
        for sock in live:
            self._shut(sock)

    @staticmethod
    def _shut(sock):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass   # closed already


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, sockets):
        super().__init__()
        self.sockets = sockets

    def http_open(self, req):
        return self.do_open(lambda *a, **kw: _TrackedHTTPConnection(
            *a, sockets=self.sockets, **kw), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, sockets):
        super().__init__()
        self.sockets = sockets

    def https_open(self, req):
        return self.do_open(lambda *a, **kw: _TrackedHTTPSConnection(
            *a, sockets=self.sockets, **kw), req, context=self._context)


class _Http:
    def __init__(self, config, offline=False):
        self.config = config
        self.offline = offline
        self.sockets = _Sockets()
        self.opener = urllib.request.build_opener(
            _NoCrossHostAuth, _HTTPHandler(self.sockets), _HTTPSHandler(self.sockets))
        # set when the install ends early (an error, Ctrl-C): downloads still running
        # on the pool stop at their next chunk instead of running to their end, and
        # requests waiting on a server stop waiting (halt)
        self.stop = threading.Event()

    def halt(self):
        """Stops what is in flight: downloads at their next chunk, and a request
        waiting on a server that sends nothing at once."""
        self.stop.set()
        self.sockets.shut_all()

    def get(self, url, accept="application/json", stream_to=None, on_chunk=None):
        if self.offline:
            raise InstallError(f"offline: {url} is needed and not in the cache")
        headers = {"User-Agent": _USER_AGENT, "Accept": accept}
        auth = self.config.auth_header(url)
        if auth:
            headers["Authorization"] = auth
        req = urllib.request.Request(url, headers=headers)
        try:
            with self.opener.open(req, timeout=60) as resp:
                if stream_to is None:
                    return resp.read()
                total = int(resp.headers.get("Content-Length") or 0)
                if on_chunk:
                    on_chunk(0, total)
                got = 0
                while True:
                    if self.stop.is_set():
                        raise InstallError(f"{url}: download stopped")
                    chunk = resp.read(65536)
                    if not chunk:
                        if self.stop.is_set():   # its connection was shut (halt)
                            raise InstallError(f"{url}: download stopped")
                        break
                    got += len(chunk)
                    stream_to.write(chunk)
                    if on_chunk:
                        on_chunk(len(chunk), 0)
                if got < total:
                    raise _cut_short(url, got, total)
                return None
        except urllib.error.HTTPError as e:
            e.close()
            raise _HttpStatus(url, e.code, e.reason) from None
        except http.client.IncompleteRead as e:   # a body cut short (read whole)
            if self.stop.is_set():
                raise InstallError(f"{url}: stopped") from None
            got = len(e.partial)
            raise _cut_short(url, got, got + (e.expected or 0)) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            # (HTTPException: a reply that is not HTTP...)
            if self.stop.is_set():
                raise InstallError(f"{url}: stopped") from None
            reason = getattr(e, "reason", e)
            raise InstallError(f"cannot reach the npm registry: {url}: {reason}") from None


def _cut_short(url, got, total):
    return InstallError(f"{url}: the connection ended after {got} of {total} bytes")


class _HttpStatus(InstallError):
    def __init__(self, url, code, reason):
        super().__init__(f"{url}: HTTP {code} {reason}")
        self.url, self.code = url, code


# -- registry metadata -----------------------------------------------------------------

def _packument_url(registry, name):
    return registry + name.replace("/", "%2f")


def _packument_cache_path(root, url):
    return os.path.join(root, "packuments", hashlib.sha256(url.encode()).hexdigest() + ".json")


class _Registry:
    """Packuments (a package's metadata, all versions), fetched concurrently, once.
    Each one fetched is kept in the cache (``packuments/``, by the hash of its URL),
    for offline installs only: online, the registry is always asked, as npm asks it
    (the newest versions count); offline, the kept copy is what the registry said
    last, as with npm's ``--offline``."""

    def __init__(self, http, pool, cache_root):
        self.http = http
        self.pool = pool
        self.cache_root = cache_root
        self.futures = {}
        self.lock = threading.Lock()

    def prefetch(self, name):
        with self.lock:
            if name not in self.futures:
                self.futures[name] = self.pool.submit(self._fetch, name)

    def get(self, name):
        self.prefetch(name)
        return self.futures[name].result()

    def _fetch(self, name):
        registry = self.http.config.registry_for(name)
        url = _packument_url(registry, name)
        cached = _packument_cache_path(self.cache_root, url)
        try:
            if self.http.offline:
                try:
                    with open(cached, "rb") as f:
                        data = f.read()
                except FileNotFoundError:
                    raise InstallError(
                        f"offline: the registry's metadata of {name} ({url}) is not in the "
                        f"cache; an install without --offline keeps it there") from None
            else:
                data = self.http.get(url)
                _write_cache_file(cached, data)
        except _HttpStatus as e:
            if e.code == 404:
                raise InstallError(f"{name}: no such package on {registry}") from None
            if e.code in (401, 403):
                raise InstallError(
                    f"{name}: access denied by {registry} (HTTP {e.code}); put a token in "
                    f".npmrc: //{urllib.parse.urlsplit(registry).netloc}"
                    f"{urllib.parse.urlsplit(registry).path}:_authToken=...") from None
            raise
        try:
            doc = json.loads(data)
        except ValueError:
            raise InstallError(f"{name}: {url} did not return JSON") from None
        if not isinstance(doc.get("versions"), dict):
            raise InstallError(f"{name}: {url} lists no versions")
        return doc


def _available(doc, want):
    versions = sorted((v for v in doc["versions"] if _semver.is_version(v)),
                      key=_semver.parse_version)
    shown = versions[-8:]
    m = re.match(r"\D*(\d+)", want)
    if m:  # prefer the versions of the major asked for
        same = [v for v in versions if v.split(".")[0] == m.group(1)]
        if same:
            shown = same[-8:]
    text = ", ".join(shown) if shown else "none"
    if len(shown) < len(versions):
        text += f" (of {len(versions)})"
    tags = ", ".join(f"{k}={v}" for k, v in sorted(doc.get("dist-tags", {}).items()))
    return f"available: {text}" + (f"; tags: {tags}" if tags else "")


# The Node version napi-python reports (napi_get_node_version, process.version): npm
# picks versions for the Node that runs it, and here that is this one.
NODE_VERSION = "22.14.0"


def _engine_ok(meta):
    """npm's checkEngine for the running Node: no ``engines.node``, or a range that
    NODE_VERSION satisfies (a range that does not parse fails, as in npm's semver)."""
    engines = meta.get("engines") if isinstance(meta, dict) else None
    node = engines.get("node") if isinstance(engines, dict) else None
    if not node or not isinstance(node, str):
        return True
    try:
        return _semver.Range(node).test(NODE_VERSION)
    except _semver.RangeError:
        return False


def pick_version(doc, name, want, prefer=None):
    """The version of ``doc`` (a packument) that ``want`` (tag, version or range) means,
    chosen as npm-pick-manifest does: a tag is its version; for a range, the ``latest``
    tag when it satisfies the range (for ``*``, whatever it is), is not deprecated and its ``engines.node`` accepts
    the running Node (:data:`NODE_VERSION`); else among the satisfying versions the
    first of: not deprecated and engine-ok, engine-ok, not deprecated, then the highest."""
    tags = doc.get("dist-tags") or {}
    versions = doc["versions"]
    if want in tags:
        v = tags[want]
        if v in versions:
            return v
    try:
        rng = _semver.Range(want)
    except _semver.RangeError:
        raise InstallError(f"{name}@{want}: no such version or tag; {_available(doc, want)}") \
            from None
    if prefer and prefer in versions and rng.test(prefer):
        return prefer

    def good(v):
        meta = versions[v] if isinstance(versions[v], dict) else {}
        engine = _engine_ok(meta)
        live = not meta.get("deprecated")
        return (live and engine, engine, live)

    latest = tags.get("latest")
    # Any version ("*", a bare name) takes the latest tag as it is, even a prerelease,
    # which "*" does not match: a package published only as prereleases installs (npm
    # compares the range with "*" as a string, so "x" or ">=0" do not).
    if latest in versions and (want == "*" or rng.test(latest)) and good(latest)[0]:
        return latest
    best = best_key = None
    for v in versions:
        try:
            parsed = _semver.parse_version(v)
        except _semver.RangeError:
            continue
        if not rng.test(parsed):
            continue
        key = (good(v), parsed)
        if best_key is None or key > best_key:
            best, best_key = v, key
    if best is None:
        raise InstallError(f"{name}@{want}: no matching version; {_available(doc, want)}")
    return best


# -- resolution: the tree, as npm lays it out ---------------------------------------------

class _Node:
    def __init__(self, name, version, meta, parent, real=None):
        self.name, self.version, self.meta, self.parent = name, version, meta, parent
        self.real = real or name   # the registry package (another for an alias)
        self.children = {}
        self.edges = {}   # dep name -> (spec, kind, target node)

    @property
    def location(self):
        if self.parent is None:
            return ""
        base = self.parent.location
        return (base + "/" if base else "") + "node_modules/" + self.name

    def lookup(self, name):
        node = self
        while node is not None:
            if name in node.children:
                return node.children[name]
            node = node.parent
        return None

    def walk(self):
        yield self
        for c in sorted(self.children):
            yield from self.children[c].walk()


def _bundled(meta):
    """The names a package bundles: its ``bundleDependencies``, or
    ``bundledDependencies`` as package.json may spell it (and the registry keeps it);
    ``true`` means all of its ``dependencies``."""
    bundled = meta.get("bundleDependencies") or meta.get("bundledDependencies") or []
    if bundled is True:
        bundled = list((meta.get("dependencies") or {}).keys())
    return list(bundled) if isinstance(bundled, (list, tuple)) else []


def _deps_of(meta):
    """[(name, spec, kind)] in npm's order; bundled dependencies are in the tarball."""
    bundled = _bundled(meta)
    out = {}
    peer_meta = meta.get("peerDependenciesMeta") or {}
    for field, kind in (("peerDependencies", "peer"), ("dependencies", "prod"),
                        ("optionalDependencies", "optional")):
        for name, spec in (meta.get(field) or {}).items():
            if name in bundled:
                continue
            if kind == "peer" and (peer_meta.get(name) or {}).get("optional"):
                continue
            out[name] = (spec, kind)  # optionalDependencies override dependencies, as in npm
    return [(n, s, k) for n, (s, k) in sorted(out.items(), key=lambda item: _locale_key(item[0]))]


# The order of ICU's root collation (String.prototype.localeCompare, which npm sorts
# names and paths with) for the characters of package names and paths: punctuation
# first, in this order, then digits, then letters regardless of case.
_PUNCT_ORDER = {c: i for i, c in enumerate("_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$")}


def _locale_key(text):
    """A sort key that orders ``text`` as npm's ``localeCompare`` does."""
    primary = []
    for c in text:
        if c in _PUNCT_ORDER:
            primary.append((0, _PUNCT_ORDER[c]))
        elif c.isdigit():
            primary.append((1, ord(c)))
        else:
            primary.append((2, ord(c.lower())))
    return primary, [c.isupper() for c in text]


def _subtree_conflict(anc, name, new_version, new_real=None):
    """Whether placing ``name@new_version`` (the package ``new_real``, when ``name`` is
    an alias) under ``anc`` would change what some node below ``anc`` already
    resolved to, to a package or version that it does not accept."""
    for node in anc.walk():
        edge = node.edges.get(name)
        if edge is None or edge[2] is None:
            continue
        spec, _, target = edge
        t = target.parent
        inside = False
        while t is not None:   # is the current target at or below anc? then unaffected
            if t is anc:
                inside = True
                break
            t = t.parent
        if inside:
            continue
        # only nodes whose lookup passes anc before reaching target are affected
        if not _edge_accepts(name, spec, new_real or name, new_version):
            return True
    return False


def _spec_accepts(spec, version):
    try:
        return _semver.Range(spec).test(version)
    except _semver.RangeError:
        return False


def _edge_accepts(name, spec, real, version):
    """Whether the edge ``name: spec`` accepts the package ``real`` at ``version``
    placed as ``name`` (an alias asks for its package, anything else for ``name``)."""
    want_real, rng = _real(name, spec)
    return want_real == real and _spec_accepts(rng, version)


def resolve(root_deps, registry, locked=None):
    """``root_deps``: {name: (spec, kind)} -> (the root _Node of the tree, messages of
    optional dependencies that could not be resolved). ``locked``: {name: (package,
    version)} preferred when it satisfies, from an earlier lock (``package`` differs
    from ``name`` for an alias)."""
    locked = locked or {}
    root = _Node("", "", {}, None)
    for name, (spec, kind) in sorted(root_deps.items()):
        registry.prefetch(_real(name, spec)[0])
    root_edges = sorted(((n, s, k) for n, (s, k) in root_deps.items()),
                        key=lambda edge: _locale_key(edge[0]))
    # npm's (arborist's) queue of packages whose dependencies are still to place: the
    # next is the one highest in the tree (fewest node_modules in its location), then
    # by location as localeCompare orders it; a package placed high up by a deep one
    # (an optional dependency hoisted to the top) thus comes before deeper ones.
    queue = [(0, [], root, root_edges)]
    skipped = []
    while queue:
        queue.sort(key=lambda item: (item[0], item[1]))
        _, _, node, deps = queue.pop(0)
        for name, spec, kind in deps:
            existing = node.lookup(name)
            real, want = _real(name, spec)
            if existing is not None and _edge_accepts(name, spec, existing.real,
                                                      existing.version):
                node.edges[name] = (spec, kind, existing)
                continue
            try:
                _check_supported(name, spec)
                doc = registry.get(real)
                prev_real, prev_version = locked.get(name, (None, None))
                version = pick_version(doc, real, want,
                                       prefer=prev_version if prev_real == real else None)
            except InstallError as e:
                if kind == "optional":
                    skipped.append(str(e))
                    node.edges[name] = (spec, kind, None)
                    continue
                raise
            if existing is not None and existing.version == version \
                    and existing.real == real:   # a tag
                node.edges[name] = (spec, kind, existing)
                continue
            meta = doc["versions"][version]
            # the highest place from node up to the root where it neither conflicts
            # with a package of the same name nor shadows another's dependency
            target = node
            anc = node
            while anc is not None:
                if name in anc.children:
                    if anc.children[name].version == version and \
                            anc.children[name].real == real:
                        target = anc
                    break
                if _subtree_conflict(anc, name, version, real):
                    break
                target = anc
                anc = anc.parent
            if name in target.children:
                new = target.children[name]
            else:
                new = _Node(name, version, meta, target, real)
                target.children[name] = new
                child_deps = _deps_of(meta)
                for dn, ds, _ in child_deps:
                    registry.prefetch(_real(dn, ds)[0])
                loc = new.location
                queue.append((loc.count("node_modules/"), _locale_key(loc), new, child_deps))
            node.edges[name] = (spec, kind, new)
    return root, skipped


def _lock_entry(node, optional, peer=False):
    entry = _entry_from_meta(node.meta, node.version, optional, peer=peer)
    if node.real != node.name:   # an alias: npm's entry names the package
        entry = {"name": node.real, **entry}
    return entry


def _entry_from_meta(meta, version, optional, in_bundle=False, peer=False):
    dist = meta.get("dist") or {}
    entry = {"version": version}
    if in_bundle:
        entry["inBundle"] = True
    if dist.get("tarball"):
        entry["resolved"] = dist["tarball"]
    if dist.get("integrity"):
        entry["integrity"] = dist["integrity"]
    elif dist.get("shasum"):
        # npm writes the sha1 as an SRI string too
        entry["integrity"] = "sha1-" + base64.b64encode(bytes.fromhex(dist["shasum"])).decode()
    license = meta.get("license")
    if isinstance(license, dict):   # {"type": "MIT", "url": ...}: npm keeps the type
        license = license.get("type")
    if license and isinstance(license, str):
        entry["license"] = license
    for field in _DEP_FIELDS + ("peerDependenciesMeta",):
        if meta.get(field):
            deps = dict(sorted(meta[field].items()))
            if field == "dependencies" and isinstance(meta.get("optionalDependencies"), dict):
                # npm's "optionalDedupe": a name in both is an optional dependency only
                deps = {k: v for k, v in deps.items() if k not in meta["optionalDependencies"]}
            if deps:
                entry[field] = deps
    if _bundled(meta):   # npm's lock spells it so, whatever the package.json said
        entry["bundleDependencies"] = _bundled(meta)
    bins = normalize_bin(meta.get("name"), meta.get("bin"))
    if bins:
        entry["bin"] = bins
    # the other package.json fields npm's lock keeps (arborist's shrinkwrap), each when
    # it is neither false nor empty
    for field, key in (("engines", "engines"), ("os", "os"), ("cpu", "cpu"),
                       ("libc", "libc"), ("funding", "funding"),
                       ("acceptDependencies", "acceptDependencies"),
                       ("_hasShrinkwrap", "hasShrinkwrap"), ("deprecated", "deprecated"),
                       ("workspaces", "workspaces")):
        value = meta.get(field)
        if field == "funding" and isinstance(value, str):
            value = {"url": value}   # npm's normalization
        if value and (not isinstance(value, (dict, list)) or len(value)):
            entry[key] = value
    scripts = meta.get("scripts") or {}
    if meta.get("hasInstallScript") or any(k in scripts for k in
                                           ("preinstall", "install", "postinstall")):
        entry["hasInstallScript"] = True
    if optional:
        entry["optional"] = True
    if peer:
        entry["peer"] = True
    return entry


def _reachable(root, through):
    """ids of the nodes reached from ``root`` by edges whose kind ``through`` accepts."""
    found = set()
    stack = [root]
    while stack:
        n = stack.pop()
        for spec, kind, t in n.edges.values():
            if t is not None and through(kind) and id(t) not in found:
                found.add(id(t))
                stack.append(t)
    return found


def tree_to_lock(root, root_deps, project_name, package_json=None):
    # npm's flags (arborist's calcDepFlags): a package reached only through optional
    # edges is "optional"; one that every path from the project reaches through a
    # peer edge (a peerDependency, or what only such a package needs) is "peer"
    required = _reachable(root, lambda kind: kind != "optional")
    not_peer = _reachable(root, lambda kind: kind != "peer")
    # the project's entry holds what npm's does: its package.json's lock fields (the
    # name only when it has one), the dependencies as saved, its devDependencies
    pj = package_json if isinstance(package_json, dict) else {}
    root_meta = {k: v for k, v in pj.items()
                 if k not in ("dependencies", "optionalDependencies", "dist")}
    for field, kind in (("dependencies", "prod"), ("optionalDependencies", "optional")):
        d = {n: s for n, (s, k) in sorted(root_deps.items()) if k == kind}
        if d:
            root_meta[field] = d
    root_entry = {"name": pj["name"]} if isinstance(pj.get("name"), str) and pj["name"] else {}
    root_entry.update(_entry_from_meta(root_meta, pj.get("version"), False))
    if not root_entry.get("version"):
        root_entry.pop("version", None)
    if isinstance(pj.get("devDependencies"), dict):
        root_entry["devDependencies"] = pj["devDependencies"]
    packages = {"": root_entry}
    nodes = {node.location: node for node in root.walk() if node is not root}
    for loc in sorted(nodes, key=_locale_key):   # npm's order: by location (localeCompare)
        packages[loc] = _lock_entry(nodes[loc], id(nodes[loc]) not in required,
                                    id(nodes[loc]) not in not_peer)
    lock = {"name": project_name}
    if isinstance(pj.get("version"), str) and pj["version"]:
        lock["version"] = pj["version"]   # npm's lock repeats the project's version
    lock.update({"lockfileVersion": 3, "requires": True, "packages": packages})
    return lock


def _bundled_entries(loc, pkg_dir, optional, peer=False):
    """Lock entries of the packages a package carries in its own ``node_modules``
    (its bundled dependencies, from its tarball), as npm lists them: each at its
    location under ``loc``, ``"inBundle": true``, without ``resolved``/``integrity``."""
    out = {}
    nm = os.path.join(pkg_dir, "node_modules")
    try:
        names = sorted(os.listdir(nm))
    except OSError:
        return out
    for name in names:
        if name.startswith("."):
            continue
        if name.startswith("@"):
            try:
                inner = sorted(os.listdir(os.path.join(nm, name)))
            except OSError:
                continue
            names_here = [f"{name}/{n}" for n in inner if not n.startswith(".")]
        else:
            names_here = [name]
        for full in names_here:
            d = os.path.join(nm, *full.split("/"))
            try:
                meta = _read_json(os.path.join(d, "package.json"))
            except InstallError:
                continue
            if not isinstance(meta, dict) or not isinstance(meta.get("version"), str):
                continue
            child = f"{loc}/node_modules/{full}"
            meta = {k: v for k, v in meta.items() if k not in ("dist", "scripts")}
            out[child] = _entry_from_meta(meta, meta["version"], optional, in_bundle=True,
                                          peer=peer)
            out.update(_bundled_entries(child, d, optional, peer))
    return out


def _add_bundled_entries(lock, plan, staged, prefix):
    """Adds to a lock made here the packages bundled in the tarballs of ``plan``
    (npm reads them from the tarball and lists them; they are installed with it)."""
    packages = lock["packages"]
    extra = {}
    for loc, entry in plan.items():
        if not entry.get("bundleDependencies"):
            continue
        d = staged.get(loc) or os.path.join(prefix, *loc.split("/"))
        extra.update(_bundled_entries(loc, d, bool(entry.get("optional")),
                                      bool(entry.get("peer"))))
    if not extra:
        return
    merged = {k: v for k, v in packages.items() if k}
    merged.update(extra)
    lock["packages"] = {"": packages[""]}
    for loc in sorted(merged, key=_locale_key):
        lock["packages"][loc] = merged[loc]


# -- from the lock: what to install on this machine --------------------------------------

def _lock_name(location, entry):
    return entry.get("name") or location.rsplit("node_modules/", 1)[-1]


def _lock_lookup(packages, location, name):
    loc = location
    while True:
        cand = (loc + "/" if loc else "") + "node_modules/" + name
        if cand in packages:
            return cand
        if not loc:
            return None
        i = loc.rfind("/node_modules/")
        loc = loc[:i] if i >= 0 else ""


def plan_from_lock(lock, host, resolved=False):
    """Locations of the lock to install on ``host``, each with its entry; raises when a
    required package does not fit this platform or a platform package is missing
    (:class:`_LockLacksPlatforms` when the lock, not ``resolved`` here, may be what
    lacks it)."""
    packages = lock.get("packages")
    if not isinstance(packages, dict) or "" not in packages:
        raise InstallError(f"{LOCKFILE}: not a lockfileVersion 2/3 lock (no \"packages\")")
    chosen = {}
    missing_platform = []
    queue = [("", False)]
    seen = {""}
    while queue:
        loc, _ = queue.pop(0)
        entry = packages[loc]
        deps = _deps_of(entry)
        platform_deps, fitting, absent = [], 0, 0
        for name, spec, kind in deps:
            target = _lock_lookup(packages, loc, name)
            if target is None:
                absent += kind == "optional"
                if kind in ("optional", "peer"):
                    continue
                raise InstallError(f"{LOCKFILE} is incomplete: {name} (needed by "
                                   f"{_lock_name(loc, entry) or 'the project'}) is not in it")
            tentry = packages[target]
            if tentry.get("link"):
                raise InstallError(f"{LOCKFILE}: {target} is a link (workspaces and file: "
                                   f"dependencies are not supported)")
            if kind == "optional" and _is_platform_package(tentry):
                platform_deps.append(tentry)
            if not _fits(tentry, host) or not _engine_ok(tentry):
                # (an optional package whose engines.node excludes the Node reported
                # is left out, as npm leaves it out; a required one is installed, with
                # npm's EBADENGINE warning: engine_warnings)
                if kind == "optional" or tentry.get("optional"):
                    continue
            if not _fits(tentry, host):
                raise InstallError(
                    f"{_lock_name(target, tentry)}@{tentry.get('version')} is built for "
                    f"{_meta_label(tentry)}; this machine is {_platform_label(*host)}")
            if kind == "optional" and _is_platform_package(tentry):
                fitting += 1
            if target not in seen:
                seen.add(target)
                chosen[target] = tentry
                queue.append((target, kind == "optional"))
        if len(platform_deps) >= 2 and not fitting:
            labels = sorted({_meta_label(e) for e in platform_deps})
            text = (f"{_lock_name(loc, entry)}@{entry.get('version')} has no binary for "
                    f"{_platform_label(*host)}")
            if absent and not entry.get("optional") and not resolved:
                # npm writes such locks on another machine at times (npm/cli#4828):
                # the package may well have one, the lock does not say
                missing_platform.append(_LockLacksPlatforms(
                    f"{text} in {LOCKFILE}, which lists its binaries for "
                    f"{', '.join(labels)} and leaves out {absent} of its optional "
                    f"dependencies (a lock npm wrote on another platform can)"))
            else:
                missing_platform.append(InstallError(
                    f"{text}; it has binaries for: {', '.join(labels)}"))
    if missing_platform:
        raise missing_platform[0]
    return chosen


class _LockLacksPlatforms(InstallError):
    """The lock leaves out a needed package's platform packages: resolving again
    may find the one for this machine."""


def engine_warnings(plan, package_json=None):
    """npm's EBADENGINE warnings: the project (``package_json``) and each package of
    ``plan`` whose ``engines.node`` excludes :data:`NODE_VERSION` (or does not parse),
    one line each; npm installs them all the same."""
    found = []
    if isinstance(package_json, dict) and not _engine_ok(package_json):
        name = package_json.get("name") or "the project"
        found.append((f"{name}@{package_json['version']}" if package_json.get("version")
                      else name, package_json))
    for loc, entry in sorted(plan.items()):
        if not _engine_ok(entry):
            found.append((f"{_lock_name(loc, entry)}@{entry.get('version')}", entry))
    return [f"EBADENGINE Unsupported engine: {label} requires node "
            f"{meta['engines']['node']!r}; current: node v{NODE_VERSION} (the Node "
            f"napi-python reports)" for label, meta in found]


# -- tarballs: cache, download, verify -----------------------------------------------------

def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "napi-python")


_ALGOS = {"sha512": 3, "sha384": 2, "sha256": 1, "sha1": 0}


def _best_hash(integrity):
    """The strongest (algorithm, base64 digest) of an SRI string."""
    best = None
    for part in (integrity or "").split():
        algo, _, digest = part.partition("-")
        digest = digest.split("?")[0]
        if algo in _ALGOS and digest and (best is None or _ALGOS[algo] > _ALGOS[best[0]]):
            best = (algo, digest)
    return best


def _cache_path(root, algo, digest_b64):
    hexd = base64.b64decode(digest_b64).hex()
    return os.path.join(root, "tarballs", algo, hexd[:2], hexd[2:] + ".tgz")


class _Progress:
    """One line on stderr while downloading, when stderr is a terminal."""

    def __init__(self, enabled, count):
        self.enabled = enabled
        self.count = count
        self.done = 0
        self.total = 0
        self.got = 0
        self.lock = threading.Lock()
        self.last = 0.0

    def chunk(self, n, total):
        if not self.enabled:
            return
        with self.lock:
            self.got += n
            self.total += total
            now = time.monotonic()
            if now - self.last > 0.1:
                self.last = now
                self._draw()

    def finished_one(self):
        if not self.enabled:
            return
        with self.lock:
            self.done += 1
            self._draw()

    def _draw(self):
        width = 30
        frac = self.got / self.total if self.total else 0.0
        fill = int(frac * width)
        bar = "#" * fill + "-" * (width - fill)
        sys.stderr.write(f"\rdownloading [{bar}] {self.done}/{self.count} packages "
                         f"{self.got / 1e6:.1f}/{self.total / 1e6:.1f} MB ")
        sys.stderr.flush()

    def close(self):
        if self.enabled and self.count:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _tarball_url(entry, name, config):
    url = entry.get("resolved")
    if not url:
        base = name.split("/")[-1]
        return f"{config.registry_for(name)}{name}/-/{base}-{entry['version']}.tgz"
    registry = config.registry_for(name)
    if url.startswith(_NPMJS) and registry != _NPMJS:
        url = registry + url[len(_NPMJS):]   # a mirror serves the same paths, as npm assumes
    return url


def fetch_tarball(name, entry, http, cache_root, progress):
    """The verified tarball of a lock entry, as a cache file path."""
    version = entry.get("version")
    best = _best_hash(entry.get("integrity"))
    if best is None:
        raise InstallError(f"{name}@{version}: no integrity in the lock or registry; "
                           f"refusing an unverified tarball")
    algo, expected = best
    path = _cache_path(cache_root, algo, expected)
    if os.path.exists(path):
        with open(path, "rb") as f:
            if _digest(algo, f) == expected:
                progress.finished_one()
                return path
        os.unlink(path)   # a damaged cache entry: fetch again
    url = _tarball_url(entry, name, http.config)
    if http.offline:
        raise InstallError(f"offline: the tarball of {name}@{version} ({url}) is not in "
                           f"the cache; an install without --offline keeps it there")
    buf = io.BytesIO()
    try:
        http.get(url, accept="application/octet-stream", stream_to=buf, on_chunk=progress.chunk)
    except _HttpStatus as e:
        raise InstallError(f"{name}@{version}: cannot download {url}: HTTP {e.code}") from None
    buf.seek(0)
    actual = _digest(algo, buf)
    if actual != expected:
        raise InstallError(f"{name}@{version}: integrity mismatch for {url}: expected "
                           f"{algo}-{expected}, got {algo}-{actual}; nothing was installed")
    _write_cache_file(path, buf.getvalue())
    progress.finished_one()
    return path


def _write_cache_file(path, data):
    """Writes ``data`` to ``path`` whole or not at all (concurrent installs share the
    cache)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _digest(algo, f):
    h = hashlib.new(algo)
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
    return base64.b64encode(h.digest()).decode()


# -- extraction ---------------------------------------------------------------------------

def _member_path(name):
    """A tar member name -> its path inside the package (the first directory, which npm
    calls ``package/``, stripped), or None for the top directory itself; raises for
    absolute paths and ``..``."""
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\\" in name:
        raise ValueError(f"absolute or Windows path {name!r}")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ValueError(f"path with '..': {name!r}")
    if len(parts) <= 1:
        return None
    return "/".join(parts[1:])


def normalize_bin(name, bin_field):
    """A package's ``bin`` as npm normalizes it (npm-normalize-package-bin): a string is
    ``{name: path}``, a list ``{basename: path}``; a key is a bare file name, a path is
    relative to the package with no ``./`` (``"./cli.js"`` is ``"cli.js"``), and an
    entry with nothing left is dropped. None when no entry is left."""
    if isinstance(bin_field, str):
        if not name:
            return None
        bin_field = {name: bin_field}
    elif isinstance(bin_field, list):
        bin_field = {posixpath.basename(k.rstrip("/")): k for k in bin_field
                     if isinstance(k, str)}
    if not isinstance(bin_field, dict):
        return None
    clean = {}
    for key, target in bin_field.items():
        base = posixpath.basename(key.replace("\\", "/").replace(":", "/").rstrip("/"))
        base = posixpath.normpath("/" + base).lstrip("/") if base else ""
        if not isinstance(target, str) or not base:
            continue
        target = posixpath.normpath("/" + target.replace("\\", "/")).lstrip("/")
        if target:
            clean[base] = target
    return clean or None


def _bin_files(bin_field):
    """The package-relative paths a ``bin`` field names (a string or a name -> path
    object), normalized as npm normalizes them (``./cli.js`` is ``cli.js``)."""
    if isinstance(bin_field, str):
        paths = [bin_field]
    elif isinstance(bin_field, dict):
        paths = [v for v in bin_field.values() if isinstance(v, str)]
    else:
        paths = []
    return {posixpath.normpath("/" + p.replace("\\", "/")).lstrip("/") for p in paths}


def _process_umask():
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def extract_tarball(path, dest, label, bin_field=None):
    """Extracts an npm tarball into ``dest`` (which must not exist), as npm (pacote)
    does: a file's mode is its tarball mode with read and write for everyone, less the
    umask; a ``.gitignore`` is written as ``.npmignore`` (dropped when a
    ``.npmignore`` came before it in the same directory). The files ``bin_field``
    names are made as npm's bin linking leaves them: executable by everyone (less the
    umask), a ``#!`` line ending in CRLF ending in LF."""
    os.makedirs(dest)
    real_dest = os.path.realpath(dest)
    bins = _bin_files(bin_field)
    umask = _process_umask()
    seen_npmignore = set()
    try:
        tf = tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError) as e:
        raise InstallError(f"{label}: not a tarball: {e}") from None
    with tf:
        try:
            members = tf.getmembers()
        except (tarfile.TarError, OSError, EOFError) as e:
            raise InstallError(f"{label}: damaged tarball: {e}") from None
        for m in members:
            try:
                rel = _member_path(m.name)
            except ValueError as e:
                raise InstallError(f"{label}: unsafe tarball member: {e}") from None
            if rel is None:
                continue
            if m.isfile():
                base = rel.rsplit("/", 1)[-1]
                if base == ".npmignore":
                    seen_npmignore.add(rel)
                elif base == ".gitignore":
                    rel = rel[:-len(".gitignore")] + ".npmignore"
                    if rel in seen_npmignore:
                        continue
            target = os.path.join(dest, *rel.split("/"))
            if m.ischr() or m.isblk() or m.isfifo() or m.isdev():
                raise InstallError(f"{label}: unsafe tarball member: device or fifo {m.name!r}")
            parent = os.path.dirname(target)
            os.makedirs(parent, exist_ok=True)
            real_parent = os.path.realpath(parent)
            if real_parent != real_dest and not real_parent.startswith(real_dest + os.sep):
                raise InstallError(f"{label}: unsafe tarball member: {m.name!r} is written "
                                   f"through a link that leaves the package")
            if m.isdir():
                os.makedirs(target, exist_ok=True)
            elif m.issym() or m.islnk():
                link = m.linkname
                if m.issym():
                    resolved = os.path.normpath(os.path.join(os.path.dirname(rel), link))
                else:
                    try:
                        resolved = _member_path(link) or ""
                    except ValueError:
                        resolved = ".."
                if os.path.isabs(link) or resolved == ".." or resolved.startswith("../"):
                    raise InstallError(f"{label}: unsafe tarball member: link {m.name!r} -> "
                                       f"{link!r} leaves the package")
                if os.path.lexists(target):
                    os.unlink(target)
                if m.issym():
                    os.symlink(link, target)
                    # through other links a lexically inside target can still leave
                    real = os.path.realpath(target)
                    if real != real_dest and not real.startswith(real_dest + os.sep):
                        raise InstallError(f"{label}: unsafe tarball member: link {m.name!r}"
                                           f" -> {link!r} leaves the package")
                else:
                    src = os.path.join(dest, *resolved.split("/"))
                    if not os.path.isfile(src):
                        raise InstallError(f"{label}: hard link {m.name!r} to a missing file")
                    shutil.copyfile(src, target)
            elif m.isfile():
                f = tf.extractfile(m)
                if os.path.lexists(target):   # a later duplicate wins, as in tar
                    if os.path.islink(target) or os.path.isdir(target):
                        raise InstallError(f"{label}: unsafe tarball member: {m.name!r} "
                                           f"replaces a link or directory")
                    os.unlink(target)
                with open(target, "xb") as out:
                    shutil.copyfileobj(f, out)
                if rel in bins:
                    # what npm's bin linking does to the file a bin names: executable
                    # by all, a "#!" line ending in CRLF ending in LF
                    with open(target, "rb") as fh:
                        head = fh.read(4096)
                    if head.startswith(b"#!") and re.match(rb"#![^\n]+\r\n", head):
                        with open(target, "rb") as fh:
                            data = fh.read()
                        end = data.index(b"\r\n")
                        with open(target, "wb") as fh:
                            fh.write(data[:end] + data[end + 1:])
                    os.chmod(target, 0o777 & ~umask)
                else:
                    os.chmod(target, (m.mode | 0o666) & 0o777 & ~umask | 0o600)
    if not os.path.isfile(os.path.join(dest, "package.json")):
        raise InstallError(f"{label}: the tarball has no package.json")


def _has_binary(pkg_dir):
    for dirpath, dirnames, filenames in os.walk(pkg_dir):
        if any(f.endswith(".node") for f in filenames):
            return True
    return False


def _install_script(pkg_dir):
    try:
        with open(os.path.join(pkg_dir, "package.json"), encoding="utf-8") as f:
            pj = json.load(f)
    except (OSError, ValueError):
        return None
    scripts = pj.get("scripts") or {}
    for key in ("preinstall", "install"):
        if scripts.get(key):
            return scripts[key]
    if os.path.exists(os.path.join(pkg_dir, "binding.gyp")):
        return "node-gyp rebuild"   # what npm runs for a binding.gyp without a script
    return None


# -- the whole install -----------------------------------------------------------------------

def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise InstallError(f"cannot read {path}: {e}") from None


def _write_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)   # npm writes UTF-8 as it is
        f.write("\n")
    os.replace(tmp, path)


_LOCK_KEY_ORDER = ("name", "version", "lockfileVersion", "resolved", "integrity",
                   "requires", "packages", "dependencies")


def _lock_key_order(value):
    """``value`` with its objects' keys in the order npm writes a lock in (its
    json-stringify-nice): in every object, the keys whose values are not objects
    (arrays included) before those whose values are, each group with npm's
    preferred keys first, then the rest as ``localeCompare`` sorts them."""
    if isinstance(value, list):
        return [_lock_key_order(v) for v in value]
    if not isinstance(value, dict):
        return value

    def key(item):
        k, v = item
        pref = _LOCK_KEY_ORDER.index(k) if k in _LOCK_KEY_ORDER else len(_LOCK_KEY_ORDER)
        return (isinstance(v, dict), pref, _locale_key(k))
    return {k: _lock_key_order(v) for k, v in sorted(value.items(), key=key)}


def _root_deps(package_json):
    deps = {}
    for field, kind in (("dependencies", "prod"), ("optionalDependencies", "optional")):
        for name, spec in ((package_json or {}).get(field) or {}).items():
            deps[name] = (spec, kind)
    return deps


def _lock_matches(lock, deps):
    root = (lock.get("packages") or {}).get("") or {}
    have = {}
    for field, kind in (("dependencies", "prod"), ("optionalDependencies", "optional")):
        for name, spec in (root.get(field) or {}).items():
            have[name] = (spec, kind)
    return have == deps


def _save_spec(name, want, version):
    alias = _alias(want)
    if alias is not None:   # npm:real@range, saved with the range as for real itself
        return f"npm:{alias[0]}@{_save_spec(alias[0], alias[1], version)}"
    if want == "latest" or want in ("", "*"):
        return f"^{version}"
    if _semver.is_version(want):
        return str(_semver.parse_version(want))
    try:
        _semver.Range(want)
        return want
    except _semver.RangeError:
        return f"^{version}"   # a tag: saved as a range, as npm does


def install(packages=None, prefix=".", *, registry=None, offline=False, progress=None,
            cache=None, host=None):
    """Installs npm packages and their dependencies into ``prefix/node_modules``.

    ``packages``: specs (``"name"``, ``"name@1.2.3"``, ``"name@^1.2"``, ``"name@next"``);
    added to ``prefix/package.json``. With none, installs ``prefix/package-lock.json``
    exactly (or resolves ``package.json`` when there is no lock). ``registry``
    overrides the configured registry; ``offline`` uses only the cache; ``progress``
    (default: when stderr is a terminal) draws a download bar; ``cache`` is the cache
    directory (default ``$XDG_CACHE_HOME/napi-python``); ``host`` is the
    ``(platform, arch, libc)`` to install binaries for, as
    ``("linux", "arm64", "musl")`` (default: this machine).

    Returns the :class:`InstalledPackage` list of the packages now installed for this
    platform. Raises :class:`InstallError`; nothing is changed then.
    """
    if isinstance(packages, str):
        packages = [packages]
    prefix = os.path.abspath(os.fspath(prefix))
    host = tuple(host) if host else host_platform()
    try:
        config = NpmConfig(prefix, registry=registry)
    except ConfigError as e:
        raise InstallError(str(e)) from None
    http = _Http(config, offline=offline)
    cache_root = os.path.abspath(cache) if cache else cache_dir()
    lock_path = os.path.join(prefix, LOCKFILE)
    pj_path = os.path.join(prefix, "package.json")
    package_json = _read_json(pj_path)
    old_lock = _read_json(lock_path)
    old_v1 = None
    if old_lock is not None and not isinstance(old_lock.get("packages"), dict):
        if not isinstance(old_lock.get("dependencies"), dict) or package_json is None:
            raise InstallError(f"{lock_path}: not a lockfileVersion 2/3 lock (no "
                               f"\"packages\")")
        # npm 6's lock (lockfileVersion 1): npm 7 and later read it as the versions to
        # keep and write it again in their own format; so does this
        old_v1, old_lock = old_lock, None
        _warn(f"{lock_path} is a lockfileVersion 1 lock (npm 6): package.json is resolved "
              f"again, keeping its versions where they still satisfy, and the lock is "
              f"written as lockfileVersion 3, as npm 7 and later do")

    requested = [parse_spec(p) for p in packages or ()]
    deps = _root_deps(package_json)
    new_package_json = None
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=8)
    try:
        lock = plan = None
        if not requested and old_lock is not None and \
                (package_json is None or _lock_matches(old_lock, deps)):
            try:
                plan = plan_from_lock(old_lock, host)
                lock = old_lock   # exactly the lock: no metadata from the registry
            except _LockLacksPlatforms as e:
                if package_json is None:
                    raise
                _warn(f"{e}; resolving package.json again, keeping the lock's versions")
        if lock is None:
            if not requested and package_json is None:
                raise InstallError(f"nothing to install: no package names given and no "
                                   f"{LOCKFILE} or package.json in {prefix}")
            reg = _Registry(http, pool, cache_root)
            locked = {}
            for loc, entry in ((old_lock or {}).get("packages") or {}).items():
                if loc and loc.count("node_modules/") == 1:
                    locked[loc.rsplit("node_modules/", 1)[-1]] = (_lock_name(loc, entry),
                                                                  entry.get("version"))
            for name, entry in ((old_v1 or {}).get("dependencies") or {}).items():
                version = entry.get("version") if isinstance(entry, dict) else None
                if isinstance(version, str):   # "1.2.3", or "npm:real@1.2.3" (an alias)
                    alias = _alias(version)
                    locked[name] = alias if alias else (name, version)
            resolve_deps = dict(deps)
            for name, want in requested:
                prev = deps.get(name)
                kind = prev[1] if prev else "prod"
                resolve_deps[name] = (want, kind)
                locked.pop(name, None)   # asked for again: take the newest that fits
            root, skipped = resolve(resolve_deps, reg, locked)
            # what package.json records: the range, or ^version for a tag
            for name, want in requested:
                target = root.edges[name][2]
                if target is None:   # an optional dependency of the project that failed
                    raise InstallError(next((m for m in skipped if m.startswith(name + "@")
                                             or m.startswith(name + ":")), name))
                version = target.version
                deps[name] = (_save_spec(name, want, version), deps.get(name, (0, "prod"))[1])
            project_name = (package_json or {}).get("name") or os.path.basename(prefix)
            lock = tree_to_lock(root, deps, project_name, package_json)
            new_package_json = dict(package_json or {})
            for field, kind in (("dependencies", "prod"), ("optionalDependencies", "optional")):
                d = {n: s for n, (s, k) in sorted(deps.items()) if k == kind}
                if d:
                    new_package_json[field] = d

        if plan is None:
            plan = plan_from_lock(lock, host, resolved=True)
        for message in engine_warnings(plan, package_json):
            _warn(message)
        return _apply(plan, lock, old_lock, prefix, http, cache_root, progress, pool,
                      lock_path, pj_path, new_package_json)
    except OSError as e:   # the prefix or the cache cannot be written (full, read-only...)
        where = f"{e.filename}: " if e.filename else ""
        raise InstallError(f"{where}{e.strerror or e}") from None
    finally:
        http.halt()
        pool.shutdown(wait=True, cancel_futures=True)


def _installed_version(pkg_dir):
    try:
        with open(os.path.join(pkg_dir, "package.json"), encoding="utf-8") as f:
            return json.load(f).get("version")
    except (OSError, ValueError):
        return None


def _link_bins(prefix, installed):
    """npm's ``node_modules/.bin``: in the ``node_modules`` directory that holds a
    package, a link per entry of its ``bin`` to the file it names (relative, as npm
    makes them); the first package in the lock's order keeps a name two of them give,
    a file that is not there gets no link. Each ``.bin`` is made afresh, so links to
    packages gone are gone."""
    levels = {}
    for loc, entry in installed:
        parent = loc.rsplit("/node_modules/", 1)[0] + "/node_modules" \
            if "/node_modules/" in loc else "node_modules"
        levels.setdefault(parent, []).append((loc, entry))
    if "node_modules" not in levels:   # (a nested level goes with its package)
        shutil.rmtree(os.path.join(prefix, "node_modules", ".bin"), ignore_errors=True)
    for parent, entries in levels.items():
        bindir = os.path.join(prefix, *parent.split("/"), ".bin")
        shutil.rmtree(bindir, ignore_errors=True)
        for loc, entry in entries:
            for name, target in (normalize_bin(_lock_name(loc, entry), entry.get("bin"))
                                 or {}).items():
                link = os.path.join(bindir, name)
                src = os.path.join(prefix, *loc.split("/"), *target.split("/"))
                if os.path.lexists(link) or not os.path.isfile(src):
                    continue
                os.makedirs(bindir, exist_ok=True)
                os.symlink(os.path.relpath(src, bindir), link)


def _lock_as_written(lock, config):
    """The lock as npm writes it: with ``omit-lockfile-registry-resolved`` set in an
    ``.npmrc`` (or ``NPM_CONFIG_...``), without the ``resolved`` URLs of registry
    packages (every package here comes from a registry); the tarball URL is then made
    from the registry, name and version when the lock is installed."""
    if str(config.values.get("omit-lockfile-registry-resolved", "")).lower() != "true":
        return lock
    packages = {loc: {k: v for k, v in entry.items() if k != "resolved" or not loc}
                for loc, entry in lock["packages"].items()}
    return {**lock, "packages": packages}


def _apply(plan, lock, old_lock, prefix, http, cache_root, progress, pool, lock_path,
           pj_path, new_package_json):
    old_packages = (old_lock or {}).get("packages") or {}
    todo = []
    for loc, entry in sorted(plan.items()):
        old = old_packages.get(loc)
        dest = os.path.join(prefix, *loc.split("/"))
        up_to_date = (old is not None and old.get("integrity") == entry.get("integrity")
                      and old.get("version") == entry.get("version")
                      and _installed_version(dest) == entry.get("version"))
        if not up_to_date:
            todo.append(loc)
    # a package directory that is replaced takes what is nested in it along
    replaced = set(todo)
    for loc in plan:
        if any(loc.startswith(r + "/") for r in todo):
            replaced.add(loc)
    todo = sorted(replaced, key=lambda l: (l.count("/"), l))

    if progress is None:
        progress = sys.stderr.isatty()
    bar = _Progress(progress and bool(todo), len(todo))
    try:
        futures = {loc: pool.submit(fetch_tarball, _lock_name(loc, plan[loc]), plan[loc],
                                    http, cache_root, bar) for loc in todo}
        tarballs = {loc: f.result() for loc, f in futures.items()}
    finally:
        bar.close()

    os.makedirs(prefix, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".napi-python-staging-", dir=prefix)
    try:
        staged = {}
        for i, loc in enumerate(todo):
            entry = plan[loc]
            label = f"{_lock_name(loc, entry)}@{entry.get('version')}"
            d = os.path.join(staging, str(i))
            extract_tarball(tarballs[loc], d, label, entry.get("bin"))
            staged[loc] = d
        notes = _check_binaries(plan, lock, staged, prefix)
        todo = [loc for loc in todo if loc in plan]
        if lock is not old_lock:
            _add_bundled_entries(lock, plan, staged, prefix)
        # everything fetched, verified and checked: now change the prefix
        gone = [loc for loc in old_packages if loc and loc not in plan]
        removed = []
        for loc in sorted(set(gone) | set(todo), key=lambda l: -l.count("/")):
            path = os.path.join(prefix, *loc.split("/"))
            if loc in gone and os.path.lexists(path):
                old = old_packages[loc]
                removed.append((_locale_key(loc), _lock_name(loc, old), old.get("version"),
                                path))
            if os.path.islink(path) or os.path.isfile(path):
                os.unlink(path)
            elif os.path.isdir(path):
                shutil.rmtree(path)
        for loc in todo:
            dest = os.path.join(prefix, *loc.split("/"))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.replace(staged[loc], dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if new_package_json is not None:
        _write_json(pj_path, new_package_json)
    written = _lock_as_written(lock, http.config)
    _link_bins(prefix, [(loc, e) for loc, e in written["packages"].items() if loc in plan])
    if lock is not old_lock:   # an exact install leaves the lock file alone
        _write_json(lock_path, _lock_key_order(written))
    # npm's hidden lock file: the entries of what node_modules holds, written last (npm
    # trusts it only when it is newer than every package directory)
    hidden_path = os.path.join(prefix, "node_modules", ".package-lock.json")
    installed = {loc: e for loc, e in written["packages"].items() if loc and loc in plan}
    if installed:
        _write_json(hidden_path, _lock_key_order({"name": written.get("name"),
                                                  "lockfileVersion": 3,
                                                  "requires": True, "packages": installed}))
    elif os.path.isfile(hidden_path):
        os.unlink(hidden_path)
    result = _InstallResult()
    result.removed = [InstalledPackage(name, version, path, False)
                      for _, name, version, path in sorted(removed)]
    fresh = set(todo)
    for loc, entry in sorted(plan.items()):
        result.append(InstalledPackage(_lock_name(loc, entry), entry.get("version"),
                                       os.path.join(prefix, *loc.split("/")),
                                       bool(entry.get("optional")), loc in fresh))
    for note in notes:
        _warn(note)
    return result


class _InstallResult(list):
    """install()'s list of :class:`InstalledPackage`; ``removed``: those of the old
    tree that this install took out of ``node_modules`` (for the command's line)."""
    removed = ()


def _warn(message):
    """A note on stderr, as npm's ``npm warn`` lines (the install went on)."""
    print(f"warning: {message}", file=sys.stderr)


def _binary_problem(plan, packages, loc, entry, d):
    """Why the package at ``loc`` (extracted in ``d``) cannot work here, or None: it
    builds its binary in an install script (node-gyp, prebuild-install, node-pre-gyp)
    and has no prebuilt .node for this platform."""
    script = _install_script(d)
    if not script or _has_binary(d):
        return None
    # a platform package among its optional dependencies carries the binary
    for name in (entry.get("optionalDependencies") or {}):
        t = _lock_lookup(packages, loc, name)
        if t in plan and _is_platform_package(plan[t]):
            return None
    return (f"{_lock_name(loc, entry)}@{entry.get('version')} builds its binary with an "
            f"install script ({script!r}), which napi-python does not run, and ships no "
            f"prebuilt .node file")


def _optional_set(plan, packages, loc):
    """What npm drops with an optional package that failed (arborist's optionalSet):
    the package, whatever depends on it through a non-optional edge, and its optional
    dependencies that nothing outside the set needs."""
    edges = {}   # location -> [(dependency location, optional edge)]
    for src, entry in plan.items():
        out = []
        for field in _DEP_FIELDS:
            for name in (entry.get(field) or {}):
                t = _lock_lookup(packages, src, name)
                if t in plan:
                    out.append((t, field == "optionalDependencies"))
        edges[src] = out
    dropped = {loc}
    changed = True
    while changed:
        changed = False
        for src, out in edges.items():
            if src not in dropped and any(t in dropped and not opt for t, opt in out) \
                    and plan[src].get("optional"):
                dropped.add(src)
                changed = True
        for member in list(dropped):
            for t, _ in edges.get(member, ()):
                if t in dropped or not plan[t].get("optional"):
                    continue
                if all(src in dropped for src, out in edges.items() if any(x == t for x, _ in out)):
                    dropped.add(t)
                    changed = True
    return {d for d in plan if d in dropped or any(d.startswith(x + "/") for x in dropped)}


def _check_binaries(plan, lock, staged, prefix):
    """Raises for a needed package that cannot get its binary here; returns the
    messages of optional packages that cannot, after removing them and what npm
    removes with them from ``plan`` (as npm drops an optional dependency whose
    install script fails)."""
    packages = lock["packages"]
    notes = []
    for loc, entry in sorted(plan.items()):
        if loc not in plan:
            continue   # dropped with an optional package before
        d = staged.get(loc) or os.path.join(prefix, *loc.split("/"))
        problem = _binary_problem(plan, packages, loc, entry, d)
        if problem is None:
            continue
        if not entry.get("optional"):
            raise InstallError(f"{problem}; build it with npm, or use a package with "
                               f"prebuilt binaries")
        for gone in _optional_set(plan, packages, loc):
            del plan[gone]
        notes.append(f"{problem}: skipped, as an optional dependency")
    return notes


def _format_result(installed, prefix):
    if not installed and not getattr(installed, "removed", ()):
        return f"nothing to install: {prefix} has no dependencies"

    def label(p):
        parts = p.path.replace(os.sep, "/").split("/")
        where = "/".join(parts[-2:]) if parts[-2].startswith("@") else parts[-1]
        if where != p.name:   # an alias, as npm spells it
            return f"{where}@npm:{p.name}@{p.version}"
        return f"{p.name}@{p.version}"
    where = os.path.join(prefix, "node_modules")
    new = [label(p) for p in installed if p.changed]
    kept = [label(p) for p in installed if not p.changed]
    removed = [label(p) for p in getattr(installed, "removed", ())]
    tail = f"; removed {', '.join(removed)}" if removed else ""
    if not new:
        if not kept:   # every dependency gone
            return f"removed {', '.join(removed)} from {where}"
        return f"up to date: {', '.join(kept)} in {where}" + tail
    return f"installed {', '.join(new)} into {where}" + \
        (f" (up to date: {', '.join(kept)})" if kept else "") + tail
