"""``async for`` over a JS async iterable class instance (docs/values.rst,
"Iterating a class instance").

The core's ``__aiter__`` of class instances (object_types.cc, class_aiter) calls the
instance's ``Symbol.asyncIterator`` function and hands what it returned, the JS
async iterator, to :class:`JSAsyncIterator`, which runs JS's async iteration
protocol as ``for await (const x of inst)`` does: each step awaits what ``next()``
gives (a promise, or the step itself) and reads ``{done, value}``; leaving the loop
early calls the iterator's ``return()``: from :meth:`JSAsyncIterator.aclose`, or
when the iterator is released unfinished (a ``break``, an exception in the body).
Not a hot path: one ``async for`` step costs a coroutine, as an async generator's.
"""

import asyncio
import atexit
import sys

from . import _core
from ._core import BigInt, JSTypeError, NullType, Symbol

_PRIMITIVES = (int, float, str, bool, type(None), NullType, BigInt, Symbol)
_stopped = False  # interpreter exit: set just before napi-python's teardown


def _stop():
    global _stopped
    _stopped = True


atexit.register(_stop)  # registered after the core's teardown: runs before it


def _is_object(value):
    """JS ``typeof value`` is "object" or "function" (numpy scalars are numbers)."""
    return not isinstance(_core._as_primitive(value), _PRIMITIVES)


def _describe(value):
    if value is None:
        return "undefined"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, NullType):
        return "null"
    return _core._js_to_string(value)


def _check_step(result):
    if not _is_object(result):
        raise JSTypeError(f"Iterator result {_describe(result)} is not an object")


async def _settled(value):
    """JS ``await value``: a promise (or any Python awaitable) gives its outcome."""
    if hasattr(type(value), "__await__"):
        return await value
    return value


def _as_python(value):
    return None if isinstance(value, NullType) else value


def _call_return(iterator):
    """JS GetMethod(iterator, "return") and its call: what it gave (a promise or the
    result itself), or NotImplemented when the iterator has no return()."""
    ret = _core._js_get(iterator, "return")
    if ret is None or isinstance(ret, NullType):
        return NotImplemented
    if not callable(ret):
        raise JSTypeError("the iterator's return is not a function")
    return _core._js_call(ret, iterator, ())


class JSAsyncIterator:
    """Python async iteration of a JS async iterable class instance (its
    ``Symbol.asyncIterator``): ``async for x in inst``."""

    __slots__ = ("_iterator", "_from_sync", "_loop", "__weakref__")

    def __init__(self, iterator, from_sync=False):
        self._iterator = iterator  # None once done or closed
        # An instance with only a Symbol.iterator: JS's async-from-sync iterator
        # (next() gives the step itself; its value is awaited).
        self._from_sync = from_sync
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None

    def __aiter__(self):
        return self

    async def __anext__(self):
        iterator = self._iterator
        if iterator is None:
            raise StopAsyncIteration
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        try:
            nxt = _core._js_get(iterator, "next")
            if not callable(nxt):
                raise JSTypeError("the iterator its Symbol.asyncIterator gave has no "
                                  "next() function")
            result = _core._js_call(nxt, iterator, ())
            if not self._from_sync:
                result = await _settled(result)
            _check_step(result)
            if _core._js_truthy(_core._js_get(result, "done")):
                self._iterator = None
                raise StopAsyncIteration
            value = _core._js_get(result, "value")
            if self._from_sync:
                value = await _settled(value)
            return _as_python(value)
        except (StopAsyncIteration, asyncio.CancelledError):
            # cancelled while next() is under way: the JS iteration is not over, and
            # aclose() or the release still calls return()
            raise
        except BaseException:
            self._iterator = None  # an error in a step ends the iteration, as in JS
            raise

    async def aclose(self):
        """Ends the iteration early as JS's ``for await...of`` does: calls the JS
        iterator's ``return()`` (if it has one) and awaits what it gives, unless the
        iteration is over; then a no-op."""
        iterator = self._iterator
        if iterator is None:
            return
        self._iterator = None
        result = _call_return(iterator)
        if result is not NotImplemented:
            _check_step(result if self._from_sync else await _settled(result))

    def __del__(self):
        # Released unfinished: return(), as the loop's async generator finalizer
        # closes an async generator. Its error (a throw, a rejection, a step that is
        # not an object) goes to the loop's exception handler, or to
        # sys.unraisablehook with no loop running. Nothing at interpreter exit.
        iterator = self._iterator
        if iterator is None:
            return
        self._iterator = None
        if _stopped or sys.is_finalizing():
            return
        loop = self._loop
        if loop is not None and not loop.is_closed() and loop.is_running() and \
                _running_loop() is not loop:
            loop.call_soon_threadsafe(_close_released, iterator)  # its own thread
        else:
            _close_released(iterator)



def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _close_released(iterator):
    """return() of an iterator let go of unfinished. Its error (thrown, a rejection,
    a result that is not an object) goes to the running loop's exception handler;
    with no loop running it raises (to sys.unraisablehook, from __del__)."""
    try:
        result = _call_return(iterator)
        if result is NotImplemented:
            return
        if not hasattr(type(result), "__await__"):
            _check_step(result)
            return
        if isinstance(result, _core.Promise) and result.done():
            _check_step(result.result())  # settled already (the rejection raises)
            return
        loop = _running_loop()
        if loop is None:
            return  # nothing would ever settle it here
        future = asyncio.ensure_future(_settled_step(result), loop=loop)
        future.add_done_callback(_report_close_error)
    except Exception as exc:
        loop = _running_loop()
        if loop is None:
            raise
        _report(loop, exc)


async def _settled_step(result):
    _check_step(await result)


def _report_close_error(future):
    if future.cancelled():
        return
    exc = future.exception()
    if exc is not None:
        _report(future.get_loop(), exc)


def _report(loop, exc):
    loop.call_exception_handler({
        "message": "an error in the return() of a JS async iterator released before "
                   "its end",
        "exception": exc,
    })
