"""Candidate subjects of a figure: the initiatives and partners an article names near it.

Names are matched through the alias keys the search index and ``/v1/resolve`` use
(``app.search.normalize.name_key``: diacritics, alef and ta marbuta folded, the article
dropped), word by word, so ``بمجمع الداخلة`` finds the alias «مجمع الداخلة». A record is
a candidate when the words of one of its aliases are found in the figure's sentence,
paragraph, section or the article's title; an alias's words weigh by how rare they are
among all aliases (``الذكاء الاصطناعي`` is in many and says little), and at least
:data:`MIN_SCORE` of an alias's weight must be there. Nearer scopes rank first.

Each candidate says which alias matched and where: a proposal is a reading, and the
curator decides.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.reading.text import Text, bare
from app.search.normalize import name_key
from app.services.pages import visible

T = SQLModel.metadata.tables

MIN_SCORE = 0.6
"""Share of an alias's weight that must be found for a partial match."""
SCOPES = ("sentence", "paragraph", "section", "article")
STOP_WORDS = frozenset(
    name_key(w) for w in "في من و ال على إلى الى عن مع the of and for in & -".split()
)
LIMIT = 5


@dataclass(frozen=True)
class _Alias:
    record_type: str
    record_id: str
    text: str
    words: tuple[str, ...]


@dataclass
class Candidate:
    type: str
    id: str
    name: str
    name_ar: str | None
    via: str
    """The alias whose words were found."""
    score: float
    scope: str
    distance: int
    """Code points between the alias's first word found and the number."""
    partner: str | None = None
    """For an initiative found through a partner named nearby: that partner's id."""

    def public(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "name": self.name,
            "name_ar": self.name_ar,
            "via": self.via,
            "score": round(self.score, 2),
            "scope": self.scope,
            "distance": self.distance,
        }


class Names:
    """The live initiatives' and partners' aliases, loaded once per request."""

    def __init__(self, session: Session) -> None:
        a = T["alias"].c
        self.names: dict[tuple[str, str], tuple[str, str | None]] = {}
        for table in ("initiative", "partner"):
            t = T[table]
            for rid, name, name_ar in session.execute(
                select(t.c.id, t.c.name, t.c.name_ar).where(*visible(t))
            ):
                self.names[(table, rid)] = (name, name_ar)
        rows = session.execute(
            select(a.record_type, a.record_id, a.text, a.key)
            .where(a.record_type.in_(("initiative", "partner")))
            .order_by(a.id)
        )
        self.aliases = [
            _Alias(rtype, rid, text, words)
            for rtype, rid, text, key in rows
            if (rtype, rid) in self.names
            and (words := tuple(w for w in key.split() if w not in STOP_WORDS))
        ]
        df = Counter(w for al in self.aliases for w in set(al.words))
        n = max(len(self.aliases), 1)
        self.weight = {w: math.log(1 + n / c) for w, c in df.items()}
        partner_links = T["initiative_partner"].c
        self.initiatives_of: dict[str, list[str]] = {}
        for ini, partner in session.execute(
            select(partner_links.initiative_id, partner_links.partner_id).order_by(partner_links.id)
        ):
            self.initiatives_of.setdefault(partner, []).append(ini)


_WORD = re.compile(r"\w+")
_BLANK_LINE = re.compile(r"\n\s*\n")
_HEADING = re.compile(r"^#{1,6} ", re.M)


