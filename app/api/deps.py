"""Dependencies shared by the routers: session, settings, pagination, strict query."""

from __future__ import annotations

import base64
import binascii
import functools
import logging
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.pool import Pool
from sqlmodel import Session

from app import checkout, readers
from app.config import Settings
from app.errors import BadRequest
from app.services.basis import STATED_ONLY, stated_only

log = logging.getLogger("masdar")

T = TypeVar("T")


async def write(request: Request, run: Callable[[Session], T]) -> T:
    """``run(session)`` on a session on the primary, in the writers' own threads: every
    write, and a curator's reads of the primary (proposals, keys).

    A write makes one hop, to threads reads never wait for and that never wait for reads
    (``MASDAR_WRITE_THREADS``: two on SQLite, whose transactions take turns). In the
    readers' pool, behind a queue of reads at every hop (the key, the session, the route,
    the session's end), a write took 30 reads' time per hop under load (bench/mixed.md).
    """

    def run_here() -> T:
        with session_on(request.app.state.engine) as session:
            return run(session)

    return await anyio.to_thread.run_sync(run_here, limiter=writers(request.app))


async def in_thread(
    func: Callable[..., T], *args: Any, limiter: anyio.CapacityLimiter | None = None
) -> T:
    """``func(*args)`` in a worker thread, for work that changes nothing: reads, key
    lookups. The readers' threads (app/readers.py) unless ``limiter`` names others (the
    writers': a write's key check).

    When the request's deadline cancels the wait (app/deadlines.py, half a second after
    the deadline), the caller stops waiting then and the thread finishes on its own, its
    result dropped: a thread cannot be interrupted, and a read of a hung database that
    waited for it (for a new connection's ``connect_timeout``, say) answered 2 s after
    its deadline. The thread's database calls end at that deadline anyway (the
    watchdog), and another thread takes its place (with ``limiter``, its token goes back
    as the wait ends), so reads after it are not held up either. So ``MASDAR_THREADS``
    bounds the reads being waited for, not the threads still running: past their
    deadline, a few more may run (each holds a pool connection until its database call
    is aborted or its connection attempt times out). Writes never use this: a write's
    thread may be committing (:func:`write`).
    """
    if limiter is None:
        return await readers.POOL.run(func, *args)
    return await anyio.to_thread.run_sync(func, *args, limiter=limiter, abandon_on_cancel=True)


def writers(app: Any) -> anyio.CapacityLimiter:
    """The app's writer threads (made in the event loop, at the first write)."""
    state = app.state
    limiter: anyio.CapacityLimiter | None = getattr(state, "writers", None)
    if limiter is None:
        n = state.settings.writer_threads()
        limiter = state.writers = (
            anyio.CapacityLimiter(n) if n else anyio.to_thread.current_default_thread_limiter()
        )
    return limiter


async def read(request: Request, load: Callable[[Session], T]) -> T:
    """``load(session)`` in the readers' threads (app/readers.py), on a read session opened
    and closed in that same thread: the one hop a public read request makes (a curator's
    ``include_retracted=true`` adds one, to check the key on the primary).

    Read routes are ``async def`` with ``async`` dependencies only: parameters, response
    validation and serialisation run on the event loop, database work in a reader thread.
    A sync route costs a second hop when it returns a model (FastAPI validates it in
    anyio's threads), a ``yield`` dependency two more, and a hop costs about as much as a
    page's SQL (docs/benchmarks.md; tests/api/test_thread_hops.py keeps it at one).
    """

    state = request.app.state
    engine = state.read_engine if request.method in ("GET", "HEAD") else state.engine

    def run() -> T:
        with read_session(engine) as session:
            return load(session)

    result = await in_thread(run)
    return stated_only(result) if STATED_ONLY.get() else result


