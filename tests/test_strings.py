"""Strings: napi_create_string_{utf8,latin1,utf16}, napi_get_value_string_*,
node_api_create_property_key_*, node_api_create_external_string_*.

Raw bytes go to the addon as hex and UTF-16 code units as lists of numbers;
a length of -1 stands for NAPI_AUTO_LENGTH."""

import pytest

from conftest import load_test_addon
from napi_status import Status

import napi_python as napi

AUTO = -1


@pytest.fixture(scope="module")
def addon():
    return load_test_addon("strings")


def units(s):
    """UTF-16 code units of a Python str (lone surrogates allowed)."""
    b = s.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(b[i:i + 2], "little") for i in range(0, len(b), 2)]


# ---- napi_create_string_utf8 -------------------------------------------------

@pytest.mark.parametrize("text", ["", "hello", "h\u00e9", "\u20ac", "\U0001F600", "\u65e5\u672c"])
def test_create_utf8_auto_length(addon, text):
    assert addon.createUtf8(text.encode().hex(), AUTO) == text


def test_create_utf8_explicit_length(addon):
    assert addon.createUtf8(b"abcdef".hex(), 3) == "abc"
    assert addon.createUtf8(b"abc".hex(), 0) == ""


def test_create_utf8_embedded_nul(addon):
    assert addon.createUtf8(b"a\x00b".hex(), 3) == "a\x00b"
    assert addon.createUtf8(b"a\x00b".hex(), AUTO) == "a"


@pytest.mark.parametrize("raw", [
    b"a\xffb", b"\xc3(", b"ab\xe2\x82", b"\xed\xa0\x80", b"\xf0\x9f\x98", b"\x80x",
    b"\xc0\xaf", b"\xf8\x88\x80\x80\x80"])
def test_create_utf8_invalid_becomes_replacement(addon, raw):
    # V8 replaces ill-formed sequences with U+FFFD using the "maximal subpart"
    # practice, which is what Python's errors="replace" does too.
    assert addon.createUtf8(raw.hex(), len(raw)) == raw.decode("utf-8", "replace")


def test_create_utf8_every_short_length(addon):
    # ASCII text has its own path (a word-at-a-time check, a short copy): every length
    # across its 1/2/4/8/16-byte steps, and a byte that is not ASCII at every position
    # (the decoder's path, which V8's replacement agrees with).
    for n in range(41):
        text = "".join(chr(0x21 + (i * 7) % 90) for i in range(n))
        assert addon.createUtf8(text.encode().hex(), AUTO) == text
        assert addon.createUtf8(text.encode().hex(), n) == text
        for i in range(n):
            raw = bytearray(text.encode())
            for bad in (0x80, 0xC3, 0xFF):
                raw[i] = bad
                assert addon.createUtf8(raw.hex(), n) == bytes(raw).decode("utf-8", "replace")


def test_create_utf8_invalid_simple(addon):
    assert addon.createUtf8("61ff62", AUTO) == "a\ufffdb"


def test_create_utf8_4_byte_is_one_astral_char(addon):
    s = addon.createUtf8("f09f9880", AUTO)
    assert s == "\U0001F600" and len(s) == 1


# ---- napi_create_string_latin1 -----------------------------------------------

def test_create_latin1(addon):
    assert addon.createLatin1("636166e9", AUTO) == "caf\u00e9"
    assert addon.createLatin1("ff80a0", AUTO) == "\u00ff\u0080\u00a0"


def test_create_latin1_all_bytes(addon):
    raw = bytes(range(1, 256))
    assert addon.createLatin1(raw.hex(), len(raw)) == raw.decode("latin-1")


def test_create_latin1_explicit_length_and_nul(addon):
    assert addon.createLatin1(b"e\x00f".hex(), 3) == "e\x00f"
    assert addon.createLatin1(b"e\x00f".hex(), AUTO) == "e"
    assert addon.createLatin1(b"abcd".hex(), 2) == "ab"


# ---- napi_create_string_utf16 ------------------------------------------------

@pytest.mark.parametrize("text", ["", "abc", "h\u00e9", "\U0001F600x", "\u65e5\u672c"])
def test_create_utf16(addon, text):
    assert addon.createUtf16(units(text), AUTO) == text


def test_create_utf16_explicit_length_and_nul(addon):
    assert addon.createUtf16([0x61, 0, 0x62], 3) == "a\x00b"
    assert addon.createUtf16([0x61, 0, 0x62], AUTO) == "a"
    assert addon.createUtf16(units("abcd"), 2) == "ab"


def test_create_utf16_surrogate_pair_is_one_char(addon):
    s = addon.createUtf16([0xD83D, 0xDE00], AUTO)
    assert s == "\U0001F600" and len(s) == 1


