"""Statements run on the driver's cursor (app/services/prepared.py) give SQLAlchemy's rows
on SQLite and on PostgreSQL: same values, same types, same order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

from app.db import make_engine
from app.services import embed, figures, pages
from app.services.prepared import Prepared
from tests.conftest import settings_for


@pytest.fixture(scope="module")
def session(client: TestClient) -> Iterator[Session]:
    for path in ("/v1/figures", "/v1/initiatives", "/v1/partners", "/v1/people", "/v1/events"):
        assert client.get(path + "?limit=3").status_code == 200  # builds the page statements
        first = client.get(path + "?limit=3").json()["next_cursor"]
        assert client.get(f"{path}?limit=3&cursor={first}").status_code == 200
    with Session(client.app.state.engine) as s:  # type: ignore[attr-defined]
        yield s


def _typed(rows: list[Any]) -> list[list[tuple[type, Any]]]:
    return [[(type(v), v) for v in row] for row in rows]


def test_page_statements_match_sqlalchemy(session: Session) -> None:
    built = [prepared for _, prepared in pages._UNFILTERED.values()]
    assert len(built) >= 10
    for prepared in built:
        params: dict[str, Any] = {"limit": 200}
        if "after" in str(prepared.statement):
            params["after"] = ""  # every id sorts after it
        mine = prepared.rows(session, params)
        theirs = [tuple(r) for r in session.execute(prepared.statement, params)]
        assert mine and _typed(mine) == _typed(theirs)


def test_figure_rows_carry_dakhla_as_sqlalchemy_types_it(session: Session) -> None:
    stmt = Prepared(select(figures.F).where(figures.F.c.id == bindparam("id")))
    (row,) = stmt.dicts(session, {"id": "dakhla-capacity-000"})
    assert row["value"] == 500 and row["unit"] == "MW"
    assert row["derived"] is False  # SQLite stores 0: the Boolean result processor ran
    assert row["retracted_at"] is None


def test_expanding_lists_of_every_length(session: Session) -> None:
    ids = [r[0] for r in session.execute(text("SELECT id FROM figure ORDER BY id"))]
    for n in (1, 2, 7, len(ids)):
        mine = figures._INPUTS.rows(session, {"ids": ids[:n]})
        theirs = [tuple(r) for r in session.execute(figures._INPUTS.statement, {"ids": ids[:n]})]
        assert _typed(mine) == _typed(theirs)
    assert any(figures._INPUTS.rows(session, {"ids": ids}))  # some figures are derived


def test_the_names_fuzzy_search_reads(session: Session) -> None:
    from app.search import fuzzy

    for types in (["person"], list(fuzzy.TYPES)):
        mine = fuzzy._NAMES.rows(session, {"types": types})
        theirs = [tuple(r) for r in session.execute(fuzzy._NAMES.statement, {"types": types})]
        assert mine and _typed(mine) == _typed(theirs)
    people = {r[2] for r in fuzzy._NAMES.rows(session, {"types": ["person"]})}
    assert {"ghita-mezzour", "ryad-mezzour", "omar-seghrouchni"} <= people


def test_the_statements_a_value_search_runs(session: Session) -> None:
    from app.search import numeric

    funds = [r[0] for r in session.execute(text("SELECT parent_id FROM fund"))]
    parts = [r[0] for r in session.execute(text("SELECT figure_id FROM fund"))]
    figs = [r[0] for r in session.execute(text("SELECT id FROM figure ORDER BY id"))]
    for name, build, ids in (
        ("components", numeric._components, funds),
        ("sums", numeric._sums, parts),
        ("quotes", numeric._quotes, figs),
    ):
        prepared = numeric._statement(name, build)
        mine = prepared.rows(session, {"ids": ids})
        theirs = [tuple(r) for r in session.execute(prepared.statement, {"ids": ids})]
        assert mine and _typed(mine) == _typed(theirs), name


def test_the_value_range_statements(session: Session) -> None:
    """Each shape of the value search's range query (with a unit or not, closest or
    largest first) gives SQLAlchemy's rows; 1.3 bn MAD comes first of the MAD figures near it."""
    from app.search import numeric

    params = {"low": 1.25e9, "high": 1.35e9, "unit": "MAD", "target": 1.3e9}
    found = {}
    for unit in (False, True):
        for largest in (False, True):
            prepared = numeric._in_range(unit=unit, largest=largest)
            mine = prepared.rows(session, params)
            theirs = [tuple(r) for r in session.execute(prepared.statement, params)]
            assert mine and _typed(mine) == _typed(theirs), (unit, largest)
            found[unit, largest] = mine
    assert found[True, False][0][1:3] == (1.3e9, "MAD")  # closest to 1.3 bn first
    assert {r[2] for r in found[True, False]} == {"MAD"}
    wide = {"low": 1.0, "high": 1e12, "unit": "MW", "target": 500.0}
    closest = numeric._in_range(unit=True, largest=False).dicts(session, wide)
    assert closest[0]["value"] == 500 and closest[0]["id"].startswith("dakhla-capacity")
    largest = numeric._in_range(unit=False, largest=True).rows(session, wide)
    assert [r[1] for r in largest] == sorted((r[1] for r in largest), reverse=True)


