"""The iterator of JS's iteration protocol: what keys(), values() and entries() of
the global Map and Set (_globals.py) and of URLSearchParams (_url.py) return."""

from ._core import Object


class JSIterator:
    """What keys(), values() and entries() return: a JS iterator (next() gives
    {value, done}) that Python code can also iterate."""

    __slots__ = ("_items",)

    def __init__(self, items):
        self._items = iter(items)

    def next(self, *_):
        result = Object()
        try:
            result["value"] = next(self._items)
            result["done"] = False
        except StopIteration:
            result["value"] = None
            result["done"] = True
        return result

    def __iter__(self):
        return self._items

    def __next__(self):
        return next(self._items)
