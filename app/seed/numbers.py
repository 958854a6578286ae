"""Every number mention in an Arabic article, with code-point offsets.

The seeder's coverage report lists each mention as linked to a fact or
deliberately skipped, and ``mentions_value`` checks that a figure's number
appears in its quote. Two kinds of mention:

- digit runs (ASCII, Arabic-Indic ``٠-٩``, Eastern ``۰-۹``) with ``,``/``٬``
  thousands separators and a ``.``/``٫`` decimal part, optionally followed
  by a scale word (``100 مليار``);
- Arabic number words, matched as whole words after stripping attached
  clitics, so ``عثمان`` does not contain ``ثمان`` nor ``الفلاح`` ``ألف``.

Words are compared through ``app.search.normalize.normalize`` (alef, ta
marbuta and hamza folding), but every offset is into the original text:
tokens come from a regex over the original, never from normalised text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from app.search.normalize import normalize

__all__ = ["NumberMention", "find_numbers", "mentions_value"]


class _Kind(Enum):
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
_LEXICON_SPELLINGS: dict[str, tuple[_Kind, float | None]] = {
    # 1-10
    "واحد": (_Kind.NUMBER, 1),
    "واحدة": (_Kind.NUMBER, 1),
    "اثنان": (_Kind.NUMBER, 2),
    "اثنين": (_Kind.NUMBER, 2),
    "اثنتان": (_Kind.NUMBER, 2),
    "اثنتين": (_Kind.NUMBER, 2),
    "ثلاث": (_Kind.NUMBER, 3),
    "ثلاثة": (_Kind.NUMBER, 3),
    "أربع": (_Kind.NUMBER, 4),
    "أربعة": (_Kind.NUMBER, 4),
    "خمس": (_Kind.NUMBER, 5),
    "خمسة": (_Kind.NUMBER, 5),
    "ست": (_Kind.NUMBER, 6),
    "ستة": (_Kind.NUMBER, 6),
    "سبع": (_Kind.NUMBER, 7),
    "سبعة": (_Kind.NUMBER, 7),
    "ثمان": (_Kind.NUMBER, 8),
    "ثماني": (_Kind.NUMBER, 8),
    "ثمانية": (_Kind.NUMBER, 8),
    "تسع": (_Kind.NUMBER, 9),
    "تسعة": (_Kind.NUMBER, 9),
    "عشر": (_Kind.TEN, 10),
    "عشرة": (_Kind.TEN, 10),
    # 11, 12: only with عشر/عشرة after them
    "أحد": (_Kind.TEEN_HEAD, 1),
    "إحدى": (_Kind.TEEN_HEAD, 1),
    "اثنا": (_Kind.TEEN_HEAD, 2),
    "اثني": (_Kind.TEEN_HEAD, 2),
    "اثنتا": (_Kind.TEEN_HEAD, 2),
    "اثنتي": (_Kind.TEEN_HEAD, 2),
    # tens
    "عشرون": (_Kind.NUMBER, 20),
    "عشرين": (_Kind.NUMBER, 20),
    "ثلاثون": (_Kind.NUMBER, 30),
    "ثلاثين": (_Kind.NUMBER, 30),
    "أربعون": (_Kind.NUMBER, 40),
    "أربعين": (_Kind.NUMBER, 40),
    "خمسون": (_Kind.NUMBER, 50),
    "خمسين": (_Kind.NUMBER, 50),
    "ستون": (_Kind.NUMBER, 60),
    "ستين": (_Kind.NUMBER, 60),
    "سبعون": (_Kind.NUMBER, 70),
    "سبعين": (_Kind.NUMBER, 70),
    "ثمانون": (_Kind.NUMBER, 80),
    "ثمانين": (_Kind.NUMBER, 80),
    "تسعون": (_Kind.NUMBER, 90),
    "تسعين": (_Kind.NUMBER, 90),
    # hundreds
    "مئة": (_Kind.SCALE, 100),
    "مائة": (_Kind.SCALE, 100),
    "مئتان": (_Kind.NUMBER, 200),
    "مئتين": (_Kind.NUMBER, 200),
    "مائتان": (_Kind.NUMBER, 200),
    "مائتين": (_Kind.NUMBER, 200),
    "ثلاثمئة": (_Kind.NUMBER, 300),
    "ثلاثمائة": (_Kind.NUMBER, 300),
    "أربعمئة": (_Kind.NUMBER, 400),
    "أربعمائة": (_Kind.NUMBER, 400),
    "خمسمئة": (_Kind.NUMBER, 500),
    "خمسمائة": (_Kind.NUMBER, 500),
    "ستمئة": (_Kind.NUMBER, 600),
    "ستمائة": (_Kind.NUMBER, 600),
    "سبعمئة": (_Kind.NUMBER, 700),
    "سبعمائة": (_Kind.NUMBER, 700),
    "ثمانمئة": (_Kind.NUMBER, 800),
    "ثمانمائة": (_Kind.NUMBER, 800),
    "تسعمئة": (_Kind.NUMBER, 900),
    "تسعمائة": (_Kind.NUMBER, 900),
    # scales
    "ألف": (_Kind.SCALE, 1e3),
    "ألفان": (_Kind.NUMBER, 2e3),
    "ألفين": (_Kind.NUMBER, 2e3),
    "آلاف": (_Kind.PLURAL_SCALE, 1e3),
    "ألفا": (_Kind.SCALE_AFTER, 1e3),  # ألفًا; alone it is also "alpha"
    "مليون": (_Kind.SCALE, 1e6),
    "مليونان": (_Kind.NUMBER, 2e6),
    "مليونين": (_Kind.NUMBER, 2e6),
    "ملايين": (_Kind.PLURAL_SCALE, 1e6),
    "مليونا": (_Kind.SCALE_AFTER, 1e6),
    "مليار": (_Kind.SCALE, 1e9),
    "ملياران": (_Kind.NUMBER, 2e9),
    "مليارين": (_Kind.NUMBER, 2e9),
    "مليارات": (_Kind.PLURAL_SCALE, 1e9),
    "ملايير": (_Kind.PLURAL_SCALE, 1e9),  # Moroccan press plural
    "مليارا": (_Kind.SCALE_AFTER, 1e9),
    # vague quantities
    "عشرات": (_Kind.VAGUE, None),
    "مئات": (_Kind.VAGUE, None),
    "بضع": (_Kind.VAGUE, None),
    "بضعة": (_Kind.VAGUE, None),
    # duals that count something in the articles
    "منطقتي": (_Kind.NUMBER, 2),
    "منطقتين": (_Kind.NUMBER, 2),
    "منطقتان": (_Kind.NUMBER, 2),
    "عامين": (_Kind.NUMBER, 2),
    "عامان": (_Kind.NUMBER, 2),
    "سنتين": (_Kind.NUMBER, 2),
    "سنتان": (_Kind.NUMBER, 2),
    "طرفان": (_Kind.NUMBER, 2),
    "طرفين": (_Kind.NUMBER, 2),
}

# Ordinal units: "الحادي عشر" is 11th, so عشر after one of these is no number.
_ORDINAL_UNITS = frozenset(
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
_MONDAY = normalize("الاثنين")
_DAY = normalize("يوم")
# A token that only looks like clitic + number: لست is "I am not", not ل + ست.
_NOT_NUMBERS = frozenset({normalize("لست")})


def _build_lexicon() -> dict[str, tuple[_Kind, float | None]]:
    lexicon: dict[str, tuple[_Kind, float | None]] = {}
    for spelling, entry in _LEXICON_SPELLINGS.items():
        key = normalize(spelling)
        if lexicon.get(key, entry) != entry:
            raise ValueError(f"number words collide after normalisation: {key!r}")
        lexicon[key] = entry
    return lexicon


_LEXICON = _build_lexicon()


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number in a text: ``text[start:end] == self.text`` (code-point offsets)."""

    start: int
    end: int
    text: str
    values: frozenset[float]
    """Every value the mention can stand for: ``100 مليار`` -> {100, 1e11};
    empty for a vague word such as ``مليارات``."""


