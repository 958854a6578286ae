"""Hedges: how an article qualifies a number, and which values each hedge allows.

The one place for the vocabulary and its meaning. The conflict rules, the seeder's
checks, stats, the fact-check of a sentence and article proposals all read a hedge
through :func:`interval` and compare through :meth:`Interval.overlaps`.

============  ===========================================  ==========================
qualifier     the article writes (examples)                values allowed for ``v``
============  ===========================================  ==========================
null          the number alone: «500 ميغاواط»               exactly ``v``: ``[v, v]``
approximate   «تقارب», «ما يقارب», «نحو», «حوالي»            ``[0.9 v, 1.1 v]``
at_least      «على الأقل», «لا يقل عن»                      ``[v, ∞)``
more_than     «أكثر من», «ما يزيد عن», «أزيد من»            ``(v, ∞)``: ``v`` excluded
up_to         «تصل إلى», «يصل إلى»                          ``[0, v]``
less_than     «أقل من»                                     ``[0, v)``: ``v`` excluded
============  ===========================================  ==========================

A number stated without a hedge is exact for :func:`interval`; how far a written number
("1.3 bn") may be from the true value is a separate question, answered by
:func:`written_precision` from the step of its last written digit (``app.reading``
reads it: 0.1 bn for «1.3 مليار»). The conflict rules ask it only after the hedges alone
disagree, and call the result ``rounding``, never ``contradiction``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, get_args

from app.search.normalize import normalize

__all__ = [
    "APPROXIMATE_SPREAD",
    "HEDGES",
    "HEDGE_PHRASES",
    "QUALIFIERS",
    "Interval",
    "Qualifier",
    "QualifierName",
    "hedges_in",
    "interval",
    "overlap",
    "phrase",
    "written_precision",
]

APPROXIMATE_SPREAD = 0.10
""""About X" is read as X ± 10 %."""


class Qualifier(StrEnum):
    """How an article hedges a figure; ``None`` (no qualifier) means stated exactly."""

    approximate = "approximate"
    at_least = "at_least"
    more_than = "more_than"
    up_to = "up_to"
    less_than = "less_than"


QualifierName = Literal["approximate", "at_least", "more_than", "up_to", "less_than"]
"""The same vocabulary as a type, for request models and query parameters."""
QUALIFIERS: tuple[str, ...] = get_args(QualifierName)
assert QUALIFIERS == tuple(q.value for q in Qualifier)

HEDGES: dict[Qualifier, tuple[str, ...]] = {
    Qualifier.approximate: (
        "تقارب",
        "يقارب",
        "ما يقارب",
        "نحو",
        "حوالي",
        "حوالى",
        "قرابة",
        "زهاء",
        "يناهز",
        "تناهز",
        "ما يناهز",
        "ما يقرب من",
        "تقريبا",
        "about",
        "around",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "close to",
        "an estimated",
    ),
    Qualifier.at_least: (
        "على الأقل",
        "لا يقل عن",
        "لا تقل عن",
        "لن يقل عن",
        "لن تقل عن",
        "كحد أدنى",
        "at least",
        "no less than",
        "no fewer than",
        "a minimum of",
        "or more",
    ),
    Qualifier.more_than: (
        "أكثر من",
        "ما يزيد عن",
        "ما يزيد على",
        "أزيد من",
        "يفوق",
        "تفوق",
        "more than",
        "over",
        "above",
        "in excess of",
        "upwards of",
    ),
    Qualifier.up_to: (
        "تصل إلى",
        "يصل إلى",
        "بحد أقصى",
        "كحد أقصى",
        "على الأكثر",
        "لا يتجاوز",
        "لا تتجاوز",
        "لن يتجاوز",
        "لن تتجاوز",
        "up to",
        "as many as",
        "as much as",
        "at most",
        "no more than",
        "a maximum of",
        "or less",
    ),
    Qualifier.less_than: (
        "أقل من",
        "ما يقل عن",
        "less than",
        "fewer than",
        "under",
        "below",
    ),
}
"""Wordings of each hedge, Arabic and English, as whole words. Left out on purpose
because they also mean something else: «حتى» (up to / until: «تمتد حتى 2030»), «دون»
(under / without: «دون الحاجة»), "some" (about / a certain). Where a wording may stand
(before the number, or after it: «40% على الأقل», "500 MW or more") is the statement
reader's concern (``app/reading/statements.py``)."""


