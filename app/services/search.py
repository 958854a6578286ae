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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, bindparam, select, text, tuple_
from sqlmodel import Session, SQLModel

from app.errors import BadRequest
from app.search import fuzzy, highlight, numeric
from app.search.query import ABOUT, NAME, Match, match_clause, passage_query, passage_rows
from app.services.pages import Page
from app.services.prepared import text_query

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

Found = tuple[int, Mapping[str, Any]]
"""A text hit: its rank, and its ``search_doc`` row with the record's ``name``/``name_ar``."""


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


@dataclass
class _Run:
    """One search: its query, and what it has already asked the database.

    A search asks each question once: the entity query of the first page serves both
    the check that some name matches and the page itself; the other spellings of what
    the query names, and the names close to it, are looked up at most once.
    """

    session: Session
    q: str
    match: Match
    type: str | None
    entities: tuple[int, list[Found]] | None = None
    """The first page's entity hits: how many were asked for, and the rows."""
    expansion: list[str] | None = None
    close: list[fuzzy.FuzzyName] | None = None
    """Names at least ``fuzzy.SUGGEST`` close to the query (hits need ``fuzzy.FUZZY``)."""

    @property
    def types(self) -> list[str]:
        """The record types the entity query asks for."""
        return [self.type] if self.type else list(ENTITY_TYPES)

    def entity_hits(self, arank: int, aid: int, n: int) -> list[Found]:
        if arank >= 0:  # a later page: its own query
            return _entity_hits(self.session, self.match, self.types, arank, aid, n)
        if self.entities is not None:
            asked, rows = self.entities
            if n <= asked or len(rows) < asked:  # enough rows, or every row there is
                return rows[:n]
        rows = _entity_hits(self.session, self.match, self.types, -1, 0, n)
        self.entities = (n, rows)
        return rows

    def expanded(self) -> list[str]:
        if self.expansion is None:
            self.expansion = _expansion(self.session, self.match, self._named())
        return self.expansion

    def _named(self) -> list[tuple[str, str]] | None:
        """Records the query names exactly, when the first page's entity hits tell (they
        come rank first, so rank 0 is all there when a later rank or the end follows)."""
        if self.entities is None or not set(RESOLVE_TYPES) <= set(self.types):
            return None
        asked, rows = self.entities
        if len(rows) == asked and rows[-1][0] == 0:
            return None
        exact = [(r["record_type"], r["record_id"]) for rank, r in rows if rank == 0]
        return [n for n in dict.fromkeys(exact) if n[0] in RESOLVE_TYPES][:3]

    def closest(self, threshold: float) -> list[fuzzy.FuzzyName]:
        if self.close is None:
            types = [self.type] if self.type else None
            self.close = fuzzy.closest(self.session, self.q, threshold=fuzzy.SUGGEST, types=types)
        return [f for f in self.close if f.similarity >= threshold]


def search(
    session: Session,
    q: str,
    *,
    type: str | None = None,
    after: str | None = None,
    limit: int = 50,
) -> Page:
    """One page of hits for ``q``; an empty page when ``q`` has no letters or digits."""
    return search_or_suggest(session, q, type=type, after=after, limit=limit)[0]


def search_or_suggest(
    session: Session,
    q: str,
    *,
    type: str | None = None,
    after: str | None = None,
    limit: int = 50,
) -> tuple[Page, list[dict[str, Any]]]:
    """One page of hits for ``q``, and "did you mean" suggestions when a first page is empty.

    First the hits computed in Python (figures by value, then fuzzy names when no
    name matches), then the index's hits (names, text about records, passages).
    """
    given, arank, aid = parse_cursor(after)
    match = Match.of(q)
    if not match:
        return Page([], None), []
    run = _Run(session, q, match, type)
    first = _first_hits(run, limit)
    exclude = {(h["type"], h["id"]) for h in first}
    items: list[dict[str, Any]] = []
    if given >= 0:
        items = first[given : given + limit]
        if len(first) > given + limit:
            return Page(items, f"p:{given + limit}"), []
    found, more = _text_hits(run, arank, aid, limit - len(items), exclude)
    items += _decorate(run, found)
    if more:
        return Page(items, f"{found[-1][0]}:{found[-1][1]['id']}" if found else "0:0"), []
    if items or after is not None:
        return Page(items, None), []
    return Page([], None), _suggestions(run)


def _first_hits(run: _Run, limit: int) -> list[dict[str, Any]]:
    """Figures the query's numbers admit, then (no name matching) names close to it."""
    out: list[dict[str, Any]] = []
    if run.type in (None, "figure"):
        out += numeric.decorate(run.session, numeric.figure_hits(run.session, run.q))
    if run.type is None or run.type in fuzzy.TYPES:
        names = run.entity_hits(-1, 0, limit + 1)
        if not (names and names[0][0] <= NAME_RANK) and not out:
            out += _fuzzy_hits(run)
    return out


