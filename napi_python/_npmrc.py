"""npm's client configuration, as far as ``napi-python install`` uses it.

Read in this order, a later source overriding an earlier one: the user's ``~/.npmrc``
(or the file ``NPM_CONFIG_USERCONFIG`` names), the project's ``.npmrc`` (in the
install prefix), then ``npm_config_*`` / ``NPM_CONFIG_*`` environment variables, then
an explicit ``registry`` argument. The keys used:

* ``registry=URL``: the default registry (``https://registry.npmjs.org/``);
* ``@scope:registry=URL``: the registry of the packages of one scope;
* ``//host[:port]/path/:_authToken=TOKEN`` (sent as ``Authorization: Bearer``),
  ``//host/path/:_auth=BASE64`` and ``//host/path/:username=`` +
  ``:_password=BASE64`` (sent as ``Basic``), for requests whose URL starts with
  ``//host/path/``;
* ``omit-lockfile-registry-resolved=true``: the lock is written without ``resolved``
  URLs (``_install``).

Values may refer to environment variables as ``${NAME}`` (``${NAME?}``: empty when
unset), as in npm.
"""

import base64
import os
import re

DEFAULT_REGISTRY = "https://registry.npmjs.org/"

_ENV_REF = re.compile(r"(\\*)\$\{([^}?]+)(\?)?\}")


class ConfigError(Exception):
    pass


def _expand(text, where):
    def sub(m):
        slashes, name, optional = m.group(1), m.group(2), m.group(3)
        if len(slashes) % 2:   # \${X} stays literal
            return slashes[1:] + m.group(0)[len(slashes):]
        value = os.environ.get(name)
        if value is None:
            if optional:
                return slashes
            raise ConfigError(f"{where}: environment variable {name} is not set "
                              f"(written as ${{{name}}}; ${{{name}?}} allows it to be unset)")
        return slashes + value
    return _ENV_REF.sub(sub, text)


def parse_npmrc(text, where="<.npmrc>"):
    """``key=value`` lines (``#``/``;`` comments) -> dict, ``${ENV}`` expanded."""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        key, sep, value = line.partition("=")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        out[_expand(key, where)] = _expand(value, where)
    return out


def _with_slash(url):
    return url if url.endswith("/") else url + "/"


class NpmConfig:
    """The merged settings; ``registry_for(name)`` and ``auth_header(url)``."""

    def __init__(self, prefix=".", registry=None, env=None):
        env = os.environ if env is None else env
        self.values = {}
        self.sources = []
        user = env.get("NPM_CONFIG_USERCONFIG") or env.get("npm_config_userconfig") \
            or os.path.join(os.path.expanduser("~"), ".npmrc")
        project = os.path.join(os.path.abspath(prefix), ".npmrc")
        for path in (user, project) if os.path.abspath(user) != project else (user,):
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            self.values.update(parse_npmrc(text, path))
            self.sources.append(path)
        for k, v in env.items():
            if k.lower().startswith("npm_config_") and len(k) > 11:
                key = k[11:].lower()
                if key == "userconfig":
                    continue
                self.values[key] = v
        if registry:
            self.values["registry"] = registry

    @property
    def registry(self):
        return _with_slash(self.values.get("registry") or DEFAULT_REGISTRY)

    def registry_for(self, name):
        if name.startswith("@"):
            scoped = self.values.get(name.split("/")[0] + ":registry")
            if scoped:
                return _with_slash(scoped)
        return self.registry

    def auth_header(self, url):
        """The ``Authorization`` header value for a request to ``url``, or None: the
        credentials of the longest ``//host/path/`` key that ``url`` starts with."""
        m = re.match(r"^[a-z]+:(//.*)$", url, re.I)
        if not m:
            return None
        nerf = m.group(1)
        # npm writes keys without the default port
        nerf_noport = re.sub(r"^(//[^/:]+):(?:443|80)(?=/)", r"\1", nerf)
        best = None
        for key, value in self.values.items():
            if not key.startswith("//"):
                continue
            base, _, field = key.rpartition(":")
            if field not in ("_authToken", "_auth", "username"):
                continue
            base = _with_slash(base)
            if not (nerf.startswith(base) or nerf_noport.startswith(base)):
                continue
            if best is not None and len(best[0]) > len(base):
                continue
            if field == "_authToken":
                best = (base, f"Bearer {value}")
            elif field == "_auth":
                best = (base, f"Basic {value}")
            else:
                pw = self.values.get(base + ":_password") or ""
                try:
                    pw = base64.b64decode(pw).decode()
                except Exception:
                    pass
                token = base64.b64encode(f"{value}:{pw}".encode()).decode()
                best = (base, f"Basic {token}")
        return best[1] if best else None
