"""Fixtures for the write API: a private seeded database, keys, and quote helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from app.db import make_engine
from app.seed.verify import occurrences
from app.services import keys
from tests.conftest import settings_for

T = SQLModel.metadata.tables


def make_key(
    url: str, name: str = "curator-1", scope: str = "curator", expires_at: datetime | None = None
) -> tuple[int, str]:
    engine = make_engine(settings_for(url))
    try:
        with Session(engine) as session, session.begin():
            key, token = keys.create_key(session, name=name, scope=scope, expires_at=expires_at)
            return int(key.id or 0), token
    finally:
        engine.dispose()


@dataclass
class Curation:
    """A client over a private seeded database, with a curator and an admin key."""

    url: str
    client: TestClient
    curator: dict[str, str]
    admin: dict[str, str]
    texts: dict[str, str] = field(default_factory=dict)

    def text(self, source_id: str) -> str:
        if source_id not in self.texts:
            self.texts[source_id] = self.client.get(f"/v1/sources/{source_id}").json()["text"]
        return self.texts[source_id]

    def cite(self, source_id: str, quote: str, **extra: Any) -> dict[str, Any]:
        """A citation with the occurrence hint when the quote is not unique."""
        n = len(occurrences(self.text(source_id), quote))
        assert n >= 1, f"test quote not in {source_id}: {quote}"
        c: dict[str, Any] = {"source_id": source_id, "quote": quote, **extra}
        if n > 1 and "occurrence" not in extra:
            c["occurrence"] = 1
        return c

    def etag(self, path: str) -> str:
        r = self.client.get(path)
        assert r.status_code == 200, r.text
        return r.headers["etag"]

    def count(self, table: str) -> int:
        engine = make_engine(settings_for(self.url))
        try:
            with engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(T[table])).scalar_one())
        finally:
            engine.dispose()

    def counts(self) -> dict[str, int]:
        return {
            t: self.count(t)
            for t in (
                "source",
                "partner",
                "person",
                "initiative",
                "event",
                "figure",
                "fund",
                "target",
                "citation",
                "alias",
                "revision",
                "initiative_partner",
            )
        }


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


QUOTE_000 = "يخلق ثروة 100 مليار درهم"
"""In source 000: the headline figure (100 مليار درهم = 100000000000 MAD)."""


def partner_body(pid: str = "acme-ai", **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "name": "Acme AI",
        "name_basis": "translation",
        "kind": "company",
        "citations": [{"source_id": "000", "quote": QUOTE_000}],
        **extra,
    }
