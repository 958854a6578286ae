"""The words around a number that the statement reader understands, Arabic and English.

Only data: phrases as an article writes them (normalised at import with
``app.search.normalize.normalize``, so list the usual spelling), and what each says.
``app.reading.statements`` decides where they may stand.
"""

from __future__ import annotations

from app.models.qualifier import HEDGES
from app.search.normalize import normalize


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(phrase).split())


def phrases(table: dict[str, str]) -> dict[tuple[str, ...], str]:
    """Phrase -> meaning, keyed by the phrase's normalised words."""
    return {_keys(p): meaning for p, meaning in table.items()}


# -- hedges ----------------------------------------------------------------------------
# The wordings and what they mean are app/models/qualifier.py's (one vocabulary for the
# seeder, the conflict rules and this reader); here only where each may stand.

AFTER_WORDINGS = frozenset(
    {
        "على الأقل",
        "كحد أدنى",
        "كحد أقصى",
        "بحد أقصى",
        "على الأكثر",
        "تقريبا",
        "at least",
        "at most",
        "or more",
        "or less",
        "approximately",
    }
)
"""Wordings that hedge the number before them: «40% على الأقل», "500 MW or more"."""
NOT_BEFORE = frozenset({"or more", "or less"})

HEDGES_BEFORE = phrases(
    {w: q.value for q, wordings in HEDGES.items() for w in wordings if w not in NOT_BEFORE}
)
"""Hedges written right before their number: «تصل إلى 500», "more than 1,200"."""
HEDGES_AFTER = phrases(
    {w: q.value for q, wordings in HEDGES.items() for w in wordings if w in AFTER_WORDINGS}
)
GAP_HEDGES = phrases(
    {w: q.value for q, wordings in HEDGES.items() for w in wordings if w.startswith(("لا ", "لن "))}
)
"""Negated verbs that hedge a number a few words later: «لن تتجاوز رسوم التسيير نسبة ٢
بالمائة». (``تصل … إلى`` with words between is not read: the seeder's hedge check reads
a hedge as whole words together, so such a quote could not be accepted as up_to.)"""

RANGE_OPEN = phrases({"بين": "between", "ما بين": "between", "between": "between"})
RANGE_JOIN = phrases({"و": "and", "and": "and", "إلى": "to", "الى": "to", "to": "to"})

# -- deadlines and periods -------------------------------------------------------------

DEADLINES = phrases(
    {
        "بحلول": "by",
        "بحلول عام": "by",
        "بحلول سنة": "by",
        "مع حلول": "by",
        "مع حلول عام": "by",
        "في أفق": "by",
        "في أفق عام": "by",
        "في أفق سنة": "by",
        "أفق": "by",
        "by": "by",
        "by the end of": "by",
        "no later than": "by",
    }
)
"""Phrases that make the next year a deadline."""

UNTIL = phrases({"حتى": "until", "حتى عام": "until", "حتى سنة": "until", "through": "until"})
"""Phrases that make the next year the end of a fund's period, or a target's deadline."""

PERIOD_OPEN = phrases(
    {"للفترة": "period", "الفترة": "period", "خلال الفترة": "period", "for": "period"}
)

YEAR_WORDS = frozenset(_keys("عام سنة العام السنة year")) | frozenset({"عام", "سنه"})

# -- numbers that are not figures ------------------------------------------------------

