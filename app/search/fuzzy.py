"""Names spelt in ways the articles don't use: صغروشني, Segrouchni, Mezour, Dakhlah.

Candidates are the names and aliases (``search_doc`` tier 0) of partners,
initiatives, people and events. A name matches a query when every query word
is close to some word of the name: the similarity of two words is rapidfuzz's
normalised Indel ratio of their ``name_key`` forms (folded, article dropped),
and a query's similarity to a name is its worst word's best ratio. A record
takes its best name. The same Python code runs on SQLite and PostgreSQL, so
both return the same fuzzy hits.

``FUZZY`` (0.8) is the least similarity a hit needs: one letter changed in a
seven-letter name (صغروشني for سغروشني, 0.86), one letter missing in six
(Mezour for Mezzour, 0.92). A query with no hit at all gets suggestions down to
``SUGGEST`` (0.6): "did you mean".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Indel
from sqlalchemy import bindparam, select
from sqlmodel import Session, SQLModel

from app.search.normalize import name_key
from app.search.query import NAME, is_number
from app.services.meta import version_of
from app.services.prepared import Prepared
from app.services.recent import Recent

__all__ = ["FUZZY", "SUGGEST", "FuzzyName", "closest", "names"]

T = SQLModel.metadata.tables
FUZZY = 0.8
SUGGEST = 0.6
MIN_LETTERS = 4
"""Shorter query words are not matched fuzzily: too many names are one edit away."""
MAX_NAMES = 50_000
"""Names read per query at most (the seed has a few hundred)."""
TYPES = ("partner", "initiative", "person", "event")


_D = T["search_doc"].c
_NAMES = Prepared(  # built once, run on the driver's cursor: every misspelt query reads them
    select(_D.id, _D.record_type, _D.record_id, _D.text, _D.text_key)
    .where(_D.tier == NAME, _D.record_type.in_(bindparam("types", expanding=True)))
    .order_by(_D.id)
    .limit(MAX_NAMES),
    expanding="types",
)


Name = tuple[int, str, str, str, tuple[str, ...]]
"""A name's doc id, record type, record id, text, and ``name_key`` words."""

_LOADED: Recent[tuple[tuple[Name, ...], tuple[str, ...]]] = Recent(8)
"""The names of the data versions (and types asked) seen last, per database."""


def names(session: Session, types: list[str]) -> tuple[tuple[Name, ...], tuple[str, ...]]:
    """The names of records of ``types``, and their distinct words: read and split once per
    data version, as the fact-check's knowledge is (``meta.data_version`` moves with every
    write and seed). Every misspelt query compares itself with all of them: reading and
    splitting them was a third of a fuzzy search (SQLite)."""

    def load() -> tuple[tuple[Name, ...], tuple[str, ...]]:
        rows = _NAMES.rows(session, {"types": types})
        found = tuple((i, rt, rid, text_, tuple(key.split())) for i, rt, rid, text_, key in rows)
        return found, tuple({w for *_, words in found for w in words})

    version = version_of(session)
    if version is None:
        return load()
    database = str(session.get_bind().engine.url)
    return _LOADED.get((database, version, tuple(types)), load)


@dataclass(frozen=True)
class FuzzyName:
    """A record whose name ``text`` (doc ``doc_id``) is ``similarity`` close to the query."""

    record_type: str
    record_id: str
    doc_id: int
    text: str
    similarity: float


def _close_words(
    query: list[str], words: tuple[str, ...], threshold: float
) -> list[dict[str, float]]:
    """Per query word, the name words at least ``threshold`` similar to it, with their ratio
    (rapidfuzz's C loop over the distinct words, not a Python loop over every pair). The
    cutoff given to rapidfuzz is 0.01 low: with a cutoff of 0.6 it drops "evans" for
    "years", whose ratio it gives as 0.6 without one; ``closest`` applies the exact one."""
    return [
        {
            w: score
            for w, score, _ in process.extract(
                q,
                words,
                scorer=Indel.normalized_similarity,
                score_cutoff=threshold - 0.01,
                limit=None,
            )
        }
        for q in query
    ]


def closest(
    session: Session, q: str, *, threshold: float = FUZZY, types: list[str] | None = None
) -> list[FuzzyName]:
    """Records with a name at least ``threshold`` similar to ``q``, most similar first.

    A name's similarity is its worst query word's best ratio with a word of the name; only
    words at least ``threshold`` close can count, so each query word is compared once with
    each distinct name word.
    """
    words = [w for w in name_key(q).split() if not is_number(w)]
    if not words or any(len(w) < MIN_LETTERS for w in words):
        return []
    rows, vocabulary = names(session, list(types or TYPES))
    close = _close_words(words, vocabulary, threshold)
    near = set().union(*close)
    best: dict[tuple[str, str], FuzzyName] = {}
    for doc_id, rtype, rid, text_, name in rows:
        if near.isdisjoint(name):  # most names: no word close to any query word
            continue
        score = min(max((c.get(n, 0.0) for n in name), default=0.0) for c in close)
        if score < threshold:
            continue
        found = best.get((rtype, rid))
        if found is None or score > found.similarity:
            best[(rtype, rid)] = FuzzyName(rtype, rid, doc_id, text_, round(score, 3))
    return sorted(best.values(), key=lambda f: (-f.similarity, f.doc_id))


def suggestion(
    f: FuzzyName, named: dict[tuple[str, str], tuple[str, str | None]]
) -> dict[str, Any]:
    """A "did you mean" entry: the record, the name that is close, and how close."""
    name, name_ar = named.get((f.record_type, f.record_id), (f.record_id, None))
    return {
        "type": f.record_type,
        "id": f.record_id,
        "name": name,
        "name_ar": name_ar,
        "text": f.text,
        "similarity": f.similarity,
    }
