"""Every number mention in a text, Arabic or English, with code-point offsets.

The one number reader of masdar: the seeder's coverage report and
``mentions_value``, search and the statement reader all read numbers here
(``app.reading.quantities`` adds units and currencies on top). Mentions:

- digit runs (ASCII, Arabic-Indic ``٠-٩``, Eastern ``۰-۹``) with ``,``/``٬``
  thousands separators and a ``.``/``٫`` decimal part, optionally with an
  exponent glued on (``1e9``) or followed by a scale: an Arabic or English
  scale word (``100 مليار``, ``140 million``) or an abbreviation, glued
  (``15k``, ``140m``, ``2B``) or spaced when unmistakable (``1.3 bn``);
- Arabic number words, matched as whole words after stripping attached
  clitics, so ``عثمان`` does not contain ``ثمان`` nor ``الفلاح`` ``ألف``;
  compounds (``خمسة وعشرون``, ``الإثنتي عشرة``), duals (``مليارين``) and
  scale words (``خمسين ألف``, ``عشرة مليارات``);
- English number words (``twelve``, ``twenty-five``, ``two hundred and fifty
  thousand``, ``a million``).

Words are compared through ``app.search.normalize.normalize`` (alef, ta
marbuta and hamza folding), but every offset is into the original text:
tokens come from a regex over the original, never from normalised text.

Each mention has ``value`` (a ``Decimal``, the scale applied), ``precision``
(the size of one step of the last digit the writer wrote, in the same units:
``1.3 مليار`` -> 1e8, ``50 ألف`` -> 1000, ``50000`` -> 1) and ``values``
(every value the mention can stand for, as floats: ``100 مليار`` -> {100,
1e11}, since a quote may state either).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.reading.lexicon import (
    ARABIC,
    DAY,
    DUAL_SCALES,
    EN_AND,
    EN_ARTICLES,
    ENGLISH,
    GLUED_SCALES,
    MONDAY,
    NOT_NUMBERS,
    ORDINAL_UNITS,
    SPACED_SCALES,
    Kind,
)
from app.search.normalize import normalize

__all__ = ["NumberMention", "find_numbers", "mentions_value"]

ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number in a text: ``text[start:end] == self.text`` (code-point offsets)."""

    start: int
    end: int
    text: str
    values: frozenset[float]
    """Every value the mention can stand for: ``100 مليار`` -> {100, 1e11};
    empty for a vague word such as ``مليارات``."""
    value: Decimal | None
    """The number with its scale applied (``1.3 مليار`` -> 1300000000); None when vague."""
    precision: Decimal | None
    """One step of the last written digit, scaled: ``1.3 bn`` -> 1e8, ``12`` -> 1."""


@dataclass(frozen=True, slots=True)
class _Read:
    value: Decimal | None
    precision: Decimal | None
    values: frozenset[float]


def _plain(value: Decimal, step: Decimal = ONE) -> _Read:
    return _Read(_tidy(value), _tidy(step), frozenset({_float(value)}))


def _scaled(number: Decimal, step: Decimal, scale: Decimal) -> _Read:
    value = number * scale
    return _Read(_tidy(value), _tidy(step * scale), frozenset({_float(number), _float(value)}))


def _tidy(value: Decimal) -> Decimal:
    """No trailing zeros after the point: ``1.3 x 10^9`` is 1300000000, not 1300000000.0."""
    if abs(value.adjusted()) > 30:
        return value
    return value.quantize(ONE) if value == value.to_integral_value() else value.normalize()


_VAGUE = _Read(None, None, frozenset())


def _float(value: Decimal) -> float:
    try:
        return float(value)
    except (OverflowError, InvalidOperation):  # pragma: no cover - float() saturates to inf
        return math.inf


