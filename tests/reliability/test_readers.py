"""The readers' threads (app/readers.py): results and errors come back, the context goes
along, ``size`` bounds the reads running, a caller that stops waiting is let go at once
(its queued read never runs; its running read's thread is replaced), and idle threads end.
"""

from __future__ import annotations

import asyncio
import threading
import time
from contextvars import ContextVar

import pytest

from app import readers
from app.readers import ReadPool

WHO: ContextVar[str] = ContextVar("who", default="nobody")


def test_a_read_runs_in_another_thread_with_the_callers_context() -> None:
    pool = ReadPool(1)

    def where(x: int) -> tuple[int, str, str]:
        return x * 2, threading.current_thread().name, WHO.get()

    async def main() -> tuple[int, str, str]:
        WHO.set("curator")
        return await pool.run(where, 21)

    doubled, thread, who = asyncio.run(main())
    assert (doubled, thread, who) == (42, "masdar-read", "curator")


def test_an_error_comes_back_to_the_caller_and_the_thread_serves_on() -> None:
    pool = ReadPool(1)

    def fail() -> None:
        raise LookupError("no such figure")

    async def main() -> str:
        with pytest.raises(LookupError, match="no such figure"):
            await pool.run(fail)
        return await pool.run(str, 7)

    assert asyncio.run(main()) == "7"
    assert pool.threads == 1


@pytest.mark.parametrize("size", [1, 3])
def test_at_most_size_reads_run_at_once(size: int) -> None:
    pool = ReadPool(size)
    lock = threading.Lock()
    running, most = [0], [0]

    def read() -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1

    async def main() -> None:
        await asyncio.gather(*(pool.run(read) for _ in range(4 * size)))

    asyncio.run(main())
    assert most[0] == size
    assert pool.threads == size


def test_a_read_whose_caller_left_while_it_was_queued_never_runs() -> None:
    pool = ReadPool(1)
    release = threading.Event()
    ran: list[str] = []

    async def main() -> None:
        first = asyncio.ensure_future(pool.run(release.wait, 5))
        await asyncio.sleep(0.05)  # the one thread is busy with it
        second = asyncio.ensure_future(pool.run(ran.append, "second"))
        await asyncio.sleep(0.01)
        second.cancel()
        with pytest.raises(asyncio.CancelledError):
            await second
        release.set()
        assert await first is True
        await pool.run(ran.append, "third")

    asyncio.run(main())
    assert ran == ["third"]


def test_a_caller_that_stops_waiting_is_let_go_and_its_thread_replaced() -> None:
    """A read stuck on the database (until the watchdog aborts it) holds its thread; the
    reads after it get a new one at once instead of waiting behind it."""
    pool = ReadPool(1)
    stuck = threading.Event()

    async def main() -> float:
        hung = asyncio.ensure_future(pool.run(stuck.wait, 10))
        await asyncio.sleep(0.05)
        hung.cancel()
        with pytest.raises(asyncio.CancelledError):
            await hung
        started = time.monotonic()
        assert await pool.run(sum, [1, 2, 3]) == 6
        return time.monotonic() - started

    waited = asyncio.run(main())
    assert waited < 2, "the next read waited for the stuck one"
    assert pool.threads == 1  # the stuck thread is not counted against the size
    stuck.set()  # the watchdog's abort, here: the stuck thread ends with its read


def test_idle_threads_end_and_a_lower_size_sheds_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(readers, "IDLE_SECONDS", 0.05)
    pool = ReadPool(3, name="masdar-read-idle")

    async def burst() -> None:
        await asyncio.gather(*(pool.run(time.sleep, 0.02) for _ in range(6)))

    asyncio.run(burst())
    assert pool.threads == 3
    pool.size = 1
    asyncio.run(burst())
    assert pool.threads == 1
    deadline = time.monotonic() + 5
    while pool.threads and time.monotonic() < deadline:
        time.sleep(0.02)
    assert pool.threads == 0
    assert not [t for t in threading.enumerate() if t.name == "masdar-read-idle"]
