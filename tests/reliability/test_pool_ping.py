"""PostgreSQL connections are pinged as they leave the pool, unless they came back less
than ``ALIVE_WINDOW`` ago (app/deadlines.py): under load the ping was a fourth round trip
on a list page's three. A connection that died in that window fails its first statement,
is invalidated, and the pool's next one works."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DBAPIError

from app import deadlines
from app.db import make_engine, reading
from tests.conftest import Databases, _pg_exec, settings_for


@pytest.fixture
def pg_url(databases: Databases, seeded_template: str) -> str:
    if databases.backend != "postgresql":
        pytest.skip("the checkout ping is PostgreSQL's (SQLite has no server to lose)")
    return seeded_template


def test_a_connection_back_a_moment_ago_is_not_pinged(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    real = deadlines._autocommit

    def recording(dbapi_conn: object, sql: str) -> None:
        sent.append(sql)
        real(dbapi_conn, sql)

    monkeypatch.setattr(deadlines, "_autocommit", recording)
    monkeypatch.setattr(deadlines, "ALIVE_WINDOW", 60.0)  # a loaded machine is slow
    engine = make_engine(settings_for(pg_url))
    try:
        with deadlines.bounded("read", 5.0):
            with engine.connect() as conn:  # a new connection: a read's timeouts (10 s)
                assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "10s"
            assert len(sent) == 1 and sent[0].startswith("SET statement_timeout = 10000;")
            with engine.connect() as conn:  # back a moment ago, same timeouts: no ping
                assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            assert len(sent) == 1
            monkeypatch.setattr(deadlines, "ALIVE_WINDOW", 0.0)
            with engine.connect():  # back longer ago than the window: pinged
                pass
            assert sent[1:] == ["SELECT 1"]
        with engine.connect():  # other timeouts (none: not a request): set, whatever the age
            pass
        assert sent[2].startswith("RESET statement_timeout")
    finally:
        engine.dispose()


def test_a_connection_killed_within_the_window_fails_once_then_is_replaced(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deadlines, "ALIVE_WINDOW", 60.0)  # _pg_exec connects: not instant
    engine = make_engine(settings_for(pg_url))
    try:
        with engine.connect() as conn:
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        _pg_exec(f"SELECT pg_terminate_backend({int(pid or 0)})")
        with pytest.raises(DBAPIError) as failed, engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        assert failed.value.connection_invalidated
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
    finally:
        engine.dispose()


def test_a_connection_the_watchdog_aborted_is_pinged_even_within_the_window(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its socket shut by the watchdog after its statement ended, a connection goes back
    looking healthy: the next checkout must not trust the window with it."""
    monkeypatch.setattr(deadlines, "ALIVE_WINDOW", 60.0)
    engine = reading(make_engine(settings_for(pg_url)))  # as reads: in autocommit
    try:
        with deadlines.bounded("read", 5.0) as d:
            with engine.connect() as conn:
                pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
                deadlines.WATCHDOG.fire(d)  # as at its deadline: the socket is shut
        with deadlines.bounded("read", 5.0), engine.connect() as conn:  # same timeouts:
            # only the ping can tell; found dead, the connection is replaced by the pool
            assert conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
    finally:
        engine.dispose()
