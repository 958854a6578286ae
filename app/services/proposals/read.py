"""Reading proposals back, with what depends on the knowledge base at that moment:
candidate subjects and givers (``app.services.subjects``), the existing figures a proposal
corroborates or differs from, the parts of a total, the decision."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from app.errors import NotFound
from app.reading.text import script_of
from app.services import subjects
from app.services.claims import claim_id, number_text
from app.services.pages import Page

T = SQLModel.metadata.tables
P = T["proposal"]


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
