"""When an event happened, as far as its article says, and on what basis.

One reading of an event's date fields, used by ``/v1/events``, ``/v1/timeline``, JSON-LD
and the conflict rules, so that none of them dates an event in a way the others refuse:

- a day the article writes (``happened_on``), a year (``happened_year``, or a year in
  ``date_text_ar``), with a month or as mid-year («في منتصف عام 2024»): basis ``article``;
- a month without a year («في يوليو الماضي») in an article whose page is dated: the last
  such month before the page date, basis ``inferred``, and ``inferred_from`` names the
  words and the page date;
- a weekday without a date («يوم الاثنين»): too weak to serve. ``date`` stays null (and
  so do its precision, basis and ``inferred_from``), the article's wording stays in
  ``date_text_ar`` and ``note`` says why there is no date.

The bounds (``earliest``, ``latest``) each carry their own basis and ``inferred_from``:
the extent of ``date`` when there is one, tightened by the event's stored bounds
``not_before`` and ``not_after`` (the page date; what the event follows: «هذا اليوم يأتي
استكمالاً للملتقى الوطني للذكاء الاصطناعي» … «الذي انعقد في يوليو الماضي» → not before
2025-07-01). A value that is null has a null basis. The conflict rules compare exactly
these bounds (:attr:`When.window`): no rule reads a weekday as the week before the page
date, or uses any other inference the timeline refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Day
from datetime import timedelta
from typing import Any

from app.search.normalize import normalize

Row = dict[str, Any]

WEEKDAYS = {
    normalize(d)
    for d in ("الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
}
_YEAR = re.compile(r"(?<![0-9٠-٩])([12][0-9]{3}|[١٢][٠-٩]{3})(?![0-9٠-٩])")
_EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
PAGE_DATE_CAVEAT = "the page date may be when the page was shown, not when it was written"


@dataclass(frozen=True)
class Bound:
    """One end of the window an event lies in."""

    day: Day
    basis: str
    """``article`` (the extent of a date an article writes) or ``inferred``."""
    inferred_from: str | None
    """For an inferred bound: the words and the date it rests on, in one English sentence."""


MID_YEAR = "1 April to 30 September"
"""What masdar reads «في منتصف عام» (mid-year) as: the months are masdar's convention."""


@dataclass(frozen=True)
class When:
    """An event's date as masdar serves it; the conflict rules compare :attr:`window`."""

    date: str | None
    """ISO 8601 as precise as known (``2025-07-22``, ``2025-07``, ``2024``); null when no
    article dates the event, or only a weak inference would."""
    precision: str | None
    """``day``, ``month``, ``year``, ``mid_year``; null with ``date``."""
    basis: str | None
    """``article`` (the article writes it) or ``inferred`` (see ``inferred_from``); null
    with ``date``."""
    inferred_from: str | None
    """The words and the date an inferred ``date`` rests on; null otherwise."""
    earliest: Bound | None
    latest: Bound | None
    note: str | None = None
    """Why ``date`` is null: the article words a time masdar does not read as a date
    («يوم الاثنين»), or no article dates it."""

    @property
    def window(self) -> tuple[Day | None, Day | None]:
        """The days the event may lie between, as served: what the conflict rules compare."""
        return (
            self.earliest.day if self.earliest else None,
            self.latest.day if self.latest else None,
        )

    def public(self) -> Row:
        out: Row = {
            "date": self.date,
            "date_precision": self.precision,
            "date_basis": self.basis,
            "date_inferred_from": self.inferred_from,
            "date_note": self.note,
        }
        for name, b in (("earliest", self.earliest), ("latest", self.latest)):
            out[name] = b.day.isoformat() if b else None
            out[f"{name}_basis"] = b.basis if b else None
            out[f"{name}_inferred_from"] = b.inferred_from if b else None
        return out


def _month_window(year: int, month: int) -> tuple[Day, Day]:
    nxt = Day(year + (month == 12), month % 12 + 1, 1)
    return Day(year, month, 1), nxt - timedelta(days=1)


def _text_year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1).translate(_EASTERN)) if found else None


def _quotes(cites: list[Row], fld: str) -> list[str]:
    return [f"«{c['quote']}» ({c['source_id']})" for c in cites if c.get("field") == fld]


def _quote(cites: list[Row], fld: str) -> str | None:
    found = _quotes(cites, fld)
    return found[0] if found else None


def _page_date(ev: Row, cites: list[Row]) -> str | None:
    not_after: Day | None = ev.get("not_after")
    if not_after is None:
        return None
    said = _quote(cites, "not_after")
    return f"the page date {said}" if said else f"the page date {not_after.isoformat()}"


