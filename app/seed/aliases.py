"""Does an article write an alias as a name of its record?

An alias's ``source`` is the article that writes that spelling. Writing its characters is
not enough: «الحكومة» occurs in 001 only inside «الحكومة الإلكترونية», the name of
another record (the e-government sector), so 001 does not write «الحكومة» as the name of
the government. An occurrence counts when it is whole words (an attached و ف ب ل ك or
article allowed: «للحوسبة» writes «الحوسبة») and does not lie inside a longer name of
another record: its names and aliases, or the title of a role. A title names its
organisation: «المدير العام للوكالة المغربية لتنمية الاستثمارات والصادرات» writes the
agency's name, as «وزير الصناعة والتجارة» writes the ministry's portfolio.

A person's surname alone («مزور», «لاياني») is written as a name only where it stands
alone, not inside the person's full name: two people in these articles share a surname.

The seeder credits a name with no stated source to the first article that writes it so,
and refuses a stated source that does not, unless the alias says why it is kept
(``kept_because``). The write path applies the same rule (``app.services.curation``).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

from app.search.normalize import name_key

Owner = tuple[str, str]
"""(record type, record id)."""

_PROCLITICS = "وفبلك"


@functools.lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    """``text``'s words as names are matched (``name_key``). Kept: every write checks a
    record's aliases against every article and every other record's names, the same
    texts each time (without the cache, nine tenths of a write's time)."""
    return tuple(name_key(text).split())


@functools.lru_cache(maxsize=64)
def _starts(words: tuple[str, ...]) -> dict[str, list[int]]:
    """Where each name word can start among an article's ``words``: at the word itself,
    and at a word that is it with one attached proclitic (see ``_same``)."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(words):
        out[word].append(i)
        if len(word) > 1 and word[0] in _PROCLITICS:
            out[word[1:]].append(i)
    return out


def name_words(text: str) -> tuple[str, ...]:
    """``text``'s words as names are matched (cached: see ``_words``)."""
    return _words(text)


def _same(word: str, name_word: str) -> bool:
    """An article's word writes a name's word, with one attached proclitic allowed."""
    return word == name_word or (
        len(word) > len(name_word) and word[0] in _PROCLITICS and word[1:] == name_word
    )


def _occurrences(words: tuple[str, ...], key: tuple[str, ...]) -> list[int]:
    """Where the name ``key`` starts among an article's ``words``."""
    n = len(key)
    starts = _starts(words).get(key[0], []) if key else range(len(words) + 1)
    return [
        i
        for i in starts
        if i + n <= len(words) and all(_same(words[i + k], key[k]) for k in range(n))
    ]


def covering_words(texts: Iterable[str], names: Iterable[str]) -> set[str]:
    """Words one of which every longer name around an occurrence of one of ``names`` in
    ``texts`` has: the article's word where the occurrence starts, or that word without
    its proclitic (a name's word matches an article's word only so, see ``_same``).

    A filter, not a check: the write path reads only the other records' names that have
    one of these words, or are one of ``names`` (two people's shared name), instead of
    every name of the base (``app.services.curation.aliases``), and :class:`NameIndex`
    decides on those exactly as it would on all of them."""
    out: set[str] = set()
    articles = [_words(text) for text in texts]
    for name in names:
        key = _words(name)
        for words in articles if key else ():
            for i in _occurrences(words, key):
                word = words[i]
                out.add(word)
                if len(word) > 1 and word[0] in _PROCLITICS:
                    out.add(word[1:])
    return out


class NameIndex:
    """The articles' words, and every record's names, to tell a name from a fragment."""

    def __init__(
        self, texts: dict[str, str], names: Iterable[tuple[Owner | frozenset[Owner], str]]
    ) -> None:
        """``names``: each record's names, and role titles owned by the person and the
        organisation the title names."""
        self.words = {sid: _words(text) for sid, text in texts.items()}
        self.names: dict[tuple[str, ...], set[Owner]] = defaultdict(set)
        self.shown: dict[tuple[str, ...], str] = {}
        for owner, text in names:
            if key := _words(text):
                self.names[key] |= owner if isinstance(owner, frozenset) else {owner}
                self.shown.setdefault(key, text)
        self._found: dict[tuple[str, tuple[str, ...]], list[int]] = {}

    def _at(self, source: str, key: tuple[str, ...]) -> list[int]:
        """Where ``key`` starts among the words of ``source``."""
        found = self._found.get((source, key))
        if found is None:
            found = self._found[(source, key)] = _occurrences(self.words.get(source, ()), key)
        return found

    def covering(self, source: str, owner: Owner, text: str, own_too: bool = False) -> list[str]:
        """The longer names of other records that contain every occurrence of ``text`` in
        ``source`` (empty when one occurrence stands as a name, or there is none).
        ``own_too``: the record's own longer names count as well (a person's surname
        alone: «رياض مزور» does not write «مزور» as a name, which 002 uses for another
        Mezzour)."""
        key = _words(text)
        spots = self._at(source, key)
        if not key or not spots:
            return []
        longer = [
            (other, start, len(other))
            for other, owners in self.names.items()
            if len(other) > len(key) and (own_too or owner not in owners)
            for start in self._at(source, other)
        ]
        inside: list[str] = []
        for i in spots:
            around = [o for o, j, m in longer if j <= i and i + len(key) <= j + m]
            if not around:
                return []
            inside.append(self.shown[around[0]])
        return sorted(set(inside))

    def writes(self, source: str, owner: Owner, text: str, own_too: bool = False) -> bool:
        """Does ``source`` write ``text`` as a name (not only inside another's name)?"""
        return bool(self._at(source, _words(text))) and not self.covering(
            source, owner, text, own_too
        )

    def first_source(self, owner: Owner, text: str, own_too: bool = False) -> str | None:
        return next(
            (sid for sid in sorted(self.words) if self.writes(sid, owner, text, own_too)), None
        )


def surname_only(alias: str, name: str | None, given_name: str | None) -> bool:
    """Is ``alias`` a part of a person's ``name`` without their ``given_name`` («مزور» of
    «رياض مزور»)? Such a fragment names a person only where an article writes it alone:
    two people may share it (two Mezzours, two Seghrouchnis in these articles)."""
    words, full, given = _words(alias), _words(name or ""), _words(given_name or "")
    if not words or not given or len(words) >= len(full) or set(given) & set(words):
        return False
    if not set(given) <= set(full):  # «الفلاح صغروتشني» is not a full name
        return False
    n = len(words)
    return any(full[i : i + n] == words for i in range(len(full) - n + 1))
