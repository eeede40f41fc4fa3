# Included by _core.pyx (one extension module, rooms as .pxi files): the promise room.
# napi_python.Promise (what napi_create_promise makes: settled by the core through
# the C functions at the end of the class, awaited, waited for with result(),
# chained with then/catch/finally), the batch that runs the asyncio done callbacks
# of the promises settled in one loop turn, the report of rejections nobody saw, and
# how Python awaitables given to an addon act as promises. How the callbacks reach
# the right thread is the loop bridge's (_loop_bridge.pxi).
#
# The Promise is a Cython class: once per async result, asyncio.gather calls five of
# its methods, and each costs a fraction of a Python method's price here.

cimport cython
from cpython.contextvars cimport PyContext_CheckExact, PyContext_CopyCurrent, PyContext_Enter, PyContext_Exit
from cpython.object cimport PyTypeObject
from cpython.pythread cimport PyThread_get_thread_ident

import weakref as _weakref

# asyncio is imported when first needed, not with napi_python: it is half of a bare
# `import napi_python` (a script that only calls synchronous functions never needs
# it), and no loop can run before it is imported (the core asks sys.modules).
cdef object _asyncio_module = None

cdef object _aio():
    global _asyncio_module
    if _asyncio_module is None:
        import asyncio
        _asyncio_module = asyncio
    return _asyncio_module

cdef extern from "Python.h":
    void PyType_Modified(PyTypeObject*)

# The JS states of a promise.
cdef enum PromiseState:
    PENDING
    FULFILLED
    REJECTED

_STATE_NAMES = ("pending", "fulfilled", "rejected")

def _thrown_value(exc):
    """The JS value behind a Python exception (a JSError that carried a thrown
    non-Error value gives that value back)."""
    if getattr(exc, "__napi_thrown_value__", False):
        return getattr(exc, "value", exc)
    return exc


cdef _wake_waiters(list waiters):
    """Wakes the `await`s of a promise (one loop future each) from whichever thread
    settled or cancelled it."""
    running = napi_python_running_loop()
    for fut in waiters:
        if fut.done():  # the awaiting task was cancelled
            continue
        loop = fut.get_loop()
        if loop is running:
            fut.set_result(None)
        else:
            try:
                loop.call_soon_threadsafe(_set_future_done, fut)
            except RuntimeError:  # that loop is closed: nobody awaits any more
                pass


# Done callbacks of promises settled on their loop's thread wait here, one list of
# promises per loop turn, and run from one loop callback: scheduling each with
# call_soon (a Python-level handle per promise on asyncio's default loop) cost more
# than settling the promise. The loop and its list, or None; replaced, never
# emptied, so a list that has run is never appended to.
cdef object _batch_loop = None
cdef list _batch_items = None


cdef _forget_batch():
    """In a forked child: the batch is the parent's loop's, which never runs here."""
    global _batch_loop, _batch_items
    _batch_loop = _batch_items = None


cdef _schedule_done(Promise promise):
    """Settled or cancelled: the promise's done callbacks (if any, and not scheduled
    already) run soon, on its loop."""
    global _batch_loop, _batch_items
    if promise._done_fn is None or promise._done_scheduled:
        return
    promise._done_scheduled = True
    loop = promise._loop
    try:
        # On the loop's own thread (or with the loop stopped: nothing runs it
        # concurrently) call_soon is safe; otherwise the thread-safe path.
        if napi_python_loop_runs_here(loop) or (
                PyThread_get_thread_ident() == promise._loop_thread and
                not loop.is_running()):
            items = _batch_items
            if items is None or _batch_loop is not loop:
                items = _batch_items = []
                _batch_loop = loop
                loop.call_soon(_run_batch, loop, items)
            items.append(promise)
        else:
            for fn, context in promise._take_done_callbacks():
                loop.call_soon_threadsafe(fn, promise, context=context)
    except RuntimeError:  # that loop is closed: nobody waits any more
        pass


