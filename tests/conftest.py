"""Test databases: every test that writes gets its own; read-only tests share a seeded one.

The suite runs on SQLite always, and on PostgreSQL too when
``MASDAR_TEST_DATABASE_URL`` names a server (``.ci/run`` sets it); otherwise the
PostgreSQL half is skipped with a reason.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.config import Settings
from app.db import make_engine
from app.main import create_app
from app.migrate import migrate_to_head, seed_database

PG_ENV = "MASDAR_TEST_DATABASE_URL"
# The access log's writer thread prints a request's line when it wakes, which may be
# after pytest stopped capturing that test: apps made here log nothing unless a test asks
# (tests/ops/test_logs.py does, and reads its lines).
os.environ.setdefault("MASDAR_ACCESS_LOG", "off")
BACKENDS = ["sqlite", "postgresql"]
_counter = itertools.count()


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _pg_exec(sql: str) -> None:
    import psycopg

    url = make_url(_pg_admin_url() or "")
    with psycopg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=url.database or "postgres",
        autocommit=True,
        connect_timeout=5,
    ) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _pg_url(name: str) -> str:
    url = make_url(_pg_admin_url() or "")
    return url.set(database=name).render_as_string(hide_password=False)


class Databases:
    """Creates databases for one backend; cleans them up at the end of the session."""

    def __init__(self, backend: str, tmp: Path) -> None:
        self.backend = backend
        self.tmp = tmp
        self.created: list[str] = []

    def empty(self) -> str:
        n = next(_counter)
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp / f'db{n}.sqlite'}"
        name = f"masdar_t{os.getpid()}_{n}"
        _pg_exec(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return _pg_url(name)

    def copy(self, url: str) -> str:
        n = next(_counter)
        if self.backend == "sqlite":
            src = Path(make_url(url).database or "")
            dst = self.tmp / f"db{n}.sqlite"
            shutil.copyfile(src, dst)
            return f"sqlite:///{dst}"
        name = f"masdar_t{os.getpid()}_{n}"
        _pg_exec(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(url).database}"')
        self.created.append(name)
        return _pg_url(name)

    def drop_all(self) -> None:
        for name in self.created:
            try:
                _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception:
                pass


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "postgresql" and not _pg_admin_url():
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    return name


@pytest.fixture(scope="session")
def databases(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(backend, tmp_path_factory.mktemp(backend))
    yield dbs
    dbs.drop_all()


def settings_for(url: str, **overrides: object) -> Settings:
    return Settings(database_url=url, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seeded_template(databases: Databases) -> str:
    """A migrated and seeded database that tests copy and never write to."""
    url = databases.empty()
    engine = make_engine(settings_for(url))
    migrate_to_head(url, engine)
    seed_database(engine, Settings().seed_dir)
    engine.dispose()
    return url


@pytest.fixture
def empty_url(databases: Databases) -> str:
    return databases.empty()


@pytest.fixture
def seeded_url(databases: Databases, seeded_template: str) -> str:
    """A private copy of the seeded database: write to it freely."""
    return databases.copy(seeded_template)


@pytest.fixture(scope="session")
def client(databases: Databases, seeded_template: str) -> Iterator[TestClient]:
    """A client over a shared seeded database, for tests that only read."""
    url = databases.copy(seeded_template)
    # shared by every read test of the session: its request count must not hit the
    # per-client rate limits (tested in tests/curation and tests/reliability)
    app = create_app(settings_for(url, rate_limit=False))
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()


@pytest.fixture
def make_client(databases: Databases) -> Iterator[object]:
    """Build clients over given URLs; engines are disposed at teardown."""
    apps = []

    def _make(url: str, **overrides: object) -> TestClient:
        app = create_app(settings_for(url, **overrides))
        apps.append(app)
        return TestClient(app)

    yield _make
    for app in apps:
        app.state.engine.dispose()


@pytest.fixture
def server(seeded_url: str) -> Iterator[str]:
    """A real uvicorn server on 127.0.0.1 over a private seeded database (browser tests)."""
    from tests.browser import live_server

    with live_server(seeded_url) as url:
        yield url
