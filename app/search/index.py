"""Build the ``search_doc`` index and turn normalised queries into index-backed SQL.

What is indexed (one ``search_doc`` row each; ``text_key = name_key(text)``):

* tier 0, names: every ``alias`` row (the seeder makes record names aliases
  too) and a figure's ``label``;
* tier 1, text about a record: descriptions, person role titles, places,
  figure metrics and subject names, and the quotes of the record's citations
  (with their offsets into the article);
* tier 2, article passages: each source text cut into sentences or lines,
  with offsets, so a hit can point at the exact spot in the article.

Matching is token-prefix on both databases, so both return the same hits: a
query token ``t`` matches a key token ``k`` when ``k.startswith(t)``, and all
tokens of an alternative must match; a number matches whole ("500" does not
find 50000). SQLite asks the FTS5 table
``search_fts`` (``ascii`` tokenizer: the keys are already split on single
spaces); PostgreSQL asks a ``pg_trgm`` GIN index with ``text_key ~ '(^| )t'``
(a partial one over tiers 0-1 for records, the full one for passages).
Either way user text only reaches the database as bound parameters, quoted as
FTS5 strings (``"…"`` with doubled quotes) or regex-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from app.models.search import SearchDoc
from app.search import stem
from app.search.normalize import name_key

__all__ = [
    "FTS_TABLE",
    "Match",
    "include_object",
    "is_sqlite",
    "passages",
    "rebuild",
    "to_fts",
    "to_pg_regex",
]

FTS_TABLE = "search_fts"
FTS_SHADOW = ("_data", "_idx", "_docsize", "_config", "_content")
T = SQLModel.metadata.tables

NAME, ABOUT, PASSAGE = 0, 1, 2
"""Stored ``tier`` values: names and aliases, text about a record, article passages."""

ENTITY_TYPES = ("partner", "initiative", "person", "event", "figure")
MAX_PASSAGE = 400
"""Longer sentences are cut at a space, so snippets stay readable."""

_SENTENCE_END = re.compile(r"(?<!\d)[.!?؟؛](?!\d)[\"'»”’)\]]*\s+|\n+")


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: the FTS5 table and its shadow tables are not in the metadata."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def is_sqlite(bind: Session | Connection) -> bool:
    return (
        bind.get_bind().dialect.name == "sqlite"
        if isinstance(bind, Session)
        else (bind.dialect.name == "sqlite")
    )


# -- building ---------------------------------------------------------------


@dataclass
class _Docs:
    rows: list[dict[str, Any]]

    def add(
        self,
        rtype: str,
        rid: str,
        field: str,
        tier: int,
        value: str | None,
        *,
        source_id: str | None = None,
        start: int | None = None,
        alias_kind: str | None = None,
    ) -> None:
        if not value:
            return
        key = name_key(value)
        if not key:
            return
        self.rows.append(
            {
                "id": len(self.rows) + 1,
                "record_type": rtype,
                "record_id": rid,
                "field": field,
                "tier": tier,
                "text": value,
                "text_key": key,
                "stem_key": stem.stem_key(value),
                "source_id": source_id,
                "start": start,
                "end": None if start is None else start + len(value),
                "alias_kind": alias_kind,
            }
        )


def passages(text_: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence or line of ``text_``, trimmed, at most ~MAX_PASSAGE."""
    pos = 0
    for m in [*_SENTENCE_END.finditer(text_), None]:
        stop = m.end() if m is not None else len(text_)
        yield from _trimmed_chunks(text_, pos, stop)
        pos = stop


