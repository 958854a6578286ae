"""Health, start-up order and recovery: the process keeps running while its database is
away, answers 503 problems, and becomes ready by itself when the database returns."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from tests.conftest import Databases
from tests.ops.tcpproxy import TcpProxy

PROBLEM = "application/problem+json"


def wait_for(check: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def assert_down(client: TestClient) -> None:
    assert client.get("/health/live").status_code == 200
    ready = client.get("/health/ready")
    assert ready.status_code == 503 and ready.headers["content-type"] == PROBLEM
    assert ready.headers["cache-control"] == "no-store"
    api = client.get("/v1/sources")
    assert api.status_code == 503 and api.headers["content-type"] == PROBLEM
    assert api.json()["status"] == 503


def assert_up(client: TestClient) -> None:
    assert wait_for(lambda: client.get("/health/ready").status_code == 200)
    assert [s["id"] for s in client.get("/v1/sources").json()["items"]] == [
        "000",
        "001",
        "002",
        "003",
        "004",
    ]


def test_live_and_ready(client: TestClient) -> None:
    assert client.get("/health/live").json() == {"status": "live"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_sqlite_start_while_database_missing_then_seed_when_it_appears(
    tmp_path: Path, databases: Databases, make_client: Callable[..., TestClient]
) -> None:
    if databases.backend != "sqlite":
        pytest.skip("the embedded-database start-up test is for SQLite")
    path = tmp_path / "later.db"
    path.mkdir()  # a directory where the database file should be: unusable
    with make_client(f"sqlite:///{path}", pool_timeout=1.0) as client:
        assert_down(client)
        path.rmdir()
        path.touch()  # an empty database appears: migrate + seed, then ready
        assert_up(client)


def test_postgresql_down_at_start_then_up_then_down_then_up(
    databases: Databases, seeded_template: str, make_client: Callable[..., TestClient]
) -> None:
    if databases.backend != "postgresql":
        pytest.skip("the TCP proxy test is for a database server")
    url = make_url(databases.copy(seeded_template))
    proxy = TcpProxy(url.port or 5432)
    proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    with make_client(proxied, ready_timeout=1.0, pool_timeout=1.0) as client:
        assert_down(client)  # nothing listens on the proxy's port yet
        proxy.start()
        assert_up(client)
        proxy.stop()  # the database goes away mid-stream
        assert wait_for(lambda: client.get("/health/ready").status_code == 503)
        assert client.get("/v1/partners").status_code == 503
        proxy.start()
        assert_up(client)
        proxy.stop()


def test_two_app_instances_over_one_database_answer_the_same(
    seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    with make_client(seeded_url) as a, make_client(seeded_url) as b:
        for path in ("/v1/figures?limit=200", "/v1/partners/oracle", "/v1/funds?currency=MAD"):
            ra, rb = a.get(path), b.get(path)
            assert ra.status_code == rb.status_code == 200
            assert ra.content == rb.content
            assert ra.headers["etag"] == rb.headers["etag"]


def test_reads_go_to_the_replica_when_one_is_set(
    seeded_url: str,
    databases: Databases,
    seeded_template: str,
    make_client: Callable[..., TestClient],
) -> None:
    from sqlalchemy import text

    from app.config import Settings
    from app.db import make_engine

    replica = databases.copy(seeded_template)
    engine = make_engine(Settings(database_url=replica))
    with engine.begin() as conn:  # make the replica recognisable
        conn.execute(text("UPDATE partner SET name = 'Oracle (replica)' WHERE id = 'oracle'"))
    engine.dispose()
    with make_client(seeded_url, read_database_url=replica) as client:
        assert client.get("/v1/partners/oracle").json()["name"] == "Oracle (replica)"
    with make_client(seeded_url) as client:
        assert client.get("/v1/partners/oracle").json()["name"] == "Oracle"


def test_a_database_newer_than_the_code_is_refused(empty_url: str) -> None:
    from sqlalchemy import text

    from app.config import Settings
    from app.db import make_engine
    from app.errors import ConfigError
    from app.migrate import migrate_to_head

    engine = make_engine(Settings(database_url=empty_url))
    migrate_to_head(empty_url, engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ConfigError, match="does not know"):
        migrate_to_head(empty_url, engine)
    engine.dispose()
