"""Numeric queries: figures found by *value*, in whatever notation the query writes it.

A query is read with ``app.reading.quantities`` (one number reader for the
seeder, search and the fact-checker). Each quantity with a value admits an
interval, ``value ± precision / 2`` in base units: ``1.3 billion`` admits
1,250,000,000 to 1,350,000,000 (so it finds the 1.3 bn MAD fund *and* the
1.27 bn sum of its components), ``50,000`` only 50,000. A unit or currency in
the query (``500 MW``, ``10 مليارات دولار``) must be the figure's unit.

A bare number (no scale word, no unit: ``50``, ``1.3``) is also read as the
number written before a scale word, the way the articles write figures
(``50 ألف``, ``1.3 مليار``): it admits exactly that number times a thousand, a
million or a billion (no tolerance: a bare ``1`` must not find 1,200),
ranked after the literal reading.

How a figure matched (``how``): ``exact`` (the value the query reads),
``within_precision`` (another value the query's precision admits),
``magnitude`` (a scale word alone: ``billion dirhams`` admits 1 bn up to 1,000
bn MAD, largest first), ``scaled`` (a bare number read with a scale word). Words of the query that
are not part of a quantity (``Dakhla 500 MW``) narrow the figures to those
whose names, metric, subject or quotes they match, when any do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlmodel import Session, SQLModel

from app.reading.quantities import Quantity, read_quantities
from app.search import highlight
from app.search.query import ABOUT, NAME, Match, match_clause
from app.services.pages import SHOW_RETRACTED, visible
from app.services.prepared import Prepared, once, text_query

__all__ = ["ValueHit", "decorate", "figure_hits", "rest_of"]

T = SQLModel.metadata.tables
SCALES = (Decimal(1_000), Decimal(1_000_000), Decimal(1_000_000_000))
"""What a bare number may stand before: ألف/thousand, مليون/million, مليار/billion."""
MAX_HITS = 500
"""Figures a numeric query returns at most (all on one ranked list)."""
_HOW_ORDER = {"exact": 0, "within_precision": 1, "magnitude": 1, "scaled": 2}
_BARE = re.compile(r"[\d.,\u066b\u066c]+")


@dataclass
class ValueHit:
    """A figure the query's number admits, and how."""

    figure: dict[str, Any]
    quantity: Quantity
    how: str
    low: Decimal
    high: Decimal
    scale: Decimal | None = None
    components: dict[str, Any] | None = None
    order: tuple[Any, ...] = field(default=())


def rest_of(query: str, quantities: list[Quantity]) -> str:
    """``query`` without the text of its quantities: the words that narrow the figures."""
    out, pos = [], 0
    for q in quantities:
        out.append(query[pos : q.start])
        pos = q.end
    out.append(query[pos:])
    return " ".join("".join(out).split())


def figure_hits(session: Session, query: str) -> list[ValueHit]:
    """Figures admitted by the quantities of ``query``, best first; [] when it has none."""
    quantities = [q for q in read_quantities(query) if _finite(q)]
    if not quantities:
        return []
    hits: dict[str, ValueHit] = {}
    for q in quantities:
        for hit in _admitted(session, q):
            best = hits.get(hit.figure["id"])
            if best is None or hit.order < best.order:
                hits[hit.figure["id"]] = hit
    ranked = sorted(hits.values(), key=lambda h: h.order)
    rest = rest_of(query, quantities)
    if rest:
        narrowed = _narrow(session, rest, [h.figure["id"] for h in ranked])
        if narrowed:
            ranked = [h for h in ranked if h.figure["id"] in narrowed]
    ranked = ranked[:MAX_HITS]
    _add_components(session, ranked)
    return ranked


def _finite(q: Quantity) -> bool:
    """Values a float column can hold; ``1e309`` admits no figure."""
    return q.value.is_finite() and Decimal("-1e300") < q.value < Decimal("1e300")


def _readings(q: Quantity) -> list[tuple[str, Decimal, Decimal, Decimal | None]]:
    """``(how, low, high, scale)`` intervals the quantity admits."""
    if _magnitude(q):
        return [("magnitude", q.value, q.value * 1000, None)]
    out: list[tuple[str, Decimal, Decimal, Decimal | None]] = [("value", q.low, q.high, None)]
    if q.unit is None and _BARE.fullmatch(q.number.text):
        out += [("scaled", q.value * s, q.value * s, s) for s in SCALES]
    return out


def _magnitude(q: Quantity) -> bool:
    """A scale word alone (``billion dirhams``, ``مليار درهم``): figures of that order."""
    return q.precision == q.value and not any(ch.isdigit() for ch in q.number.text)


