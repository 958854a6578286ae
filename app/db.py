"""Engines and sessions. The engine lives on ``app.state``; nothing is built at import."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlmodel import Session, create_engine

from app import checkout, deadlines
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
        if parsed.database and parsed.database != ":memory:":
            _follow_the_file(engine, parsed.database)
    deadlines.install(engine, settings.timeouts())
    return engine


def reading(engine: Engine) -> Engine:
    """The engine GET and HEAD requests (and MCP tools) read through, and API keys are
    looked up through (``app.state.key_engine``, the primary's): ``engine`` itself on
    SQLite; on PostgreSQL the same pool with its connections in autocommit.

    A read in autocommit sends no ``BEGIN`` before its first statement and no ``ROLLBACK``
    after its last: two of a list page's six round trips. And psycopg keeps the statements
    it prepared on a connection, which every ``ROLLBACK`` discarded: a page's statements are
    planned once per connection instead of once per request (docs/benchmarks.md measures
    PostgreSQL against SQLite). The answers are the
    same: under READ COMMITTED, PostgreSQL's default and masdar's, each statement sees its
    own snapshot whether or not the statements share a transaction. Writes never go
    through it (it may be a read replica's)."""
    if engine.dialect.name != "postgresql":
        return engine  # Python's sqlite3 sends no BEGIN before a SELECT anyway
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _follow_the_file(engine: Engine, path: str) -> None:
    """A pooled SQLite connection keeps the file it opened even after that file is
    replaced (a backup restored, a file re-created while it was missing): it would answer
    from the old one, or from an empty one, for as long as the pool keeps it. Each
    checkout compares the file's identity with the one the connection opened (one
    ``stat``) and makes the pool reconnect when they differ."""

    def opened(_conn: Any, record: Any) -> None:
        record.info["masdar_file"] = _identity(path)

    def still_the_file(_conn: Any, info: dict[Any, Any]) -> None:
        if info.get("masdar_file") != _identity(path):
            raise DisconnectionError("the SQLite database file was replaced")

    def broken(context: Any) -> None:
        if broken_file(context.original_exception):
            context.is_disconnect = True

    event.listen(engine, "connect", opened)
    checkout.on_checkout(engine, still_the_file)
    event.listen(engine, "handle_error", broken)


_BROKEN_FILE = ("SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_IOERR")


def broken_file(exc: BaseException) -> bool:
    """Did SQLite find a file that is not (or no longer) the database? The connection that
    met it (it opened the file while it was being replaced) is then discarded, not kept
    to fail every request it serves; the pool opens the file afresh. SQLite's error names
    say it (not a database, corrupt, an I/O error), and "no such table" for a file
    re-created empty."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_BROKEN_FILE) or str(exc).startswith("no such table")


def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
