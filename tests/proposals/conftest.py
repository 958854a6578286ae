"""Fixtures for proposals: a private seeded database with a curator key, and helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.curation.conftest import Curation, make_key

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture
def cur(seeded_url: str, make_client: Callable[..., TestClient]) -> Iterator[Curation]:
    _, curator = make_key(seeded_url, "curator-1", "curator")
    _, admin = make_key(seeded_url, "admin-1", "admin")
    client = make_client(seeded_url, rate_limit=False)
    with client:
        yield Curation(
            seeded_url,
            client,
            {"Authorization": f"Bearer {curator}"},
            {"Authorization": f"Bearer {admin}"},
        )


def proposals_of(cur: Curation, source_id: str, **params: Any) -> list[dict[str, Any]]:
    """Every proposal of a source, following ``next_cursor``."""
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {"limit": 200, **params, **({"cursor": cursor} if cursor else {})}
        r = cur.client.get(f"/v1/sources/{source_id}/proposals", params=query, headers=cur.curator)
        assert r.status_code == 200, r.text
        body = r.json()
        out += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return out


def by_quote(items: list[dict[str, Any]], quote: str) -> dict[str, Any]:
    """The one proposal one of whose quotes is ``quote``."""
    found = [p for p in items if any(c["quote"] == quote for c in p["citations"])]
    assert len(found) == 1, (quote, [p["citations"][0]["quote"] for p in items])
    return found[0]
