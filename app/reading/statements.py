"""Statements of numbers: what each number in a text says, or why it says nothing.

``read_statements(text)`` reads any text, Arabic or English (or both mixed: it decides
word by word), and returns one :class:`Statement` per number, in text order:

- a **figure**: its value in base units and unit (``app.reading.quantities``: ``100
  مليار درهم`` -> 100000000000 MAD), its hedge (``تقارب`` -> approximate; the wordings
  are ``app.models.qualifier``'s), a range (``بين 200 و300`` -> 200..300, qualifier
  ``range``), its deadline year (``بحلول عام 2030``) or a fund's period (``للفترة 2024 –
  2026``, ``حتى 2030``), a rate (``شهريًا``) and a duration after it (``لمدة 3 سنوات``);
- **not a figure**: a calendar date, a year, a time, a rank or heading number, the number
  of a law or an article, a version, page chrome, a vague word, a phrase where a number
  word counts nothing (``app.reading.notfigures``), with one sentence saying why;

each with the shortest verbatim quote that states it, located by the seeder's own
locator (``app.seed.verify``): ``text[quote.start:quote.end] == quote.text``.

Nothing here needs a database: article proposals (``app.services.proposals``) and the
fact-check of a journalist's sentence use it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.reading import notfigures
from app.reading import vocabulary as v
from app.reading.notfigures import NotFigure
from app.reading.spans import Num, Quote, Span, numbers, quote, span
from app.reading.text import Text, bare
from app.search.normalize import normalize

__all__ = ["Quote", "Span", "Statement", "read_statements"]

MONEY = frozenset({"MAD", "USD", "EUR", "GBP"})
RANGE = "range"
"""The qualifier of a range (``بين 200 و300``): the reader's only, since a figure holds
one value (``app.models.qualifier`` has no range)."""


@dataclass(frozen=True, slots=True)
class Statement:
    number: Span
    """The number as written (both ends of a range)."""
    quote: Quote
    figure: bool
    value: float | None = None
    """In base units (``1.3 مليار درهم`` -> 1300000000); the low end of a range."""
    value_high: float | None = None
    precision: float | None = None
    """One step of the last digit written, in base units (``1.3 مليار`` -> 1e8)."""
    unit: str | None = None
    metric: str | None = None
    """What is counted or what the money is (``researchers``, ``investment``): a hint."""
    qualifier: str | None = None
    hedge: Span | None = None
    unit_words: Span | None = None
    deadline_year: int | None = None
    deadline: Quote | None = None
    """The words stating the deadline (``بحلول عام 2030``), located."""
    period_start_year: int | None = None
    period_end_year: int | None = None
    period: Quote | None = None
    per_unit: str | None = None
    duration_months: int | None = None
    not_figure: str | None = None
    """Why this is no figure: date, year, time, ordinal, reference, name, chrome, vague,
    phrase."""
    reason: str | None = None
    mentions: tuple[Span, ...] = ()
    """Every number the statement covers (a date its day and its year; a percentage the
    «المائة» of «في المائة»)."""


def read_statements(text: str) -> list[Statement]:
    """Every number in ``text``, as a figure or as a classified non-figure, in order."""
    t = Text(text)
    nums = numbers(text)
    out: list[Statement] = []
    years: list[tuple[NotFigure, Quote]] = []
    i = 0
    while i < len(nums):
        other = notfigures.classify(t, nums, i)
        if other is None:
            stmt, used = _figure(t, nums, i)
        else:
            stmt, used = _not_figure(t, nums, i, other), other.used
            if other.role is not None:
                years.append((other, stmt.quote))
        i += used
        while i < len(nums) and nums[i].start < stmt.quote.end:  # «في المائة» is the unit
            stmt = replace(stmt, mentions=(*stmt.mentions, span(text, nums[i].start, nums[i].end)))
            i += 1
        out.append(stmt)
    return _attach_years(t, out, years)


def _not_figure(t: Text, nums: list[Num], i: int, other: NotFigure) -> Statement:
    covered = nums[i : i + other.used]
    return Statement(
        number=span(t.text, covered[0].start, covered[-1].end),
        quote=quote(t.text, other.start, other.end),
        figure=False,
        value=covered[0].value,
        not_figure=other.kind,
        reason=other.reason,
        period_start_year=other.years[0] if other.role == "period" else None,
        period_end_year=other.years[-1] if other.role == "period" else None,
        mentions=tuple(span(t.text, n.start, n.end) for n in covered),
    )


# -- figures ---------------------------------------------------------------------------


def _range_end(t: Text, nums: list[Num], i: int) -> Num | None:
    """The upper end of a range starting at ``nums[i]``: ``بين 200 و300``, ``10 to 15``,
    ``200-300`` (not two years: that is a period)."""
    if i + 1 >= len(nums) or nums[i + 1].value is None or notfigures.is_year(nums[i + 1]):
        return None
    join = t.text[nums[i].end : nums[i + 1].start].strip()
    opened = t.phrase_before(nums[i].start, v.RANGE_OPEN) is not None
    if (opened and join in ("و", "and")) or join in ("-", "–", "إلى", "الى", "to"):
        return nums[i + 1]
    return None


def _figure(t: Text, nums: list[Num], i: int) -> tuple[Statement, int]:
    low = nums[i]
    high = _range_end(t, nums, i)
    last = high or low
    start, end = (low.whole or (low.start, low.end))[0], (last.whole or (last.start, last.end))[1]
    unit, noun, unit_span = last.unit, last.noun, last.unit_span
    if unit_span is not None:  # «الجهات الإثنتي عشرة»: the noun may come first
        start, end = min(start, unit_span[0]), max(end, unit_span[1])
    if unit is None and not low.digits and low.value == 2:  # «منطقتي»: a dual counts itself
        unit = "count"
    value, value_high, qualifier, hedge = low.value, None, None, None
    if high is not None:
        opener = t.phrase_before(low.start, v.RANGE_OPEN)
        start = opener[1] if opener else start
        value_high, qualifier = high.value, RANGE
        if low.scale is None and low.unit is None and low.value is not None and high.raw:
            # بين 10 و15 مليون درهم: the scale and the unit are written once, at the end
            value = low.value * (high.value or 0) / high.raw
    else:
        qualifier, hedge = _hedge(t, start, end)  # before the currency sign: about MAD 1.8 bn
        if hedge is not None and unit in ("years", "months") and _opens_duration(hedge):
            qualifier, hedge = None, None  # "over four years" is a duration, not "more than"
        if hedge is not None:
            start, end = min(start, hedge.start), max(end, hedge.end)
    if unit is None:
        line_start, line_end = t.line(low.start)
        if len(t.text[line_start:line_end].split()) <= 3:
            other = NotFigure("chrome", v.REASONS["chrome"], 1, low.start, low.end)
            return _not_figure(t, nums, i, other), 1
        unit = "count"
    duration, end = _duration(t, end) if last.per else (None, end)
    stmt = Statement(
        number=span(t.text, low.start, last.end),
        quote=quote(t.text, start, end),
        figure=True,
        value=value,
        value_high=value_high,
        precision=low.precision,
        unit=unit,
        metric=_metric(t, unit, noun, start, end),
        qualifier=qualifier,
        hedge=hedge,
        unit_words=span(t.text, *unit_span) if unit_span else None,
        per_unit=last.per,
        duration_months=duration,
        mentions=tuple(span(t.text, n.start, n.end) for n in nums[i : i + (2 if high else 1)]),
    )
    return stmt, 2 if high else 1


def _hedge(t: Text, start: int, end: int) -> tuple[str | None, Span | None]:
    """The hedge right before the number, a negated verb a few words before it in the same
    clause («لن تتجاوز الرسوم نسبة ٢ بالمائة»), or a hedge right after it («40% على
    الأقل»)."""
    found = t.phrase_before(start, v.HEDGES_BEFORE)
    if found is None:
        gap = t.phrase_before(start, v.GAP_HEDGES, gap=4)
        if gap is not None and gap[1] >= t.clause(start)[0]:
            found = gap
    if found is None:
        after = t.phrase_after(end, v.HEDGES_AFTER)
        found = (str(after[0]), after[1], after[2]) if after is not None else None
    if found is None:
        return None, None
    meaning, a, b = found
    return meaning, span(t.text, a, b)


def _opens_duration(hedge: Span) -> bool:
    return any(k in v.DURATION_OPEN for k in bare(normalize(hedge.text)))


def _duration(t: Text, end: int) -> tuple[int | None, int]:
    """``لمدة 3 سنوات`` right after a rate (``7,000 درهم شهريًا``): the duration in months.
    The quote stays the rate's own; the duration is its own figure too."""
    opener = t.word_after(end)
    if opener is None or not any(k in v.DURATION_OPEN for k in bare(opener.key)):
        return None, end
    for n in numbers(t.text[opener.end : opener.end + 40]):
        if n.value is not None and n.unit in ("years", "months"):
            return int(n.value * (12 if n.unit == "years" else 1)), end
        break
    return None, end


