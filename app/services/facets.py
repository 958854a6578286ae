"""Facets in the style of Datasette: for each named column, its values and how many records
of the *whole filtered set* (not just the page) have each, computed with ``GROUP BY``.

A list names its facets in :data:`LISTS`. Each facet is a function from the filtered
ids (a subquery) to a ``SELECT value, count`` statement, so the list's own WHERE clauses
(``figure_filters``, ``fund_filters``...) decide the set and nothing is filtered twice.
Many-valued facets (the sources citing a figure, the partners of an initiative) count
distinct records per value, so one record is counted once per value it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, func, select, union
from sqlmodel import Session, SQLModel

from app.errors import BadRequest
from app.services.pages import visible

T = SQLModel.metadata.tables
F, FU, TG, INI, P = T["figure"], T["fund"], T["target"], T["initiative"], T["partner"]
C, IP, E = T["citation"], T["initiative_partner"], T["event"]

Ids = Select[Any]
FacetFn = Callable[[Ids], Select[Any]]
Row = dict[str, Any]


def column(col: ColumnElement[Any], id_col: ColumnElement[Any]) -> FacetFn:
    """A single-valued facet: ``col`` and ``id_col`` (the record's id) from one table."""

    def build(ids: Ids) -> Select[Any]:
        return (
            select(col.label("value"), func.count().label("count"))
            .where(id_col.in_(ids))
            .group_by(col)
        )

    return build


def pairs(pairs_of: Callable[[], Any]) -> FacetFn:
    """A many-valued facet over a ``(rid, value)`` relation: distinct records per value."""

    def build(ids: Ids) -> Select[Any]:
        rel = pairs_of().subquery()
        return (
            select(rel.c.value, func.count(func.distinct(rel.c.rid)).label("count"))
            .where(rel.c.rid.in_(ids), rel.c.value.is_not(None))
            .group_by(rel.c.value)
        )

    return build


def _figure_sources() -> Any:
    """A figure is in a source when cited by it, or derived from a figure that is."""
    fi = T["figure_input"]
    direct = select(C.c.record_id.label("rid"), C.c.source_id.label("value")).where(
        C.c.record_type == "figure"
    )
    via = select(fi.c.derived_id.label("rid"), C.c.source_id.label("value")).join(
        C, (C.c.record_id == fi.c.input_id) & (C.c.record_type == "figure")
    )
    return union(direct, via)


def _figure_partners() -> Any:
    """Who gives the money, and the partners of the initiative the figure is about."""
    givers = select(FU.c.figure_id.label("rid"), FU.c.giver_id.label("value"))
    members = select(F.c.id.label("rid"), IP.c.partner_id.label("value")).join(
        IP, IP.c.initiative_id == F.c.subject_id
    )
    return union(givers, members)


def _cited(rtype: str) -> Callable[[], Any]:
    def rel() -> Any:
        return (
            select(C.c.record_id.label("rid"), C.c.source_id.label("value"))
            .where(C.c.record_type == rtype)
            .distinct()
        )

    return rel


def _initiative_partners() -> Any:
    return select(IP.c.initiative_id.label("rid"), IP.c.partner_id.label("value")).distinct()


def _partner_initiatives() -> Any:
    return select(IP.c.partner_id.label("rid"), IP.c.initiative_id.label("value")).distinct()


def _event_initiatives() -> Any:
    ei = T["event_initiative"]
    return select(ei.c.event_id.label("rid"), ei.c.initiative_id.label("value")).distinct()


def _person_organisations() -> Any:
    r = T["person_role"]
    return select(r.c.person_id.label("rid"), r.c.organisation_id.label("value")).distinct()


@dataclass(frozen=True)
class ListFacets:
    """The facets of one list: ``ids`` selects the listed table's id over its joins."""

    ids: Select[Any]
    facets: dict[str, FacetFn]
    labels: dict[str, str] = field(default_factory=dict)
    """Facets whose values are ids of this table: their rows get a ``label`` (the name)."""
    none_as: dict[str, str] = field(default_factory=dict)
    """How a null value is written when the list's filter spells it (qualifier → ``none``)."""


_FIGURE_FACETS: dict[str, FacetFn] = {
    "kind": column(F.c.kind, F.c.id),
    "unit": column(F.c.unit, F.c.id),
    "metric": column(F.c.metric, F.c.id),
    "qualifier": column(F.c.qualifier, F.c.id),
    "derived": column(F.c.derived, F.c.id),
    "subject": column(F.c.subject_id, F.c.id),
    "source": pairs(_figure_sources),
    "partner": pairs(_figure_partners),
}
_FIGURE_LABELS = {"subject": "initiative", "source": "source", "partner": "partner"}

LISTS: dict[str, ListFacets] = {
    "figures": ListFacets(select(F.c.id), _FIGURE_FACETS, _FIGURE_LABELS, {"qualifier": "none"}),
    "funds": ListFacets(
        select(F.c.id).select_from(F.join(FU, FU.c.figure_id == F.c.id)),
        {
            "currency": column(F.c.unit, F.c.id),
            "partner": pairs(_figure_partners),
            "giver": column(FU.c.giver_id, FU.c.figure_id),
            "source": pairs(_figure_sources),
            "subject": column(F.c.subject_id, F.c.id),
            "metric": column(F.c.metric, F.c.id),
            "qualifier": column(F.c.qualifier, F.c.id),
            "derived": column(F.c.derived, F.c.id),
            "per_unit": column(FU.c.per_unit, FU.c.figure_id),
            "period_end_year": column(FU.c.period_end_year, FU.c.figure_id),
        },
        {**_FIGURE_LABELS, "giver": "partner"},
        {"qualifier": "none"},
    ),
    "targets": ListFacets(
        select(F.c.id).select_from(F.join(TG, TG.c.figure_id == F.c.id)),
        {
            "metric": column(F.c.metric, F.c.id),
            "unit": column(F.c.unit, F.c.id),
            "deadline_year": column(TG.c.deadline_year, TG.c.figure_id),
            "target_kind": column(TG.c.target_kind, TG.c.figure_id),
            "qualifier": column(F.c.qualifier, F.c.id),
            "subject": column(F.c.subject_id, F.c.id),
            "source": pairs(_figure_sources),
            "derived": column(F.c.derived, F.c.id),
        },
        _FIGURE_LABELS,
        {"qualifier": "none"},
    ),
    "initiatives": ListFacets(
        select(INI.c.id),
        {
            "kind": column(INI.c.kind, INI.c.id),
            "region": column(INI.c.region, INI.c.id),
            "status": column(INI.c.status, INI.c.id),
            "parent": column(INI.c.parent_id, INI.c.id),
            "partner": pairs(_initiative_partners),
            "source": pairs(_cited("initiative")),
        },
        {"parent": "initiative", "partner": "partner", "source": "source"},
    ),
    "partners": ListFacets(
        select(P.c.id),
        {
            "country": column(P.c.country, P.c.id),
            "kind": column(P.c.kind, P.c.id),
            "country_basis": column(P.c.country_basis, P.c.id),
            "initiative": pairs(_partner_initiatives),
            "source": pairs(_cited("partner")),
        },
        {"initiative": "initiative", "source": "source"},
    ),
    "events": ListFacets(
        select(E.c.id),
        {
            "kind": column(E.c.kind, E.c.id),
            "date_precision": column(E.c.date_precision, E.c.id),
            "place": column(E.c.place, E.c.id),
            "initiative": pairs(_event_initiatives),
            "source": pairs(_cited("event")),
        },
        {"initiative": "initiative", "source": "source"},
    ),
    "people": ListFacets(
        select(T["person"].c.id),
        {"organisation": pairs(_person_organisations), "source": pairs(_cited("person"))},
        {"organisation": "partner", "source": "source"},
    ),
    "sources": ListFacets(
        select(T["source"].c.id),
        {
            "kind": column(T["source"].c.kind, T["source"].c.id),
            "language": column(T["source"].c.language, T["source"].c.id),
            "outlet": column(T["source"].c.outlet, T["source"].c.id),
        },
    ),
}

_LABEL_COLUMN = {"initiative": "name", "partner": "name", "source": "title"}


def check(list_name: str, names: list[str]) -> None:
    """Unknown facet names are the client's mistake: a 400 that names them."""
    allowed = LISTS[list_name].facets
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise BadRequest(
            f"Unknown facet(s) for /v1/{list_name}: {', '.join(map(repr, unknown))}. "
            f"Allowed: {', '.join(sorted(allowed))}.",
            errors=[
                {"in": "query", "name": "facets", "value": n, "message": "unknown facet"}
                for n in unknown
            ],
        )


def _sort_key(row: Row) -> tuple[int, int, str]:
    return (-row["count"], row["value"] is None, str(row["value"]))


def compute(
    session: Session, list_name: str, where: list[ColumnElement[bool]], names: list[str]
) -> dict[str, list[Row]]:
    """``{facet: [{value, count, label?}]}`` over every record ``where`` keeps; one query
    per facet (plus one per id-valued facet for labels). Most frequent value first."""
    check(list_name, names)
    spec = LISTS[list_name]
    base = spec.ids.get_final_froms()[0]
    hidden = visible(base) if isinstance(base, Table) else []  # retracted rows don't count
    ids = spec.ids.where(*where, *hidden)
    out: dict[str, list[Row]] = {}
    for name in dict.fromkeys(names):
        rows = [{"value": v, "count": n} for v, n in session.execute(spec.facets[name](ids))]
        if name in spec.none_as:
            for r in rows:
                r["value"] = spec.none_as[name] if r["value"] is None else r["value"]
        if name in spec.labels:
            table = spec.labels[name]
            col = T[table].c
            found: dict[Any, Any] = dict(
                session.execute(
                    select(col.id, col[_LABEL_COLUMN[table]]).where(
                        col.id.in_([r["value"] for r in rows if r["value"] is not None])
                    )
                ).all()
            )
            for r in rows:
                r["label"] = found.get(r["value"])
        out[name] = sorted(rows, key=_sort_key)
    return out
