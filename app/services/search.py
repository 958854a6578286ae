"""Search across records and article text, and resolve a name to the record it means.

Ranks (lower first; ``score = 1 - rank / 5``):

0. the whole query equals a name or alias (``name_key`` equality);
1. a name or alias starts with the query;
2. a name or alias contains every query token (as token prefixes);
3. text about a record: description, role, place, metric, citation quote;
4. an article passage.

A record appears once, at its best-ranked match; passages are hits of their
own. Within a rank, hits come in index order (records in seed order, passages
in article order), so the cursor is simply ``rank:doc_id``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from sqlalchemy import TextClause, bindparam, null, select, text, tuple_
from sqlmodel import Session, SQLModel

from app.errors import BadRequest
from app.search import fuzzy, highlight, numeric
from app.search.index import ABOUT, NAME, Match, match_clause, passage_ids, passage_query
from app.services.pages import Page

T = SQLModel.metadata.tables
ENTITY_TYPES = ("partner", "initiative", "person", "event", "figure")
SEARCH_TYPES = (*ENTITY_TYPES, "source")
RESOLVE_TYPES = ("partner", "initiative", "person", "event")
PASSAGE_RANK = 4
NAME_RANK = 2
"""Ranks 0-2 match a name or alias; with none, names close to the query are tried."""
FUZZY_RANK = 2
MAX_EXPANSION = 24
_CURSOR = re.compile(r"^(?:([0-4]):|(p):)([0-9]{1,12})$")

MATCHES = ("exact", "prefix", "tokens", "about", "passage")
"""A text hit's ``match``, by rank; value hits say ``value``, fuzzy ones ``fuzzy``."""

_ENTITY_SQL = """
SELECT id, rnk FROM (
  SELECT id, rnk, ROW_NUMBER() OVER (PARTITION BY record_type, record_id ORDER BY rnk, id) AS rn
  FROM (
    SELECT d.id, d.record_type, d.record_id,
      CASE WHEN d.tier = 0 AND d.text_key = :key THEN 0
           WHEN d.tier = 0 AND substr(d.text_key, 1, :klen) = :key THEN 1
           WHEN d.tier = 0 THEN 2 ELSE 3 END AS rnk
    FROM search_doc d
    WHERE {cond}{types}
  ) m
) b
WHERE rn = 1 AND (rnk > :arank OR (rnk = :arank AND id > :aid))
ORDER BY rnk, id
LIMIT :n
"""


def parse_cursor(after: str | None) -> tuple[int, int, int]:
    """The previous page's last position: ``p:N`` (N value and fuzzy hits given) or
    ``rank:doc_id`` of the last text hit; ``(0, -1, 0)`` for the first page."""
    if after is None:
        return 0, -1, 0
    m = _CURSOR.match(after)
    if m is None:
        raise BadRequest(
            "Query parameter 'cursor' is not a cursor this API issued.",
            errors=[{"in": "query", "name": "cursor", "message": "invalid cursor"}],
        )
    if m.group(2):
        return int(m.group(3)), -1, 0
    return -1, int(m.group(1)), int(m.group(3))


def search(
    session: Session,
    q: str,
    *,
    type: str | None = None,
    after: str | None = None,
    limit: int = 50,
) -> Page:
    """One page of hits for ``q``; an empty page when ``q`` has no letters or digits.

    First the hits computed in Python (figures by value, then fuzzy names when no
    name matches), then the index's hits (names, text about records, passages).
    """
    given, arank, aid = parse_cursor(after)
    match = Match.of(q)
    if not match:
        return Page([], None)
    first = _first_hits(session, q, match, type)
    exclude = {(h["type"], h["id"]) for h in first}
    items: list[dict[str, Any]] = []
    if given >= 0:
        items = first[given : given + limit]
        if len(first) > given + limit:
            return Page(items, f"p:{given + limit}")
    found, more = _text_hits(session, q, match, type, arank, aid, limit - len(items), exclude)
    items += _decorate(session, found, match)
    if more:
        return Page(items, f"{found[-1][0]}:{found[-1][1]}" if found else "0:0")
    return Page(items, None)


def _first_hits(session: Session, q: str, match: Match, type: str | None) -> list[dict[str, Any]]:
    """Figures the query's numbers admit, then (no name matching) names close to it."""
    out: list[dict[str, Any]] = []
    if type in (None, "figure"):
        out += numeric.decorate(session, numeric.figure_hits(session, q))
    if type is None or type in fuzzy.TYPES:
        names = _entity_hits(session, match, [type] if type else list(ENTITY_TYPES), -1, 0, 1)
        if not (names and names[0][0] <= NAME_RANK) and not out:
            out += _fuzzy_hits(session, q, type)
    return out