@contextmanager
def session_on(engine: Engine) -> Iterator[Session]:
    """A session on ``engine``, closed quietly if its connection was dropped meanwhile."""
    session = Session(engine)
    try:
        yield session
    finally:
        _close_quietly(session.close)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A read's session, bound to one connection of ``engine``, closed quietly as
    :func:`session_on`'s.

    - The prepared statements (app/services/prepared.py) run on that connection, so a
      list page never asks the session for one: a read is spared the session's own
      transaction bookkeeping (46 µs opened on the engine, 22 µs bound to a connection).
    - In a reader thread with more reads queued, a read that went well leaves its
      connection to the thread's next read (:func:`app.readers.keep`) instead of the
      pool; the thread gives it back before it waits for work. What the pool does as a
      connection goes out and comes back runs all the same (app/checkout.py: the
      request's deadline, SQLite's file check, PostgreSQL's timeouts), only its queue is
      skipped. A connection in a transaction, invalidated, or whose read failed goes
      back to the pool.

    Under load, with one reader thread, each was 10 to 17 % of the cache-off list's rate
    on SQLite and on PostgreSQL (bench/README.md, tuning notes)."""
    conn = _reused(engine) or engine.connect()
    kept = False
    try:
        session = Session(bind=conn)
        try:
            yield session
        finally:
            _close_quietly(session.close)
        kept = _kept(engine, conn)
    finally:
        if not kept:
            _close_quietly(conn.close)


def _reused(engine: Engine) -> Connection | None:
    """This reader thread's connection from its last read, gone through the checkout
    hooks; None when there is none, or when it must be replaced (its pool was disposed
    since, its file replaced, its server gone)."""
    found: tuple[Connection, Pool] | None = readers.take(engine)
    if found is None:
        return None
    conn, pool = found
    if pool is not engine.pool:  # disposed since (app/errors.py, after a database error)
        _close_quietly(conn.close)
        return None
    try:
        checkout.going_out(conn)
    except DisconnectionError:  # as the pool does: that connection is done with
        _discard(conn)
        return None
    except BaseException:  # the deadline passed (before or during a ping): as the pool
        _discard(conn)  # does when a checkout hook fails
        raise
    return conn


def _kept(engine: Engine, conn: Connection) -> bool:
    """Did this reader thread keep ``conn`` for its next read (see :func:`read_session`)?
    Not one in a transaction: SQLAlchemy's, or the driver's (a raw cursor's statement on a
    connection that is not in autocommit), which the pool's reset would have ended."""
    if conn.invalidated or conn.closed or conn.in_transaction() or not checkout.idle(conn):
        return False
    checkout.coming_back(conn)
    return readers.keep(engine, (conn, engine.pool), functools.partial(_close_quietly, conn.close))


def _discard(conn: Connection) -> None:
    try:
        conn.invalidate()
    finally:
        _close_quietly(conn.close)


def _close_quietly(close: Callable[[], None]) -> None:
    try:
        close()
    except DBAPIError as exc:  # SQLAlchemy has invalidated the connection already
        log.warning("close failed, connection discarded: %s", type(exc).__name__)


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def public_base(request: Request) -> str:
    """The base of masdar's absolute IRIs, without a trailing slash: ``MASDAR_PUBLIC_URL``,
    else the URL this request reached (scheme, host and root path)."""
    settings: Settings = request.app.state.settings
    return (settings.public_url or str(request.base_url)).rstrip("/")


SettingsDep = Annotated[Settings, Depends(get_settings)]

MAX_LIMIT = 200
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1–{MAX_LIMIT}.")]


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


ROUTER_PARAMS = frozenset({"include_retracted", "basis"})
"""Query parameters of the ``/v1`` dependency (app.api.v1.v1_request). FastAPI lists them
in ``route.dependant`` too; naming them here keeps the check independent of that."""

_ALLOWED: dict[int, tuple[weakref.ref[Any], frozenset[str]]] = {}
"""Each route's query parameter names, computed at its first request (by ``id``: routes
are not hashable)."""


async def reject_unknown_params(request: Request) -> None:
    """Unknown or repeated query parameters are client mistakes: say so (400)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _ALLOWED.get(id(route))
    if known is not None and known[0]() is route:
        allowed = known[1]
    else:
        allowed = frozenset(_query_names(dependant) | ROUTER_PARAMS)
        _ALLOWED[id(route)] = (weakref.ref(route), allowed)
    keys = [k for k, _ in request.query_params.multi_items()]
    unknown = sorted({k for k in keys if k not in allowed})
    if unknown:
        raise BadRequest(
            f"Unknown query parameter(s): {', '.join(map(repr, unknown))}. "
            f"Allowed: {', '.join(sorted(allowed)) or 'none'}.",
            errors=[{"in": "query", "name": k, "message": "unknown parameter"} for k in unknown],
        )
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise BadRequest(
            f"Query parameter(s) given more than once: {', '.join(map(repr, repeated))}.",
            errors=[{"in": "query", "name": k, "message": "repeated"} for k in repeated],
        )


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    """The opaque cursor is the last key of the previous page, base64url-encoded."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii"))
        key = raw.decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise BadRequest(
            "Query parameter 'cursor' is not a cursor this API issued.",
            errors=[{"in": "query", "name": "cursor", "message": "invalid cursor"}],
        ) from None
    if not key or len(key) > 300 or "\x00" in key:
        raise BadRequest(
            "Query parameter 'cursor' is not a cursor this API issued.",
            errors=[{"in": "query", "name": "cursor", "message": "invalid cursor"}],
        )
    return key


Cursor = Annotated[
    str | None,
    Query(max_length=400, description="Opaque cursor from the previous page's `next_cursor`."),
]


def resolve(
    session: Session, rtype: str, value: str | None, param: str | None = None
) -> list[str] | None:
    """A filter value → the ids it names (id or any alias); ``None`` when not filtering.

    A name of several records is a 400 ``ambiguous`` problem naming ``param``
    (default ``rtype``) and listing the candidates."""
    if value is None:
        return None
    from app.services.resolve import ids_for

    return ids_for(session, rtype, value, param=param)


Name = Annotated[str | None, Query(min_length=1, max_length=200, pattern="^[^\x00]*$")]
"""A filter by name or id; NUL never occurs in one (PostgreSQL refuses it in text)."""