def _run_batch(loop, list items):
    """Runs the done callbacks of a batch of promises as their own handles would:
    each in its context, an exception going to the loop's exception handler."""
    global _batch_loop, _batch_items
    if _batch_items is items:
        _batch_loop = _batch_items = None
    cdef Py_ssize_t i
    cdef Promise promise
    for i in range(len(items)):
        promise = items[i]
        fn, context = promise._done_fn, promise._done_context
        if promise._done_more is not None:
            _run_batch_rest(loop, items, i)
            return
        promise._done_fn = promise._done_context = None
        try:
            _call_done(loop, fn, promise, context)
        except (SystemExit, KeyboardInterrupt):
            if i + 1 < len(items):
                loop.call_soon(_run_batch, loop, items[i + 1:])
            raise


cdef _run_batch_rest(loop, list items, Py_ssize_t start):
    """_run_batch from items[start] on, where a promise has more than one done
    callback: one call_soon each (the rare case, as asyncio itself runs them)."""
    cdef Promise promise
    for promise in items[start:]:
        for fn, context in promise._take_done_callbacks():
            loop.call_soon(_run_done_callback, loop, fn, promise, context)


def _run_done_callback(loop, fn, Promise promise, context):
    _call_done(loop, fn, promise, context)


cdef _call_done(loop, fn, Promise promise, context):
    """fn(promise) in `context`; an exception other than SystemExit and
    KeyboardInterrupt goes to the loop's exception handler."""
    try:
        if PyContext_CheckExact(context):
            PyContext_Enter(context)
            try:
                fn(promise)
            finally:
                PyContext_Exit(context)
        else:
            context.run(fn, promise)
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:
        loop.call_exception_handler({
            "message": f"Exception in callback {fn!r}({promise!r})",
            "exception": exc,
            "future": promise,
        })


def _set_future_done(fut):
    if not fut.done():
        fut.set_result(None)