@dataclass(frozen=True)
class Interval:
    """A set of numbers ``low .. high``; an open end excludes its bound."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def __contains__(self, x: float) -> bool:
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below

    def overlaps(self, other: Interval) -> bool:
        """Some value is in both: the two statements can be true at once."""
        return overlap([self, other])

    def includes(self, other: Interval) -> bool:
        """Every value of ``other`` is in this one: a statement allowing ``other`` implies
        the one allowing this ("500 MW" implies "up to 500 MW", not the reverse). The
        fact-check of a sentence supports it only when an article's interval is inside
        the sentence's."""
        low_ok = self.low < other.low or (
            self.low == other.low and (other.low_open or not self.low_open)
        )
        high_ok = other.high < self.high or (
            other.high == self.high and (other.high_open or not self.high_open)
        )
        return low_ok and high_ok

    def __str__(self) -> str:
        def end(x: float) -> str:
            return "∞" if math.isinf(x) else f"{x:,.10g}"

        return (
            f"{'(' if self.low_open else '['}{end(self.low)}, "
            f"{end(self.high)}{')' if self.high_open or math.isinf(self.high) else ']'}"
        )


def interval(value: float, qualifier: str | None) -> Interval:
    """The values a figure stated as ``value`` with ``qualifier`` allows (table above)."""
    v = float(value)
    if qualifier is None:
        return Interval(v, v)
    q = Qualifier(qualifier)  # ValueError names an unknown qualifier
    if q is Qualifier.approximate:
        return Interval(v * (1 - APPROXIMATE_SPREAD), v * (1 + APPROXIMATE_SPREAD))
    if q is Qualifier.at_least:
        return Interval(v, math.inf, high_open=True)
    if q is Qualifier.more_than:
        return Interval(v, math.inf, low_open=True, high_open=True)
    if q is Qualifier.up_to:
        return Interval(0.0, v)
    return Interval(0.0, v, high_open=True)  # less_than


def overlap(intervals: list[Interval]) -> bool:
    """Do all the intervals share at least one value?"""
    if not intervals:
        return True
    low = max(i.low for i in intervals)
    high = min(i.high for i in intervals)
    if low < high:
        return True
    if low > high:
        return False
    # one shared point: every interval must include it
    return all(low in i for i in intervals)


def written_precision(value: float, step: float) -> Interval:
    """The values that round to ``value`` when its last written digit is worth ``step``:
    «1.3 مليار» (step 0.1 bn) stands for ``[1.25 bn, 1.35 bn)``."""
    v, half = float(value), abs(float(step)) / 2
    return Interval(v - half, v + half, high_open=True) if half else Interval(v, v)


def hedges_in(text: str) -> set[Qualifier]:
    """The hedges a phrase writes, as whole words (``أكثر من`` → more_than); the first
    word may carry the conjunction و or ف (``ولن تتجاوز``)."""
    words = f" {normalize(text)} "
    return {
        q
        for q, phrases in HEDGES.items()
        if any(f" {c}{normalize(p)} " in words for p in phrases for c in ("", "و", "ف"))
    }


HEDGE_PHRASES: dict[str | None, str] = {
    None: "{}",
    "approximate": "about {}",
    "at_least": "at least {}",
    "more_than": "more than {}",
    "up_to": "up to {}",
    "less_than": "less than {}",
}
"""Each hedge in plain English, around a quantity: ``more than {}``."""


def phrase(value: float, qualifier: str | None, unit: str) -> str:
    """A hedged value in plain English: ``more than 50 websites``, ``up to 1.3 bn MAD``."""
    v = float(value)
    for size, word in ((1e9, " bn"), (1e6, " M")):
        if abs(v) >= size:
            number = f"{v / size:,.10g}{word}"
            break
    else:
        number = f"{v:,.0f}" if v.is_integer() else f"{v:,.10g}"
    return HEDGE_PHRASES[qualifier].format(f"{number} {unit}")