def test_create_utf16_lone_surrogates_survive(addon):
    assert addon.createUtf16([0xD800], AUTO) == "\ud800"
    assert addon.createUtf16([0x61, 0xDC00, 0x62], AUTO) == "a\udc00b"
    # reversed pair: two lone surrogates
    assert addon.createUtf16([0xDE00, 0xD83D], AUTO) == "\ude00\ud83d"


def test_empty_strings_from_null_pointer(addon):
    for kind in ("utf8", "latin1", "utf16"):
        assert addon.emptyFromNull(kind) == ""


def test_create_statuses(addon):
    st = addon.createStatuses()
    expected = {
        "utf8_null_str_len0": Status.napi_ok,
        "utf8_null_str_len1": Status.napi_invalid_arg,
        "utf8_null_str_auto": Status.napi_invalid_arg,
        "utf8_null_result": Status.napi_invalid_arg,
        "utf8_too_long": Status.napi_invalid_arg,
        "utf8_null_env": Status.napi_invalid_arg,
        "latin1_null_str_len0": Status.napi_ok,
        "latin1_null_str_len1": Status.napi_invalid_arg,
        "latin1_null_result": Status.napi_invalid_arg,
        "latin1_too_long": Status.napi_invalid_arg,
        "utf16_null_str_len0": Status.napi_ok,
        "utf16_null_str_len1": Status.napi_invalid_arg,
        "utf16_null_result": Status.napi_invalid_arg,
        "utf16_too_long": Status.napi_invalid_arg,
        "key_utf8_null_result": Status.napi_invalid_arg,
        "key_latin1_null_result": Status.napi_invalid_arg,
        "key_utf16_null_result": Status.napi_invalid_arg,
        "key_utf8_null_str_len1": Status.napi_invalid_arg,
        "key_utf8_too_long": Status.napi_invalid_arg,
    }
    assert {k: Status(v).name for k, v in st.items()} == \
        {k: v.name for k, v in expected.items()}


# ---- napi_get_value_string_utf8 ------------------------------------------------

def read8(r, bufsize):
    """Splits a getUtf8/getLatin1 result: (written bytes, terminator, tail)."""
    raw = bytes.fromhex(r["hex"])
    n = r["len"]
    return raw[:n], raw[n:n + 1], raw[n + 1:bufsize + 4]


@pytest.mark.parametrize("text", ["", "hello", "h\u00e9llo", "\u20ac", "\U0001F600", "a\x00b"])
def test_utf8_length_query(addon, text):
    assert addon.lengthOf("utf8", text) == len(text.encode())


def test_utf8_length_query_ignores_bufsize(addon):
    assert addon.lengthQueryIgnoresBufsize("hello world") == 11


def test_utf8_full_copy(addon):
    r = addon.getUtf8("h\u00e9llo", 32)
    body, nul, tail = read8(r, 32)
    assert r["len"] == 6
    assert body == "h\u00e9llo".encode() and nul == b"\x00"


def test_utf8_exact_fit(addon):
    r = addon.getUtf8("abc", 4)
    body, nul, tail = read8(r, 4)
    assert (r["len"], body, nul) == (3, b"abc", b"\x00")
    assert tail == b"\xaa" * 4  # nothing written past bufsize


def test_utf8_truncates_to_bufsize_minus_one(addon):
    r = addon.getUtf8("hello", 3)
    body, nul, tail = read8(r, 3)
    assert (r["len"], body, nul) == (2, b"he", b"\x00")
    assert tail == b"\xaa" * 4


@pytest.mark.parametrize("text,bufsize,expected", [
    ("a\u00e9", 3, b"a"),               # 2-byte char does not fit in 2 bytes after 'a'
    ("a\u00e9", 4, "a\u00e9".encode()),
    ("a\u20ac", 3, b"a"),               # 3-byte char
    ("a\u20ac", 4, b"a"),
    ("a\u20ac", 5, "a\u20ac".encode()),
    ("\U0001F600", 4, b""),             # 4-byte char needs 5 bytes with the NUL
    ("\U0001F600", 5, "\U0001F600".encode()),
    ("a\U0001F600b", 6, "a\U0001F600".encode()),
    ("a\U0001F600b", 5, b"a"),
])
def test_utf8_never_splits_a_character(addon, text, bufsize, expected):
    r = addon.getUtf8(text, bufsize)
    body, nul, _ = read8(r, bufsize)
    assert body == expected
    assert r["len"] == len(expected)
    assert nul == b"\x00"