def _fuzzy_hits(session: Session, q: str, type: str | None) -> list[dict[str, Any]]:
    close = fuzzy.closest(session, q, types=[type] if type else None)
    d = T["search_doc"]
    docs = {
        r["id"]: r
        for r in session.execute(d.select().where(d.c.id.in_([f.doc_id for f in close]))).mappings()
    }
    names = names_of(session, [docs[f.doc_id] for f in close])
    match = Match.of(q, stems=False)
    out = []
    for f in close:
        hit = _hit(docs[f.doc_id], FUZZY_RANK, names, match, session)
        span = highlight.Span(0, len(hit["snippet"])) if hit["highlight"] is None else None
        if span is not None:  # the whole name: its words are only close to the query's
            hit["highlight"] = {"start": span.start, "end": span.end}
        out.append({**hit, "match": "fuzzy", "similarity": f.similarity})
        out[-1]["score"] = round(0.6 * f.similarity, 2)
    return out


def suggestions(session: Session, q: str) -> list[dict[str, Any]]:
    """ "Did you mean": the names closest to ``q`` (similarity >= fuzzy.SUGGEST), at most 5."""
    close = fuzzy.closest(session, q, threshold=fuzzy.SUGGEST)[:5]
    names = names_of(
        session, [{"record_type": f.record_type, "record_id": f.record_id} for f in close]
    )
    return [fuzzy.suggestion(f, names) for f in close]


def _text_hits(
    session: Session,
    q: str,
    match: Match,
    type: str | None,
    arank: int,
    aid: int,
    limit: int,
    exclude: set[tuple[str, str]],
) -> tuple[list[tuple[int, int]], bool]:
    """Index hits after ``(arank, aid)``: ``limit`` of them, and whether more follow."""
    found: list[tuple[int, int]] = []  # (rank, doc id)
    spare = len(exclude)
    if type != "source" and arank < PASSAGE_RANK:
        types = [type] if type else list(ENTITY_TYPES)
        found += _entity_hits(session, match, types, arank, aid, limit + 1 + spare)
        if exclude and found:
            kept = _records(session, [i for _, i in found])
            found = [(r, i) for r, i in found if kept[i] not in exclude]
    if type in (None, "source") and len(found) <= limit:
        wide = Match.of(q, _expansion(session, match))
        after_id = aid if arank == PASSAGE_RANK else 0
        ids = passage_ids(session, wide, after=after_id, limit=limit + 1 - len(found))
        found += [(PASSAGE_RANK, i) for i in ids]
    return found[: max(limit, 0)], len(found) > limit