def _possessor(word: str) -> str:
    """ "fund's" -> "fund": an English word's key without its possessive ending."""
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending):
            word = word[: -len(ending)]
            break
    return normalize(word) or word


def _metric(t: Text, unit: str, noun: str | None, start: int, end: int) -> str:
    """A hint for the figure's metric: the counted noun, or for money the word that says
    what the money is: before it (``ميزانية`` budget, ``استثمار`` investment, "the fund's"),
    else, in English, right after it ("100 billion dirhams in added value")."""
    if unit in MONEY:
        clause_start, clause_end = t.clause(start)
        before = t.words[t.index_after(clause_start) : t.index_after(start)]
        after = t.words[t.index_after(end) : t.index_after(clause_end)]
        for w in [*reversed(before[-6:]), *(w for w in after[:4] if w.latin)]:
            key = _possessor(w.text) if w.latin else w.key
            for k in bare(key):
                if k in v.MONEY_METRICS:
                    return v.MONEY_METRICS[k]
        return "amount"
    return v.UNIT_METRICS.get(unit) or noun or unit


# -- deadlines and periods -------------------------------------------------------------


def _attach_years(
    t: Text, out: list[Statement], years: list[tuple[NotFigure, Quote]]
) -> list[Statement]:
    """A deadline or a period bounds the figures of its sentence: those before its words,
    and those after them in the same clause. ``حتى 2030`` ends a fund's period and is a
    target's deadline."""
    result = list(out)
    for year, words in years:
        s_start, s_end = t.sentence(year.start)
        _, c_end = t.clause(year.end)
        for k, stmt in enumerate(result):
            at = stmt.number.start
            if not stmt.figure or not s_start <= at < s_end or (at > year.end and at >= c_end):
                continue
            fund = stmt.unit in MONEY
            if year.role == "deadline" or (year.role == "until" and not fund):
                if stmt.deadline_year is None:
                    result[k] = replace(stmt, deadline_year=year.years[0], deadline=words)
            elif year.role == "until" and stmt.period_end_year is None:
                result[k] = replace(stmt, period_end_year=year.years[0], period=words)
            elif year.role == "period" and fund and stmt.period_end_year is None:
                first, last = year.years
                result[k] = replace(
                    stmt, period_start_year=first, period_end_year=last, period=words
                )
    return result