def _admitted(session: Session, q: Quantity) -> list[ValueHit]:
    out = []
    for how, low, high, scale in _readings(q):
        target = q.value * (scale or 1)
        stmt = _in_range(unit=q.unit is not None, largest=how == "magnitude")
        params = {"low": float(low), "high": float(high), "unit": q.unit, "target": float(target)}
        for figure in stmt.dicts(session, params):
            kind = how
            if how == "value":
                kind = "exact" if Decimal(repr(figure["value"])) == target else "within_precision"
            noun_first = 0 if q.noun is None or q.noun == figure["metric"] else 1
            distance = abs(Decimal(repr(figure["value"])) - target) / max(abs(target), Decimal(1))
            if kind == "magnitude":
                distance = -Decimal(repr(figure["value"]))  # largest first
            order = (_HOW_ORDER[kind], noun_first, distance, figure["derived"], figure["id"])
            out.append(ValueHit(figure, q, kind, low, high, scale, order=order))
    return out


def _narrow(session: Session, rest: str, ids: list[str]) -> set[str]:
    """The figures among ``ids`` that the words ``rest`` match (names, metric, subject, quotes)."""
    match = Match.of(rest)
    if not match or not ids:
        return set()
    cond, params = match_clause(session, match, (NAME, ABOUT))
    among = text_query(
        f"SELECT DISTINCT d.record_id FROM search_doc d WHERE {cond} "
        "AND d.record_type = 'figure' AND d.record_id IN :fids",
        ["record_id"],
        "fids",
    )
    found: set[str] = set()
    for chunk in range(0, len(ids), 200):
        found |= {
            rid for (rid,) in among.rows(session, {**params, "fids": ids[chunk : chunk + 200]})
        }
    return found


def _add_components(session: Session, hits: list[ValueHit]) -> None:
    """A fund whose components are stored: their sum, when it is not the fund's own value."""
    ids = [h.figure["id"] for h in hits]
    if not ids:
        return
    rows = _statement("components", _components).rows(session, {"ids": ids})
    children: dict[str, list[tuple[str, float, str]]] = {}
    for parent, cid, value, unit in rows:
        children.setdefault(parent, []).append((cid, value, unit))
    for h in hits:
        parts = children.get(h.figure["id"])
        if not parts or any(unit != h.figure["unit"] for _, _, unit in parts):
            continue
        total = sum(Decimal(repr(v)) for _, v, _ in parts)
        if total == Decimal(repr(h.figure["value"])):
            continue
        h.components = {
            "count": len(parts),
            "sum": float(total),
            "unit": h.figure["unit"],
            "ids": [cid for cid, _, _ in parts],
            "derived_id": _sum_figure(session, [cid for cid, _, _ in parts]),
        }


def _sum_figure(session: Session, inputs: list[str]) -> str | None:
    """The derived figure that sums exactly ``inputs``, if masdar stores one."""
    rows = _statement("sums", _sums).rows(session, {"ids": inputs})
    groups: dict[str, set[str]] = {}
    for did, iid in rows:
        groups.setdefault(did, set()).add(iid)
    return next((did for did, got in sorted(groups.items()) if got == set(inputs)), None)


def decorate(session: Session, hits: list[ValueHit]) -> list[dict[str, Any]]:
    """Search hits for value matches: the quote that states the value, the number marked."""
    quotes = _value_quotes(session, [h.figure["id"] for h in hits])
    return [_hit(h, quotes.get(h.figure["id"])) for h in hits]


