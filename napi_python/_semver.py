"""The part of npm's semver that ``napi-python install`` needs, written here.

Versions are ``MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`` (a leading ``v`` or ``=`` is
accepted). A range is one or more comparator sets joined by ``||``; a set is a
hyphen range (``1.2 - 2.3.4``) or space-separated comparators: ``^``, ``~`` (also
``~>``), x-ranges (``1.x``, ``1.2.*``, ``*``, ``""``), ``>``, ``>=``, ``<``, ``<=``,
``=`` and bare versions, partial versions included (``>=1.2``, ``<1``).

Prereleases follow npm: ``1.3.0-beta.1`` satisfies a set only when one of the set's
comparators names a prerelease of the same ``1.3.0`` (``>=1.3.0-alpha``), so ``^1.2.0``
never picks a prerelease.
"""

import re

__all__ = ["Version", "Range", "parse_version", "parse_range", "max_satisfying",
           "is_version", "RangeError"]


class RangeError(ValueError):
    """Not a version, or not a range."""


_NUM = r"0|[1-9]\d*"
_ID = r"[0-9A-Za-z-]+"
_VERSION_RE = re.compile(
    rf"^\s*[v=]?\s*({_NUM})\.({_NUM})\.({_NUM})"
    rf"(?:-({_ID}(?:\.{_ID})*))?(?:\+({_ID}(?:\.{_ID})*))?\s*$")
# a possibly partial version: 1, 1.2, 1.x, 1.2.*, *, with optional prerelease/build
_XR = r"(?:\d+|[xX*])"
_PARTIAL_RE = re.compile(
    rf"^[v=]?\s*({_XR})(?:\.({_XR})(?:\.({_XR})(?:-({_ID}(?:\.{_ID})*))?"
    rf"(?:\+({_ID}(?:\.{_ID})*))?)?)?$")


class Version:
    """A parsed semver version; ordered by semver precedence (build metadata ignored)."""

    __slots__ = ("major", "minor", "patch", "prerelease", "build", "_key")

    def __init__(self, major, minor, patch, prerelease=(), build=()):
        self.major, self.minor, self.patch = major, minor, patch
        self.prerelease = tuple(prerelease)
        self.build = tuple(build)
        # A release sorts after its prereleases; numeric identifiers sort before
        # alphanumeric ones and numerically among themselves.
        pre = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in self.prerelease)
        self._key = (major, minor, patch, 0 if self.prerelease else 1, pre)

    def __str__(self):
        s = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            s += "-" + ".".join(self.prerelease)
        return s

    def __repr__(self):
        return f"Version({str(self)!r})"

    def __eq__(self, other):
        return isinstance(other, Version) and self._key == other._key

    def __lt__(self, other):
        return self._key < other._key

    def __le__(self, other):
        return self._key <= other._key

    def __gt__(self, other):
        return self._key > other._key

    def __ge__(self, other):
        return self._key >= other._key

    def __hash__(self):
        return hash(self._key)

    @property
    def release(self):
        return (self.major, self.minor, self.patch)


def parse_version(text):
    m = _VERSION_RE.match(text)
    if not m:
        raise RangeError(f"not a version: {text!r}")
    pre = m.group(4).split(".") if m.group(4) else ()
    for p in pre:
        if p.isdigit() and len(p) > 1 and p[0] == "0":
            raise RangeError(f"not a version: {text!r} (leading zero in {p!r})")
    return Version(int(m.group(1)), int(m.group(2)), int(m.group(3)), pre,
                   m.group(5).split(".") if m.group(5) else ())


def is_version(text):
    try:
        parse_version(text)
        return True
    except RangeError:
        return False


def _is_x(part):
    return part is None or part in ("x", "X", "*")


def _partial(text):
    """``1.2`` -> (1, 2, None, ()); ``*`` -> (None, None, None, ())."""
    text = text.strip()
    if text in ("", "*", "x", "X"):
        return None, None, None, ()
    m = _PARTIAL_RE.match(text)
    if not m:
        raise RangeError(f"not a version or range: {text!r}")
    parts = []
    for g in m.group(1, 2, 3):
        if _is_x(g):
            parts.append(None)
        else:
            parts.append(int(g))
    # 1.x.3 counts as 1.x
    for i in range(3):
        if parts[i] is None:
            parts[i + 1:] = [None] * (2 - i)
            break
    pre = tuple(m.group(4).split(".")) if m.group(4) and parts[2] is not None else ()
    return parts[0], parts[1], parts[2], pre


def _v(ma, mi, pa, pre=()):
    return Version(ma, mi, pa, pre)


def _lowest_pre(ma, mi, pa):
    """``X.Y.Z-0``: below every prerelease of X.Y.Z, so ``< X.Y.Z-0`` excludes them all.
    Used with the operator ``<-`` (a ``<`` that admits no prerelease of its own)."""
    return Version(ma, mi, pa, ("0",))


_NOTHING = [("<-", _lowest_pre(0, 0, 0))]


