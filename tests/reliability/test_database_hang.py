"""A database that hangs (no answer, no error) or holds a lock: every request is answered
within its class's timeout, a cached answer is not held up at all, and a write that was
answered 503 or whose client left is never committed afterwards.

PostgreSQL sits behind ``tests/ops/tcpproxy.py``, paused (what a stalled network or a
stopped process look like). SQLite cannot hang on a network; what makes it wait is
another connection holding the write lock, so its half holds that lock.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from tests.browser import live_server
from tests.conftest import Databases
from tests.curation.conftest import make_key, partner_body
from tests.ops.tcpproxy import TcpProxy

PROBLEM = "application/problem+json"
TIMEOUTS: dict[str, Any] = {
    "read_timeout": 3.0,
    "write_timeout": 4.0,
    "lock_timeout": 1.5,
    "ready_timeout": 2.0,
    "poll_timeout": 0.5,
    "response_cache_poll": 0.2,
    "pool_timeout": 1.0,
    "rate_limit": False,
}
SLACK = 1.5
"""Seconds allowed past a timeout (the middleware answers at timeout + 0.5 s at most;
the rest is for a machine busy with other work)."""


def timed(call: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    r = call()
    return r, time.monotonic() - started


def paused_calls(
    proxy: TcpProxy, calls: dict[str, Callable[[], httpx.Response]], *, wait_s: float = 15.0
) -> dict[str, tuple[httpx.Response, float] | None]:
    """Run ``calls`` at once while the proxy is paused; None for a call still hanging
    after ``wait_s`` seconds. The proxy is resumed before returning, so nothing stays
    stuck (a failing run ends instead of hanging)."""
    pool = ThreadPoolExecutor(len(calls))
    try:
        futures = {k: pool.submit(timed, f) for k, f in calls.items()}
        done, _ = wait(futures.values(), timeout=wait_s)
        return {k: f.result() if f in done else None for k, f in futures.items()}
    finally:
        proxy.resume()
        pool.shutdown(wait=True)


def assert_unavailable(r: httpx.Response, took: float, limit: float, what: str) -> None:
    assert r.status_code == 503, f"{what}: {r.status_code} {r.text[:300]}"
    assert r.headers["content-type"] == PROBLEM, what
    assert int(r.headers["retry-after"]) >= 1, what
    assert took <= limit + SLACK, f"{what} took {took:.1f} s (timeout {limit} s)"


@contextmanager
def proxied(databases: Databases, seeded_template: str) -> Iterator[tuple[str, str, TcpProxy]]:
    """(direct URL, URL through a running proxy, the proxy) of a fresh seeded database."""
    direct = databases.copy(seeded_template)
    url = make_url(direct)
    proxy = TcpProxy(url.port or 5432)
    proxy.start()
    try:
        yield direct, url.set(port=proxy.port).render_as_string(hide_password=False), proxy
    finally:
        proxy.stop()


def _pg(direct: str) -> psycopg.Connection[Any]:
    url = make_url(direct)
    return psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True
    )


def partner_exists(direct: str, pid: str) -> bool:
    with _pg(direct) as conn:
        return conn.execute("SELECT 1 FROM partner WHERE id = %s", (pid,)).fetchone() is not None


@pytest.mark.parametrize("threads", [None, 1], ids=["default-threads", "one-reader-thread"])
def test_a_hung_postgresql_answers_every_class_within_its_timeout(
    databases: Databases,
    seeded_template: str,
    make_client: Callable[..., TestClient],
    threads: int | None,
) -> None:
    """With one reader thread, the reads after the first wait for it while it waits on the
    hung database: each still gets its 503 in time, and the health check, which has
    threads of its own, is not queued behind them.

    The cache's data-version check is given longer than any request (``poll_timeout``):
    a cached answer that waited for it would come last, so the cached answer coming
    first shows it did not, without a bound in seconds that a busy machine's stall can
    break (one of 1.02 s did, in a full CI run)."""
    if databases.backend != "postgresql":
        pytest.skip("a network hang needs a database server")
    settings = {**TIMEOUTS, "poll_timeout": 10.0}
    if threads is not None:
        settings["threads"] = threads
    with proxied(databases, seeded_template) as (direct, url, proxy):
        _, token = make_key(direct)
        key = {"Authorization": f"Bearer {token}"}
        with make_client(url, **settings) as client:
            calls: dict[str, Callable[[], Any]] = {
                "cached": lambda: client.get("/v1/partners/oracle"),
                "read": lambda: client.get("/v1/figures?limit=7"),
                "search": lambda: client.get("/v1/search", params={"q": "Dakhla"}),
                "page": lambda: client.get("/figures/dakhla-capacity-000"),
                "write": lambda: client.post(
                    "/v1/partners", headers=key, json=partner_body("hung-write")
                ),
                "health": lambda: client.get("/health/ready"),
                "read again": lambda: client.get("/v1/figures?limit=9"),
                "initiatives": lambda: client.get("/v1/initiatives?limit=3"),
            }
            for what in (
                "read",
                "search",
                "page",
                "health",
                "initiatives",
            ):  # first calls build things
                assert any(calls[what]().status_code == 200 for _ in range(3)), what
            warm = client.post("/v1/partners", headers=key, json=partner_body("warm-up"))
            assert warm.status_code == 201, warm.text
            cached = client.get("/v1/partners/oracle")
            assert cached.status_code == 200 and cached.json()["name"] == "Oracle"
            client.get("/v1/figures?limit=8")  # a miss: the read path once more
            proxy.pause()
            time.sleep(0.3)  # the cache's data-version check is due: it will hang
            answers = paused_calls(proxy, calls)
            hung = sorted(k for k, v in answers.items() if v is None)
            assert not hung, f"still waiting after 15 s: {hung}"
            got = {k: v for k, v in answers.items() if v is not None}
            r, took = got.pop("cached")
            assert r.status_code == 200 and r.content == cached.content
            first_503 = min(t for _, t in got.values())
            assert took < first_503, f"the cached answer ({took:.2f} s) came after a 503"
            limits = {"write": 4.0, "health": 2.0}
            limits |= {k: 3.0 for k in got if k not in limits}
            for what, (r, took) in got.items():
                assert_unavailable(r, took, limits[what], what)
            for what, (r, _) in got.items():  # a pooled connection hangs; a new one
                # (connect_timeout, the ready timeout) cannot connect: either says so
                assert r.content, (what, r.headers)
                detail = r.json()["detail"]
                says = (f"within {limits[what]:g} s", "unavailable", "does not answer")
                assert any(x in detail for x in says), detail
            deadline = time.monotonic() + 20
            while client.get("/v1/figures?limit=7").status_code != 200:
                assert time.monotonic() < deadline, "the service did not recover"
                time.sleep(0.2)
            assert client.get("/health/ready").status_code == 200
        assert not partner_exists(direct, "hung-write")


def test_a_write_in_flight_when_postgresql_hangs_is_never_committed_late(
    databases: Databases, seeded_template: str, make_client: Callable[..., TestClient]
) -> None:
    """The write waits for the ``meta`` row lock; the network stalls; the lock goes: the
    server runs the write's statement but its answer is held. The client gets its 503 at
    the write timeout, and when the network comes back nothing is committed (the server
    ended the transaction that sat idle: ``idle_in_transaction_session_timeout``)."""
    if databases.backend != "postgresql":
        pytest.skip("a network hang needs a database server")
    with proxied(databases, seeded_template) as (direct, url, proxy):
        _, token = make_key(direct)
        settings = {**TIMEOUTS, "lock_timeout": 3.0}
        with make_client(url, **settings) as client, _pg(direct) as holder:
            client.get("/health/ready")
            holder.execute("BEGIN")
            holder.execute("SELECT * FROM meta WHERE key = 'data_version' FOR UPDATE")

            def write() -> httpx.Response:
                return client.post(
                    "/v1/partners",
                    headers={"Authorization": f"Bearer {token}"},
                    json=partner_body("late-write"),
                )

            def stall() -> None:
                time.sleep(0.8)  # the write is waiting for the row lock
                proxy.pause()
                holder.execute("COMMIT")  # the server goes on; its answers are held

            threading.Thread(target=stall, daemon=True).start()
            answer = paused_calls(proxy, {"write": write}, wait_s=8.0)["write"]
            assert answer is not None, "the write was still waiting after 8 s"
            assert_unavailable(*answer, 4.0, "write")
            # (paused_calls resumed the proxy: the server had ended the idle transaction)
            time.sleep(0.5)
        assert not partner_exists(direct, "late-write")


def _curation_server(url: str, **settings: Any) -> AbstractContextManager[str]:
    """masdar under uvicorn (a real client can leave it), with the test's timeouts."""
    return live_server(url, **{**TIMEOUTS, **settings})


