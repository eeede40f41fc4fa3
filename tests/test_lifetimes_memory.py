"""Memory: resident memory stays flat over millions of calls that create values,
and a million wrapped instances created and dropped are all finalized and their
memory returned. Each measurement runs in a fresh interpreter (the suite's own heap
history would blur it) and prints its numbers; the growth bounds are asserted here.
Marked slow: `make test` runs them on the main Python, not on the other versions."""

import json
import textwrap

import pytest

from conftest import build_test_addon, run_python


def _under_asan():
    with open("/proc/self/maps") as f:
        return "libasan" in f.read()


pytestmark = [
    pytest.mark.slow,
    # ASan's allocator keeps freed memory in quarantine and pads every block: resident
    # memory says nothing about leaks there (make test-asan has the leak check).
    pytest.mark.skipif(_under_asan(), reason="AddressSanitizer's allocator (see test-asan)"),
]

MB = 1 << 20

MEASURE = textwrap.dedent('''
    import ctypes, gc, json, os
    from conftest import load_test_addon, settle

    PAGE = os.sysconf("SC_PAGE_SIZE")
    libc = ctypes.CDLL(None)

    def rss():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * PAGE

    def trimmed_rss():
        # what a leak would still hold: glibc otherwise keeps freed chunks for reuse
        gc.collect()
        libc.malloc_trim(0)
        return rss()

    class MallInfo2(ctypes.Structure):
        _fields_ = [(n, ctypes.c_size_t) for n in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]
    libc.mallinfo2.restype = MallInfo2

    def malloc_in_use():  # bytes malloc has handed out and not had back
        info = libc.mallinfo2()
        return info.uordblks + info.hblkhd
''')


def measure(body):
    for topic in ("memory", "classes"):
        build_test_addon(topic)
    r = run_python(MEASURE + textwrap.dedent(body), timeout=600)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.splitlines()[-1])
    print(result)
    return result


def test_ten_million_calls_keep_memory_flat():
    m = measure('''
        churn = load_test_addon("memory").churn
        for i in range(1_000_000):          # warm-up
            churn(i)
        settle()
        base = trimmed_rss()
        samples = []
        for start in range(1_000_000, 10_000_000, 1_000_000):
            for i in range(start, start + 1_000_000):
                churn(i)
            samples.append(rss())
        settle()
        print(json.dumps({"base": base, "samples": samples, "end": trimmed_rss()}))
    ''')
    print(f"10M calls: RSS after warm-up {m['base'] / MB:.1f} MB, max during "
          f"{max(m['samples']) / MB:.1f} MB, at the end {m['end'] / MB:.1f} MB")
    # Each call makes ~6 objects: a leak of one 16-byte block per call would be
    # 144 MB over the 9M measured calls.
    assert max(m["samples"]) - m["base"] < 4 * MB, m
    assert m["end"] - m["base"] < 2 * MB, m


def test_million_counters_finalized_and_memory_returned():
    m = measure('''
        classes = load_test_addon("classes")
        Counter = classes.Counter
        Counter(0)  # warm-up: type caches, the first arena
        settle()
        counted = dict(classes.counts())["counter"]
        base_rss, base_malloc = trimmed_rss(), malloc_in_use()
        # Created and dropped one at a time: finalized in batches as they go.
        for i in range(1_000_000):
            Counter(i)
        settle()
        one_by_one = dict(classes.counts())["counter"] - counted
        # All alive at once, then dropped together.
        alive = [Counter(i) for i in range(1_000_000)]
        peak = rss()
        del alive
        settle()
        together = dict(classes.counts())["counter"] - counted - one_by_one
        print(json.dumps({"one_by_one": one_by_one, "together": together,
                          "base_rss": base_rss, "peak": peak, "end_rss": trimmed_rss(),
                          "base_malloc": base_malloc, "end_malloc": malloc_in_use()}))
    ''')
    print(f"1M Counters: RSS before {m['base_rss'] / MB:.1f} MB, with all alive "
          f"{m['peak'] / MB:.1f} MB, after dropping {m['end_rss'] / MB:.1f} MB; malloc "
          f"in use {m['base_malloc'] / MB:.2f} -> {m['end_malloc'] / MB:.2f} MB")
    assert m["one_by_one"] == m["together"] == 1_000_000  # every finalizer ran
    assert m["peak"] - m["base_rss"] > 50 * MB  # (the measure sees the instances at all)
    # Back near the baseline: one leaked 8-byte struct per instance would be 32 MB.
    assert m["end_rss"] - m["base_rss"] < 8 * MB, m
    assert m["end_malloc"] - m["base_malloc"] < 2 * MB, m
