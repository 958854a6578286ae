"""Quantities in a text: a number, its unit or currency, its value in base units.

One reader for the seeder's checks, search queries, the fact-checker and
article proposals ("one parser for both"), built on ``app.reading.numbers``.

API
---
``read_quantities(text) -> list[Quantity]``
    Every number in ``text`` with a value (vague words such as ``مليارات``
    are left out), in order, with code-point offsets into ``text``:

    >>> [q.describe() for q in read_quantities("Oracle will invest $140m in two regions")]
    ['$140m = 140000000 USD (±500000)', 'two regions = 2 regions (±0.5)']

``Quantity``
    ``start``/``end``/``text``: the whole span (currency sign, number, unit);
    ``number``: the ``NumberMention`` (its own span, ``value``, ``precision``);
    ``value``: a ``Decimal`` in base units (``1.3 مليار درهم`` ->
    1300000000; ``2 GW`` -> 2000 MW); ``unit``: ISO 4217 for money, else a
    data unit code (``MW``, ``jobs``, ``people``, ``institutes``, ``websites``,
    ``regions``, ``count``, ``years``, ``months``, ``percent``; ``20 %`` is
    20 percent) or None; ``noun``: what is counted when the code does not say
    (``researchers``, ``students``, ``agreements``); ``unit_span``: where the
    unit is written; ``per``: ``month``/``year`` for a rate (``7,000 درهم
    شهريًا``); ``precision``: one step of the last digit written, in base
    units, so ``low``/``high`` (value ± precision/2) is what the writer could
    mean: ``1.3 billion`` admits 1,270,000,000 and ``1.27 billion`` does not
    admit 1,300,000,000. ``admits(value, unit)`` tests exactly that.

``words(text) -> list[Word]`` and ``context(text, quantity, n)``
    The words of ``text`` with offsets and comparison keys, and the ``n``
    words before and after a quantity: what a statement reader needs to see
    a hedge (``تقارب``, ``more than``), a deadline (``بحلول 2030``) or a
    date, an ordinal or a law number (``القانون 09.08``), which this module
    does not judge.

Where a unit goes: right after the number (``500 ميغاواط``, ``500MW``,
``50 ألف فرصة عمل``, ``60 ألف من فرص العمل``), a currency sign or code
right before it (``$140m``, ``USD 140 million``), or an Arabic definite noun
right before it (``الجهات الإثنتي عشرة``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from app.reading.numbers import NumberMention, find_numbers
from app.reading.units import AFTER, BEFORE, LONGEST, PER, Unit, key
from app.search.normalize import normalize

__all__ = ["Quantity", "Word", "context", "read_quantities", "words"]

HALF = Decimal("0.5")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Word:
    """A word or sign of a text: ``text[start:end]``, and its comparison key."""

    start: int
    end: int
    text: str
    key: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit: ``text[start:end] == self.text`` (code-point offsets)."""

    start: int
    end: int
    text: str
    number: NumberMention
    value: Decimal
    precision: Decimal
    unit: str | None = None
    noun: str | None = None
    unit_span: tuple[int, int] | None = None
    per: str | None = None

    @property
    def low(self) -> Decimal:
        return self.value - self.precision * HALF

    @property
    def high(self) -> Decimal:
        return self.value + self.precision * HALF

    def admits(self, value: float | Decimal, unit: str | None = None) -> bool:
        """Could the writer mean ``value`` (in ``unit``)? A quantity with no unit admits any."""
        if self.unit is not None and unit is not None and unit != self.unit:
            return False
        try:
            exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
        except InvalidOperation:
            return False
        return self.low <= exact <= self.high

    def describe(self) -> str:
        """``$140m = 140000000 USD (±500000)``: the reading in one line, for logs and docs."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.text} = {_plain(self.value)}{unit} (±{_plain(self.precision * HALF)})"


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 5E+8 -> 500000000, 0.50 -> 0.5."""
    return f"{value.normalize():f}"


_WORD = re.compile(
    r"[%٪$€£/]|[A-Za-z]+"
    "|[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]+"
)
_GAP = re.compile(r"[^\S\n]*")
_FILLERS = frozenset({key("من"), "of"})
"""``60 ألف من فرص العمل``, ``thousands of jobs``: the unit may come after one of these."""


def words(text: str) -> list[Word]:
    """Arabic words, Latin words and the signs ``% ٪ $ € £ /`` of ``text``, in order."""
    return [Word(m.start(), m.end(), m.group(), key(m.group())) for m in _WORD.finditer(text)]


def context(text: str, quantity: Quantity, n: int = 3) -> tuple[list[Word], list[Word]]:
    """The ``n`` words before ``quantity`` and the ``n`` words after it."""
    ws = words(text)
    starts = [w.start for w in ws]
    before = ws[: bisect_left(starts, quantity.start)][-n:] if n else []
    after = ws[bisect_left(starts, quantity.end) :][:n]
    return before, after


def read_quantities(text: str) -> list[Quantity]:
    """Every number of ``text`` that has a value, with its unit, in text order."""
    ws = words(text)
    starts = [w.start for w in ws]
    out: list[Quantity] = []
    for m in find_numbers(text):
        if m.value is None or m.precision is None or (out and m.start < out[-1].end):
            continue  # vague, or a number word inside the unit before it (في المائة)
        out.append(_quantity(text, ws, starts, m, m.value, m.precision))
    return out


