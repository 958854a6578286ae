"""Number words: the Arabic and English lexicons the number reader uses.

Keys are normalised at import with ``app.search.normalize.normalize`` (alef,
ta marbuta and hamza folding; Latin casefolded), so list the usual spelling.
``app.reading.numbers`` decides how words combine; this module only says what
each word is.
"""

from __future__ import annotations

from enum import Enum

from app.search.normalize import normalize


class Kind(Enum):
    NUMBER = "number"  # a number on its own: خمسة 5, منطقتين 2
    SCALE = "scale"  # a number on its own, or multiplies the number before it: ألف
    PLURAL_SCALE = "plural_scale"  # vague alone (مليارات), multiplies after a number
    SCALE_AFTER = "scale_after"  # only after a number (accusative ألفًا)
    VAGUE = "vague"  # a quantity with no value: عشرات، بضعة
    TEEN_HEAD = "teen_head"  # a number only before عشر/عشرة: أحد عشر, اثنتا عشرة
    TEN = "ten"  # عشر/عشرة: 10 alone, adds 10 after a unit


# The number lexicon: word as written -> (kind, value). Keys are normalised
# at import (أ/إ/آ -> ا, ة -> ه, ؤ -> و, ئ -> ي, ء dropped), so list the usual
# spelling. A token matches after removing one optional و/ف, one optional
# ب/ل/ك and an optional article ال. Left out on purpose: أحد/إحدى alone
# ("one of"), ordinals (أول، الثاني، السادس), weekday names, and duals other
# than the few listed (a dual is any noun; only these count things here).
# Some entries are also other words (ست "lady", تسع "it holds", ألّف
# "wrote"): a rare false mention only adds a line to the coverage report.
ARABIC_SPELLINGS: dict[str, tuple[Kind, int | None]] = {
    # 1-10
    "واحد": (Kind.NUMBER, 1),
    "واحدة": (Kind.NUMBER, 1),
    "اثنان": (Kind.NUMBER, 2),
    "اثنين": (Kind.NUMBER, 2),
    "اثنتان": (Kind.NUMBER, 2),
    "اثنتين": (Kind.NUMBER, 2),
    "ثلاث": (Kind.NUMBER, 3),
    "ثلاثة": (Kind.NUMBER, 3),
    "أربع": (Kind.NUMBER, 4),
    "أربعة": (Kind.NUMBER, 4),
    "خمس": (Kind.NUMBER, 5),
    "خمسة": (Kind.NUMBER, 5),
    "ست": (Kind.NUMBER, 6),
    "ستة": (Kind.NUMBER, 6),
    "سبع": (Kind.NUMBER, 7),
    "سبعة": (Kind.NUMBER, 7),
    "ثمان": (Kind.NUMBER, 8),
    "ثماني": (Kind.NUMBER, 8),
    "ثمانية": (Kind.NUMBER, 8),
    "تسع": (Kind.NUMBER, 9),
    "تسعة": (Kind.NUMBER, 9),
    "عشر": (Kind.TEN, 10),
    "عشرة": (Kind.TEN, 10),
    # 11, 12: only with عشر/عشرة after them
    "أحد": (Kind.TEEN_HEAD, 1),
    "إحدى": (Kind.TEEN_HEAD, 1),
    "اثنا": (Kind.TEEN_HEAD, 2),
    "اثني": (Kind.TEEN_HEAD, 2),
    "اثنتا": (Kind.TEEN_HEAD, 2),
    "اثنتي": (Kind.TEEN_HEAD, 2),
    # tens
    "عشرون": (Kind.NUMBER, 20),
    "عشرين": (Kind.NUMBER, 20),
    "ثلاثون": (Kind.NUMBER, 30),
    "ثلاثين": (Kind.NUMBER, 30),
    "أربعون": (Kind.NUMBER, 40),
    "أربعين": (Kind.NUMBER, 40),
    "خمسون": (Kind.NUMBER, 50),
    "خمسين": (Kind.NUMBER, 50),
    "ستون": (Kind.NUMBER, 60),
    "ستين": (Kind.NUMBER, 60),
    "سبعون": (Kind.NUMBER, 70),
    "سبعين": (Kind.NUMBER, 70),
    "ثمانون": (Kind.NUMBER, 80),
    "ثمانين": (Kind.NUMBER, 80),
    "تسعون": (Kind.NUMBER, 90),
    "تسعين": (Kind.NUMBER, 90),
    # hundreds
    "مئة": (Kind.SCALE, 100),
    "مائة": (Kind.SCALE, 100),
    "مئتان": (Kind.NUMBER, 200),
    "مئتين": (Kind.NUMBER, 200),
    "مائتان": (Kind.NUMBER, 200),
    "مائتين": (Kind.NUMBER, 200),
    "ثلاثمئة": (Kind.NUMBER, 300),
    "ثلاثمائة": (Kind.NUMBER, 300),
    "أربعمئة": (Kind.NUMBER, 400),
    "أربعمائة": (Kind.NUMBER, 400),
    "خمسمئة": (Kind.NUMBER, 500),
    "خمسمائة": (Kind.NUMBER, 500),
    "ستمئة": (Kind.NUMBER, 600),
    "ستمائة": (Kind.NUMBER, 600),
    "سبعمئة": (Kind.NUMBER, 700),
    "سبعمائة": (Kind.NUMBER, 700),
    "ثمانمئة": (Kind.NUMBER, 800),
    "ثمانمائة": (Kind.NUMBER, 800),
    "تسعمئة": (Kind.NUMBER, 900),
    "تسعمائة": (Kind.NUMBER, 900),
    # scales
    "ألف": (Kind.SCALE, 1_000),
    "ألفان": (Kind.NUMBER, 2_000),
    "ألفين": (Kind.NUMBER, 2_000),
    "آلاف": (Kind.PLURAL_SCALE, 1_000),
    "ألفا": (Kind.SCALE_AFTER, 1_000),  # ألفًا; alone it is also "alpha"
    "مليون": (Kind.SCALE, 1_000_000),
    "مليونان": (Kind.NUMBER, 2_000_000),
    "مليونين": (Kind.NUMBER, 2_000_000),
    "ملايين": (Kind.PLURAL_SCALE, 1_000_000),
    "مليونا": (Kind.SCALE_AFTER, 1_000_000),
    "مليار": (Kind.SCALE, 1_000_000_000),
    "ملياران": (Kind.NUMBER, 2_000_000_000),
    "مليارين": (Kind.NUMBER, 2_000_000_000),
    "مليارات": (Kind.PLURAL_SCALE, 1_000_000_000),
    "ملايير": (Kind.PLURAL_SCALE, 1_000_000_000),  # Moroccan press plural
    "مليارا": (Kind.SCALE_AFTER, 1_000_000_000),
    # vague quantities
    "عشرات": (Kind.VAGUE, None),
    "مئات": (Kind.VAGUE, None),
    "بضع": (Kind.VAGUE, None),
    "بضعة": (Kind.VAGUE, None),
    # duals that count something in the articles
    "منطقتي": (Kind.NUMBER, 2),
    "منطقتين": (Kind.NUMBER, 2),
    "منطقتان": (Kind.NUMBER, 2),
    "عامين": (Kind.NUMBER, 2),
    "عامان": (Kind.NUMBER, 2),
    "سنتين": (Kind.NUMBER, 2),
    "سنتان": (Kind.NUMBER, 2),
    "طرفان": (Kind.NUMBER, 2),
    "طرفين": (Kind.NUMBER, 2),
}