def _value_quotes(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each figure's first citation of its value (article order), if it has one."""
    out: dict[str, dict[str, Any]] = {}
    quotes = _statement("quotes", _quotes)
    for chunk in range(0, len(ids), 500):
        for row in quotes.dicts(session, {"ids": ids[chunk : chunk + 500]}):
            out.setdefault(row["record_id"], row)
    return out


def _statement(
    name: Hashable, build: Callable[[], Select[Any]], expanding: str | None = "ids"
) -> Prepared:
    """A value search's statement, built once per visibility (a curator's view shows
    retracted rows) and run on the driver's cursor: every numeric query runs them."""
    return once(("numeric", name, bool(SHOW_RETRACTED.get())), build, expanding)


def _in_range(*, unit: bool, largest: bool) -> Prepared:
    """The live figures whose value lies in ``[:low, :high]`` (and, with ``unit``, whose
    unit is ``:unit``), closest to ``:target`` first, or with ``largest`` largest first;
    at most :data:`MAX_HITS`."""

    def build() -> Select[Any]:
        f = T["figure"]
        stmt = select(
            f.c.id, f.c.value, f.c.unit, f.c.label, f.c.metric, f.c.subject_id, f.c.derived
        ).where(f.c.value >= bindparam("low"), f.c.value <= bindparam("high"), *visible(f))
        if unit:
            stmt = stmt.where(f.c.unit == bindparam("unit"))
        order = f.c.value.desc() if largest else func.abs(f.c.value - bindparam("target"))
        return stmt.order_by(order, f.c.id).limit(MAX_HITS)

    return _statement(("in-range", unit, largest), build, expanding=None)


def _components() -> Select[Any]:
    fund, f = T["fund"], T["figure"]
    return (
        select(fund.c.parent_id, f.c.id, f.c.value, f.c.unit)
        .join(f, f.c.id == fund.c.figure_id)
        .where(fund.c.parent_id.in_(bindparam("ids", expanding=True)), *visible(f))
        .order_by(fund.c.parent_id, f.c.id)
    )


def _sums() -> Select[Any]:
    fi, f = T["figure_input"], T["figure"]
    inputs = select(fi.c.derived_id).where(fi.c.input_id.in_(bindparam("ids", expanding=True)))
    return (
        select(fi.c.derived_id, fi.c.input_id)
        .join(f, f.c.id == fi.c.derived_id)
        .where(f.c.formula == "sum", *visible(f))
        .where(fi.c.derived_id.in_(inputs))
    )


def _quotes() -> Select[Any]:
    c = T["citation"]
    return (
        select(c.c.record_id, c.c.quote, c.c.source_id, c.c.start, c.c.end)
        .where(c.c.record_type == "figure", c.c.record_id.in_(bindparam("ids", expanding=True)))
        .where((c.c.field == "value") | c.c.field.is_(None), *visible(c))
        .order_by(c.c.record_id, c.c.source_id, c.c.start)
    )


def _number_in(quote: str, value: float, unit: str) -> highlight.Span | None:
    for q in read_quantities(quote):
        if q.admits(value, unit):
            return highlight.Span(q.number.start, q.number.end)
    return None


_SCORES = {"exact": 1.0, "within_precision": 0.9, "magnitude": 0.9, "scaled": 0.8}


def _hit(h: ValueHit, quote: dict[str, Any] | None) -> dict[str, Any]:
    f = h.figure
    body: str = quote["quote"] if quote else f["label"]
    span = _number_in(body, f["value"], f["unit"]) if quote else None
    lo, hi = highlight.window(body, span)
    start = end = None
    if quote is not None:
        start, end = quote["start"], quote["end"]
        if span is not None:
            start, end = quote["start"] + span.start, quote["start"] + span.end
    return {
        "type": "figure",
        "id": f["id"],
        "name": f["label"],
        "name_ar": None,
        "field": "value" if quote else "label",
        "alias_kind": None,
        "via": None,
        "snippet": body[lo:hi],
        "highlight": {"start": span.start - lo, "end": span.end - lo} if span else None,
        "source_id": quote["source_id"] if quote else None,
        "start": start,
        "end": end,
        "rank": 0,
        "score": _SCORES[h.how],
        "match": "value",
        "value_match": _value_match(h),
    }


def _value_match(h: ValueHit) -> dict[str, Any]:
    f, q = h.figure, h.quantity
    read = q.value * (h.scale or 1)
    unit = f" {q.unit}" if q.unit else ""
    how = {
        "exact": "is the value the query reads",
        "within_precision": "lies within the precision the query is written to",
        "magnitude": "is of the order the query names",
        "scaled": f"is the query's number times {_num(h.scale or Decimal(1))}, "
        "as the articles write figures (50 ألف, 1.3 مليار)",
    }[h.how]
    note = (
        f"«{q.text}» reads as {_num(read)}{unit} (admits {_num(h.low)} to {_num(h.high)}); "
        f"{_num(Decimal(repr(f['value'])))} {f['unit']} {how}."
    )
    if f["derived"]:
        note += " This figure is computed by masdar, not stated by an article."
    components = h.components
    if components is not None:
        sum_by = f": {components['derived_id']}" if components["derived_id"] else ""
        note += (
            f" Its {components['count']} stated components sum to "
            f"{_num(Decimal(repr(components['sum'])))} {components['unit']}"
            f" (computed by masdar{sum_by})."
        )
    return {
        "query": q.text,
        "read_as": float(read),
        "unit": q.unit,
        "low": float(h.low),
        "high": float(h.high),
        "how": h.how,
        "value": f["value"],
        "figure_unit": f["unit"],
        "derived": bool(f["derived"]),
        "components": components,
        "note": note,
    }


def _num(value: Decimal) -> str:
    """1300000000 -> 1,300,000,000; 1.3 -> 1.3."""
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"
