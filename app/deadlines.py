"""Bounded waits on the database: every request has a deadline, by class.

A request's class sets how long it may wait on the database (``docs/operations.md``):

=========  ===========================================  ==============================
class      requests                                     timeout (setting)
=========  ===========================================  ==============================
``read``   GET/HEAD (API and pages)                     ``MASDAR_READ_TIMEOUT`` (10 s)
``write``  POST/PUT/PATCH/DELETE                        ``MASDAR_WRITE_TIMEOUT`` (15 s)
``health`` ``/health/*``                                ``MASDAR_READY_TIMEOUT`` (2 s)
``poll``   the response cache's data-version check      ``MASDAR_POLL_TIMEOUT`` (1 s)
=========  ===========================================  ==============================

Three things hold the bound, because a database can fail by refusing (an error comes
back at once) or by hanging (a stalled network, a stopped process, a held lock: nothing
comes back at all):

1. The database's own timeouts, set on each connection for the class that checks it out
   (PostgreSQL ``statement_timeout``, ``lock_timeout``,
   ``idle_in_transaction_session_timeout``; SQLite ``busy_timeout``), so the server
   gives up its work; TCP keepalives and ``tcp_user_timeout`` drop a peer that has gone.
2. A watchdog thread: at the deadline it aborts the database calls still running for
   the request (PostgreSQL: it shuts the connection's socket down, so the thread waiting
   on it gets an error at once; SQLite: ``interrupt()``). A server that answers nothing
   cannot hold a worker thread past the deadline, whatever the network does.
3. :class:`DeadlineMiddleware`: a request still unanswered shortly after its deadline
   (one waiting for a worker thread, say) gets the 503 problem with ``Retry-After``.

A write is only committed while its deadline holds and its client is still there: the
middleware watches a write's connection for the client leaving (``http.disconnect``)
and aborts its database work then; the ``commit`` hook refuses a transaction whose
request is over. Nothing is committed after the client was told 503 or went away,
with one exception no client-side code can close: a COMMIT already on the wire when the
network stalled is applied if the network comes back before the server's
``idle_in_transaction_session_timeout``.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import json
import logging
import math
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import anyio
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import checkout
from app.errors import Unavailable

log = logging.getLogger("masdar")

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
GRACE = 0.5
"""Seconds after a deadline before the middleware answers for a request itself: the
aborted database call normally answers first, through the app's error handler."""


@dataclass(frozen=True)
class Limits:
    """What one class may wait: overall, for a lock, in seconds."""

    seconds: float
    lock: float


@dataclass(frozen=True)
class Timeouts:
    read: Limits
    write: Limits
    health: Limits
    poll: Limits

    def of(self, kind: str) -> Limits:
        limits: Limits = getattr(self, kind)
        return limits


@dataclass(eq=False)
class Deadline:
    """One request's bound. ``gone``: its client disconnected (writes only)."""

    kind: str
    seconds: float
    at: float
    gone: bool = False
    committing: bool = False
    """A COMMIT was sent: if it gets no answer, the write may or may not have happened."""
    seq: int = field(default_factory=itertools.count().__next__)

    def over(self) -> bool:
        return self.gone or time.monotonic() >= self.at

    def problem(self) -> Unavailable:
        why = (
            "the client went away"
            if self.gone
            else f"the database did not answer within {self.seconds:g} s"
        )
        done = ""
        if self.kind == "write":
            done = (
                " The commit got no answer: GET the record to see whether it happened."
                if self.committing
                else " Nothing was changed."
            )
        return Unavailable(f"{why.capitalize()}.{done}", headers={"Retry-After": retry(self)})


def retry(d: Deadline) -> str:
    return str(max(1, math.ceil(d.seconds)))


CURRENT: ContextVar[Deadline | None] = ContextVar("masdar_deadline", default=None)
"""The deadline of the request this code runs for; worker threads inherit it (anyio and
Starlette run sync code in a copy of the caller's context)."""


@contextmanager
def bounded(kind: str, seconds: float) -> Iterator[Deadline]:
    """Run a block (in its own thread, e.g. a health check or the cache poll) bounded."""
    d = Deadline(kind, seconds, time.monotonic() + seconds)
    token = CURRENT.set(d)
    try:
        yield d
    finally:
        CURRENT.reset(token)


# -- the watchdog --------------------------------------------------------------------


