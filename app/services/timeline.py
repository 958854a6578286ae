"""The strategy in time: events, target deadlines and fund periods, in order, each cited.

An event's date is read once, in :func:`app.services.event_dates.when`: a day, a month, a
year or mid-year the article writes (basis ``article``), or a month it names without a year
("last July", before the page date: basis ``inferred``, ``date_inferred_from`` says from
what). ``date`` is as precise as it is known (``2025-07-22``, ``2025-07``, ``2024``),
``date_precision`` says how precise, ``earliest``/``latest`` bound it and ``date_text_ar``
is what the article writes. Events are sorted by their earliest possible date; a deadline
("by 2030") and the end of a fund's period sort at the end of their year, the start of a
period at its beginning. Events without a date (none given, or only a weekday: «يوم
الاثنين») are listed apart, under ``undated``, with their wording and known bounds.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel

from app.services import embed
from app.services.event_dates import when
from app.services.pages import visible
from app.services.stats import load, public

T = SQLModel.metadata.tables
Row = dict[str, Any]


def _event_entries(session: Session, *, stated_only: bool) -> list[Row]:
    ev = T["event"]
    rows = [
        dict(r)
        for r in session.execute(ev.select().where(*visible(ev)).order_by(ev.c.id)).mappings()
    ]
    cites = embed.citations(session, "event", [r["id"] for r in rows])
    out = []
    for r in rows:
        w = when(r, cites.get(r["id"], []))
        served = w.public()
        if stated_only and w.basis != "article":
            served = dict.fromkeys(served)
        out.append(
            {
                "type": "event",
                "kind": r["kind"],
                "id": f"event:{r['id']}",
                "title": r["name"],
                "title_ar": r["name_ar"],
                **served,
                "date_text_ar": r["date_text_ar"],
                "place": r["place"],
                "place_ar": r["place_ar"],
                "record": {"type": "event", "id": r["id"], "url": f"/v1/events/{r['id']}"},
                "claim_id": None,
                "figure_ids": [],
                "value": None,
                "unit": None,
                "citations": cites.get(r["id"], []),
                "_sort": (w.earliest or w.latest) if served["date"] else None,
            }
        )
    return out


def _year_entry(kind: str, year: int, claim: Row, cites: list[Row], *, end: bool) -> Row:
    first = claim["figure_ids"][0]
    record_type = "fund" if claim["kind"] == "fund" else "target"
    return {
        "type": kind,
        "kind": "deadline" if end else "start",
        "id": f"{kind}:{claim['id']}",
        "title": claim["label"],
        "title_ar": claim["subject_name_ar"],
        "date": str(year),
        "date_precision": "year",
        "date_basis": "article",
        "date_inferred_from": None,
        "earliest": date(year, 1, 1).isoformat(),
        "latest": date(year, 12, 31).isoformat(),
        "date_text_ar": None,
        "place": None,
        "place_ar": None,
        "record": {"type": record_type, "id": first, "url": f"/v1/{record_type}s/{first}"},
        "claim_id": claim["id"],
        "figure_ids": claim["figure_ids"],
        "value": claim["value"],
        "unit": claim["unit"],
        "qualifiers": claim["qualifiers"],
        "citations": sorted(cites, key=lambda c: (c["source_id"], c["start"])),
        "_sort": date(year, 12, 31) if end else date(year, 1, 1),
    }


def _figure_entries(session: Session) -> list[Row]:
    _, claims = load(session)
    ids = [f for c in claims for f in c["figure_ids"]]
    cites = embed.citations(session, "figure", ids)
    out = []
    for c in claims:
        members, claim = c["_members"], public(c)
        all_cites = [x for f in c["figure_ids"] for x in cites.get(f, [])]
        if c["kind"] == "target" and c["_deadline"] is not None:
            out.append(_year_entry("target_deadline", c["_deadline"], claim, all_cites, end=True))
        if c["kind"] == "fund":
            start = next((f["period_start_year"] for f in members if f["period_start_year"]), None)
            end = next((f["period_end_year"] for f in members if f["period_end_year"]), None)
            if start is not None:
                out.append(_year_entry("fund_period_start", start, claim, all_cites, end=False))
            if end is not None:
                out.append(_year_entry("fund_period_end", end, claim, all_cites, end=True))
    return out


def timeline(
    session: Session,
    *,
    from_year: int | None = None,
    to_year: int | None = None,
    types: list[str] | None = None,
    stated_only: bool = False,
) -> Row:
    """``stated_only``: dates the articles state, no inferred ones (``?basis=article``)."""
    entries = _event_entries(session, stated_only=stated_only) + _figure_entries(session)
    if types is not None:
        entries = [e for e in entries if e["type"] in types]
    dated = [e for e in entries if e["_sort"] is not None]
    undated = [e for e in entries if e["_sort"] is None]
    if from_year is not None:
        dated = [e for e in dated if e["_sort"].year >= from_year]
    if to_year is not None:
        dated = [e for e in dated if e["_sort"].year <= to_year]
    order = {"event": 0, "fund_period_start": 1, "target_deadline": 2, "fund_period_end": 3}
    dated.sort(key=lambda e: (e["_sort"], order[e["type"]], e["id"]))
    return {
        "items": [_strip(e) for e in dated],
        "undated": [_strip(e) for e in sorted(undated, key=lambda e: e["id"])],
        "rules": {
            "order": "Events sort by their earliest possible date; deadlines and the ends "
            "of fund periods at the end of their year; starts at the beginning.",
            "claims": "A deadline stated by several articles (or a headline and its body) "
            "is one entry: the claim, with every figure and citation behind it.",
            "dates": "date is as precise as the article allows (date_precision) and says "
            "its basis: article (the article writes it) or inferred (date_inferred_from names "
            "the words and the page date it rests on, e.g. «في يوليو الماضي» on a page dated "
            "January 2026 → 2025-07). A weekday without a date («يوم الاثنين») is too weak: "
            "the event is listed under undated, with its wording (date_text_ar) and the bound "
            "the page date gives (latest).",
            "undated": "Entries without a date: no article dates them, or only a weak "
            "inference would.",
        },
    }


def _strip(e: Row) -> Row:
    return {k: v for k, v in e.items() if not k.startswith("_")}
