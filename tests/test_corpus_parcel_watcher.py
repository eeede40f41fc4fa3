"""@parcel/watcher 2.6.0 (node-addon-api; inotify and a background thread):
node-reference/parcel__watcher.js on the native functions that wrapper.js calls
(absolute paths, normalised options object). Snapshots and events-since are async
work resolving promises; live events come from the watcher thread through a
threadsafe function into the Python callback."""

import asyncio
import os

import pytest

import napi_python
from async_helpers import run  # noqa: F401  (fixture)
from corpus.support import corpus_addon

w = corpus_addon("@parcel/watcher")


def names(events):
    return sorted([e.type, os.path.basename(e.path)] for e in events)


def test_exports():
    assert sorted(w) == ["getEventsSince", "subscribe", "unsubscribe", "writeSnapshot"]


def test_events_since_snapshot(run, tmp_path):
    d, snap = tmp_path / "dir", tmp_path / "snapshot"
    d.mkdir()
    (d / "a.txt").write_text("1")

    async def body():
        await w.writeSnapshot(str(d), str(snap), {})
        (d / "b.txt").write_text("2")
        (d / "a.txt").unlink()
        return await w.getEventsSince(str(d), str(snap), {})
    assert names(run(body())) == [["create", "b.txt"], ["delete", "a.txt"]]


def test_events_since_of_a_missing_directory(run, tmp_path):
    snap = tmp_path / "snapshot"

    async def body():
        await w.writeSnapshot(str(tmp_path), str(snap), {})
        with pytest.raises(napi_python.JSError) as info:
            await w.getEventsSince("/nonexistent-dir-xyz", str(snap), {})
        return info.value
    assert run(body()).message == "Bad file descriptor"


def test_live_event(run, tmp_path):
    d = tmp_path / "dir"
    d.mkdir()
    got = []

    def callback(err, events):
        got.extend([e.type, os.path.basename(e.path)] for e in events)

    async def body():
        options = {}
        await w.subscribe(str(d), callback, options)
        try:
            await asyncio.sleep(0.2)
            (d / "c.txt").write_text("3")
            for _ in range(600):   # up to 30 s; ends at the event
                if any(name == "c.txt" for _, name in got):
                    break
                await asyncio.sleep(0.05)
        finally:
            # unsubscribe finds the subscription by the same (dir, callback, options)
            await w.unsubscribe(str(d), callback, options)
    run(body())
    assert [g for g in got if g[1] == "c.txt"][:1] == [["create", "c.txt"]]
