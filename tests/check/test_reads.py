"""A check is a read: nothing stored, rate-limited like search, kept by the text's hash
until the data changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from app.services import factcheck

TEXTS = [
    "المغرب سيخلق 60 ألف فرصة عمل بفضل الذكاء الاصطناعي بحلول 2030",
    "Oracle will invest $140 million in two cloud regions.",
]
MakeClient = Callable[..., TestClient]


def _counts(client: TestClient) -> dict[str, Any]:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        counts = {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in SQLModel.metadata.tables.items()
        }
        counts["data_version"] = conn.execute(
            text("SELECT value FROM meta WHERE key = 'data_version'")
        ).scalar_one()
    return counts


def test_nothing_is_stored(make_client: MakeClient, seeded_url: str) -> None:
    with make_client(seeded_url) as client:
        before = _counts(client)
        for t in TEXTS:
            assert client.post("/v1/check", json={"text": t}).status_code == 200
            assert client.get("/v1/check", params={"text": t}).status_code == 200
            assert client.post("/check", data={"text": t}).status_code == 200
        assert client.post("/v1/check", json={"text": ""}).status_code == 422
        assert _counts(client) == before


def test_kept_by_text_hash_until_the_data_changes(
    make_client: MakeClient, seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    real = factcheck._check

    def counted(session: Any, text: str, lang: str | None, version: str | None) -> Any:
        runs.append(text)
        return real(session, text, lang, version)

    monkeypatch.setattr(factcheck, "_check", counted)
    monkeypatch.setattr(factcheck, "_MEMO", factcheck._Memo())  # none kept by other tests
    with make_client(seeded_url, response_cache=False) as client:
        first = client.post("/v1/check", json={"text": TEXTS[1]}).json()
        again = client.post("/v1/check", json={"text": TEXTS[1]}).json()
        page = client.get("/check", params={"text": TEXTS[1]})
        assert first == again
        assert page.status_code == 200 and len(runs) == 1
        client.post("/v1/check", json={"text": TEXTS[1], "lang": "ar"})
        assert len(runs) == 2  # another language, another answer
        with client.app.state.engine.begin() as conn:  # type: ignore[attr-defined]
            conn.execute(text("UPDATE meta SET value = 'changed' WHERE key = 'data_version'"))
        assert client.post("/v1/check", json={"text": TEXTS[1]}).json() == first
        assert len(runs) == 3  # a new data version: checked anew
    assert first["sha256"] == factcheck.hashlib.sha256(TEXTS[1].encode()).hexdigest()


def test_rate_limited_like_search(make_client: MakeClient, seeded_url: str) -> None:
    limited = {"rate_limit_search_burst": 3, "rate_limit_search_per_minute": 1}
    with make_client(seeded_url, **limited) as client:
        assert client.post("/v1/check", json={"text": TEXTS[1]}).status_code == 200
        assert client.get("/v1/check", params={"text": TEXTS[1]}).status_code == 200
        assert client.get("/v1/search", params={"q": "Oracle"}).status_code == 200
        for refused in (
            client.post("/v1/check", json={"text": TEXTS[1]}),
            client.post("/check", data={"text": TEXTS[1]}),
            client.get("/check", params={"text": TEXTS[1]}),
        ):
            assert refused.status_code == 429
            assert refused.headers["content-type"] == "application/problem+json"
            assert int(refused.headers["retry-after"]) >= 1
            assert refused.json()["detail"].startswith("Too many requests from this client")
        writes = client.post("/v1/partners", json={})  # writes keep their own bucket
        assert writes.status_code == 401
