"""Keyset pagination shared by every list: ``ORDER BY id`` and ``id > :after``.

Also the one place retracted records are hidden: :func:`keyset` (lists) and
:func:`visible` (single-record reads and embeds) add ``retracted_at IS NULL`` unless the
request is a curator's ``?include_retracted=true`` (:data:`SHOW_RETRACTED`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Result, Select, Table, bindparam, select
from sqlmodel import Session

from app.errors import NotFound
from app.services.prepared import Prepared, once

SHOW_RETRACTED: ContextVar[bool] = ContextVar("masdar_show_retracted", default=False)
"""True only while serving a curator who asked ``?include_retracted=true``; set per request
by ``app.api.auth.retraction_scope`` (HTTP) and never by the seeder or the exporter."""


def visible(table: Table) -> list[ColumnElement[bool]]:
    """The WHERE clause that hides retracted rows of ``table`` (none for tables without
    ``retracted_at``, or when :data:`SHOW_RETRACTED` is set)."""
    if SHOW_RETRACTED.get() or "retracted_at" not in table.c:
        return []
    if (hide := _HIDE.get(table.name)) is None:  # building the clause costs 8 µs a call
        hide = _HIDE[table.name] = [table.c.retracted_at.is_(None)]
    return hide  # shared: callers unpack it, never change it


_HIDE: dict[str, list[ColumnElement[bool]]] = {}


def record(row: Mapping[str, Any] | Any) -> dict[str, Any]:
    """A row as a dict, with ``retracted_at`` as ISO 8601 text (UTC) when present."""
    return _iso_retracted(dict(row))


def one_record(session: Session, table: Table, rid: str, noun: str) -> dict[str, Any]:
    """The row of ``table`` with id ``rid`` as :func:`record` makes it, if :func:`visible`
    shows it; else a 404 naming ``noun``. The statement is prepared once per table and
    visibility: a write answers with this read, and building it cost more than running it."""
    show = bool(SHOW_RETRACTED.get())

    def build() -> Select[Any]:
        return table.select().where(table.c.id == bindparam("id"), *visible(table))

    rows = once(("one", table.name, show), build).dicts(session, {"id": rid})
    if not rows:
        raise NotFound(f"No {noun} with id {rid!r}.")
    return _iso_retracted(rows[0])


def _iso_retracted(out: dict[str, Any]) -> dict[str, Any]:
    at = out.get("retracted_at")
    if isinstance(at, datetime):
        out["retracted_at"] = (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat()
    return out


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_key: str | None
    facets: dict[str, list[dict[str, Any]]] | None = None
    """Value counts over the whole filtered set, when the client asked (``?facets=``)."""
    writer: Callable[[], list[dict[str, Any]]] | None = None
    """The items as their model's JSON, when the service left writing them to the event
    loop (app/api/lists.py ``respond``)."""


def dicts(result: Result[Any]) -> list[dict[str, Any]]:
    """Every row of ``result`` as a plain dict (faster than ``.mappings()`` and ``dict``)."""
    keys = tuple(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.all()]


_UNFILTERED: dict[tuple[int, str, bool, bool], tuple[Select[Any], Prepared]] = {}
"""Page statements of unfiltered lists, built once: (base statement, table, hide retracted,
has cursor) -> (base, statement with ``:after`` and ``:limit`` parameters, run on the
driver's cursor: app/services/prepared.py). Building and cache-keying a statement costs
about as much as running it on the real data. Base statements are module-level
constants; the cap keeps a caller that builds its base per request from growing the
cache (it then just builds its page statement every time)."""
_UNFILTERED_MAX = 64


def _page_statement(
    stmt: Select[Any],
    table: Table,
    where: list[ColumnElement[bool]],
    hidden: list[ColumnElement[bool]],
    after: str | None,
) -> Select[Any] | Prepared:
    key = (id(stmt), table.name, bool(hidden), after is not None)
    if not where and (cached := _UNFILTERED.get(key)) is not None and cached[0] is stmt:
        return cached[1]
    clauses = [*where, *hidden]
    if after is not None:
        clauses.append(table.c.id > bindparam("after"))
    built = stmt.where(*clauses).order_by(table.c.id).limit(bindparam("limit"))
    if not where and len(_UNFILTERED) < _UNFILTERED_MAX:
        prepared = Prepared(built)
        _UNFILTERED[key] = (stmt, prepared)
        return prepared
    return built


def keyset(
    session: Session,
    table: Table,
    where: list[ColumnElement[bool]],
    *,
    after: str | None,
    limit: int,
    stmt: Select[Any] | None = None,
) -> Page:
    """One page of ``table`` rows as dicts; fetches ``limit + 1`` to know if more exist."""
    hidden = visible(table)
    base = stmt if stmt is not None else _select_all(table)
    built = _page_statement(base, table, where, hidden, after)
    params: dict[str, Any] = {"limit": limit + 1}
    if after is not None:
        params["after"] = after
    if isinstance(built, Prepared):
        found = built.dicts(session, params)
    else:
        found = dicts(session.execute(built, params))
    # retracted_at is null on every row when retracted rows are hidden
    rows = found if hidden else [_iso_retracted(r) for r in found]
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1]["id"] if more else None)


_SELECT_ALL: dict[str, Select[Any]] = {}


def _select_all(table: Table) -> Select[Any]:
    if (stmt := _SELECT_ALL.get(table.name)) is None:
        stmt = _SELECT_ALL[table.name] = select(table)
    return stmt