@cython.final
@cython.freelist(64)
@cython.auto_pickle(False)
cdef class Promise:
    """A JS promise an addon created (``napi_create_promise``).

    * ``await promise`` on any asyncio loop (the default loop, uvloop) gives the
      resolution value, or raises the rejection as the error contract says (a JS
      Error as its JSError class, a Python exception as itself, any other value as
      :exc:`JSError` with ``.value``). Works with ``asyncio.gather``, ``wait_for``
      and cancellation (cancelling an ``await`` does not change the promise).
    * ``promise.result(timeout=None)`` blocks until the promise settles, running
      the pending async callbacks itself when no loop delivers them; raises
      :exc:`TimeoutError` after ``timeout`` seconds.
    * ``promise.then(on_fulfilled, on_rejected)``, ``promise.catch(on_rejected)``
      and ``promise.finally(on_finally)`` (``getattr(promise, "finally")``) are the JS
      methods (for addons that take a thenable); the handlers run later, from the
      loop, never synchronously.
    * A promise created while an asyncio loop runs in the creating thread (the usual
      case: an addon function called from a coroutine) is also an asyncio future of
      that loop (``asyncio.isfuture`` is true): ``gather``, ``wait``, ``shield`` and
      ``ensure_future`` take it as it is, with no task around each promise. Its
      ``cancel()`` cannot stop the JS promise: it ends the waits in progress (they
      raise :exc:`asyncio.CancelledError`) and the promise looks cancelled to asyncio
      until it settles; after that ``await`` and ``result()`` give its outcome.

    The class cannot be subclassed.
    """

    cdef PromiseState _state
    cdef object _value           # resolution, or the JS rejection value
    cdef object _exception       # what `await` / result() raise when rejected
    cdef list _callbacks         # called with the promise once it settles (then, adopt)
    cdef list _waiters           # the loop futures of `await`s in progress
    # asyncio done callbacks: the first one and its context (gather adds one per
    # promise: no list, no tuple), [(fn, context)] of the others; all scheduled at
    # once when the promise settles or is cancelled.
    cdef object _done_fn
    cdef object _done_context
    cdef list _done_more
    cdef bint _done_scheduled
    # The loop this promise is an asyncio future of, and the thread it runs in;
    # without one (created with no running loop) asyncio.isfuture() is false and
    # asyncio wraps the promise in a task.
    cdef object _loop
    cdef unsigned long _loop_thread
    cdef bint _cancelled         # the asyncio view: see cancel()
    cdef readonly object _cancel_message  # (read by asyncio.gather, as
                                          # _make_cancelled_error() is called)
    # asyncio's marker of a future: None (not one) or False.
    cdef public object _asyncio_future_blocking
    # Someone can see the outcome (await, result(), then/catch, a done callback). A
    # rejection while nobody can gets a _RejectionReport, which fires when the
    # promise is collected unless someone looks before (see _settle).
    cdef bint _handled
    # Properties an addon sets on the promise (napi_set_named_property), as on any
    # JS object.
    cdef dict __dict__
    cdef _RejectionReport _report
    cdef object __weakref__

    def __init__(self):
        self._set_loop(napi_python_running_loop())

    cdef inline _set_loop(self, loop):
        if loop is not None:
            self._loop = loop
            self._loop_thread = PyThread_get_thread_ident()
            self._asyncio_future_blocking = False

    cdef object _live_loop(self):
        """The loop this promise is a future of, for asyncio's use of it (get_loop,
        add_done_callback), and the loop its reactions run on (then). A promise
        outlives the loop it was made under (a client made in one asyncio.run and
        awaited in the next, a fixture's loop closed under a test's) and may be made
        with none (at import): without an open loop of its own, the promise becomes
        a future of the loop running in this thread, attached so that it delivers
        what no loop (or the closed one) would have; with none running, it is no
        future (asyncio wraps it in a task), as a JS promise belongs to no loop."""
        loop = self._loop
        running = napi_python_running_loop()
        # (A running loop cannot be closed: the common case asks no Python method.)
        if loop is not None and (loop is running or not loop.is_closed()):
            return loop
        if running is not None:
            self._set_loop(running)
            napi_python_attach()
        elif loop is not None:
            self._loop = None
            self._asyncio_future_blocking = None
        return running

    cdef inline void _mark_handled(self):
        self._handled = True
        if self._report is not None:
            self._report.handled = True

    # -- settlement (the core, then-chains) -----------------------------------
    cpdef _resolve(self, value):
        if self._state != PENDING:
            return
        if not isinstance(value, _NOT_THENABLE):
            if isinstance(value, Promise):
                if value is self:
                    err = TypeError("Chaining cycle detected for promise")
                    self._settle(REJECTED, err, err)
                else:
                    (<Promise>value)._add_callback(self._adopt)
                return
            then = _get_then(value)
            if then is not None:
                # JS: a thenable is adopted, its then() called from a later job
                # (napi-rs async functions resolve their promise with one).
                _post_adoption(self, value, then)
                return
        if self._callbacks is None and self._waiters is None:
            # The usual case, inline (once per async result): only asyncio done
            # callbacks (gather) wait, or nothing.
            self._state = FULFILLED
            self._value = value
            _schedule_done(self)
            return
        self._settle(FULFILLED, value, None)

    cpdef _reject(self, value, exception=None):
        if exception is None:
            # What `await` raises: what an addon throwing `value` raises (an exception
            # as itself, any other value as JSError: message its JS ToString, .value).
            exception = napi_python_thrown_exception(value)
        self._settle(REJECTED, value, exception)

    def _adopt(self, Promise other):
        self._settle(other._state, other._value, other._exception)

    cdef _settle(self, PromiseState state, value, exception):
        if self._state != PENDING:
            return
        self._state = state
        self._value = value
        self._exception = exception
        if state == REJECTED and not self._handled:
            _RejectionReport(self)
        callbacks = self._callbacks
        if callbacks is not None:
            self._callbacks = None
            for callback in callbacks:
                callback(self)
        self._end_waits()

    cdef _end_waits(self):
        """Settled or cancelled: wakes the `await`s and schedules the done callbacks."""
        waiters = self._waiters
        if waiters is not None:
            self._waiters = None
            _wake_waiters(waiters)
        _schedule_done(self)

    cdef list _take_done_callbacks(self):
        """The done callbacks [(fn, context)], which then are no longer the promise's."""
        callbacks = [] if self._done_fn is None else [(self._done_fn, self._done_context)]
        if self._done_more is not None:
            callbacks += self._done_more
        self._done_fn = self._done_context = self._done_more = None
        return callbacks

    cdef _add_callback(self, callback):
        self._mark_handled()
        if self._state == PENDING:
            if self._callbacks is None:
                self._callbacks = [callback]
            else:
                self._callbacks.append(callback)
        else:
            callback(self)

    cdef _outcome(self):
        if self._state == FULFILLED:
            # What `await` and result() give Python code: a JS null as None, as a
            # function's null return value (the promise keeps null for JS reactions).
            value = self._value
            return None if value is null else value
        if self._state == REJECTED:
            raise self._exception
        raise self._make_cancelled_error()

    # -- Python API ------------------------------------------------------------
    def __await__(self):
        self._mark_handled()
        if self._state == PENDING:
            if self._cancelled:
                raise self._make_cancelled_error()
            loop = napi_python_running_loop()
            if loop is None:
                raise RuntimeError("a napi_python.Promise can only be awaited inside a "
                                   "running event loop; use .result() outside one")
            if loop is not self._loop:
                napi_python_attach()  # this loop delivers the settlement (and other async callbacks)
            fut = loop.create_future()
            if self._waiters is None:
                self._waiters = [fut]
            else:
                self._waiters.append(fut)
            try:
                yield from fut
            except BaseException:
                # This wait was cancelled (its task was): the promise may stay
                # pending for long, and a loop future per cancelled wait (a task
                # polled with wait_for around shield, cancelled often) would pile up.
                waiters = self._waiters
                if waiters is not None:
                    try:
                        waiters.remove(fut)
                    except ValueError:
                        pass
                raise
        return self._outcome()  # CancelledError if cancel() ended this wait

    def __iter__(self):
        return self.__await__()

    def result(self, timeout=None):
        """The resolution value (or raises the rejection), waiting up to ``timeout``
        seconds (None: no limit). Raises RuntimeError if called from inside an async
        callback that napi-python is running (it would wait for itself), and
        :exc:`asyncio.CancelledError` while the promise is cancelled (see cancel)."""
        self._mark_handled()
        if self._state == PENDING:
            if self._cancelled:
                raise self._make_cancelled_error()
            _wait_settled(self, timeout)
        return self._outcome()

    def done(self):
        """True once the promise is fulfilled or rejected (or cancelled, see cancel)."""
        return self._state != PENDING or self._cancelled

    @property
    def state(self):
        """'pending', 'fulfilled' or 'rejected' (the JS state: cancel() leaves it)."""
        return _STATE_NAMES[self._state]

    def then(self, on_fulfilled=None, on_rejected=None):
        """JS ``promise.then``: a new Promise settled by the handler's outcome."""
        child = Promise()
        self._live_loop()  # the loop that runs the reaction (none: the next one)

        def react(Promise p):
            napi_python_post(lambda: _run_reaction(p, child, on_fulfilled, on_rejected), p._loop)

        self._add_callback(react)
        return child

    def catch(self, on_rejected=None):
        """JS ``promise.catch``."""
        return self.then(None, on_rejected)

    def _finally(self, on_finally=None):
        """JS ``promise.finally`` (``getattr(promise, "finally")``: a keyword in
        Python): ``on_finally()`` runs once the promise settles; the new promise
        settles as this one did, unless ``on_finally`` throws or returns a promise
        that rejects."""
        if not callable(on_finally):
            return self.then(on_finally, on_finally)
        return self.then(lambda value: _after(on_finally(), lambda: value),
                         lambda reason: _after(on_finally(), lambda: _rethrow(self)))

    # -- The asyncio future protocol (for a promise created inside a loop) ---------
    def get_loop(self):
        """The asyncio loop of this promise (the one running where it was created)."""
        loop = self._live_loop()
        if loop is None:
            raise RuntimeError("no running event loop: this promise, created with none "
                               "(or under one now closed), is not an asyncio future "
                               "(await it inside a loop, or use .result())")
        return loop

    def cancelled(self):
        """True while the promise is cancelled for asyncio and not yet settled."""
        return self._cancelled and self._state == PENDING

    def cancel(self, msg=None):
        """asyncio's cancel: a JS promise cannot be stopped, so this ends the waits in
        progress (``await``, gather, done callbacks: they see
        :exc:`asyncio.CancelledError`) and the promise looks cancelled to asyncio
        until it settles. The JS state does not change. False when already settled
        or cancelled."""
        if self._state != PENDING or self._cancelled:
            return False
        self._cancelled = True
        self._cancel_message = msg
        self._end_waits()
        return True

    def exception(self):
        """asyncio's exception(): the rejection's exception, or None if fulfilled."""
        self._mark_handled()
        if self._state == REJECTED:
            return self._exception
        if self._state == FULFILLED:
            return None
        if self._cancelled:
            raise self._make_cancelled_error()
        raise _aio().InvalidStateError("the promise is still pending")

    def add_done_callback(self, fn, *, context=None):
        """asyncio's add_done_callback: ``fn(promise)`` is scheduled on the promise's
        loop once it settles (or is cancelled), in ``context`` (default: a copy of
        the current one)."""
        self._mark_handled()
        loop = self._live_loop()
        if loop is None:
            self.get_loop()  # raises
        if context is None:
            context = PyContext_CopyCurrent()
        if self._state != PENDING or self._cancelled:
            loop.call_soon(fn, self, context=context)
        elif self._done_fn is None:
            self._done_fn = fn
            self._done_context = context
        elif self._done_more is None:
            self._done_more = [(fn, context)]
        else:
            self._done_more.append((fn, context))

    def remove_done_callback(self, fn):
        """asyncio's remove_done_callback: how many were removed."""
        if self._done_scheduled:
            return 0  # they run (or ran) already
        callbacks = self._take_done_callbacks()
        kept = [(f, c) for f, c in callbacks if f != fn]
        if kept:
            self._done_fn, self._done_context = kept[0]
            self._done_more = kept[1:] or None
        return len(callbacks) - len(kept)

    def _make_cancelled_error(self):
        if self._cancel_message is None:
            return _aio().CancelledError()
        return _aio().CancelledError(self._cancel_message)

    def __repr__(self):
        if self._state == FULFILLED:
            return f"<Promise fulfilled {self._value!r}>"
        if self._state == REJECTED:
            return f"<Promise rejected {self._exception!r}>"
        if self._cancelled:
            return "<Promise pending (cancelled for asyncio)>"
        return "<Promise pending>"


