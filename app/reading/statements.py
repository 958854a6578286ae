"""Statements of numbers: what each number in a text says, or why it says nothing.

``read_statements(text)`` reads any text, Arabic or English (or both mixed), and returns
one :class:`Statement` per number, in order: its value in base units (``100 مليار
درهم`` -> 100000000000 MAD), unit, hedge (``تقارب`` -> approximate), range
(``بين 200 و300``), deadline year (``بحلول عام 2030``), and the shortest verbatim
quote that states it, located by the seeder's own locator (``app.seed.verify``), so
``text[quote.start:quote.end] == quote.text``. A number that is not a figure (a
calendar date, a year, a time of day, a rank or heading number, a law's number, a
version, page chrome, a vague word such as ``مليارات``) says so, with one sentence
saying why (``not_figure``, ``reason``).

Nothing here needs a database: proposals (``app.services.proposals``) and the
fact-check of a journalist's sentence use it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.reading import nouns
from app.reading import vocabulary as v
from app.reading.numbers_adapter import Num, numbers
from app.reading.text import Text, Word, bare
from app.search.normalize import normalize
from app.seed.verify import locate, occurrences

__all__ = ["Quote", "Span", "Statement", "read_statements"]


@dataclass(frozen=True, slots=True)
class Span:
    """Words of the text: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Quote(Span):
    """The shortest verbatim quote that states the number; ``occurrence`` (1-based) is
    set when the same words occur more than once, as the seed format requires."""

    occurrence: int | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    number: Span
    """The number as written (both ends of a range)."""
    quote: Quote
    figure: bool
    value: float | None = None
    """In base units: ``1.3 مليار درهم`` -> 1300000000; the low end of a range."""
    value_high: float | None = None
    precision: float | None = None
    """One step of the last written digit, in base units (``1.3 مليار`` -> 1e8)."""
    unit: str | None = None
    metric: str | None = None
    """What the number counts (``researchers``, ``jobs``, ``investment``): a hint."""
    qualifier: str | None = None
    hedge: Span | None = None
    unit_words: Span | None = None
    deadline_year: int | None = None
    deadline: Quote | None = None
    """The words that state the deadline (``بحلول عام 2030``), located."""
    period_start_year: int | None = None
    period_end_year: int | None = None
    period: Quote | None = None
    per_unit: str | None = None
    duration_months: int | None = None
    not_figure: str | None = None
    """Why this is no figure: date, year, time, ordinal, reference, name, chrome, vague,
    phrase."""
    reason: str | None = None
    mentions: tuple[Span, ...] = field(default=())
    """Every number the statement covers (a date covers its day and its year)."""


@dataclass
class _Year:
    value: int
    role: str  # deadline | until | period_start | period_end | other
    phrase: tuple[int, int]  # the words that give the year its role, with the year


# -- the reader ------------------------------------------------------------------------


def read_statements(text: str) -> list[Statement]:
    """Every number in ``text``, as a figure or as a classified non-figure, in order."""
    t = Text(text)
    nums = numbers(text)
    out: list[Statement] = []
    years: list[_Year] = []  # deadlines and periods, attached to figures at the end
    i = 0
    while i < len(nums):
        special = _not_figure(t, nums, i)
        if special is not None:
            stmt, used, year = special
            if year is not None:
                years.append(year)
        else:
            stmt, used = _figure(t, nums, i)
        i += used
        while i < len(nums) and nums[i].start < stmt.quote.end:  # «في المائة» is a unit
            stmt = replace(stmt, mentions=(*stmt.mentions, _span(t, nums[i].start, nums[i].end)))
            i += 1
        out.append(stmt)
    return _attach_years(t, out, years)


def _span(t: Text, start: int, end: int) -> Span:
    return Span(start, end, t.text[start:end])


def _quote(t: Text, start: int, end: int) -> Quote:
    """The located quote for ``text[start:end]``, trimmed of spaces and emphasis."""
    while start < end and t.text[start] in " \t\n*_":
        start += 1
    while end > start and t.text[end - 1] in " \t\n*_":
        end -= 1
    words = t.text[start:end]
    starts = occurrences(t.text, words)
    occurrence = starts.index(start) + 1 if len(starts) > 1 else None
    located = locate(t.text, words, occurrence)
    assert located == (start, end), (located, start, end)
    return Quote(start, end, words, occurrence)


