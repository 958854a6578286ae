"""Find a normalised query in original text and return exact code-point offsets.

``normalize`` deletes characters (diacritics, tatweel, hamza, quotation marks,
thousands separators), so offsets in a normalised key are not offsets in the
article. This module folds the text one code point at a time into a
*skeleton* with the same folding as ``normalize`` (each code point is folded
by ``normalize`` itself, so the two cannot disagree), remembers where each
skeleton character came from, matches the query's tokens in the skeleton and
maps the match back to the original offsets.

A token matches at the start of a word (optionally after a definite article
with its proclitics, as ``strip_article`` removes them) as a prefix; a number
matches whole, exactly like the index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from app.search import stem
from app.search.normalize import normalize

__all__ = ["SNIPPET", "Span", "find", "find_stem", "locate", "window"]

SNIPPET = 240
"""Longest snippet, in code points; longer text is windowed around the match."""

_ARTICLE = "(?:وبال|فبال|وكال|فكال|ولل|فلل|وال|فال|بال|كال|لل|ال)"
_NUMBER = re.compile(r"[0-9.]+")
_THOUSANDS = ",\u066c"
_DECIMAL = ".\u066b"


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` is the matched original text."""

    start: int
    end: int


def _fold(ch: str) -> str:
    """What ``ch`` becomes inside a word: ``""`` (deleted), ``" "`` (a break) or letters."""
    folded = normalize(f"a{ch}b")
    return " " if " " in folded else folded[1:-1]


def _belongs_to_word(ch: str) -> bool:
    """A deleted code point that still belongs to the letter before it (marks, tatweel, hamza)."""
    return unicodedata.category(ch)[0] == "M" or ch.isalpha()


class _FoldTable(dict[str, str]):
    def __missing__(self, ch: str) -> str:
        value = _fold(ch)
        self[ch] = value
        return value


_TABLE = _FoldTable()
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[,\u066c.\u066b](?=\d)")


def skeleton(text: str) -> tuple[str, list[int]]:
    """``text`` folded like ``normalize`` (before whitespace collapsing), and for each
    skeleton character the offset in ``text`` it comes from."""
    folded = [_TABLE[ch] for ch in text]
    for m in _DIGIT_SEPARATOR.finditer(text):  # 1,200 -> 1200; 2.5 -> 2.5
        folded[m.start()] = "." if m.group() in _DECIMAL else ""
    where = [i for i, f in enumerate(folded) for _ in f]
    return "".join(folded), where


def _token(token: str) -> str:
    body = f"{_ARTICLE}?{re.escape(token)}"
    return body + r"(?![.]?\d)" if _NUMBER.fullmatch(token) else body


@cache
def _pattern(tokens: tuple[str, ...], phrase: bool) -> re.Pattern[str]:
    start = "(?:^|(?<= ))"
    if phrase:
        return re.compile(start + " +".join(_token(t) for t in tokens))
    return re.compile(start + "(?:" + "|".join(_token(t) for t in tokens) + ")")


def _to_original(text: str, where: list[int], m: re.Match[str]) -> Span:
    start, end = where[m.start()], where[m.end() - 1] + 1
    while end < len(text) and not _TABLE[text[end]] and _belongs_to_word(text[end]):
        end += 1
    return Span(start, end)


def find(text: str, alternatives: list[list[str]]) -> Span | None:
    """The first place in ``text`` where a query matches, as original offsets (see ``locate``)."""
    found = locate(text, alternatives)
    return found[0] if found else None


def locate(text: str, alternatives: list[list[str]]) -> tuple[Span, int] | None:
    """Where ``text`` matches, and the index of the alternative that matched.

    ``alternatives`` are token lists (``name_key`` tokens). The first
    alternative whose tokens occur as a phrase wins; failing that, the earliest
    word of the first alternative with any of its tokens. ``None`` when no
    token occurs at a word start.
    """
    skel, where = skeleton(text)
    for phrase in (True, False):
        for i, tokens in enumerate(alternatives):
            if tokens:
                m = _pattern(tuple(tokens), phrase).search(skel)
                if m is not None:
                    return _to_original(text, where, m), i
    return None


def find_stem(text: str, stems: list[frozenset[str]]) -> Span | None:
    """The first word of ``text`` sharing a stem key with a query word (``app.search.stem``)."""
    wanted = frozenset().union(*stems) if stems else frozenset()
    if not wanted:
        return None
    for start, end, keys in stem.words(text):
        if keys & wanted:
            return Span(start, end)
    return None


def window(body: str, span: Span | None) -> tuple[int, int]:
    """A slice of ``body`` of at most SNIPPET code points around ``span``, cut at spaces."""
    if len(body) <= SNIPPET:
        return 0, len(body)
    centre = (span.start + span.end) // 2 if span else 0
    lo = max(0, min(centre - SNIPPET // 2, len(body) - SNIPPET))
    hi = lo + SNIPPET
    if span is not None:
        lo, hi = min(lo, span.start), max(hi, span.end)
    if lo > 0:
        space = body.find(" ", lo, span.start if span else hi)
        lo = space + 1 if space != -1 else lo
    if hi < len(body):
        space = body.rfind(" ", span.end if span else lo, hi)
        hi = space if space != -1 else hi
    return lo, hi
