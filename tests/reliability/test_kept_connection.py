"""A reader thread with reads queued back to back keeps its database connection from one
read to the next (app/readers.py ``keep``, app/api/deps.py ``read_session``), and every
read still goes through what the pool does at checkout (app/checkout.py): the request's
deadline, SQLite's file check, PostgreSQL's timeouts. The thread gives the connection back
before it waits, and never keeps one in a transaction or from a pool disposed since."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import checkout, deadlines, readers
from app.api.deps import read_session
from app.db import make_engine, reading
from app.errors import Unavailable
from app.services import figures
from tests.conftest import Databases, settings_for
from tests.reliability.test_readers import make_pool


def _run_queued(pool: readers.ReadPool, reads: list[Callable[[], Any]]) -> list[Any]:
    """The reads queued at once behind a first one that waits for them all to be queued."""
    gate = threading.Event()

    def first() -> Any:
        gate.wait(5)
        return reads[0]()

    async def main() -> list[Any]:
        tasks = [asyncio.ensure_future(pool.run(first))]
        tasks += [asyncio.ensure_future(pool.run(r)) for r in reads[1:]]
        await asyncio.sleep(0.05)
        gate.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    return asyncio.run(main())


def _eventually(check: Callable[[], bool], seconds: float = 2.0) -> bool:
    end = time.monotonic() + seconds
    while not check() and time.monotonic() < end:
        time.sleep(0.01)
    return check()


def test_a_value_is_kept_only_for_a_read_queued_already_and_released_before_a_wait() -> None:
    released: list[str] = []

    def keeps(name: str) -> Callable[[], tuple[Any, bool]]:
        def read() -> tuple[Any, bool]:
            found = readers.take("conn")
            return found, readers.keep("conn", name, lambda: released.append(name))

        return read

    outcomes = _run_queued(make_pool(1), [keeps("a"), keeps("b"), keeps("c")])
    # a kept for b, b's taken and b kept for c, c refused: nothing queued after it
    assert outcomes == [(None, True), ("a", True), ("b", False)]
    assert released == []  # what was kept was taken; c's caller releases its own

    pool = make_pool(1)
    outcomes = _run_queued(pool, [keeps("d"), lambda: "takes nothing"])
    assert outcomes == [(None, True), "takes nothing"]
    assert _eventually(lambda: released == ["d"])  # before the thread waited for work
    assert readers.keep("conn", "x", lambda: None) is False  # not a reader thread
    assert readers.take("conn") is None


@pytest.fixture
def engine(seeded_url: str) -> Any:
    """The engine reads go through (PostgreSQL's in autocommit)."""
    built = reading(make_engine(settings_for(seeded_url)))
    yield built
    built.dispose()


def _counting(engine: Engine) -> tuple[list[int], list[int]]:
    """(checkout hooks run, connections taken from the pool's queue)."""
    hooked: list[int] = []
    pooled: list[int] = []
    checkout.on_checkout(engine, lambda _c, info: hooked.append(id(info)))
    event.listen(engine, "checkout", lambda *_: pooled.append(1))
    return hooked, pooled


def _first_figure(engine: Engine) -> Callable[[], str]:
    def read() -> str:
        with read_session(engine) as session:
            page = figures.list_figures(session, after=None, limit=50)
            return str(page.items[0]["id"])

    return read


def test_reads_back_to_back_share_one_connection_and_each_goes_through_the_hooks(
    engine: Engine,
) -> None:
    hooked, pooled = _counting(engine)
    first = _first_figure(engine)()
    hooked.clear(), pooled.clear()
    outcomes = _run_queued(make_pool(1), [_first_figure(engine)] * 8)
    assert outcomes == [first] * 8
    assert len(hooked) == 8  # every read: deadline, file check
    assert len(pooled) == 1  # one connection out of the pool's queue for the eight
    assert engine.pool.checkedout() == 0  # the last read, with none queued, gave it back


def test_a_kept_connection_is_not_used_past_the_next_reads_deadline(engine: Engine) -> None:
    late = deadlines.Deadline("read", 1.0, time.monotonic() - 1.0)
    pool = make_pool(1)
    gate = threading.Event()
    read = _first_figure(engine)

    def first() -> str:
        gate.wait(5)
        return read()

    async def main() -> list[Any]:
        tasks = [asyncio.ensure_future(pool.run(first))]
        token = deadlines.CURRENT.set(late)  # the second read's context: its deadline passed
        tasks.append(asyncio.ensure_future(pool.run(read)))
        deadlines.CURRENT.reset(token)
        await asyncio.sleep(0.05)
        gate.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    ok, refused = asyncio.run(main())
    assert ok == _first_figure(engine)()
    assert isinstance(refused, Unavailable)
    assert engine.pool.checkedout() == 0


def test_each_read_on_a_kept_connection_arms_its_own_deadline(engine: Engine) -> None:
    now = time.monotonic()
    first, second = (deadlines.Deadline("read", 10.0, now + s) for s in (10.0, 20.0))
    armed: list[set[deadlines.Deadline]] = []

    def read() -> None:
        with read_session(engine) as session:
            figures.list_figures(session, after=None, limit=5)
            armed.append({d for d in deadlines.WATCHDOG._aborts if d in (first, second)})

    pool = make_pool(1)
    gate = threading.Event()

    def gated() -> None:
        gate.wait(5)
        read()

    async def main() -> None:
        tasks = []
        for d, run in ((first, gated), (second, read)):
            token = deadlines.CURRENT.set(d)  # each read's context: its own deadline
            tasks.append(asyncio.ensure_future(pool.run(run)))
            deadlines.CURRENT.reset(token)
        await asyncio.sleep(0.05)
        gate.set()
        await asyncio.gather(*tasks)

    hooked, pooled = _counting(engine)
    asyncio.run(main())
    assert len(pooled) == 1  # the second read ran on the first one's connection
    assert armed == [{first}, {second}]  # the first's deadline was let go at its end
    assert not {first, second} & set(deadlines.WATCHDOG._aborts)


def test_a_connection_left_in_a_transaction_by_the_driver_is_not_kept(
    seeded_url: str,
) -> None:
    """On an engine not in autocommit (the primary's, which ``POST /v1/check`` and ``masdar
    mcp`` read through), a raw cursor's statement may open the driver's transaction: the
    pool's reset ends it, so a connection kept instead must be outside any."""
    engine = make_engine(settings_for(seeded_url))
    idle: list[bool] = []

    def read() -> None:
        with read_session(engine) as session:
            figures.list_figures(session, after=None, limit=5)

    def inspect() -> None:
        found = readers.take(engine)
        if found is not None:
            idle.append(checkout.idle(found[0]))
            found[0].close()

    try:
        _run_queued(make_pool(1), [read, inspect])
        assert idle in ([], [True])  # kept only outside a transaction
        assert engine.pool.checkedout() == 0
    finally:
        engine.dispose()


def test_a_kept_connection_of_a_disposed_pool_is_dropped(engine: Engine) -> None:
    """After a database error the 503's handler disposes the pool (app/errors.py): a
    connection kept from the old one is not used again."""
    hooked, pooled = _counting(engine)
    read = _first_figure(engine)

    def dispose_then_read() -> str:
        engine.dispose()
        return read()

    outcomes = _run_queued(make_pool(1), [read, dispose_then_read])
    assert outcomes[0] == outcomes[1]
    assert len(pooled) == 2  # a fresh connection from the new pool
    assert engine.pool.checkedout() == 0


def test_a_kept_connection_to_a_replaced_file_is_replaced(
    databases: Databases, engine: Engine, tmp_path: Any
) -> None:
    if databases.backend != "sqlite":
        pytest.skip("SQLite's file check")
    hooked, pooled = _counting(engine)
    path = str(engine.url.database)
    pool = make_pool(1)
    kept = threading.Event()
    replaced = threading.Event()
    read = _first_figure(engine)

    def first() -> str:
        out = read()
        kept.set()  # its connection is kept for the next read, queued already
        replaced.wait(5)
        return out

    async def main() -> list[Any]:
        tasks = [asyncio.ensure_future(pool.run(first)), asyncio.ensure_future(pool.run(read))]
        await asyncio.to_thread(kept.wait, 5)
        copy = tmp_path / "restored.db"  # a backup put back: same bytes, another file
        shutil.copyfile(path, copy)
        os.replace(copy, path)
        replaced.set()
        return await asyncio.gather(*tasks)

    before, after = asyncio.run(main())
    assert before == after
    assert len(pooled) == 2  # the kept connection refused by the file check: a fresh one
    assert len(hooked) == 2  # (the refused one never reached the hooks after that check)
    assert engine.pool.checkedout() == 0