class Watchdog:
    """Aborts the database calls of requests whose deadline passed (one thread).

    The thread sleeps until the earliest deadline of a request still on the database,
    not of every request seen: a request done before its deadline leaves only a stale
    heap entry, dropped when it comes to the top (in :meth:`watch` or when the thread
    wakes). Woken at every request's deadline, the thread took the GIL about once per
    request under load (1,200 wake-ups a second at 1,000 req/s, each a thread switch)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._aborts: dict[Deadline, dict[int, Callable[[], None]]] = {}
        self._thread: threading.Thread | None = None
        self._wake_at = math.inf
        """When the thread wakes by itself next (``inf``: only when notified)."""

    def watch(self, d: Deadline, key: int, abort: Callable[[], None]) -> None:
        with self._cond:
            self._drop_stale()
            aborts = self._aborts.get(d)
            if aborts is None:
                aborts = self._aborts[d] = {}
                heapq.heappush(self._heap, (d.at, d.seq, d))
                if d.at < self._wake_at:  # the thread would sleep past it
                    self._cond.notify()
            aborts[key] = abort
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="masdar-watchdog", daemon=True
                )
                self._thread.start()

    def unwatch(self, d: Deadline, key: int) -> bool:
        """After this returns, ``abort`` for ``key`` is never called. False if it was
        called already (or ``key`` was never watched for ``d``)."""
        with self._cond:
            aborts = self._aborts.get(d)
            if aborts is None:
                return False
            found = aborts.pop(key, None) is not None
            if not aborts:  # nothing to abort: its heap entry is stale now
                del self._aborts[d]
            return found

    def fire(self, d: Deadline) -> None:
        """Abort ``d``'s database calls now (its client went away)."""
        with self._cond:
            self._abort(d)

    def _abort(self, d: Deadline) -> None:
        for abort in self._aborts.pop(d, {}).values():
            try:
                abort()
            except Exception:  # the connection is closing anyway
                log.debug("abort failed", exc_info=True)

    def _drop_stale(self) -> None:
        """Pop the heap's top entries of deadlines with nothing left to abort."""
        heap, aborts = self._heap, self._aborts
        while heap and heap[0][2] not in aborts:
            heapq.heappop(heap)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                while self._heap and self._heap[0][0] <= now:
                    _, _, d = heapq.heappop(self._heap)
                    if self._aborts.get(d):
                        log.warning("deadline: aborting a %s request's database calls", d.kind)
                    self._abort(d)
                self._drop_stale()
                self._wake_at = self._heap[0][0] if self._heap else math.inf
                self._cond.wait(max(0.0, self._wake_at - time.monotonic()) if self._heap else None)


WATCHDOG = Watchdog()


# -- the engine ----------------------------------------------------------------------


def _aborter(dbapi_conn: Any, dialect: str) -> Callable[[], None]:
    if dialect == "sqlite":
        return dbapi_conn.interrupt  # type: ignore[no-any-return]
    fd = dbapi_conn.pgconn.socket

    def shut() -> None:
        if dbapi_conn.closed or dbapi_conn.pgconn.socket != fd:
            return
        s = socket.socket(fileno=fd)
        try:
            s.shutdown(socket.SHUT_RDWR)
        finally:
            s.detach()  # the connection owns the descriptor

    return shut


def _postgresql_settings(limits: Limits | None) -> str:
    if limits is None:  # not a request (CLI, start-up): the server's own defaults
        return (
            "RESET statement_timeout; RESET lock_timeout; RESET idle_in_transaction_session_timeout"
        )
    ms, lock = max(1, int(limits.seconds * 1000)), max(1, int(limits.lock * 1000))
    return (
        f"SET statement_timeout = {ms}; SET lock_timeout = {lock}; "
        f"SET idle_in_transaction_session_timeout = {ms}"
    )


def tcp_options(timeouts: Timeouts) -> dict[str, int]:
    """libpq connection options: a peer that stopped acknowledging is dropped."""
    longest = max(timeouts.read.seconds, timeouts.write.seconds)
    return {
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": int(longest * 1000),
    }


ALIVE_WINDOW = 0.5
"""Seconds after its checkin during which a PostgreSQL connection is taken from the pool
without a ping, as HikariCP does (``aliveBypassWindowMs``, 500 ms). Under load a
connection comes back within milliseconds, and the ping was a fourth round trip on a
list page's three: 9 % of the cache-off list's rate (bench/README.md, tuning notes). A
connection that died in that half second fails its first statement instead: the request
gets a 503 problem, whose handler has the pool open fresh connections
(tests/reliability/test_database_faults.py terminates the backends mid-stream). One the
watchdog aborted is always pinged (its settings are forgotten at checkin)."""


