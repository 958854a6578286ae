"""A retracted record leaves every read: lists, facet counts; and a curator's view of
the data is never stored by shared caches."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import text

from app.config import Settings
from app.db import make_engine


def test_facets_do_not_count_retracted_figures(
    seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    engine = make_engine(Settings(database_url=seeded_url))
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE figure SET retracted_at = CURRENT_TIMESTAMP"
                " WHERE id = 'oracle-investment-003'"
            )
        )
    engine.dispose()
    with make_client(seeded_url, response_cache=False, rate_limit=False) as client:
        body = client.get("/v1/figures?unit=USD&facets=unit").json()
        assert [f["id"] for f in body["items"]] == ["plan-investment-003"]
        assert body["facets"]["unit"] == [{"value": "USD", "count": 1}]


def test_a_request_with_credentials_is_not_publicly_cacheable(client: TestClient) -> None:
    public = client.get("/v1/sources")
    assert public.headers["cache-control"].startswith("public")
    curator = client.get("/v1/sources", headers={"Authorization": "Bearer msk_unknown"})
    assert curator.status_code == 200  # reads stay public; the key is only checked for writes
    assert curator.headers["cache-control"] == "private, no-store"