def _fuzzy_hits(run: _Run) -> list[dict[str, Any]]:
    close = run.closest(fuzzy.FUZZY)
    if not close:
        return []
    ids = "SELECT id, 0 AS rnk FROM search_doc WHERE id IN :ids"
    rows = text_query(_with_names(ids), NAMED_KEYS, "ids").dicts(
        run.session, {"ids": [f.doc_id for f in close]}
    )
    docs = {r["id"]: r for r in rows}
    match = Match.of(run.q, stems=False)
    out = []
    for f in close:
        doc = docs[f.doc_id]
        hit = _hit(run, doc, FUZZY_RANK, _name_of(doc), match)
        span = highlight.Span(0, len(hit["snippet"])) if hit["highlight"] is None else None
        if span is not None:  # the whole name: its words are only close to the query's
            hit["highlight"] = {"start": span.start, "end": span.end}
        out.append({**hit, "match": "fuzzy", "similarity": f.similarity})
        out[-1]["score"] = round(0.6 * f.similarity, 2)
    return out


def _suggestions(run: _Run) -> list[dict[str, Any]]:
    """ "Did you mean": the names closest to the query (similarity >= fuzzy.SUGGEST), at
    most 5, whatever the type asked."""
    close = (
        run.close
        if run.type is None and run.close is not None
        else fuzzy.closest(run.session, run.q, threshold=fuzzy.SUGGEST)
    )[:5]
    names = names_of(
        run.session, [{"record_type": f.record_type, "record_id": f.record_id} for f in close]
    )
    return [fuzzy.suggestion(f, names) for f in close]


def _text_hits(
    run: _Run, arank: int, aid: int, limit: int, exclude: set[tuple[str, str]]
) -> tuple[list[Found], bool]:
    """Index hits after ``(arank, aid)``: ``limit`` of them, and whether more follow."""
    found: list[Found] = []
    spare = len(exclude)
    if run.type != "source" and arank < PASSAGE_RANK:
        found += run.entity_hits(arank, aid, limit + 1 + spare)
        if exclude:
            found = [(r, d) for r, d in found if (d["record_type"], d["record_id"]) not in exclude]
    if run.type in (None, "source") and len(found) <= limit:
        wide = Match.of(run.q, run.expanded())
        after_id = aid if arank == PASSAGE_RANK else 0
        rows = passage_rows(
            run.session,
            wide,
            after=after_id,
            limit=limit + 1 - len(found),
            wrap=lambda ids: _with_names(ids, PASSAGE_RANK),
            keys=NAMED_KEYS,
        )
        found += [(PASSAGE_RANK, row) for row in rows]
    return found[: max(limit, 0)], len(found) > limit


_NAMED = ("partner", "initiative", "person", "event", "figure", "source")
NAMED_KEYS = (
    *("rnk", "id", "record_type", "record_id", "field", "text", "source_id", "start", "end"),
    *("alias_kind", "name", "name_ar"),
)
"""The columns of :func:`_with_names`'s rows."""


def _with_names(ids_sql: str, rank: int | None = None) -> str:
    """SQL of the ``search_doc`` rows whose ids (and ranks: column ``rnk``, else ``rank``)
    ``ids_sql`` selects, in rank and id order, with their record's ``name`` and ``name_ar``."""
    joins, names, names_ar = [], [], []
    for n, rtype in enumerate(_NAMED):  # tables of the schema, not the client's words
        col, col_ar = _NAME_COLUMNS.get(rtype, ("name", "name_ar"))
        joins.append(
            f"LEFT JOIN {rtype} n{n} ON d.record_type = '{rtype}' AND n{n}.id = d.record_id"
        )
        names.append(f"n{n}.{col}")
        if col_ar:
            names_ar.append(f"n{n}.{col_ar}")
    rnk = "h.rnk" if rank is None else str(rank)
    return (
        f"SELECT {rnk} AS rnk, d.id, d.record_type, d.record_id, d.field, d.text, d.source_id, "
        f'd.start, d."end", d.alias_kind, COALESCE({", ".join(names)}) AS name, '
        f"COALESCE({', '.join(names_ar)}) AS name_ar "
        f"FROM ({ids_sql}) h JOIN search_doc d ON d.id = h.id {' '.join(joins)} "
        "ORDER BY rnk, d.id"  # the output's rnk: a bare 4 would mean its 4th column
    )


