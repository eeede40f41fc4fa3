"""Running one test body under both event loops (issue #4: asyncio and uvloop).

    from async_helpers import run  # the fixture

    def test_x(run):
        async def body():
            ...
        assert run(body()) == ...

Each call runs the coroutine on a fresh loop of the parametrised kind and closes
it afterwards. Exceptions reported to the loop's exception handler are collected
in ``run.reported`` (a list of handler contexts) instead of being logged;
``await run.until_reported()`` waits for the first one. ``later(value)`` is an
awaitable that settles a little later: with ``value``, or raising it when it is an
exception.
"""

import asyncio

import pytest
import uvloop


class _Runner:
    def __init__(self, factory, kind):
        self.factory = factory
        self.kind = kind
        self.reported = []

    async def until_reported(self, timeout=30.0):
        """Lets the loop run until something reached its exception handler (or
        `timeout` seconds passed): reports may come a few loop turns late, or (an
        async work's complete) only once a pool thread has run the execute, which
        under load may take more than a second; the wait ends at the report."""
        for _ in range(int(timeout / 0.01)):
            if self.reported:
                return
            await asyncio.sleep(0.01)

    def __call__(self, coro):
        loop = self.factory()
        loop.set_exception_handler(lambda _loop, context: self.reported.append(context))
        try:
            return loop.run_until_complete(coro)
        finally:
            loop.close()


@pytest.fixture(params=["asyncio", "uvloop"])
def run(request):
    factory = asyncio.new_event_loop if request.param == "asyncio" else uvloop.new_event_loop
    return _Runner(factory, request.param)


async def later(value):
    """`value` a moment later (raised, when it is an exception): a Python awaitable
    an addon sees as a promise that is still pending."""
    await asyncio.sleep(0.001)
    if isinstance(value, BaseException):
        raise value
    return value
