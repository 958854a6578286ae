"""From an article's statements to proposal rows (no database).

One proposal per figure, the same figure stated twice in one article (unhedged both
times, say) being one proposal with both quotes, as in ``data/seed/figures.yaml``; one
per number that is not a figure, saying why; and a stated total whose parts follow it
(``1.3 مليار درهم`` then 750 + 450 + 70 مليون) gives its parts a ``parent``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.reading.statements import MONEY as MONEY_UNITS
from app.reading.statements import Span, Statement, read_statements
from app.seed.verify import context
from app.services.keys import now

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
