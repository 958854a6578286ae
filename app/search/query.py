"""Turn a normalised query into index-backed SQL (the index itself: app/search/index.py).

Matching is token-prefix on both databases, so both return the same hits (the rules are
index.py's docstring). SQLite asks the FTS5 table; PostgreSQL asks ``text_key ~ '(^| )t'``
behind a byte-wise substring test (which spares the regex most rows where PostgreSQL
reads them in turn), and on a large base a ``pg_trgm`` GIN index picks the candidates.
User text only reaches the database as bound parameters, quoted as FTS5 strings or
regex-escaped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from app.search import stem
from app.search.index import ABOUT, FTS_TABLE, NAME, PASSAGE, is_sqlite
from app.search.normalize import name_key
from app.services.prepared import text_query

__all__ = [
    "ABOUT",
    "NAME",
    "PASSAGE",
    "WINDOW",
    "Match",
    "common_part",
    "few_passages",
    "is_number",
    "match_clause",
    "passage_query",
    "passage_rows",
    "stems_regex",
    "to_fts",
    "to_like",
    "to_pg_regex",
]


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


def to_like(part: str) -> str:
    """A LIKE pattern matching any text that contains ``part`` (``\\``, ``%``, ``_``
    escaped with PostgreSQL's default escape character)."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", part) + "%"


def common_part(keys: Iterable[str]) -> str | None:
    """The shortest of ``keys`` when every key contains it (then a text holding none of
    them does not hold it either), else None."""
    ordered = sorted(keys, key=len)
    if not ordered or not ordered[0]:
        return None
    return ordered[0] if all(ordered[0] in k for k in ordered) else None


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
            # each regex behind a substring test it implies, which compares bytes where
            # the regex engine first widens every row's text to 4-byte characters (a
            # 5-article base: 1.35 ms of a name search's statement → 0.30 ms). The test
            # must run first. Inside an OR (a token with stem keys; a query with other
            # spellings) PostgreSQL evaluates as written, and ``strpos`` is the faster
            # test on Arabic (0.04 ms a table scan, LIKE 0.10). A lone spelling's token
            # without stem keys (a number) is ANDed into the WHERE, whose tests the
            # planner orders by cost: ``strpos(…) > 0``, two functions, went after the
            # regex's one ("1.3 billion": 1.2 ms of passages); a LIKE costs what the
            # regex does, so it keeps its written place
            re_, lit = f"re_{i}_{j}", f"lit_{i}_{j}"
            params[re_] = to_pg_regex(tok, prefix=prefix)
            keys = match.stems_of(tok)
            if not keys and len(match.alternatives) == 1:
                params[lit] = to_like(tok)
                test = f"d.text_key LIKE :{lit}"
            else:
                params[lit] = tok
                test = f"strpos(d.text_key, :{lit}) > 0"
            term = f"({test} AND d.text_key ~ :{re_})"
            if keys:
                params[f"st_{i}_{j}"] = stems_regex(keys)
                stem = f"d.stem_key ~ :st_{i}_{j}"
                common = common_part(keys)
                if common is not None:
                    params[f"sl_{i}_{j}"] = common
                    stem = f"(strpos(d.stem_key, :sl_{i}_{j}) > 0 AND {stem})"
                term = f"({term} OR {stem})"
            ands.append(term)
        ors.append("(" + " AND ".join(ands) + ")")
    return f"{tier_sql} AND ({' OR '.join(ors)})", params


WINDOW = 2000
"""PostgreSQL: how many passages (in id order) to try before asking the trigram index."""


_PASSAGES: dict[str, tuple[float, bool]] = {}
PASSAGES_TTL = 60.0
"""Seconds :func:`few_passages` trusts its last count."""


def few_passages(bind: Session) -> bool:
    """Whether the database holds at most :data:`WINDOW` passages (counted at most
    :data:`PASSAGES_TTL` seconds ago, per database): then the window would hold them
    all, and a word it leaves short of a page would be looked for a second time. The
    count only picks which complete query runs, so an old one changes no answer."""
    url = str(bind.get_bind().engine.url)
    now = time.monotonic()
    seen = _PASSAGES.get(url)
    if seen is not None and now - seen[0] < PASSAGES_TTL:
        return seen[1]
    n = bind.execute(
        text("SELECT count(*) FROM (SELECT 1 FROM search_doc WHERE tier = 2 LIMIT :w) s"),
        {"w": WINDOW + 1},
    ).scalar_one()
    few = int(n) <= WINDOW
    _PASSAGES[url] = (now, few)
    return few


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
            f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts AND rowid > :after "
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


def passage_rows(
    bind: Session,
    match: Match,
    *,
    after: int,
    limit: int,
    wrap: Callable[[str], str] = lambda sql: sql,
    keys: Sequence[str] = ("id",),
) -> list[Mapping[str, Any]]:
    """The matching article passages after ``after``, in id (= article) order.

    ``wrap`` turns the SQL of their ids (one column, ``id``) into the SQL of the rows the
    caller wants (``SELECT … FROM (ids) h JOIN …``), whose columns ``keys`` names.
    PostgreSQL, when the base holds more than :data:`WINDOW` passages
    (:func:`few_passages`), first tries the next WINDOW of them: a common word fills the
    page there; only a rarer one goes to the trigram index.
    """
    if not is_sqlite(bind) and not few_passages(bind):
        sql, params = passage_query(bind, match, after=after, limit=limit, window=WINDOW)
        rows = text_query(wrap(sql), keys).dicts(bind, params)
        if len(rows) >= limit:
            return list(rows)
    sql, params = passage_query(bind, match, after=after, limit=limit)
    return list(text_query(wrap(sql), keys).dicts(bind, params))
