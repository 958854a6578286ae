"""What runs as a pooled connection goes out to a caller and comes back.

Going out: the request's deadline is armed on it (app/deadlines.py), SQLite's file is
checked (app/db.py), PostgreSQL's timeouts are set or the connection pinged. Coming back:
the deadline is forgotten. These hooks run at the pool's ``checkout`` and ``checkin``
events, and also when a reader thread reuses the connection it kept from its last read
(:func:`app.api.deps.read_session`): a kept connection goes through the hooks a pooled one
does. What the pool itself does at checkout (recycling, a pool-wide invalidation) it
skips; ``read_session`` drops a kept connection whose pool was disposed since.

A hook is ``hook(dbapi_connection, info)``, ``info`` being the pool record's dictionary
(the same as ``Connection.connection.info``). A checkout hook raises
``DisconnectionError`` to have the connection replaced, as SQLAlchemy's pool events do.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool

Hook = Callable[[Any, dict[Any, Any]], None]


class _Hooks:
    __slots__ = ("out", "back")

    def __init__(self) -> None:
        self.out: list[Hook] = []
        self.back: list[Hook] = []


_BY_POOL: weakref.WeakKeyDictionary[Pool, _Hooks] = weakref.WeakKeyDictionary()
"""The hooks of each pool: an engine's ``execution_options`` copies share its pool, so
they share its hooks too. Register them when the engine is made (app/db.py): a pool
recreated by ``dispose()`` keeps its listeners, and with them these hooks."""
_KEY = "masdar_checkout_hooks"
"""Where a pool record's ``info`` names its pool's hooks (stamped at every checkout: a
record's ``info`` is emptied when it reconnects)."""


def _of(engine: Engine) -> _Hooks:
    hooks = _BY_POOL.get(engine.pool)
    if hooks is None:
        hooks = _BY_POOL[engine.pool] = _Hooks()

        def stamp(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
            record.info[_KEY] = hooks

        event.listen(engine, "checkout", stamp)
    return hooks


def on_checkout(engine: Engine, hook: Hook) -> None:
    """``hook`` as a connection of ``engine`` goes out (in the order registered)."""
    hooks = _of(engine)

    def listener(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        hook(dbapi_conn, record.info)

    event.listen(engine, "checkout", listener)
    hooks.out.append(hook)


def on_checkin(engine: Engine, hook: Hook) -> None:
    """``hook`` as a connection of ``engine`` comes back (not for one already
    invalidated: the pool gives no record then)."""
    hooks = _of(engine)

    def listener(dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            hook(dbapi_conn, record.info)

    event.listen(engine, "checkin", listener)
    hooks.back.append(hook)


def going_out(conn: Connection) -> None:
    """The checkout hooks, for a connection its caller kept checked out since its last
    use."""
    _run(conn, out=True)


def coming_back(conn: Connection) -> None:
    """The checkin hooks, for a connection its caller keeps checked out for its next use."""
    _run(conn, out=False)


def _run(conn: Connection, *, out: bool) -> None:
    proxied = conn.connection
    hooks: _Hooks | None = proxied.info.get(_KEY)
    if hooks is not None:
        for hook in hooks.out if out else hooks.back:
            hook(proxied.dbapi_connection, proxied.info)


def idle(conn: Connection) -> bool:
    """Is the driver's connection outside any transaction? (sqlite3's ``in_transaction``,
    psycopg's transaction status.)"""
    raw = conn.connection.dbapi_connection
    status = getattr(getattr(raw, "info", None), "transaction_status", None)
    if status is not None:  # psycopg: IDLE is 0
        return int(status) == 0
    return not getattr(raw, "in_transaction", False)
