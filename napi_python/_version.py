"""``napi_python.__version__``: read from the installed package's metadata, so that
pyproject.toml's ``version`` is the one place the version is written."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("napi-python")
except PackageNotFoundError:  # the source tree, imported without being installed
    __version__ = "0+unknown"