def _other(
    t: Text, nums: list[Num], i: int, used: int, kind: str, reason: str, start: int, end: int
) -> tuple[Statement, int, None]:
    """``nums[i : i + used]`` are not a figure: ``kind`` says why, quoted by
    ``text[start:end]``."""
    covered = nums[i : i + used]
    stmt = Statement(
        number=_span(t, covered[0].start, covered[-1].end),
        quote=_quote(t, start, end),
        figure=False,
        value=covered[0].value,
        not_figure=kind,
        reason=reason,
        mentions=tuple(_span(t, n.start, n.end) for n in covered),
    )
    return stmt, used, None


# -- numbers that are not figures ------------------------------------------------------


def _not_figure(t: Text, nums: list[Num], i: int) -> tuple[Statement, int, _Year | None] | None:
    n = nums[i]
    after = t.word_after(n.end)
    before = t.word_before(n.start)
    if n.value is None:
        return _other(
            t,
            nums,
            i,
            1,
            "vague",
            "a quantity with no number («مليارات الدراهم», «dozens»)",
            n.start,
            n.end,
        )
    date = _date(t, nums, i)
    if date is not None:
        used, start, end = date
        return _other(t, nums, i, used, "date", "a calendar date, not a quantity", start, end)
    if _joined(t, nums, i, ":") and len(nums[i + 1].text) == 2:
        return _other(t, nums, i, 2, "time", "a time of day", n.start, nums[i + 1].end)
    if (
        before is not None
        and any(k in v.TIMES for k in bare(before.key))
        and n.value < 24
        and not n.scaled
    ):
        if after is None or not _unit_after(t, n):
            return _other(t, nums, i, 1, "time", "a time of day (الساعة 10)", before.start, n.end)
    if before is not None and any(k in v.REFERENCES for k in bare(before.key)):
        used = 1
        while _joined(t, nums, i + used - 1, ".-/"):
            used += 1
        return _other(
            t,
            nums,
            i,
            used,
            "reference",
            f"the number of a text («{before.text} …»): a law, an article, a page",
            before.start,
            nums[i + used - 1].end,
        )
    heading = _heading(t, n)
    if heading is not None:
        start, end, what = heading
        return _other(t, nums, i, 1, "ordinal", f"a {what} number", start, end)
    if before is not None and any(k in v.ORDINALS for k in bare(before.key)) and not n.scaled:
        return _other(
            t,
            nums,
            i,
            1,
            "ordinal",
            f"a rank or edition («{before.text} {n.text}»)",
            before.start,
            n.end,
        )
    if (
        n.digits
        and "." in n.text
        and n.text.endswith(".0")
        or (before is not None and any(k in v.VERSIONS for k in bare(before.key)) and n.digits)
    ):
        start = before.start if before is not None else n.start
        return _other(
            t, nums, i, 1, "name", "a version number, part of a name («الصناعة 4.0»)", start, n.end
        )
    if (
        after is not None
        and after.key in v.TEMPERATURE
        and after.latin
        or t.text[n.end : n.end + 2].strip() == "°"
    ):
        end = after.end if after is not None else n.end + 1
        return _other(
            t,
            nums,
            i,
            1,
            "chrome",
            "a temperature: a weather widget in the page chrome",
            n.start,
            end,
        )
    if not n.digits and n.value == 1 and any(k in v.SINGULAR_ONE for k in bare(normalize(n.text))):
        return _other(
            t,
            nums,
            i,
            1,
            "phrase",
            "«one» marks the singular («شريك واحد», «واحدة من»), not a quantity",
            *_with_neighbour(t, n),
        )
    if not n.digits and n.value == 2 and _definite(n.text):
        return _other(
            t,
            nums,
            i,
            1,
            "phrase",
            v.REASONS["definite_dual"],
            *_with_neighbour(t, n),
        )
    year = _year(t, nums, i)
    if year is not None:
        stmt, used, role = year
        return stmt, used, role
    if (
        before is not None
        and (v.AGO.get((before.key,)) or t.phrase_before(n.start, v.AGO))
        and _unit_after(t, n) in ("years", "months")
    ):
        return _other(
            t,
            nums,
            i,
            1,
            "time",
            "a time reference («منذ 3 سنوات»), not a quantity",
            before.start,
            _unit_end(t, n),
        )
    return None


