"""Every value masdar serves that no quote states says its basis, wherever it is served
(top level, nested, lists, CSV, JSON-LD), and ``?basis=article`` leaves such values out."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient


def test_a_country_from_general_knowledge_says_so_inside_a_fund(client: TestClient) -> None:
    """Oracle is American: no article says so. Its fund shows the country and its basis."""
    giver = client.get("/v1/funds/oracle-investment-003").json()["giver"]
    assert (giver["id"], giver["country"], giver["country_basis"]) == (
        "oracle",
        "US",
        "general_knowledge",
    )
    stated = client.get("/v1/funds/oracle-investment-003?basis=article").json()["giver"]
    assert (stated["country"], stated["country_basis"]) == (None, "general_knowledge")


@pytest.mark.parametrize(
    ("path", "find"),
    [
        ("/v1/initiatives/dakhla-data-centre", lambda b: b["partners"][0]["partner"]),
        ("/v1/people/omar-seghrouchni", lambda b: b["roles"][0]["organisation"]),
        (
            "/v1/events/mistral-mou-signing",
            lambda b: next(
                p["partner"] for p in b["participants"] if p["partner"]["id"] == "mtnra"
            ),
        ),
    ],
)
def test_nested_partners_carry_their_country_basis(
    client: TestClient, path: str, find: object
) -> None:
    partner = find(client.get(path).json())  # type: ignore[operator]
    # TAQA Morocco, the CNDP, the MTNRA: Moroccan by general knowledge, not by a quote
    assert (partner["country"], partner["country_basis"]) == ("MA", "general_knowledge")


def test_an_article_stated_country_stays_with_basis_article(client: TestClient) -> None:
    body = client.get("/v1/partners/mistral-ai?basis=article").json()
    assert (body["country"], body["country_basis"]) == ("FR", "article")  # «الفرنسية» (000)


def test_a_date_worked_out_from_last_july_is_inferred_and_says_from_what(
    client: TestClient,
) -> None:
    event = client.get("/v1/events/national-ai-forum").json()
    assert (event["date"], event["date_basis"]) == ("2025-07", "inferred")
    assert "«الجمعة, 16 يناير 2026» (001)" in event["date_inferred_from"]
    assert (event["happened_year"], event["happened_month"]) == (None, 7)  # as written
    stated = client.get("/v1/events/national-ai-forum?basis=article").json()
    assert (stated["date"], stated["not_after"], stated["happened_month"]) == (None, None, 7)


def test_a_weekday_is_not_a_date(client: TestClient) -> None:
    event = client.get("/v1/events/ai-made-in-morocco-day").json()
    assert (event["date"], event["date_text_ar"]) == (None, "يوم الاثنين")
    assert (event["date_basis"], event["date_inferred_from"]) == (None, None)
    assert "names a weekday, not a date" in event["date_note"]
    assert (event["not_after"], event["not_after_basis"]) == ("2026-01-16", "inferred")
    assert "«الجمعة, 16 يناير 2026» (001)" in event["not_after_inferred_from"]
    # 001: the day follows the national forum «الذي انعقد في يوليو الماضي» → after July 2025
    assert (event["not_before"], event["not_before_basis"]) == ("2025-07-01", "inferred")
    assert (
        "«الملتقى الوطني للذكاء الاصطناعي الذي انعقد في يوليو الماضي» (001)"
        in (event["not_before_inferred_from"])
    )
    stated = client.get("/v1/events/ai-made-in-morocco-day?basis=article").json()
    assert (stated["not_before"], stated["not_after"]) == (None, None)


def test_every_event_basis_is_null_exactly_when_its_value_is(client: TestClient) -> None:
    for event in client.get("/v1/events?limit=200").json()["items"]:
        for name in ("date", "not_before", "not_after"):
            value, basis = event[name], event[f"{name}_basis"]
            assert (value is None) == (basis is None), (event["id"], name)
            assert (basis == "inferred") == (event[f"{name}_inferred_from"] is not None)


def test_a_dated_signing_is_article(client: TestClient) -> None:
    event = client.get("/v1/events/onepoint-signing").json()
    assert (event["date"], event["date_basis"], event["date_inferred_from"]) == (
        "2025-07-22",
        "article",
        None,
    )


def test_computed_figures_say_so_and_leave_article_only_answers(client: TestClient) -> None:
    fig = client.get("/v1/figures/pass-total-stipends").json()
    assert (fig["value"], fig["value_basis"], fig["formula"]) == (
        302_400_000,
        "computed",
        "product",
    )
    assert client.get("/v1/figures/dakhla-capacity-000").json()["value_basis"] == "article"
    r = client.get("/v1/figures/pass-total-stipends?basis=article")
    assert r.status_code == 404 and "computed by masdar" in r.json()["detail"]
    listed = client.get("/v1/figures?limit=200&basis=article").json()["items"]
    assert len(listed) == 29 and not any(f["derived"] for f in listed)
    pass_figs = client.get("/v1/initiatives/pass-programme").json()["figures"]
    assert {f["id"]: f["value_basis"] for f in pass_figs}["pass-total-stipends"] == "computed"
    stated = client.get("/v1/initiatives/pass-programme?basis=article").json()["figures"]
    assert "pass-total-stipends" not in {f["id"] for f in stated}


def test_article_only_timeline_moves_inferred_dates_to_undated(client: TestClient) -> None:
    body = client.get("/v1/timeline?basis=article").json()
    assert "event:national-ai-forum" not in [e["id"] for e in body["items"]]
    forum = next(e for e in body["undated"] if e["id"] == "event:national-ai-forum")
    assert (forum["date"], forum["date_text_ar"]) == (None, "في يوليو الماضي")


def test_csv_carries_the_basis_columns(client: TestClient) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/v1/partners?format=csv&limit=200").content.decode("utf-8-sig"))
        )
    )
    oracle = next(r for r in rows if r["id"] == "oracle")
    assert (oracle["country"], oracle["country_basis"]) == ("US", "general_knowledge")
    events = client.get("/v1/events?format=csv").content.decode("utf-8-sig")
    forum = next(r for r in csv.DictReader(io.StringIO(events)) if r["id"] == "national-ai-forum")
    assert (forum["date"], forum["date_basis"]) == ("2025-07", "inferred")


def test_json_ld_asserts_no_country_from_general_knowledge(client: TestClient) -> None:
    nodes = client.get("/v1/export.jsonld").json()["@graph"]
    graph = {n["@id"].removeprefix("http://testserver"): n for n in nodes}  # absolute IRIs
    assert "address" not in graph["/v1/partners/oracle"]  # US from general knowledge
    assert graph["/v1/partners/mistral-ai"]["address"]["addressCountry"] == "FR"  # «الفرنسية»
    dakhla = graph["/v1/initiatives/dakhla-data-centre"]["location"]
    assert dakhla == {"@type": "Place", "name": "Dakhla"}  # the region is general knowledge
    stipends = graph["/v1/funds/pass-total-stipends"]
    props = {p["name"]: p["value"] for p in stipends["additionalProperty"]}
    assert props["value_basis"] == "computed"
    forum = graph["/v1/events/national-ai-forum"]
    assert "startDate" not in forum  # 2025-07 is inferred, not asserted


def test_basis_is_checked(client: TestClient) -> None:
    r = client.get("/v1/partners?basis=stated")
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


def test_basis_article_filters_a_page_written_on_the_event_loop() -> None:
    """A page whose items are written later (``Page.writer``: the figures list's shortcut)
    is filtered as it is written: a computed figure is left out, an inferred value nulled."""
    from app.services.basis import stated_only
    from app.services.pages import Page

    page = Page([{"id": "raw"}], "next")
    page.writer = lambda: [
        {"id": "stated", "value": 500, "value_basis": "article", "label_basis": "translation"},
        {"id": "sum", "value": 1.27e9, "value_basis": "computed", "label_basis": "masdar"},
    ]
    filtered = stated_only(page)
    assert filtered.next_key == "next" and filtered.writer is not None
    assert [i["id"] for i in filtered.writer()] == ["stated"]
