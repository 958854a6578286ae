"""What a number counts: the noun after it, as a unit and a metric.

``1,200 باحث`` counts people (metric ``researchers``), ``50 ألف فرصة عمل`` jobs,
``12 مؤسسة`` institutes. The units are the ones ``data/seed/figures.yaml`` uses; a
noun not listed here counts ``count``. Words are normalised
(``app.search.normalize.normalize``) and looked up with their clitics (و، ف، ب، ل، ال)
and an accusative alef (``موقعًا``) removed.
"""

from __future__ import annotations

from app.search.normalize import normalize

# unit -> metric -> nouns (singular, plural, English)
_NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "jobs": {
        "jobs": (
            "وظيفة",
            "وظائف",
            "فرصة عمل",
            "فرص عمل",
            "فرصة شغل",
            "فرص شغل",
            "منصب شغل",
            "مناصب شغل",
            "منصب عمل",
            "مناصب عمل",
            "منصب",
            "مناصب",
            "jobs",
            "job",
            "positions",
        )
    },
    "people": {
        "researchers": ("باحث", "باحثين", "باحثون", "باحثة", "researchers", "researcher"),
        "students": ("طالب", "طلاب", "طالبة", "طلبة", "students", "student"),
        "graduates": ("خريج", "خريجين", "خريجون", "graduates", "graduate"),
        "engineers": ("مهندس", "مهندسين", "مهندسون", "engineers"),
        "beneficiaries": ("مستفيد", "مستفيدين", "مستفيدون", "beneficiaries"),
        "employees": ("موظف", "موظفين", "موظفون", "employees", "staff"),
        "trainees": ("متدرب", "متدربين", "trainees"),
        "experts": ("خبير", "خبراء", "experts"),
        "people": ("شخص", "أشخاص", "فرد", "أفراد", "مواطن", "مواطنين", "people", "persons"),
        "young_people": ("شاب", "شباب", "young people"),
        "women": ("امرأة", "نساء", "women"),
    },
    "institutes": {
        "institutes": ("مؤسسة", "مؤسسات", "معهد", "معاهد", "institutes", "institutions")
    },
    "regions": {"regions": ("جهة", "جهات", "regions")},
    "websites": {"websites": ("موقع", "مواقع", "موقعا", "websites", "sites")},
    "companies": {
        "companies": (
            "شركة",
            "شركات",
            "مقاولة",
            "مقاولات",
            "companies",
            "firms",
            "startups",
            "start-ups",
        )
    },
    "centres": {"centres": ("مركز", "مراكز", "centres", "centers")},
    "projects": {"projects": ("مشروع", "مشاريع", "projects")},
    "years": {"duration": ("سنة", "سنوات", "سنين", "عام", "أعوام", "years", "year")},
    "months": {"duration": ("شهر", "أشهر", "شهور", "months", "month")},
    "count": {
        "pillars": ("ركيزة", "ركائز", "pillars"),
        "axes": ("محور", "محاور", "axes"),
        "agreements": ("اتفاقية", "اتفاقيات", "اتفاق", "agreements"),
        "zones": ("منطقة", "مناطق", "منطقتي", "منطقتين"),
    },
}

# Money and physical units: the word -> (unit, factor to the base unit).
_MEASURES: dict[str, tuple[str, float]] = {
    **dict.fromkeys(
        ("درهم", "دراهم", "درهما", "dirhams", "dirham", "mad", "dh", "dhs"), ("MAD", 1)
    ),
    **dict.fromkeys(("دولار", "دولارات", "دولارا", "dollars", "dollar", "usd", "$"), ("USD", 1)),
    **dict.fromkeys(("يورو", "euros", "euro", "eur", "€"), ("EUR", 1)),
    **dict.fromkeys(
        ("ميغاواط", "ميغاوات", "ميجاوات", "ميجاواط", "mw", "megawatts", "megawatt"), ("MW", 1)
    ),
    **dict.fromkeys(("جيغاواط", "جيجاوات", "gw", "gigawatts", "gigawatt"), ("MW", 1000)),
    **dict.fromkeys(("كيلوواط", "kw", "kilowatts"), ("MW", 0.001)),
    **dict.fromkeys(
        ("%", "٪", "percent", "per cent", "في المائة", "في المئة", "بالمائة", "بالمئة"),
        ("percent", 1),
    ),
}

CURRENCY_BEFORE = {"$": "USD", "us$": "USD", "usd": "USD", "mad": "MAD", "€": "EUR", "eur": "EUR"}
"""Symbols and codes written before the number (``$140 million``, ``MAD 800 million``)."""


def _build() -> tuple[
    dict[tuple[str, ...], tuple[str, str]], dict[tuple[str, ...], tuple[str, float]]
]:
    nouns: dict[tuple[str, ...], tuple[str, str]] = {}
    for unit, metrics in _NOUNS.items():
        for metric, words in metrics.items():
            for w in words:
                nouns[tuple(normalize(w).split())] = (unit, metric)
    measures = {tuple(normalize(w).split()) or (w,): v for w, v in _MEASURES.items()}
    return nouns, measures


NOUNS, MEASURES = _build()
LONGEST = max(len(k) for k in (*NOUNS, *MEASURES))

PER_UNIT = {
    normalize(w): per
    for w, per in {
        "شهريا": "month",
        "شهري": "month",
        "سنويا": "year",
        "سنوي": "year",
        "monthly": "month",
        "annually": "year",
        "yearly": "year",
    }.items()
}
PER_UNIT_PHRASES = {
    tuple(normalize(w).split()): per
    for w, per in {
        "في الشهر": "month",
        "كل شهر": "month",
        "في السنة": "year",
        "كل سنة": "year",
        "per month": "month",
        "a month": "month",
        "per year": "year",
        "a year": "year",
    }.items()
}
DURATION_OPEN = frozenset(
    normalize(w) for w in ("لمدة", "مدة", "مدى", "طيلة", "طوال", "for", "over")
)
"""Words before a number of years that make it a duration (``لمدة 3 سنوات``)."""

MONEY_UNITS = frozenset({"MAD", "USD", "EUR"})

MONEY_METRICS = {
    normalize(w): metric
    for w, metric in {
        "ميزانية": "budget",
        "استثمار": "investment",
        "استثمارات": "investment",
        "صندوق": "fund_size",
        "تمويل": "funding",
        "منح": "grants",
        "منحة": "grants",
        "مضافة": "value_added",
        "ثروة": "value_added",
        "الناتج": "gdp",
        "budget": "budget",
        "investment": "investment",
        "invest": "investment",
        "fund": "fund_size",
        "grants": "grants",
    }.items()
}
"""Words shortly before an amount that say what the money is (a hint for the metric)."""
