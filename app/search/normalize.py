"""The one text normalisation used wherever masdar matches text.

Search keys, alias resolution and name filters all compare ``normalize(x)``;
stored text is never rewritten. Two strings a reader would call "the same
word" (``«الجزري»``, ``“الجزري”``, ``الجزري``; ``أمل`` and ``امل``; ``Télécom``
and ``TELECOM``) get the same key. Real spelling variants (``ميغاواط`` and
``ميغاوات``, ``السغروشني`` and ``سغروتشني``) stay different: aliases in the
seed data connect those, not this module.

Pipeline (each step feeds the next):

1. drop lone surrogates and NUL;
2. Unicode NFKC (Arabic presentation forms -> base letters, ``ﻻ`` -> ``لا``,
   ``″`` -> ``′′``, full-width Latin -> ASCII), then casefold;
3. digit separators: ``.``/``٫`` between two digits is kept as ``.``;
   ``,``/``٬`` between a digit and exactly three digits is dropped
   (``1,200`` -> ``1200``), so numbers stay one token;
4. one translation table (see ``_explicit_map`` and ``_map_code_point``):
   Arabic diacritics, tatweel, hamza ``ء``, quotation marks, invisible format
   characters and combining accents are deleted; alef variants, ``ى``, ``ة``,
   ``ؤ``, ``ئ`` are folded; every decimal digit becomes ASCII; Latin letters
   lose their accents; other punctuation, symbols and control characters
   become a space;
5. NFKC again, to compose what deletions made adjacent (keeps the function
   idempotent), then whitespace is collapsed and stripped.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["name_key", "normalize", "strip_article", "tokens"]

_ALEF = "ا"

# Code point -> replacement ("" deletes). Everything not listed here is
# decided by its Unicode category in _map_code_point.
_EXPLICIT: dict[str, str] = {
    # Alef variants: hamza above/below, madda, wasla, wavy hamza.
    "أ": _ALEF,
    "إ": _ALEF,
    "آ": _ALEF,
    "ٱ": _ALEF,
    "ٲ": _ALEF,
    "ٳ": _ALEF,
    "ٵ": _ALEF,
    "ى": "ي",  # alef maqsura
    "ة": "ه",  # ta marbuta
    "ۀ": "ه",  # heh with yeh above (NFKC composes ه + hamza into it)
    # Hamza on a carrier keeps the carrier; a bare hamza is dropped. Writers
    # are inconsistent (مؤسسة/مسسة, إحياء/احيا), and a key that ignores hamza
    # finds more of what a person types; no two names in the data differ
    # by hamza alone.
    "ؤ": "و",
    "ئ": "ي",
    "ء": "",
    "ٴ": "",  # high hamza
    # Persian-keyboard letters that Arabic text often contains by mistake.
    "ی": "ي",
    "ک": "ك",
    "ـ": "",  # tatweel (kashida)
    # Quotation marks and primes are deleted, so a clitic stays attached:
    # و«الجزري» -> والجزري. (″ is already ′′ after NFKC.)
    "«": "",
    "»": "",
    "“": "",
    "”": "",
    "‘": "",
    "’": "",
    "‚": "",
    "‛": "",
    "„": "",
    "‟": "",
    "‹": "",
    "›": "",
    "″": "",
    "′": "",
    "‴": "",
    "‵": "",
    "‶": "",
    "〝": "",
    "〞": "",
    '"': "",
    "'": "",
    "`": "",
    # A zero-width *space* separates words; the other invisible characters
    # (bidi marks, joiners, BOM, soft hyphen) are deleted via category Cf.
    "\u200b": " ",
    # Step 3 leaves \x00 where a decimal point must survive.
    "\x00": ".",
    # A few Latin letters that NFKD does not decompose.
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
}

_ARABIC_MARKS = (
    (0x064B, 0x065F),  # fathatan .. sukun, madda, hamza above/below, ...
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation marks
)
_GENERIC_MARKS = (
    (0x0300, 0x036F),  # combining diacritical marks (Latin, Greek, Cyrillic)
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _fold_latin(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(_EXPLICIT.get(c, c) for c in base)


def _map_code_point(cp: int) -> str | None:
    """What ``str.translate`` puts in place of ``chr(cp)``; ``None`` deletes."""
    ch = chr(cp)
    if ch in _EXPLICIT:
        return _EXPLICIT[ch] or None
    if ch.isascii():
        if ch.isalnum() or ch == " ":
            return ch
        return " "  # ASCII punctuation, symbols and control characters
    if _in_ranges(cp, _ARABIC_MARKS) or _in_ranges(cp, _GENERIC_MARKS):
        return None
    category = unicodedata.category(ch)
    if category in ("Cs", "Cf"):
        return None
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category[0] in "PSZ" or category == "Cc":
        return " "
    if category[0] == "L" and unicodedata.name(ch, "").startswith("LATIN "):
        return _fold_latin(ch)
    return ch


class _Table(dict[int, str | None]):
    """Translation table for ``str.translate`` that fills itself on demand."""

    def __missing__(self, cp: int) -> str | None:
        value = _map_code_point(cp)
        self[cp] = value
        return value


_TABLE = _Table()
_DROP = re.compile("[\x00\ud800-\udfff]")
_DECIMAL_POINT = re.compile(r"(?<=\d)[.\u066b](?=\d)")
_THOUSANDS = re.compile(r"(?<=\d)[,\u066c](?=\d{3}(?!\d))")


def normalize(text: str) -> str:
    """Return the matching key of ``text``: folded, unpunctuated, one space between words.

    Total on ``str``: never raises (lone surrogates and NUL are dropped), and
    idempotent: ``normalize(normalize(x)) == normalize(x)``.
    """
    s = _DROP.sub("", text)
    s = unicodedata.normalize("NFKC", s).casefold()
    s = _THOUSANDS.sub("", s)
    s = _DECIMAL_POINT.sub("\x00", s)
    s = s.translate(_TABLE)
    s = unicodedata.normalize("NFKC", s)
    return " ".join(s.split())


def tokens(text: str) -> list[str]:
    """The words of ``normalize(text)``; ``[]`` for text with no letters or digits."""
    return normalize(text).split()


# Definite article with its proclitics, longest first. "لل" is ل + ال with
# the alef dropped (للذكاء).
_ARTICLE_PREFIXES = (
    "وبال",
    "فبال",
    "وكال",
    "فكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
)
_MIN_STEM = 2


def strip_article(token: str) -> str:
    """Drop a leading definite article (and و/ف/ب/ك/ل before it) from a normalised token.

    Only when at least two letters remain, so ``الف`` (ألف, thousand) keeps its
    alef-lam. Recall over precision: ``الجزري`` and ``جزري`` share a key, and
    so, harmlessly, do a few words whose alef-lam is not an article.
    """
    for prefix in _ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= _MIN_STEM:
            return token[len(prefix) :]
    return token


def name_key(text: str) -> str:
    """Key for comparing names and aliases: ``normalize`` then ``strip_article`` per word.

    ``name_key("الجزري") == name_key("«جزري»")``; spelling variants such as
    ``سغروتشني``/``السغروشني`` still differ and need an alias.
    """
    return " ".join(strip_article(t) for t in tokens(text))
