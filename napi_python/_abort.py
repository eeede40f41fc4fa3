"""AbortController and AbortSignal: what an addon takes to cancel its work.

napi-rs addons take an ``AbortSignal`` beside an ``AsyncTask``
(``AsyncTask::with_optional_signal``), node-addon-api and C addons read
``signal.aborted`` or set ``signal.onabort``. In JS both objects come from the
global ``AbortController``; here :class:`AbortController` makes a signal an addon
can hold: an :class:`~napi_python.Object` (so that napi-rs can ``napi_wrap`` it and
store its ``onabort`` function on it) with ``aborted`` and ``reason``, and
``abort()`` runs ``onabort`` and the listeners added with ``addEventListener``, with
``this`` = the signal, as the web platform does.
"""

from ._core import Function, JSError, Object

__all__ = ["AbortController", "AbortSignal"]


class _AbortEvent(Object):
    """The event handed to ``onabort`` and the listeners: ``{type: "abort"}``."""


class AbortSignal(Object):
    """What :class:`AbortController` hands to addons: ``aborted``, ``reason``,
    ``onabort`` (set by the addon, or by you) and ``addEventListener("abort", f)``."""

    __slots__ = ("_listeners",)  # not a JS property

    def __init__(self):
        super().__init__(aborted=False, reason=None, onabort=None)
        AbortSignal._listeners.__set__(self, [])

    def addEventListener(self, type, listener, options=None):
        if type == "abort" and listener not in self._listeners:
            self._listeners.append(listener)

    def removeEventListener(self, type, listener, options=None):
        if type == "abort" and listener in self._listeners:
            self._listeners.remove(listener)

    def throwIfAborted(self):
        if dict.get(self, "aborted"):
            raise _abort_error(dict.get(self, "reason"))

    def _abort(self, reason):
        if dict.get(self, "aborted"):
            return  # once, as the web platform
        self["aborted"] = True
        self["reason"] = reason
        event = _AbortEvent(type="abort")
        handler = dict.get(self, "onabort")
        callbacks = ([handler] if handler is not None else []) + list(self._listeners)
        for cb in callbacks:
            if isinstance(cb, Function):
                cb.call(self, event)  # JS: `this` is the signal (napi-rs unwraps it)
            else:
                cb(event)


class AbortController:
    """``AbortController()``: ``.signal`` for the addon, ``.abort(reason=None)`` to
    cancel (``signal.aborted`` becomes true, ``onabort`` and the listeners run once).

    >>> controller = AbortController()
    >>> promise = addon.slowTask(1000, controller.signal)   # doctest: +SKIP
    >>> controller.abort()                                   # doctest: +SKIP
    """

    def __init__(self):
        self.signal = AbortSignal()

    def abort(self, reason=None):
        self.signal._abort(_abort_error(None) if reason is None else reason)


def _abort_error(reason):
    if reason is not None:
        return reason
    err = JSError("This operation was aborted", code=20)
    err.name = "AbortError"
    return err
