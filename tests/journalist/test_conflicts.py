"""Conflicts on the five articles: every one the rules find, its class and its reason,
through HTTP on SQLite and PostgreSQL; the vocabulary, filters and bad requests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from app.services.conflicts.vocabulary import CLASSES

EXPECTED: dict[str, tuple[str, str]] = {
    cid: (c["class"], c["reason"])
    for cid, c in yaml.safe_load((Path(__file__).parent / "conflicts.yaml").read_text()).items()
}
"""Every conflict the rules find on the five articles: (class, reason)."""


def test_the_rules_find_exactly_these_conflicts_with_these_classes_and_reasons(
    client: TestClient,
) -> None:
    items = client.get("/v1/conflicts?limit=200").json()["items"]
    assert {c["id"]: (c["class"], c["reason"]) for c in items} == EXPECTED
    assert all(c["rule_class"] == c["class"] and c["review"] is None for c in items)
    assert not any(c["class"] == "contradiction" for c in items)


def test_every_class_is_in_the_vocabulary_and_severity_follows_it(client: TestClient) -> None:
    severity = {"contradiction": "contradiction", "rounding": "rounding"}
    severity["different_hedges"] = "compatible"
    for c in client.get("/v1/conflicts?limit=200").json()["items"]:
        assert c["class"] in CLASSES
        assert c["severity"] == severity.get(c["class"], "informational")


def test_the_vocabulary_is_served_with_its_definitions(client: TestClient) -> None:
    classes = client.get("/v1/conflicts/classes").json()["items"]
    assert [c["id"] for c in classes] == list(CLASSES)
    by_id = {c["id"]: c["definition"] for c in classes}
    assert by_id["contradiction"].startswith("The two statements cannot both be true")
    assert "«تصل إلى 500» and «500»" in by_id["different_hedges"]


def test_every_conflict_citation_is_verbatim(client: TestClient, texts: dict[str, str]) -> None:
    for c in client.get("/v1/conflicts?limit=200").json()["items"]:
        assert c["citations"], c["id"]
        for q in c["citations"]:
            assert texts[q["source_id"]][q["start"] : q["end"]] == q["quote"]


def test_figure_lists_its_conflicts(client: TestClient) -> None:
    fig = client.get("/v1/figures/investors-fund-vc-003").json()
    assert fig["conflict_ids"] == ["sum_mismatch:investors-fund-003"]
    assert client.get("/v1/figures/pass-stipend-003").json()["conflict_ids"] == []


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("class=rounding", ["sum_mismatch:investors-fund-003"]),
        ("severity=rounding", ["sum_mismatch:investors-fund-003"]),
        ("class=contradiction", []),
        (
            "class=stages",
            [
                "date_mismatch:ai-made-in-morocco:ustda-visit-rabat-2024:ai-made-in-morocco-day",
                "date_mismatch:jazari-network:ustda-visit-rabat-2024:ai-made-in-morocco-day",
            ],
        ),
        (
            "kind=spelling",
            ["spelling:initiative:jazari-network", "spelling:person:amal-el-fallah-seghrouchni"],
        ),
        ("record=jazari-regions-001", ["unit_mismatch:jazari-network:12:institutes:regions"]),
        ("kind=value_mismatch", []),
    ],
)
def test_conflict_filters(client: TestClient, query: str, ids: list[str]) -> None:
    assert [c["id"] for c in client.get(f"/v1/conflicts?{query}").json()["items"]] == ids


def test_conflicts_paginate(client: TestClient) -> None:
    first = client.get("/v1/conflicts?limit=4").json()
    second = client.get(f"/v1/conflicts?limit=100&cursor={first['next_cursor']}").json()
    ids = [c["id"] for c in first["items"] + second["items"]]
    assert ids == sorted(EXPECTED)


def test_conflicts_as_csv_name_the_class(client: TestClient) -> None:
    import csv
    import io

    r = client.get("/v1/conflicts?class=rounding&format=csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [(x["id"], x["class"], x["rule_class"]) for x in rows] == [
        ("sum_mismatch:investors-fund-003", "rounding", "rounding")
    ]
    assert rows[0]["reason"] == EXPECTED["sum_mismatch:investors-fund-003"][1]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/conflicts/nope", 404),
        ("/v1/conflicts?kind=typo", 422),
        ("/v1/conflicts?class=conflict", 422),
        ("/v1/conflicts?severity=bad", 422),
    ],
)
def test_bad_conflict_requests_are_problems(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
