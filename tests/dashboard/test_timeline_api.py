"""GET /v1/timeline: events, deadlines and fund periods in order, each cited."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def timeline(client: TestClient) -> dict[str, Any]:
    r = client.get("/v1/timeline")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_order_and_dates(timeline: dict[str, Any]) -> None:
    got = [(e["id"], e["date"], e["date_precision"]) for e in timeline["items"]]
    assert got == [
        ("fund_period_start:morocco-ai-2030:investment:11000000000:MAD", "2024", "year"),
        ("event:ustda-visit-rabat-2024", "2024", "mid_year"),
        # "last July", before the page date 2026-01-16
        ("event:national-ai-forum", "2025-07", "month"),
        ("event:onepoint-signing", "2025-07-22", "day"),
        # "on Monday": the week before the page date
        ("event:ai-made-in-morocco-day", "2026-01-16", "week"),
        ("fund_period_end:morocco-ai-2030:investment:11000000000:MAD", "2026", "year"),
        ("target_deadline:onepoint-centre-of-excellence:jobs:500:jobs", "2029", "year"),
        ("target_deadline:morocco-ai-2030:jobs:50000:jobs", "2030", "year"),
        ("target_deadline:morocco-ai-2030:value_added:100000000000:MAD", "2030", "year"),
        ("fund_period_end:morocco-ai-2030:plan_investment:10000000000:USD", "2030", "year"),
    ]
    sort_keys = [
        e["earliest"] if e["type"] in ("event", "fund_period_start") else e["latest"]
        for e in timeline["items"]
    ]
    assert sort_keys == sorted(sort_keys)


def test_dates_as_written(timeline: dict[str, Any]) -> None:
    by_id = {e["id"]: e for e in timeline["items"]}
    assert by_id["event:ustda-visit-rabat-2024"]["date_text_ar"] == "في منتصف عام 2024"
    assert by_id["event:ustda-visit-rabat-2024"]["earliest"] == "2024-04-01"
    assert by_id["event:national-ai-forum"]["date_text_ar"] == "في يوليو الماضي"
    assert by_id["event:onepoint-signing"]["date_text_ar"] == "الرباط –22 يوليوز 2025"
    assert (
        by_id["event:ai-made-in-morocco-day"]["earliest"],
        by_id["event:ai-made-in-morocco-day"]["latest"],
    ) == ("2026-01-09", "2026-01-16")


def test_undated_events_are_listed_apart(timeline: dict[str, Any]) -> None:
    assert [e["id"] for e in timeline["undated"]] == [
        "event:gdp-goal-announcement",
        "event:mistral-mou-signing",
        "event:strategy-announcement-rabat",
    ]
    assert all(e["date"] is None and e["citations"] for e in timeline["undated"])


def test_a_deadline_stated_three_times_is_one_cited_entry(
    client: TestClient,
    timeline: dict[str, Any],
) -> None:
    [entry] = [
        e
        for e in timeline["items"]
        if e["id"] == "target_deadline:morocco-ai-2030:value_added:100000000000:MAD"
    ]
    assert entry["figure_ids"] == ["value-added-000", "value-added-000-headline", "value-added-002"]
    assert (entry["value"], entry["unit"]) == (100_000_000_000, "MAD")
    quotes = {c["quote"] for c in entry["citations"]}
    assert "بحلول عام 2030" in quotes
    assert "إضافة 100 مليار درهم إلى الناتج المحلي الإجمالي" in quotes
    for c in entry["citations"]:
        text = client.get(f"/v1/sources/{c['source_id']}").json()["text"]
        assert text[c["start"] : c["end"]] == c["quote"]


def test_every_entry_is_cited(timeline: dict[str, Any]) -> None:
    assert all(e["citations"] for e in timeline["items"])


def test_filters(client: TestClient) -> None:
    body = client.get("/v1/timeline?from_year=2029&to_year=2030").json()
    assert [e["date"] for e in body["items"]] == ["2029", "2030", "2030", "2030"]
    body = client.get("/v1/timeline?type=event").json()
    assert {e["type"] for e in body["items"]} == {"event"} and len(body["items"]) == 4
    assert client.get("/v1/timeline?type=nope").status_code == 422
    assert client.get("/v1/timeline?year=2030").status_code == 400
