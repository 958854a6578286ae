"""A search asks the database each question once, and the shortcuts it takes to do so
(one pass for fuzzy names and "did you mean", names joined to the hits, rapidfuzz's C
loop) change no answer: the fuzzy names are those of the definition, computed pair by
pair, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rapidfuzz.distance import Indel
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from app.search import fuzzy
from app.search import query as index
from app.search.normalize import name_key
from app.search.query import NAME, common_part
from app.services.search import T
from tests.api.test_queries import count_queries

MISSPELT = [
    "صغروشني",
    "Segrouchni",
    "Mezour",
    "Dakhlah",
    "investmant foundrs",
    "3 years",  # "years" and "Evans": 0.6 exactly, the least a suggestion needs
    "Gretchen Evens",
    "ميسترل",
]


def by_definition(session: Session, q: str, threshold: float) -> list[tuple[str, str, float]]:
    """The fuzzy names of fuzzy.py's docstring: a name's similarity is its worst query
    word's best Indel ratio with a word of the name; a record takes its best name."""
    words = [w for w in name_key(q).split() if not w.replace(".", "").isdigit()]
    d = T["search_doc"].c
    rows = session.execute(
        select(d.record_type, d.record_id, d.text_key)
        .where(d.tier == NAME, d.record_type.in_(fuzzy.TYPES))
        .order_by(d.id)
    ).all()
    best: dict[tuple[str, str], float] = {}
    for rtype, rid, key in rows:
        name = key.split()
        score = min(max(Indel.normalized_similarity(w, n) for n in name) for w in words)
        if score >= threshold:
            best[(rtype, rid)] = max(best.get((rtype, rid), 0.0), round(score, 3))
    return sorted((t, i, s) for (t, i), s in best.items())


@pytest.mark.parametrize("q", MISSPELT)
@pytest.mark.parametrize("threshold", [fuzzy.FUZZY, fuzzy.SUGGEST])
def test_fuzzy_names_are_the_definitions(client: TestClient, q: str, threshold: float) -> None:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        got = fuzzy.closest(session, q, threshold=threshold)
        want = by_definition(session, q, threshold)
    assert sorted((f.record_type, f.record_id, f.similarity) for f in got) == want
    if threshold == fuzzy.SUGGEST and q == "3 years":
        assert ("person", "gretchen-kranz-evans", 0.6) in want


def test_a_suggestion_at_exactly_the_least_similarity_is_kept(client: TestClient) -> None:
    body = client.get("/v1/search", params={"q": "3 years", "type": "partner"}).json()
    assert body["items"] == []
    tips = {(s["type"], s["id"]): s["similarity"] for s in body["did_you_mean"]}
    assert tips[("person", "gretchen-kranz-evans")] == 0.6


@pytest.fixture
def uncached(make_client: Any, seeded_url: str) -> Iterator[TestClient]:
    with make_client(seeded_url, response_cache=False) as c:
        yield c


@pytest.mark.parametrize(
    ("q", "most"),
    [
        ("الداخلة", 2),  # names and text, passages (PostgreSQL: no window, 150 passages)
        ("Jazari", 4),  # ... and the other spellings of the network it names
        ("1.3 billion", 7),  # figures by value, components, their sum, quotes, text
        ("investmant foundrs", 6),  # names, close names once, passages, suggestions
    ],
)
def test_a_search_asks_each_question_once(uncached: TestClient, q: str, most: int) -> None:
    uncached.get("/v1/search", params={"q": "Dakhla"})  # the passages counted (once a minute)
    with count_queries(uncached) as seen:
        r = uncached.get("/v1/search", params={"q": q})
    assert r.status_code == 200 and (r.json()["items"] or r.json()["did_you_mean"])
    assert len(seen) <= most, seen
    fuzzy_passes = [s for s in seen if "search_doc.text_key" in s and "tier" in s]
    assert len(fuzzy_passes) <= 1, fuzzy_passes  # names read once for hits and suggestions
    with count_queries(uncached) as again:
        assert uncached.get("/v1/search", params={"q": q}).json() == r.json()
    assert len(again) <= len(seen)
    names = "search_doc.text, search_doc.text_key"  # fuzzy.py's _NAMES: once per version
    assert not [s for s in again if names in s], again
    if q == "investmant foundrs":
        assert [s for s in seen if names in s], seen  # the first of this version read them


def test_common_part_is_in_every_key() -> None:
    assert common_part({"داخل", "داخله"}) == "داخل"
    assert common_part({"fund"}) == "fund"
    assert common_part({"مركز", "مراكز"}) is None  # no key inside the other: no shortcut
    assert common_part(set()) is None


