"""Name filters: an id or an unambiguous alias filters; a name of several records is a
400 ``ambiguous`` problem listing the candidates, never a silent merge."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, insert

from app.models import Alias

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    ("path", "param", "value", "ids"),
    [
        ("/v1/events", "person", "Mezzour", {"ghita-mezzour", "ryad-mezzour"}),
        ("/v1/events", "person", "مزور", {"ghita-mezzour", "ryad-mezzour"}),
        (
            "/v1/events",
            "person",
            "Seghrouchni",
            {"amal-el-fallah-seghrouchni", "omar-seghrouchni"},
        ),
        ("/v1/figures", "subject", "الجزري", None),
        ("/v1/people", "organisation", "Mezzour", None),
    ],
)
def test_a_name_of_several_records_is_an_ambiguous_problem(
    client: TestClient, path: str, param: str, value: str, ids: set[str] | None
) -> None:
    r = client.get(path, params={param: value})
    if ids is None:  # one record or none of this type: no ambiguity
        assert r.status_code == 200, r.text
        return
    assert r.status_code == 400
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["type"] == "/problems/ambiguous" and body["title"] == "Ambiguous name"
    (error,) = body["errors"]
    assert (error["in"], error["name"], error["value"]) == ("query", param, value)
    assert {c["id"] for c in error["candidates"]} == ids
    assert all(c["type"] == "person" and c["name"] for c in error["candidates"])
    for i in ids:
        assert i in body["detail"]


def test_the_candidates_are_what_resolve_gives(client: TestClient) -> None:
    problem = client.get("/v1/events", params={"person": "Mezzour"}).json()
    resolved = client.get("/v1/resolve", params={"name": "Mezzour", "type": "person"}).json()
    assert resolved["resolved"] is None
    assert {c["id"] for c in problem["errors"][0]["candidates"]} == {
        c["id"] for c in resolved["candidates"] if c["match"] == "exact"
    }


@pytest.mark.parametrize(
    ("value", "person"),
    [
        ("ghita-mezzour", "ghita-mezzour"),
        ("Ghita Mezzour", "ghita-mezzour"),
        ("غيثة مزور", "ghita-mezzour"),
        ("رياض مزور", "ryad-mezzour"),
        ("عمر صغروتشني", "omar-seghrouchni"),
    ],
)
def test_an_id_or_an_unambiguous_name_filters(client: TestClient, value: str, person: str) -> None:
    by_name = client.get("/v1/events", params={"person": value, "limit": 200})
    by_id = client.get("/v1/events", params={"person": person, "limit": 200})
    assert by_name.status_code == by_id.status_code == 200
    assert by_name.json()["items"] == by_id.json()["items"]


def test_ghita_and_ryad_have_their_own_events(client: TestClient) -> None:
    def events(person: str) -> set[str]:
        items = client.get("/v1/events", params={"person": person, "limit": 200}).json()["items"]
        return {e["id"] for e in items}

    ghita, ryad = events("ghita-mezzour"), events("ryad-mezzour")
    assert "onepoint-signing" in ryad or ryad
    assert ghita and ryad and not ghita & ryad


def test_a_name_no_record_has_matches_nothing(client: TestClient) -> None:
    r = client.get("/v1/people", params={"organisation": "الجزري"})
    assert r.status_code == 200  # no partner is called so: the filter matches nothing
    assert r.json()["items"] == []


@pytest.mark.parametrize(
    ("path", "param", "rtype", "ids"),
    [
        ("/v1/figures", "subject", "initiative", ("jazari-network", "jazari-root")),
        ("/v1/targets", "initiative", "initiative", ("jazari-network", "jazari-root")),
        ("/v1/people", "organisation", "partner", ("mistral-ai", "onepoint")),
        ("/v1/initiatives", "partner", "partner", ("mistral-ai", "onepoint")),
        ("/v1/claims", "subject", "initiative", ("jazari-network", "jazari-root")),
    ],
)
def test_every_name_filter_names_its_parameter_when_ambiguous(
    make_client: Callable[..., TestClient],
    seeded_url: str,
    path: str,
    param: str,
    rtype: str,
    ids: tuple[str, str],
) -> None:
    engine = create_engine(seeded_url)
    with engine.begin() as conn:  # one alias shared by two records, as curation could write
        for rid in ids:
            conn.execute(
                insert(Alias).values(
                    record_type=rtype,
                    record_id=rid,
                    text="Twin",
                    key="twin",
                    lang="en",
                    kind="variant",
                )
            )
    engine.dispose()
    with make_client(seeded_url, rate_limit=False) as client:
        r = client.get(path, params={param: "twin"})
        assert r.status_code == 400, r.text
        (error,) = r.json()["errors"]
        assert error["name"] == param
        assert sorted(c["id"] for c in error["candidates"]) == list(ids)
        assert client.get(path, params={param: ids[0]}).status_code == 200
