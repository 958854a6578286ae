from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlmodel import Session, SQLModel

from app.services import embed
from app.services import facets as facets_service
from app.services.pages import Page, keyset, one_record

T = SQLModel.metadata.tables
P = T["person"]


def people_filters(*, organisations: list[str] | None = None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if organisations is not None:
        r = T["person_role"].c
        where.append(exists().where(r.person_id == P.c.id, r.organisation_id.in_(organisations)))
    return where


def list_people(
    session: Session,
    *,
    organisations: list[str] | None = None,
    after: str | None,
    limit: int,
    facets: list[str] | None = None,
) -> Page:
    where = people_filters(organisations=organisations)
    page = keyset(session, P, where, after=after, limit=limit)
    page.items = expand(session, page.items)
    if facets:
        page.facets = facets_service.compute(session, "people", where, facets)
    return page


def get_person(session: Session, person_id: str) -> dict[str, Any]:
    return expand(session, [one_record(session, P, person_id, "person")])[0]


def expand(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    cites = embed.citations(session, "person", ids)
    aliases = embed.aliases(session, "person", ids)
    r, p = T["person_role"].c, T["partner"].c
    role_rows = (
        session.execute(
            select(
                T["person_role"],
                p.name.label("org_name"),
                p.name_ar.label("org_name_ar"),
                p.country.label("org_country"),
                p.country_basis.label("org_country_basis"),
                p.kind.label("org_kind"),
            )
            .outerjoin(T["partner"], p.id == r.organisation_id)
            .where(r.person_id.in_(ids))
            .order_by(r.id)
        )
        .mappings()
        .all()
    )
    role_cites = embed.citations(session, "person_role", [x["id"] for x in role_rows])
    roles: dict[str, list[dict[str, Any]]] = {x: [] for x in ids}
    for x in role_rows:
        org = None
        if x["organisation_id"]:
            org = {
                "id": x["organisation_id"],
                "name": x["org_name"],
                "name_ar": x["org_name_ar"],
                "country": x["org_country"],
                "country_basis": x["org_country_basis"],
                "kind": x["org_kind"],
            }
        roles[x["person_id"]].append(
            {
                "id": x["id"],
                "title_ar": x["title_ar"],
                "title": x["title"],
                "title_basis": x["title_basis"],
                "organisation": org,
                "citations": role_cites.get(x["id"], []),
            }
        )
    for row in rows:
        row["aliases"] = aliases.get(row["id"], [])
        row["roles"] = roles[row["id"]]
        row["citations"] = cites.get(row["id"], [])
    return rows