_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
# Thousands groups only when exactly three digits follow each separator.
_DIGIT_NUMBER = re.compile(
    rf"(?<!{_DIGIT})"
    rf"(?:{_DIGIT}{{1,3}}(?:[,\u066c]{_DIGIT}{{3}})+(?!{_DIGIT})|{_DIGIT}+)"
    rf"(?:[.\u066b]{_DIGIT}+)?"
)
# Digits glued to a Latin letter before them are part of a name: AI71, UM6P.
_LATIN_BEFORE = re.compile(r"[A-Za-z]")
# Arabic letters, with the diacritics and tatweel that may sit inside a word.
_WORD = re.compile(
    "[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]+"
)
_GAP = re.compile(r"[^\S\n]*")  # spaces between a number and its scale word

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")


def _lookups(key: str) -> Iterator[str]:
    """``key`` itself, then ``key`` without clitics (و/ف, then ب/ل/ك, then ال)."""
    yield key
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            for article in ("", "ال"):
                prefix = conj + prep + article
                if prep == "ل" and article:
                    prefix = conj + "لل"
                if prefix and key.startswith(prefix) and len(key) - len(prefix) >= 2:
                    yield key[len(prefix) :]


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    key: str  # normalize(text[start:end])
    kind: _Kind | None
    value: float | None