_DEFINITE = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل")


def _definite(text: str) -> bool:
    """A number word with the article: ``الطرفان``, ``الإثنتي عشرة``."""
    return normalize(text).startswith(_DEFINITE)


def _with_neighbour(t: Text, n: Num) -> tuple[int, int]:
    """The number word and the word that completes it, as the quote: «واحدة من»,
    «العامين الأخيرين», «شريك واحد»."""
    before, after = t.word_before(n.start), t.word_after(n.end)
    if after is not None and not after.latin and (after.key == "من" or _definite(after.text)):
        return n.start, after.end
    if before is not None and not before.latin:
        return before.start, n.end
    if after is not None and not after.latin:
        return n.start, after.end
    return n.start, n.end


def _joined(t: Text, nums: list[Num], i: int, glue: str) -> bool:
    """``nums[i]`` and ``nums[i+1]`` are written as one token joined by one of ``glue``."""
    if i + 1 >= len(nums):
        return False
    between = t.text[nums[i].end : nums[i + 1].start]
    return len(between) == 1 and between in glue and nums[i].digits and nums[i + 1].digits


def _date(t: Text, nums: list[Num], i: int) -> tuple[int, int, int] | None:
    """A calendar date starting at ``nums[i]``: (mentions used, start, end)."""
    n = nums[i]
    if _joined(t, nums, i, "-/") and _joined(t, nums, i + 1, "-/"):  # 2026-01-17, 17/01/2026
        return 3, n.start, nums[i + 2].end
    month = _month_after(t, n.end)
    if month is not None and n.digits and 1 <= (n.value or 0) <= 31 and not n.scaled:
        if i + 1 < len(nums) and _is_year(nums[i + 1]) and t.soft(month[1], nums[i + 1].start):
            return 2, n.start, nums[i + 1].end
        return 1, n.start, month[1]
    month = _month_before(t, n.start)
    if month is not None and n.digits and not n.scaled:
        if _is_year(n):  # يناير 2026, March 2027
            return 1, month[0], n.end
        if 1 <= (n.value or 0) <= 31:  # March 3, 2027
            nxt = nums[i + 1] if i + 1 < len(nums) else None
            if (
                nxt is not None
                and _is_year(nxt)
                and t.text[n.end : nxt.start].strip() in (",", "،", "")
            ):
                return 2, month[0], nxt.end
            return 1, month[0], n.end
    return None


def _month_after(t: Text, pos: int) -> tuple[int, int] | None:
    w = t.word_after(pos)
    if w is None:
        return None
    if w.key in v.MONTHS:
        return w.start, w.end
    i = t.index_after(pos)
    pair = tuple(x.key for x in t.words[i : i + 2])
    if pair in v.MONTH_PAIRS:
        return w.start, t.words[i + 1].end
    return None


def _month_before(t: Text, pos: int) -> tuple[int, int] | None:
    w = t.word_before(pos)
    if w is None:
        return None
    between = t.text[w.end : pos].strip()
    if w.key in v.MONTHS and between in ("", ","):
        return w.start, w.end
    return None


def _heading(t: Text, n: Num) -> tuple[int, int, str] | None:
    """``## 3.`` (a section heading) or ``3. `` / ``3) `` at a line's start (a list item)."""
    line_start, _ = t.line(n.start)
    lead = t.text[line_start : n.start]
    tail = t.text[n.end : n.end + 2]
    if not tail or tail[0] not in ".)" or (len(tail) > 1 and not tail[1].isspace()):
        return None
    if lead.strip() == "" and n.digits:
        return n.start, n.end + 1, "list item"
    if lead.strip(" #") == "" and lead.strip():
        return line_start, n.end + 1, "section heading"
    return None


def _is_year(n: Num) -> bool:
    return (
        n.digits
        and not n.scaled
        and n.value is not None
        and n.value.is_integer()
        and 1900 <= n.value <= 2100
        and len(n.text.strip()) == 4
    )


