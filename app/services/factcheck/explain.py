"""One plain line per verdict, in English and in Arabic: what the articles say, with their
source ids, next to what the sentence says.

"The articles say about 50,000 jobs by 2030 (000) and 50,000 jobs (000, 002) for Morocco
AI 2030, not 60,000 jobs by 2030." The numbers are the articles' (with their hedges and
years, grouped by the articles that write them alike); nothing is said that no article
says.
"""

from __future__ import annotations

from collections import defaultdict

from app.reading.statements import MONEY, RANGE
from app.services.factcheck.judge import DIFFERS, SUPPORTED, Judgment, Reading
from app.services.factcheck.knowledge import Claim

EN_UNITS = {"MAD": "dirhams", "USD": "dollars", "EUR": "euros", "GBP": "pounds", "percent": "%"}
EN_PER = {"month": "a month", "year": "a year"}
EN_HEDGES = {
    None: "{}",
    "approximate": "about {}",
    "at_least": "at least {}",
    "more_than": "more than {}",
    "up_to": "up to {}",
    "less_than": "less than {}",
}
AR_UNITS = {
    "MAD": "درهم",
    "USD": "دولار",
    "EUR": "يورو",
    "GBP": "جنيه إسترليني",
    "MW": "ميغاواط",
    "jobs": "فرصة عمل",
    "researchers": "باحث",
    "graduates": "خريج",
    "students": "طالب",
    "engineers": "مهندس",
    "institutes": "مؤسسة",
    "regions": "جهة",
    "cloud_regions": "منطقة سحابة",
    "websites": "موقع",
    "pillars": "ركيزة",
    "agreements": "اتفاقية",
    "axes": "محور",
    "companies": "شركة",
    "centres": "مركز",
    "projects": "مشروع",
    "years": "سنة",
    "months": "شهر",
    "percent": "في المائة",
}
AR_FEW = {  # after 3 to 10 the noun is plural
    "فرصة عمل": "فرص عمل",
    "باحث": "باحثين",
    "خريج": "خريجين",
    "طالب": "طلاب",
    "مهندس": "مهندسين",
    "مؤسسة": "مؤسسات",
    "جهة": "جهات",
    "منطقة سحابة": "مناطق سحابة",
    "موقع": "مواقع",
    "ركيزة": "ركائز",
    "اتفاقية": "اتفاقيات",
    "محور": "محاور",
    "شركة": "شركات",
    "مركز": "مراكز",
    "مشروع": "مشاريع",
    "سنة": "سنوات",
    "شهر": "أشهر",
}
AR_PER = {"month": "شهريًا", "year": "سنويًا"}
AR_HEDGES = {
    None: "{}",
    "approximate": "نحو {}",
    "at_least": "ما لا يقل عن {}",
    "more_than": "أكثر من {}",
    "up_to": "ما يصل إلى {}",
    "less_than": "أقل من {}",
}
AR_COMMA = "، "


def _number(value: float, scales: tuple[tuple[float, float, str], ...]) -> str:
    """With the first scale word (from ``threshold`` up) that writes it in 3 decimals."""
    for threshold, size, word in scales:
        if abs(value) >= threshold and round(value / size, 3) == value / size:
            return f"{value / size:,.10g} {word}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"


def en_number(value: float) -> str:
    """``1.3 billion``, ``140 million``, ``50,000``."""
    return _number(value, ((1e9, 1e9, "billion"), (1e6, 1e6, "million")))


def ar_number(value: float) -> str:
    """``1.3 مليار``, ``140 مليون``, ``50 ألف`` (thousands from 10,000: ``7,000``)."""
    return _number(value, ((1e9, 1e9, "مليار"), (1e6, 1e6, "مليون"), (1e4, 1e3, "ألف")))


def _noun(unit: str, metric: str) -> str:
    """What is counted, as masdar's metrics and units name it."""
    if unit in ("people", "count"):
        return metric if metric not in ("people", "count", "amount") else unit
    return unit


def en_quantity(value: float, unit: str, metric: str, per: str | None = None) -> str:
    noun = _noun(unit, metric)
    text = en_number(value)
    if unit in ("USD",):
        text = f"${text}"
    elif unit == "percent":
        text = f"{text}%"
    elif noun != "count":
        text = f"{text} {EN_UNITS.get(noun, noun.replace('_', ' '))}"
    return f"{text} {EN_PER[per]}" if per else text


def ar_quantity(value: float, unit: str, metric: str, per: str | None = None) -> str:
    noun = AR_UNITS.get(_noun(unit, metric))
    text = ar_number(value)
    if noun is not None:
        noun = AR_FEW.get(noun, noun) if 3 <= value <= 10 else noun
        text = f"{text} {noun}"
    return f"{text} {AR_PER[per]}" if per else text


def _year_en(year: int | None, start: int | None, money: bool) -> str:
    if year is None:
        return ""
    if start:
        return f" for {start}–{year}"
    return f" to {year}" if money else f" by {year}"


def _year_ar(year: int | None, start: int | None, money: bool) -> str:
    if year is None:
        return ""
    if start:
        return f" للفترة {start}–{year}"
    return f" حتى {year}" if money else f" بحلول {year}"


def sources_en(sources: list[str]) -> str:
    return f"({', '.join(sources)})"


def sources_ar(sources: list[str]) -> str:
    return f"({AR_COMMA.join(sources)})"


