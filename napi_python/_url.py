"""The globals URL and URLSearchParams: the WHATWG URL Standard's basic URL parser
(its states, written from the standard), host parsing (domains through Python's
IDNA codec, IPv4 numbers, IPv6 addresses, opaque hosts), serialization, and the
application/x-www-form-urlencoded parser and serializer of URLSearchParams."""

import codecs
import re

from ._core import JSTypeError, Object
from ._jsiter import JSIterator

SPECIAL = {"ftp": 21, "file": None, "http": 80, "https": 443, "ws": 80, "wss": 443}

_C0 = {chr(c) for c in range(0x20)}


def _set(base, extra):
    return frozenset(base) | frozenset(extra)


# percent-encode sets: code points above ~ are always encoded (_encode)
C0_CONTROL = frozenset(_C0 | {"\x7f"})
FRAGMENT = _set(C0_CONTROL, ' "<>`')
QUERY = _set(C0_CONTROL, ' "#<>')
SPECIAL_QUERY = _set(QUERY, "'")
PATH = _set(QUERY, "?`{}")
USERINFO = _set(PATH, "/:;=@[\\]^|")
COMPONENT = _set(USERINFO, "$%&+,")
FORM = _set(COMPONENT, "!'()~")

_FORBIDDEN_HOST = frozenset("\x00\t\n\r #/:<>?@[\\]^|")
_FORBIDDEN_DOMAIN = _FORBIDDEN_HOST | C0_CONTROL | frozenset("%\x7f")
_ALPHA = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGIT = frozenset("0123456789")
_HEX = frozenset("0123456789abcdefABCDEF")


class _Failure(Exception):
    pass


def _encode(text, encode_set):
    out = []
    for ch in text:
        if ch in encode_set or ord(ch) > 0x7E:
            out.extend("%%%02X" % b for b in ch.encode("utf-8", "surrogatepass"))
        else:
            out.append(ch)
    return "".join(out)


def _percent_decode(text):
    """The bytes of text (UTF-8) with each %XX decoded."""
    data = text.encode("utf-8", "surrogatepass")
    out = bytearray()
    i = 0
    while i < len(data):
        pair = data[i + 1:i + 3]
        if data[i] == 0x25 and len(pair) == 2 and all(chr(x) in _HEX for x in pair):
            out.append(int(pair, 16))
            i += 3
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


# ---- hosts ------------------------------------------------------------------------
def _parse_ipv4_number(part):
    if part == "":
        raise _Failure
    radix, digits = 10, _DIGIT
    if len(part) >= 2 and part[:2] in ("0x", "0X"):
        part, radix, digits = part[2:], 16, _HEX
    elif len(part) >= 2 and part[0] == "0":
        part, radix, digits = part[1:], 8, frozenset("01234567")
    if part == "":
        return 0
    if not all(c in digits for c in part):
        raise _Failure
    return int(part, radix)


def _ends_in_number(host):
    parts = host.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    if last and all(c in _DIGIT for c in last):
        return True
    try:
        _parse_ipv4_number(last)
    except _Failure:
        return False
    return True


def _parse_ipv4(host):
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        raise _Failure
    numbers = [_parse_ipv4_number(p) for p in parts]
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        raise _Failure
    ipv4 = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        ipv4 += n * 256 ** (3 - i)
    return ".".join(str((ipv4 >> s) & 255) for s in (24, 16, 8, 0))


