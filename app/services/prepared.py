"""Hot read statements, compiled once per database and run on the driver's cursor.

``session.execute(stmt)`` on a statement built once still costs about 50 µs of Python per
call before and after the database's own work (execution context, parameter processing,
result metadata, row objects), and rendering an expanding ``IN`` costs as much again. A
page of figures runs three such statements, so that overhead was a third of the page.

:class:`Prepared` keeps, per dialect and per length of its one expanding ``IN`` list,
the SQL string SQLAlchemy renders and a plan that puts the parameters in the order the
driver wants; it then runs the driver's cursor directly and applies the result
processors SQLAlchemy would (SQLite's booleans and datetimes). What SQLAlchemy does
around a statement is kept where it matters:

- a driver error becomes SQLAlchemy's ``DBAPIError`` subclass, and a lost connection is
  invalidated, so the app's 503 handlers and pool recovery see what they always see;
- a statement SQLAlchemy renders per call (literal-rendered parameters), or an engine
  with cursor-execute listeners (instrumentation, tests/api/test_queries.py), goes
  through ``session.execute`` as before.

``tests/api/test_prepared.py`` holds the prepared statements' rows equal, value and
type, to ``session.execute``'s on SQLite and PostgreSQL (those of the page lists, of
search, and of a write's reads).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select, TextualSelect, bindparam, text
from sqlalchemy import column as named_column
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeEngine
from sqlmodel import Session

from app.db import broken_file
from app.services.recent import Recent

Processor = Callable[[Any], Any] | None
Step = tuple[str, str | None, int | None, Processor, Any]
"""Where one driver parameter comes from: (driver key, the caller's parameter name, index
in its expanding list, bind processor, value when the statement holds it: name None)."""


class _Form:
    """One rendering: SQL text and where each driver parameter comes from."""

    __slots__ = ("sql", "positional", "plan", "types", "processors", "makers")

    def __init__(
        self,
        sql: str,
        positional: bool,
        plan: list[Step],
        types: list[TypeEngine[Any]],
    ) -> None:
        self.sql = sql
        self.positional = positional
        self.plan = plan
        self.types = types  # of the selected columns, for their result processors
        self.processors: list[tuple[int, Callable[[Any], Any]]] | None = None
        self.makers: dict[int, Callable[[Any], dict[str, Any]]] = {}

    def args(self, params: Mapping[str, Any]) -> Any:
        values = []
        for _, name, index, process, constant in self.plan:
            if name is None:
                values.append(constant)
                continue
            value = params[name] if index is None else params[name][index]
            values.append(value if process is None else process(value))
        if self.positional:
            return values
        return {key: value for (key, *_), value in zip(self.plan, values, strict=True)}


class Prepared:
    """A Core SELECT that runs on the DB-API cursor (see the module docstring)."""

    def __init__(
        self, statement: Select[Any] | TextualSelect, expanding: str | None = None
    ) -> None:
        """``expanding`` names the statement's one ``bindparam(..., expanding=True)``."""
        self.statement = statement
        self.keys = tuple(statement.selected_columns.keys())
        self._expanding = [expanding] if expanding else []
        self._names: set[str] = set()
        """Named parameters of the statement; a call without one of them (its default
        applies) goes through SQLAlchemy."""
        self._forms: dict[tuple[type[Dialect], str, int], _Form | None] = {}
        self._makers: dict[int, Callable[[Any], dict[str, Any]]] = {}

    def _fetch(
        self, session: Session, params: Mapping[str, Any] | None
    ) -> tuple[list[Any], _Form | None]:
        """The driver's rows and the form that ran them (whose ``processors`` are still to
        apply), or SQLAlchemy's rows (already converted) and None."""
        params = params or {}
        bound = session.bind  # a read's session is bound to its connection (deps.read_session)
        conn = bound if isinstance(bound, Connection) else session.connection()
        form = None
        if not (conn.dispatch.before_cursor_execute or conn.dispatch.after_cursor_execute):
            dialect = conn.dialect
            n = len(params[self._expanding[0]]) if self._expanding else 0
            key = (type(dialect), dialect.paramstyle, n)  # not id(): ids are reused
            form = self._forms[key] if key in self._forms else self._render(dialect, params, key)
        if form is None or not self._names.issubset(params):  # SQLAlchemy's way
            return [tuple(r) for r in session.execute(self.statement, dict(params))], None
        return _run(conn, form, form.args(params)), form

    def rows(self, session: Session, params: Mapping[str, Any] | None = None) -> list[Any]:
        """The result rows as tuples, in ``keys`` order."""
        rows, form = self._fetch(session, params)
        if form is None or not form.processors:
            return rows
        out = []
        for row in rows:
            values = list(row)
            for i, process in form.processors:
                values[i] = process(values[i])
            out.append(tuple(values))
        return out

    def dicts(
        self, session: Session, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """The result rows as dicts keyed by ``keys``."""
        rows, form = self._fetch(session, params)
        make = self._maker(form, 0)
        return [make(row) for row in rows]

    def grouped(
        self, session: Session, params: Mapping[str, Any] | None = None
    ) -> dict[Any, list[dict[str, Any]]]:
        """Rows grouped by their first column, each as a dict of the other columns."""
        rows, form = self._fetch(session, params)
        make = self._maker(form, 1)
        out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            out[row[0]].append(make(row))
        return out

    def _maker(self, form: _Form | None, start: int) -> Callable[[Any], dict[str, Any]]:
        """A row -> dict function written for these columns (a dict display is three times
        faster than ``dict(zip(keys, row))``), with the form's result processors in it."""
        makers = form.makers if form is not None else self._makers
        if (make := makers.get(start)) is None:
            processors = dict(form.processors or []) if form is not None else {}
            env: dict[str, Any] = {}
            entries = []
            for i, key in enumerate(self.keys[start:], start):
                if i in processors:
                    env[f"p{i}"] = processors[i]
                    entries.append(f"{key!r}: p{i}(row[{i}])")
                else:
                    entries.append(f"{key!r}: row[{i}]")
            source = "def make(row):\n    return {" + ", ".join(entries) + "}\n"
            exec(compile(source, "<prepared row>", "exec"), env)  # noqa: S102 (our own source)
            make = makers[start] = env["make"]
        return make

    def _render(
        self, dialect: Dialect, params: Mapping[str, Any], key: tuple[type[Dialect], str, int]
    ) -> _Form | None:
        compiled = self.statement.compile(dialect=dialect)
        expanding = sorted(name for name, b in compiled.binds.items() if b.expanding)
        if expanding != self._expanding:
            raise ValueError(f"expanding parameters {expanding}, declared {self._expanding}")
        if compiled.literal_execute_params or any(
            b.key not in self._expanding for b in compiled.post_compile_params
        ):
            self._forms[key] = None
            return None
        state = compiled.construct_expanded_state(dict(params))
        unescape = {v: k for k, v in (compiled.escaped_bind_names or {}).items()}
        source: dict[str, tuple[str, int | None]] = {}
        for name, expanded in state.parameter_expansion.items():
            for i, each in enumerate(expanded):
                source[each] = (unescape.get(name, name), i)
        order: Sequence[str] = (
            state.positiontup
            if compiled.positional and state.positiontup
            else list(state.parameters)
        )
        # SQLAlchemy converts each parameter with its type's bind processor (a datetime
        # for SQLite, say): the expanded ones are in the state, the others on the compiled
        processors = {**compiled._bind_processors, **state.processors}
        binds = {b.key: b for b in compiled.binds.values()}
        plan: list[Step] = []
        for each in order:
            name, index = source.get(each, (unescape.get(each, each), None))
            found = processors.get(each) or processors.get(name)
            bind = binds.get(name)
            process = found if callable(found) else None
            if found is not process or (bind is not None and bind.callable is not None):
                # a tuple IN (one processor per member) or a value computed per execution
                self._forms[key] = None
                return None
            if bind is not None and not bind.unique:  # a named parameter: the caller's
                self._names.add(name)
                plan.append((each, name, index, process, None))
            else:  # an anonymous value written into the statement (``col == "figure"``)
                value = state.parameters[each]
                plan.append((each, None, None, None, value if process is None else process(value)))
        types = [c.type for c in self.statement.selected_columns]
        form = _Form(state.statement, bool(compiled.positional), plan, types)
        self._forms[key] = form
        return form


_ONCE: dict[Hashable, Prepared] = {}


def once(key: Hashable, build: Callable[[], Select[Any]], expanding: str | None = None) -> Prepared:
    """The statement ``build()`` makes, built and prepared at the first call with ``key``
    (which must name everything the statement depends on): for statements whose shape
    depends on an argument (a table, a record type), where a module constant cannot be."""
    found = _ONCE.get(key)
    if found is None:
        found = _ONCE[key] = Prepared(build(), expanding=expanding)
    return found


_TEXTS: Recent[Prepared] = Recent(256)
"""Textual statements kept prepared (:func:`text_query`), the most recently used."""


def text_query(sql: str, keys: Sequence[str], expanding: str | None = None) -> Prepared:
    """``sql`` (a SELECT with ``:name`` parameters, ``expanding`` the one that takes a
    list) prepared, its rows' columns named ``keys`` in order. Search writes its SQL from
    the query's shape (how many words, which of them have stems): the same text comes back
    for every query of that shape, and is rendered for the driver once, not parsed,
    compiled and cache-keyed by SQLAlchemy at every call. The values it returns are the
    driver's, as ``session.execute(text(sql))`` gives them."""

    def make() -> Prepared:
        clause = text(sql)
        if expanding is not None:
            clause = clause.bindparams(bindparam(expanding, expanding=True))
        return Prepared(clause.columns(*(named_column(k) for k in keys)), expanding=expanding)

    return _TEXTS.get((sql, tuple(keys), expanding), make)


def _run(conn: Connection, form: _Form, args: Any) -> list[Any]:
    dialect = conn.dialect
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cursor = None
    try:
        cursor = raw.cursor()
        cursor.execute(form.sql, args)
        rows: list[Any] = cursor.fetchall()  # type: ignore[assignment]  # a list, by DB-API
        if form.processors is None:
            form.processors = _result_processors(dialect, form.types, cursor.description)
    except dialect.loaded_dbapi.Error as err:
        lost = dialect.is_disconnect(err, raw, cursor) or (
            dialect.name == "sqlite" and broken_file(err)
        )
        if lost:
            conn.invalidate(err)
        raise DBAPIError.instance(
            form.sql,
            args,
            err,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from err
    finally:
        if cursor is not None and not conn.invalidated:  # an invalidated one is closed
            cursor.close()
    return rows


def _result_processors(
    dialect: Dialect, types: list[TypeEngine[Any]], description: Any
) -> list[tuple[int, Callable[[Any], Any]]]:
    """The columns SQLAlchemy's result would convert, and how (by the driver's column
    type code, as SQLAlchemy asks)."""
    out: list[tuple[int, Callable[[Any], Any]]] = []
    for i, (type_, column) in enumerate(zip(types, description, strict=True)):
        process = type_.dialect_impl(dialect).result_processor(dialect, column[1])
        if process is not None:
            out.append((i, process))
    return out