# The core makes and settles promises with these (napi_create_promise,
# napi_resolve_deferred, napi_reject_deferred: cxx/src/promises.cc), handed over by
# _core.pyx's napi_python_core_init.
cdef object _promise_create(object loop):
    cdef Promise p = Promise.__new__(Promise)
    p._set_loop(loop)
    return p


cdef int _promise_resolve(object promise, object value) except -1:
    (<Promise>promise)._resolve(value)
    return 0


cdef int _promise_reject(object promise, object value, object exception) except -1:
    (<Promise>promise)._reject(value, exception)
    return 0



# `finally` is a Python keyword: the method goes into the type's dict by hand. The
# type is named as the package exports it (napi_python.Promise, not _core.Promise).
(<dict>(<PyTypeObject*>Promise).tp_dict)["finally"] = Promise._finally
(<PyTypeObject*>Promise).tp_name = "napi_python.Promise"
PyType_Modified(<PyTypeObject*>Promise)


def _after(result, outcome):
    """``outcome()`` once ``result`` (what an on_finally handler returned) settles;
    now when it is not a thenable."""
    if _get_then(result) is None:
        return outcome()
    p = Promise()
    p._resolve(result)
    return p.then(lambda _value: outcome())


def _post_adoption(promise, thenable, then):
    napi_python_post(lambda: _adopt_thenable(promise, thenable, then), None)


