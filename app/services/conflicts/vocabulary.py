"""The conflict row every rule builds, and helpers the rules share.

The classes themselves (masdar's judgment of a disagreement) are defined in
:mod:`app.models.conflict`. A rule proposes a class; a curator can confirm, reclassify or
dismiss it (:mod:`app.services.conflicts.reviews`). Every conflict says in one plain
sentence (``reason``) why it has its class.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.models.conflict import CLASSES, ConflictClass, severity
from app.services.citations import RECORD_PATHS

__all__ = ["CLASSES", "ConflictClass", "Row", "conflict", "record", "severity"]

Row = dict[str, Any]


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
