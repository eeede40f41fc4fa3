# Included by _core.pyx (one extension module, rooms as .pxi files): the loop bridge
# room, the Python side of cxx/src/loop.cc (delivery targets, their eventfds and the
# fd readers, attaching to asyncio and uvloop loops): waiting for a promise with no
# loop (Promise.result), run_pending, and the fork hooks.
#
# Where callbacks run:
#
# * With a running asyncio loop (the default loop or uvloop), async work ``complete``
#   callbacks, threadsafe-function calls and promise reactions run on the thread of
#   the loop they were created under. Each loop has its own wake fd in the core,
#   registered with it (``loop.add_reader``) the first time async work, a
#   threadsafe function or a promise is created or awaited while it runs; each wake
#   runs a bounded batch.
# * What was created with no running loop (or under a loop since closed) waits in
#   the core's default queue: one loop adopts it, or it runs in the thread that calls
#   :meth:`Promise.result` or :func:`run_pending`, as do the items of loops that are
#   not running.

import os as _os
import sys as _sys
import threading as _threading
import time as _time

_MAX_PER_DRAIN = 1024
# Longest single wait without re-checking (a promise may also be settled by another
# Python thread, which does not wake the fd).
_WAIT_SLICE = 0.1
# The same while loops in other threads deliver too: between waits for their
# settlement, this thread's own queue is polled this often.
_ELSEWHERE_SLICE = 0.01


def _fork_prepare():
    napi_python_fork_prepare()


def _fork_parent():
    napi_python_fork_parent()


def _fork_child():
    _forget_batch()  # the parent's loop: never runs here
    # Forked inside a running loop: that loop is the parent's (its selector too).
    # As asyncio does itself from Python 3.12 on, the child has no running loop, so
    # that its work is delivered by a loop of its own or by Promise.result() /
    # run_pending(), never by registering with the parent's selector.
    if _sys.version_info < (3, 12):
        events = _sys.modules.get("asyncio.events")
        if events is not None:
            events._set_running_loop(None)
    napi_python_fork_child()


# Fork (docs/guide.rst, "Fork"): os.fork(), multiprocessing's fork context and
# servers that fork workers after loading addons.
_os.register_at_fork(before=_fork_prepare, after_in_parent=_fork_parent,
                     after_in_child=_fork_child)


def _queue_call(fn):
    """Runs ``fn()`` from the loop bridge, as a promise reaction runs: on the
    attached asyncio loop, or by run_pending() (queueMicrotask, setImmediate,
    timers of the global object; napi_python/_globals.py). Any thread."""
    napi_python_post(fn, None)


def _tick_callback():
    """``process._tickCallback()``: runs, now and in this thread, the callbacks that
    are ready (what ``process.nextTick``, ``queueMicrotask`` and promise reactions
    queued), and those they queue in turn, as Node runs its nextTick and microtask
    queues there (deasync's ``loopWhile`` calls it between turns of the loop).
    Waits for nothing; inside an async callback, or where a loop of another thread
    delivers them, it does nothing."""
    while napi_python_drain(_MAX_PER_DRAIN) > 0:
        pass


def _attach_running_loop():
    """Makes an asyncio loop running in this thread the one that delivers async
    callbacks (what creating a promise does)."""
    napi_python_attach()


def _wait_settled(Promise promise, timeout):
    deadline = None if timeout is None else _time.monotonic() + timeout
    event = None
    while promise._state == PENDING:
        remaining = None if deadline is None else deadline - _time.monotonic()
        if remaining is not None and remaining <= 0:
            raise TimeoutError(f"the promise did not settle within {timeout} s")
        slice_ = _WAIT_SLICE if remaining is None else min(remaining, _WAIT_SLICE)
        n = napi_python_drain(_MAX_PER_DRAIN)
        if n == -1:
            raise RuntimeError(
                "Promise.result() called from an async callback would wait for itself; "
                "await the promise or settle it later")
        if n > 0:
            continue
        # Loops in other threads may deliver the settlement (the event wakes us); the
        # callbacks queued for this thread wake the wait on their fds.
        if n == -2 or napi_python_loop_elsewhere():
            if event is None:
                event = _threading.Event()
                promise._add_callback(lambda _p: event.set())
            if n == -2 or napi_python_wait(0) == -1:
                event.wait(slice_)
            else:
                event.wait(min(slice_, _ELSEWHERE_SLICE))
            continue
        napi_python_wait(slice_)


def run_pending(timeout=0.0):
    """Runs the async callbacks that are ready (async work ``complete``,
    threadsafe-function calls, promise reactions) in this thread, for programs with
    no running event loop: those queued with no loop running, and those of loops
    that are not running now. Waits up to ``timeout`` seconds (None: no limit) for
    the first one, then keeps running them while more are ready and the deadline
    has not passed (at most one batch of 1024 per loop after it). Returns how many
    ran; 0 when loops running in other threads deliver them. A ``SystemExit`` or
    ``KeyboardInterrupt`` raised by a callback (or by Ctrl-C) propagates out of
    it; the callbacks after it stay queued."""
    deadline = None if timeout is None else _time.monotonic() + timeout
    total = 0
    while True:
        n = napi_python_drain(_MAX_PER_DRAIN)
        if n == -1:
            raise RuntimeError("run_pending() called from an async callback")
        if n == -2:
            return total
        total += n
        remaining = None if deadline is None else deadline - _time.monotonic()
        if n > 0 and (remaining is None or remaining > 0):
            continue
        if total > 0 or (remaining is not None and remaining <= 0):
            return total
        if napi_python_wait(_WAIT_SLICE if remaining is None else
                            min(remaining, _WAIT_SLICE)) == -1:
            return total


run_pending.__module__ = "napi_python"
