"""Helpers for the journalist-tools tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def texts(client: TestClient) -> dict[str, str]:
    """Every article text, by source id."""
    ids = [s["id"] for s in client.get("/v1/sources").json()["items"]]
    return {i: client.get(f"/v1/sources/{i}").json()["text"] for i in ids}


def _walk(client: TestClient, url: str) -> Iterator[dict[str, Any]]:
    sep = "&" if "?" in url else "?"
    cursor = None
    while True:
        page = client.get(url + (f"{sep}cursor={cursor}" if cursor else "")).json()
        yield from page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return


Walk = Callable[[TestClient, str], Iterator[dict[str, Any]]]


@pytest.fixture(scope="session")
def walk() -> Walk:
    """Every item of a paginated list, following ``next_cursor``."""
    return _walk