def _quantity(
    text: str,
    ws: list[Word],
    starts: list[int],
    m: NumberMention,
    value: Decimal,
    precision: Decimal,
) -> Quantity:
    first_after = bisect_left(starts, m.end)
    before = bisect_left(starts, m.start)
    start, end = m.start, m.end
    unit: Unit | None = None
    unit_span: tuple[int, int] | None = None
    found = _after(text, ws, first_after, m.end, AFTER)
    if found is None and first_after < len(ws) and ws[first_after].key in _FILLERS:
        found = _after(text, ws, first_after + 1, ws[first_after].end, AFTER)
    if found is None and not _YEAR.fullmatch(m.text):
        found = _after_modifiers(text, ws, first_after, m.end)
    if found is not None:
        unit, last = found
        unit_span, end = (ws[_first_of(ws, last, unit)].start, ws[last].end), ws[last].end
        first_after = last + 1
    sign = _before(text, ws, before, m.start)
    if sign is not None and (unit is None or unit.code == sign[0].code):
        unit, first = sign
        start = ws[first].start
        unit_span = unit_span or (ws[first].start, ws[before - 1].end)
    elif unit is None:
        noun = _definite_noun_before(text, ws, before, m.start)
        if noun is not None:
            unit, unit_span = noun, (ws[before - 1].start, ws[before - 1].end)
    per = _after(text, ws, first_after, end, PER)
    if per is not None:
        end = ws[per[1]].end
    factor = unit.factor if unit else Decimal(1)
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        number=m,
        value=value * factor,
        precision=precision * factor,
        unit=unit.code if unit else None,
        noun=unit.noun if unit else None,
        unit_span=unit_span,
        per=per[0] if per else None,
    )


_YEAR = re.compile(r"(19|20)[0-9]{2}")
_LATIN = re.compile(r"[A-Za-z]+")
_MODIFIERS = 2
_NOT_MODIFIERS = frozenset(
    "a an the of to in on at by for from with and or but per than as into over under "
    "is are was were be been will would should could can may might has have had do does "
    "this that these those its it their his her our your my each every all some any no "
    "not more less most least about around nearly up".split()
)
"""Words that end a noun phrase: after one, what follows is not the number's unit."""


def _after_modifiers(text: str, ws: list[Word], i: int, pos: int) -> tuple[Unit, int] | None:
    """An English unit after one or two modifiers: ``1,200 AI researchers``, ``50 government
    websites``, ``500 highly qualified jobs``, ``two cloud regions``. Only Latin words,
    none of which is a unit, a number word or :data:`_NOT_MODIFIERS`; never after a year
    (``2030 AI jobs``)."""
    for n in range(1, _MODIFIERS + 1):
        if not _contiguous(text, ws, i, n + 1, pos):
            return None
        modifier = ws[i + n - 1]
        if (
            not _LATIN.fullmatch(modifier.text)
            or modifier.key in _NOT_MODIFIERS
            or (modifier.key,) in AFTER
        ):
            return None
        if _LATIN.fullmatch(ws[i + n].text):
            found = _after(text, ws, i + n, modifier.end, AFTER)
            if found is not None:
                return found
    return None


def _first_of(ws: list[Word], last: int, unit: Unit) -> int:
    """Index of the first word of the unit phrase that ends at ``ws[last]``."""
    for n in range(LONGEST, 0, -1):
        if last - n + 1 >= 0 and AFTER.get(tuple(w.key for w in ws[last - n + 1 : last + 1])):
            return last - n + 1
    return last


def _contiguous(text: str, ws: list[Word], i: int, n: int, pos: int) -> bool:
    """Are ``ws[i:i+n]`` right after ``pos``, separated by spaces only?"""
    if i + n > len(ws):
        return False
    gaps = [(pos, ws[i].start)] + [(ws[j - 1].end, ws[j].start) for j in range(i + 1, i + n)]
    return all(_GAP.fullmatch(text, a, b) is not None for a, b in gaps)


def _after(
    text: str, ws: list[Word], i: int, pos: int, table: dict[tuple[str, ...], V]
) -> tuple[V, int] | None:
    """The longest phrase of ``table`` starting at ``ws[i]`` right after ``pos``, and its
    last word's index."""
    for n in range(LONGEST, 0, -1):
        if _contiguous(text, ws, i, n, pos):
            found = table.get(tuple(w.key for w in ws[i : i + n]))
            if found is not None:
                return found, i + n - 1
    return None


def _before(text: str, ws: list[Word], i: int, pos: int) -> tuple[Unit, int] | None:
    """A currency sign or code ending right before ``pos`` (``ws[i-1]`` is the last word
    before it), and the index of its first word."""
    for n in range(LONGEST, 0, -1):
        first = i - n
        if first >= 0 and _contiguous(text, ws, first, n, ws[first].start):
            if _GAP.fullmatch(text, ws[i - 1].end, pos) is None:
                return None
            found = BEFORE.get(tuple(w.key for w in ws[first:i]))
            if found is not None:
                return found, first
    return None


def _definite_noun_before(text: str, ws: list[Word], i: int, pos: int) -> Unit | None:
    """``الجهات الإثنتي عشرة``: an Arabic noun with the article, then the number."""
    if i == 0 or _GAP.fullmatch(text, ws[i - 1].end, pos) is None:
        return None
    word = ws[i - 1]
    if word.text.isascii() or normalize(word.text) == word.key:
        return None
    return AFTER.get((word.key,))
