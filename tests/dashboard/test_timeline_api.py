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
    No date is served, so no date basis either; the wording is kept, and the bounds 001
    allows, each inferred and saying from what: after the national forum «الذي انعقد في
    يوليو الماضي» (July 2025 by the page date), not after the page date."""
    [day] = [e for e in timeline["undated"] if e["id"] == "event:ai-made-in-morocco-day"]
    assert (day["date"], day["date_precision"], day["date_text_ar"]) == (None, None, "يوم الاثنين")
    assert (day["date_basis"], day["date_inferred_from"]) == (None, None)
    assert "names a weekday, not a date" in day["date_note"]
    assert (day["earliest"], day["earliest_basis"]) == ("2025-07-01", "inferred")
    assert day["earliest_inferred_from"] == (
        "«الملتقى الوطني للذكاء الاصطناعي الذي انعقد في يوليو الماضي» (001) and «هذا اليوم يأتي "
        "استكمالاً للملتقى الوطني للذكاء الاصطناعي» (001), read against the page date «الجمعة, 16 "
        "يناير 2026» (001), bound it: not before 2025-07-01"
    )
    assert (day["latest"], day["latest_basis"]) == ("2026-01-16", "inferred")
    assert day["latest_inferred_from"].startswith(
        "the page date «الجمعة, 16 يناير 2026» (001) bounds it: not after 2026-01-16"
    )


def test_a_null_value_has_a_null_basis(timeline: dict[str, Any]) -> None:
    """Every entry, dated or not: a basis (and what it was inferred from) only beside a
    value; an inferred value always says from what."""
    for e in timeline["items"] + timeline["undated"]:
        for name in ("date", "earliest", "latest"):
            value, basis, why = e[name], e[f"{name}_basis"], e[f"{name}_inferred_from"]
            assert (value is None) == (basis is None), (e["id"], name)
            assert (basis == "inferred") == (why is not None), (e["id"], name)
        assert (e["date_precision"] is None) == (e["date"] is None), e["id"]
    forum = next(e for e in timeline["items"] if e["id"] == "event:national-ai-forum")
    assert (forum["earliest"], forum["earliest_basis"]) == ("2025-07-01", "inferred")
    assert (forum["latest"], forum["latest_basis"]) == ("2025-07-31", "inferred")
    visit = next(e for e in timeline["items"] if e["id"] == "event:ustda-visit-rabat-2024")
    # «في منتصف عام 2024» is the article's; April to September is masdar's reading of it
    assert (visit["date"], visit["date_basis"]) == ("2024", "article")
    for bound in ("earliest", "latest"):
        assert visit[f"{bound}_basis"] == "inferred"
        assert visit[f"{bound}_inferred_from"] == (
            "«خلال زيارة إلى الرباط في منتصف عام 2024» (002) says mid-2024: masdar reads "
            "mid-year as 1 April to 30 September"
        )
    announced = next(
        e for e in timeline["undated"] if e["id"] == "event:strategy-announcement-rabat"
    )
    assert announced["date_note"] == "no article dates it, and none bounds it"


def test_article_only_keeps_no_basis_without_its_value(client: TestClient) -> None:
    body = client.get("/v1/timeline?basis=article").json()
    [day] = [e for e in body["undated"] if e["id"] == "event:ai-made-in-morocco-day"]
    assert (day["earliest"], day["earliest_basis"], day["latest"], day["latest_basis"]) == (
        None,
        None,
        None,
        None,
    )
    for e in body["items"] + body["undated"]:
        for name in ("date", "earliest", "latest"):
            assert (e[name] is None) == (e[f"{name}_basis"] is None), (e["id"], name)


FIGURE_TITLES_AR = {
    # the value and the date, as one article writes them together
    "fund_period_start:morocco-ai-2030:investment:11000000000:MAD": (
        "خصصت الحكومة 11 مليار درهم للفترة 2024 – 2026",
        "002",
    ),
    "fund_period_end:morocco-ai-2030:investment:11000000000:MAD": (
        "خصصت الحكومة 11 مليار درهم للفترة 2024 – 2026",
        "002",
    ),
    "target_deadline:onepoint-centre-of-excellence:jobs:500:jobs": (
        "خلق أكثر من 500 فرصة شغل عالية التأهيل في أفق سنة 2029",
        "004",
    ),
    "target_deadline:morocco-ai-2030:jobs:50000:jobs": (
        "ما يقارب 50 ألف فرصة عمل مباشرة وغير مباشرة بحلول عام 2030",
        "000",
    ),
    "target_deadline:morocco-ai-2030:value_added:100000000000:MAD": (
        "إضافة 100 مليار درهم إلى الناتج المحلي الإجمالي بحلول عام 2030",
        "002",
    ),
    "fund_period_end:morocco-ai-2030:plan_investment:10000000000:USD": (
        "10 مليارات دولار تمتد حتى 2030",
        "003",
    ),
}


def test_a_figure_entry_s_arabic_title_is_its_own_article_s_words(
    timeline: dict[str, Any],
) -> None:
    """Not the initiative's name «خطة المغرب للذكاء الاصطناعي 2030», which only 003 writes:
    the words of the entry's own figure, from the article that states them."""
    got = {
        e["id"]: (e["title_ar"], e["title_ar_source"])
        for e in timeline["items"]
        if e["type"] != "event"
    }
    assert got == FIGURE_TITLES_AR
    assert not any("خطة المغرب للذكاء الاصطناعي" in t for t, _ in got.values())


def test_every_arabic_title_is_written_by_an_article_of_the_entry(
    client: TestClient, timeline: dict[str, Any]
) -> None:
    texts = {
        s: client.get(f"/v1/sources/{s}").json()["text"] for s in "000 001 002 003 004".split()
    }
    for e in timeline["items"] + timeline["undated"]:
        if e["title_ar"] is None:
            assert e["title_ar_source"] is None, e["id"]
            continue
        assert e["title_ar_source"] in {c["source_id"] for c in e["citations"]}, e["id"]
        assert e["title_ar"] in texts[e["title_ar_source"]], e["id"]
    assert "title_ar" in timeline["rules"] and "bounds" in timeline["rules"]


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