def _groups(c: Claim) -> list[tuple[tuple[str | None, int | None, int | None], list[str]]]:
    """The claim's figures grouped by how they state it (hedge, year, start year), with
    the articles that state it that way, in article order."""
    found: dict[tuple[str | None, int | None, int | None], list[str]] = defaultdict(list)
    for m in c.members:
        key = (m.qualifier, m.year, m.period_start_year)
        for s in m.sources:
            if s not in found[key]:
                found[key].append(s)
    return sorted(found.items(), key=lambda kv: (min(kv[1]), str(kv[0])))


def claim_en(c: Claim) -> str:
    money = c.unit in MONEY
    q = en_quantity(c.value, c.unit, c.metric, c.per_unit)
    parts = [
        EN_HEDGES[hedge].format(q) + _year_en(year, start, money) + " " + sources_en(srcs)
        for (hedge, year, start), srcs in _groups(c)
    ]
    return " and ".join(parts)


def claim_ar(c: Claim) -> str:
    money = c.unit in MONEY
    q = ar_quantity(c.value, c.unit, c.metric, c.per_unit)
    parts = [
        AR_HEDGES[hedge].format(q) + _year_ar(year, start, money) + " " + sources_ar(srcs)
        for (hedge, year, start), srcs in _groups(c)
    ]
    return " و".join(parts)


def reading_en(r: Reading) -> str:
    if r.qualifier == RANGE and r.value_high is not None:
        high = en_quantity(r.value_high, r.unit, r.metric, r.per_unit)
        text = f"between {en_number(r.value)} and {high}"
    else:
        text = EN_HEDGES[r.qualifier].format(en_quantity(r.value, r.unit, r.metric, r.per_unit))
    return text + _year_en(r.year, r.period_start_year, r.money)


def reading_ar(r: Reading) -> str:
    if r.qualifier == RANGE and r.value_high is not None:
        high = ar_quantity(r.value_high, r.unit, r.metric, r.per_unit)
        text = f"بين {ar_number(r.value)} و{high}"
    else:
        text = AR_HEDGES[r.qualifier].format(ar_quantity(r.value, r.unit, r.metric, r.per_unit))
    return text + _year_ar(r.year, r.period_start_year, r.money)


def _say(claims: list[Claim]) -> tuple[str, str]:
    """ "The article says" or "The articles say", by how many articles speak."""
    many = len({s for c in claims for s in c.sources}) > 1
    return ("The articles say", "تقول المقالات") if many else ("The article says", "يقول المقال")


def explain(r: Reading, j: Judgment, named: list[tuple[str, str | None]]) -> tuple[str, str]:
    """(English, Arabic) one-line explanations of ``j``; ``named`` are the (English,
    Arabic) names of what the text names near the statement."""
    claims = [x.claim for x in j.evidence[:2]]
    if j.verdict == SUPPORTED:
        c = claims[0]
        say_en, say_ar = _say([c])
        en = f"{say_en} {claim_en(c)} for {c.subject_name}, as the sentence does."
        ar = f"{say_ar} عن {c.subject_name_ar or c.subject_name}: {claim_ar(c)}، كما تقول الجملة."
        if j.unchecked:
            en += f" No article gives a year for it: {r.year} is not checked."
            ar += f" لا يذكر أي مقال سنة لذلك: لم يُتحقق من {r.year}."
        return en, ar
    if j.verdict == DIFFERS:
        return _differs(r, j, claims, named)
    return _not_found(r, j, named)


def _differs(
    r: Reading, j: Judgment, claims: list[Claim], named: list[tuple[str, str | None]]
) -> tuple[str, str]:
    say_en, say_ar = _say(claims)
    what_en = "; ".join(f"{claim_en(c)} for {c.subject_name}" for c in claims)
    what_ar = "؛ ".join(f"{claim_ar(c)} عن {c.subject_name_ar or c.subject_name}" for c in claims)
    if j.differs_in == ("subject",):
        c = claims[0]
        giver = next(iter(c.givers.values()), None)
        by_en = f", given by {giver}" if giver else ""
        by_ar = f"، بتمويل من {giver}" if giver else ""
        who_en = " and ".join(n for n, _ in named) or "the subject the sentence names"
        who_ar = " و".join(a or n for n, a in named) or "ما تذكره الجملة"
        return (
            f"{say_en} {claim_en(c)} for {c.subject_name}{by_en}, not for {who_en}.",
            f"{say_ar} {claim_ar(c)} عن {c.subject_name_ar or c.subject_name}{by_ar}، "
            f"لا عن {who_ar}.",
        )
    if j.differs_in == ("hedge_dropped",):
        return (
            f"{say_en} {what_en}; the sentence drops the hedge: {reading_en(r)}.",
            f"{say_ar} {what_ar}؛ والجملة تحذف هذا التحفظ: {reading_ar(r)}.",
        )
    return (
        f"{say_en} {what_en}; the sentence says {reading_en(r)}.",
        f"{say_ar} {what_ar}؛ والجملة تقول {reading_ar(r)}.",
    )


def _not_found(r: Reading, j: Judgment, named: list[tuple[str, str | None]]) -> tuple[str, str]:
    about_en = f" about {' and '.join(n for n, _ in named)}" if named else ""
    about_ar = f" عن {' و'.join(a or n for n, a in named)}" if named else ""
    return (
        f"masdar's articles give nothing like {reading_en(r)}{about_en}: not found, "
        "which does not mean false.",
        f"لا تذكر مقالات مصدر شيئًا مثل {reading_ar(r)}{about_ar}: لم يُعثر عليه، "
        "وهذا لا يعني أنه خطأ.",
    )
