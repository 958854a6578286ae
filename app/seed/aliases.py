"""Does an article write an alias as a name of its record?

An alias's ``source`` is the article that writes that spelling. Writing its characters is
not enough: «الحكومة» occurs in 001 only inside «الحكومة الإلكترونية», the name of
another record (the e-government sector), so 001 does not write «الحكومة» as the name of
the government. An occurrence counts when it is whole words (an attached و ف ب ل ك or
article allowed: «للحوسبة» writes «الحوسبة») and does not lie inside a longer name of
another record: its names and aliases, or the title of a role. A title names its
organisation: «المدير العام للوكالة المغربية لتنمية الاستثمارات والصادرات» writes the
agency's name, as «وزير الصناعة والتجارة» writes the ministry's portfolio.

The seeder credits a name with no stated source to the first article that writes it so,
and refuses a stated source that does not, unless the alias says why it is kept
(``kept_because``). The write path applies the same rule (``app.services.curation``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from app.search.normalize import name_key

Owner = tuple[str, str]
"""(record type, record id)."""

_PROCLITICS = "وفبلك"


def _words(text: str) -> tuple[str, ...]:
    return tuple(name_key(text).split())


def _same(word: str, name_word: str) -> bool:
    """An article's word writes a name's word, with one attached proclitic allowed."""
    return word == name_word or (
        len(word) > len(name_word) and word[0] in _PROCLITICS and word[1:] == name_word
    )


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
            words, n = self.words.get(source, ()), len(key)
            found = [
                i
                for i in range(len(words) - n + 1)
                if all(_same(words[i + k], key[k]) for k in range(n))
            ]
            self._found[(source, key)] = found
        return found

    def covering(self, source: str, owner: Owner, text: str) -> list[str]:
        """The longer names of other records that contain every occurrence of ``text`` in
        ``source`` (empty when one occurrence stands as a name, or there is none)."""
        key = _words(text)
        spots = self._at(source, key)
        if not key or not spots:
            return []
        longer = [
            (other, start, len(other))
            for other, owners in self.names.items()
            if len(other) > len(key) and owner not in owners
            for start in self._at(source, other)
        ]
        inside: list[str] = []
        for i in spots:
            around = [o for o, j, m in longer if j <= i and i + len(key) <= j + m]
            if not around:
                return []
            inside.append(self.shown[around[0]])
        return sorted(set(inside))

    def writes(self, source: str, owner: Owner, text: str) -> bool:
        """Does ``source`` write ``text`` as a name (not only inside another's name)?"""
        return bool(self._at(source, _words(text))) and not self.covering(source, owner, text)

    def first_source(self, owner: Owner, text: str) -> str | None:
        return next((sid for sid in sorted(self.words) if self.writes(sid, owner, text)), None)