def _rethrow(Promise promise):
    raise promise._exception

_UNHANDLED = "napi_python.Promise rejected and never handled"
_live_reports = set()  # the weak references of _RejectionReport, kept alive here


@cython.final
@cython.auto_pickle(False)
cdef class _RejectionReport:
    """Node reports a rejection no handler saw (unhandledRejection), asyncio a future
    exception never retrieved. Here: a promise rejected while nobody could see it
    gets one of these; if it is collected before anyone looks (await, result(),
    then/catch/finally, a done callback), the rejection goes to its loop's exception
    handler, or with no open loop to sys.unraisablehook. A weak-reference callback,
    not __del__: a finalizer on every promise would slow the garbage collector on
    the hot path, and rejections are rare."""

    cdef object exception
    cdef object loop
    cdef bint handled
    cdef object ref

    def __cinit__(self, Promise promise):
        self.exception = promise._exception
        self.loop = promise._loop
        self.ref = _weakref.ref(promise, self._collected)
        promise._report = self
        _live_reports.add(self.ref)

    def _collected(self, ref):
        _live_reports.discard(ref)
        if self.handled:
            return
        exc, loop = self.exception, self.loop
        if loop is not None and not loop.is_closed():
            loop.call_exception_handler({"message": _UNHANDLED, "exception": exc})
            return
        raise _UnhandledRejection(f"{_UNHANDLED}: {exc!r}") from exc