_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
# Thousands groups only when exactly three digits follow each separator.
_DIGIT_NUMBER = re.compile(
    rf"(?<!{_DIGIT})"
    rf"(?:{_DIGIT}{{1,3}}(?:[,\u066c]{_DIGIT}{{3}})+(?!{_DIGIT})"
    rf"|{_DIGIT}{{1,3}}(?:\.{_DIGIT}{{3}}){{2,}}(?!\.?{_DIGIT})|{_DIGIT}+)"
    rf"(?:[.\u066b]{_DIGIT}+)?"
)
_EXPONENT = re.compile(rf"[eE]([+-]?{_DIGIT}{{1,4}})(?![0-9A-Za-z])")
# Digits glued to a Latin letter before them are part of a name: AI71, UM6P.
_LATIN_BEFORE = re.compile(r"[A-Za-z]")
_GLUED = re.compile(r"([A-Za-z]{1,3})(?![A-Za-z])")
_SPACED = re.compile(r"[^\S\n]+([A-Za-z]{2,3})(?![A-Za-z])")
# Arabic letters, with the diacritics and tatweel that may sit inside a word;
# or a run of Latin letters.
_WORD = re.compile(
    "[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]+"
    "|[A-Za-z]+"
)
_GAP = re.compile(r"[^\S\n]*")  # spaces between a number and its scale word
_EN_JOIN = re.compile(r"[^\S\n]*-[^\S\n]*|[^\S\n]+")  # twenty-five, two hundred

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
    kind: Kind | None
    value: int | None
    latin: bool


def _lookup(key: str) -> tuple[Kind, int | None] | None:
    if key in NOT_NUMBERS:
        return None
    for candidate in _lookups(key):
        entry = ARABIC.get(candidate)
        if entry is not None:
            return entry
    return None


def _words(text: str) -> list[_Token]:
    out: list[_Token] = []
    for m in _WORD.finditer(text):
        latin = m.group()[0].isascii()
        key = normalize(m.group())
        entry = (ENGLISH.get(key) if latin else _lookup(key)) if key else None
        kind, value = entry if entry else (None, None)
        out.append(_Token(m.start(), m.end(), key, kind, value, latin))
    return out


_EUROPEAN = re.compile(rf"{_DIGIT}{{1,3}}(?:\.{_DIGIT}{{3}})+")


def _digit_value(digits: str) -> tuple[Decimal, Decimal]:
    """The value of a digit run and one step of its last digit (``1.30`` -> 0.01).

    A point before exactly three digits that end in 0 is a European thousands
    separator (``1.200`` -> 1200, ``3.000`` -> 3000, ``1.200.000``): writers do not pad
    a decimal with trailing zeros. ``1.3``, ``4.0``, ``09.08`` and ``2.375`` stay
    decimals, and so does the Arabic decimal separator ``٫`` (``١٫٥``).
    """
    if _EUROPEAN.fullmatch(digits) and (digits.count(".") > 1 or digits.endswith("0")):
        digits = digits.replace(".", "")
    ascii_digits = "".join(
        str(int(c)) if c.isdigit() else ("." if c in ".\u066b" else "") for c in digits
    )
    decimals = len(ascii_digits.partition(".")[2])
    return Decimal(ascii_digits), Decimal(1).scaleb(-decimals)


def _only_spaces(text: str, start: int, end: int) -> bool:
    return _GAP.fullmatch(text, start, end) is not None


_SCALES = (Kind.SCALE, Kind.PLURAL_SCALE, Kind.SCALE_AFTER)
_TENS = frozenset(Decimal(n) for n in range(20, 100, 10))


def _scale_after(text: str, pos: int, words: list[_Token], i: int) -> _Token | None:
    """The scale word ``words[i]`` if it follows ``pos`` with only spaces between.

    Written as it is, without a clitic: ``٢ بالمائة`` is two percent (ب + المائة), not
    two hundred; a scale after a number never takes one (``100 مليار``).
    """
    if i < len(words) and words[i].kind in _SCALES and _only_spaces(text, pos, words[i].start):
        if words[i].latin or words[i].key in ARABIC:
            return words[i]
    return None


