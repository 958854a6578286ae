"""Numbers that are not figures, and why: dates, years, times, ranks and headings, the
numbers of laws and articles, versions, page chrome, vague words, and phrases where a
number word counts nothing («شريك واحد», «الطرفان»).

``classify(t, nums, i)`` looks at ``nums[i]`` (and the numbers right after it, which a
date or a reference may take along) and returns a :class:`NotFigure`, or None when the
number may be a figure. A year also gets a role (deadline, end of a period, a period),
which the statement reader then gives the figures of its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.reading import vocabulary as v
from app.reading.spans import Num
from app.reading.text import Text, Word, bare
from app.search.normalize import normalize

_DEFINITE = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل")
_BEFORE_YEARS = frozenset(normalize(w) for w in v.BEFORE_YEARS.split())
_YEAR_TABLE = {(k,): "year" for k in v.YEAR_WORDS}


@dataclass(frozen=True)
class NotFigure:
    kind: str
    """date, year, time, ordinal, reference, name, chrome, vague, phrase."""
    reason: str
    used: int
    """How many numbers from ``nums[i]`` on it covers (a date: its day and year)."""
    start: int
    end: int
    """The words to quote: ``رقم 09.08``, ``بحلول عام 2030``."""
    role: str | None = None
    """For a year: ``deadline``, ``until`` (end of a period), ``period``, or None."""
    years: tuple[int, ...] = ()


def definite(text: str) -> bool:
    """A number word with the article: ``الطرفان``, ``الإثنتي عشرة``."""
    return normalize(text).startswith(_DEFINITE)


def is_year(n: Num) -> bool:
    return (
        n.digits
        and n.scale is None
        and n.unit is None
        and n.value is not None
        and n.value.is_integer()
        and 1900 <= n.value <= 2100
        and len(n.text) == 4
    )


def _in(word_key: str, table: frozenset[str]) -> bool:
    return any(k in table for k in bare(word_key))


def classify(t: Text, nums: list[Num], i: int) -> NotFigure | None:
    n = nums[i]
    before, after = t.word_before(n.start), t.word_after(n.end)
    if n.value is None:
        return NotFigure("vague", v.REASONS["vague"], 1, n.start, n.end)
    found = _date(t, nums, i) or _time(t, nums, i, before) or _reference(t, nums, i, before)
    if found is not None:
        return found
    heading = _heading(t, n) or _ordinal_suffix(t, n)
    if heading is not None:
        return heading
    if before is not None and _in(before.key, v.ORDINALS) and n.scale is None and n.unit is None:
        return NotFigure(
            "ordinal",
            v.REASONS["rank"].format(words=f"{before.text} {n.text}"),
            1,
            before.start,
            n.end,
        )
    if (
        n.digits
        and n.text.endswith(".0")
        or (before is not None and _in(before.key, v.VERSIONS) and n.digits)
    ):
        start = before.start if before is not None else n.start
        return NotFigure("name", v.REASONS["version"], 1, start, n.end)
    if (
        after is not None and after.latin and after.key in v.TEMPERATURE and n.unit is None
    ) or t.text[n.end : n.end + 1] == "°":
        end = after.end if after is not None else n.end + 1
        return NotFigure("chrome", v.REASONS["temperature"], 1, n.start, end)
    if not n.digits and n.value == 1 and _in(normalize(n.text), v.SINGULAR_ONE):
        return NotFigure("phrase", v.REASONS["one"], 1, *_with_neighbour(t, n))
    if not n.digits and n.value == 2 and definite(n.text):
        return NotFigure("phrase", v.REASONS["definite_dual"], 1, *_with_neighbour(t, n))
    year = _year(t, nums, i, before)
    if year is not None:
        return year
    ago = t.phrase_before(n.start, v.AGO)
    if ago is not None and n.unit in ("years", "months"):
        end = n.whole[1] if n.whole else n.end
        return NotFigure("time", v.REASONS["ago"], 1, ago[1], end)
    return None


def _with_neighbour(t: Text, n: Num) -> tuple[int, int]:
    """The number word and the word that completes it: «واحدة من», «العامين الأخيرين»,
    «شريك واحد»."""
    before, after = t.word_before(n.start), t.word_after(n.end)
    if after is not None and not after.latin and (after.key == "من" or definite(after.text)):
        return n.start, after.end
    if before is not None and not before.latin:
        return before.start, n.end
    if after is not None and not after.latin:
        return n.start, after.end
    return n.start, n.end


def joined(t: Text, nums: list[Num], i: int, glue: str) -> bool:
    """``nums[i]`` and ``nums[i+1]`` are written as one token joined by one of ``glue``."""
    if i + 1 >= len(nums):
        return False
    between = t.text[nums[i].end : nums[i + 1].start]
    return len(between) == 1 and between in glue and nums[i].digits and nums[i + 1].digits


def _date(t: Text, nums: list[Num], i: int) -> NotFigure | None:
    n = nums[i]
    reason = v.REASONS["date"]
    if joined(t, nums, i, "-/") and joined(t, nums, i + 1, "-/"):  # 2026-01-17, 17/01/2026
        return NotFigure("date", reason, 3, n.start, nums[i + 2].end)
    if not n.digits or n.scale is not None or n.value is None:
        return None
    month = _month_after(t, n.end)
    if month is not None and 1 <= n.value <= 31:  # 16 يناير 2026
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        if nxt is not None and is_year(nxt) and t.soft(month[1], nxt.start):
            return NotFigure("date", reason, 2, n.start, nxt.end)
        return NotFigure("date", reason, 1, n.start, month[1])
    month = _month_before(t, n.start)
    if month is not None:
        if is_year(n):  # يناير 2026, March 2027
            return NotFigure("date", reason, 1, month[0], n.end)
        if 1 <= n.value <= 31:  # March 3, 2027
            nxt = nums[i + 1] if i + 1 < len(nums) else None
            gap = t.text[n.end : nxt.start].strip() if nxt is not None else None
            if nxt is not None and is_year(nxt) and gap in (",", "،", ""):
                return NotFigure("date", reason, 2, month[0], nxt.end)
            return NotFigure("date", reason, 1, month[0], n.end)
    return None


def _month_after(t: Text, pos: int) -> tuple[int, int] | None:
    w = t.word_after(pos)
    if w is None:
        return None
    if w.key in v.MONTHS:
        return w.start, w.end
    i = t.index_after(pos)
    if tuple(x.key for x in t.words[i : i + 2]) in v.MONTH_PAIRS:
        return w.start, t.words[i + 1].end
    return None


def _month_before(t: Text, pos: int) -> tuple[int, int] | None:
    w = t.word_before(pos)
    if w is not None and w.key in v.MONTHS and t.text[w.end : pos].strip() in ("", ","):
        return w.start, w.end
    return None


def _time(t: Text, nums: list[Num], i: int, before: object) -> NotFigure | None:
    n = nums[i]
    if joined(t, nums, i, ":") and len(nums[i + 1].text) == 2:  # 10:30
        return NotFigure("time", v.REASONS["time"], 2, n.start, nums[i + 1].end)
    w = t.word_before(n.start)
    if (
        w is not None
        and _in(w.key, v.TIMES)
        and n.value is not None
        and n.value < 24
        and n.unit is None
    ):
        return NotFigure("time", v.REASONS["time"], 1, w.start, n.end)
    return None


def _reference(t: Text, nums: list[Num], i: int, before: object) -> NotFigure | None:
    """``القانون رقم 09.08``, ``المادة 12``, ``Article 5``: the numbers of a text."""
    w = t.word_before(nums[i].start) or _abbreviation_before(t, nums[i].start)
    if w is None or not _in(w.key, v.REFERENCES):
        return None
    used = 1
    while joined(t, nums, i + used - 1, ".-/"):
        used += 1
    reason = v.REASONS["reference"].format(word=w.text)
    return NotFigure("reference", reason, used, w.start, nums[i + used - 1].end)


def _abbreviation_before(t: Text, pos: int) -> Word | None:
    """The word before ``pos`` when an abbreviation's point stands between: ``No. 5``."""
    i = t.index_before(pos)
    if i >= 0 and re.fullmatch(r"\.\s*", t.text[t.words[i].end : pos]):
        return t.words[i]
    return None