MONTHS = frozenset(
    normalize(m)
    for m in (
        "يناير ينار فبراير مارس أبريل ابريل ماي مايو يونيو يونيه يوليوز يوليو غشت أغسطس "
        "اغسطس شتنبر سبتمبر أكتوبر اكتوبر نونبر نوفمبر دجنبر ديسمبر "
        "شباط آذار نيسان أيار حزيران تموز آب أيلول "
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)
MONTH_PAIRS = frozenset(
    {_keys("كانون الثاني"), _keys("كانون الأول"), _keys("تشرين الأول"), _keys("تشرين الثاني")}
)

REFERENCES = frozenset(
    _keys(w)[0]
    for w in (
        "رقم",
        "المادة",
        "مادة",
        "الفصل",
        "البند",
        "الفقرة",
        "القانون",
        "قانون",
        "المرسوم",
        "مرسوم",
        "الظهير",
        "ظهير",
        "القرار",
        "قرار",
        "no",
        "article",
        "section",
        "law",
        "decree",
        "paragraph",
        "chapter",
        "clause",
        "page",
        "الصفحة",
        "صفحة",
    )
)
"""Words after which a number names a text, not a quantity (``القانون رقم 09.08``)."""

ORDINALS = frozenset(
    _keys(w)[0]
    for w in (
        "المرتبة",
        "مرتبة",
        "الرتبة",
        "رتبة",
        "المركز",
        "الدورة",
        "النسخة",
        "الطبعة",
        "rank",
        "ranked",
        "edition",
        "number",
        "no.",
        "round",
        "phase",
        "stage",
    )
)
"""Words after which a number is a rank or an edition (``المرتبة 3``)."""

VERSIONS = frozenset(_keys(w)[0] for w in ("الإصدار", "إصدار", "النسخة", "version", "v"))

TIMES = frozenset(_keys(w)[0] for w in ("الساعة", "ساعة"))

AGO = phrases({"منذ": "since", "قبل": "before", "ago": "ago", "since": "since"})
"""Words that make the next duration a time reference (``منذ 3 سنوات``), not a figure."""

TEMPERATURE = frozenset({"c", "°c", "°", "f", "°f"})

SINGULAR_ONE = frozenset(normalize(w) for w in ("واحد", "واحدة", "one"))
"""``شريك واحد`` "a single partner", ``واحدة من`` "one of": not a quantity."""

BEFORE_YEARS = (
    "في من إلى الى منذ حتى قبل بعد خلال عام سنة العام السنة أفق بحلول مطلع نهاية بداية "
    "in of since until before after from to by during year"
)
"""Words after which a year is a date; after any other word it is part of a name."""

YEAR_JOINS = frozenset({"-", "–", "—", "إلى", "الى", "و", "to", "and"})
"""What joins the two years of a period: ``2024 – 2026``, ``من 2024 إلى 2026``."""

REASONS = {
    "vague": "a quantity with no number («مليارات الدراهم», «dozens»)",
    "date": "a calendar date, not a quantity",
    "time": "a time of day",
    "reference": "the number of a text («{word} …»): a law, a decree, an article, a page",
    "rank": "a rank or an edition («{words}»)",
    "heading": "a section heading number",
    "list_item": "a list item number",
    "version": "a version number, part of a name («الصناعة 4.0»)",
    "temperature": "a temperature: a weather widget in the page chrome",
    "chrome": "a number alone on a short line: page furniture (a counter, a widget)",
    "one": "«one» marks the singular («شريك واحد», «واحدة من»), it counts nothing",
    "definite_dual": "a dual with the article names a known pair («الطرفان», «العامين "
    "الأخيرين»); it counts nothing",
    "ago": "a time reference («منذ 3 سنوات»), not a quantity",
    "period": "a period of years ({first}–{last}), stated with the figure it bounds",
    "deadline": "a deadline year, stated with the figure it bounds",
    "until": "the end of a period, stated with the figure it bounds",
    "year": "a calendar year (when something happened or will happen)",
    "name": "a year inside a name or a title («{words}»)",
}
"""The English sentences that say why a number is not a figure."""

# -- what a figure is about ------------------------------------------------------------

UNIT_METRICS = {
    "MW": "power_capacity",
    "percent": "share",
    "years": "duration",
    "months": "duration",
    "jobs": "jobs",
}
"""A metric hint for a unit that says it; otherwise the counted noun or the unit."""

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
        "إضافة": "value_added",
        "يضيف": "value_added",
        "تضيف": "value_added",
        "سيضيف": "value_added",
        "ستضيف": "value_added",
        "يستثمر": "investment",
        "تستثمر": "investment",
        "سيستثمر": "investment",
        "ستستثمر": "investment",
        "خصصت": "budget",
        "تخصص": "budget",
        "ستخصص": "budget",
        "يخصص": "budget",
        "سيخصص": "budget",
        "رصدت": "budget",
        "budget": "budget",
        "allocated": "budget",
        "allocates": "budget",
        "earmarked": "budget",
        "earmarks": "budget",
        "investment": "investment",
        "invest": "investment",
        "invests": "investment",
        "investing": "investment",
        "add": "value_added",
        "adds": "value_added",
        "adding": "value_added",
        "wealth": "value_added",
        "added": "value_added",
        "fund": "fund_size",
        "grants": "grants",
    }.items()
}
"""Words shortly before an amount that say what the money is."""

DURATION_OPEN = frozenset(
    normalize(w) for w in ("لمدة", "مدة", "مدى", "طيلة", "طوال", "for", "over")
)
"""Words before a number of years that make it a duration (``لمدة 3 سنوات``)."""