def _desugar(op, text):
    """One comparator with operator ``op`` ('' for a bare/x-range) -> [(op, Version)]."""
    ma, mi, pa, pre = _partial(text)
    if op in ("", "="):
        if ma is None:
            return []  # any
        if mi is None:
            return [(">=", _v(ma, 0, 0)), ("<-", _lowest_pre(ma + 1, 0, 0))]
        if pa is None:
            return [(">=", _v(ma, mi, 0)), ("<-", _lowest_pre(ma, mi + 1, 0))]
        return [("=", _v(ma, mi, pa, pre))]
    if op == "^":
        if ma is None:
            return []
        if mi is None:
            return [(">=", _v(ma, 0, 0)), ("<-", _lowest_pre(ma + 1, 0, 0))]
        if pa is None:
            if ma == 0:
                return [(">=", _v(0, mi, 0)), ("<-", _lowest_pre(0, mi + 1, 0))]
            return [(">=", _v(ma, mi, 0)), ("<-", _lowest_pre(ma + 1, 0, 0))]
        lo = _v(ma, mi, pa, pre)
        if ma != 0:
            hi = _lowest_pre(ma + 1, 0, 0)
        elif mi != 0:
            hi = _lowest_pre(0, mi + 1, 0)
        else:
            hi = _lowest_pre(0, 0, pa + 1)
        return [(">=", lo), ("<-", hi)]
    if op == "~":
        if ma is None:
            return []
        if mi is None:
            return [(">=", _v(ma, 0, 0)), ("<-", _lowest_pre(ma + 1, 0, 0))]
        return [(">=", _v(ma, mi, pa or 0, pre if pa is not None else ())),
                ("<-", _lowest_pre(ma, mi + 1, 0))]
    if op in (">", ">=", "<", "<="):
        if ma is None:
            return _NOTHING if op in (">", "<") else []
        if pa is not None:
            return [(op, _v(ma, mi, pa, pre))]
        # partial versions: >1.2 means >=1.3.0, <=1.2 means <1.3.0-0, and so on
        if mi is None:
            nxt, low = (ma + 1, 0, 0), (ma, 0, 0)
        else:
            nxt, low = (ma, mi + 1, 0), (ma, mi, 0)
        if op == ">":
            return [(">=", _v(*nxt))]
        if op == ">=":
            return [(">=", _v(*low))]
        if op == "<":
            return [("<-", _lowest_pre(*low))]
        return [("<-", _lowest_pre(*nxt))]
    raise RangeError(f"unknown operator {op!r}")


_COMP_RE = re.compile(r"(~>|~|\^|>=|<=|>|<|=)?\s*([^\s]*)")


def _parse_set(text):
    text = text.strip()
    hyphen = re.fullmatch(r"(\S+)\s+-\s+(\S+)", text)
    if hyphen:
        lo, hi = hyphen.groups()
        comps = []
        ma, mi, pa, pre = _partial(lo)
        if ma is not None:
            comps.append((">=", _v(ma, mi or 0, pa or 0, pre if pa is not None else ())))
        ma, mi, pa, pre = _partial(hi)
        if ma is not None:
            if pa is not None:
                comps.append(("<=", _v(ma, mi, pa, pre)))
            elif mi is not None:
                comps.append(("<-", _lowest_pre(ma, mi + 1, 0)))
            else:
                comps.append(("<-", _lowest_pre(ma + 1, 0, 0)))
        return comps
    # join an operator to its version: ">= 1.2.3" -> ">=1.2.3"
    text = re.sub(r"(~>|~|\^|>=|<=|>|<|=)\s+", r"\1", text)
    comps = []
    for token in text.split():
        m = _COMP_RE.fullmatch(token)
        if not m:
            raise RangeError(f"not a range: {token!r}")
        op = m.group(1) or ""
        if op == "~>":
            op = "~"
        comps.extend(_desugar(op, m.group(2)))
    return comps


def _test(op, v, bound):
    if op == "=":
        return v == bound
    if op == ">=":
        return v >= bound
    if op == ">":
        return v > bound
    if op == "<" or op == "<-":
        return v < bound
    return v <= bound


class Range:
    """A parsed npm range; ``Range("^1.2").test("1.4.0")``."""

    def __init__(self, text):
        self.text = text
        self.sets = [_parse_set(part) for part in text.split("||")]

    def test(self, version):
        if isinstance(version, str):
            try:
                version = parse_version(version)
            except RangeError:
                return False
        for comps in self.sets:
            if not all(_test(op, version, b) for op, b in comps):
                continue
            if version.prerelease and not any(
                    op != "<-" and b.prerelease and b.release == version.release
                    for op, b in comps):
                continue
            return True
        return False

    def __repr__(self):
        return f"Range({self.text!r})"


def parse_range(text):
    return Range(text)


def max_satisfying(versions, rng):
    """The highest of ``versions`` (strings) that ``rng`` (a Range or text) accepts, or None."""
    if not isinstance(rng, Range):
        rng = Range(rng)
    best = best_v = None
    for s in versions:
        try:
            v = parse_version(s)
        except RangeError:
            continue
        if rng.test(v) and (best_v is None or v > best_v):
            best, best_v = s, v
    return best
