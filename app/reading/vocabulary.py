"""The words around a number that the statement reader understands, Arabic and English.

Only data: phrases as an article writes them (normalised at import with
``app.search.normalize.normalize``, so list the usual spelling), and what each says.
``app.reading.statements`` decides where they may stand.
"""

from __future__ import annotations

from app.search.normalize import normalize


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(phrase).split())


def phrases(table: dict[str, str]) -> dict[tuple[str, ...], str]:
    """Phrase -> meaning, keyed by the phrase's normalised words."""
    return {_keys(p): meaning for p, meaning in table.items()}


# -- hedges ----------------------------------------------------------------------------
# Qualifiers: approximate, more_than (exclusive), at_least, up_to, less_than (exclusive).

HEDGES_BEFORE = phrases(
    {
        # approximate
        "نحو": "approximate",
        "حوالي": "approximate",
        "حوالى": "approximate",
        "زهاء": "approximate",
        "قرابة": "approximate",
        "ما يقارب": "approximate",
        "يقارب": "approximate",
        "تقارب": "approximate",
        "ما يناهز": "approximate",
        "يناهز": "approximate",
        "تناهز": "approximate",
        "ما يقرب من": "approximate",
        "ما يعادل": "approximate",
        "about": "approximate",
        "around": "approximate",
        "approximately": "approximate",
        "roughly": "approximate",
        "nearly": "approximate",
        "almost": "approximate",
        "some": "approximate",
        "close to": "approximate",
        "an estimated": "approximate",
        # more than
        "أكثر من": "more_than",
        "ما يزيد عن": "more_than",
        "ما يزيد على": "more_than",
        "يزيد عن": "more_than",
        "يزيد على": "more_than",
        "ما يفوق": "more_than",
        "يفوق": "more_than",
        "تفوق": "more_than",
        "more than": "more_than",
        "over": "more_than",
        "above": "more_than",
        "in excess of": "more_than",
        "upwards of": "more_than",
        "just over": "more_than",
        # at least
        "لا يقل عن": "at_least",
        "لا تقل عن": "at_least",
        "ما لا يقل عن": "at_least",
        "على الأقل": "at_least",
        "at least": "at_least",
        "no less than": "at_least",
        "no fewer than": "at_least",
        "a minimum of": "at_least",
        # up to
        "تصل إلى": "up_to",
        "يصل إلى": "up_to",
        "قد تصل إلى": "up_to",
        "قد يصل إلى": "up_to",
        "لا يتجاوز": "up_to",
        "لا تتجاوز": "up_to",
        "لن يتجاوز": "up_to",
        "لن تتجاوز": "up_to",
        "لا تزيد عن": "up_to",
        "لا يزيد عن": "up_to",
        "لا تزيد على": "up_to",
        "لا يزيد على": "up_to",
        "up to": "up_to",
        "as many as": "up_to",
        "as much as": "up_to",
        "at most": "up_to",
        "no more than": "up_to",
        "a maximum of": "up_to",
        # less than
        "أقل من": "less_than",
        "ما دون": "less_than",
        "less than": "less_than",
        "fewer than": "less_than",
        "under": "less_than",
        "below": "less_than",
        "just under": "less_than",
    }
)

HEDGES_AFTER = phrases(
    {
        "على الأقل": "at_least",
        "كحد أدنى": "at_least",
        "على الأكثر": "up_to",
        "كحد أقصى": "up_to",
        "تقريبا": "approximate",
        "or more": "at_least",
        "at least": "at_least",
        "at most": "up_to",
        "or less": "up_to",
        "approximately": "approximate",
        "or so": "approximate",
    }
)

VERB_HEDGES = phrases(
    {
        # a verb a few words before its number: «لن تتجاوز رسوم التسيير نسبة ٢ بالمائة»
        "لا يتجاوز": "up_to",
        "لا تتجاوز": "up_to",
        "لن يتجاوز": "up_to",
        "لن تتجاوز": "up_to",
        "تصل": "up_to",
        "يصل": "up_to",
    }
)
"""Verbs that hedge a number a few words later (``تصل … إلى``, ``لن تتجاوز … نسبة``)."""

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

TIMES = frozenset(_keys(w)[0] for w in ("الساعة", "ساعة", "at"))

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

REASONS = {
    "definite_dual": "a dual with the article names a known pair («الطرفان», «العامين الأخيرين»); "
    "it does not count anything",
    "period": "a period of years ({first}–{last}), stated with the figure it bounds",
}
"""The English sentences that say why a number is not a figure."""