def test_a_write_whose_client_left_is_rolled_back_postgresql(
    databases: Databases, seeded_template: str
) -> None:
    """The client gives up after 0.5 s; the network comes back at 1.5 s, well inside the
    write's own timeout: the write must not go on and commit for nobody."""
    if databases.backend != "postgresql":
        pytest.skip("a network hang needs a database server")
    with proxied(databases, seeded_template) as (direct, url, proxy):
        _, token = make_key(direct)
        with _curation_server(url, write_timeout=10.0, lock_timeout=10.0) as base:
            assert httpx.get(f"{base}/health/ready").status_code == 200
            proxy.pause()
            with pytest.raises(httpx.ReadTimeout):
                httpx.post(
                    f"{base}/v1/partners",
                    headers={"Authorization": f"Bearer {token}"},
                    json=partner_body("gone-write"),
                    timeout=0.5,
                )
            time.sleep(1.0)
            proxy.resume()
            time.sleep(2.0)  # time for a late write to land, if it were going to
            assert httpx.get(f"{base}/v1/partners/gone-write").status_code == 404
        assert not partner_exists(direct, "gone-write")


@contextmanager
def sqlite_write_lock(url: str) -> Iterator[sqlite3.Connection]:
    """Another connection holding SQLite's write lock until the block ends."""
    conn = sqlite3.connect(make_url(url).database or "", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_a_held_sqlite_write_lock_bounds_writes_not_reads(
    databases: Databases, seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    if databases.backend != "sqlite":
        pytest.skip("SQLite's write lock")
    _, token = make_key(seeded_url)
    key = {"Authorization": f"Bearer {token}"}
    with make_client(seeded_url, **TIMEOUTS) as client:
        warm = client.post("/v1/partners", headers=key, json=partner_body("warm-up"))
        assert warm.status_code == 201, warm.text
        with sqlite_write_lock(seeded_url):
            r, took = timed(
                lambda: client.post("/v1/partners", headers=key, json=partner_body("locked-out"))
            )
            assert_unavailable(r, took, 1.5, "write")  # lock_timeout, not 15 s
            assert "locked" in r.json()["detail"]
            r, took = timed(lambda: client.get("/v1/figures?limit=7"))
            # WAL: reads go on (one that waited for the lock, held all along, would
            # end in a 503 at its busy timeout)
            assert r.status_code == 200 and took < TIMEOUTS["read_timeout"]
        assert client.get("/v1/partners/locked-out").status_code == 404


def test_a_write_whose_client_left_is_rolled_back_sqlite(
    databases: Databases, seeded_url: str
) -> None:
    if databases.backend != "sqlite":
        pytest.skip("SQLite's write lock")
    _, token = make_key(seeded_url)
    with _curation_server(seeded_url, write_timeout=10.0, lock_timeout=10.0) as base:
        assert httpx.get(f"{base}/health/ready").status_code == 200
        with sqlite_write_lock(seeded_url):
            with pytest.raises(httpx.ReadTimeout):
                httpx.post(
                    f"{base}/v1/partners",
                    headers={"Authorization": f"Bearer {token}"},
                    json=partner_body("gone-write"),
                    timeout=0.5,
                )
            time.sleep(0.5)
        time.sleep(1.5)  # the lock is free: a write still waiting would commit now
        assert httpx.get(f"{base}/v1/partners/gone-write").status_code == 404
