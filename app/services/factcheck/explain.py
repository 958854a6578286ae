"""One plain line per verdict, in English and in Arabic: what the articles say, with their
source ids, next to what the sentence says.

"The articles say about 50,000 jobs by 2030 (000) and 50,000 jobs (000, 002) for Morocco
AI 2030; the sentence says 60,000 jobs by 2030." The numbers are the articles' (with their
hedges and years, grouped by the articles that write them alike); nothing is said that
no article says. Both languages are written from one table each (:class:`Tongue`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.models.qualifier import HEDGE_PHRASES
from app.reading.statements import MONEY, RANGE
from app.services.factcheck.judge import DIFFERS, SUPPORTED, Judgment, Reading
from app.services.factcheck.knowledge import Claim


@dataclass(frozen=True)
class Tongue:
    """How one language writes a quantity, a hedge, a year and a list of sources."""

    scales: tuple[tuple[float, float, str], ...]
    """(from, divisor, word): ``1.3 billion``, ``50 ألف``."""
    units: dict[str, str]
    few: dict[str, str]
    """A unit's plural after 3 to 10 (Arabic)."""
    per: dict[str, str]
    hedges: dict[str | None, str]
    by: str
    until: str
    period: str
    comma: str
    join: str
    between: str
    dollar: bool
    """Write USD as ``$140 million`` rather than ``140 million dollars``."""
    metric_words: bool
    """A unit not in ``units`` is written as its metric's words (``jobs``, ``MW``)."""

    def number(self, value: float) -> str:
        for threshold, size, word in self.scales:
            if abs(value) >= threshold and round(value / size, 3) == value / size:
                return f"{value / size:,.10g} {word}"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"

    def quantity(self, value: float, unit: str, metric: str, per: str | None = None) -> str:
        noun = _noun(unit, metric)
        text = self.number(value)
        word = self.units.get(noun)
        if word is None and self.metric_words and noun != "count":
            word = noun.replace("_", " ")  # English: the metric's own words (jobs, MW)
        if unit == "USD" and self.dollar:
            text = f"${text}"
        elif word == "%":
            text += word
        elif word:
            text += " " + (self.few.get(word, word) if 3 <= value <= 10 else word)
        return f"{text} {self.per[per]}" if per else text

    def year(self, year: int | None, start: int | None, money: bool) -> str:
        if year is None:
            return ""
        if start:
            return f" {self.period} {start}–{year}"
        return f" {self.until if money else self.by} {year}"

    def sources(self, ids: list[str]) -> str:
        return f"({self.comma.join(ids)})"

    def claim(self, c: Claim) -> str:
        """Every way the articles state the claim, each with its articles."""
        q = self.quantity(c.value, c.unit, c.metric, c.per_unit)
        return self.join.join(
            self.hedges[hedge].format(q) + self.year(year, start, c.unit in MONEY) + " "
            + self.sources(ids)
            for (hedge, year, start), ids in _groups(c)
        )  # fmt: skip

    def reading(self, r: Reading) -> str:
        if r.qualifier == RANGE and r.value_high is not None:
            high = self.quantity(r.value_high, r.unit, r.metric, r.per_unit)
            text = self.between.format(self.number(r.value), high)
        else:
            text = self.hedges[r.qualifier].format(
                self.quantity(r.value, r.unit, r.metric, r.per_unit)
            )
        return text + self.year(r.year, r.period_start_year, r.money)


EN = Tongue(
    scales=((1e9, 1e9, "billion"), (1e6, 1e6, "million")),
    units={"MAD": "dirhams", "EUR": "euros", "GBP": "pounds", "percent": "%"},
    few={},
    per={"month": "a month", "year": "a year"},
    hedges=HEDGE_PHRASES,
    by="by",
    until="to",
    period="for",
    comma=", ",
    join=" and ",
    between="between {} and {}",
    dollar=True,
    metric_words=True,
)
AR = Tongue(
    scales=((1e9, 1e9, "مليار"), (1e6, 1e6, "مليون"), (1e4, 1e3, "ألف")),
    units={
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
    },
    few={
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
    },
    per={"month": "شهريًا", "year": "سنويًا"},
    hedges={
        None: "{}",
        "approximate": "نحو {}",
        "at_least": "ما لا يقل عن {}",
        "more_than": "أكثر من {}",
        "up_to": "ما يصل إلى {}",
        "less_than": "أقل من {}",
    },
    by="بحلول",
    until="حتى",
    period="للفترة",
    comma="، ",
    join=" و",
    between="بين {} و{}",
    dollar=False,
    metric_words=False,
)


