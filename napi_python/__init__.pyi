# Types of napi_python's public API (the package ships py.typed). The compiled
# core (_core) is described here too: what an addon returns is typed as the Python
# objects of docs/values.rst. An addon's own exports are `Object`s whose attributes
# are `Any`; `python -m napi_python stubgen` writes precise types for a package that
# ships TypeScript declarations (docs/typing.rst).
import os
from dataclasses import dataclass
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator
from typing import Any, ClassVar, Final, Generic, Literal, SupportsIndex, TypeVar, final, overload

from typing_extensions import Buffer as _BufferLike
from typing_extensions import Self

__version__: str

_T_co = TypeVar("_T_co", covariant=True)

class AddonLoadError(ImportError): ...

class JSError(Exception):
    name: str
    code: Any
    message: str
    def __init__(self, message: object = "", **properties: Any) -> None: ...
    def __getattr__(self, name: str) -> Any: ...

class JSTypeError(JSError, TypeError): ...
class JSRangeError(JSError, ValueError): ...
class JSSyntaxError(JSError, SyntaxError): ...

class BigInt(int):
    """A JS BigInt: an int that stays a BigInt when it goes back to an addon."""

class Date:
    time: float
    def __init__(self, time: float) -> None: ...
    @property
    def valid(self) -> bool: ...

@final
class Symbol:
    description: str | None
    def __new__(cls, description: str | None = None, /) -> Self: ...
    @staticmethod
    def for_(key: str, /) -> Symbol: ...
    # the well-known symbols (JS Symbol.iterator...), one object each
    asyncIterator: ClassVar[Symbol]
    hasInstance: ClassVar[Symbol]
    isConcatSpreadable: ClassVar[Symbol]
    iterator: ClassVar[Symbol]
    match: ClassVar[Symbol]
    matchAll: ClassVar[Symbol]
    replace: ClassVar[Symbol]
    search: ClassVar[Symbol]
    species: ClassVar[Symbol]
    split: ClassVar[Symbol]
    toPrimitive: ClassVar[Symbol]
    toStringTag: ClassVar[Symbol]
    unscopables: ClassVar[Symbol]
    dispose: ClassVar[Symbol]  # Node's own, described "nodejs.dispose"
    asyncDispose: ClassVar[Symbol]

@final
class External: ...

@final
class NullType:
    def __bool__(self) -> Literal[False]: ...

null: Final[NullType]

class Object(dict[str, Any]):
    """A plain JS object: a dict of its enumerable properties, with attribute access."""
    def __getattr__(self, name: str) -> Any: ...
    def __setattr__(self, name: str, value: Any, /) -> None: ...
    # Object.prototype's methods, read as JS reads them after the object's own
    # properties and its class's members (this = the object)
    hasOwnProperty: Callable[[Any], bool]
    isPrototypeOf: Callable[[Any], bool]
    propertyIsEnumerable: Callable[[Any], bool]
    toString: Callable[[], str]
    toLocaleString: Callable[[], str]
    valueOf: Callable[[], Any]

class ClassType(type):
    """The type (metaclass) of ClassBase and of the classes an addon defines."""
    # Cls.prototype: the class's prototype object (what napi_get_prototype gives for
    # an instance); a class attribute named `prototype` comes first.
    prototype: Any
    # Cls[key], Cls[key] = v, del Cls[key], key in Cls: the class's own JS properties
    # (its statics, name, length, prototype) with a str or Symbol key; any other key
    # is __class_getitem__ (a typing alias), as for other classes. (mypy reads
    # `Cls[...]` as type arguments: docs/typing.rst.)
    def __getitem__(cls, key: str | Symbol, /) -> Any: ...
    def __setitem__(cls, key: str | Symbol, value: Any, /) -> None: ...
    def __delitem__(cls, key: str | Symbol, /) -> None: ...
    def __contains__(cls, key: object, /) -> bool: ...

class ClassBase(Object, metaclass=ClassType):
    """Base of the classes an addon defines with napi_define_class."""
    def __aiter__(self) -> AsyncIterator[Any]: ...

@final
class Function:
    """A function an addon created (napi_create_function)."""
    name: str  # JS's `name` (Node's: "" for napi_define_properties' methods)
    __name__: str  # the property's name
    __qualname__: str
    def __call__(self, *args: Any) -> Any: ...
    def call(self, this: Any, *args: Any) -> Any: ...
    def apply(self, this: Any, args: Iterable[Any] | None = None) -> Any: ...
    def __getattr__(self, name: str) -> Any: ...

@final
class BoundFunction:
    # a Function, or a JS function written in Python read as a method (with_this,
    # Object.prototype.hasOwnProperty...)
    __func__: Function | Callable[..., Any]
    __self__: Any
    def __call__(self, *args: Any) -> Any: ...
    def call(self, this: Any, *args: Any) -> Any: ...
    def apply(self, this: Any, args: Iterable[Any] | None = None) -> Any: ...

class with_this:
    __wrapped__: Callable[..., Any]
    def __init__(self, fn: Callable[..., Any]) -> None: ...
    def __call__(self, *args: Any) -> Any: ...

class AbortSignal(Object):
    """The signal of an AbortController, for addons: aborted, reason, onabort."""
    def __init__(self) -> None: ...
    def addEventListener(self, type: str, listener: Callable[[Any], object],
                         options: Any = None) -> None: ...
    def removeEventListener(self, type: str, listener: Callable[[Any], object],
                            options: Any = None) -> None: ...
    def throwIfAborted(self) -> None: ...

class AbortController:
    signal: AbortSignal
    def __init__(self) -> None: ...
    def abort(self, reason: Any = None) -> None: ...

