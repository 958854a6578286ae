"""Units and currencies written next to a number: the words, and what they mean.

Codes: ISO 4217 for money (``MAD``, ``USD``, ``EUR``), else the unit codes the
seed data uses (``MW``, ``jobs``, ``people``, ``institutes``, ``websites``,
``regions``, ``years``, ``count``) plus ``months`` and ``percent``. ``noun``
says what is counted when the unit code alone does not (``people``: researchers,
graduates or students), in the words masdar's metrics use. ``factor`` converts
to the code's base unit (``2 GW`` is 2000 MW).

Arabic spellings are compared as ``strip_article(normalize(word))``, so
``الدراهم``, ``دراهم`` and ``الدراهمْ`` are one key; English ones casefolded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from app.search.normalize import normalize, strip_article

__all__ = ["AFTER", "BEFORE", "PER", "Unit", "key"]


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    noun: str | None = None
    factor: Decimal = Decimal(1)


MAD, USD, EUR, GBP = Unit("MAD"), Unit("USD"), Unit("EUR"), Unit("GBP")
MW = Unit("MW")
JOBS = Unit("jobs", "jobs")


def key(word: str) -> str:
    """The comparison key of one written word (see the module docstring); a sign is itself."""
    return strip_article(normalize(word)) or word.casefold()


_AFTER_SPELLINGS: list[tuple[Unit, str]] = [
    (MAD, "درهم | دراهم | درهما | dirham | dirhams | mad | dh | dhs | moroccan dirhams"),
    (USD, "دولار | دولارات | دولارا | dollar | dollars | usd | us dollars | $"),
    (EUR, "يورو | euro | euros | eur | €"),
    (GBP, "جنيه استرليني | pound sterling | pounds sterling | gbp | £"),
    (MW, "ميغاواط | ميغاوات | ميجاواط | ميجاوات | ميغا واط | ميغا وات | mw | megawatt | megawatts"),
    (Unit("MW", None, Decimal(1000)), "جيغاواط | جيغاوات | غيغاواط | gw | gigawatt | gigawatts"),
    (Unit("MW", None, Decimal("0.001")), "كيلوواط | kw | kilowatt | kilowatts"),
    (
        JOBS,
        "وظيفة | وظائف | وظيفه | فرصة عمل | فرص عمل | فرصة شغل | فرص شغل | منصب شغل | مناصب شغل"
        " | منصب عمل | مناصب عمل | job | jobs | job opportunities | positions",
    ),
    (Unit("people", "researchers"), "باحث | باحثين | باحثا | researcher | researchers"),
    (Unit("people", "graduates"), "خريج | خريجين | خريجا | graduate | graduates"),
    (Unit("people", "students"), "طالب | طلاب | طالبا | طلبة | student | students"),
    (Unit("people", "engineers"), "مهندس | مهندسين | مهندسا | engineer | engineers"),
    (Unit("people"), "شخص | أشخاص | شخصا | people | persons"),
    (Unit("people", "young_people"), "شاب | شباب | young people | youths"),
    (Unit("people", "women"), "امرأة | نساء | women"),
    (Unit("institutes", "institutes"), "مؤسسة | مؤسسات | معهد | معاهد | institute | institutes"),
    (Unit("websites", "websites"), "موقع | مواقع | موقعا | website | websites | sites"),
    (Unit("regions", "regions"), "جهة | جهات | منطقة | مناطق | region | regions"),
    (Unit("count", "agreements"), "اتفاقية | اتفاقيات | agreement | agreements"),
    (Unit("count", "pillars"), "ركيزة | ركائز | pillar | pillars"),
    (Unit("count", "axes"), "محور | محاور | axis | axes"),
    (
        Unit("companies", "companies"),
        "شركة | شركات | مقاولة | مقاولات | company | companies | firms",
    ),
    (Unit("centres", "centres"), "مركز | مراكز | مركزا | centre | centres | center | centers"),
    (Unit("projects", "projects"), "مشروع | مشاريع | مشروعا | project | projects"),
    (Unit("years"), "سنة | سنوات | سنين | عام | أعوام | year | years"),
    (Unit("months"), "شهر | أشهر | شهور | شهرا | month | months"),
    (
        Unit("percent"),
        "% | ٪ | في المائة | في المئة | بالمائة | بالمئة | percent | per cent | pct",
    ),
]
_BEFORE_SPELLINGS: list[tuple[Unit, str]] = [
    (USD, "$ | us $ | usd"),
    (MAD, "mad | dh"),
    (EUR, "€ | eur"),
    (GBP, "£ | gbp"),
]
_PER_SPELLINGS: list[tuple[str, str]] = [
    ("month", "شهريا | في الشهر | per month | a month | monthly | / month | pm"),
    (
        "year",
        "سنويا | في السنة | في العام | per year | a year | annually | yearly | per annum | / year",
    ),
]


V = TypeVar("V")


def _phrases(table: list[tuple[V, str]]) -> dict[tuple[str, ...], V]:
    out: dict[tuple[str, ...], V] = {}
    for value, spellings in table:
        for spelling in spellings.split(" | "):
            words = tuple(key(w) for w in spelling.split())
            if out.get(words, value) != value:
                raise ValueError(f"unit spellings collide: {spelling!r}")
            out[words] = value
    return out


AFTER = _phrases(_AFTER_SPELLINGS)
"""Word sequences (keys) that name a unit after a number: ``("فرصه", "عمل")`` -> jobs."""
BEFORE = _phrases(_BEFORE_SPELLINGS)
"""Currency signs and codes written before a number: ``$140m``, ``USD 140 million``."""
PER = _phrases(_PER_SPELLINGS)
"""What follows a unit to say it is a rate: ``7,000 درهم شهريًا`` is per month."""
LONGEST = max(len(k) for table in (AFTER, BEFORE, PER) for k in table)
