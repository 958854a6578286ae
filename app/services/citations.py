from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.errors import NotFound

T = SQLModel.metadata.tables

RECORD_PATHS = {
    "source": "/v1/sources/{}",
    "partner": "/v1/partners/{}",
    "person": "/v1/people/{}",
    "initiative": "/v1/initiatives/{}",
    "event": "/v1/events/{}",
    "figure": "/v1/figures/{}",
}


def get_citation(session: Session, citation_id: str) -> dict[str, Any]:
    c, s = T["citation"], T["source"]
    row = (
        session.execute(
            select(
                c,
                s.c.title,
                s.c.author,
                s.c.outlet,
                s.c.published_on,
                s.c.kind,
                s.c.url,
                s.c.sha256,
                s.c.text,
            )
            .join(s, s.c.id == c.c.source_id)
            .where(c.c.id == citation_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"No citation with id {citation_id!r}.")
    r = dict(row)
    text = r.pop("text")
    published = r.pop("published_on")
    r["source"] = {
        "id": r["source_id"],
        "title": r.pop("title"),
        "author": r.pop("author"),
        "outlet": r.pop("outlet"),
        "published_on": published.isoformat() if published else None,
        "kind": r.pop("kind"),
        "url": r.pop("url"),
        "sha256": r.pop("sha256"),
    }
    path = RECORD_PATHS.get(r["record_type"])
    r["record"] = {
        "type": r["record_type"],
        "id": r["record_id"],
        "field": r["field"],
        "url": path.format(r["record_id"]) if path else None,
    }
    r["verified"] = text[r["start"] : r["end"]] == r["quote"]
    return r