def _entity_hits(
    session: Session, match: Match, types: list[str], arank: int, aid: int, n: int
) -> list[Found]:
    sql, params, typed = _entity_sql(session, match, types, named=True)
    params |= {"key": match.key, "klen": len(match.key), "arank": arank, "aid": aid, "n": n}
    if typed:
        params["types"] = types
    rows = text_query(sql, NAMED_KEYS, "types" if typed else None).dicts(session, params)
    return [(int(r["rnk"]), r) for r in rows]


def _entity_sql(
    session: Session, match: Match, types: list[str], *, named: bool = False
) -> tuple[str, dict[str, Any], bool]:
    """The ranked, one-hit-per-record query (its ids and ranks, or with ``named`` its rows
    and their names), its parameters, and whether it filters by type (``:types``, a list):
    only when that narrows."""
    cond, params = match_clause(session, match, (NAME, ABOUT))
    typed = not set(types) >= set(ENTITY_TYPES)
    sql = _ENTITY_SQL.format(cond=cond, types=" AND d.record_type IN :types" if typed else "")
    return (_with_names(sql) if named else sql), params, typed


def _expansion(
    session: Session, match: Match, named: list[tuple[str, str]] | None = None
) -> list[str]:
    """Other spellings of the records the query names exactly (so «Jazari» finds «الجزري»);
    ``named``: those records, when the caller knows them."""
    d = T["search_doc"].c
    if named is None:
        found = (
            select(d.record_type, d.record_id)
            .where(d.tier == NAME, d.text_key == match.key)
            .where(d.record_type.in_(RESOLVE_TYPES))
            .distinct()
            .limit(3)
        )
        records: Any = found
    elif not named:
        return []
    else:
        records = named
    keys = session.scalars(
        select(d.text_key)
        .where(d.tier == NAME, tuple_(d.record_type, d.record_id).in_(records))
        .order_by(d.id)
        .limit(MAX_EXPANSION)
    )
    return list(dict.fromkeys(keys))


def _decorate(run: _Run, found: list[Found]) -> list[dict[str, Any]]:
    return [_hit(run, doc, rank, _name_of(doc), run.match) for rank, doc in found]


def _name_of(doc: Mapping[str, Any]) -> dict[tuple[str, str], tuple[str, str | None]]:
    """The hit's record's name, as ``_with_names`` found it (none: the record's id)."""
    if doc["name"] is None:
        return {}
    return {(doc["record_type"], doc["record_id"]): (doc["name"], doc["name_ar"])}


_NAME_COLUMNS: dict[str, tuple[str, str | None]] = {
    "figure": ("label", None),
    "source": ("id", "title"),
}
"""Columns shown as a hit's ``name``/``name_ar`` where they are not ``name``/``name_ar``."""


def names_of(session: Session, docs: list[Any]) -> dict[tuple[str, str], tuple[str, str | None]]:
    """Each record's ``name`` and ``name_ar`` (one query, whatever the types)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        wanted[doc["record_type"]].add(doc["record_id"])
    if not wanted:
        return {}
    parts: list[str] = []
    binds: list[BindParameter[Any]] = []
    for n, (rtype, ids) in enumerate(sorted(wanted.items())):
        t = T[rtype]  # a table of the schema: the name is not the client's
        col, col_ar = _NAME_COLUMNS.get(rtype, ("name", "name_ar"))
        parts.append(
            f"SELECT '{rtype}' AS t, id, {col} AS name, {col_ar or 'NULL'} AS name_ar "
            f"FROM {t.name} WHERE id IN :ids{n}"
        )
        binds.append(bindparam(f"ids{n}", list(ids), expanding=True))
    stmt = text(" UNION ALL ".join(parts)).bindparams(*binds)
    return {(rtype, rid): (name, name_ar) for rtype, rid, name, name_ar in session.execute(stmt)}


def _hit(
    run: _Run,
    doc: Any,
    rank: int,
    names: dict[tuple[str, str], tuple[str, str | None]],
    match: Match,
) -> dict[str, Any]:
    body: str = doc["text"]
    span, via = _locate(run, body, match, rank == PASSAGE_RANK)
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
    run: _Run, body: str, match: Match, expand: bool
) -> tuple[highlight.Span | None, str | None]:
    """Where the query (else, for a passage, another spelling of what it names) is in ``body``.

    The second value is that other spelling's key, or ``None`` for the query itself.
    """
    span = highlight.find(body, [list(a) for a in match.alternatives])
    if span is None:
        span = highlight.find_stem(body, [keys for _, keys in match.stems])
    if span is not None or not expand:
        return span, None
    keys = run.expanded()
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
    entity_sql, params, _ = _entity_sql(session, match, list(ENTITY_TYPES))
    entity = text(prefix + entity_sql)
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