def test_utf8_ascii_every_length_and_bufsize(addon):
    # A compact ASCII str has its own path (a short copy up to 16 bytes, memcpy past
    # that): every length and every truncation, nothing written past the NUL.
    for n in range(41):
        text = "".join(chr(0x41 + (i * 5) % 26) for i in range(n))
        for bufsize in sorted({1, 2, 3, 4, 5, 8, 9, 16, 17, 18, n, n + 1, n + 2, 64} - {0}):
            r = addon.getUtf8(text, bufsize)
            body, nul, tail = read8(r, bufsize)
            want = text.encode()[:bufsize - 1]
            assert (r["len"], body, nul) == (len(want), want, b"\x00"), (n, bufsize)
            assert tail == b"\xaa" * len(tail) and len(tail) >= 4


def test_utf8_bufsize_zero_writes_nothing(addon):
    r = addon.getUtf8("hello", 0)
    assert r["len"] == 0
    assert bytes.fromhex(r["hex"]) == b"\xaa" * 4


def test_utf8_bufsize_one_is_just_nul(addon):
    r = addon.getUtf8("hello", 1)
    assert r["len"] == 0
    assert bytes.fromhex(r["hex"]) == b"\x00" + b"\xaa" * 4


def test_utf8_astral_is_four_bytes(addon):
    r = addon.getUtf8("\U0001F600", 16)
    assert r["len"] == 4
    assert read8(r, 16)[0] == b"\xf0\x9f\x98\x80"


def test_utf8_lone_surrogate_becomes_replacement(addon):
    assert addon.lengthOf("utf8", "\ud800") == 3
    r = addon.getUtf8("a\ud800b", 16)
    assert read8(r, 16)[0] == b"a\xef\xbf\xbdb"


def test_utf8_embedded_nul_copied(addon):
    r = addon.getUtf8("a\x00b", 16)
    assert r["len"] == 3
    assert read8(r, 16)[0] == b"a\x00b"


def test_utf8_result_pointer_optional(addon):
    assert bytes.fromhex(addon.getUtf8NoResult("abc", 8))[:4] == b"abc\x00"


# ---- napi_get_value_string_latin1 ------------------------------------------------

def test_latin1_length_query(addon):
    assert addon.lengthOf("latin1", "h\u00e9llo") == 5
    assert addon.lengthOf("latin1", "") == 0


def test_latin1_copy(addon):
    r = addon.getLatin1("caf\u00e9\u00ff", 16)
    body, nul, _ = read8(r, 16)
    assert r["len"] == 5
    assert body == b"caf\xe9\xff" and nul == b"\x00"


def test_latin1_truncation(addon):
    r = addon.getLatin1("h\u00e9llo", 3)
    body, nul, tail = read8(r, 3)
    assert (r["len"], body, nul) == (2, b"h\xe9", b"\x00")
    assert tail == b"\xaa" * 4


def test_latin1_bufsize_zero_and_one(addon):
    r = addon.getLatin1("abc", 0)
    assert r["len"] == 0 and bytes.fromhex(r["hex"]) == b"\xaa" * 4
    r = addon.getLatin1("abc", 1)
    assert r["len"] == 0 and bytes.fromhex(r["hex"]) == b"\x00" + b"\xaa" * 4


def test_latin1_of_non_latin1_chars(addon):
    # V8 writes one byte per UTF-16 code unit (its low 8 bits).
    assert addon.lengthOf("latin1", "a\u20ac") == 2
    r = addon.getLatin1("a\u20acb", 16)
    assert r["len"] == 3
    assert read8(r, 16)[0] == b"a\xacb"


# ---- napi_get_value_string_utf16 -------------------------------------------------

def test_utf16_length_query(addon):
    assert addon.lengthOf("utf16", "abc") == 3
    assert addon.lengthOf("utf16", "\U0001F600") == 2
    assert addon.lengthOf("utf16", "") == 0


def test_utf16_astral_is_surrogate_pair(addon):
    r = addon.getUtf16("a\U0001F600", 8)
    assert r["len"] == 3
    assert r["units"][:4] == [0x61, 0xD83D, 0xDE00, 0]


def test_utf16_truncation(addon):
    r = addon.getUtf16("abcd", 3)
    assert r["len"] == 2
    assert r["units"] == [0x61, 0x62, 0, 0xAAAA, 0xAAAA]


def test_utf16_bufsize_zero_and_one(addon):
    r = addon.getUtf16("abc", 0)
    assert r["len"] == 0 and r["units"] == [0xAAAA, 0xAAAA]
    r = addon.getUtf16("abc", 1)
    assert r["len"] == 0 and r["units"] == [0, 0xAAAA, 0xAAAA]


