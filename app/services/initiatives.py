from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlmodel import Session, SQLModel

from app.services import embed
from app.services import facets as facets_service
from app.services.basis import value_basis
from app.services.pages import Page, keyset, one_record, visible

T = SQLModel.metadata.tables
INI = T["initiative"]


def cited_by_source(rtype: str, id_col: Any, sources: list[str]) -> ColumnElement[bool]:
    c = T["citation"].c
    return exists().where(c.record_type == rtype, c.record_id == id_col, c.source_id.in_(sources))


def initiative_filters(
    *,
    partners: list[str] | None = None,
    kind: str | None = None,
    region: str | None = None,
    sources: list[str] | None = None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if partners is not None:
        ip = T["initiative_partner"].c
        where.append(exists().where(ip.initiative_id == INI.c.id, ip.partner_id.in_(partners)))
    if kind is not None:
        where.append(INI.c.kind == kind)
    if region is not None:
        where.append(or_(func.lower(INI.c.region) == region.lower(), INI.c.region_ar == region))
    if sources is not None:
        where.append(cited_by_source("initiative", INI.c.id, sources))
    return where


def list_initiatives(
    session: Session,
    *,
    after: str | None,
    limit: int,
    facets: list[str] | None = None,
    **filters: Any,
) -> Page:
    where = initiative_filters(**filters)
    page = keyset(session, INI, where, after=after, limit=limit)
    page.items = expand(session, page.items)
    if facets:
        page.facets = facets_service.compute(session, "initiatives", where, facets)
    return page


def get_initiative(session: Session, initiative_id: str) -> dict[str, Any]:
    return expand(session, [one_record(session, INI, initiative_id, "initiative")])[0]


def expand(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Embed citations, aliases, parent, partner links and figures: 5 queries per page."""
    ids = [r["id"] for r in rows]
    cites = embed.citations(session, "initiative", ids)
    aliases = embed.aliases(session, "initiative", ids)
    parents = embed.by_ids(
        session, "initiative", {r["parent_id"] for r in rows if r["parent_id"]}, "name", "name_ar"
    )
    ip, p = T["initiative_partner"].c, T["partner"].c
    links: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    link_rows = (
        session.execute(
            select(
                ip.id,
                ip.initiative_id,
                ip.role,
                p.id.label("pid"),
                p.name,
                p.name_ar,
                p.country,
                p.country_basis,
                p.kind,
            )
            .join(T["partner"], p.id == ip.partner_id)
            .where(ip.initiative_id.in_(ids))
            .order_by(ip.id)
        )
        .mappings()
        .all()
    )
    link_cites = embed.citations(session, "initiative_partner", [r["id"] for r in link_rows])
    for link in link_rows:
        links[link["initiative_id"]].append(
            {
                "partner": {
                    "id": link["pid"],
                    "name": link["name"],
                    "name_ar": link["name_ar"],
                    "country": link["country"],
                    "country_basis": link["country_basis"],
                    "kind": link["kind"],
                },
                "role": link["role"],
                "citations": link_cites.get(link["id"], []),
            }
        )
    f = T["figure"].c
    figures: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for fig in session.execute(
        select(f.id, f.kind, f.metric, f.value, f.unit, f.qualifier, f.derived, f.subject_id)
        .where(f.subject_id.in_(ids), *visible(T["figure"]))
        .order_by(f.id)
    ).mappings():
        figures[fig["subject_id"]].append({**fig, "value_basis": value_basis(fig["derived"])})
    for r in rows:
        r["parent"] = parents.get(r["parent_id"]) if r["parent_id"] else None
        r["aliases"] = aliases.get(r["id"], [])
        r["partners"] = links[r["id"]]
        r["figures"] = figures[r["id"]]
        r["citations"] = cites.get(r["id"], [])
    return rows
