"""Engines and sessions. The engine lives on ``app.state``; nothing is built at import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, create_engine

from app import deadlines
from app.config import Settings
from app.errors import ConfigError


def make_engine(settings: Settings, url: str | None = None) -> Engine:
    """Build the engine for ``url`` (default ``settings.database_url``).

    The pool is sized for the server's concurrency and waits at most
    ``pool_timeout`` seconds, so an exhausted pool becomes a 503, never a hang; every
    other wait on the database is bounded by the request's class (app/deadlines.py,
    which also pings a pooled PostgreSQL connection at checkout).
    """
    try:
        parsed = make_url(url or settings.database_url)
    except ArgumentError as exc:
        raise ConfigError(f"MASDAR_DATABASE_URL is not a database URL: {exc}") from None
    kwargs: dict[str, Any] = {
        "pool_size": settings.pool_size,
        "max_overflow": settings.pool_max_overflow,
        "pool_timeout": settings.pool_timeout,
    }
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 15}
    elif parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {
            "connect_timeout": max(1, int(settings.ready_timeout)),
            **deadlines.tcp_options(settings.timeouts()),
        }
    else:
        raise ConfigError(
            f"MASDAR_DATABASE_URL: unsupported backend {parsed.get_backend_name()!r} "
            "(use sqlite:/// or postgresql+psycopg://)"
        )
    try:
        engine = create_engine(parsed, **kwargs)
    except Exception as exc:  # missing driver, bad option
        raise ConfigError(f"MASDAR_DATABASE_URL cannot be used: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    deadlines.install(engine, settings.timeouts())
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