def _lookup(key: str) -> tuple[_Kind, float | None] | None:
    if key in _NOT_NUMBERS:
        return None
    for candidate in _lookups(key):
        entry = _LEXICON.get(candidate)
        if entry is not None:
            return entry
    return None


def _words(text: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _WORD.finditer(text):
        key = normalize(m.group())
        entry = _lookup(key) if key else None
        kind, value = entry if entry else (None, None)
        out.append(_Token(m.start(), m.end(), key, kind, value))
    return out


def _digit_value(digits: str) -> Decimal:
    ascii_digits = "".join(
        str(int(c)) if c.isdigit() else ("." if c in ".\u066b" else "") for c in digits
    )
    return Decimal(ascii_digits)


def _scaled(number: Decimal, scale: float | None) -> frozenset[float]:
    if scale is None:
        return frozenset({float(number)})
    return frozenset({float(number), float(number * Decimal(int(scale)))})


def _only_spaces(text: str, start: int, end: int) -> bool:
    return _GAP.fullmatch(text, start, end) is not None


_SCALES = (_Kind.SCALE, _Kind.PLURAL_SCALE, _Kind.SCALE_AFTER)
_TENS = frozenset(Decimal(n) for n in range(20, 100, 10))


def _scale_after(text: str, pos: int, words: list[_Token], i: int) -> _Token | None:
    """The scale word ``words[i]`` if it follows ``pos`` with only spaces between."""
    if i < len(words) and words[i].kind in _SCALES and _only_spaces(text, pos, words[i].start):
        return words[i]
    return None


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in ``text``, in order, none overlapping.

    Digit runs separated by anything but a thousands separator or decimal
    point are separate mentions: ``2026-01-17`` gives three, ``2024 – 2026``
    two. A scale word after a number joins the mention and adds a candidate:
    ``1.3 مليار`` -> {1.3, 1.3e9}.
    """
    words = _words(text)
    mentions: list[NumberMention] = []
    consumed: set[int] = set()  # indexes into words absorbed by a digit mention
    w = 0
    for m in _DIGIT_NUMBER.finditer(text):
        if m.start() > 0 and _LATIN_BEFORE.match(text, m.start() - 1):
            continue
        while w < len(words) and words[w].start < m.end():
            w += 1
        number = _digit_value(m.group())
        end, scale = m.end(), None
        word = _scale_after(text, m.end(), words, w)
        if word is not None:
            consumed.add(w)
            end, scale = word.end, word.value
        mentions.append(
            NumberMention(m.start(), end, text[m.start() : end], _scaled(number, scale))
        )

    i = 0
    while i < len(words):
        if i in consumed or words[i].kind is None:
            i += 1
            continue
        span = _word_number(text, words, i)
        if span is None:
            i += 1
            continue
        last, values = span
        start, end = words[i].start, words[last].end
        mentions.append(NumberMention(start, end, text[start:end], values))
        i = last + 1

    mentions.sort(key=lambda n: n.start)
    return mentions


def _word_number(text: str, words: list[_Token], i: int) -> tuple[int, frozenset[float]] | None:
    """The number starting at ``words[i]``: index of its last word and its values."""
    tok = words[i]
    prev = words[i - 1] if i > 0 and _only_spaces(text, words[i - 1].end, tok.start) else None
    nxt = words[i + 1] if i + 1 < len(words) else None
    adjacent = nxt is not None and _only_spaces(text, tok.end, nxt.start)

    if tok.kind is _Kind.VAGUE or tok.kind is _Kind.PLURAL_SCALE:
        return i, frozenset()
    if tok.kind is _Kind.SCALE_AFTER:
        return None
    if tok.kind is _Kind.TEN:
        if prev is not None and any(k in _ORDINAL_UNITS for k in _lookups(prev.key)):
            return None
        return _with_scale(text, words, i, Decimal(10))
    if tok.kind is _Kind.TEEN_HEAD:
        if adjacent and nxt is not None and nxt.kind is _Kind.TEN:
            return _with_scale(text, words, i + 1, Decimal(10) + _dec(tok.value))
        return None
    if tok.key == _MONDAY and _is_weekday(text, prev, tok):
        return None

    value = _dec(tok.value)
    if adjacent and nxt is not None and 1 <= value <= 9 and tok.kind is _Kind.NUMBER:
        if nxt.kind is _Kind.TEN:  # ثلاثة عشر
            return _with_scale(text, words, i + 1, value + 10)
        tens = _conjoined_tens(nxt)
        if tens is not None:  # خمسة وعشرون
            return _with_scale(text, words, i + 1, value + tens)
    return _with_scale(text, words, i, value)


def _dec(value: float | None) -> Decimal:
    return Decimal(int(value)) if value is not None else Decimal(0)


def _conjoined_tens(tok: _Token) -> Decimal | None:
    """20..90 when ``tok`` is و + a tens word (وعشرون)."""
    if not tok.key.startswith("و"):
        return None
    entry = _LEXICON.get(tok.key[1:])
    if entry is None or entry[0] is not _Kind.NUMBER or entry[1] is None:
        return None
    value = Decimal(int(entry[1]))
    return value if value in _TENS else None


def _is_weekday(text: str, prev: _Token | None, tok: _Token) -> bool:
    if prev is not None and prev.key == _DAY:
        return True
    after = re.match(r"[\s,،]*[0-9\u0660-\u0669\u06f0-\u06f9]", text[tok.end : tok.end + 8])
    return after is not None


def _with_scale(
    text: str, words: list[_Token], last: int, value: Decimal
) -> tuple[int, frozenset[float]]:
    """Extend the number ending at ``words[last]`` by a scale word right after it.

    A scale word extends only by a larger scale: مئة مليون is 1e8, but
    مليون ألف is two mentions.
    """
    scale = _scale_after(text, words[last].end, words, last + 1)
    if scale is None or scale.value is None:
        return last, frozenset({float(value)})
    if words[last].kind in _SCALES and scale.value <= value:
        return last, frozenset({float(value)})
    return last + 1, _scaled(value, scale.value)


def mentions_value(text: str, value: float) -> bool:
    """Whether some mention in ``text`` can stand for ``value`` (relative tolerance 1e-9)."""
    return any(
        math.isclose(candidate, value, rel_tol=1e-9)
        for mention in find_numbers(text)
        for candidate in mention.values
    )