def _year(t: Text, nums: list[Num], i: int) -> tuple[Statement, int, _Year] | None:
    n = nums[i]
    if not _is_year(n) or _unit_after(t, n) is not None:
        return None
    value = int(n.value or 0)
    nxt = nums[i + 1] if i + 1 < len(nums) else None
    # a period: 2024 – 2026, من 2024 إلى 2026, بين 2024 و2026
    if (
        nxt is not None
        and _is_year(nxt)
        and t.text[n.end : nxt.start].strip() in ("-", "–", "—", "إلى", "الى", "و", "to", "and")
    ):
        opener = t.phrase_before(n.start, v.PERIOD_OPEN) or t.phrase_before(n.start, v.RANGE_OPEN)
        start = opener[1] if opener else n.start
        stmt = Statement(
            number=_span(t, n.start, nxt.end),
            quote=_quote(t, start, nxt.end),
            figure=False,
            value=n.value,
            not_figure="year",
            reason=v.REASONS["period"].format(first=value, last=int(nxt.value or 0)),
            mentions=(_span(t, n.start, n.end), _span(t, nxt.start, nxt.end)),
            period_start_year=value,
            period_end_year=int(nxt.value or 0),
        )
        return stmt, 2, _Year(value, "period", (start, nxt.end))
    role, start, reason = (
        "other",
        n.start,
        "a calendar year (when something happened or will happen)",
    )
    deadline = t.phrase_before(n.start, v.DEADLINES) or _with_year_word(t, n, v.DEADLINES)
    until = t.phrase_before(n.start, v.UNTIL) or _with_year_word(t, n, v.UNTIL)
    before = t.word_before(n.start)
    if deadline is not None:
        role, start, reason = (
            "deadline",
            deadline[1],
            "a deadline year, stated with the figure it bounds",
        )
    elif until is not None:
        role, start, reason = (
            "until",
            until[1],
            "the end of a period, stated with the figure it bounds",
        )
    elif _with_year_word(t, n, {(k,): "year" for k in v.YEAR_WORDS}) is not None:
        start = _with_year_word(t, n, {(k,): "year" for k in v.YEAR_WORDS})[1]  # type: ignore[index]
    elif before is not None and (before.latin or not _is_preposition(before.key)):
        return (
            _other(
                t,
                nums,
                i,
                1,
                "name",
                f"a year inside a name or title («{before.text} {n.text}»)",
                before.start,
                n.end,
            )[0],
            1,
            _Year(value, "other", (before.start, n.end)),
        )
    stmt = _other(t, nums, i, 1, "year", reason, start, n.end)[0]
    return stmt, 1, _Year(value, role, (start, n.end))


def _with_year_word(
    t: Text, n: Num, table: dict[tuple[str, ...], str]
) -> tuple[str, int, int] | None:
    """``table``'s phrase before ``عام``/``سنة``/``year`` before the year (بحلول عام 2030)."""
    w = t.word_before(n.start)
    if w is None or w.key not in v.YEAR_WORDS:
        return None
    if table is v.DEADLINES or table is v.UNTIL:
        return t.phrase_before(w.start, table)
    return ("year", w.start, w.end)


_PREPOSITIONS = frozenset(normalize(w) for w in v.BEFORE_YEARS.split())


def _is_preposition(key: str) -> bool:
    return any(k in _PREPOSITIONS for k in bare(key))


def _attach_years(t: Text, out: list[Statement], years: list[_Year]) -> list[Statement]:
    """Deadlines and periods bound the figures of their sentence: those before the phrase,
    and those after it in the same clause. ``حتى 2030`` ends a fund's period and is a
    target's deadline."""
    result = list(out)
    for year in years:
        if year.role == "other":
            continue
        s_start, s_end = t.sentence(year.phrase[0])
        _, c_end = t.clause(year.phrase[1])
        phrase = _quote(t, *year.phrase)
        for k, stmt in enumerate(result):
            where = stmt.number.start
            if not stmt.figure or not s_start <= where < s_end:
                continue
            if where > year.phrase[1] and where >= c_end:
                continue
            fund = stmt.unit in nouns.MONEY_UNITS
            if year.role == "deadline" or (year.role == "until" and not fund):
                if stmt.deadline_year is None:
                    result[k] = replace(stmt, deadline_year=year.value, deadline=phrase)
            elif year.role == "until" and stmt.period_end_year is None:
                result[k] = replace(stmt, period_end_year=year.value, period=phrase)
            elif year.role == "period" and fund and stmt.period_start_year is None:
                first, last = _period_of(t, year)
                result[k] = replace(
                    stmt, period_start_year=first, period_end_year=last, period=phrase
                )
    return result


