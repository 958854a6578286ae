"""When an event happened, as far as its article says, and on what basis.

One reading of an event's date fields, used by ``/v1/events``, ``/v1/timeline``, JSON-LD
and the conflict rules:

- a day the article writes (``happened_on``), a year (``happened_year``, or a year in
  ``date_text_ar``), with a month or as mid-year («في منتصف عام 2024»): basis ``article``;
- a month without a year («في يوليو الماضي») in an article whose page is dated: the last
  such month before the page date, basis ``inferred``, and ``inferred_from`` names the
  words and the page date;
- a weekday without a date («يوم الاثنين»): too weak to serve. ``date`` stays null, the
  article's wording stays in ``date_text_ar``, and only the bound the page date gives
  (``latest``) is served, marked inferred. Rules may compare the week before the page
  date (:attr:`When.rule_window`), and say so.
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


@dataclass(frozen=True)
class When:
    """An event's date as masdar serves it, and the window the conflict rules compare."""

    date: str | None
    """ISO 8601 as precise as known (``2025-07-22``, ``2025-07``, ``2024``); null when no
    article dates the event, or only a weak inference would."""
    precision: str | None
    """``day``, ``month``, ``year``, ``mid_year``; null with ``date``."""
    basis: str | None
    """``article`` (the article writes it) or ``inferred`` (worked out: see
    ``inferred_from``); for a null ``date``, the basis of ``latest``."""
    inferred_from: str | None
    """The words and the date an inference rests on, in one English sentence."""
    earliest: Day | None
    latest: Day | None
    """Bounds of ``date`` (the whole month or year); with a null ``date``, what is known."""
    rule_window: tuple[Day | None, Day | None]
    rule_basis: str
    """How the conflict rules may date the event, even when ``date`` is null: a weekday is
    read as the week before the page date, and they say that this is an inference."""

    def public(self) -> Row:
        return {
            "date": self.date,
            "date_precision": self.precision,
            "date_basis": self.basis,
            "date_inferred_from": self.inferred_from,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
        }


def _month_window(year: int, month: int) -> tuple[Day, Day]:
    nxt = Day(year + (month == 12), month % 12 + 1, 1)
    return Day(year, month, 1), nxt - timedelta(days=1)


def _text_year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1).translate(_EASTERN)) if found else None


def _quote(cites: list[Row], fld: str) -> str | None:
    found = next((c for c in cites if c.get("field") == fld), None)
    return f"«{found['quote']}» ({found['source_id']})" if found else None


def _page_date(ev: Row, cites: list[Row]) -> str:
    not_after: Day = ev["not_after"]
    said = _quote(cites, "not_after")
    return f"the page date {said}" if said else f"the page date {not_after.isoformat()}"


def when(ev: Row, cites: list[Row] | None = None) -> When:
    """The date of an event row (``happened_on``, ``happened_year``, ``happened_month``,
    ``date_precision``, ``not_after``, ``date_text_ar``); ``cites`` (its citations)
    let ``inferred_from`` quote the article."""
    cites = cites or []
    text = ev.get("date_text_ar") or ""
    day: Day | None = ev.get("happened_on")
    if day is not None:
        return When(day.isoformat(), "day", "article", None, day, day, (day, day), "happened_on")
    year: int | None = ev.get("happened_year") or _text_year(text)
    month: int | None = ev.get("happened_month")
    not_after: Day | None = ev.get("not_after")
    if year is not None and month is not None:
        lo, hi = _month_window(year, month)
        return When(f"{year}-{month:02d}", "month", "article", None, lo, hi, (lo, hi), "month")
    if year is not None and ev.get("date_precision") == "mid_year":
        lo, hi = Day(year, 4, 1), Day(year, 9, 30)
        return When(str(year), "mid_year", "article", None, lo, hi, (lo, hi), f"mid-{year}")
    if year is not None:
        lo, hi = Day(year, 1, 1), Day(year, 12, 31)
        return When(str(year), "year", "article", None, lo, hi, (lo, hi), str(year))
    if month is not None and not_after is not None:
        year = not_after.year - (month > not_after.month)
        lo, hi = _month_window(year, month)
        why = (
            f"{_quote(cites, 'date_text_ar') or repr(text)} names a month without a year; "
            f"{_page_date(ev, cites)} makes it the last {_MONTHS[month - 1]} before it, "
            f"{_MONTHS[month - 1]} {year}"
        )
        return When(f"{year}-{month:02d}", "month", "inferred", why, lo, hi, (lo, hi), why)
    if not_after is not None:
        bound = f"{_page_date(ev, cites)} bounds it: not after {not_after.isoformat()}"
        if set(normalize(text).split()) & WEEKDAYS:
            said = _quote(cites, "date_text_ar") or repr(text)
            why = (
                f"{said} names a weekday, not a date, so no date is given; {bound} "
                "(the page date may be when the page was shown, not when it was written)"
            )
            week = (not_after - timedelta(days=6), not_after)
            weak = "the week before the page date, a weak inference"
            return When(None, None, "inferred", why, None, not_after, week, weak)
        return When(None, None, "inferred", bound, None, not_after, (None, not_after), bound)
    return When(None, None, None, None, None, None, (None, None), "undated")
