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
    got = [(e["id"], e["date"], e["date_precision"], e["date_basis"]) for e in timeline["items"]]
    assert got == [
        ("fund_period_start:morocco-ai-2030:investment:11000000000:MAD", "2024", "year", "article"),
        ("event:ustda-visit-rabat-2024", "2024", "mid_year", "article"),
        # "last July", before the page date 2026-01-16: worked out, and says so
        ("event:national-ai-forum", "2025-07", "month", "inferred"),
        ("event:onepoint-signing", "2025-07-22", "day", "article"),
        ("fund_period_end:morocco-ai-2030:investment:11000000000:MAD", "2026", "year", "article"),
        ("target_deadline:onepoint-centre-of-excellence:jobs:500:jobs", "2029", "year", "article"),
        ("target_deadline:morocco-ai-2030:jobs:50000:jobs", "2030", "year", "article"),
        ("target_deadline:morocco-ai-2030:value_added:100000000000:MAD", "2030", "year", "article"),
        (
            "fund_period_end:morocco-ai-2030:plan_investment:10000000000:USD",
            "2030",
            "year",
            "article",
        ),
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
    forum = by_id["event:national-ai-forum"]
    assert forum["date_text_ar"] == "في يوليو الماضي"
    assert forum["date_inferred_from"] == (
        "«الملتقى الوطني للذكاء الاصطناعي الذي انعقد في يوليو الماضي» (001) names a month "
        "without a year; the page date «الجمعة, 16 يناير 2026» (001) makes it the last July "
        "before it, July 2025"
    )
    assert by_id["event:onepoint-signing"]["date_text_ar"] == "الرباط –22 يوليوز 2025"
    assert by_id["event:onepoint-signing"]["date_inferred_from"] is None


def test_a_weekday_without_a_date_is_not_dated(timeline: dict[str, Any]) -> None:
    """«يوم الاثنين» (001) names a weekday; 2026-01-16 is the page header's date, a Friday.
    No date is served, the wording is kept, and only the page date's bound, marked inferred."""
    [day] = [e for e in timeline["undated"] if e["id"] == "event:ai-made-in-morocco-day"]
    assert (day["date"], day["date_precision"], day["date_text_ar"]) == (None, None, "يوم الاثنين")
    assert (day["earliest"], day["latest"], day["date_basis"]) == (None, "2026-01-16", "inferred")
    assert "names a weekday, not a date, so no date is given" in day["date_inferred_from"]


def test_undated_events_are_listed_apart(timeline: dict[str, Any]) -> None:
    assert [e["id"] for e in timeline["undated"]] == [
        "event:ai-made-in-morocco-day",
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
    assert {e["type"] for e in body["items"]} == {"event"} and len(body["items"]) == 3
    assert client.get("/v1/timeline?type=nope").status_code == 422
    assert client.get("/v1/timeline?year=2030").status_code == 400