@final
class Promise(Generic[_T_co]):
    """A JS promise: awaitable under asyncio and uvloop (docs/values.rst)."""
    def __await__(self) -> Generator[Any, None, _T_co]: ...
    def __iter__(self) -> Generator[Any, None, _T_co]: ...
    def result(self, timeout: float | None = None) -> _T_co: ...
    def done(self) -> bool: ...
    @property
    def state(self) -> str: ...
    def then(self, on_fulfilled: Callable[[Any], Any] | None = None,
             on_rejected: Callable[[Any], Any] | None = None) -> Promise[Any]: ...
    def catch(self, on_rejected: Callable[[Any], Any] | None = None) -> Promise[Any]: ...
    def cancelled(self) -> bool: ...
    def cancel(self, msg: Any = None) -> bool: ...
    def exception(self) -> BaseException | None: ...
    def add_done_callback(self, fn: Callable[[Promise[_T_co]], object], *,
                          context: Any = None) -> None: ...
    def remove_done_callback(self, fn: Callable[[Promise[_T_co]], object]) -> int: ...
    def get_loop(self) -> Any: ...

@final
class ArrayBuffer:
    def __new__(cls, size_or_data: int | _BufferLike, /) -> Self: ...
    @property
    def byte_length(self) -> int: ...
    @property
    def byteLength(self) -> int: ...
    @property
    def detached(self) -> bool: ...
    def __len__(self) -> int: ...
    def __buffer__(self, flags: int, /) -> memoryview: ...

class TypedArray:
    @overload
    def __new__(cls, source: int | Iterable[Any] | _BufferLike, /) -> Self: ...
    @overload
    def __new__(cls, source: ArrayBuffer, byte_offset: int = 0,
                length: int | None = None) -> Self: ...
    @property
    def buffer(self) -> ArrayBuffer: ...
    @property
    def byte_offset(self) -> int: ...
    @property
    def byte_length(self) -> int: ...
    @property
    def byteOffset(self) -> int: ...
    @property
    def byteLength(self) -> int: ...
    @property
    def length(self) -> int: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: SupportsIndex, /) -> Any: ...
    @overload
    def __getitem__(self, index: slice, /) -> Self: ...
    def __setitem__(self, index: SupportsIndex, value: Any, /) -> None: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __buffer__(self, flags: int, /) -> memoryview: ...
    # JS's relative indexes: None is the start / the end, negative from the end, clamped
    def subarray(self, begin: _RelativeIndex = None, end: _RelativeIndex = None,
                 /) -> Self: ...  # a view on the same memory
    def slice(self, begin: _RelativeIndex = None, end: _RelativeIndex = None,
              /) -> Self: ...  # a copy (a Buffer's: a view, as Node's)

_RelativeIndex = SupportsIndex | float | str | None

class Int8Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Uint8Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Uint8ClampedArray(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Int16Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Uint16Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Int32Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Uint32Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Float16Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Float32Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Float64Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class BigInt64Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class BigUint64Array(TypedArray):
    BYTES_PER_ELEMENT: ClassVar[int]
class Buffer(Uint8Array):
    """Node's Buffer: a Uint8Array."""

@final
class DataView:
    def __new__(cls, buffer: ArrayBuffer, byte_offset: int = 0,
                byte_length: int | None = None) -> Self: ...
    @property
    def buffer(self) -> ArrayBuffer: ...
    @property
    def byte_offset(self) -> int: ...
    @property
    def byte_length(self) -> int: ...
    @property
    def byteOffset(self) -> int: ...
    @property
    def byteLength(self) -> int: ...
    def __buffer__(self, flags: int, /) -> memoryview: ...

def load_addon(path: str | os.PathLike[str], *, per_thread: bool = False) -> Object:
    """Loads the Node-API addon at ``path`` and returns its exports."""

def require(name: str | os.PathLike[str],
            paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
            *, per_thread: bool = False) -> Object:
    """Finds the addon of the npm package ``name`` in ``node_modules`` and loads it."""

class AddonNotFoundError(AddonLoadError):
    """What :func:`require` raises when no binary of the package fits this platform."""

class InstallError(Exception): ...

@dataclass(frozen=True)
class InstalledPackage:
    name: str
    version: str
    path: str
    optional: bool
    changed: bool = True

def install(packages: Iterable[str] | None = None,
            prefix: str | os.PathLike[str] = ".", *,
            registry: str | None = None, offline: bool = False,
            progress: bool | None = None, cache: str | os.PathLike[str] | None = None,
            host: Any = None) -> list[InstalledPackage]:
    """Installs npm packages and their dependencies into ``prefix/node_modules``."""

global_this: Object

def run_pending(timeout: float = 0.0) -> int: ...
def run_uv_loop(timeout: float | None = None) -> int: ...
def json_default(value: Any) -> Any: ...

__all__ = [
    "AddonLoadError",
    "AddonNotFoundError",
    "ArrayBuffer",
    "BigInt64Array",
    "BigUint64Array",
    "Buffer",
    "DataView",
    "Float16Array",
    "Float32Array",
    "Float64Array",
    "Int8Array",
    "Int16Array",
    "Int32Array",
    "TypedArray",
    "Uint8Array",
    "Uint8ClampedArray",
    "Uint16Array",
    "Uint32Array",
    "BigInt",
    "BoundFunction",
    "ClassBase",
    "ClassType",
    "Date",
    "External",
    "Function",
    "JSError",
    "JSRangeError",
    "JSSyntaxError",
    "JSTypeError",
    "InstallError",
    "InstalledPackage",
    "NullType",
    "Object",
    "Promise",
    "Symbol",
    "global_this",
    "install",
    "json_default",
    "load_addon",
    "null",
    "require",
    "run_pending",
    "run_uv_loop",
    "with_this",
]
