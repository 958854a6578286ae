"""The database goes away in the middle of a request stream: every request gets a 200
or a 503 problem (never a 500, never a hang), and the service recovers by itself.

PostgreSQL: an admin connection terminates masdar's backends (``pg_terminate_backend``)
again and again while a thread sends requests. SQLite: the test runs as root, which
ignores file permissions (``chmod 000`` changes nothing), so "the file is unreadable"
is simulated by overwriting the database file in place with garbage (what open
connections see as a corrupt or foreign file) and then by a directory in its place
(what new connections find); the original bytes are put back afterwards.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from tests.conftest import Databases, _pg_exec

PROBLEM = "application/problem+json"
REQUEST_LIMIT = 10.0
"""Seconds one request may take, whatever the database does (pool_timeout is 2 s)."""
PATHS = [
    "/v1/partners",
    "/v1/figures?limit=5",
    "/v1/search?q=ai",
    "/v1/sources/000",
    "/v1/claims",
    "/health/ready",
]


class Stream:
    """A thread that sends requests until stopped, and what it got."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.statuses: Counter[int] = Counter()
        self.bad: list[str] = []
        self.slowest = 0.0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        i = 0
        while not self.stop.is_set() and i < 5000:  # bounded
            path = PATHS[i % len(PATHS)]
            i += 1
            started = time.monotonic()
            try:
                r = self.client.get(path)
            except Exception as exc:  # the app raised: a 500 on a real server
                self.bad.append(f"{path}: raised {exc!r}")
                continue
            took = time.monotonic() - started
            self.slowest = max(self.slowest, took)
            self.statuses[r.status_code] += 1
            if r.status_code not in (200, 503):
                self.bad.append(f"{path}: {r.status_code} {r.text[:200]}")
            elif r.status_code == 503 and (
                r.headers.get("content-type") != PROBLEM or "retry-after" not in r.headers
            ):
                self.bad.append(f"{path}: 503 without problem+json/Retry-After")
            if took > REQUEST_LIMIT:
                self.bad.append(f"{path}: took {took:.1f} s")

    def __enter__(self) -> Stream:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=REQUEST_LIMIT * 3)
        assert not self.thread.is_alive(), "a request hung"


def restore(path: Path, data: bytes) -> None:
    aside = path.with_name(path.name + ".restoring")
    aside.write_bytes(data)
    os.replace(aside, path)


def recovers(client: TestClient, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(client.get(p).status_code == 200 for p in PATHS):
            return True
        time.sleep(0.2)
    return False


def test_postgresql_backends_terminated_mid_stream(
    databases: Databases, seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    if databases.backend != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL")
    name = make_url(seeded_url).database
    kill = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )
    with make_client(
        seeded_url, response_cache=False, rate_limit=False, pool_timeout=2.0, ready_timeout=1.0
    ) as client:
        assert recovers(client)
        with Stream(client) as stream:
            for _ in range(15):  # bounded: about 3 s of terminations
                time.sleep(0.2)
                _pg_exec(kill)
        assert not stream.bad, "\n".join(stream.bad[:20])
        assert sum(stream.statuses.values()) > 20, stream.statuses
        assert recovers(client), "the service did not recover by itself"
        print(f"\npostgresql faults: {dict(stream.statuses)}, slowest {stream.slowest:.2f} s")


def test_sqlite_file_garbage_then_directory_then_restored(
    databases: Databases, seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    if databases.backend != "sqlite":
        pytest.skip("the database-file faults are for SQLite")
    path = Path(make_url(seeded_url).database or "")
    with make_client(
        seeded_url, response_cache=False, rate_limit=False, pool_timeout=2.0, ready_timeout=1.0
    ) as client:
        assert recovers(client)
        client.app.state.engine.dispose()  # let WAL checkpoint: the main file is complete
        original = path.read_bytes()
        sidecars = {
            p: p.read_bytes() for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()
        }
        with Stream(client) as stream:
            time.sleep(0.3)
            path.write_bytes(b"not a database; " * (len(original) // 16 + 1))  # in place
            time.sleep(1.0)
            client.app.state.engine.dispose()  # new connections from here on
            for _ in range(50):  # a new connection may re-create the file: retry (bounded)
                for p in (path, *sidecars):
                    p.unlink(missing_ok=True)
                try:
                    path.mkdir()  # unusable for a new connection
                    break
                except FileExistsError:
                    continue
            assert path.is_dir()
            time.sleep(1.0)
            # put the backup back as an operator would: written aside, then renamed into
            # place in one step. Written in place, a connection that had just opened the
            # empty file the directory left room for could write its empty header (its
            # journal_mode pragma) over the restored first page: "no such table" for good
            for p, data in sidecars.items():
                restore(p, data)
            path.rmdir()
            restore(path, original)
            time.sleep(0.3)
        assert not stream.bad, "\n".join(stream.bad[:20])
        assert stream.statuses[503] > 0, stream.statuses  # the faults were seen
        assert recovers(client), "the service did not recover by itself"
        print(f"\nsqlite faults: {dict(stream.statuses)}, slowest {stream.slowest:.2f} s")


def test_a_sqlite_connection_that_met_a_file_not_its_database_is_discarded(
    tmp_path: Path,
) -> None:
    """A pooled connection that opened the file while it was being replaced (an empty or
    garbled file: "no such table", "file is not a database") is thrown away at its error,
    by SQLAlchemy's statements and by the prepared ones alike, so the next checkout opens
    the file afresh instead of failing every request it serves."""
    from sqlalchemy import select, text
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import Session, SQLModel

    from app.config import Settings
    from app.db import make_engine
    from app.services.prepared import Prepared

    engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'empty.db'}"))
    with engine.connect() as conn:  # the file is empty: no table at all
        with pytest.raises(DBAPIError, match="no such table"):
            conn.execute(text("SELECT id FROM figure"))
        assert conn.invalidated
    prepared = Prepared(select(SQLModel.metadata.tables["source"].c.id))
    with Session(engine) as session, pytest.raises(DBAPIError, match="no such table") as err:
        prepared.rows(session, {})
    assert err.value.connection_invalidated
    engine.dispose()
