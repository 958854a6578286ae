"""Words, sentences and phrase matching over an article, with code-point offsets.

The statement reader looks at the words around a number: a hedge before it, a unit
after it, a deadline in the same sentence. Every word keeps its offsets into the
original text; only the comparison key is normalised (``app.search.normalize``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from app.search.normalize import normalize

_TOKEN = re.compile(
    r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?"
    r"|[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff]+"
    r"|[%٪$€°]"
)
_SENTENCE_END = re.compile(r"\n|[؟?!؛;]|\.(?=\s|$)|:(?=\s*\n)")
_CLAUSE_END = re.compile(r"\n|[؟?!؛;،,:]|\.(?=\s|$)")
# What may sit between words of one phrase, or between a phrase and its number:
# spaces, markdown emphasis, quotation marks.
_SOFT = re.compile(r"[\s*_«»\"“”'‘’()]*")

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str
    key: str
    """``normalize(text)``; a symbol (``%``, ``$``) is its own key."""
    latin: bool


def bare(key: str) -> Iterator[str]:
    """``key``, then ``key`` without clitics (و/ف, then ب/ل/ك, then ال), then each of
    those without an accusative alef (``موقعا`` -> ``موقع``)."""
    seen: set[str] = set()
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            for article in ("", "ال"):
                prefix = conj + ("لل" if prep == "ل" and article else prep + article)
                if key.startswith(prefix) and len(key) - len(prefix) >= 2:
                    stem = key[len(prefix) :]
                    for form in (stem, stem[:-1] if stem.endswith("ا") and len(stem) > 3 else stem):
                        if form not in seen:
                            seen.add(form)
                            yield form


class Text:
    """An article's words, with phrase lookups on either side of an offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [
            Word(
                m.start(),
                m.end(),
                m.group(),
                normalize(m.group()) or m.group(),
                m.group()[0].isascii(),
            )
            for m in _TOKEN.finditer(text)
        ]
        self._starts = [w.start for w in self.words]
        self._ends = [w.end for w in self.words]
        self._sentences = [m.end() for m in _SENTENCE_END.finditer(text)]
        self._clauses = [m.end() for m in _CLAUSE_END.finditer(text)]

    # -- positions ---------------------------------------------------------------------

    def soft(self, a: int, b: int) -> bool:
        """Only spaces, emphasis and quotation marks between ``a`` and ``b``."""
        return a <= b and _SOFT.fullmatch(self.text, a, b) is not None

    def index_after(self, pos: int) -> int:
        """Index of the first word starting at or after ``pos``."""
        return bisect.bisect_left(self._starts, pos)

    def index_before(self, pos: int) -> int:
        """Index of the last word ending at or before ``pos`` (-1 if none)."""
        return bisect.bisect_right(self._ends, pos) - 1

    def word_after(self, pos: int) -> Word | None:
        i = self.index_after(pos)
        if i < len(self.words) and self.soft(pos, self.words[i].start):
            return self.words[i]
        return None

    def word_before(self, pos: int) -> Word | None:
        i = self.index_before(pos)
        if i >= 0 and self.soft(self.words[i].end, pos):
            return self.words[i]
        return None

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._bounds(self._sentences, pos)

    def clause(self, pos: int) -> tuple[int, int]:
        return self._bounds(self._clauses, pos)

    def _bounds(self, ends: list[int], pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(ends, pos)
        start = ends[i - 1] if i > 0 else 0
        end = ends[i] if i < len(ends) else len(self.text)
        return start, end

    def line(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end == -1 else end

    # -- phrases -----------------------------------------------------------------------

    def phrase_before(
        self, pos: int, table: Mapping[tuple[str, ...], str], *, gap: int = 0
    ) -> tuple[str, int, int] | None:
        """The longest phrase of ``table`` ending right before ``pos`` (only soft
        characters between), or up to ``gap`` words before it: (meaning, start, end)."""
        last = self.index_before(pos)
        longest = max((len(k) for k in table), default=0)
        for skip in range(gap + 1):
            end_i = last - skip
            if end_i < 0 or (skip == 0 and not self.soft(self.words[end_i].end, pos)):
                continue
            for n in range(min(longest, end_i + 1), 0, -1):
                ws = self.words[end_i - n + 1 : end_i + 1]
                if self._is_phrase(ws, table):
                    return table[self._key(ws, table)], ws[0].start, ws[-1].end
        return None

    def phrase_after(
        self, pos: int, table: Mapping[tuple[str, ...], object]
    ) -> tuple[object, int, int] | None:
        """The longest phrase of ``table`` starting right after ``pos``."""
        first = self.index_after(pos)
        if first >= len(self.words) or not self.soft(pos, self.words[first].start):
            return None
        longest = max((len(k) for k in table), default=0)
        for n in range(min(longest, len(self.words) - first), 0, -1):
            ws = self.words[first : first + n]
            if self._is_phrase(ws, table):
                return table[self._key(ws, table)], ws[0].start, ws[-1].end
        return None

    def _is_phrase(self, ws: list[Word], table: Mapping[tuple[str, ...], object]) -> bool:
        if any(not self.soft(a.end, b.start) for a, b in zip(ws, ws[1:], strict=False)):
            return False
        return self._key(ws, table) in table

    @staticmethod
    def _key(ws: list[Word], table: Mapping[tuple[str, ...], object]) -> tuple[str, ...]:
        """The table key these words spell: the first word read with or without clitics,
        the last with or without an accusative alef."""
        heads = list(bare(ws[0].key))
        if len(ws) == 1:
            return next(((h,) for h in heads if (h,) in table), (ws[0].key,))
        mid = tuple(w.key for w in ws[1:-1])
        for head in heads:
            for tail in bare(ws[-1].key):
                if (head, *mid, tail) in table:
                    return (head, *mid, tail)
        return (ws[0].key, *mid, ws[-1].key)


READABLE_SCRIPTS = ("ARABIC", "LATIN")


def script_of(text: str) -> tuple[str, bool]:
    """The script most letters of ``text`` are written in (its Unicode name's first word:
    ``ARABIC``, ``LATIN``, ``CYRILLIC``, ``CJK``…), and whether the reader can read it:
    Arabic and Latin letters together are at least half the letters. A text without
    letters is readable (its digits are)."""
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            counts[unicodedata.name(ch, "UNKNOWN").split(" ")[0]] += 1
    if not counts:
        return "none", True
    script = counts.most_common(1)[0][0]
    readable = sum(counts[s] for s in READABLE_SCRIPTS) * 2 >= sum(counts.values())
    return script, readable