def _records(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    d = T["search_doc"].c
    rows = session.execute(select(d.id, d.record_type, d.record_id).where(d.id.in_(ids)))
    return {i: (rtype, rid) for i, rtype, rid in rows}


def _entity_hits(
    session: Session, match: Match, types: list[str], arank: int, aid: int, n: int
) -> list[tuple[int, int]]:
    stmt, params = _entity_query(session, match, types)
    rows = session.execute(
        stmt,
        {
            **params,
            "key": match.key,
            "klen": len(match.key),
            "types": types,
            "arank": arank,
            "aid": aid,
            "n": n,
        },
    )
    return [(int(r.rnk), int(r.id)) for r in rows]


def _entity_query(
    session: Session, match: Match, types: list[str]
) -> tuple[TextClause, dict[str, Any]]:
    """The ranked, one-hit-per-record query; a type filter only when it narrows."""
    cond, params = match_clause(session, match, (NAME, ABOUT))
    if set(types) >= set(ENTITY_TYPES):
        return text(_ENTITY_SQL.format(cond=cond, types="")), params
    sql = _ENTITY_SQL.format(cond=cond, types=" AND d.record_type IN :types")
    return text(sql).bindparams(bindparam("types", expanding=True)), params


def _expansion(session: Session, match: Match) -> list[str]:
    """Other spellings of the records the query names exactly (so «Jazari» finds «الجزري»)."""
    d = T["search_doc"].c
    named = session.execute(
        select(d.record_type, d.record_id)
        .where(d.tier == NAME, d.text_key == match.key)
        .where(d.record_type.in_(RESOLVE_TYPES))
        .distinct()
        .limit(3)
    ).all()
    if not named:
        return []
    keys = session.scalars(
        select(d.text_key)
        .where(d.tier == NAME, tuple_(d.record_type, d.record_id).in_([tuple(r) for r in named]))
        .order_by(d.id)
        .limit(MAX_EXPANSION)
    )
    return list(dict.fromkeys(keys))


def _decorate(session: Session, found: list[tuple[int, int]], match: Match) -> list[dict[str, Any]]:
    if not found:
        return []
    d = T["search_doc"]
    docs = {
        r["id"]: r
        for r in session.execute(d.select().where(d.c.id.in_([i for _, i in found]))).mappings()
    }
    names = names_of(session, [docs[i] for _, i in found])
    return [_hit(docs[i], rank, names, match, session) for rank, i in found]


_NAME_COLUMNS: dict[str, tuple[str, str | None]] = {
    "figure": ("label", None),
    "source": ("id", "title"),
}
"""Columns shown as a hit's ``name``/``name_ar`` where they are not ``name``/``name_ar``."""


def names_of(session: Session, docs: list[Any]) -> dict[tuple[str, str], tuple[str, str | None]]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        wanted[doc["record_type"]].add(doc["record_id"])
    out: dict[tuple[str, str], tuple[str, str | None]] = {}
    for rtype, ids in wanted.items():
        t = T[rtype].c
        col, col_ar = _NAME_COLUMNS.get(rtype, ("name", "name_ar"))
        stmt = select(t.id, t[col], t[col_ar] if col_ar else null())
        for rid, name, name_ar in session.execute(stmt.where(t.id.in_(ids))):
            out[(rtype, rid)] = (name, name_ar)
    return out


def _hit(
    doc: Any,
    rank: int,
    names: dict[tuple[str, str], tuple[str, str | None]],
    match: Match,
    session: Session,
) -> dict[str, Any]:
    body: str = doc["text"]
    span, via = _locate(session, body, match, rank == PASSAGE_RANK)
    lo, hi = highlight.window(body, span)
    name, name_ar = names.get((doc["record_type"], doc["record_id"]), (doc["record_id"], None))
    start = end = None
    if doc["start"] is not None:
        start, end = (
            (doc["start"] + span.start, doc["start"] + span.end)
            if span
            else (doc["start"], doc["end"])
        )
    return {
        "type": doc["record_type"],
        "id": doc["record_id"],
        "name": name,
        "name_ar": name_ar,
        "field": doc["field"],
        "alias_kind": doc["alias_kind"],
        "via": via,
        "snippet": body[lo:hi],
        "highlight": {"start": span.start - lo, "end": span.end - lo} if span else None,
        "source_id": doc["source_id"],
        "start": start,
        "end": end,
        "rank": rank,
        "score": round(1 - rank / 5, 2),
        "match": MATCHES[rank],
    }


def _locate(
    session: Session, body: str, match: Match, expand: bool
) -> tuple[highlight.Span | None, str | None]:
    """Where the query (else, for a passage, another spelling of what it names) is in ``body``.

    The second value is that other spelling's key, or ``None`` for the query itself.
    """
    span = highlight.find(body, [list(a) for a in match.alternatives])
    if span is None:
        span = highlight.find_stem(body, [keys for _, keys in match.stems])
    if span is not None or not expand:
        return span, None
    keys = _expansion(session, match)
    found = highlight.locate(body, [k.split() for k in keys])
    return (found[0], keys[found[1]]) if found else (None, None)


def query_plan(session: Session, q: str, *, force_index: bool = True) -> dict[str, str]:
    """The database's plan for the two queries a search runs (entities, passages).

    ``force_index`` (PostgreSQL) turns sequential and plain index scans off, so the
    plan shows whether the trigram index *can* serve the query even on a table
    too small for the planner to bother.
    """
    match = Match.of(q)
    sqlite = session.get_bind().dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    entity_stmt, params = _entity_query(session, match, list(ENTITY_TYPES))
    entity = text(prefix + entity_stmt.text)
    entity_params = {
        **params,
        "key": match.key,
        "klen": len(match.key),
        "types": list(ENTITY_TYPES),
        "arank": -1,
        "aid": 0,
        "n": 51,
    }
    passage_sql, passage_params = passage_query(session, match, after=0, limit=51)
    plans: dict[str, str] = {}
    with session.begin_nested() if session.in_transaction() else session.begin():
        if force_index and not sqlite:
            session.execute(text("SET LOCAL enable_seqscan = off"))
            session.execute(text("SET LOCAL enable_indexscan = off"))
        for name, stmt, args in (
            ("entities", entity, entity_params),
            ("passages", text(prefix + passage_sql), passage_params),
        ):
            rows = session.execute(stmt, args).all()
            plans[name] = "\n".join(str(r[-1]) for r in rows)
    return plans
