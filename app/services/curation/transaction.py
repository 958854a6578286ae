"""One write transaction's frame: the write lock, the version guard, and the finish.

:func:`writing` opens every write transaction (one writer at a time on SQLite) and
:func:`lock` is its first statement, :func:`check_version` and
:func:`guarded_update` keep updates from being lost (412), :func:`finish` updates the
search index for the records the write touched and says what was written.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, insert, select, update
from sqlmodel import Session

from app.deadlines import CURRENT
from app.errors import DATABASE_LOCKED, PreconditionFailed, Unavailable
from app.search import index as search_index
from app.services.curation.tables import T, not_retracted
from app.services.pages import record
from app.services.prepared import once

DATA_VERSION = "data_version"


@dataclass
class Written:
    """What a write returns to the router: the record, its new version and data version."""

    record_type: str
    record_id: str
    version: int
    data_version: str
    retracted_at: str | None = None


def _rowcount(result: Any) -> int:
    return int(result.rowcount)


_WRITERS: dict[str, threading.Lock] = {}
_WRITERS_LOCK = threading.Lock()
NO_DEADLINE_WAIT = 15.0
"""Seconds a write with no request deadline (the CLI, a test) waits for another writer."""


@contextmanager
def writing(session: Session) -> Iterator[str]:
    """A write transaction, its data version token (:func:`lock`), committed at the end.

    On SQLite, one writer per database file at a time in this process: a write waits on a
    Python lock, which wakes it the moment the previous write commits, before it begins.
    Left to SQLite, the second writer's ``busy_timeout`` handler sleeps in steps of up to
    100 ms and wakes late; under a mixed load those sleeps were the slowest requests
    (bench/mixed.md). The wait is bounded by the request's deadline (a 503, nothing
    changed); another process's writer is still SQLite's to wait for. PostgreSQL's row
    lock on ``meta`` wakes its waiters itself.
    """
    with _one_writer(session), session.begin():
        yield lock(session)


@contextmanager
def _one_writer(session: Session) -> Iterator[None]:
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    with _WRITERS_LOCK:
        gate = _WRITERS.setdefault(str(bind.engine.url), threading.Lock())
    deadline = CURRENT.get()
    wait = NO_DEADLINE_WAIT if deadline is None else max(0.0, deadline.at - time.monotonic())
    if not gate.acquire(timeout=wait):
        if deadline is not None:
            raise deadline.problem()
        raise Unavailable(DATABASE_LOCKED, headers={"Retry-After": "1"})
    try:
        yield
    finally:
        gate.release()


_META = T["meta"]
_BUMP = (
    update(_META).where(_META.c.key == DATA_VERSION).values(value=bindparam("token"))
)  # built once: every write runs it


def lock(session: Session) -> str:
    """First statement of every write transaction: a new ``meta.data_version``."""
    token = uuid.uuid4().hex[:16]
    done = _rowcount(session.execute(_BUMP, {"token": token}))
    if not done:
        session.execute(insert(_META).values(key=DATA_VERSION, value=token))
    return token


def get_row(session: Session, table: str, rid: str, *, live: bool = True) -> dict[str, Any] | None:
    t = T[table]

    def build() -> Select[Any]:
        return select(t).where(t.c.id == bindparam("id"), *(not_retracted(t) if live else []))

    found = once(("row", table, live), build).dicts(session, {"id": rid})
    return found[0] if found else None


def row_exists(session: Session, table: str, rid: str) -> bool:
    t = T[table]
    exists = once(("exists", table), lambda: select(t.c.id).where(t.c.id == bindparam("id")))
    return bool(exists.rows(session, {"id": rid}))


def check_version(row: dict[str, Any], expected: Collection[int], what: str) -> None:
    if row["version"] not in expected:
        want = ", ".join(f"v{v}" for v in sorted(expected))
        raise PreconditionFailed(
            f"{what} is at version {row['version']} (ETag v{row['version']}), not {want}: "
            "GET it again, re-apply your change and retry."
        )


def guarded_update(
    session: Session, table: str, rid: str, version: int, values: dict[str, Any]
) -> int:
    """``UPDATE … SET version = version + 1 WHERE id AND version``: no lost update."""
    t = T[table]
    done = _rowcount(
        session.execute(
            update(t)
            .where(t.c.id == rid, t.c.version == version, *not_retracted(t))
            .values(**values, version=t.c.version + 1)
        )
    )
    if done != 1:
        raise PreconditionFailed(f"{table} {rid!r} changed meanwhile: GET it again and retry.")
    return version + 1


def reindex(session: Session, rtype: str, rid: str, *, new: bool = False) -> int:
    """Bring the search index up to date for what a write of ``rtype`` ``rid`` changed,
    in the write's transaction: the rows of that record and of the records whose rows
    depend on it (``app.search.index.affected``), not the whole index. ``new``: the
    record was created by this write (it has no rows yet). Returns the number of rows
    written."""
    return search_index.update(session, search_index.affected(session, rtype, rid), new=new)


def finish(session: Session, token: str, rtype: str, rid: str, *, new: bool = False) -> Written:
    """The search index brought up to date (:func:`reindex`), and what was written.
    ``new``: the write created the record (version 1, live: nothing to read back)."""
    reindex(session, rtype, rid, new=new)
    if new:
        return Written(rtype, rid, 1, token)
    row = get_row(session, rtype, rid, live=False)
    assert row is not None
    at = record(row).get("retracted_at")
    return Written(rtype, rid, row["version"], token, at)