@pytest.mark.parametrize("text", ["\ud800", "a\udc00b", "\ude00\ud83d", "x\udbff"])
def test_utf16_lone_surrogates_round_trip(addon, text):
    r = addon.getUtf16(text, 16)
    assert r["len"] == len(units(text))
    assert r["units"][:r["len"]] == units(text)
    assert addon.createUtf16(r["units"][:r["len"]], AUTO if "\x00" not in text else r["len"]) == text


def test_utf16_exact_fit(addon):
    r = addon.getUtf16("h\u00e9", 3)
    assert r["len"] == 2
    assert r["units"] == [0x68, 0xE9, 0, 0xAAAA, 0xAAAA]


# ---- non-strings and NULL arguments ------------------------------------------------

@pytest.mark.parametrize("kind", ["utf8", "latin1", "utf16"])
@pytest.mark.parametrize("bad", [5, None, True, {}, [], napi.null])
def test_get_value_string_wants_string(addon, kind, bad):
    assert addon.statusGet(kind, bad, "normal") == Status.napi_string_expected


@pytest.mark.parametrize("kind", ["utf8", "latin1", "utf16"])
def test_get_value_string_null_args(addon, kind):
    assert addon.statusGet(kind, "abc", "normal") == Status.napi_ok
    # buf NULL and result NULL: nothing to report into
    assert addon.statusGet(kind, "abc", "nulls") == Status.napi_invalid_arg
    assert addon.statusGet(kind, "abc", "nullvalue") == Status.napi_invalid_arg


def test_get_value_string_error_message(addon):
    with pytest.raises(napi.JSError, match="A string was expected"):
        addon.getUtf8(5, 8)


# ---- property keys -----------------------------------------------------------------

def test_property_key_utf8(addon):
    assert addon.propertyKey("utf8", "h\u00e9llo".encode().hex(), AUTO) == "h\u00e9llo"
    assert addon.propertyKey("utf8", b"keyXYZ".hex(), 3) == "key"


def test_property_key_latin1(addon):
    assert addon.propertyKey("latin1", b"caf\xe9".hex(), AUTO) == "caf\u00e9"
    assert addon.propertyKey("latin1", b"ab\x00c".hex(), 4) == "ab\x00c"


def test_property_key_utf16(addon):
    assert addon.propertyKey("utf16", units("\U0001F600k"), AUTO) == "\U0001F600k"
    assert addon.propertyKey("utf16", units("abcd"), 2) == "ab"


def test_property_keys_work_as_keys(addon):
    obj = addon.objectWithKeys()
    assert dict(obj) == {"alpha": 1, "caf\u00e9": 2, "w\u00fcrze": 3, "plain": 4}
    assert obj["caf\u00e9"] == 2


# ---- external strings ----------------------------------------------------------------

def check_external(r, expected, addon):
    assert r["value"] == expected
    assert isinstance(r["copied"], bool)
    if r["copied"]:
        # Node: "If it was copied, the finalizer will already have been invoked"
        assert r["finalizedDuringCall"] == 1
        count, data_ok, hint_ok = addon.externalFinalizeInfo()
        assert data_ok is True and hint_ok is True
    else:
        # not copied: the engine owns str until the string is collected
        assert r["finalizedDuringCall"] == 0


def test_external_latin1(addon):
    r = addon.externalLatin1(b"caf\xe9 au lait".hex(), AUTO)
    check_external(r, "caf\u00e9 au lait", addon)


def test_external_latin1_explicit_length(addon):
    r = addon.externalLatin1(b"abcdef".hex(), 4)
    check_external(r, "abcd", addon)


def test_external_utf16(addon):
    r = addon.externalUtf16(units("x\U0001F600\u00e9"), AUTO)
    check_external(r, "x\U0001F600\u00e9", addon)


def test_external_utf16_explicit_length(addon):
    r = addon.externalUtf16(units("abcdef"), 3)
    check_external(r, "abc", addon)


def test_external_strings_without_finalizer_or_copied(addon):
    assert addon.externalStatic("latin1") == "static \u00e9t\u00e9"
    assert addon.externalStatic("utf16") == "st\U0001F600"


def test_external_string_value_stays_valid(addon):
    import gc
    r = addon.externalLatin1(b"persistent".hex(), AUTO)
    s = r["value"]
    del r
    gc.collect()
    assert s == "persistent"
    assert addon.externalLatin1(b"other".hex(), AUTO)["value"] == "other"
    assert s == "persistent"


def test_external_string_null_result(addon):
    st = addon.externalStatuses()
    assert st["latin1_null_result"] == Status.napi_invalid_arg
    assert st["utf16_null_result"] == Status.napi_invalid_arg
