from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, select
from sqlmodel import Session, SQLModel

from app.services import embed, event_dates
from app.services import facets as facets_service
from app.services.initiatives import cited_by_source
from app.services.pages import Page, keyset, one_record

T = SQLModel.metadata.tables
E = T["event"]


def event_filters(
    *,
    kind: str | None = None,
    people: list[str] | None = None,
    initiatives: list[str] | None = None,
    sources: list[str] | None = None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if kind is not None:
        where.append(E.c.kind == kind)
    if people is not None:
        ep = T["event_participant"].c
        where.append(exists().where(ep.event_id == E.c.id, ep.person_id.in_(people)))
    if initiatives is not None:
        ei = T["event_initiative"].c
        where.append(exists().where(ei.event_id == E.c.id, ei.initiative_id.in_(initiatives)))
    if sources is not None:
        where.append(cited_by_source("event", E.c.id, sources))
    return where


def list_events(
    session: Session,
    *,
    after: str | None,
    limit: int,
    facets: list[str] | None = None,
    **filters: Any,
) -> Page:
    where = event_filters(**filters)
    page = keyset(session, E, where, after=after, limit=limit)
    page.items = expand(session, page.items)
    if facets:
        page.facets = facets_service.compute(session, "events", where, facets)
    return page


def get_event(session: Session, event_id: str) -> dict[str, Any]:
    return expand(session, [one_record(session, E, event_id, "event")])[0]


def expand(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    cites = embed.citations(session, "event", ids)
    ep, per, par = T["event_participant"].c, T["person"].c, T["partner"].c
    prow = (
        session.execute(
            select(
                T["event_participant"],
                per.name.label("person_name"),
                per.name_ar.label("person_name_ar"),
                par.name.label("partner_name"),
                par.name_ar.label("partner_name_ar"),
                par.country,
                par.country_basis,
                par.kind,
            )
            .outerjoin(T["person"], per.id == ep.person_id)
            .outerjoin(T["partner"], par.id == ep.partner_id)
            .where(ep.event_id.in_(ids))
            .order_by(ep.id)
        )
        .mappings()
        .all()
    )
    pcites = embed.citations(session, "event_participant", [x["id"] for x in prow])
    parts: dict[str, list[dict[str, Any]]] = {x: [] for x in ids}
    for x in prow:
        person = partner = None
        if x["person_id"]:
            person = {
                "id": x["person_id"],
                "name": x["person_name"],
                "name_ar": x["person_name_ar"],
            }
        else:
            partner = {
                "id": x["partner_id"],
                "name": x["partner_name"],
                "name_ar": x["partner_name_ar"],
                "country": x["country"],
                "country_basis": x["country_basis"],
                "kind": x["kind"],
            }
        parts[x["event_id"]].append(
            {
                "person": person,
                "partner": partner,
                "role": x["role"],
                "citations": pcites.get(x["id"], []),
            }
        )
    ei, ini = T["event_initiative"].c, T["initiative"].c
    irow = (
        session.execute(
            select(T["event_initiative"], ini.name, ini.name_ar)
            .join(T["initiative"], ini.id == ei.initiative_id)
            .where(ei.event_id.in_(ids))
            .order_by(ei.id)
        )
        .mappings()
        .all()
    )
    icites = embed.citations(session, "event_initiative", [x["id"] for x in irow])
    inits: dict[str, list[dict[str, Any]]] = {x: [] for x in ids}
    for x in irow:
        inits[x["event_id"]].append(
            {
                "initiative": {
                    "id": x["initiative_id"],
                    "name": x["name"],
                    "name_ar": x["name_ar"],
                },
                "relation": x["relation"],
                "citations": icites.get(x["id"], []),
            }
        )
    for r in rows:
        own = cites.get(r["id"], [])
        served = event_dates.when(r, own)
        r["date"], r["date_basis"] = served.date, served.basis
        r["date_inferred_from"], r["date_note"] = served.inferred_from, served.note
        for name, bound in (
            ("not_before", event_dates.not_before(r, own)),
            ("not_after", event_dates.not_after(r, own)),
        ):
            r[f"{name}_basis"] = bound.basis if bound else None
            r[f"{name}_inferred_from"] = bound.inferred_from if bound else None
        for k in ("happened_on", "not_before", "not_after"):
            r[k] = r[k].isoformat() if r[k] is not None else None
        r["participants"] = parts[r["id"]]
        r["initiatives"] = inits[r["id"]]
        r["citations"] = cites.get(r["id"], [])
    return rows