@pytest.mark.parametrize(
    ("q", "common"),
    [("الذكاء الاصطناعي", True), ("المغرب", True), ("الداخلة", False), ("2030", False)],
)
def test_the_passage_window_finds_what_the_whole_table_finds(
    make_client: Any, seeded_url: str, monkeypatch: pytest.MonkeyPatch, q: str, common: bool
) -> None:
    """PostgreSQL tries a window of passages first only when the base has more than the
    window holds. Forced here (a window of 20 of 150 passages, pages of 3), every page is
    the same as the whole table's: those the window fills alone (a common word) and those
    it leaves short, which go on to the whole table."""

    uncached = make_client(seeded_url, response_cache=False, rate_limit=False)

    def pages() -> list[list[str]]:
        got, after = [], None
        for _ in range(100):
            params = {"q": q, "type": "source", "limit": 3}
            body = uncached.get(
                "/v1/search", params=params | ({"cursor": after} if after else {})
            ).json()
            assert "items" in body, body
            got.append([f"{h['match']}:{h['id']}:{h['start']}" for h in body["items"]])
            after = body.get("next_cursor")
            if after is None:
                return got
        raise AssertionError("more than 100 pages")

    monkeypatch.setattr(index, "_PASSAGES", {})
    with uncached:
        whole = pages()
        assert sum(map(len, whole)) >= 4, whole
        monkeypatch.setattr(index, "WINDOW", 20)
        monkeypatch.setattr(index, "_PASSAGES", {})
        with count_queries(uncached) as seen:
            windowed = pages()
    assert windowed == whole
    if uncached.app.state.engine.dialect.name == "postgresql":
        windows = sum("LIMIT %(window)s" in s for s in seen)
        wholes = sum("ORDER BY d.id + 0" in s for s in seen)
        assert windows >= 1, seen
        # each window left short is followed by the whole table's query: a common word
        # has pages the windows answered alone, a rarer one pages they left short
        assert windows > wholes if common else wholes >= 1, (windows, wholes)


def test_the_postgresql_prefilter_is_the_token_itself() -> None:
    """``strpos`` looks for the token as typed (not regex-escaped: "1.3" not "1\\.3"), and
    for a stem key that every other key of the token contains; a token without stem
    keys (a number) of a query's only spelling is looked for with LIKE, its ``%``, ``_``
    and ``\\`` escaped (among other spellings, ORed, strpos stays)."""
    from app.search.query import Match, match_clause, to_like

    pg = SimpleNamespace(dialect=postgresql.dialect())  # a bind as match_clause reads it
    match = Match.of("1.3 مراكز الداخلة")
    cond, params = match_clause(pg, match, (index.PASSAGE,))  # type: ignore[arg-type]
    tokens = match.alternatives[0]
    for j, tok in enumerate(tokens):
        keys = match.stems_of(tok)
        if not keys:
            assert params[f"lit_0_{j}"] == to_like(tok)
            assert f"(d.text_key LIKE :lit_0_{j} AND d.text_key ~ :re_0_{j})" in cond
            continue
        assert params[f"lit_0_{j}"] == tok
        assert f"strpos(d.text_key, :lit_0_{j}) > 0 AND d.text_key ~ :re_0_{j}" in cond
        if f"sl_0_{j}" in params:
            assert all(params[f"sl_0_{j}"] in k for k in keys), (params[f"sl_0_{j}"], keys)
    assert params["lit_0_0"] == "%1.3%" and params["re_0_0"] == "(^| )1\\.3( |$)"
    assert any(k.startswith("sl_") for k in params), params  # الداخلة: داخل inside داخله
    assert to_like("50%_a\\b") == "%50\\%\\_a\\\\b%"
    spellings = Match.of("1.3 billion", ["مليار"])
    cond, params = match_clause(pg, spellings, (index.PASSAGE,))  # type: ignore[arg-type]
    assert params["lit_0_0"] == "1.3" and "LIKE" not in cond


def test_postgresql_runs_the_prefilter_before_the_regex(client: TestClient) -> None:
    """Where the planner orders a number's tests itself (they are ANDed straight into the
    WHERE), the substring test comes before the regex it spares most rows; with
    ``strpos(…) > 0``, costed at two functions, the regex ran first on every row."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    if engine.dialect.name != "postgresql":
        pytest.skip("the order PostgreSQL's planner gives a WHERE's tests")
    from sqlalchemy import text

    from app.search.query import Match, passage_query

    with Session(engine) as session:
        sql, params = passage_query(session, Match.of("1.3 billion"), after=0, limit=51)
        plan = "\n".join(r[0] for r in session.execute(text("EXPLAIN " + sql), params))
    tests = next(line for line in plan.splitlines() if "Filter:" in line)
    like, regex = tests.find("~~ '%1.3%'"), tests.find("~ '(^| )1\\.3( |$)'")
    assert 0 <= like < regex, plan
