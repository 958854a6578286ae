from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, bindparam, exists, select
from sqlmodel import Session, SQLModel

from app.services import embed
from app.services import facets as facets_service
from app.services.pages import Page, keyset, one_record
from app.services.prepared import Prepared

T = SQLModel.metadata.tables
P = T["partner"]
_IP, _I = T["initiative_partner"].c, T["initiative"].c
_LINKS = Prepared(
    select(_IP.id, _IP.partner_id, _IP.role, _I.id.label("iid"), _I.name, _I.name_ar)
    .join(T["initiative"], _I.id == _IP.initiative_id)
    .where(_IP.partner_id.in_(bindparam("ids", expanding=True)))
    .order_by(_IP.id),
    expanding="ids",
)


def partner_filters(
    *,
    country: str | None = None,
    kind: str | None = None,
    initiatives: list[str] | None = None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if country is not None:
        where.append(P.c.country == country.upper())
    if kind is not None:
        where.append(P.c.kind == kind)
    if initiatives is not None:
        ip = T["initiative_partner"].c
        where.append(exists().where(ip.partner_id == P.c.id, ip.initiative_id.in_(initiatives)))
    return where


def list_partners(
    session: Session,
    *,
    after: str | None,
    limit: int,
    facets: list[str] | None = None,
    **filters: Any,
) -> Page:
    where = partner_filters(**filters)
    page = keyset(session, P, where, after=after, limit=limit)
    page.items = expand(session, page.items)
    if facets:
        page.facets = facets_service.compute(session, "partners", where, facets)
    return page


def get_partner(session: Session, partner_id: str) -> dict[str, Any]:
    return expand(session, [one_record(session, P, partner_id, "partner")])[0]


def expand(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    cites = embed.citations(session, "partner", ids)
    aliases = embed.aliases(session, "partner", ids)
    link_rows = _LINKS.dicts(session, {"ids": ids}) if ids else []
    link_cites = embed.citations(session, "initiative_partner", [r["id"] for r in link_rows])
    links: dict[str, list[dict[str, Any]]] = {x: [] for x in ids}
    for link in link_rows:
        links[link["partner_id"]].append(
            {
                "initiative": {"id": link["iid"], "name": link["name"], "name_ar": link["name_ar"]},
                "role": link["role"],
                "citations": link_cites.get(link["id"], []),
            }
        )
    for r in rows:
        r["aliases"] = aliases.get(r["id"], [])
        r["initiatives"] = links[r["id"]]
        r["citations"] = cites.get(r["id"], [])
    return rows
