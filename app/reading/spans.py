"""The pieces a statement is made of: spans of text, located quotes, and numbers read
with their unit (``app.reading.numbers`` and ``app.reading.quantities``)."""

from __future__ import annotations

from dataclasses import dataclass

from app.reading.numbers import find_numbers
from app.reading.quantities import read_quantities
from app.seed.verify import locate, occurrences

_DIGITS = "0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
_DIGITS += "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
_TRIM = " \t\r\n*_"


@dataclass(frozen=True, slots=True)
class Span:
    """Words of the text: ``text[start:end] == self.text`` (code-point offsets)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Quote(Span):
    """A verbatim quote located by the seeder's own locator (``app.seed.verify``);
    ``occurrence`` (1-based) is set when the same words occur more than once, as the
    seed format and the write API require."""

    occurrence: int | None = None


def span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def quote(text: str, start: int, end: int) -> Quote:
    """``text[start:end]`` trimmed of spaces and markdown emphasis, located."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    words = text[start:end]
    starts = occurrences(text, words)
    occurrence = starts.index(start) + 1 if len(starts) > 1 else None
    if locate(text, words, occurrence) != (start, end):  # pragma: no cover - by construction
        raise AssertionError(f"the locator disagrees on «{words}» at {start}")
    return Quote(start, end, words, occurrence)


@dataclass(frozen=True, slots=True)
class Num:
    """A number as written, with what ``app.reading.quantities`` read around it."""

    start: int
    end: int
    text: str
    value: float | None
    """In base units, the unit's factor applied (``2 GW`` -> 2000 MW); None when vague."""
    precision: float | None
    digits: bool
    """Written with digits (of any script), not in words."""
    scale: float | None
    """The scale word or abbreviation written with it (``15 مليون`` -> 1e6)."""
    raw: float | None
    """The number as written, before scale and unit (``15 مليون درهم`` -> 15)."""
    unit: str | None = None
    noun: str | None = None
    unit_span: tuple[int, int] | None = None
    per: str | None = None
    whole: tuple[int, int] | None = None
    """The quantity's span: the number with its unit and currency sign."""


def numbers(text: str) -> list[Num]:
    """Every number mention of ``text``, vague ones included, in order."""
    quantities = {q.number.start: q for q in read_quantities(text)}
    out = []
    for m in find_numbers(text):
        q = quantities.get(m.start)
        scale = max(m.values) / min(m.values) if len(m.values) > 1 and min(m.values) else None
        raw = min(m.values) if m.values else None
        digits = m.text[0] in _DIGITS
        if q is None:
            value = float(m.value) if m.value is not None else None
            precision = float(m.precision) if m.precision is not None else None
            out.append(Num(m.start, m.end, m.text, value, precision, digits, scale, raw))
            continue
        out.append(
            Num(
                m.start,
                m.end,
                m.text,
                float(q.value),
                float(q.precision),
                digits,
                scale,
                raw,
                q.unit,
                q.noun,
                q.unit_span,
                q.per,
                (q.start, q.end),
            )
        )
    return out