class _UnhandledRejection(Exception):
    """What sys.unraisablehook gets for an unhandled rejection with no loop; the
    rejection is its __cause__."""


_NOT_THENABLE = (str, int, float, bool, bytes, bytearray, list, tuple, type(None),
                 BaseException, type)


def _get_then(value):
    """A callable `then` of `value` (JS: an object whose then is a function), or None.
    A Python awaitable (coroutine, Future, Task, anything with __await__) is a
    thenable: the promise that follows it (see `_as_promise`) gives its `then`."""
    if isinstance(value, _NOT_THENABLE):
        return None
    try:
        # (through the type: an own property `get`, or a class's method of that
        # name, hides value.get)
        then = ((Object.get if isinstance(value, Object) else dict.get)(value, "then")
                if isinstance(value, dict) else None)
        if then is None:
            then = getattr(value, "then", None)  # non-enumerable, class members
    except Exception:
        return None
    if then is None and _is_awaitable(value):
        return lambda on_fulfilled=None, on_rejected=None: \
            _as_promise(value).then(on_fulfilled, on_rejected)
    return then if callable(then) else None


def _is_awaitable(value):
    return hasattr(type(value), "__await__")


# ---- Python awaitables seen from addons -------------------------------------
# An addon that is given a coroutine, an asyncio Future or Task, or any object with
# __await__ sees a promise: napi_is_promise is true and `then`, `catch` and
# `finally` are functions (PROMISE_PROTOTYPE, found by the core when the object has
# no such attribute). Each awaitable is followed by one napi_python.Promise, made on
# first use: a coroutine (or other awaitable) is scheduled as a Task on the running
# loop; a Future is followed where it is. Reactions run from the loop, like every
# promise reaction.

