"""The global ``ReadableStream`` (the WHATWG Streams Standard's readable streams, the
part addons use).

napi-rs makes one for a Rust ``Stream`` it returns (``new ReadableStream({pull,
cancel, type})``, its ``pull`` enqueueing through the controller's bound
``enqueue`` and ``close``), and reads one it is given through ``getReader()`` and
the reader's bound ``read``. Python code reads one with ``async for``, or with
``getReader()`` and ``await reader.read()`` as in JS.

Written from the standard's algorithms (the default and byte controllers without
BYOB readers, ``tee`` or piping): a queue with the source's ``highWaterMark`` (1
chunk, or 0 bytes for a ``type: "bytes"`` source), ``pull`` called once ``start``
settled and while the queue wants more or a read waits, never twice at once. Errors
are Node 20's ``TypeError``\\ s with their ``code``.
"""

from collections import deque

from . import _core
from ._json import json_parse
from ._core import (ArrayBuffer, DataView, JSRangeError, JSTypeError, Promise, TypedArray,
                    Uint8Array, null)


def _invalid_state(message):
    e = JSTypeError(f"Invalid state: {message}")
    e.code = "ERR_INVALID_STATE"
    return e


def _invalid_arg(code, message):
    e = JSTypeError(message)
    e.code = code
    return e


def _resolved(value=None):
    if isinstance(value, Promise):
        return value
    p = Promise()
    p._resolve(value)
    return p


def _ignore(_reason=None):
    return None


def _handle(p):
    """Marks a promise handled, as the standard marks the ones it rejects for its
    own bookkeeping (``reader.closed``): no unhandled-rejection report."""
    p.then(None, _ignore)


def _rejected(reason):
    p = Promise()
    p._reject(reason)
    _handle(p)
    return p


def _settled_by(fn, this, args):
    """Calls a source method as JS does (``this`` the source) and gives its outcome as
    a promise: what it returns (a promise adopted), or rejected with what it throws."""
    if fn is None:
        return _resolved()
    try:
        return _resolved(_core._js_call(fn, this, args))
    except Exception as e:  # a JS throw of any value reaches Python as an exception
        return _rejected(getattr(e, "value", e))


def _step(value, done):
    # the {value, done} object read() resolves with (value first, as Node builds it)
    return {"value": value, "done": done}


def _source_field(source, name):
    if source is None or source is null:
        return None
    value = _core._js_get(source, name)
    return None if value is null else value


class _Controller:
    """ReadableStreamDefaultController (and, for a bytes source, the byte stream
    controller: chunks are byte views, counted in bytes)."""

    def __init__(self, stream, high_water_mark, size):
        self._stream = stream
        self._hwm = high_water_mark
        self._size = size
        self._queue = deque()
        self._queue_total = 0
        self._close_requested = False
        self._started = False
        self._pulling = False
        self._pull_again = False
        self._pull = None
        self._cancel = None
        self._source = None

    @property
    def desiredSize(self):
        state = self._stream._state
        if state == "errored":
            return null
        if state == "closed":
            return 0
        return self._hwm - self._queue_total

    def enqueue(self, chunk=None):
        if self._close_requested or self._stream._state != "readable":
            raise _invalid_state("Controller is already closed")
        self._stream._enqueue(chunk, self._size(chunk))

    def close(self):
        if self._close_requested or self._stream._state != "readable":
            raise _invalid_state("Controller is already closed")
        self._close_requested = True
        if not self._queue:
            self._stream._close()

    def error(self, e=None):
        if self._stream._state == "readable":
            self._stream._error(e)

    def _should_pull(self):
        stream = self._stream
        if not self._started or self._close_requested or stream._state != "readable":
            return False
        if stream._reader is not None and stream._reader._requests:
            return True
        return self.desiredSize > 0

    def _pull_if_needed(self):
        if not self._should_pull():
            return
        if self._pulling:
            self._pull_again = True
            return
        self._pulling = True

        def pulled(_value=None):
            self._pulling = False
            if self._pull_again:
                self._pull_again = False
                self._pull_if_needed()

        _settled_by(self._pull, self._source, (self,)).then(pulled, self.error)


class _ByteController(_Controller):
    @property
    def byobRequest(self):
        return null

    def enqueue(self, chunk=None):
        if not isinstance(chunk, (TypedArray, DataView, bytes, bytearray, memoryview)):
            raise _invalid_arg(
                "ERR_INVALID_ARG_TYPE",
                'The "buffer" argument must be an instance of Buffer, TypedArray, or '
                f"DataView. Received {_describe(chunk)}")
        if self._close_requested or self._stream._state != "readable":
            raise _invalid_state("Controller is already closed")
        data = bytes(memoryview(chunk).cast("B"))
        if not data:
            raise _invalid_state("chunk ArrayBuffer is zero-length or detached")
        # the standard transfers the chunk's buffer; the reader gets a Uint8Array
        self._stream._enqueue(Uint8Array(data), len(data))