def not_after(ev: Row, cites: list[Row] | None = None) -> Bound | None:
    """The stored upper bound (``not_after``: the page date of the article), inferred."""
    day: Day | None = ev.get("not_after")
    if day is None:
        return None
    why = (
        f"{_page_date(ev, cites or [])} bounds it: not after {day.isoformat()} ({PAGE_DATE_CAVEAT})"
    )
    return Bound(day, "inferred", why)


def not_before(ev: Row, cites: list[Row] | None = None) -> Bound | None:
    """The stored lower bound (``not_before``), inferred from the words its citations
    quote (``field: not_before``), read against the page date."""
    day: Day | None = ev.get("not_before")
    if day is None:
        return None
    cites = cites or []
    said = _quotes(cites, "not_before")
    words = " and ".join(said) if said else "no quoted words"
    page = _page_date(ev, cites)
    read = f", read against {page}," if page else ""
    verb = "bound" if len(said) > 1 else "bounds"
    return Bound(day, "inferred", f"{words}{read} {verb} it: not before {day.isoformat()}")


def _stated(ev: Row, cites: list[Row]) -> tuple[str, str, str, str | None, Day, Day] | None:
    """``(date, precision, basis, inferred_from, first day, last day)`` of the date an
    article gives, or None."""
    text = ev.get("date_text_ar") or ""
    day: Day | None = ev.get("happened_on")
    if day is not None:
        return day.isoformat(), "day", "article", None, day, day
    year: int | None = ev.get("happened_year") or _text_year(text)
    month: int | None = ev.get("happened_month")
    page: Day | None = ev.get("not_after")
    if year is not None and month is not None:
        lo, hi = _month_window(year, month)
        return f"{year}-{month:02d}", "month", "article", None, lo, hi
    if year is not None and ev.get("date_precision") == "mid_year":
        return str(year), "mid_year", "article", None, Day(year, 4, 1), Day(year, 9, 30)
    if year is not None:
        return str(year), "year", "article", None, Day(year, 1, 1), Day(year, 12, 31)
    if month is not None and page is not None:
        year = page.year - (month > page.month)
        lo, hi = _month_window(year, month)
        why = (
            f"{_quote(cites, 'date_text_ar') or repr(text)} names a month without a year; "
            f"{_page_date(ev, cites)} makes it the last {_MONTHS[month - 1]} before it, "
            f"{_MONTHS[month - 1]} {year}"
        )
        return f"{year}-{month:02d}", "month", "inferred", why, lo, hi
    return None


def _of_date(day: Day, date: str, basis: str, end: str) -> Bound:
    why = f"the {end} day of date ({date}), itself inferred" if basis == "inferred" else None
    return Bound(day, basis, why)


def when(ev: Row, cites: list[Row] | None = None) -> When:
    """The date of an event row (``happened_on``, ``happened_year``, ``happened_month``,
    ``date_precision``, ``not_before``, ``not_after``, ``date_text_ar``); ``cites`` (its
    citations) let the ``inferred_from`` sentences quote the article."""
    cites = cites or []
    lower, upper = not_before(ev, cites), not_after(ev, cites)
    stated = _stated(ev, cites)
    if stated is not None:
        date, precision, basis, why, lo, hi = stated
        earliest = _of_date(lo, date, basis, "first")
        latest = _of_date(hi, date, basis, "last")
        if precision == "mid_year":  # the article says "mid-2024"; the months are ours
            said = _quote(cites, "date_text_ar") or repr(ev.get("date_text_ar") or "")
            months = f"{said} says mid-{date}: masdar reads mid-year as {MID_YEAR}"
            earliest, latest = Bound(lo, "inferred", months), Bound(hi, "inferred", months)
        if lower is not None and lo < lower.day <= hi:
            earliest = lower
        if upper is not None and lo <= upper.day < hi:
            latest = upper
        return When(date, precision, basis, why, earliest, latest)
    text = ev.get("date_text_ar") or ""
    if set(normalize(text).split()) & WEEKDAYS:
        said = _quote(cites, "date_text_ar") or repr(text)
        note = (
            f"{said} names a weekday, not a date: masdar does not work out which day it "
            "was (not even from the page date), so only the bounds are given"
        )
    elif text:
        note = f"«{text}» gives no date masdar can read"
    else:
        note = "no article dates it" + ("" if lower or upper else ", and none bounds it")
    return When(None, None, None, None, lower, upper, note)
