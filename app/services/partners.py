from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlmodel import Session, SQLModel

from app.errors import NotFound
from app.services import embed
from app.services.pages import Page, keyset

T = SQLModel.metadata.tables
P = T["partner"]


def list_partners(
    session: Session, *, country: str | None = None, kind: str | None = None,
    initiatives: list[str] | None = None, after: str | None, limit: int,
) -> Page:
    where: list[ColumnElement[bool]] = []
    if country is not None:
        where.append(P.c.country == country.upper())
    if kind is not None:
        where.append(P.c.kind == kind)
    if initiatives is not None:
        ip = T["initiative_partner"].c
        where.append(exists().where(ip.partner_id == P.c.id, ip.initiative_id.in_(initiatives)))
    page = keyset(session, P, where, after=after, limit=limit)
    page.items = expand(session, page.items)
    return page


def get_partner(session: Session, partner_id: str) -> dict[str, Any]:
    rows = session.execute(P.select().where(P.c.id == partner_id)).mappings().all()
    if not rows:
        raise NotFound(f"No partner with id {partner_id!r}.")
    return expand(session, [dict(rows[0])])[0]


def expand(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    cites = embed.citations(session, "partner", ids)
    aliases = embed.aliases(session, "partner", ids)
    ip, i = T["initiative_partner"].c, T["initiative"].c
    link_rows = session.execute(
        select(ip.id, ip.partner_id, ip.role, i.id.label("iid"), i.name, i.name_ar)
        .join(T["initiative"], i.id == ip.initiative_id)
        .where(ip.partner_id.in_(ids)).order_by(ip.id)
    ).mappings().all()
    link_cites = embed.citations(session, "initiative_partner", [r["id"] for r in link_rows])
    links: dict[str, list[dict[str, Any]]] = {x: [] for x in ids}
    for r in link_rows:
        links[r["partner_id"]].append({
            "initiative": {"id": r["iid"], "name": r["name"], "name_ar": r["name_ar"]},
            "role": r["role"], "citations": link_cites.get(r["id"], []),
        })
    for r in rows:
        r["aliases"] = aliases.get(r["id"], [])
        r["initiatives"] = links[r["id"]]
        r["citations"] = cites.get(r["id"], [])
    return rows