# Ordinal units: "الحادي عشر" is 11th, so عشر after one of these is no number.
ORDINAL_UNITS = frozenset(
    normalize(w)
    for w in (
        "حادي",
        "حادية",
        "ثاني",
        "ثانية",
        "ثالث",
        "ثالثة",
        "رابع",
        "رابعة",
        "خامس",
        "خامسة",
        "سادس",
        "سادسة",
        "سابع",
        "سابعة",
        "ثامن",
        "ثامنة",
        "تاسع",
        "تاسعة",
    )
)
# "يوم الاثنين" and "الاثنين 16 يناير" are Monday, not two.
MONDAY = normalize("الاثنين")
DAY = normalize("يوم")
# A token that only looks like clitic + number: لست is "I am not", not ل + ست.
NOT_NUMBERS = frozenset({normalize("لست")})


# Duals of scale words (ألفين, مليارين) are as precise as "2 thousand": one
# step of the scale, not one unit.
DUAL_SCALES = {
    normalize(w): scale
    for w, scale in (
        ("ألفان", 1_000),
        ("ألفين", 1_000),
        ("مليونان", 1_000_000),
        ("مليونين", 1_000_000),
        ("ملياران", 1_000_000_000),
        ("مليارين", 1_000_000_000),
    )
}

# English (and the French scale words a Moroccan reader types): whole Latin
# words, casefolded. Scales use the short scale (billion = 10^9).
ENGLISH: dict[str, tuple[Kind, int | None]] = {
    **{
        w: (Kind.NUMBER, n)
        for n, w in enumerate(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen".split()
        )
    },
    **{
        w: (Kind.NUMBER, 10 * n)
        for n, w in enumerate(
            "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2
        )
    },
    "hundred": (Kind.SCALE, 100),
    "thousand": (Kind.SCALE, 1_000),
    "million": (Kind.SCALE, 1_000_000),
    "billion": (Kind.SCALE, 1_000_000_000),
    "trillion": (Kind.SCALE, 1_000_000_000_000),
    "milliard": (Kind.SCALE, 1_000_000_000),
    "hundreds": (Kind.PLURAL_SCALE, 100),
    "thousands": (Kind.PLURAL_SCALE, 1_000),
    "millions": (Kind.PLURAL_SCALE, 1_000_000),
    "billions": (Kind.PLURAL_SCALE, 1_000_000_000),
    "trillions": (Kind.PLURAL_SCALE, 1_000_000_000_000),
    "milliards": (Kind.PLURAL_SCALE, 1_000_000_000),
    "dozens": (Kind.VAGUE, None),
    "several": (Kind.VAGUE, None),
}
EN_ARTICLES = frozenset({"a", "an"})
"""``a million``: an article before a scale word is one of it."""
EN_AND = "and"
"""``two hundred and fifty``: only between two number words."""

# Scale abbreviations after digits. Glued ones may be one letter (15k, $140m,
# 2B); spaced ones must be unmistakable (1.3 bn, 140 mn). A letter run longer
# than the abbreviation is something else (500MW, 15km).
GLUED_SCALES: dict[str, int] = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "mm": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "bln": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
}
SPACED_SCALES = frozenset({"mn", "mln", "bn", "bln", "tn", "trn"})


def _build(spellings: dict[str, tuple[Kind, int | None]]) -> dict[str, tuple[Kind, int | None]]:
    lexicon: dict[str, tuple[Kind, int | None]] = {}
    for spelling, entry in spellings.items():
        key = normalize(spelling)
        if lexicon.get(key, entry) != entry:
            raise ValueError(f"number words collide after normalisation: {key!r}")
        lexicon[key] = entry
    return lexicon


ARABIC = _build(ARABIC_SPELLINGS)