def _abbreviation(text: str, pos: int) -> tuple[int, Decimal] | None:
    """A scale abbreviation at ``pos`` (right after digits): its end and its scale."""
    m = _GLUED.match(text, pos)
    if m is not None and m.group(1).casefold() in GLUED_SCALES:
        return m.end(), Decimal(GLUED_SCALES[m.group(1).casefold()])
    m = _SPACED.match(text, pos)
    if m is not None and m.group(1).casefold() in SPACED_SCALES:
        return m.end(), Decimal(GLUED_SCALES[m.group(1).casefold()])
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
        end, read = _digits(text, m, words, w)
        while w < len(words) and words[w].start < end:
            if words[w].start >= m.end():
                consumed.add(w)
            w += 1
        mentions.append(_mention(text, m.start(), end, read))

    i = 0
    while i < len(words):
        if i in consumed or not _may_start(words[i]):
            i += 1
            continue
        span = _english_number(text, words, i) if words[i].latin else _word_number(text, words, i)
        if span is None:
            i += 1
            continue
        last, read = span
        mentions.append(_mention(text, words[i].start, words[last].end, read))
        i = last + 1

    mentions.sort(key=lambda n: n.start)
    return mentions


def _may_start(tok: _Token) -> bool:
    return tok.kind is not None or (tok.latin and tok.key in EN_ARTICLES)


def _mention(text: str, start: int, end: int, read: _Read) -> NumberMention:
    return NumberMention(start, end, text[start:end], read.values, read.value, read.precision)


def _digits(text: str, m: re.Match[str], words: list[_Token], w: int) -> tuple[int, _Read]:
    """The end and reading of the digit run ``m`` with what is glued or spaced after it."""
    number, step = _digit_value(m.group())
    exponent = _EXPONENT.match(text, m.end())
    if exponent is not None:
        power = int(_digit_value(exponent.group(1).lstrip("+-"))[0])
        power = -power if exponent.group(1).startswith("-") else power
        return exponent.end(), _plain(number.scaleb(power), step.scaleb(power))
    while w < len(words) and words[w].start < m.end():
        w += 1
    word = _scale_after(text, m.end(), words, w)
    if word is not None and word.value is not None:
        return word.end, _scaled(number, step, Decimal(word.value))
    abbreviation = _abbreviation(text, m.end())
    if abbreviation is not None:
        end, scale = abbreviation
        return end, _scaled(number, step, scale)
    return m.end(), _plain(number, step)


def _word_number(text: str, words: list[_Token], i: int) -> tuple[int, _Read] | None:
    """The Arabic number starting at ``words[i]``: index of its last word and its reading."""
    tok = words[i]
    prev = words[i - 1] if i > 0 and _only_spaces(text, words[i - 1].end, tok.start) else None
    nxt = words[i + 1] if i + 1 < len(words) else None
    adjacent = nxt is not None and _only_spaces(text, tok.end, nxt.start)

    if tok.kind is Kind.VAGUE or tok.kind is Kind.PLURAL_SCALE:
        return i, _VAGUE
    if tok.kind is Kind.SCALE_AFTER:
        return None
    if tok.kind is Kind.TEN:
        if prev is not None and any(k in ORDINAL_UNITS for k in _lookups(prev.key)):
            return None
        return _with_scale(text, words, i, Decimal(10))
    if tok.kind is Kind.TEEN_HEAD:
        if adjacent and nxt is not None and nxt.kind is Kind.TEN:
            return _with_scale(text, words, i + 1, Decimal(10) + _dec(tok.value))
        return None
    if tok.key == MONDAY and _is_weekday(text, prev, tok):
        return None

    value = _dec(tok.value)
    if adjacent and nxt is not None and 1 <= value <= 9 and tok.kind is Kind.NUMBER:
        if nxt.kind is Kind.TEN:  # ثلاثة عشر
            return _with_scale(text, words, i + 1, value + 10)
        tens = _conjoined_tens(nxt)
        if tens is not None:  # خمسة وعشرون
            return _with_scale(text, words, i + 1, value + tens)
    return _with_scale(text, words, i, value, _step(tok))


def _step(tok: _Token) -> Decimal:
    """How precise a lone number word is: مئة and ألف are round, مليارين is 2 x 1e9."""
    if tok.kind is Kind.SCALE:
        return _dec(tok.value)
    for key in _lookups(tok.key):
        if key in DUAL_SCALES:
            return Decimal(DUAL_SCALES[key])
    return ONE


