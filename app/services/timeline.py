"""The strategy in time: events, target deadlines and fund periods, in order, each cited.

An event's date is read once, in :func:`app.services.event_dates.when`: a day, a month, a
year or mid-year the article writes (basis ``article``), or a month it names without a year
("last July", before the page date: basis ``inferred``, ``date_inferred_from`` says from
what). ``date`` is as precise as it is known (``2025-07-22``, ``2025-07``, ``2024``),
``date_precision`` says how precise, ``earliest``/``latest`` bound it (each with its own
``_basis`` and ``_inferred_from``) and ``date_text_ar`` is what the article writes. A null
value has a null basis. Events are sorted by their earliest possible date; a deadline ("by
2030") and the end of a fund's period sort at the end of their year, the start of a period
at its beginning. Events without a date (none given, or only a weekday: «يوم الاثنين») are
listed apart, under ``undated``, with their wording and known bounds.

``title_ar`` is Arabic that an article of the entry writes, verbatim, and
``title_ar_source`` names that article: an event's Arabic name; for a deadline or a fund
period, the words of one of its figures that state the value and, where the article writes
them together, the date («ما يقارب 50 ألف فرصة عمل مباشرة وغير مباشرة بحلول عام 2030»,
000). Never the name of another record (the initiative a figure is about): null when no
article of the entry writes it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlmodel import Session, SQLModel

from app.services import embed
from app.services.event_dates import when
from app.services.pages import visible
from app.services.stats import load
from app.services.sums import public

T = SQLModel.metadata.tables
Row = dict[str, Any]

DATE_FIELD = {
    "target_deadline": "deadline_year",
    "fund_period_start": "period_start_year",
    "fund_period_end": "period_end_year",
}
"""The figure column (and citation field) that dates each kind of figure entry."""
_EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_SPACE = re.compile(r"\s*")

RULES = {
    "order": "Events sort by their earliest possible date; deadlines and the ends "
    "of fund periods at the end of their year; starts at the beginning.",
    "claims": "A deadline stated by several articles (or a headline and its body) "
    "is one entry: the claim, with every figure and citation behind it.",
    "dates": "date is as precise as the article allows (date_precision) and says "
    "its basis: article (the article writes it) or inferred (date_inferred_from names "
    "the words and the page date it rests on, e.g. «في يوليو الماضي» on a page dated "
    "January 2026 → 2025-07). A weekday without a date («يوم الاثنين») is too weak: "
    "no date is worked out from it, not even the week before the page date; the event is "
    "listed under undated, with its wording (date_text_ar), why (date_note) and its bounds. "
    "A null value has a null basis.",
    "bounds": "earliest and latest bound the entry, each with its basis and "
    "earliest_inferred_from / latest_inferred_from: the extent of date (a month, a "
    "year: article), mid-year read as April to September (inferred: the months are "
    "masdar's convention, the article says only «في منتصف عام»), or what the article "
    "allows without a date: "
    "not after its page date, not before what it says the event follows (the «AI Made "
    "in Morocco» day follows the national forum «الذي انعقد في يوليو الماضي»: not before "
    "2025-07-01). The conflict rules compare these bounds and nothing narrower.",
    "title_ar": "title_ar is Arabic an article of the entry writes, verbatim, and "
    "title_ar_source names the article: an event's Arabic name; for a deadline or a fund "
    "period, the words of one of its figures that state the value and, where the article "
    "writes them together, the date. It is never the name of another record (the "
    "initiative a figure is about); null when no article of the entry writes one.",
    "undated": "Entries without a date: no article dates them, or only a weak inference "
    "would; date_note says which.",
}


def _sources_text(session: Session, cites: list[Row]) -> dict[str, str]:
    ids = {c["source_id"] for c in cites}
    return {k: r["text"] for k, r in embed.by_ids(session, "source", ids, "text").items()}


def _event_title_ar(name_ar: str | None, cites: list[Row], texts: dict[str, str]) -> Row:
    """The event's Arabic name, with the first cited article that writes it."""
    found = next(
        (s for s in sorted({c["source_id"] for c in cites}) if name_ar and name_ar in texts[s]),
        None,
    )
    return {"title_ar": name_ar if found else None, "title_ar_source": found}


