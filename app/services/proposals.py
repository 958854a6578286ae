"""Proposals: the figures of an article, read by ``app.reading.statements``, for a curator.

``propose(text, source_id)`` turns the statements of one article into proposal rows
(no database): one per figure, the same figure stated twice in one article (a headline
and its body, unhedged both times) being one proposal with both quotes, as in
``data/seed/figures.yaml``; one per number that is not a figure, saying why; and a
stated total whose parts follow it (``1.3 مليار درهم`` then 750 + 450 + 70 مليون) gives
its parts a ``parent``. ``store`` writes them for a source inside the caller's
transaction; reading them back adds what depends on the knowledge base at that moment:
candidate subjects and givers (``app.services.subjects``) and the existing figures the
proposal corroborates or differs from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlmodel import Session, SQLModel

from app.errors import NotFound, Unprocessable
from app.reading.statements import MONEY as MONEY_UNITS
from app.reading.statements import Span, Statement, read_statements
from app.reading.text import script_of
from app.seed.verify import context
from app.services import subjects
from app.services.claims import claim_id, number_text
from app.services.keys import now
from app.services.pages import Page

T = SQLModel.metadata.tables
P = T["proposal"]

COMPONENT_WINDOW = 800
"""Code points after a stated total within which its parts are looked for."""
COMPONENT_TOLERANCE = 0.05
"""The parts' sum may differ from the total by half a step of the total's last digit
(``1.3 مليار`` = 1.25–1.35 bn), and never by more than this share of it."""
FORECAST_WORDS = ("توقع", "يتوقع", "تتوقع", "المنتظر", "ينتظر", "expected", "forecast")
COUNT_METRICS = frozenset({"pillars", "axes", "agreements", "regions"})


@dataclass
class Proposed:
    """One proposal row before it is stored."""

    id: str
    position: int
    is_figure: bool
    number_text: str
    citations: list[dict[str, Any]]
    reading: dict[str, Any]
    not_figure: str | None = None
    reason: str | None = None
    kind: str | None = None
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    metric: str | None = None
    target_kind: str | None = None
    deadline_year: int | None = None
    period_start_year: int | None = None
    period_end_year: int | None = None
    per_unit: str | None = None
    duration_months: int | None = None
    parent_id: str | None = None
    precision: float | None = field(default=None, repr=False)

    def row(self, source_id: str) -> dict[str, Any]:
        """The ``proposal`` row to insert."""
        out = {k: v for k, v in self.__dict__.items() if k != "precision"}
        return {**out, "source_id": source_id, "status": "pending", "created_at": now()}

    def unstored(self, source_id: str) -> dict[str, Any]:
        """The row as :func:`enrich` takes it, for a text that is not stored (the CLI)."""
        undecided = dict.fromkeys(("figure_id", "decided_at", "decided_by_key_id"))
        return self.row(source_id) | undecided | {"decided_by": None, "decision_reason": None}


def proposal_id(source_id: str, position: int) -> str:
    """Zero-padded, so ids sort in article order (the list's keyset)."""
    return f"{source_id}-at-{position:07d}"


def _cite(text: str, span: Span, occurrence: int | None, fld: str) -> dict[str, Any]:
    prefix, suffix = context(text, span.start, span.end)
    return {
        "quote": span.text,
        "start": span.start,
        "end": span.end,
        "occurrence": occurrence,
        "field": fld,
        "prefix": prefix,
        "suffix": suffix,
    }


def _reading(s: Statement) -> dict[str, Any]:
    def sp(x: Span | None) -> dict[str, Any] | None:
        return None if x is None else {"text": x.text, "start": x.start, "end": x.end}

    return {
        "number": sp(s.number),
        "hedge": sp(s.hedge),
        "unit_words": sp(s.unit_words),
        "deadline": sp(s.deadline),
        "period": sp(s.period),
        "mentions": [sp(m) for m in s.mentions],
    }


def _kind(s: Statement) -> str:
    money = s.unit in MONEY_UNITS and s.metric not in ("value_added", "gdp")
    return "fund" if money else "target"


def _target_kind(text: str, s: Statement) -> str:
    if s.unit == "MW":
        return "capacity"
    if s.metric in COUNT_METRICS or s.unit == "count":
        return "count"
    sentence = text[max(0, s.number.start - 200) : s.number.start]
    cut = max(sentence.rfind("."), sentence.rfind("\n"))
    if any(w in sentence[cut + 1 :] for w in FORECAST_WORDS):
        return "forecast"
    return "goal"


def propose(text: str, source_id: str) -> list[Proposed]:
    """The proposals of one article, in article order (figures and non-figures)."""
    statements = read_statements(text)
    out: list[Proposed] = []
    groups: dict[tuple[Any, ...], Proposed] = {}
    for s in statements:
        if not s.figure:
            out.append(
                Proposed(
                    proposal_id(source_id, s.number.start),
                    s.number.start,
                    False,
                    s.number.text,
                    [_cite(text, s.quote, s.quote.occurrence, "value")],
                    _reading(s),
                    not_figure=s.not_figure,
                    reason=s.reason,
                    value=s.value,
                    period_start_year=s.period_start_year,
                    period_end_year=s.period_end_year,
                )
            )
            continue
        key = (s.value, s.value_high, s.unit, s.qualifier, s.per_unit)
        same = groups.get(key)
        if same is not None:  # the same figure stated again in this article
            same.citations.append(_cite(text, s.quote, s.quote.occurrence, "value"))
            _years(text, same, s)
            same.reading.setdefault("also", []).append(_reading(s))
            continue
        kind = _kind(s)
        p = Proposed(
            proposal_id(source_id, s.number.start),
            s.number.start,
            True,
            s.number.text,
            [_cite(text, s.quote, s.quote.occurrence, "value")],
            _reading(s),
            kind=kind,
            value=s.value,
            value_high=s.value_high,
            unit=s.unit,
            qualifier=s.qualifier,
            metric=s.metric,
            target_kind=None if kind == "fund" else _target_kind(text, s),
            per_unit=s.per_unit if kind == "fund" else None,
            duration_months=s.duration_months if kind == "fund" else None,
            precision=s.precision,
        )
        _years(text, p, s)
        groups[key] = p
        out.append(p)
    _components([p for p in out if p.is_figure])
    for p in out:
        p.citations.sort(key=lambda c: (c["field"] != "value", c["start"]))
    return out


def _years(text: str, p: Proposed, s: Statement) -> None:
    """Deadline and period of ``s`` onto ``p`` (the first statement that gives one)."""
    if s.deadline_year is not None and p.deadline_year is None and p.kind == "target":
        p.deadline_year = s.deadline_year
        assert s.deadline is not None
        p.citations.append(_cite(text, s.deadline, s.deadline.occurrence, "deadline_year"))
    if p.kind == "fund" and s.period is not None and p.period_end_year is None:
        p.period_start_year, p.period_end_year = s.period_start_year, s.period_end_year
        fld = "period_start_year" if s.period_start_year is not None else "period_end_year"
        p.citations.append(_cite(text, s.period, s.period.occurrence, fld))


def _components(figures: Sequence[Proposed]) -> None:
    """A money total, and the amounts in its currency that follow it (within
    :data:`COMPONENT_WINDOW`, other figures between them aside) and add up to it: its
    parts. Rates (per month) and ranges are neither."""
    taken: set[str] = set()
    money = [p for p in figures if p.kind == "fund" and _plain_amount(p)]
    for i, total in enumerate(money):
        if total.id in taken:
            continue
        assert total.value is not None
        tolerance = min((total.precision or 0) / 2, total.value * COMPONENT_TOLERANCE)
        tolerance += total.value * 1e-9
        parts: list[Proposed] = []
        best: list[Proposed] = []
        for p in money[i + 1 :]:
            if p.position - total.position > COMPONENT_WINDOW or p.unit != total.unit:
                break
            parts.append(p)
            gap = math.fsum(x.value or 0 for x in parts) - total.value
            if gap > tolerance:
                break
            if len(parts) >= 2 and abs(gap) <= tolerance:
                best = list(parts)
        for p in best:
            p.parent_id = total.id
            taken.add(p.id)
            if p.metric == "amount":
                p.metric = "allocation"


def _plain_amount(p: Proposed) -> bool:
    return p.value is not None and p.value_high is None and p.per_unit is None


# -- storing ---------------------------------------------------------------------------


def check_length(text: str, max_chars: int) -> None:
    """A text longer than ``max_chars`` (``MASDAR_PROPOSE_MAX_CHARS``) is not read: 422."""
    if len(text) > max_chars:
        raise Unprocessable(
            f"the text is {len(text):,} characters long; masdar reads articles of up to "
            f"{max_chars:,} characters for proposals (MASDAR_PROPOSE_MAX_CHARS)",
            errors=[
                {"in": "body", "name": "text", "message": f"longer than {max_chars} characters"}
            ],
        )


def forget(session: Session, source_id: str) -> None:
    """Drop every proposal of a source whose text changed (none can be accepted: an
    accepted proposal's figure cites the text, which makes it immutable)."""
    session.execute(update(P).where(P.c.source_id == source_id).values(parent_id=None))
    session.execute(delete(P).where(P.c.source_id == source_id))


def store(session: Session, source_id: str, text: str, *, max_chars: int) -> int:
    """Read ``text`` again and replace the source's pending proposals (inside the
    caller's transaction). Decided proposals stay as they were; a new reading of a
    statement already decided keeps the decision. A text in a script masdar cannot read
    gets no proposals. Returns the number of rows written."""
    check_length(text, max_chars)
    decided = {
        r.id: r.parent_id
        for r in session.execute(
            select(P.c.id, P.c.parent_id).where(P.c.source_id == source_id, P.c.status != "pending")
        )
    }
    if decided:  # keep decided rows valid while pending ones are replaced
        session.execute(
            update(P)
            .where(P.c.id.in_(list(decided)), P.c.parent_id.is_not(None))
            .values(parent_id=None)
        )
    session.execute(delete(P).where(P.c.source_id == source_id, P.c.status == "pending"))
    readable = script_of(text)[1]
    found = propose(text, source_id) if readable else []
    rows = [p.row(source_id) for p in found if p.id not in decided]
    fresh = {r["id"] for r in rows} | set(decided)
    for r in rows:  # a part whose total was decided keeps the link; a missing total drops it
        if r["parent_id"] not in fresh:
            r["parent_id"] = None
    if rows:
        parents_first = sorted(rows, key=lambda r: r["parent_id"] is not None)
        session.execute(P.insert(), parents_first)
    for pid, parent in decided.items():
        if parent is not None and parent in fresh:
            session.execute(update(P).where(P.c.id == pid).values(parent_id=parent))
    return len(rows)


# -- reading ---------------------------------------------------------------------------


def source_text(session: Session, source_id: str) -> str:
    """A live source's text; a retracted source has no proposals to show (404)."""
    s = T["source"]
    text = session.execute(
        select(s.c.text).where(s.c.id == source_id, s.c.retracted_at.is_(None))
    ).scalar_one_or_none()
    if text is None:
        raise NotFound(f"No source with id {source_id!r}.")
    return str(text)


def list_proposals(
    session: Session,
    source_id: str,
    *,
    status: str | None,
    figure: bool | None,
    after: str | None,
    limit: int,
) -> Page:
    """One page of a source's proposals in article order, each with its candidates."""
    text = source_text(session, source_id)
    where = [P.c.source_id == source_id]
    if status is not None:
        where.append(P.c.status == status)
    if figure is not None:
        where.append(P.c.is_figure.is_(figure))
    if after is not None:
        where.append(P.c.id > after)
    rows = [
        dict(r)
        for r in session.execute(
            select(P).where(*where).order_by(P.c.id).limit(limit + 1)
        ).mappings()
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(enrich(session, text, rows), rows[-1]["id"] if more else None)


def get_proposal(session: Session, proposal_id_: str) -> dict[str, Any]:
    row = session.execute(select(P).where(P.c.id == proposal_id_)).mappings().first()
    if row is None:
        raise NotFound(f"No proposal with id {proposal_id_!r}.")
    text = source_text(session, row["source_id"])  # a retracted source's proposals: 404
    return enrich(session, text, [dict(row)])[0]


def summary(session: Session, source_id: str) -> dict[str, Any]:
    """What reading the source gave: its script and its proposals by status."""
    text = source_text(session, source_id)
    script, readable = script_of(text)
    note = None
    if not readable:
        note = (
            f"the text is mostly in {script.title()} script; masdar reads numbers, units and "
            "hedges in Arabic and English only, so it proposes nothing"
        )
    return {
        "source_id": source_id,
        "characters": len(text),
        "script": script.title(),
        "readable": readable,
        "note": note,
        **_count(session, source_id),
        "url": f"/v1/sources/{source_id}/proposals",
    }


def _count(session: Session, source_id: str) -> dict[str, int]:
    rows = session.execute(
        select(P.c.is_figure, P.c.status, func.count())
        .where(P.c.source_id == source_id)
        .group_by(P.c.is_figure, P.c.status)
    ).all()
    out = {"figures": 0, "not_figures": 0, "pending": 0, "accepted": 0, "rejected": 0}
    for is_figure, status, n in rows:
        out["figures" if is_figure else "not_figures"] += n
        if is_figure:
            out[status] += n
    return out


def enrich(session: Session, text: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add candidates, matches, components and the decision to proposal rows."""
    if not rows:
        return []
    names = subjects.Names(session)
    index = subjects.Index(text)
    existing = _figures(session)
    links = {r["id"]: r["parent_id"] for r in rows if r["parent_id"]}
    links |= dict(
        session.execute(
            select(P.c.id, P.c.parent_id).where(
                P.c.source_id == rows[0]["source_id"], P.c.parent_id.is_not(None)
            )
        ).all()
    )
    children: dict[str, list[str]] = {}
    for pid in sorted(links):
        children.setdefault(links[pid], []).append(pid)
    out = []
    for r in rows:
        value_quotes = [c for c in r["citations"] if c["field"] == "value"] or r["citations"]
        first = value_quotes[0]
        inis, partners = (
            subjects.candidates(names, index, first["start"], first["end"])
            if r["is_figure"]
            else ([], [])
        )
        r["subjects"] = [c.public() for c in inis]
        r["givers"] = [c.public() for c in partners] if r["kind"] == "fund" else []
        r["matches"] = _matches(r, [c.id for c in inis[:3]], existing) if r["is_figure"] else []
        r["components"] = children.get(r["id"], [])
        number = r["reading"].get("number") or {}
        r["number"] = {
            "text": r["number_text"],
            "start": number.get("start"),
            "end": number.get("end"),
        }
        r["decision"] = (
            None
            if r["decided_at"] is None
            else {
                "at": _iso(r["decided_at"]),
                "by": {"key_id": r["decided_by_key_id"], "name": r["decided_by"]},
                "reason": r["decision_reason"],
            }
        )
        r["citations"] = [{**c, "source_id": r["source_id"]} for c in r["citations"]]
        r["url"] = f"/v1/proposals/{r['id']}"
        out.append(r)
    return out


def _iso(at: datetime) -> str:
    """ISO 8601 in UTC (SQLite hands timestamps back without their zone)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat()


def _figures(session: Session) -> list[dict[str, Any]]:
    f, c, fund = T["figure"], T["citation"], T["fund"]
    rows = [
        dict(r)
        for r in session.execute(
            select(
                f.c.id,
                f.c.subject_id,
                f.c.metric,
                f.c.value,
                f.c.unit,
                f.c.qualifier,
                fund.c.parent_id,
            )
            .outerjoin(fund, fund.c.figure_id == f.c.id)
            .where(f.c.derived.is_(False), f.c.retracted_at.is_(None))
            .order_by(f.c.id)
        ).mappings()
    ]
    cites: dict[str, list[tuple[str, int, int]]] = {}
    for rid, sid, start, end in session.execute(
        select(c.c.record_id, c.c.source_id, c.c.start, c.c.end).where(
            c.c.record_type == "figure", c.c.field.is_(None) | (c.c.field == "value")
        )
    ):
        cites.setdefault(rid, []).append((sid, start, end))
    for r in rows:
        r["cites"] = cites.get(r["id"], [])
    return rows


def _matches(
    p: dict[str, Any], subject_ids: list[str], existing: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Existing figures this proposal restates (``recorded``: cited at this very quote;
    ``corroborates``: the same value and unit for a candidate subject or the same
    metric) or contradicts (``differs``: same subject, metric and unit, another value)."""
    out: list[dict[str, Any]] = []
    spans = [(c["start"], c["end"]) for c in p["citations"] if c["field"] == "value"]
    for f in existing:
        if f["unit"] != p["unit"]:
            continue
        same_value = p["value_high"] is None and math.isclose(f["value"], p["value"], rel_tol=1e-9)
        related = f["subject_id"] in subject_ids or f["metric"] == p["metric"]
        here = any(
            sid == p["source_id"] and a < e and s < b for sid, s, e in f["cites"] for a, b in spans
        )
        what = f"{number_text(f['value'])} {f['unit']} ({f['metric']} of {f['subject_id']})"
        if same_value and here:
            relation, why = "recorded", f"figure {f['id']} already cites this quote: {what}"
        elif same_value and related:
            relation, why = "corroborates", f"figure {f['id']} states the same number: {what}"
        elif (
            not same_value
            and f["subject_id"] in subject_ids
            and f["metric"] == p["metric"]
            and f["parent_id"] is None  # the parts of a total are not rival statements
            and p["source_id"] not in {sid for sid, _, _ in f["cites"]}
        ):
            relation, why = "differs", f"figure {f['id']} states another number: {what}"
        else:
            continue
        out.append(
            {
                "relation": relation,
                "figure_id": f["id"],
                "claim_id": claim_id(f["subject_id"], f["metric"], f["value"], f["unit"]),
                "subject_id": f["subject_id"],
                "metric": f["metric"],
                "value": f["value"],
                "unit": f["unit"],
                "qualifier": f["qualifier"],
                "sources": sorted({sid for sid, _, _ in f["cites"]}),
                "why": why,
            }
        )
    order = {"recorded": 0, "corroborates": 1, "differs": 2}
    out.sort(key=lambda m: (order[m["relation"]], m["figure_id"]))
    return out


def figure_ids(session: Session) -> set[str]:
    """Every figure id, retracted ones too (an id is never reused)."""
    return set(session.scalars(select(T["figure"].c.id)))


def _plain(v: float | None) -> str:
    return "?" if v is None else f"{v:,.10g}"


def describe(source_id: str, text: str, rows: list[dict[str, Any]]) -> list[str]:
    """The proposals as lines for a terminal (``masdar propose FILE``)."""
    figures = [r for r in rows if r["is_figure"]]
    script, _ = script_of(text)
    out = [
        f"{source_id}: {len(text):,} characters ({script.title()}), {len(figures)} figures "
        f"proposed, {len(rows) - len(figures)} numbers that are no figure"
    ]
    for r in rows:
        c = r["citations"][0]
        where = f"«{c['quote']}» {c['start']}–{c['end']}"
        if not r["is_figure"]:
            out.append(f"  no figure ({r['not_figure']}): {where}: {r['reason']}")
            continue
        value = _plain(r["value"]) + (f"–{_plain(r['value_high'])}" if r["value_high"] else "")
        hedge = f" {r['qualifier']}" if r["qualifier"] else ""
        extra = [f"subject {r['subjects'][0]['id']}" if r["subjects"] else "no subject named"]
        if r["deadline_year"]:
            extra.append(f"by {r['deadline_year']}")
        if r["period_end_year"]:
            extra.append(f"period {r['period_start_year'] or ''}–{r['period_end_year']}")
        if r["parent_id"]:
            extra.append(f"part of {r['parent_id']}")
        extra += [f"{m['relation']} {m['figure_id']}" for m in r["matches"]]
        out.append(
            f"  {r['kind']} {value} {r['unit']}{hedge} ({r['metric']}): {where}; "
            + "; ".join(extra)
        )
    return out
