"""Facets on every list: value counts over the whole filtered set, computed in SQL."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def facets(client: TestClient, url: str) -> dict[str, dict[Any, int]]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return {
        name: {v["value"]: v["count"] for v in values}
        for name, values in r.json()["facets"].items()
    }


def test_no_facets_unless_asked(client: TestClient) -> None:
    assert "facets" not in client.get("/v1/figures").json()


def test_figure_facets_count_the_whole_set_not_the_page(client: TestClient) -> None:
    f = facets(client, "/v1/figures?limit=1&facets=kind,unit,qualifier,derived")
    assert f["kind"] == {"target": 21, "fund": 10}
    assert f["unit"]["MAD"] == 11 and f["unit"]["USD"] == 2 and f["unit"]["MW"] == 3
    assert f["derived"] == {False: 29, True: 2}
    # a figure stated without a hedge is counted under "none", the qualifier filter's spelling
    assert f["qualifier"] == {"none": 26, "approximate": 2, "up_to": 1, "more_than": 2}
    assert sum(f["kind"].values()) == 31


def test_facets_follow_the_filters(client: TestClient) -> None:
    f = facets(client, "/v1/figures?kind=fund&unit=MAD&facets=kind,unit,subject,source")
    assert f["kind"] == {"fund": 8} and f["unit"] == {"MAD": 8}
    # the 1.3 bn fund, its 3 components and their derived sum; the stipend and its total
    assert f["subject"] == {
        "investors-founders-fund": 4,
        "pass-programme": 2,
        "morocco-ai-2030": 1,
        "technopark-network": 1,
    }
    # a derived figure is 'in' the source of its inputs, as the source filter says
    assert f["source"] == {"003": 7, "002": 1}


def test_fund_facets_by_currency_and_partner(client: TestClient) -> None:
    body = client.get("/v1/funds?facets=currency,partner,giver&limit=1").json()
    f = {n: {v["value"]: v for v in vs} for n, vs in body["facets"].items()}
    assert {k: v["count"] for k, v in f["currency"].items()} == {"MAD": 8, "USD": 2}
    assert f["giver"]["oracle"]["count"] == 1 and f["giver"]["oracle"]["label"] == "Oracle"
    assert f["giver"][None]["count"] == 8
    # the partner filter's meaning: gives the money, or takes part in the initiative
    assert f["partner"]["oracle"]["count"] == 1
    assert f["partner"]["moroccan-government"]["count"] == 2
    for partner_id, v in f["partner"].items():
        listed = client.get(f"/v1/funds?partner={partner_id}&limit=200").json()["items"]
        assert len(listed) == v["count"], partner_id


def test_target_facets(client: TestClient) -> None:
    f = facets(client, "/v1/targets?facets=deadline_year,unit,metric")
    assert f["deadline_year"] == {None: 17, 2030: 3, 2029: 1}
    assert f["unit"]["jobs"] == 4 and f["metric"]["power_capacity"] == 3


def test_partner_facets(client: TestClient) -> None:
    f = facets(client, "/v1/partners?facets=country,kind")
    assert f["country"] == {"MA": 8, "US": 4, "FR": 2, "AE": 1}
    assert f["kind"]["company"] == 7
    assert facets(client, "/v1/partners?country=FR&facets=country")["country"] == {"FR": 2}


def test_initiative_facets(client: TestClient) -> None:
    f = facets(client, "/v1/initiatives?facets=kind,region,partner,status")
    assert f["region"] == {
        None: 19,
        "Casablanca-Settat": 2,
        "Dakhla-Oued Ed-Dahab": 2,
        "Rabat-Salé-Kénitra": 1,
    }
    # Jazari institutes, the plan, the Mistral AI & MTNRA lab (003's Jazari Root only names
    # Mistral AI as an example of the labs it links universities with: no partner link)
    assert f["partner"]["mistral-ai"] == 3 and f["kind"]["sector"] == 5
    assert sum(f["kind"].values()) == 24
    f = facets(client, "/v1/initiatives?partner=mistral-ai&facets=kind")
    assert sum(f["kind"].values()) == 3


@pytest.mark.parametrize(
    ("path", "facet"),
    [
        ("/v1/events", "kind"),
        ("/v1/people", "organisation"),
        ("/v1/sources", "kind"),
    ],
)
def test_other_lists_have_facets(client: TestClient, path: str, facet: str) -> None:
    body = client.get(f"{path}?facets={facet}").json()
    total = len(client.get(f"{path}?limit=200").json()["items"])
    counts = [v["count"] for v in body["facets"][facet]]
    assert counts and (sum(counts) == total or facet == "organisation")


def test_events_by_kind(client: TestClient) -> None:
    assert facets(client, "/v1/events?facets=kind")["kind"] == {
        "announcement": 2,
        "conference": 2,
        "signing": 2,
        "visit": 1,
    }


def test_unknown_facet_is_a_400_that_names_it(client: TestClient) -> None:
    r = client.get("/v1/figures?facets=kind,colour")
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert "'colour'" in body["detail"] and "Allowed:" in body["detail"]
    assert body["errors"] == [
        {"in": "query", "name": "facets", "value": "colour", "message": "unknown facet"}
    ]


def test_malformed_facets_is_a_422(client: TestClient) -> None:
    assert client.get("/v1/figures?facets=kind;drop").status_code == 422


def test_facets_are_ordered_most_frequent_first(client: TestClient) -> None:
    values = client.get("/v1/partners?facets=country").json()["facets"]["country"]
    assert [v["value"] for v in values] == ["MA", "US", "FR", "AE"]


def test_facets_ignore_the_cursor(client: TestClient) -> None:
    first = client.get("/v1/figures?limit=5&facets=unit").json()
    second = client.get(f"/v1/figures?limit=5&facets=unit&cursor={first['next_cursor']}").json()
    assert first["facets"] == second["facets"]