def _period_of(t: Text, year: _Year) -> tuple[int, int]:
    found = [
        int(n.value or 0) for n in numbers(t.text[year.phrase[0] : year.phrase[1]]) if _is_year(n)
    ]
    return (found[0], found[-1]) if found else (year.value, year.value)


# -- figures ---------------------------------------------------------------------------


def _unit_after(t: Text, n: Num) -> str | None:
    found = _unit(t, n)
    return found[0] if found else None


def _unit_end(t: Text, n: Num) -> int:
    found = _unit(t, n)
    return found[3] if found else n.end


def _unit(t: Text, n: Num) -> tuple[str, str | None, int, int, float] | None:
    """The unit after ``n`` (or a counted noun before a definite number word):
    (unit, metric, start, end, factor to base units)."""
    if n.unit is not None:
        return n.unit, None, n.start, n.end, 1.0
    measure = t.phrase_after(n.end, nouns.MEASURES)
    if measure is not None:
        (unit, factor), start, end = measure  # type: ignore[misc]
        return unit, None, start, end, factor
    counted = t.phrase_after(n.end, nouns.NOUNS)
    if counted is not None:
        (unit, metric), start, end = counted  # type: ignore[misc]
        return unit, metric, start, end, 1.0
    if not n.digits:
        own = nouns.NOUNS.get((normalize(n.text),))  # a dual is its own noun: منطقتي
        if own is not None:
            return own[0], own[1], n.start, n.end, 1.0
        before = t.word_before(n.start)
        if before is not None and _definite(n.text):  # الجهات الإثنتي عشرة
            for k in bare(before.key):
                if (k,) in nouns.NOUNS:
                    unit, metric = nouns.NOUNS[(k,)]
                    return unit, metric, before.start, before.end, 1.0
    return None


def _currency_before(t: Text, n: Num) -> tuple[str, int] | None:
    """``$140 million``, ``MAD 800 million``: (currency, start)."""
    j = n.start
    while j > 0 and t.text[j - 1] == " ":
        j -= 1
    for sym, code in nouns.CURRENCY_BEFORE.items():
        if t.text[max(0, j - len(sym)) : j].lower() == sym and (
            j - len(sym) == 0 or not t.text[j - len(sym) - 1].isalpha()
        ):
            return code, j - len(sym)
    return None


def _figure(t: Text, nums: list[Num], i: int) -> tuple[Statement, int]:
    n = nums[i]
    used, low, high = 1, n, n
    opener = t.phrase_before(n.start, v.RANGE_OPEN)
    if i + 1 < len(nums) and nums[i + 1].value is not None:
        join = t.text[n.end : nums[i + 1].start].strip()
        if (
            (opener and join in ("و", "and"))
            or join in ("-", "–", "إلى", "الى", "to")
            and not _is_year(nums[i + 1])
        ):
            used, high = 2, nums[i + 1]
    start, end = (opener[1] if opener and used == 2 else n.start), high.end
    unit = _unit(t, high)
    value, value_high = low.value, (high.value if used == 2 else None)
    factor = unit[4] if unit else 1.0
    unit_name = unit[0] if unit else None
    metric = unit[1] if unit else None
    unit_words = _span(t, unit[2], unit[3]) if unit else None
    currency = _currency_before(t, low)
    if unit is None and currency is not None:
        unit_name, start = currency
    if unit is not None:
        start, end = min(start, unit[2]), max(end, unit[3])
    if used == 2 and high.scale and not low.scaled and value is not None and low.value is not None:
        value = low.value * high.scale  # بين 10 و15 مليون: the scale is said once
    if value is not None:
        value *= factor
    if value_high is not None:
        value_high *= factor
    qualifier, hedge = ("range", None) if used == 2 else (None, None)
    if used == 1:
        qualifier, hedge = _hedge(t, n.start, end)
        if hedge is not None:
            start, end = min(start, hedge.start), max(end, hedge.end)
    if unit_name is None:
        line_start, line_end = t.line(n.start)
        if len(t.text[line_start:line_end].split()) <= 3:
            return _other(
                t,
                nums,
                i,
                used,
                "chrome",
                "a number alone on a short line: page furniture (a counter, a widget)",
                n.start,
                n.end,
            )[0], used
        unit_name = "count"
    per_unit, duration, end = _per_unit(t, end)
    if unit_name in ("years", "months") and metric == "duration":
        pass
    elif unit_name in nouns.MONEY_UNITS:
        metric = _money_metric(t, start)
    elif unit_name == "MW":
        metric = "power_capacity"
    elif unit_name == "percent":
        metric = "share"
    stmt = Statement(
        number=_span(t, n.start, high.end),
        quote=_quote(t, start, end),
        figure=True,
        value=value,
        value_high=value_high,
        precision=(n.precision * factor) if n.precision is not None else None,
        unit=unit_name,
        metric=metric,
        qualifier=qualifier,
        hedge=hedge,
        unit_words=unit_words,
        per_unit=per_unit,
        duration_months=duration,
        mentions=tuple(_span(t, m.start, m.end) for m in nums[i : i + used]),
    )
    return stmt, used