def _describe(value):
    if value is None:
        return "undefined"
    if isinstance(value, str):
        return f"type string ({value!r})"
    if isinstance(value, bool):
        return f"type boolean ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"type number ({value:g})" if isinstance(value, float) else f"type number ({value})"
    return "an instance of Object"


class ReadableStreamDefaultReader:
    """A stream's reader: ``read()`` gives a promise of ``{value, done}``."""

    def __init__(self, stream):
        if not isinstance(stream, ReadableStream):
            raise _invalid_arg("ERR_INVALID_ARG_TYPE",
                               'The "stream" argument must be an instance of ReadableStream.')
        if stream._reader is not None:
            raise _invalid_state("ReadableStream is locked")
        self._stream = stream
        self._requests = deque()
        stream._reader = self
        self._closed = Promise()
        if stream._state == "closed":
            self._closed._resolve(None)
        elif stream._state == "errored":
            self._closed._reject(stream._stored_error)
            _handle(self._closed)

    @property
    def closed(self):
        return self._closed

    def read(self):
        stream = self._stream
        if stream is None:
            return _rejected(_invalid_state("The reader is not attached to a stream"))
        if stream._state == "closed":
            return _resolved(_step(None, True))
        if stream._state == "errored":
            return _rejected(stream._stored_error)
        controller = stream._controller
        if controller._queue:
            chunk, size = controller._queue.popleft()
            controller._queue_total -= size
            if controller._close_requested and not controller._queue:
                stream._close()
            else:
                controller._pull_if_needed()
            return _resolved(_step(chunk, False))
        p = Promise()
        self._requests.append(p)
        controller._pull_if_needed()
        return p

    def releaseLock(self):
        stream = self._stream
        if stream is None:
            return
        error = _invalid_state("Releasing reader")
        while self._requests:
            self._requests.popleft()._reject(error)
        if self._closed.state == "pending":
            self._closed._reject(error)
        else:
            self._closed = _rejected(error)
        _handle(self._closed)
        stream._reader = None
        self._stream = None

    def cancel(self, reason=None):
        if self._stream is None:
            return _rejected(_invalid_state("The reader is not attached to a stream"))
        return self._stream._cancel(reason)


class ReadableStream:
    """The global ``ReadableStream``: ``new ReadableStream(underlyingSource, strategy)``."""

    def __init__(self, underlyingSource=None, strategy=None):
        source = underlyingSource
        if isinstance(source, (str, int, float, bool)):
            raise _invalid_arg("ERR_INVALID_ARG_TYPE",
                               'The "source" argument must be of type object. '
                               f"Received {_describe(source)}")
        kind = _source_field(source, "type")
        hwm = _source_field(strategy, "highWaterMark")
        self._state = "readable"
        self._stored_error = None
        self._reader = None
        if kind is not None:
            if str(kind) != "bytes":
                raise _invalid_arg("ERR_INVALID_ARG_VALUE",
                                   f"The property 'source.type' is invalid. Received {kind!r}")
            controller = _ByteController(self, 0 if hwm is None else hwm, None)
        else:
            size = _source_field(strategy, "size")
            controller = _Controller(
                self, 1 if hwm is None else hwm,
                (lambda chunk: 1) if size is None
                else (lambda chunk: _core._js_call(size, None, (chunk,))))
        self._controller = controller
        controller._source = source
        controller._pull = _source_field(source, "pull")
        controller._cancel = _source_field(source, "cancel")

        def started(_value=None):
            controller._started = True
            controller._pull_if_needed()

        _settled_by(_source_field(source, "start"), source, (controller,)).then(
            started, controller.error)

    @property
    def locked(self):
        return self._reader is not None

    def getReader(self, options=None):
        mode = _source_field(options, "mode")
        if mode is not None:
            raise _invalid_arg("ERR_INVALID_ARG_VALUE",
                               f"The argument 'options.mode' is invalid. Received {mode!r}")
        return ReadableStreamDefaultReader(self)

    def cancel(self, reason=None):
        if self._reader is not None:
            return _rejected(_invalid_state("ReadableStream is locked"))
        return self._cancel(reason)

    def values(self, options=None):
        return _AsyncIterator(self)

    def __aiter__(self):
        return _AsyncIterator(self)

    # -- the standard's internal operations -----------------------------------------
    def _enqueue(self, chunk, size):
        reader = self._reader
        if reader is not None and reader._requests:
            reader._requests.popleft()._resolve(_step(chunk, False))
        else:
            self._controller._queue.append((chunk, size))
            self._controller._queue_total += size
        self._controller._pull_if_needed()

    def _close(self):
        self._state = "closed"
        reader = self._reader
        if reader is not None:
            while reader._requests:
                reader._requests.popleft()._resolve(_step(None, True))
            reader._closed._resolve(None)

    def _error(self, e):
        self._state = "errored"
        self._stored_error = e
        self._controller._queue.clear()
        self._controller._queue_total = 0
        reader = self._reader
        if reader is not None:
            while reader._requests:
                reader._requests.popleft()._reject(e)
            reader._closed._reject(e)
            _handle(reader._closed)

    def _cancel(self, reason):
        if self._state == "closed":
            return _resolved()
        if self._state == "errored":
            return _rejected(self._stored_error)
        self._close()
        controller = self._controller
        controller._queue.clear()
        controller._queue_total = 0
        return _settled_by(controller._cancel, controller._source, (reason,)).then(
            lambda _value=None: None)


