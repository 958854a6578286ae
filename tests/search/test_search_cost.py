"""A search asks the database each question once, and the shortcuts it takes to do so
(one pass for fuzzy names and "did you mean", names joined to the hits, rapidfuzz's C
loop) change no answer: the fuzzy names are those of the definition, computed pair by
pair, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rapidfuzz.distance import Indel
from sqlalchemy import select
from sqlmodel import Session

from app.search import fuzzy
from app.search.index import NAME
from app.search.normalize import name_key
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
        ("الداخلة", 3),  # names and text, passages (and, on PostgreSQL, the wider window)
        ("Jazari", 4),  # ... and the other spellings of the network it names
        ("1.3 billion", 7),  # figures by value, components, their sum, quotes, text
        ("investmant foundrs", 6),  # names, close names once, passages, suggestions
    ],
)
def test_a_search_asks_each_question_once(uncached: TestClient, q: str, most: int) -> None:
    with count_queries(uncached) as seen:
        r = uncached.get("/v1/search", params={"q": q})
    assert r.status_code == 200 and (r.json()["items"] or r.json()["did_you_mean"])
    assert len(seen) <= most, seen
    fuzzy_passes = [s for s in seen if "search_doc.text_key" in s and "tier" in s]
    assert len(fuzzy_passes) <= 1, fuzzy_passes  # names read once for hits and suggestions