def _parse_ipv6(text):
    pieces = [0] * 8
    index, compress, p = 0, None, 0
    n = len(text)
    c = lambda i: text[i] if i < n else None  # noqa: E731
    if c(p) == ":":
        if c(p + 1) != ":":
            raise _Failure
        p += 2
        index += 1
        compress = index
    while c(p) is not None:
        if index == 8:
            raise _Failure
        if c(p) == ":":
            if compress is not None:
                raise _Failure
            p += 1
            index += 1
            compress = index
            continue
        value = length = 0
        while length < 4 and c(p) is not None and c(p) in _HEX:
            value = value * 16 + int(c(p), 16)
            p += 1
            length += 1
        if c(p) == ".":
            if length == 0:
                raise _Failure
            p -= length
            if index > 6:
                raise _Failure
            seen = 0
            while c(p) is not None:
                piece = None
                if seen > 0:
                    if c(p) == "." and seen < 4:
                        p += 1
                    else:
                        raise _Failure
                if c(p) is None or c(p) not in _DIGIT:
                    raise _Failure
                while c(p) is not None and c(p) in _DIGIT:
                    number = int(c(p))
                    if piece is None:
                        piece = number
                    elif piece == 0:
                        raise _Failure
                    else:
                        piece = piece * 10 + number
                    if piece > 255:
                        raise _Failure
                    p += 1
                pieces[index] = pieces[index] * 256 + piece
                seen += 1
                if seen in (2, 4):
                    index += 1
            if seen != 4:
                raise _Failure
            break
        if c(p) == ":":
            p += 1
            if c(p) is None:
                raise _Failure
        elif c(p) is not None:
            raise _Failure
        pieces[index] = value
        index += 1
    if compress is not None:
        swaps = index - compress
        index = 7
        while index != 0 and swaps > 0:
            pieces[index], pieces[compress + swaps - 1] = pieces[compress + swaps - 1], pieces[index]
            index -= 1
            swaps -= 1
    elif index != 8:
        raise _Failure
    return pieces


def _serialize_ipv6(pieces):
    # the first longest run of two or more zero pieces is compressed
    best, best_len, i = None, 1, 0
    while i < 8:
        if pieces[i] == 0:
            j = i
            while j < 8 and pieces[j] == 0:
                j += 1
            if j - i > best_len:
                best, best_len = i, j - i
            i = j
        else:
            i += 1
    out, ignore0, i = "", False, 0
    for i in range(8):
        if ignore0 and pieces[i] == 0:
            continue
        ignore0 = False
        if best == i:
            out += "::" if i == 0 else ":"
            ignore0 = True
            continue
        out += "%x" % pieces[i]
        if i != 7:
            out += ":"
    return "[" + out + "]"


def _domain_to_ascii(domain):
    labels = domain.lower().split(".")
    out = []
    for label in labels:
        if label.isascii():
            if label.startswith("xn--"):
                try:
                    codecs.decode(label[4:].encode("ascii"), "punycode")
                except Exception:
                    raise _Failure from None
            out.append(label)
            continue
        try:
            out.append(codecs.encode(label, "idna").decode("ascii").lower())
        except Exception:
            raise _Failure from None
    result = ".".join(out)
    if result == "":
        raise _Failure
    return result


def _parse_host(text, special):
    if text.startswith("["):
        if not text.endswith("]"):
            raise _Failure
        return _serialize_ipv6(_parse_ipv6(text[1:-1]))
    if not special:
        if any(ch in _FORBIDDEN_HOST for ch in text):
            raise _Failure
        return _encode(text, C0_CONTROL)
    domain = _percent_decode(text).decode("utf-8", "replace")
    ascii_domain = _domain_to_ascii(domain)
    if any(ch in _FORBIDDEN_DOMAIN for ch in ascii_domain):
        raise _Failure
    if _ends_in_number(ascii_domain):
        return _parse_ipv4(ascii_domain)
    return ascii_domain


# ---- the basic URL parser ------------------------------------------------------------
class _Record:
    __slots__ = ("scheme", "username", "password", "host", "port", "path", "opaque",
                 "query", "fragment")

    def __init__(self):
        self.scheme = ""
        self.username = ""
        self.password = ""
        self.host = None
        self.port = None
        self.path = []
        self.opaque = False  # path is one string
        self.query = None
        self.fragment = None

    def copy(self):
        r = _Record()
        for name in self.__slots__:
            setattr(r, name, getattr(self, name))
        r.path = self.path if self.opaque else list(self.path)
        return r

    @property
    def special(self):
        return self.scheme in SPECIAL

    def shorten_path(self):
        if self.scheme == "file" and len(self.path) == 1 and _normalized_drive(self.path[0]):
            return
        if self.path:
            self.path.pop()


