"""Fixtures of the reliability suite: pytest-alembic's ``alembic_config`` and
``alembic_engine`` for the backend under test (SQLite, and PostgreSQL when
``MASDAR_TEST_DATABASE_URL`` is set), and the schemathesis figures in the summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytest_alembic import Config as AlembicTestConfig
from sqlalchemy import Engine

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from tests.conftest import Databases
from tests.reliability.support import STATS_ATTR

# -- pytest-alembic ----------------------------------------------------------------------


@pytest.fixture
def alembic_config() -> AlembicTestConfig:
    return AlembicTestConfig(config_options={"script_location": str(PROJECT_ROOT / "migrations")})


@pytest.fixture
def alembic_engine(databases: Databases) -> Iterator[Engine]:
    """An empty database of the backend under test (pytest-alembic migrates it)."""
    url = databases.empty()
    engine = make_engine(Settings(database_url=url))
    yield engine
    engine.dispose()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for backend, stats in getattr(terminalreporter.config, STATS_ATTR, {}).items():
        terminalreporter.write_line(
            f"schemathesis ({backend}): {stats['requests']} generated requests in "
            f"{stats['seconds']:.0f} s, by phase {stats['phases']}, statuses {stats['statuses']}"
        )