def install(engine: Engine, timeouts: Timeouts) -> None:
    """Hook the engine: per-class database timeouts and the watchdog at checkout, a ping
    (PostgreSQL, in place of ``pool_pre_ping``, so the watchdog covers it too; not within
    :data:`ALIVE_WINDOW` of the connection's last use), and the commit guard."""
    dialect = engine.dialect.name

    def going_out(dbapi_conn: Any, info: dict[Any, Any]) -> None:
        d = CURRENT.get()
        if d is not None:
            if d.over():
                raise d.problem()
            WATCHDOG.watch(d, id(info), _aborter(dbapi_conn, dialect))
            info["deadline"] = d
        limits = None if d is None else timeouts.of(d.kind)
        if dialect == "sqlite":
            ms = int((limits.lock if limits else 15.0) * 1000)
            if info.get("busy_timeout") != ms:
                dbapi_conn.execute(f"PRAGMA busy_timeout = {ms}")
                info["busy_timeout"] = ms
            return
        wanted = _postgresql_settings(limits)
        same = info.get("settings") == wanted
        if same and time.monotonic() - info.get("returned", -math.inf) < ALIVE_WINDOW:
            return  # in use a moment ago: no ping (its first statement finds out)
        try:  # the settings, or a ping when they are in place already
            _autocommit(dbapi_conn, "SELECT 1" if same else wanted)
        except Exception as e:
            if d is not None and d.over():
                raise d.problem() from None
            raise exc.DisconnectionError(str(e)) from e  # the pool tries a fresh one
        info["settings"] = wanted

    def coming_back(_dbapi_conn: Any, info: dict[Any, Any]) -> None:
        """Before the connection goes back to the pool (or is kept by a reader): never
        abort it for this request."""
        d = info.pop("deadline", None)
        if d is not None and not WATCHDOG.unwatch(d, id(info)):
            # aborted (its socket shut, PostgreSQL): whoever takes it next sets the
            # timeouts again, which fails on a dead connection and has it replaced
            info.pop("settings", None)
        if dialect != "sqlite":
            info["returned"] = time.monotonic()

    def forget(dbapi_conn: Any, record: Any, *_: Any) -> None:
        if record is not None:
            coming_back(dbapi_conn, record.info)

    checkout.on_checkout(engine, going_out)
    checkout.on_checkin(engine, coming_back)
    for name in ("invalidate", "soft_invalidate", "close", "detach"):
        event.listen(engine, name, forget)

    @event.listens_for(engine, "commit")
    def commit(conn: Any) -> None:
        d = CURRENT.get()
        if d is not None:
            if d.over():
                raise d.problem()
            d.committing = True


def _autocommit(dbapi_conn: Any, sql: str) -> None:
    """Run ``sql`` outside a transaction (as SQLAlchemy's own ping does)."""
    before = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    try:
        cur = dbapi_conn.cursor()
        try:
            cur.execute(sql)
        finally:
            cur.close()
    finally:
        if not dbapi_conn.closed:
            dbapi_conn.autocommit = before


# -- the middleware ------------------------------------------------------------------


def request_kind(method: str, path: str) -> str:
    if path.startswith("/health"):
        return "health"
    return "write" if method in WRITE_METHODS else "read"


class DeadlineMiddleware:
    """Gives each request its deadline, answers 503 for one still unanswered after it,
    and (writes) notices a client that left."""

    def __init__(self, app: ASGIApp, timeouts: Timeouts) -> None:
        self.app = app
        self.timeouts = timeouts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind = request_kind(scope["method"], scope["path"])
        seconds = self.timeouts.of(kind).seconds
        d = Deadline(kind, seconds, time.monotonic() + seconds)
        token = CURRENT.set(d)
        watch = _ClientWatch(d, receive) if kind == "write" else None
        started = late = False
        timer = anyio.CancelScope(deadline=anyio.current_time() + seconds + GRACE)

        async def sending(message: Message) -> None:
            # The deadline fired while the app waited on a worker thread, which it cannot
            # interrupt, and the app answered after: the next checkpoint would cancel
            # that answer between its headers and its body. A read's late answer is
            # dropped for the deadline's 503; a write's (it may have committed) goes out
            # with its sends shielded.
            nonlocal started, late
            if late:
                return
            if not started:  # from here on the response is the app's, however slow
                if timer.cancel_called and kind != "write":
                    late = True
                    return
                started = True
                timer.deadline = math.inf
                if watch is not None:  # answered: a disconnect now is the usual end
                    watch.stop()
            if timer.cancel_called:
                with anyio.CancelScope(shield=True):
                    await send(message)
                return
            await send(message)

        try:
            with timer:
                await self.app(scope, watch or receive, sending)
            if (timer.cancelled_caught or late) and not started:
                await _answer(send, d.problem(), scope["path"])
        finally:
            CURRENT.reset(token)
            if watch is not None:
                watch.stop()


class _ClientWatch:
    """A write's ``receive``: once the body is in, a task waits for ``http.disconnect``
    and aborts the request's database work when it comes."""

    def __init__(self, d: Deadline, receive: Receive) -> None:
        self.d = d
        self.receive = receive
        self.task: asyncio.Task[Message] | None = None
        self.stopped = False

    async def __call__(self) -> Message:
        if self.task is not None and not self.task.cancelled():
            return await asyncio.shield(self.task)  # the app asks again: the same answer
        message = await self.receive()
        done = message["type"] == "http.request" and not message.get("more_body", False)
        if done and not self.stopped:
            self.task = asyncio.ensure_future(self._watch())
        return message

    async def _watch(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.disconnect" and not self.stopped:
            self.d.gone = True
            WATCHDOG.fire(self.d)
        return message

    def stop(self) -> None:
        self.stopped = True
        if self.task is not None:
            self.task.cancel()


async def _answer(send: Send, problem: Unavailable, path: str) -> None:
    body = json.dumps(
        {
            "type": f"/problems/{problem.slug}",
            "title": problem.title,
            "status": problem.status,
            "detail": problem.detail,
            "instance": path,
        }
    ).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        *((k.lower().encode(), v.encode()) for k, v in (problem.headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})
