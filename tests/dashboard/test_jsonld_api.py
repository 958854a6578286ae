"""Linked data: schema.org JSON-LD on Accept: application/ld+json, and the whole graph."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

LD = {"Accept": "application/ld+json"}
BASE = "http://testserver"
"""The test client's base URL: @ids are absolute under it (MASDAR_PUBLIC_URL is unset)."""


def ld(client: TestClient, path: str) -> dict[str, Any]:
    r = client.get(path, headers=LD)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/ld+json")
    body: dict[str, Any] = r.json()
    assert body["@context"] == {"@vocab": "https://schema.org/", "url": {"@type": "@id"}}
    return body


@pytest.mark.parametrize(
    ("path", "type_"),
    [
        ("/v1/partners/oracle", "Organization"),
        ("/v1/initiatives/dakhla-data-centre", "Project"),
        ("/v1/funds/oracle-investment-003", "MonetaryAmount"),
        ("/v1/figures/jobs-002", "Claim"),
        ("/v1/events/onepoint-signing", "Event"),
        ("/v1/sources/003", "CreativeWork"),
        ("/v1/people/amal-el-fallah-seghrouchni", "Person"),
        ("/v1/targets/onepoint-jobs-004", "QuantitativeValue"),
    ],
)
def test_types_and_absolute_ids(client: TestClient, path: str, type_: str) -> None:
    body = ld(client, path)
    assert (body["@id"], body["@type"]) == (BASE + path, type_)


def test_plain_json_stays_the_default(client: TestClient) -> None:
    r = client.get("/v1/partners/oracle")
    assert r.headers["content-type"] == "application/json"
    assert "@id" not in r.json()
    assert "accept" in [v.strip().lower() for v in r.headers["vary"].split(",")]


def test_organization(client: TestClient) -> None:
    body = ld(client, "/v1/partners/mistral-ai")
    assert body["name"] == "Mistral AI"
    assert "ميسترال" in body["alternateName"]
    assert body["address"] == {"@type": "PostalAddress", "addressCountry": "FR"}
    assert {"@id": f"{BASE}/v1/initiatives/jazari-network"} in body["memberOf"]
    quote = body["subjectOf"][0]
    assert quote["@type"] == "Quotation"
    assert (
        quote["url"]
        == f"{BASE}/sources/{quote['isPartOf']['@id'].rsplit('/', 1)[1]}#citation-"
        + quote["@id"].rsplit("/", 1)[1]
    )


def test_money_and_claims(client: TestClient) -> None:
    fund = ld(client, "/v1/funds/oracle-investment-003")
    assert (fund["value"], fund["currency"]) == (140_000_000, "USD")
    assert {
        "@type": "PropertyValue",
        "name": "giver",
        "value": {"@id": f"{BASE}/v1/partners/oracle"},
    } in fund["additionalProperty"]
    claim = ld(client, "/v1/figures/dakhla-capacity-000")
    assert claim["about"] == {"@id": f"{BASE}/v1/initiatives/dakhla-data-centre"}
    [appearance] = claim["appearance"]
    assert appearance["text"] == "بطاقة تصل إلى 500 ميغاواط"
    assert appearance["isPartOf"] == {"@id": f"{BASE}/v1/sources/000"}
    derived = ld(client, "/v1/figures/investors-fund-components-sum")
    assert [i["@id"] for i in derived["isBasedOn"]] == [
        f"{BASE}/v1/figures/investors-fund-startups-003",
        f"{BASE}/v1/figures/investors-fund-vc-003",
        f"{BASE}/v1/figures/investors-fund-technopark-003",
    ]
    target = ld(client, "/v1/targets/dakhla-capacity-000")
    assert (target["maxValue"], target["unitText"]) == (500, "MW")  # "up to 500 MW"


def test_unknown_stays_absent(client: TestClient) -> None:
    source = ld(client, "/v1/sources/000")
    assert "url" not in source and "datePublished" not in source and "publisher" not in source
    assert ld(client, "/v1/sources/003")["datePublished"] == "2026-01-17"


def test_not_found_is_still_a_problem(client: TestClient) -> None:
    r = client.get("/v1/partners/nobody", headers=LD)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")


def test_export_graph(client: TestClient) -> None:
    r = client.get("/v1/export.jsonld")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    graph = r.json()["@graph"]
    types: dict[str, int] = {}
    for node in graph:
        types[node["@type"]] = types.get(node["@type"], 0) + 1
        assert node["@id"].startswith(f"{BASE}/v1/")
    assert types == {
        "CreativeWork": 5,
        "Organization": 15,
        "Person": 10,
        "Project": 24,
        "Event": 7,
        "Claim": 31,
        "MonetaryAmount": 10,
        "QuantitativeValue": 21,
    }
    ids = {n["@id"] for n in graph}
    assert len(ids) == len(graph)
    # every reference points into the graph (or to a citation)
    refs = {v["@id"] for n in graph for v in _refs(n)}
    assert {r for r in refs if not r.startswith(f"{BASE}/v1/citations/")} <= ids
    assert all(r.startswith(f"{BASE}/v1/") for r in refs)


def _refs(node: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if set(node) == {"@id"}:
            out.append(node)
        for v in node.values():
            out += _refs(v)
    elif isinstance(node, list):
        for v in node:
            out += _refs(v)
    return out
