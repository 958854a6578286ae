"""What runs as a pooled connection goes out to a caller and comes back.

Going out: the request's deadline is armed on it (app/deadlines.py), SQLite's file is
checked (app/db.py), PostgreSQL's timeouts are set or the connection pinged. Coming back:
the deadline is forgotten. These hooks run at the pool's ``checkout`` and ``checkin``
events, and also when a reader thread reuses the connection it kept from its last read
(:func:`app.api.deps.read_session`), so a kept connection goes through exactly what a
pooled one does, the pool's queue aside.

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

Hook = Callable[[Any, dict[Any, Any]], None]


class _Hooks:
    __slots__ = ("out", "back")

    def __init__(self) -> None:
        self.out: list[Hook] = []
        self.back: list[Hook] = []


_BY_ENGINE: weakref.WeakKeyDictionary[Engine, _Hooks] = weakref.WeakKeyDictionary()
_KEY = "masdar_checkout_hooks"
"""Where a pool record's ``info`` names its engine's hooks (stamped at every checkout,
so a pool recreated by ``dispose()`` and an engine's ``execution_options`` copies
find them too)."""


def _of(engine: Engine) -> _Hooks:
    hooks = _BY_ENGINE.get(engine)
    if hooks is None:
        hooks = _BY_ENGINE[engine] = _Hooks()

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
    proxied = conn.connection
    hooks: _Hooks | None = proxied.info.get(_KEY)
    if hooks is not None:
        for hook in hooks.out:
            hook(proxied.dbapi_connection, proxied.info)


def coming_back(conn: Connection) -> None:
    """The checkin hooks, for a connection its caller keeps checked out for its next use."""
    proxied = conn.connection
    hooks: _Hooks | None = proxied.info.get(_KEY)
    if hooks is not None:
        for hook in hooks.back:
            hook(proxied.dbapi_connection, proxied.info)
