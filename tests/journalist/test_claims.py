"""Claims: the same fact stated by several articles is one claim, corroborated by N."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

DAKHLA = "dakhla-data-centre:power_capacity:500:MW"
VALUE_ADDED = "morocco-ai-2030:value_added:100000000000:MAD"
JOBS = "morocco-ai-2030:jobs:50000:jobs"


def test_dakhla_500_mw_is_corroborated_by_three_articles(
    client: TestClient, texts: dict[str, str]
) -> None:
    claim = client.get(f"/v1/claims/{DAKHLA}").json()
    assert (claim["value"], claim["unit"], claim["metric"]) == (500, "MW", "power_capacity")
    assert claim["corroborated_by"] == 3
    assert claim["sources"] == ["000", "002", "003"]
    assert claim["qualifiers"] == ["none", "up_to"]
    assert [f["id"] for f in claim["figures"]] == [
        "dakhla-capacity-000",
        "dakhla-capacity-002",
        "dakhla-capacity-003",
    ]
    assert [c["quote"] for c in claim["citations"]] == [
        "بطاقة تصل إلى 500 ميغاواط",
        "مركز بيانات بطاقة 500 ميغاواط في الداخلة",
        "مجمع بيانات ضخم في الداخلة بقدرة 500 ميغاوات",
    ]
    for c in claim["citations"]:
        assert texts[c["source_id"]][c["start"] : c["end"]] == c["quote"]
        assert c["record_type"] == "figure"


@pytest.mark.parametrize(
    ("claim_id", "sources", "figures", "qualifiers"),
    [
        (
            VALUE_ADDED,
            ["000", "002"],
            ["value-added-000", "value-added-000-headline", "value-added-002"],
            ["approximate", "none"],
        ),
        (
            JOBS,
            ["000", "002"],
            ["jobs-000", "jobs-000-headline", "jobs-002"],
            ["approximate", "none"],
        ),
    ],
)
def test_headline_and_body_and_other_article_form_one_claim(
    client: TestClient,
    claim_id: str,
    sources: list[str],
    figures: list[str],
    qualifiers: list[str],
) -> None:
    claim = client.get(f"/v1/claims/{claim_id}").json()
    assert claim["corroborated_by"] == len(sources)
    assert claim["sources"] == sources
    assert [f["id"] for f in claim["figures"]] == figures
    assert claim["qualifiers"] == qualifiers


def test_min_sources_keeps_only_corroborated_claims(client: TestClient) -> None:
    items = client.get("/v1/claims?min_sources=2").json()["items"]
    assert [c["id"] for c in items] == [DAKHLA, JOBS, VALUE_ADDED]
    assert client.get("/v1/claims?min_sources=4").json()["items"] == []


def test_every_stated_figure_has_exactly_one_claim(client: TestClient, walk: Any) -> None:
    figures = list(walk(client, "/v1/figures?limit=200"))
    stated = [f for f in figures if not f["derived"]]
    claims = list(walk(client, "/v1/claims?limit=3"))
    keys = {(f["subject"], f["metric"], f["value"], f["unit"]) for f in stated}
    assert len(claims) == len(keys)
    members = Counter(m["id"] for c in claims for m in c["figures"])
    assert members == Counter(f["id"] for f in stated)
    by_figure = {m["id"]: c["id"] for c in claims for m in c["figures"]}
    for f in stated:
        assert f["claim_id"] == by_figure[f["id"]]
    assert all(f["claim_id"] is None for f in figures if f["derived"])


def test_figure_links_to_its_claim(client: TestClient) -> None:
    fig = client.get("/v1/figures/dakhla-capacity-002").json()
    assert fig["claim_id"] == DAKHLA
    assert client.get(f"/v1/claims/{fig['claim_id']}").status_code == 200


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("subject=dakhla-data-centre", [DAKHLA]),
        ("metric=jobs", [JOBS, "onepoint-centre-of-excellence:jobs:500:jobs"]),
        ("subject=morocco-ai-2030&metric=value_added", [VALUE_ADDED]),
    ],
)
def test_claim_filters(client: TestClient, query: str, ids: list[str]) -> None:
    assert [c["id"] for c in client.get(f"/v1/claims?{query}").json()["items"]] == ids


@pytest.mark.parametrize(
    "claim_id", ["nope", "dakhla-data-centre:power_capacity:501:MW", "a:b:c:d:e"]
)
def test_unknown_claim_is_a_404_problem(client: TestClient, claim_id: str) -> None:
    r = client.get(f"/v1/claims/{claim_id}")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


def test_bad_claim_query_is_a_problem(client: TestClient) -> None:
    assert client.get("/v1/claims?min_sources=0").status_code == 422
    assert client.get("/v1/claims?bogus=1").status_code == 400