def _dec(value: int | None) -> Decimal:
    return Decimal(value) if value is not None else Decimal(0)


def _conjoined_tens(tok: _Token) -> Decimal | None:
    """20..90 when ``tok`` is و + a tens word (وعشرون)."""
    if not tok.key.startswith("و"):
        return None
    entry = ARABIC.get(tok.key[1:])
    if entry is None or entry[0] is not Kind.NUMBER or entry[1] is None:
        return None
    value = Decimal(entry[1])
    return value if value in _TENS else None


def _is_weekday(text: str, prev: _Token | None, tok: _Token) -> bool:
    if prev is not None and prev.key == DAY:
        return True
    after = re.match(r"[\s,،]*[0-9\u0660-\u0669\u06f0-\u06f9]", text[tok.end : tok.end + 8])
    return after is not None


def _with_scale(
    text: str, words: list[_Token], last: int, value: Decimal, step: Decimal = ONE
) -> tuple[int, _Read]:
    """Extend the number ending at ``words[last]`` by a scale word right after it.

    A scale word extends only by a larger scale: مئة مليون is 1e8, but
    مليون ألف is two mentions.
    """
    scale = _scale_after(text, words[last].end, words, last + 1)
    if scale is None or scale.value is None:
        return last, _plain(value, step)
    if words[last].kind in _SCALES and scale.value <= value:
        return last, _plain(value, step)
    return last + 1, _scaled(value, ONE, Decimal(scale.value))


def _english_number(text: str, words: list[_Token], i: int) -> tuple[int, _Read] | None:
    """English number words from ``words[i]``: ``two hundred and fifty thousand``, ``a million``.

    Read the usual way: units and tens add up, ``hundred`` multiplies what is
    below it, a larger scale closes a group. One step of the last scale
    written is the precision. A plural scale alone is vague (``millions``).
    """
    first = words[i]
    if first.kind is Kind.VAGUE or first.kind is Kind.PLURAL_SCALE:
        return i, _VAGUE
    total, group, step, last = Decimal(0), Decimal(0), ONE, i - 1
    before_scale: Decimal | None = None
    j = i
    while j < len(words) and words[j].latin:
        tok, nxt = words[j], words[j + 1] if j + 1 < len(words) else None
        if j > i and _EN_JOIN.fullmatch(text, words[j - 1].end, tok.start) is None:
            break
        if tok.key in EN_ARTICLES or tok.key == EN_AND:
            article = tok.key in EN_ARTICLES
            if (j > i) is article or nxt is None:
                break  # an article only opens a number, "and" only joins two
            if nxt.kind not in (_SCALES if article else (Kind.NUMBER,)):
                break
            group = ONE if article else group
            j += 1
            continue
        if tok.kind is Kind.NUMBER and tok.value is not None:
            if not _en_can_add(group, tok.value):
                break
            group += tok.value
            step = ONE
        elif tok.kind in _SCALES and tok.value is not None and (j > i or tok.kind is Kind.SCALE):
            scale = Decimal(tok.value)
            before_scale = total + (group or ONE)
            if scale == 100:
                group = (group or ONE) * scale
            else:
                total, group = total + (group or ONE) * scale, Decimal(0)
            step = scale
        else:
            break
        last = j
        j += 1
    if last < i:
        return None
    value = total + group
    leading = first.key in EN_ARTICLES or first.kind in _SCALES
    if not leading and before_scale is not None and value == before_scale * step:
        return last, _scaled(before_scale, ONE, step)
    return last, _plain(value, step)


def _en_can_add(group: Decimal, n: int) -> bool:
    """May the number word ``n`` follow ``group``? After a hundred or a ten, not after a unit."""
    rest = group % 100
    return rest == 0 or (rest % 10 == 0 and rest >= 20 and n < 10)


def mentions_value(text: str, value: float) -> bool:
    """Whether some mention in ``text`` can stand for ``value`` (relative tolerance 1e-9)."""
    return any(
        math.isclose(candidate, value, rel_tol=1e-9)
        for mention in find_numbers(text)
        for candidate in mention.values
    )