def test_the_text_statements_a_search_runs(session: Session) -> None:
    """Search's own SQL (names, passages, fuzzy names by id), prepared by its text: the
    driver's rows are SQLAlchemy's, key by key, and the same text is prepared once."""
    from app.search import numeric, query
    from app.services import prepared as prepared_module
    from app.services import search

    match = query.Match.of("الداخلة")
    for types in (list(search.ENTITY_TYPES), ["initiative"]):
        sql, params, typed = search._entity_sql(session, match, types, named=True)
        params |= {"key": match.key, "klen": len(match.key), "arank": -1, "aid": 0, "n": 51}
        if typed:
            params["types"] = types
        stmt = prepared_module.text_query(sql, search.NAMED_KEYS, "types" if typed else None)
        assert (
            prepared_module.text_query(sql, search.NAMED_KEYS, "types" if typed else None) is stmt
        )
        mine = stmt.dicts(session, params)
        theirs = [dict(r) for r in session.execute(stmt.statement, params).mappings()]
        assert mine and [_typed(list(r.items())) for r in mine] == [
            _typed(list(r.items())) for r in theirs
        ]
        assert ("initiative", "dakhla-data-centre") in {
            (r["record_type"], r["record_id"]) for r in mine
        }
    sql, params = query.passage_query(session, match, after=0, limit=51)
    wrapped = search._with_names(sql, search.PASSAGE_RANK)
    stmt = prepared_module.text_query(wrapped, search.NAMED_KEYS)
    mine = stmt.dicts(session, params)
    theirs = [dict(r) for r in session.execute(stmt.statement, params).mappings()]
    assert mine and mine == theirs
    for row in mine:  # a passage's offsets point into its article
        article = session.execute(
            text("SELECT text FROM source WHERE id = :s"), {"s": row["source_id"]}
        ).scalar_one()
        assert article[row["start"] : row["end"]] == row["text"]
    ids = [r["id"] for r in mine[:3]]
    by_id = prepared_module.text_query(
        search._with_names("SELECT id, 0 AS rnk FROM search_doc WHERE id IN :ids"),
        search.NAMED_KEYS,
        "ids",
    )
    assert [r["id"] for r in by_id.dicts(session, {"ids": ids})] == sorted(ids)
    figs = [r[0] for r in session.execute(text("SELECT id FROM figure ORDER BY id"))]
    narrowed = numeric._narrow(session, "Oracle", figs)  # the words around a number
    assert "oracle-investment-003" in narrowed and "dakhla-capacity-000" not in narrowed


def test_text_statements_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import prepared as prepared_module
    from app.services.recent import Recent

    monkeypatch.setattr(prepared_module, "_TEXTS", Recent(3))
    made = [prepared_module.text_query(f"SELECT {i} AS n", ["n"]) for i in range(5)]
    assert len(prepared_module._TEXTS) == 3
    assert prepared_module.text_query("SELECT 4 AS n", ["n"]) is made[4]  # kept
    assert prepared_module.text_query("SELECT 0 AS n", ["n"]) is not made[0]  # dropped


def test_the_1_3_bn_quote_keeps_its_offsets(session: Session) -> None:
    found = embed.citations(session, "figure", ["no-such"])
    assert found == {}
    ids = [r[0] for r in session.execute(text("SELECT id FROM figure WHERE value = 1300000000"))]
    assert ids
    cites = embed.citations(session, "figure", ids)
    for record_id in ids:
        for c in cites[record_id]:
            source = session.execute(
                text("SELECT text FROM source WHERE id = :s"), {"s": c["source_id"]}
            ).scalar_one()
            assert source[c["start"] : c["end"]] == c["quote"]


def test_a_driver_error_is_sqlalchemys(session: Session, seeded_url: str) -> None:
    engine = make_engine(settings_for(seeded_url))
    broken = Prepared(select(SQLModel.metadata.tables["figure"]).where(text("no_such_column = 1")))
    with Session(engine) as s, pytest.raises(DBAPIError):
        broken.rows(s)
    engine.dispose()


def test_typed_parameters_and_constants_are_converted_as_sqlalchemy_does(
    session: Session,
) -> None:
    from datetime import datetime

    from sqlalchemy import DateTime

    fig = figures.F.c
    stmt = Prepared(
        select(fig.id)
        .where(
            fig.kind == "fund",  # a constant in the statement
            fig.derived.is_(False),
            (fig.retracted_at.is_(None)) | (fig.retracted_at > bindparam("since", type_=DateTime)),
        )
        .order_by(fig.id)
    )
    params = {"since": datetime(2000, 1, 1)}
    mine = stmt.rows(session, params)
    theirs = [tuple(r) for r in session.execute(stmt.statement, params)]
    assert mine == theirs and len(mine) > 0
    after = Prepared(select(fig.id).where(fig.retracted_at < bindparam("since", type_=DateTime)))
    assert after.rows(session, params) == [
        tuple(r) for r in session.execute(after.statement, params)
    ]