def _noun(unit: str, metric: str) -> str:
    """What is counted, as masdar's metrics and units name it."""
    if unit in ("people", "count"):
        return metric if metric not in ("people", "count", "amount") else unit
    return unit


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


def _say(claims: list[Claim]) -> tuple[str, str]:
    """ "The article says" or "The articles say", by how many articles speak."""
    many = len({s for c in claims for s in c.sources}) > 1
    return ("The articles say", "تقول المقالات") if many else ("The article says", "يقول المقال")


def _ar_name(c: Claim) -> str:
    return c.subject_name_ar or c.subject_name


def explain(r: Reading, j: Judgment, named: list[tuple[str, str | None]]) -> tuple[str, str]:
    """(English, Arabic) one-line explanations of ``j``; ``named`` are the (English,
    Arabic) names of what the text names near the statement."""
    claims = [x.claim for x in j.evidence[:2]]
    if j.verdict == SUPPORTED:
        c = claims[0]
        say_en, say_ar = _say([c])
        en = f"{say_en} {EN.claim(c)} for {c.subject_name}, as the sentence does."
        ar = f"{say_ar} عن {_ar_name(c)}: {AR.claim(c)}، كما تقول الجملة."
        if j.unchecked:
            en += f" No article gives a year for it: {r.year} is not checked."
            ar += f" لا يذكر أي مقال سنة لذلك: لم يُتحقق من {r.year}."
        return en, ar
    if j.verdict == DIFFERS:
        return _differs(r, j, claims, named)
    about_en = f" about {' and '.join(n for n, _ in named)}" if named else ""
    about_ar = f" عن {' و'.join(a or n for n, a in named)}" if named else ""
    return (
        f"masdar's articles give nothing like {EN.reading(r)}{about_en}: not found, "
        "which does not mean false.",
        f"لا تذكر مقالات مصدر شيئًا مثل {AR.reading(r)}{about_ar}: لم يُعثر عليه، "
        "وهذا لا يعني أنه خطأ.",
    )


def _differs(
    r: Reading, j: Judgment, claims: list[Claim], named: list[tuple[str, str | None]]
) -> tuple[str, str]:
    say_en, say_ar = _say(claims)
    if j.differs_in == ("subject",):
        c = claims[0]
        giver = next(iter(c.givers.values()), None)
        by_en = f", given by {giver}" if giver else ""
        by_ar = f"، بتمويل من {giver}" if giver else ""
        who_en = " and ".join(n for n, _ in named) or "the subject the sentence names"
        who_ar = " و".join(a or n for n, a in named) or "ما تذكره الجملة"
        return (
            f"{say_en} {EN.claim(c)} for {c.subject_name}{by_en}, not for {who_en}.",
            f"{say_ar} {AR.claim(c)} عن {_ar_name(c)}{by_ar}، لا عن {who_ar}.",
        )
    what_en = "; ".join(f"{EN.claim(c)} for {c.subject_name}" for c in claims)
    what_ar = "؛ ".join(f"{AR.claim(c)} عن {_ar_name(c)}" for c in claims)
    if j.differs_in == ("hedge_dropped",):
        return (
            f"{say_en} {what_en}; the sentence drops the hedge: {EN.reading(r)}.",
            f"{say_ar} {what_ar}؛ والجملة تحذف هذا التحفظ: {AR.reading(r)}.",
        )
    return (
        f"{say_en} {what_en}; the sentence says {EN.reading(r)}.",
        f"{say_ar} {what_ar}؛ والجملة تقول {AR.reading(r)}.",
    )