def _ordinal_suffix(t: Text, n: Num) -> NotFigure | None:
    """``2nd``, ``3rd``, ``21st``: digits with an English ordinal suffix."""
    m = _SUFFIX.match(t.text, n.end)
    if n.digits and m is not None:
        words = t.text[n.start : m.end()]
        return NotFigure("ordinal", v.REASONS["rank"].format(words=words), 1, n.start, m.end())
    return None


_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")


def _heading(t: Text, n: Num) -> NotFigure | None:
    """``## 3.`` (a section heading) or ``3. `` / ``3) `` at a line's start (a list item)."""
    line_start, _ = t.line(n.start)
    lead = t.text[line_start : n.start]
    tail = t.text[n.end : n.end + 2]
    if not n.digits or not tail or tail[0] not in ".)" or (len(tail) > 1 and not tail[1].isspace()):
        return None
    if lead.strip() == "":
        return NotFigure("ordinal", v.REASONS["list_item"], 1, n.start, n.end + 1)
    if lead.strip(" #") == "":
        return NotFigure("ordinal", v.REASONS["heading"], 1, line_start, n.end + 1)
    return None


def _year(t: Text, nums: list[Num], i: int, before: object) -> NotFigure | None:
    """A year: a period (2024 – 2026), a deadline (بحلول عام 2030), the end of a period
    (حتى 2030), a date (في عام 2024), or part of a name («Morocco AI 2030»)."""
    n = nums[i]
    if not is_year(n):
        return None
    value = int(n.value or 0)
    nxt = nums[i + 1] if i + 1 < len(nums) else None
    if nxt is not None and is_year(nxt) and t.text[n.end : nxt.start].strip() in v.YEAR_JOINS:
        opener = t.phrase_before(n.start, v.PERIOD_OPEN) or t.phrase_before(n.start, v.RANGE_OPEN)
        last = int(nxt.value or 0)
        reason = v.REASONS["period"].format(first=value, last=last)
        start = opener[1] if opener else n.start
        return NotFigure("year", reason, 2, start, nxt.end, "period", (value, last))
    for role, table in (("deadline", v.DEADLINES), ("until", v.UNTIL)):
        found = t.phrase_before(n.start, table) or _after_year_word(t, n, table)
        if found is not None:
            return NotFigure("year", v.REASONS[role], 1, found[1], n.end, role, (value,))
    year_word = _after_year_word(t, n, None)
    if year_word is not None:
        return NotFigure("year", v.REASONS["year"], 1, year_word[1], n.end, None, (value,))
    w = t.word_before(n.start)
    if w is not None and not _in(w.key, _BEFORE_YEARS):
        reason = v.REASONS["name"].format(words=f"{w.text} {n.text}")
        return NotFigure("name", reason, 1, w.start, n.end, None, (value,))
    return NotFigure("year", v.REASONS["year"], 1, n.start, n.end, None, (value,))


def _after_year_word(
    t: Text, n: Num, table: dict[tuple[str, ...], str] | None
) -> tuple[str, int, int] | None:
    """``عام``/``سنة``/``year`` right before the year, with ``table``'s phrase before that
    word when a table is given (``بحلول عام 2030``)."""
    w = t.word_before(n.start)
    if w is None or w.key not in v.YEAR_WORDS:
        return None
    if table is None:
        return ("year", w.start, w.end)
    return t.phrase_before(w.start, table)
