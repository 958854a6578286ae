"""The conflict classes (masdar's judgment of a disagreement), and the conflict row.

A rule finds two statements that differ and proposes a class; a curator can confirm,
reclassify or dismiss it (:mod:`app.services.conflicts.reviews`). Every conflict says in
one plain sentence (``reason``) why it has its class. Definitions are served with every
list (``GET /v1/conflicts``) and written in docs/trust.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from app.services.citations import RECORD_PATHS

Row = dict[str, Any]

ConflictClass = Literal[
    "contradiction",
    "rounding",
    "different_hedges",
    "loose_wording",
    "stages",
    "different_times",
    "different_actors",
    "partial_list",
    "spelling",
]

CLASSES: dict[str, str] = {
    "contradiction": "The two statements cannot both be true: they are about the same "
    "subject, metric, unit and time, and the values their hedges allow do not overlap, "
    "even at the precision the articles write.",
    "rounding": "The values differ by no more than rounding at the precision an article "
    "writes: components adding up to 1.27 bn under a total written «1.3 مليار».",
    "different_hedges": "The same quantity hedged differently («تصل إلى 500» and «500»): "
    "the values each hedge allows overlap, so both statements can be true.",
    "loose_wording": "The same thing described in different words or counted in different "
    "units that need not mean different things (institutes spread over all twelve "
    "regions; twelve institutions in all provinces).",
    "stages": "Different moments in the life of one thing: welcomed or announced, then "
    "launched. Both can be true; the gap in time is the news.",
    "different_times": "The statements are about different dates or periods, so both can be true.",
    "different_actors": "Different or unnamed people or bodies are credited with the same "
    "act; the articles do not say the others did not.",
    "partial_list": "The parts an article lists add up to less than its total, and it does "
    "not say it lists them all.",
    "spelling": "One name written in different spellings by different articles.",
}
"""Every class a rule or a curator may give, with its definition."""

SEVERITY: dict[str, str] = {
    "contradiction": "contradiction",
    "rounding": "rounding",
    "different_hedges": "compatible",
}
"""``severity`` (the first version's coarse field) of each class; ``informational`` for the
rest. Kept for older clients: ``class`` says more."""


def severity(klass: str) -> str:
    return SEVERITY.get(klass, "informational")


def record(rtype: str, rid: str, field_: str | None = None) -> Row:
    path = RECORD_PATHS.get(rtype)
    return {"type": rtype, "id": rid, "field": field_, "url": path.format(rid) if path else None}


def attributed(rtype: str, rid: str, cites: Iterable[Row]) -> list[Row]:
    return [{**c, "record_type": rtype, "record_id": rid} for c in cites]


def _sorted_citations(cites: list[Row]) -> list[Row]:
    seen: dict[tuple[str, str, str], Row] = {}
    for c in cites:
        seen.setdefault((c["id"], c["record_type"], c["record_id"]), c)
    return sorted(seen.values(), key=lambda c: (c["source_id"], c["start"], c["id"]))


def fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def sources_text(sources: Iterable[str]) -> str:
    """``["000", "002"]`` → ``"000 and 002"``."""
    s = sorted(set(sources))
    return s[0] if len(s) == 1 else ", ".join(s[:-1]) + " and " + s[-1]


def conflict(
    kind: str,
    key: str,
    *,
    klass: ConflictClass,
    reason: str,
    summary: str,
    rule: str,
    records: list[Row],
    values: list[Row],
    citations: list[Row],
    difference: Row | None = None,
) -> Row:
    """A conflict as the rules propose it; ``review`` is filled by the reviews module."""
    cid = f"{kind}:{key}"
    return {
        "id": cid,
        "kind": kind,
        "class": klass,
        "rule_class": klass,
        "reason": reason,
        "severity": severity(klass),
        "summary": summary,
        "rule": rule,
        "records": records,
        "values": values,
        "difference": difference,
        "citations": _sorted_citations(citations),
        "review": None,
        "url": f"/v1/conflicts/{cid}",
    }
