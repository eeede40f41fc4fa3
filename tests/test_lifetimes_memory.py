"""Memory: resident memory stays flat over millions of calls that create values,
and a million wrapped instances created and dropped are all finalized and their
memory returned. Growth bounds are asserted (marked slow: `make test` runs them on
the main Python, not on the other versions)."""

import ctypes
import gc
import os

import pytest

from conftest import load_test_addon, settle


def _under_asan():
    with open("/proc/self/maps") as f:
        return "libasan" in f.read()


pytestmark = [
    pytest.mark.slow,
    # ASan's allocator keeps freed memory in quarantine and pads every block: resident
    # memory says nothing about leaks there (make test-asan has the leak check).
    pytest.mark.skipif(_under_asan(), reason="AddressSanitizer's allocator (see test-asan)"),
]

PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1 << 20
_libc = ctypes.CDLL(None)


def rss():
    """Resident set size of this process, in bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def trimmed_rss():
    """RSS once malloc has handed free memory back to the system: what a leak would
    still hold (glibc otherwise keeps freed chunks for reuse)."""
    gc.collect()
    _libc.malloc_trim(0)
    return rss()


def malloc_in_use():
    """Bytes malloc has handed out and not had back (glibc mallinfo2)."""
    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]
    _libc.mallinfo2.restype = MallInfo2
    info = _libc.mallinfo2()
    return info.uordblks + info.hblkhd


CALLS = 10_000_000
WARMUP = 1_000_000
CHUNK = 1_000_000


def test_ten_million_calls_keep_memory_flat():
    churn = load_test_addon("memory").churn
    for i in range(WARMUP):
        churn(i)
    settle()
    base = trimmed_rss()
    samples = []
    for start in range(WARMUP, CALLS, CHUNK):
        for i in range(start, start + CHUNK):
            churn(i)
        samples.append(rss())
    settle()
    end = trimmed_rss()
    print(f"\n10M calls: RSS after warm-up {base / MB:.1f} MB, max during "
          f"{max(samples) / MB:.1f} MB, at the end {end / MB:.1f} MB")
    # Each call makes ~6 objects: a leak of one 16-byte block per call would be
    # 144 MB over the 9M measured calls.
    assert max(samples) - base < 4 * MB, [s // 1024 for s in samples]
    assert end - base < 2 * MB


MILLION = 1_000_000


def test_million_counters_finalized_and_memory_returned():
    classes = load_test_addon("classes")
    Counter = classes.Counter
    settle()
    counted = dict(classes.counts())["counter"]
    Counter(0)  # warm-up: type caches, the first arena
    settle()
    base_rss, base_malloc = trimmed_rss(), malloc_in_use()

    # Created and dropped one at a time: finalized in batches as they go.
    for i in range(MILLION):
        Counter(i)
    settle()
    assert dict(classes.counts())["counter"] == counted + 1 + MILLION

    # All alive at once, then dropped together.
    alive = [Counter(i) for i in range(MILLION)]
    peak = rss()
    del alive
    settle()
    assert dict(classes.counts())["counter"] == counted + 1 + 2 * MILLION
    end_rss, end_malloc = trimmed_rss(), malloc_in_use()
    print(f"\n1M Counters: RSS before {base_rss / MB:.1f} MB, with all alive "
          f"{peak / MB:.1f} MB, after dropping {end_rss / MB:.1f} MB; malloc in use "
          f"{base_malloc / MB:.2f} -> {end_malloc / MB:.2f} MB")
    assert peak - base_rss > 50 * MB  # (the measure sees the instances at all)
    # Back near the baseline: one leaked 8-byte struct per instance would be 32 MB.
    assert end_rss - base_rss < 8 * MB
    assert end_malloc - base_malloc < 2 * MB