def _windows_drive(s, normalized=False):
    return len(s) == 2 and s[0] in _ALPHA and (s[1] == ":" or (not normalized and s[1] == "|"))


def _normalized_drive(s):
    return _windows_drive(s, True)


def _starts_with_drive(s, p):
    rest = s[p:]
    return len(rest) >= 2 and _windows_drive(rest[:2]) and (
        len(rest) == 2 or rest[2] in "/\\?#")


_SINGLE_DOT = {".", "%2e", "%2E"}
_DOUBLE_DOT = {"..", ".%2e", ".%2E", "%2e.", "%2E.", "%2e%2e", "%2E%2E", "%2e%2E", "%2E%2e"}


def basic_parse(text, base=None):
    text = text.strip("".join(_C0) + " ")
    text = re.sub("[\t\n\r]", "", text)
    url = _Record()
    state = "scheme start"
    buffer = ""
    at_seen = inside_brackets = password_token_seen = False
    p = 0
    n = len(text)
    while True:
        c = text[p] if p < n else None
        remaining = text[p + 1:]
        if state == "scheme start":
            if c is not None and c in _ALPHA:
                buffer += c.lower()
                state = "scheme"
            else:
                state = "no scheme"
                p -= 1
        elif state == "scheme":
            if c is not None and (c in _ALPHA or c in _DIGIT or c in "+-."):
                buffer += c.lower()
            elif c == ":":
                url.scheme = buffer
                buffer = ""
                if url.scheme == "file":
                    state = "file"
                elif url.special and base is not None and base.scheme == url.scheme:
                    state = "special relative or authority"
                elif url.special:
                    state = "special authority slashes"
                elif remaining.startswith("/"):
                    state = "path or authority"
                    p += 1
                else:
                    url.path = ""
                    url.opaque = True
                    state = "opaque path"
            else:
                buffer = ""
                state = "no scheme"
                p = -1
        elif state == "no scheme":
            if base is None or (base.opaque and c != "#"):
                raise _Failure
            if base.opaque and c == "#":
                url.scheme, url.path, url.opaque = base.scheme, base.path, True
                url.query, url.fragment = base.query, ""
                state = "fragment"
            elif base.scheme != "file":
                state = "relative"
                p -= 1
            else:
                state = "file"
                p -= 1
        elif state == "special relative or authority":
            if c == "/" and remaining.startswith("/"):
                state = "special authority ignore slashes"
                p += 1
            else:
                state = "relative"
                p -= 1
        elif state == "path or authority":
            if c == "/":
                state = "authority"
            else:
                state = "path"
                p -= 1
        elif state == "relative":
            url.scheme = base.scheme
            if c == "/":
                state = "relative slash"
            elif url.special and c == "\\":
                state = "relative slash"
            else:
                url.username, url.password, url.host, url.port = (
                    base.username, base.password, base.host, base.port)
                url.path, url.query = list(base.path), base.query
                if c == "?":
                    url.query = ""
                    state = "query"
                elif c == "#":
                    url.fragment = ""
                    state = "fragment"
                elif c is not None:
                    url.query = None
                    url.shorten_path()
                    state = "path"
                    p -= 1
        elif state == "relative slash":
            if url.special and c in ("/", "\\"):
                state = "special authority ignore slashes"
            elif c == "/":
                state = "authority"
            else:
                url.username, url.password, url.host, url.port = (
                    base.username, base.password, base.host, base.port)
                state = "path"
                p -= 1
        elif state == "special authority slashes":
            if c == "/" and remaining.startswith("/"):
                state = "special authority ignore slashes"
                p += 1
            else:
                state = "special authority ignore slashes"
                p -= 1
        elif state == "special authority ignore slashes":
            if c not in ("/", "\\"):
                state = "authority"
                p -= 1
        elif state == "authority":
            if c == "@":
                if at_seen:
                    buffer = "%40" + buffer
                at_seen = True
                for ch in buffer:
                    if ch == ":" and not password_token_seen:
                        password_token_seen = True
                        continue
                    if password_token_seen:
                        url.password += _encode(ch, USERINFO)
                    else:
                        url.username += _encode(ch, USERINFO)
                buffer = ""
            elif c is None or c in "/?#" or (url.special and c == "\\"):
                if at_seen and buffer == "":
                    raise _Failure
                p -= len(buffer) + 1
                buffer = ""
                state = "host"
            else:
                buffer += c
        elif state in ("host", "hostname"):
            if c == ":" and not inside_brackets:
                if buffer == "":
                    raise _Failure
                url.host = _parse_host(buffer, url.special)
                buffer = ""
                state = "port"
            elif c is None or c in "/?#" or (url.special and c == "\\"):
                p -= 1
                if url.special and buffer == "":
                    raise _Failure
                url.host = _parse_host(buffer, url.special) if buffer or url.special else ""
                buffer = ""
                state = "path start"
            else:
                if c == "[":
                    inside_brackets = True
                elif c == "]":
                    inside_brackets = False
                buffer += c
        elif state == "port":
            if c is not None and c in _DIGIT:
                buffer += c
            elif c is None or c in "/?#" or (url.special and c == "\\"):
                if buffer:
                    port = int(buffer)
                    if port > 65535:
                        raise _Failure
                    url.port = None if SPECIAL.get(url.scheme, -1) == port else port
                    buffer = ""
                state = "path start"
                p -= 1
            else:
                raise _Failure
        elif state == "file":
            url.scheme = "file"
            url.host = ""
            if c in ("/", "\\"):
                state = "file slash"
            elif base is not None and base.scheme == "file":
                url.host, url.path, url.query = base.host, list(base.path), base.query
                if c == "?":
                    url.query = ""
                    state = "query"
                elif c == "#":
                    url.fragment = ""
                    state = "fragment"
                elif c is not None:
                    url.query = None
                    if not _starts_with_drive(text, p):
                        url.shorten_path()
                    else:
                        url.path = []
                    state = "path"
                    p -= 1
            else:
                state = "path"
                p -= 1
        elif state == "file slash":
            if c in ("/", "\\"):
                state = "file host"
            else:
                if base is not None and base.scheme == "file":
                    url.host = base.host
                    if not _starts_with_drive(text, p) and base.path and \
                            _normalized_drive(base.path[0]):
                        url.path.append(base.path[0])
                state = "path"
                p -= 1
        elif state == "file host":
            if c is None or c in "/\\?#":
                p -= 1
                if _windows_drive(buffer):
                    state = "path"
                elif buffer == "":
                    url.host = ""
                    state = "path start"
                else:
                    host = _parse_host(buffer, True)
                    url.host = "" if host == "localhost" else host
                    buffer = ""
                    state = "path start"
            else:
                buffer += c
        elif state == "path start":
            if url.special:
                state = "path"
                if c not in ("/", "\\"):
                    p -= 1
            elif c == "?":
                url.query = ""
                state = "query"
            elif c == "#":
                url.fragment = ""
                state = "fragment"
            elif c is not None:
                state = "path"
                if c != "/":
                    p -= 1
        elif state == "path":
            if c is None or c == "/" or (url.special and c == "\\") or c in "?#":
                if buffer in _DOUBLE_DOT:
                    url.shorten_path()
                    if c != "/" and not (url.special and c == "\\"):
                        url.path.append("")
                elif buffer in _SINGLE_DOT and c != "/" and not (url.special and c == "\\"):
                    url.path.append("")
                elif buffer not in _SINGLE_DOT:
                    if url.scheme == "file" and not url.path and _windows_drive(buffer):
                        buffer = buffer[0] + ":"
                    url.path.append(buffer)
                buffer = ""
                if c == "?":
                    url.query = ""
                    state = "query"
                elif c == "#":
                    url.fragment = ""
                    state = "fragment"
            else:
                buffer += _encode(c, PATH)
        elif state == "opaque path":
            if c == "?":
                url.query = ""
                state = "query"
            elif c == "#":
                url.fragment = ""
                state = "fragment"
            elif c is not None:
                url.path += _encode(c, C0_CONTROL)
        elif state == "query":
            if c is None or c == "#":
                url.query += _encode(buffer, SPECIAL_QUERY if url.special else QUERY)
                buffer = ""
                if c == "#":
                    url.fragment = ""
                    state = "fragment"
            else:
                buffer += c
        elif state == "fragment":
            if c is not None:
                url.fragment += _encode(c, FRAGMENT)
        if p >= n:  # (a state that stepped back at the end runs again on it)
            break
        p += 1
    return url