def _event_entries(session: Session, *, stated_only: bool) -> list[Row]:
    ev = T["event"]
    rows = [
        dict(r)
        for r in session.execute(ev.select().where(*visible(ev)).order_by(ev.c.id)).mappings()
    ]
    cites = embed.citations(session, "event", [r["id"] for r in rows])
    texts = _sources_text(session, [c for cs in cites.values() for c in cs])
    out = []
    for r in rows:
        w = when(r, cites.get(r["id"], []))
        served = w.public()
        if stated_only:
            served = _stated_only(served)
        out.append(
            {
                "type": "event",
                "kind": r["kind"],
                "id": f"event:{r['id']}",
                "title": r["name"],
                **_event_title_ar(r["name_ar"], cites.get(r["id"], []), texts),
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
                "_sort": (w.window[0] or w.window[1]) if served["date"] else None,
            }
        )
    return out


def _stated_only(served: Row) -> Row:
    """``?basis=article``: a date, or a bound, no article states is left out with its
    basis and ``inferred_from`` (a null value has a null basis)."""
    out = dict(served)
    if served["date_basis"] != "article":
        for k in ("date", "date_precision", "date_basis", "date_inferred_from"):
            out[k] = None
    for name in ("earliest", "latest"):
        if served[f"{name}_basis"] != "article":
            for k in (name, f"{name}_basis", f"{name}_inferred_from"):
                out[k] = None
    return out


def _states_year(quote: str, year: int) -> bool:
    return str(year) in quote.translate(_EASTERN)


def _figure_title_ar(
    kind: str, year: int, members: list[Row], cites: dict[str, list[Row]], texts: dict[str, str]
) -> Row:
    """Words of the claim's own figures for this entry: a value quote of a figure dated
    ``year``, extended to its date quote when one article writes the two side by side
    (only whitespace between them), preferring words that state both the value and the
    year; then the earliest article, the earliest place in it."""
    fld = DATE_FIELD[kind]
    best: tuple[tuple[int, str, int], str] | None = None
    for f in members:
        if f[fld] != year:
            continue
        own = cites.get(f["id"], [])
        for v in (c for c in own if c["field"] in (None, "value")):
            text = texts[v["source_id"]]
            spans = [(v["start"], v["end"])]
            for d in own:
                if d["field"] != fld or d["source_id"] != v["source_id"]:
                    continue
                lo, hi = min(v["start"], d["start"]), max(v["end"], d["end"])
                between = text[min(v["end"], d["end"]) : max(v["start"], d["start"])]
                if _SPACE.fullmatch(between):
                    spans.append((lo, hi))
            for lo, hi in spans:
                words = text[lo:hi]
                key = (0 if _states_year(words, year) else 1, v["source_id"], lo)
                if best is None or key < best[0]:
                    best = (key, words)
    if best is None:
        return {"title_ar": None, "title_ar_source": None}
    return {"title_ar": best[1], "title_ar_source": best[0][1]}


def _year_entry(kind: str, year: int, claim: Row, cites: list[Row], title_ar: Row) -> Row:
    first = claim["figure_ids"][0]
    record_type = "fund" if claim["kind"] == "fund" else "target"
    end = kind != "fund_period_start"
    return {
        "type": kind,
        "kind": "deadline" if end else "start",
        "id": f"{kind}:{claim['id']}",
        "title": claim["label"],
        **title_ar,
        "date": str(year),
        "date_precision": "year",
        "date_basis": "article",
        "date_inferred_from": None,
        "date_note": None,
        "earliest": date(year, 1, 1).isoformat(),
        "earliest_basis": "article",
        "earliest_inferred_from": None,
        "latest": date(year, 12, 31).isoformat(),
        "latest_basis": "article",
        "latest_inferred_from": None,
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
    texts = _sources_text(session, [x for cs in cites.values() for x in cs])
    out = []
    for c in claims:
        members, claim = c["_members"], public(c)
        all_cites = [x for f in c["figure_ids"] for x in cites.get(f, [])]
        dates: list[tuple[str, int | None]] = []
        if c["kind"] == "target":
            dates.append(("target_deadline", c["_deadline"]))
        if c["kind"] == "fund":
            start = next((f["period_start_year"] for f in members if f["period_start_year"]), None)
            end = next((f["period_end_year"] for f in members if f["period_end_year"]), None)
            dates += [("fund_period_start", start), ("fund_period_end", end)]
        for kind, year in dates:
            if year is not None:
                title_ar = _figure_title_ar(kind, year, members, cites, texts)
                out.append(_year_entry(kind, year, claim, all_cites, title_ar))
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
        "rules": dict(RULES),
    }


def _strip(e: Row) -> Row:
    return {k: v for k, v in e.items() if not k.startswith("_")}