def _trimmed_chunks(text_: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    while start < stop and text_[start].isspace():
        start += 1
    while stop > start and text_[stop - 1].isspace():
        stop -= 1
    while stop - start > MAX_PASSAGE:
        cut = text_.rfind(" ", start + MAX_PASSAGE // 2, start + MAX_PASSAGE)
        cut = cut if cut > start else start + MAX_PASSAGE
        yield start, cut
        start = cut
        while start < stop and text_[start].isspace():
            start += 1
    if stop > start:
        yield start, stop


def _rows(session: Session, table: str, *cols: str) -> Iterable[Any]:
    t = T[table].c
    return session.execute(select(*(t[c] for c in cols)).order_by(*(t[c] for c in cols[:1])))


def build_docs(session: Session) -> list[dict[str, Any]]:
    """Every ``search_doc`` row for what the database holds now, ids numbered from 1."""
    docs = _Docs([])
    _alias_docs(session, docs)
    _about_docs(session, docs)
    for sid, body in _rows(session, "source", "id", "text"):
        add_passages(docs.rows, sid, body)
    return docs.rows


def add_passages(rows: list[dict[str, Any]], source_id: str, body: str) -> None:
    """Append the passage rows of one article (used by the seeder and the benchmark)."""
    docs = _Docs(rows)
    for start, end in passages(body):
        docs.add(
            "source", source_id, "text", PASSAGE, body[start:end], source_id=source_id, start=start
        )


def _alias_docs(session: Session, docs: _Docs) -> None:
    names: dict[tuple[str, str], tuple[str, str | None]] = {}
    for rtype in ("partner", "initiative", "person", "event"):
        for rid, name, name_ar in _rows(session, rtype, "id", "name", "name_ar"):
            names[(rtype, rid)] = (name, name_ar)
    a = T["alias"].c
    stmt = select(a.record_type, a.record_id, a.text, a.kind, a.source_id).order_by(a.id)
    for rtype, rid, value, kind, source_id in session.execute(stmt):
        name, name_ar = names.get((rtype, rid), (None, None))
        field = "name" if value == name else "name_ar" if value == name_ar else "alias"
        docs.add(rtype, rid, field, NAME, value, source_id=source_id, alias_kind=kind)
    for fid, label in _rows(session, "figure", "id", "label"):
        docs.add("figure", fid, "label", NAME, label)


def _about_docs(session: Session, docs: _Docs) -> None:
    for rtype in ("partner", "initiative", "person", "event"):
        for rid, description in _rows(session, rtype, "id", "description"):
            docs.add(rtype, rid, "description", ABOUT, description)
    places = ("region", "region_ar", "location", "location_ar")
    for rid, *values in _rows(session, "initiative", "id", *places):
        for value in values:
            docs.add("initiative", rid, "place", ABOUT, value)
    for rid, place, place_ar in _rows(session, "event", "id", "place", "place_ar"):
        docs.add("event", rid, "place", ABOUT, place)
        docs.add("event", rid, "place", ABOUT, place_ar)
    for pid, title_ar, title in _rows(session, "person_role", "person_id", "title_ar", "title"):
        docs.add("person", pid, "role", ABOUT, title_ar)
        docs.add("person", pid, "role", ABOUT, title)
    f, i = T["figure"].c, T["initiative"].c
    stmt = select(f.id, f.metric, i.name, i.name_ar).join(T["initiative"], i.id == f.subject_id)
    for fid, metric, subject, subject_ar in session.execute(stmt.order_by(f.id)):
        docs.add("figure", fid, "metric", ABOUT, metric.replace("_", " "))
        docs.add("figure", fid, "subject", ABOUT, subject)
        docs.add("figure", fid, "subject", ABOUT, subject_ar)
    c = T["citation"].c
    stmt = select(c.record_type, c.record_id, c.quote, c.source_id, c.start).where(
        c.record_type.in_(ENTITY_TYPES)
    )
    for rtype, rid, quote, source_id, start in session.execute(stmt.order_by(c.id)):
        docs.add(rtype, rid, "quote", ABOUT, quote, source_id=source_id, start=start)


def rebuild(session: Session) -> int:
    """Replace the index with one built from the current tables, in the caller's transaction.

    Returns the number of rows written.
    """
    rows = build_docs(session)
    write(session, rows)
    return len(rows)


def write(session: Session, rows: list[dict[str, Any]]) -> None:
    """Replace all ``search_doc`` rows with ``rows`` and bring the FTS5 table up to date."""
    session.execute(delete(SearchDoc))
    for chunk in range(0, len(rows), 5000):
        session.execute(insert(SearchDoc), rows[chunk : chunk + 5000])
    if is_sqlite(session):
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


# -- querying ---------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A query as the index sees it: alternatives of tokens, each alternative ANDed.

    ``key`` is the ``name_key`` of the whole query (for the exact/prefix ranks).
    ``stems`` maps a token of the first alternative to the stem keys of the word
    it comes from: the token matches a row whose ``text_key`` has a word starting
    with it *or* whose ``stem_key`` has one of those keys.
    """

    key: str
    alternatives: tuple[tuple[str, ...], ...]
    stems: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def of(cls, query: str, extra: Iterable[str] = (), *, stems: bool = True) -> Match:
        key = name_key(query)
        alts: list[tuple[str, ...]] = []
        for k in [key, *(name_key(e) for e in extra)]:
            toks = tuple(dict.fromkeys(k.split()))
            if toks and toks not in alts:
                alts.append(toks)
        return cls(key, tuple(alts), _token_stems(query) if stems else ())

    def stems_of(self, token: str) -> frozenset[str]:
        return next((keys for t, keys in self.stems if t == token), frozenset())

    def __bool__(self) -> bool:
        return bool(self.alternatives)


def _token_stems(query: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each ``name_key`` token of ``query`` with the stem keys of the word it comes from."""
    found: dict[str, frozenset[str]] = {}
    for word in query.split():
        keys = frozenset().union(*(k for _, _, k in stem.words(word)))
        for token in name_key(word).split():
            if keys:
                found[token] = found.get(token, frozenset()) | keys
    return tuple(found.items())


def _fts_string(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


_NUMBER = re.compile(r"[0-9.]+")


def is_number(token: str) -> bool:
    """Numbers match whole tokens only: "500" must not find 5000 or 50,000."""
    return _NUMBER.fullmatch(token) is not None


def to_fts(match: Match, tiers: tuple[int, ...], *, prefix: bool = True) -> str:
    """An FTS5 query: ``tier : (…) AND ((text_key : t1* OR stem_key : (s1 OR s2)) AND …) OR …``.

    Every token and key is quoted as an FTS5 string.
    """
    alts = " OR ".join(
        "(" + " AND ".join(_fts_term(match, t, prefix) for t in alt) + ")"
        for alt in match.alternatives
    )
    tier = " OR ".join(_fts_string(str(t)) for t in tiers)
    return f"tier : ({tier}) AND ({alts})"


def _fts_term(match: Match, token: str, prefix: bool) -> str:
    surface = "text_key : " + _fts_string(token) + ("*" if prefix and not is_number(token) else "")
    keys = match.stems_of(token)
    if not keys:
        return surface
    return f"({surface} OR stem_key : ({' OR '.join(_fts_string(k) for k in sorted(keys))}))"


def to_pg_regex(token: str, *, prefix: bool = True) -> str:
    """A PostgreSQL ARE that matches ``token`` at a key-token start (whole token if not prefix)."""
    escaped = re.sub(r"([^\w])", r"\\\1", token)
    return f"(^| ){escaped}" + ("" if prefix and not is_number(token) else "( |$)")


def stems_regex(keys: Iterable[str]) -> str:
    """A PostgreSQL ARE matching any of ``keys`` as a whole word of ``stem_key``."""
    body = "|".join(re.sub(r"([^\w])", r"\\\1", k) for k in sorted(keys))
    return f"(^| )({body})( |$)"


def match_clause(
    bind: Session, match: Match, tiers: tuple[int, ...], *, prefix: bool = True
) -> tuple[str, dict[str, Any]]:
    """A SQL condition on ``search_doc d`` selecting the docs of ``tiers`` that ``match`` hits.

    The fragment is static SQL; every piece of the query is a bound parameter.
    """
    tier_sql = (
        "d.tier < 2"
        if set(tiers) == {NAME, ABOUT}
        else (f"d.tier IN ({', '.join(str(int(t)) for t in tiers)})")
    )
    if is_sqlite(bind):
        return (
            f"d.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts)",
            {"fts": to_fts(match, tiers, prefix=prefix)},
        )
    params: dict[str, Any] = {}
    ors = []
    for i, alt in enumerate(match.alternatives):
        ands = []
        for j, tok in enumerate(alt):
            params[f"re_{i}_{j}"] = to_pg_regex(tok, prefix=prefix)
            term = f"d.text_key ~ :re_{i}_{j}"
            keys = match.stems_of(tok)
            if keys:
                params[f"st_{i}_{j}"] = stems_regex(keys)
                term = f"({term} OR d.stem_key ~ :st_{i}_{j})"
            ands.append(term)
        ors.append("(" + " AND ".join(ands) + ")")
    return f"{tier_sql} AND ({' OR '.join(ors)})", params


WINDOW = 2000
"""PostgreSQL: how many passages (in id order) to try before asking the trigram index."""


def passage_query(
    bind: Session, match: Match, *, after: int, limit: int, window: int | None = None
) -> tuple[str, dict[str, Any]]:
    """SQL and parameters for the ids of matching passages after ``after``, in id order.

    On SQLite FTS5 walks its doclist in rowid order and stops at ``limit``. On
    PostgreSQL the trigram bitmap serves rare words (``ORDER BY d.id + 0`` keeps
    the planner off a primary-key walk that would read the whole table); with
    ``window`` the query only tries the next ``window`` passages in id order,
    which answers a common word without sorting its every match.
    """
    if is_sqlite(bind):
        sql = (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts AND rowid > :after "
            "ORDER BY rowid LIMIT :n"
        )
        return sql, {"fts": to_fts(match, (PASSAGE,)), "after": after, "n": limit}
    cond, params = match_clause(bind, match, (PASSAGE,))
    params = {**params, "after": after, "n": limit}
    if window is None:
        if after:
            cond += " AND d.id > :after"
        sql = f"SELECT d.id FROM search_doc d WHERE {cond} ORDER BY d.id + 0 LIMIT :n"
        return sql, params
    sql = (
        "SELECT d.id FROM (SELECT w.id, w.tier, w.text_key, w.stem_key FROM search_doc w "
        "WHERE w.tier = 2 AND w.id > :after ORDER BY w.id LIMIT :window) d "
        f"WHERE {cond} ORDER BY d.id LIMIT :n"
    )
    return sql, {**params, "window": window}


def passage_ids(bind: Session, match: Match, *, after: int, limit: int) -> list[int]:
    """Ids of the matching article passages after ``after``, in id (= article) order.

    PostgreSQL first tries the next WINDOW passages: a common word fills the
    page there; only a rarer one goes to the trigram index.
    """
    if not is_sqlite(bind):
        sql, params = passage_query(bind, match, after=after, limit=limit, window=WINDOW)
        ids = list(bind.scalars(text(sql), params))
        if len(ids) >= limit:
            return ids
    sql, params = passage_query(bind, match, after=after, limit=limit)
    return list(bind.scalars(text(sql), params))