def _hedge(t: Text, start: int, end: int) -> tuple[str | None, Span | None]:
    found = t.phrase_before(start, v.HEDGES_BEFORE)
    if found is None:
        found = _verb_hedge(t, start)
    if found is None:
        after = t.phrase_after(end, v.HEDGES_AFTER)
        if after is not None:
            found = (str(after[0]), after[1], after[2])
    if found is None:
        return None, None
    meaning, a, b = found
    return meaning, _span(t, a, b)


def _verb_hedge(t: Text, pos: int) -> tuple[str, int, int] | None:
    """``تصل نسبة المشاريع إلى 40%``, ``لن تتجاوز الرسوم نسبة ٢ بالمائة``: a verb a few
    words before the number, in the same clause."""
    clause_start, _ = t.clause(pos)
    found = t.phrase_before(pos, v.VERB_HEDGES, gap=4)
    if found is None or found[1] < clause_start:
        return None
    meaning, a, b = found
    verb = t.text[a:b]
    if meaning == "up_to" and ("تصل" in verb or "يصل" in verb):
        w = t.word_before(pos)
        if w is None or w.key not in ("الي", "الى"):
            return None
    return meaning, a, b


def _per_unit(t: Text, end: int) -> tuple[str | None, int | None, int]:
    """``شهريًا``, ``per month`` after the unit, and ``لمدة 3 سنوات`` after that."""
    w = t.word_after(end)
    per = None
    if w is not None and w.key in nouns.PER_UNIT:
        per, end = nouns.PER_UNIT[w.key], w.end
    else:
        phrase = t.phrase_after(end, nouns.PER_UNIT_PHRASES)
        if phrase is not None:
            per, end = str(phrase[0]), phrase[2]
    if per is None:
        return None, None, end
    opener = t.word_after(end)
    if opener is not None and opener.key in nouns.DURATION_OPEN:
        rest = [n for n in numbers(t.text[opener.end : opener.end + 30]) if n.value is not None]
        if rest:
            n = rest[0]
            shifted = Num(
                opener.end + n.start,
                opener.end + n.end,
                n.text,
                n.value,
                n.precision,
                n.digits,
                n.scaled,
                n.scale,
                n.unit,
            )
            unit = _unit(t, shifted)
            if unit is not None and unit[0] in ("years", "months") and n.value is not None:
                months = int(n.value * (12 if unit[0] == "years" else 1))
                return per, months, end
    return per, None, end


def _money_metric(t: Text, start: int) -> str:
    clause_start, _ = t.clause(start)
    words: list[Word] = t.words[t.index_after(clause_start) : t.index_after(start)]
    for w in reversed(words[-6:]):
        for k in bare(w.key):
            if k in nouns.MONEY_METRICS:
                return nouns.MONEY_METRICS[k]
    return "amount"