def serialize(url, exclude_fragment=False):
    out = url.scheme + ":"
    if url.host is not None:
        out += "//"
        if url.username or url.password:
            out += url.username + (":" + url.password if url.password else "") + "@"
        out += url.host
        if url.port is not None:
            out += ":" + str(url.port)
    elif not url.opaque and len(url.path) > 1 and url.path[0] == "":
        out += "/."
    out += _path(url)
    if url.query is not None:
        out += "?" + url.query
    if not exclude_fragment and url.fragment is not None:
        out += "#" + url.fragment
    return out


def _path(url):
    return url.path if url.opaque else "".join("/" + seg for seg in url.path)


def _invalid(text, base=None):
    error = JSTypeError("Invalid URL")
    error.code = "ERR_INVALID_URL"
    error.input = text
    if base is not None:
        error.base = base
    return error


def _to_string(value):
    from ._core import _js_to_string
    return value if isinstance(value, str) else _js_to_string(value)


def _parse_with_base(text, base):
    base_record = None
    if base is not None:
        base_record = basic_parse(_to_string(base))
    return basic_parse(text, base_record)


class URL:
    """The global ``URL`` (WHATWG URL Standard): ``new URL(input, base)``."""

    __slots__ = ("_url", "_params", "__weakref__")

    def __init__(self, url=None, base=None):
        text = _to_string(url)
        try:
            self._url = _parse_with_base(text, base)
        except (_Failure, UnicodeError):
            raise _invalid(text, None if base is None else _to_string(base)) from None
        self._params = URLSearchParams(self._url.query or "")
        self._params._owner = self

    @staticmethod
    def canParse(url=None, base=None):
        try:
            _parse_with_base(_to_string(url), base)
        except (_Failure, UnicodeError):
            return False
        return True

    @property
    def href(self):
        return serialize(self._url)

    @property
    def origin(self):
        u = self._url
        if u.scheme == "blob":
            try:
                inner = basic_parse(_path(u) if u.opaque else "")
            except _Failure:
                return "null"
            return URL.origin.fget(_wrap(inner)) if inner.scheme in ("http", "https") else "null"
        if u.scheme in ("ftp", "http", "https", "ws", "wss"):
            return u.scheme + "://" + u.host + ("" if u.port is None else ":" + str(u.port))
        return "null"

    @property
    def protocol(self):
        return self._url.scheme + ":"

    @property
    def username(self):
        return self._url.username

    @property
    def password(self):
        return self._url.password

    @property
    def host(self):
        u = self._url
        if u.host is None:
            return ""
        return u.host if u.port is None else f"{u.host}:{u.port}"

    @property
    def hostname(self):
        return self._url.host or ""

    @property
    def port(self):
        return "" if self._url.port is None else str(self._url.port)

    @property
    def pathname(self):
        return _path(self._url)

    @property
    def search(self):
        q = self._url.query
        return "" if not q else "?" + q

    @search.setter
    def search(self, value):
        value = _to_string(value)
        if value == "":
            self._url.query = None
            self._params._list = []
            return
        value = value[1:] if value.startswith("?") else value
        self._url.query = ""
        self._url.query = _encode(value, SPECIAL_QUERY if self._url.special else QUERY)
        self._params._list = _parse_form(value)

    @property
    def hash(self):
        f = self._url.fragment
        return "" if not f else "#" + f

    @hash.setter
    def hash(self, value):
        value = _to_string(value)
        if value == "":
            self._url.fragment = None
            return
        value = value[1:] if value.startswith("#") else value
        self._url.fragment = _encode(value, FRAGMENT)

    @property
    def searchParams(self):
        return self._params

    def toString(self):
        return self.href

    def toJSON(self):
        return self.href

    def __str__(self):
        return self.href

    def __repr__(self):
        return f"URL({self.href!r})"


