"""Rule: events that launched, announced, welcomed (or are named after) one initiative,
dated more than six months apart.

``stages`` when the events are different moments in its life (the USTDA director
welcoming the creation of the Jazari institutes in mid-2024, 002; their launch at the
"AI Made in Morocco" day, 001): both can be true, and the gap is the news.
``contradiction`` only when two events each *launch* it at times that cannot meet, both
dated by the articles; ``different_times`` when one of them has no date, only bounds.

An event is compared by the bounds the timeline serves (:attr:`When.window`), nothing
narrower: «يوم الاثنين» (001) is not read as the Monday before the page date; the day lies
between 2025-07-01 (it follows the national forum held «في يوليو الماضي») and the page
date, 2026-01-16. A date value's ``sources`` are the articles that date the event.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations

from app.services.conflicts.events import EventData
from app.services.conflicts.vocabulary import ConflictClass, Row, conflict, record, sources_text
from app.services.event_dates import When

DATED_RELATIONS = ("launched", "welcomed", "announced", "named_after")
ONCE = "launched"
"""A relation that happens once in the life of an initiative."""
DATE_GAP_DAYS = 183
"""Dates further apart than about six months are worth a conflict."""


def _gap_days(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> int:
    gaps = [0]
    if a[0] is not None and b[1] is not None:
        gaps.append((a[0] - b[1]).days)
    if b[0] is not None and a[1] is not None:
        gaps.append((b[0] - a[1]).days)
    return max(gaps)


def _weak(w: When) -> bool:
    return w.date is None


def window_text(w: When) -> str:
    lo, hi = w.window
    return f"{lo.isoformat() if lo else '..'}/{hi.isoformat() if hi else '..'}"


DATE_FIELDS = frozenset(
    {"happened_on", "happened_year", "happened_month", "not_before", "not_after", "date_text_ar"}
)
"""Citation fields of an event that date it."""
NAME_FIELDS = frozenset({"name", "name_ar"})


def date_sources(ev: Row) -> list[str]:
    """The articles that date the event: those of its date citations, not every article
    that mentions it (003 names the "AI Made in Morocco" event but does not date it)."""
    return sorted({c["source_id"] for c in ev["cites"] if c.get("field") in DATE_FIELDS})


def link_sources(link: Row, ev: Row) -> list[str]:
    """The articles that tie the event to the initiative: the link's citations, or for a
    ``named_after`` link (none of its own) those that name the event."""
    cites = link["cites"] or [c for c in ev["cites"] if c.get("field") in NAME_FIELDS]
    return sorted({c["source_id"] for c in cites})


RELATION_TEXT = {
    "launched": "launched at",
    "welcomed": "welcomed at",
    "announced": "announced at",
    "named_after": "gave its name to",
}


def _when_text(w: When, ev: Row) -> str:
    if w.date is None:
        written = f"«{ev['date_text_ar']}», no date: " if ev.get("date_text_ar") else "no date: "
        lo, hi = w.window
        bases = {b.basis for b in (w.earliest, w.latest) if b}
        how = "inferred bounds" if bases == {"inferred"} else "bounds"
        if lo and hi:
            return f"{written}between {lo.isoformat()} and {hi.isoformat()} by its {how}"
        if lo:
            return f"{written}not before {lo.isoformat()} by its {how}"
        if hi:
            return f"{written}not after {hi.isoformat()} by its {how}"
        return f"{written}no bounds"
    if w.precision == "mid_year":
        return f"mid-{w.date}"
    return w.date if w.basis == "article" else f"{w.date}, inferred"


def date_conflicts(data: EventData) -> list[Row]:
    by_initiative: dict[str, list[Row]] = defaultdict(list)
    for link in data.links:
        if link["relation"] in DATED_RELATIONS:
            by_initiative[link["initiative_id"]].append(link)
    out = []
    for iid, links in sorted(by_initiative.items()):
        for x, y in combinations(sorted(links, key=lambda r: r["event_id"]), 2):
            if x["event_id"] == y["event_id"]:
                continue
            wx, wy = data.when(x["event_id"]), data.when(y["event_id"])
            gap = _gap_days(wx.window, wy.window)
            if gap > DATE_GAP_DAYS:
                out.append(_date_conflict(iid, data, x, y, gap))
    return out


def _judge(la: Row, lb: Row, wa: When, wb: When) -> ConflictClass:
    if la["relation"] == lb["relation"] == ONCE:
        return "different_times" if _weak(wa) or _weak(wb) else "contradiction"
    return "stages"


def _date_conflict(iid: str, data: EventData, x: Row, y: Row, gap: int) -> Row:
    name = data.initiative_names[iid]
    a, b = sorted((x, y), key=lambda link: data.when(link["event_id"]).window[1] or date.max)
    ea, eb = data.events[a["event_id"]], data.events[b["event_id"]]
    wa, wb = ea["when"], eb["when"]
    klass = _judge(a, b, wa, wb)

    def said(link: Row, ev: Row, w: When) -> str:
        linked, dated = link_sources(link, ev), date_sources(ev)
        return (
            f"{RELATION_TEXT[link['relation']]} \u201c{ev['name']}\u201d "
            f"({sources_text(linked) if linked else 'no article'}), dated "
            f"{_when_text(w, ev)} ({sources_text(dated) if dated else 'no article'})"
        )

    verdict = {
        "stages": f"are different stages in the life of {name}, at least {gap} days apart: "
        "both can be true",
        "contradiction": f"both launch {name}, at least {gap} days apart: both cannot be true",
        "different_times": f"both launch {name} at least {gap} days apart, but one event "
        "has no date, only bounds, so the articles may be describing one launch",
    }[klass]
    summary = f"{name}: {said(a, ea, wa)} but {said(b, eb, wb)}: at least {gap} days apart."
    cites = [
        c
        for link, ev in ((a, ea), (b, eb))
        for c in link["cites"] + [c for c in ev["cites"] if c.get("field") in DATE_FIELDS]
    ]
    return conflict(
        "date_mismatch",
        f"{iid}:{ea['id']}:{eb['id']}",
        klass=klass,
        reason=f"{said(a, ea, wa)} and {said(b, eb, wb)} {verdict}.",
        summary=summary,
        rule="events that begin, announce or welcome one initiative, or are named after it, "
        "are dated > 6 months apart",
        records=[record("initiative", iid), record("event", ea["id"]), record("event", eb["id"])],
        values=[
            {
                "record": record("event", ev["id"], "happened_on"),
                "value": window_text(w),
                "label": f"{link['relation']}: {ev.get('date_text_ar') or w.date or 'no date'}",
                "sources": date_sources(ev),
            }
            for link, ev, w in ((a, ea, wa), (b, eb, wb))
        ],
        citations=cites,
        difference={"days": gap, "note": "least number of days between the two date windows"},
    )