def test_a_parameter_left_to_its_default_goes_through_sqlalchemy(session: Session) -> None:
    fig = figures.F.c
    stmt = Prepared(select(fig.id).where(fig.id == bindparam("id", value="dakhla-capacity-000")))
    assert stmt.rows(session, {"id": "no-such"}) == []
    assert stmt.rows(session) == [("dakhla-capacity-000",)]


def test_grouped_citations_equal_sqlalchemys_rows(session: Session) -> None:
    ids = [r[0] for r in session.execute(text("SELECT id FROM figure ORDER BY id"))]
    params = {"rtype": "figure", "ids": ids}
    mine = embed._CITATIONS.grouped(session, params)
    theirs: dict[str, list[dict[str, Any]]] = {}
    for record_id, *values in session.execute(embed._CITATIONS.statement, params):
        theirs.setdefault(record_id, []).append(
            dict(zip(embed.CITATION_COLUMNS, values, strict=True))
        )
    assert mine == theirs and len(mine) > 20
    assert all(list(c) == list(embed.CITATION_COLUMNS) for cs in mine.values() for c in cs)


def test_the_statements_a_write_runs_match_sqlalchemy(session: Session) -> None:
    """A write's reads (its key, the articles, the names its aliases meet, the snapshot for
    its revision, the search index rows of what it touched) run prepared: each gives
    SQLAlchemy's rows, for a scope of one record type (prepared) and of several (built)."""
    from unittest import mock

    from app.search import index
    from app.services import keys, partners
    from app.services.curation import aliases, citations, revisions, transaction

    calls: list[tuple[Prepared, dict[str, Any]]] = []
    fetch = Prepared._fetch

    def recording(self: Prepared, s: Session, params: Any) -> Any:
        calls.append((self, dict(params or {})))
        return fetch(self, s, params)

    def unnumbered(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return sorted(tuple(v for k, v in r.items() if k != "id") for r in rows)

    everything = index.build_docs(session)
    with mock.patch.object(Prepared, "_fetch", recording):
        for scope in (
            {"partner": {"mistral-ai", "oracle"}},
            {"person": {"omar-seghrouchni"}},
            {"figure": {"dakhla-capacity-000"}},
            {"initiative": {"dakhla-data-centre"}, "figure": {"dakhla-capacity-000"}},
            {"initiative": {"jazari-network"}, "figure": set()},
        ):
            # the statements a write's index update runs build what the full build does
            mine = index.build_docs(session, scope)
            records = {(t, i) for t, ids in scope.items() for i in ids}
            theirs = [r for r in everything if (r["record_type"], r["record_id"]) in records]
            assert mine and unnumbered(mine) == unnumbered(theirs), scope
        assert transaction.get_row(session, "partner", "mistral-ai", live=False)
        assert transaction.get_row(session, "partner", "mistral-ai")
        assert transaction.row_exists(session, "figure", "dakhla-capacity-000")
        assert revisions.snapshot(session, "partner", "mistral-ai")
        assert citations.live_texts(session)["000"]
        assert set(citations._texts(session, {"000", "003"})) == {"000", "003"}
        assert aliases._other_names(session, "partner", "x", set(), {"mistral ai"})
        assert partners.get_partner(session, "mistral-ai")["name"] == "Mistral AI"
        with pytest.raises(Exception, match="Unknown API key"):
            keys.verify(session, "msk_" + "a" * 43)
    answered = set()
    for prepared, params in calls:
        mine = prepared.rows(session, params)
        theirs = [tuple(r) for r in session.execute(prepared.statement, params)]
        assert _typed(mine) == _typed(theirs), prepared.statement
        if mine:
            answered.add(id(prepared))
    assert len(answered) >= 15  # statements that found rows, each compared


def test_a_read_session_runs_prepared_statements_on_its_own_connection(
    client: TestClient,
) -> None:
    """``deps.read_session``: the prepared statements run on the connection the session is
    bound to (no session transaction begun for them), other statements through the session
    as ever, and the connection goes back to the pool at the end."""
    from app.api.deps import read_session

    engine = client.app.state.read_engine  # type: ignore[attr-defined]
    before = engine.pool.checkedout()
    with read_session(engine) as s:
        page = figures.list_figures(s, after=None, limit=50)
        assert not s.in_transaction()  # the session was never asked for a connection
        dakhla = next(f for f in page.items if f["id"] == "dakhla-capacity-000")
        assert (dakhla["value"], dakhla["unit"]) == (500, "MW")
        assert engine.pool.checkedout() == before + 1
        count = s.execute(text("SELECT count(*) FROM figure")).scalar_one()
        assert count >= len(page.items) == 31
    assert engine.pool.checkedout() == before
