"""bufferutil 4.1.0 (plain C, 6 napi imports): node-reference/bufferutil.js. The
addon writes into the caller's buffers, so Python's bytearray must be the memory
it sees (no copies)."""

import subprocess
import sys

from corpus.support import corpus_addon, corpus_path

b = corpus_addon("bufferutil")

SRC = b"hello world!"
MASK = bytes([1, 2, 3, 4])


def test_exports():
    assert sorted(b) == ["mask", "unmask"]


def test_mask_into_the_callers_buffer():
    out = bytearray(16)
    assert b.mask(SRC, MASK, out, 2, len(SRC)) is None
    assert out.hex() == "000069676f686e22746b736e67250000"


def test_unmask_in_place():
    out = bytearray(16)
    b.mask(SRC, MASK, out, 2, len(SRC))
    u = bytearray(out[2:2 + len(SRC)])
    b.unmask(u, MASK)
    assert u == SRC


def test_unmask_a_numpy_array_in_place():
    np = __import__("numpy")
    data = np.frombuffer(bytes.fromhex("69676f686e22746b736e6725"), dtype=np.uint8).copy()
    b.unmask(data, MASK)
    assert data.tobytes() == SRC


def test_wrong_argument_type_aborts_the_process(tmp_path):
    # bufferutil asserts (abort) instead of throwing: that is the addon's own
    # behaviour (README of the corpus), checked in a child process.
    path = corpus_path("bufferutil/prebuilds/linux-x64/bufferutil.node")
    code = ("import napi_python\n"
            f"b = napi_python.load_addon({str(path)!r})\n"
            "b.unmask(123, b'abcd')\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode != 0
    assert r.returncode == -6 or "Assertion" in r.stderr, (r.returncode, r.stderr)
