"""Build the ``search_doc`` index (app/search/query.py turns queries into SQL over it).

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
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, bindparam, delete, func, insert, or_, select, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from app.models.search import SearchDoc
from app.search import stem
from app.search.normalize import name_key
from app.services.prepared import Prepared, once

__all__ = [
    "FTS_TABLE",
    "affected",
    "build_docs",
    "include_object",
    "is_sqlite",
    "passages",
    "rebuild",
    "update",
]

FTS_TABLE = "search_fts"
FTS_SHADOW = ("_data", "_idx", "_docsize", "_config", "_content")
T = SQLModel.metadata.tables

NAME, ABOUT, PASSAGE = 0, 1, 2
"""Stored ``tier`` values: names and aliases, text about a record, article passages."""

NAMED_TYPES = ("partner", "initiative", "person", "event")
ENTITY_TYPES = (*NAMED_TYPES, "figure")
RECORD_TYPES = ("source", *ENTITY_TYPES)
"""Record types that can be retracted (``retracted_at``)."""
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
#
# One set of builders makes every row, for a *scope*: ``None`` (everything the
# database holds) or some records (``{record_type: {id, …}}``). The full rebuild
# is the builders over everything; a write re-runs them over the records it
# touched (``update``), so both make the same rows by construction. ``_Docs.add``
# is the one place a row is made (its ``text_key`` included).

Scope = Mapping[str, Collection[str]] | None
"""Which records to build rows for: ``None`` for all, else ids by record type."""


@dataclass
class _Docs:
    rows: list[dict[str, Any]]
    hidden: frozenset[tuple[str, str]] = frozenset()
    """Retracted records (``("source", id)`` hides the rows quoting that article too)."""

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
        if not value or (rtype, rid) in self.hidden or ("source", source_id) in self.hidden:
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


def _prepared(
    key: tuple[str, ...], build: Callable[[], Select[Any]], expanding: str | None = "ids"
) -> Prepared:
    """A scoped build's statement (a write's), built once and run on the driver's cursor:
    a write's index update ran a dozen statements built per call, and building and running
    them through SQLAlchemy was most of its cost (app/services/prepared.py)."""
    return once(("search-index", *key), build, expanding)


def _ids(scope: Mapping[str, Collection[str]], rtype: str) -> list[str]:
    return sorted(scope.get(rtype) or ())


def _in_ids(col: Any) -> Any:
    return col.in_(bindparam("ids", expanding=True))


def _rows(session: Session, table: str, scope: Scope, *cols: str, rtype: str = "") -> list[Any]:
    """``cols`` of ``table`` for the records of ``scope`` (``cols[0]`` is the record id)."""
    t = T[table].c
    if scope is None:
        return list(session.execute(select(*(t[c] for c in cols)).order_by(t[cols[0]])))
    ids = _ids(scope, rtype or table)
    if not ids:
        return []

    def build() -> Select[Any]:
        return select(*(t[c] for c in cols)).where(_in_ids(t[cols[0]])).order_by(t[cols[0]])

    return _prepared(("rows", table, *cols), build).rows(session, {"ids": ids})


def _owned_rows(
    session: Session,
    key: str,
    build: Callable[[], Select[Any]],
    table: str,
    scope: Scope,
    types: Collection[str] | None = None,
) -> list[Any]:
    """The rows of ``build()`` (a SELECT of ``table``, which names its record by
    ``(record_type, record_id)``) that belong to the records of ``scope`` (of ``types``
    only, when given). A scope of one record type (a write's, nearly always) runs a
    statement prepared once; the order is the statement's own either way."""
    t = T[table].c
    if scope is None:
        stmt = build()
        return list(
            session.execute(stmt if types is None else stmt.where(t.record_type.in_(types)))
        )
    scope = {r: ids for r, ids in scope.items() if ids and (types is None or r in types)}
    if len(scope) == 1:  # (an initiative's scope names its figures, often none)
        ((rtype, ids),) = scope.items()

        def one_type() -> Select[Any]:
            return build().where(t.record_type == bindparam("type"), _in_ids(t.record_id))

        return _prepared(("owned", key), one_type).rows(
            session, {"type": rtype, "ids": sorted(ids)}
        )
    owned = [and_(t.record_type == r, t.record_id.in_(sorted(ids))) for r, ids in scope.items()]
    return list(session.execute(build().where(or_(*owned)))) if owned else []


def _retracted(table: str, *, among_ids: bool = False) -> Callable[[], Select[Any]]:
    """Builds the SELECT of ``table``'s retracted ids (among ``:ids`` if asked)."""

    def build() -> Select[Any]:
        t = T[table].c
        stmt = select(t.id).where(t.retracted_at.is_not(None))
        return stmt.where(_in_ids(t.id)) if among_ids else stmt

    return build


def _hidden(session: Session, scope: Scope) -> frozenset[tuple[str, str]]:
    """Retracted records of ``scope`` and every retracted article: they have no rows."""
    out: set[tuple[str, str]] = set()
    for table in RECORD_TYPES:
        if table == "source" or scope is None:
            found = _prepared(("hidden", table), _retracted(table), None).rows(session)
        elif ids := _ids(scope, table):
            built = _retracted(table, among_ids=True)
            found = _prepared(("hidden-in", table), built).rows(session, {"ids": ids})
        else:
            continue
        out |= {(table, rid) for (rid,) in found}
    return frozenset(out)


def build_docs(session: Session, scope: Scope = None) -> list[dict[str, Any]]:
    """The ``search_doc`` rows of the live records in ``scope`` (all by default), numbered
    from 1: names, then text about records, then article passages (so within a rank,
    hits come in seed order)."""
    docs = _Docs([], _hidden(session, scope))
    _name_docs(session, docs, scope)
    _about_docs(session, docs, scope)
    for sid, body in _rows(session, "source", scope, "id", "text"):
        _passage_docs(docs, sid, body)
    return docs.rows


def add_passages(rows: list[dict[str, Any]], source_id: str, body: str) -> None:
    """Append the passage rows of one article (used by the benchmark)."""
    _passage_docs(_Docs(rows), source_id, body)


def _passage_docs(docs: _Docs, source_id: str, body: str) -> None:
    for start, end in passages(body):
        docs.add(
            "source", source_id, "text", PASSAGE, body[start:end], source_id=source_id, start=start
        )


def _name_docs(session: Session, docs: _Docs, scope: Scope) -> None:
    names: dict[tuple[str, str], tuple[str, str | None]] = {}
    for rtype in NAMED_TYPES:
        for rid, name, name_ar in _rows(session, rtype, scope, "id", "name", "name_ar"):
            names[(rtype, rid)] = (name, name_ar)
    a = T["alias"].c

    def aliases() -> Select[Any]:
        return select(a.record_type, a.record_id, a.text, a.kind, a.source_id).order_by(a.id)

    for rtype, rid, value, kind, source_id in _owned_rows(
        session, "alias", aliases, "alias", scope
    ):
        name, name_ar = names.get((rtype, rid), (None, None))
        field = "name" if value == name else "name_ar" if value == name_ar else "alias"
        docs.add(rtype, rid, field, NAME, value, source_id=source_id, alias_kind=kind)
    for fid, label in _rows(session, "figure", scope, "id", "label"):
        docs.add("figure", fid, "label", NAME, label)


def _about_docs(session: Session, docs: _Docs, scope: Scope) -> None:
    for rtype in NAMED_TYPES:
        for rid, description in _rows(session, rtype, scope, "id", "description"):
            docs.add(rtype, rid, "description", ABOUT, description)
    places = ("region", "region_ar", "location", "location_ar")
    for rid, *values in _rows(session, "initiative", scope, "id", *places):
        for value in values:
            docs.add("initiative", rid, "place", ABOUT, value)
    for rid, place, place_ar in _rows(session, "event", scope, "id", "place", "place_ar"):
        docs.add("event", rid, "place", ABOUT, place)
        docs.add("event", rid, "place", ABOUT, place_ar)
    roles = _rows(session, "person_role", scope, "person_id", "title_ar", "title", rtype="person")
    for pid, title_ar, title in roles:
        docs.add("person", pid, "role", ABOUT, title_ar)
        docs.add("person", pid, "role", ABOUT, title)
    f, i = T["figure"].c, T["initiative"].c

    def subjects() -> Select[Any]:
        stmt = select(f.id, f.metric, i.name, i.name_ar).join(T["initiative"], i.id == f.subject_id)
        return stmt.order_by(f.id)

    if scope is None:
        figures = list(session.execute(subjects()))
    elif ids := _ids(scope, "figure"):
        figures = _prepared(("subjects",), lambda: subjects().where(_in_ids(f.id))).rows(
            session, {"ids": ids}
        )
    else:
        figures = []
    for fid, metric, subject, subject_ar in figures:
        docs.add("figure", fid, "metric", ABOUT, metric.replace("_", " "))
        docs.add("figure", fid, "subject", ABOUT, subject)
        docs.add("figure", fid, "subject", ABOUT, subject_ar)
    c = T["citation"].c

    def quotes() -> Select[Any]:
        return select(c.record_type, c.record_id, c.quote, c.source_id, c.start).order_by(c.id)

    cited = _owned_rows(session, "quote", quotes, "citation", scope, ENTITY_TYPES)
    for rtype, rid, quote, source_id, start in cited:
        docs.add(rtype, rid, "quote", ABOUT, quote, source_id=source_id, start=start)


def affected(session: Session, rtype: str, rid: str) -> dict[str, set[str]]:
    """The records whose rows a write of ``rtype`` ``rid`` can change: itself, the
    figures naming an initiative as their subject (their ``subject`` rows hold its
    names), and the records whose aliases an article attests (a retracted article
    hides them). Citations need no such care: an article cited by a live record
    cannot be retracted, and a cited text cannot change."""
    out: dict[str, set[str]] = {rtype: {rid}}
    if rtype == "initiative":
        f = T["figure"].c
        out["figure"] = set(session.scalars(select(f.id).where(f.subject_id == rid)))
    if rtype == "source":
        a = T["alias"].c
        for t, i in session.execute(select(a.record_type, a.record_id).where(a.source_id == rid)):
            out.setdefault(t, set()).add(i)
    return out


def rebuild(session: Session) -> int:
    """Replace the index with one built from the current tables, in the caller's transaction.

    Returns the number of rows written.
    """
    rows = build_docs(session)
    write(session, rows)
    return len(rows)


def update(session: Session, scope: Mapping[str, Collection[str]], *, new: bool = False) -> int:
    """Replace the rows of the records in ``scope`` (see ``affected``) with freshly built
    ones, in the caller's transaction: the incremental form of ``rebuild``, for writes.

    New rows take ids after the largest one, so the records a write touched come last
    within their rank (as a new record does), and the FTS5 table follows row by row.
    ``new``: every record of ``scope`` was created in this transaction, so none has rows
    to replace. Returns the number of rows written.
    """
    d = T["search_doc"].c
    if not any(scope.values()):
        return 0

    def old_rows() -> Select[Any]:
        return select(d.id, d.text_key, d.tier, d.stem_key)

    old = [
        {"id": i, "text_key": k, "tier": t, "stem_key": s}
        for i, k, t, s in (
            [] if new else _owned_rows(session, "old", old_rows, "search_doc", scope)
        )
    ]
    sqlite = is_sqlite(session)
    if old:
        if sqlite:  # an external-content FTS5 table forgets a row given all its old values
            session.execute(
                text(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text_key, tier, stem_key) "
                    "VALUES ('delete', :id, :text_key, :tier, :stem_key)"
                ),
                old,
            )
        session.execute(delete(SearchDoc).where(d.id.in_([r["id"] for r in old])))
    rows = build_docs(session, scope)
    if rows:
        top = _prepared(("top",), lambda: select(func.max(d.id)), None).rows(session)[0][0] or 0
        top = max(top, max((r["id"] for r in old), default=0))
        for r in rows:
            r["id"] += top
        session.execute(insert(T["search_doc"]), rows)
        if sqlite:
            session.execute(
                text(
                    f"INSERT INTO {FTS_TABLE}(rowid, text_key, tier, stem_key) "
                    "VALUES (:id, :k, :t, :s)"
                ),
                [
                    {"id": r["id"], "k": r["text_key"], "t": r["tier"], "s": r["stem_key"]}
                    for r in rows
                ],
            )
    return len(rows)


def write(session: Session, rows: list[dict[str, Any]]) -> None:
    """Replace all ``search_doc`` rows with ``rows`` and bring the FTS5 table up to date."""
    session.execute(delete(SearchDoc))
    for chunk in range(0, len(rows), 5000):
        session.execute(insert(SearchDoc), rows[chunk : chunk + 5000])
    if is_sqlite(session):
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
