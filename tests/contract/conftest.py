"""Real answers of every GET operation, crawled once per database (tests/contract/support.py)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.contract.support import Answer, Contract, crawl


@pytest.fixture(scope="session")
def spec(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").json()
    return document


@pytest.fixture(scope="session")
def contract(spec: dict[str, Any]) -> Contract:
    return Contract(spec)


@pytest.fixture(scope="session")
def answers(client: TestClient) -> list[Answer]:
    return crawl(client)