def _wrap(record):
    u = URL.__new__(URL)
    u._url = record
    return u


# ---- application/x-www-form-urlencoded --------------------------------------------------
def _parse_form(text):
    pairs = []
    for part in text.split("&"):
        if part == "":
            continue
        name, _, value = part.partition("=")
        pairs.append([_percent_decode(name.replace("+", " ")).decode("utf-8", "replace"),
                      _percent_decode(value.replace("+", " ")).decode("utf-8", "replace")])
    return pairs


_FORM_SAFE = frozenset(b"*-._0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _form_encode(text):
    out = []
    for b in text.encode("utf-8", "surrogatepass"):
        if b == 0x20:
            out.append("+")
        elif b in _FORM_SAFE:
            out.append(chr(b))
        else:
            out.append("%%%02X" % b)
    return "".join(out)


class URLSearchParams:
    """The global ``URLSearchParams``: name-value pairs of a query string."""

    __slots__ = ("_list", "_owner", "__weakref__")

    def __init__(self, init=None):
        self._owner = None
        if init is None:
            self._list = []
        elif isinstance(init, URLSearchParams):
            self._list = [list(p) for p in init._list]
        elif isinstance(init, str):
            self._list = _parse_form(init[1:] if init.startswith("?") else init)
        elif isinstance(init, (list, tuple)):
            pairs = []
            for pair in init:
                if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                    error = JSTypeError("Each query pair must be an iterable [name, value] tuple")
                    error.code = "ERR_INVALID_TUPLE"
                    raise error
                pairs.append([_to_string(pair[0]), _to_string(pair[1])])
            self._list = pairs
        elif isinstance(init, dict):
            # (through the type: an own property named items hides init.items)
            items = (Object.items if isinstance(init, Object) else dict.items)(init)
            self._list = [[_to_string(k), _to_string(v)] for k, v in items]
        else:
            text = _to_string(init)
            self._list = _parse_form(text[1:] if text.startswith("?") else text)

    def _update(self):
        if self._owner is not None:
            text = self.toString()
            self._owner._url.query = text if text else None

    @property
    def size(self):
        return len(self._list)

    def append(self, name=None, value=None):
        self._list.append([_to_string(name), _to_string(value)])
        self._update()

    def delete(self, name=None, value=None):
        name = _to_string(name)
        value = None if value is None else _to_string(value)
        self._list = [p for p in self._list
                      if not (p[0] == name and (value is None or p[1] == value))]
        self._update()

    def get(self, name=None):
        name = _to_string(name)
        from ._core import null
        return next((v for k, v in self._list if k == name), null)

    def getAll(self, name=None):
        name = _to_string(name)
        return [v for k, v in self._list if k == name]

    def has(self, name=None, value=None):
        name = _to_string(name)
        value = None if value is None else _to_string(value)
        return any(k == name and (value is None or v == value) for k, v in self._list)

    def set(self, name=None, value=None):
        name, value = _to_string(name), _to_string(value)
        out, done = [], False
        for pair in self._list:
            if pair[0] == name:
                if not done:
                    out.append([name, value])
                    done = True
            else:
                out.append(pair)
        if not done:
            out.append([name, value])
        self._list = out
        self._update()

    def sort(self):
        # (by UTF-16 code units of the names, stable)
        self._list.sort(key=lambda p: p[0].encode("utf-16-be", "surrogatepass"))
        self._update()

    def forEach(self, callback, this_arg=None):
        for k, v in list(self._list):
            callback(v, k, self)

    def keys(self):
        return JSIterator([k for k, _ in self._list])

    def values(self):
        return JSIterator([v for _, v in self._list])

    def entries(self):
        return JSIterator([[k, v] for k, v in self._list])

    def __iter__(self):
        return iter([[k, v] for k, v in self._list])

    def __len__(self):
        return len(self._list)

    def toString(self):
        return "&".join(_form_encode(k) + "=" + _form_encode(v) for k, v in self._list)

    def __str__(self):
        return self.toString()

    def __repr__(self):
        return f"URLSearchParams({self._list!r})"
