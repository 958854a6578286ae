"""The readers' threads (app/readers.py): results and errors come back, the context goes
along, ``size`` bounds the reads running and is reached, a caller that stops waiting is
let go at once (its queued read never runs; its running read's thread is replaced and
then ends), idle threads end holding nothing, and a closed loop costs no thread.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import queue
import threading
import time
import weakref
from contextvars import ContextVar
from typing import Any

import pytest

from app import readers
from app.readers import ReadPool

WHO: ContextVar[str] = ContextVar("who", default="nobody")
_names = itertools.count()


def make_pool(size: int) -> ReadPool:
    """A pool whose threads carry a name of their own, so a test can count them."""
    return ReadPool(size, name=f"test-read-{next(_names)}")


def threads_of(pool: ReadPool) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == pool.name]


def settle(pool: ReadPool, threads: int, seconds: float = 5.0) -> None:
    """Wait until exactly ``threads`` of the pool's threads are alive."""
    deadline = time.monotonic() + seconds
    while len(threads_of(pool)) != threads and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(threads_of(pool)) == threads, (threads_of(pool), pool.threads)


class SlowQueue:
    """A SimpleQueue whose ``get`` pauses after taking a job: it widens the window between
    a thread counting itself free and the job it takes, where the loop queues more."""

    def __init__(self) -> None:
        self.q: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def put(self, item: Any) -> None:
        self.q.put(item)

    def get(self, timeout: float | None = None) -> Any:
        item = self.q.get(timeout=timeout)
        time.sleep(0.02)
        return item

    def get_nowait(self) -> Any:
        item = self.q.get_nowait()
        time.sleep(0.02)
        return item

    def empty(self) -> bool:
        return self.q.empty()


def test_a_read_runs_in_a_pool_thread_with_the_callers_context() -> None:
    pool = make_pool(1)

    def where(x: int) -> tuple[int, str, str]:
        return x * 2, threading.current_thread().name, WHO.get()

    async def main() -> tuple[int, str, str]:
        WHO.set("curator")
        return await pool.run(where, 21)

    assert asyncio.run(main()) == (42, pool.name, "curator")


def test_errors_come_back_to_the_caller_and_the_thread_serves_on() -> None:
    pool = make_pool(1)

    def fail() -> None:
        raise LookupError("no such figure")

    def exhausted() -> Any:
        return next(iter(()))  # StopIteration, which a future refuses as its exception

    async def main() -> str:
        with pytest.raises(LookupError, match="no such figure"):
            await pool.run(fail)
        with pytest.raises(RuntimeError, match="StopIteration"):
            await asyncio.wait_for(pool.run(exhausted), 5)
        return await pool.run(str, 7)

    assert asyncio.run(main()) == "7"
    assert pool.threads == 1
    settle(pool, 1)


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize("slow_queue", [False, True])
def test_size_reads_run_at_once_and_no_more(size: int, slow_queue: bool) -> None:
    """Reads arriving faster than one thread answers them get ``size`` threads, and never
    more, even when the loop queues reads while a thread is between jobs."""
    pool = make_pool(size)
    if slow_queue:
        pool._jobs = SlowQueue()
    lock = threading.Lock()
    running, most = [0], [0]

    def read() -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    async def main() -> None:
        tasks = []
        for _ in range(4 * size + 4):
            tasks.append(asyncio.ensure_future(pool.run(read)))
            await asyncio.sleep(0.01)
        await asyncio.gather(*tasks)

    asyncio.run(main())
    assert most[0] == size
    assert pool.threads == size


def test_a_read_whose_caller_left_while_it_was_queued_never_runs() -> None:
    pool = make_pool(1)
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
    assert pool.threads == 1
    settle(pool, 1)


def test_a_caller_that_stops_waiting_is_let_go_and_its_thread_replaced() -> None:
    """A read stuck on the database (until the watchdog aborts it) holds its thread; the
    reads after it get a new one at once, and the stuck thread ends with its read."""
    pool = make_pool(1)
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

    assert asyncio.run(main()) < 2, "the next read waited for the stuck one"
    assert pool.threads == 1  # the stuck thread is not counted against the size
    assert len(threads_of(pool)) == 2
    stuck.set()  # the watchdog's abort, here
    settle(pool, 1)  # the stuck thread ended instead of serving on
    assert pool.threads == 1


def test_a_loop_that_closed_before_its_answer_costs_no_thread() -> None:
    pool = make_pool(1)
    release = threading.Event()
    pending: list[asyncio.Future[Any]] = []  # kept, so its caller is not torn down

    async def leave_early() -> None:
        pending.append(asyncio.ensure_future(pool.run(release.wait, 5)))
        await asyncio.sleep(0.05)

    loop = asyncio.new_event_loop()
    loop.run_until_complete(leave_early())
    loop.close()  # with the read still running: its answer has nowhere to go
    release.set()
    time.sleep(0.1)  # the thread finds the loop closed

    async def main() -> int:
        return await asyncio.wait_for(pool.run(len, "abc"), 5)

    assert asyncio.run(main()) == 3
    assert pool.threads == 1


def test_an_idle_thread_holds_nothing_of_its_last_read() -> None:
    """The request, its app and its context go when the read is answered, not when the
    thread ends (the suite builds hundreds of apps in one process)."""
    pool = make_pool(1)

    class App:
        pass

    def answer_one() -> weakref.ref[App]:
        app = App()

        def read() -> int:
            return id(app)

        async def main() -> None:
            await pool.run(read)

        asyncio.run(main())
        return weakref.ref(app)

    gone = answer_one()
    deadline = time.monotonic() + 5
    while gone() is not None and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.01)
    assert gone() is None
    assert pool.threads == 1  # and the thread is still there, idle


def test_idle_threads_end_and_a_lower_size_sheds_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = make_pool(3)
    gate = threading.Event()

    async def busy() -> None:
        tasks = [asyncio.ensure_future(pool.run(gate.wait, 5)) for _ in range(3)]
        await asyncio.sleep(0.1)
        assert pool.threads == 3
        pool.size = 1  # while all three are busy
        gate.set()
        await asyncio.gather(*tasks)

    asyncio.run(busy())
    assert pool.threads == 1
    settle(pool, 1)
    monkeypatch.setattr(readers, "IDLE_SECONDS", 0.05)
    asyncio.run(_one_read(pool))  # the last thread now waits 0.05 s at most
    settle(pool, 0)
    assert pool.threads == 0
    assert asyncio.run(_one_read(pool)) == 1  # and a thread starts again when asked


async def _one_read(pool: ReadPool) -> int:
    return await pool.run(len, "x")