class _AsyncIterator:
    """``async for chunk in stream`` (JS's ``for await``): reads through a reader and
    releases it at the end; leaving the loop early (``aclose()``) cancels the stream."""

    def __init__(self, stream):
        self._reader = stream.getReader()

    def __aiter__(self):
        return self

    async def __anext__(self):
        reader = self._reader
        if reader is None:
            raise StopAsyncIteration
        try:
            step = await reader.read()
        except BaseException:
            self._reader = None
            reader.releaseLock()
            raise
        if step["done"]:
            self._reader = None
            reader.releaseLock()
            raise StopAsyncIteration
        return step["value"]

    async def aclose(self):
        reader, self._reader = self._reader, None
        if reader is not None:
            await reader.cancel()
            reader.releaseLock()


def _read_all(stream):
    """A promise of the bytes of every chunk of `stream` (read through a reader)."""
    done = Promise()
    parts = []
    reader = stream.getReader()

    def on_step(step):
        if step["done"]:
            reader.releaseLock()
            done._resolve(b"".join(parts))
            return
        chunk = step["value"]
        if not isinstance(chunk, (TypedArray, DataView, ArrayBuffer, bytes, bytearray, memoryview)):
            error = JSTypeError("Received non-Uint8Array chunk")
            reader.releaseLock()
            done._reject(error)
            return
        parts.append(bytes(memoryview(chunk).cast("B")))
        reader.read().then(on_step, on_error)

    def on_error(reason):
        done._reject(reason)

    reader.read().then(on_step, on_error)
    return done


class Response:
    """The global ``Response`` (Fetch), the part addons use: a body read whole.
    ``new Response(body, {status, statusText})`` with a ``ReadableStream``, a string,
    bytes or a typed array (or null) as the body; ``arrayBuffer()``, ``bytes()``,
    ``text()`` and ``json()`` give promises, once (``bodyUsed``). impit builds one
    over the ReadableStream of a response's body and calls its ``arrayBuffer()``.
    ``headers`` is not modelled."""

    def __init__(self, body=None, init=None):
        status = _source_field(init, "status")
        status = 200 if status is None else status
        if not isinstance(status, (int, float)) or not 200 <= status <= 599:
            raise JSRangeError('init["status"] must be in the range of 200 to 599, inclusive.')
        self.status = int(status)
        text = _source_field(init, "statusText")
        self.statusText = "" if text is None else str(text)
        if body is None or body is null:
            self._stream = null
        elif isinstance(body, ReadableStream):
            self._stream = body
        else:
            if isinstance(body, str):
                data = body.encode("utf-8", "surrogatepass")
            elif isinstance(body, (TypedArray, DataView, ArrayBuffer, bytes, bytearray, memoryview)):
                data = bytes(memoryview(body).cast("B"))
            else:
                data = _core._js_to_string(body).encode()

            def start(controller):
                if data:
                    controller.enqueue(Uint8Array(data))
                controller.close()
            self._stream = ReadableStream({"start": start})
        self._used = False

    @property
    def body(self):
        return self._stream

    @property
    def bodyUsed(self):
        return self._used

    @property
    def ok(self):
        return 200 <= self.status <= 299

    def _consume(self, convert):
        if self._used or (self._stream is not null and self._stream.locked):
            return _rejected(JSTypeError("Body is unusable: Body has already been read"))
        self._used = True
        data = _resolved(b"") if self._stream is null else _read_all(self._stream)
        return data.then(convert)

    def arrayBuffer(self):
        return self._consume(ArrayBuffer)

    def bytes(self):
        return self._consume(Uint8Array)

    def text(self):
        return self._consume(lambda data: data.decode("utf-8", "replace"))

    def json(self):
        return self._consume(lambda data: json_parse(data.decode("utf-8", "replace")))
