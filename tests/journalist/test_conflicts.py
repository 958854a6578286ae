"""Conflicts: found by rules over the data, each with a severity and its citations."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine
from app.models import Citation, Figure, Source, Target
from app.services.conflicts import (
    event_window,
    round_significant,
    significant_digits,
    spelling_variant,
    territories,
)

EXPECTED = {
    "announcer_mismatch:morocco-ai-2030": "contradiction",
    "date_mismatch:ai-made-in-morocco:ustda-visit-rabat-2024:ai-made-in-morocco-day": (
        "informational"
    ),
    "date_mismatch:jazari-network:ustda-visit-rabat-2024:ai-made-in-morocco-day": "contradiction",
    "qualifier_mismatch:dakhla-data-centre:power_capacity:500:MW": "compatible",
    "qualifier_mismatch:morocco-ai-2030:jobs:50000:jobs": "compatible",
    "qualifier_mismatch:morocco-ai-2030:value_added:100000000000:MAD": "compatible",
    "spelling:initiative:jazari-network": "informational",
    "spelling:person:amal-el-fallah-seghrouchni": "informational",
    "sum_mismatch:investors-fund-003": "rounding",
    "unit_mismatch:jazari-network:12:institutes:regions": "contradiction",
}


def _get(client: TestClient, cid: str) -> dict:  # type: ignore[type-arg]
    r = client.get(f"/v1/conflicts/{cid}")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_the_rules_find_exactly_the_known_disagreements(client: TestClient) -> None:
    items = client.get("/v1/conflicts?limit=200").json()["items"]
    assert {c["id"]: c["severity"] for c in items} == EXPECTED


def test_every_conflict_citation_is_verbatim(client: TestClient, texts: dict[str, str]) -> None:
    for c in client.get("/v1/conflicts?limit=200").json()["items"]:
        assert c["citations"], c["id"]
        for q in c["citations"]:
            assert texts[q["source_id"]][q["start"] : q["end"]] == q["quote"]


def test_fund_total_gap_is_rounding_at_the_written_precision(client: TestClient) -> None:
    c = _get(client, "sum_mismatch:investors-fund-003")
    assert (c["kind"], c["severity"]) == ("sum_mismatch", "rounding")
    assert c["difference"]["absolute"] == 30_000_000
    assert c["difference"]["relative"] == pytest.approx(30 / 1300, abs=1e-6)
    assert "2 significant digits" in c["summary"] and "\u201c1.3\u201d" in c["summary"]
    values = {v["record"]["id"]: v["value"] for v in c["values"]}
    assert values == {
        "investors-fund-003": 1_300_000_000,
        "investors-fund-startups-003": 750_000_000,
        "investors-fund-vc-003": 450_000_000,
        "investors-fund-technopark-003": 70_000_000,
        "investors-fund-components-sum": 1_270_000_000,
    }
    assert [q["quote"] for q in c["citations"]][0] == "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم"


def test_twelve_regions_versus_twelve_provinces(client: TestClient) -> None:
    c = _get(client, "unit_mismatch:jazari-network:12:institutes:regions")
    assert {r["id"] for r in c["records"]} == {"jazari-regions-001", "jazari-institutes-003"}
    assert "province vs region" in c["summary"]
    assert {q["source_id"] for q in c["citations"]} == {"001", "003"}


def test_two_ministers_credited_with_announcing_the_2030_targets(client: TestClient) -> None:
    c = _get(client, "announcer_mismatch:morocco-ai-2030")
    people = {v["record"]["id"]: v["sources"] for v in c["values"]}
    assert people == {"amal-el-fallah-seghrouchni": ["000", "001"], "ghita-mezzour": ["002"]}
    quotes = [q["quote"] for q in c["citations"]]
    assert "وأعلنت أمل الفلاح السغروشني" in quotes
    assert "كشفت وزيرة الانتقال الرقمي أن المغرب يسعى" in quotes


def test_jazari_network_start_mid_2024_versus_january_2026(client: TestClient) -> None:
    c = _get(client, "date_mismatch:jazari-network:ustda-visit-rabat-2024:ai-made-in-morocco-day")
    assert [v["value"] for v in c["values"]] == ["2024-04-01/2024-09-30", "2026-01-09/2026-01-16"]
    assert c["difference"]["days"] == (date(2026, 1, 9) - date(2024, 9, 30)).days
    quotes = {q["quote"] for q in c["citations"]}
    assert {"خلال زيارة إلى الرباط في منتصف عام 2024", "إطلاق شبكة المعاهد « جزاري »"} <= quotes


def test_minister_name_spelled_differently(client: TestClient) -> None:
    c = _get(client, "spelling:person:amal-el-fallah-seghrouchni")
    spellings = {v["value"]: v["sources"] for v in c["values"]}
    assert spellings["السغروشني"] == ["000"]
    assert spellings["سغروتشني"] == ["001"]
    assert "الفلاح صغروتشني" in spellings


def test_figure_lists_its_conflicts(client: TestClient) -> None:
    fig = client.get("/v1/figures/investors-fund-vc-003").json()
    assert fig["conflict_ids"] == ["sum_mismatch:investors-fund-003"]
    assert client.get("/v1/figures/pass-stipend-003").json()["conflict_ids"] == []


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("severity=rounding", ["sum_mismatch:investors-fund-003"]),
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


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/conflicts/nope", 404),
        ("/v1/conflicts?kind=typo", 422),
        ("/v1/conflicts?severity=bad", 422),
    ],
)
def test_bad_conflict_requests_are_problems(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("value", "qualifier", "severity"),
    [(300, None, "contradiction"), (450, "at_least", "compatible")],
)
def test_an_added_contradicting_figure_appears(
    seeded_url: str, make_client: object, value: int, qualifier: str | None, severity: str
) -> None:
    engine = make_engine(Settings(database_url=seeded_url))  # type: ignore[call-arg]
    with Session(engine) as s:
        text = s.get_one(Source, "004").text
        quote = "المغرب"
        start = text.index(quote)
        s.add(
            Figure(
                id="dakhla-capacity-test",
                kind="target",
                subject_id="dakhla-data-centre",
                metric="power_capacity",
                value=value,
                unit="MW",
                qualifier=qualifier,
                label="A contradicting capacity",
            )
        )
        s.flush()
        s.add(Target(figure_id="dakhla-capacity-test", target_kind="capacity"))
        s.add(
            Citation(
                id="testcite0001",
                source_id="004",
                record_type="figure",
                record_id="dakhla-capacity-test",
                field="value",
                quote=quote,
                start=start,
                end=start + len(quote),
            )
        )
        s.commit()
    engine.dispose()
    cid = f"value_mismatch:dakhla-data-centre:power_capacity:MW:{value}:500"
    with make_client(seeded_url) as client:  # type: ignore[operator]
        c = client.get(f"/v1/conflicts/{cid}").json()
        fig = client.get("/v1/figures/dakhla-capacity-test").json()
    assert c["severity"] == severity
    assert c["difference"]["absolute"] == 500 - value
    assert {r["id"] for r in c["records"]} == {
        "dakhla-capacity-test",
        "dakhla-capacity-000",
        "dakhla-capacity-002",
        "dakhla-capacity-003",
    }
    assert "testcite0001" in {q["id"] for q in c["citations"]}
    assert cid in fig["conflict_ids"]


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("1.3", 2),
        ("750", 2),
        ("1,200", 2),
        ("7,000", 1),
        ("100", 1),
        ("12", 2),
        ("0.50", 2),
        ("١٫٣", 2),
    ],
)
def test_significant_digits(written: str, digits: int) -> None:
    assert significant_digits(written) == digits


def test_round_significant() -> None:
    assert round_significant(1_270_000_000, 2) == 1_300_000_000
    assert round_significant(1_270_000_000, 3) == 1_270_000_000


@pytest.mark.parametrize(
    ("a", "b", "variant"),
    [
        ("السغروشني", "سغروتشني", True),
        ("أمل الفلاح السغروشني", "أمل الفلاح سغروتشني", True),
        ("الجزري", "جزاري", True),
        ("الحوسبة السحابية السيادية", "السحابة الوطنية الجديدة", False),
        ("ميسترال", "Mistral", False),
        ("غيثة مزور", "رياض مزور", False),
        ("الجزري", "الجزري", False),
    ],
)
def test_spelling_variant(a: str, b: str, variant: bool) -> None:
    assert spelling_variant(a, b) is variant


@pytest.mark.parametrize(
    ("event", "window"),
    [
        (
            {"happened_on": date(2025, 7, 22), "date_precision": "day"},
            (date(2025, 7, 22), date(2025, 7, 22)),
        ),
        (
            {"happened_year": 2024, "date_precision": "mid_year"},
            (date(2024, 4, 1), date(2024, 9, 30)),
        ),
        (
            {"date_text_ar": "في منتصف عام 2024", "date_precision": "mid_year"},
            (date(2024, 4, 1), date(2024, 9, 30)),
        ),
        (
            {"happened_month": 7, "not_after": date(2026, 1, 16)},
            (date(2025, 7, 1), date(2025, 7, 31)),
        ),
        (
            {"date_text_ar": "يوم الاثنين", "not_after": date(2026, 1, 16)},
            (date(2026, 1, 9), date(2026, 1, 16)),
        ),
        ({"not_after": date(2026, 1, 16)}, (None, date(2026, 1, 16))),
        ({}, (None, None)),
    ],
)
def test_event_window(event: dict, window: tuple[date | None, date | None]) -> None:  # type: ignore[type-arg]
    assert event_window(event)[:2] == window


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("المنتشرة في جميع الجهات الإثنتي عشرة للمملكة", {"region"}),
        ("12 مؤسسة Jazari** في جميع الأقاليم", {"province"}),
        ("توقيع ثماني اتفاقيات", set()),
    ],
)
def test_territories(quote: str, found: set[str]) -> None:
    assert territories(quote) == found