_followers = _weakref.WeakKeyDictionary()  # awaitable -> the Promise that follows it
_tasks = set()  # Tasks scheduled for awaitables: the loop only keeps weak references


def _as_promise(value):
    """The napi_python.Promise that settles as the awaitable `value` does."""
    if isinstance(value, Promise):
        return value
    try:
        promise = _followers.get(value)
    except TypeError:  # not weakly referenceable, or unhashable: not cached
        promise = None
    if promise is None:
        promise = Promise()
        try:
            _followers[value] = promise
        except TypeError:
            pass
        _follow(promise, value)
    return promise


def _follow(promise, awaitable):
    loop = napi_python_running_loop()
    if loop is not None:
        napi_python_attach()  # this loop delivers the reactions
    if _aio().isfuture(awaitable):
        fut = awaitable
    elif loop is None:
        if _aio().iscoroutine(awaitable):
            awaitable.close()  # it can never run: no "never awaited" warning later
        err = RuntimeError("a Python awaitable given to an addon as a promise needs a "
                           "running event loop to run")
        promise._reject(err, err)
        return
    else:
        try:
            fut = _aio().ensure_future(awaitable, loop=loop)
        except BaseException as e:
            promise._reject(_thrown_value(e), e)
            return
        if fut is not awaitable:
            _tasks.add(fut)
            fut.add_done_callback(_tasks.discard)

    def done(fut):
        if fut.cancelled():
            try:
                fut.result()
            except BaseException as e:  # CancelledError, with its message
                promise._reject(e, e)
            return
        exc = fut.exception()
        if exc is not None:
            promise._reject(_thrown_value(exc), exc)
        else:
            promise._resolve(fut.result())

    fut_loop = fut.get_loop()
    if fut_loop is loop:
        fut.add_done_callback(done)
        return
    try:  # a Future of a loop running in another thread (or of no running loop)
        fut_loop.call_soon_threadsafe(fut.add_done_callback, done)
    except RuntimeError as e:  # that loop is closed: the future never settles now
        if fut.done():
            done(fut)
        else:
            promise._reject(e, e)


def _proto_then(this, on_fulfilled=None, on_rejected=None):
    return _as_promise(this).then(on_fulfilled, on_rejected)


def _proto_catch(this, on_rejected=None):
    return _as_promise(this).then(None, on_rejected)


def _proto_finally(this, on_finally=None):
    return _as_promise(this)._finally(on_finally)


def make_promise_prototype(with_this, make_object):
    """Promise.prototype as addons see it on a Python awaitable (then, catch,
    finally, each taking JS `this`)."""
    proto = make_object()
    for name, fn in (("then", _proto_then), ("catch", _proto_catch),
                     ("finally", _proto_finally)):
        proto[name] = with_this(fn)
    return proto


def _adopt_thenable(promise, thenable, then):
    settled = False

    def resolve_fn(value=None):
        nonlocal settled
        if not settled:
            settled = True
            promise._resolve(value)

    def reject_fn(reason=None):
        nonlocal settled
        if not settled:
            settled = True
            promise._reject(reason)

    try:
        if hasattr(then, "call"):  # a JS function: `this` is the thenable
            then.call(thenable, resolve_fn, reject_fn)
        else:
            then(resolve_fn, reject_fn)
    except BaseException as e:
        if not settled:
            settled = True
            promise._reject(_thrown_value(e), e)


def _run_reaction(Promise p, Promise child, on_fulfilled, on_rejected):
    handler = on_fulfilled if p._state == FULFILLED else on_rejected
    if not callable(handler):
        child._settle(p._state, p._value, p._exception)
        return
    try:
        r = handler(p._value)
    except (SystemExit, KeyboardInterrupt):
        raise  # out of the drain, as from an asyncio callback
    except BaseException as e:  # the handler threw: the child rejects with it
        child._reject(_thrown_value(e), e)
    else:
        child._resolve(r)