class Index:
    """Where each word key occurs in one article (every clitic-free form of each word)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.t = Text(text)
        self.at: dict[str, list[int]] = {}
        for m in _WORD.finditer(text):
            key = name_key(m.group())
            for form in {key, *bare(key)} if key else ():
                self.at.setdefault(form, []).append(m.start())
        self.paragraphs = [m.end() for m in _BLANK_LINE.finditer(text)]
        self.headings = [m.start() for m in _HEADING.finditer(text)]

    def scopes(self, pos: int) -> list[tuple[str, int, int]]:
        return [
            ("sentence", *self.t.sentence(pos)),
            ("paragraph", *_around(self.paragraphs, pos, len(self.text))),
            ("section", *_around(self.headings, pos, len(self.text))),
            ("article", 0, len(self.text)),
        ]

    def nearest(self, word: str, start: int, end: int, pos: int) -> int | None:
        """The offset of ``word`` in ``[start, end)`` nearest to ``pos``."""
        found = self.at.get(word, [])
        lo, hi = bisect.bisect_left(found, start), bisect.bisect_left(found, end)
        if lo == hi:
            return None
        return min(found[lo:hi], key=lambda at: abs(at - pos))


def _around(bounds: list[int], pos: int, length: int) -> tuple[int, int]:
    i = bisect.bisect_right(bounds, pos)
    return (bounds[i - 1] if i else 0), (bounds[i] if i < len(bounds) else length)


def candidates(
    names: Names, index: Index, start: int, end: int
) -> tuple[list[Candidate], list[Candidate]]:
    """(initiatives, partners) named near the statement at ``[start, end)`` (its quote),
    best first: nearer scopes, then higher scores, then nearer words (a name inside the
    quote is nearest, «12 مؤسسة Jazari»; one before it nearer than one as far after it,
    since Arabic names the subject first). Partners only from the sentence or paragraph:
    a giver is named close to its money."""
    best: dict[tuple[str, str], tuple[tuple[int, float, int], Candidate]] = {}
    for rank, (scope, lo, hi) in enumerate(index.scopes(start)):
        for al in names.aliases:
            if al.record_type == "partner" and scope not in ("sentence", "paragraph"):
                continue
            found = _together(index, al, lo, hi, start)
            if not found:
                continue  # scattered words are no name
            total = sum(names.weight.get(w, 0.0) for w in al.words)
            score = sum(names.weight.get(w, 0.0) for w in found) / total if total else 0.0
            if score < MIN_SCORE:
                continue
            distance = min(_distance(at, start, end) for at in found.values())
            key = (al.record_type, al.record_id)
            order = (rank, -score, distance)
            if key not in best or order < best[key][0]:
                name, name_ar = names.names[key]
                c = Candidate(
                    al.record_type, al.record_id, name, name_ar, al.text, score, scope, distance
                )
                best[key] = (order, c)
    ranked = [c for _, c in sorted(best.values(), key=lambda x: x[0])]
    initiatives = [c for c in ranked if c.type == "initiative"]
    partners = [c for c in ranked if c.type == "partner"]
    seen = {c.id for c in initiatives}
    for p in partners:  # Oracle named nearby: the initiatives it is linked to are candidates
        for ini in names.initiatives_of.get(p.id, []):
            if ini not in seen and ("initiative", ini) in names.names:
                seen.add(ini)
                name, name_ar = names.names[("initiative", ini)]
                via = f"{p.via} (partner of this initiative)"
                initiatives.append(
                    Candidate(
                        "initiative", ini, name, name_ar, via, p.score, p.scope, p.distance, p.id
                    )
                )
    return initiatives[:LIMIT], partners[:LIMIT]


def _together(index: Index, al: _Alias, lo: int, hi: int, start: int) -> dict[str, int]:
    """Where the alias's words are in ``[lo, hi)``: each word's occurrence nearest the
    statement, or, when those lie too far apart to be one name, the occurrences nearest
    one of them («Morocco AI 2030 aims to train … in AI»: the first «AI», not the last).
    Empty when no occurrences lie close enough together."""
    limit = 2 * len(al.text) + 10
    found = {w: at for w in al.words if (at := index.nearest(w, lo, hi, start)) is not None}
    if not found or max(found.values()) - min(found.values()) <= limit:
        return found
    best: dict[str, int] = {}
    for anchor in sorted(set(found.values()), key=lambda at: abs(at - start)):
        near = {w: at for w in found if (at := index.nearest(w, lo, hi, anchor)) is not None}
        if max(near.values()) - min(near.values()) <= limit and len(near) > len(best):
            best = near
    return best


def _distance(at: int, start: int, end: int) -> int:
    """0 inside the quote; a word after the quote counts four times (Arabic names the
    subject first)."""
    if start <= at < end:
        return 0
    return start - at if at < start else 4 * (at - end)
