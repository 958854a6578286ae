from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from app.errors import NotFound
from app.services import facets as facets_service
from app.services.pages import Page, keyset, record, visible

T = SQLModel.metadata.tables
SUMMARY = [c for c in T["source"].c if c.name != "text"]


def _citation_counts(session: Session, ids: list[str]) -> dict[str, int]:
    c = T["citation"].c
    rows = session.execute(
        select(c.source_id, func.count()).where(c.source_id.in_(ids)).group_by(c.source_id)
    ).all()
    return dict(rows)


_SUMMARY = select(*SUMMARY)  # built once: keyset caches page statements by their base


def list_sources(
    session: Session, *, after: str | None, limit: int, facets: list[str] | None = None
) -> Page:
    page = keyset(session, T["source"], [], after=after, limit=limit, stmt=_SUMMARY)
    counts = _citation_counts(session, [s["id"] for s in page.items])
    for s in page.items:
        s["citation_count"] = counts.get(s["id"], 0)
    if facets:
        page.facets = facets_service.compute(session, "sources", [], facets)
    return page


def get_source(session: Session, source_id: str) -> dict[str, Any]:
    row = session.execute(
        select(T["source"]).where(T["source"].c.id == source_id, *visible(T["source"]))
    ).mappings()
    found = row.first()
    if found is None:
        raise NotFound(f"No source with id {source_id!r}.")
    out = record(found)
    out["citation_count"] = _citation_counts(session, [source_id]).get(source_id, 0)
    return out
