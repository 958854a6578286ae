"""Proposals through HTTP on both databases: a new article read, its figures proposed with
their quotes, candidates and matches, accepted (through the write path) or rejected."""

from __future__ import annotations

from typing import Any

from tests.curation.conftest import Curation
from tests.proposals.conftest import ARTICLES, by_quote, proposals_of

SYNTHETIC_1 = (ARTICLES / "synthetic-1.txt").read_text(encoding="utf-8")


def post_article(cur: Curation, sid: str, text: str, **extra: Any) -> Any:
    return cur.client.post(
        "/v1/sources", headers=cur.curator, json={"id": sid, "kind": "news", "text": text, **extra}
    )


def accept(cur: Curation, pid: str, **edits: Any) -> Any:
    return cur.client.post(f"/v1/proposals/{pid}/accept", headers=cur.curator, json=edits)


def test_a_new_article_is_read_when_it_is_posted(cur: Curation) -> None:
    r = post_article(cur, "synthetic-1", SYNTHETIC_1)
    assert r.status_code == 201, r.text
    assert (
        r.headers["link"] == '</v1/sources/synthetic-1/proposals>; rel="related"; title="proposals"'
    )
    figures = proposals_of(cur, "synthetic-1", figure="true")
    assert len(figures) == 8
    total = by_quote(figures, "مليارين درهم")
    assert (total["kind"], total["value"], total["unit"], total["period_end_year"]) == (
        "fund",
        2_000_000_000,
        "MAD",
        2029,
    )
    assert total["citations"][0] | {"prefix": "", "suffix": ""} == {
        "source_id": "synthetic-1",
        "quote": "مليارين درهم",
        "start": 200,
        "end": 212,
        "occurrence": None,
        "field": "value",
        "prefix": "",
        "suffix": "",
    }
    assert SYNTHETIC_1[200:212] == "مليارين درهم"
    grants, labs = (by_quote(figures, q) for q in ("٨٠٠ مليون درهم", "1.200 مليون درهم"))
    assert total["components"] == [grants["id"], labs["id"]]
    assert (grants["parent_id"], labs["value"]) == (total["id"], 1_200_000_000)
    per_lab = by_quote(figures, "ما بين 200 و300 باحث")
    assert (per_lab["value"], per_lab["value_high"], per_lab["qualifier"]) == (200, 300, "range")
    assert per_lab["deadline_year"] == 2028
    women = by_quote(figures, "لا يقل عن ٣٥ في المائة")
    assert (women["value"], women["unit"], women["qualifier"]) == (35, "percent", "at_least")
    dropout = by_quote(figures, "أقل من 5 في المائة")
    assert (dropout["value"], dropout["qualifier"]) == (5, "less_than")
    others = proposals_of(cur, "synthetic-1", figure="false")
    assert {(p["not_figure"], p["citations"][0]["quote"]) for p in others} >= {
        ("date", "3 مارس 2027"),
        ("reference", "رقم 09.08"),
        ("reference", "المادة 12"),
        ("ordinal", "المرتبة 3"),
        ("year", "عام 2024"),
    }
    assert all(p["reason"] and p["basis"] == "reading" for p in others)


def test_candidates_and_matches_with_existing_claims(cur: Curation) -> None:
    post_article(cur, "synthetic-1", SYNTHETIC_1)
    figures = proposals_of(cur, "synthetic-1", figure="true")
    dakhla = by_quote(figures, "500 ميغاواط")
    assert dakhla["subjects"][0]["id"] == "dakhla-data-centre"
    assert dakhla["subjects"][0]["via"] == "مجمع الداخلة"
    assert [(m["relation"], m["figure_id"]) for m in dakhla["matches"]] == [
        ("corroborates", "dakhla-capacity-000"),
        ("corroborates", "dakhla-capacity-002"),
        ("corroborates", "dakhla-capacity-003"),
    ]
    assert dakhla["matches"][0]["claim_id"] == "dakhla-data-centre:power_capacity:500:MW"
    researchers = by_quote(figures, "حوالي 1.500 باحث")
    assert researchers["subjects"][0]["id"] == "pass-programme"
    (differs,) = researchers["matches"]
    assert (differs["relation"], differs["figure_id"], differs["value"]) == (
        "differs",
        "pass-researchers-003",
        1200,
    )


def test_a_seed_article_read_again_matches_its_curated_figures(cur: Curation) -> None:
    r = cur.client.post("/v1/sources/003/proposals", headers=cur.curator)
    assert r.status_code == 200, r.text
    assert r.json() | {"url": None} == {
        "source_id": "003",
        "characters": 4310,
        "script": "Arabic",
        "readable": True,
        "note": None,
        "figures": 14,
        "not_figures": 14,
        "pending": 14,
        "accepted": 0,
        "rejected": 0,
        "url": None,
    }
    figures = proposals_of(cur, "003", figure="true")
    fund = by_quote(figures, "1.3 مليار درهم")
    assert [by_id["value"] for by_id in figures if by_id["id"] in fund["components"]] == [
        750_000_000,
        450_000_000,
        70_000_000,
    ]
    assert fund["matches"][0] | {"why": ""} == {
        "relation": "recorded",
        "figure_id": "investors-fund-003",
        "claim_id": "investors-founders-fund:fund_size:1300000000:MAD",
        "subject_id": "investors-founders-fund",
        "metric": "fund_size",
        "value": 1_300_000_000,
        "unit": "MAD",
        "qualifier": None,
        "sources": ["003"],
        "why": "",
    }
    plan = next(p for p in figures if p["value"] == 10_000_000_000)
    assert [c["occurrence"] for c in plan["citations"] if c["field"] == "value"] == [1, 2, 3, 4, 5]
    oracle = by_quote(figures, "140 مليون دولار")
    assert oracle["givers"][0]["id"] == "oracle"
    assert oracle["subjects"][0]["id"] == "oracle-cloud-regions"


def test_accepting_creates_the_figure_with_its_history(cur: Curation) -> None:
    post_article(cur, "synthetic-1", SYNTHETIC_1)
    before = cur.counts()
    dakhla = by_quote(proposals_of(cur, "synthetic-1", figure="true"), "500 ميغاواط")
    r = accept(cur, dakhla["id"])
    assert r.status_code == 201, r.text
    body = r.json()
    figure = body["figure"]
    assert (
        r.headers["location"]
        == f"/v1/targets/{figure['id']}"
        == "/v1/targets/power-capacity-synthetic-1"
    )
    assert (figure["value"], figure["unit"], figure["metric"], figure["target_kind"]) == (
        500,
        "MW",
        "power_capacity",
        "capacity",
    )
    assert figure["initiative"]["id"] == "dakhla-data-centre"
    (c,) = figure["citations"]
    assert (c["quote"], c["start"], c["end"]) == ("500 ميغاواط", 684, 695)
    assert body["proposal"]["status"] == "accepted"
    assert body["proposal"]["figure_id"] == figure["id"]
    assert body["proposal"]["decision"]["by"]["name"] == "curator-1"
    history = cur.client.get(f"/v1/targets/{figure['id']}/history").json()["items"]
    assert [(h["action"], h["actor"]["name"]) for h in history] == [("create", "curator-1")]
    after = cur.counts()
    assert (after["figure"], after["target"], after["revision"]) == (
        before["figure"] + 1,
        before["target"] + 1,
        before["revision"] + 1,
    )
    claim = cur.client.get("/v1/claims/dakhla-data-centre:power_capacity:500:MW").json()
    assert claim["corroborated_by"] == 4
    again = accept(cur, dakhla["id"])
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert "decided once" in again.json()["detail"]
    reject = cur.client.post(
        f"/v1/proposals/{dakhla['id']}/reject", headers=cur.curator, json={"reason": "late"}
    )
    assert reject.status_code == 409
    assert cur.counts() == after


def test_accepting_with_edits_and_parts_of_a_total(cur: Curation) -> None:
    post_article(cur, "synthetic-1", SYNTHETIC_1)
    figures = proposals_of(cur, "synthetic-1", figure="true")
    total, grants = by_quote(figures, "مليارين درهم"), by_quote(figures, "٨٠٠ مليون درهم")
    r = accept(cur, total["id"], id="pass-phase-2-budget", label="PASS phase 2 budget")
    assert r.status_code == 201, r.text
    assert (r.json()["figure"]["id"], r.json()["figure"]["label"]) == (
        "pass-phase-2-budget",
        "PASS phase 2 budget",
    )
    assert r.json()["figure"]["period_end_year"] == 2029
    part = accept(cur, grants["id"])
    assert part.status_code == 201, part.text
    fund = cur.client.get(f"/v1/funds/{part.json()['figure']['id']}").json()
    assert fund["parent"]["id"] == "pass-phase-2-budget"
    per_lab = by_quote(figures, "ما بين 200 و300 باحث")
    refused = accept(cur, per_lab["id"])
    assert refused.status_code == 422
    assert "a range (200–300)" in refused.json()["detail"]
    upper = accept(cur, per_lab["id"], value=300, qualifier="up_to")
    assert upper.status_code == 201, upper.text
    assert (upper.json()["figure"]["value"], upper.json()["figure"]["deadline_year"]) == (300, 2028)


def test_an_edit_that_breaks_the_quote_is_refused_and_nothing_is_stored(cur: Curation) -> None:
    post_article(cur, "synthetic-1", SYNTHETIC_1)
    dakhla = by_quote(proposals_of(cur, "synthetic-1", figure="true"), "500 ميغاواط")
    before = cur.counts()
    cases = [
        ({"value": 600}, "the number 600 is not in its quote «500 ميغاواط»"),
        (
            {"citations": [{"source_id": "synthetic-1", "quote": "500 ميغاوات"}]},
            "not verbatim in source synthetic-1",
        ),
        ({"subject_id": "no-such-initiative"}, "unknown initiative"),
        ({"qualifier": "roughly"}, "Invalid body"),
    ]
    for edits, message in cases:
        r = accept(cur, dakhla["id"], **edits)
        assert r.status_code == 422, (edits, r.text)
        assert message in r.json()["detail"], r.json()
    assert cur.counts() == before
    still = cur.client.get(f"/v1/proposals/{dakhla['id']}", headers=cur.curator).json()
    assert (still["status"], still["figure_id"]) == ("pending", None)


def test_rejecting_keeps_the_reason(cur: Curation) -> None:
    post_article(cur, "synthetic-1", SYNTHETIC_1)
    rank = by_quote(proposals_of(cur, "synthetic-1"), "المرتبة 3")
    assert (rank["is_figure"], rank["not_figure"]) == (False, "ordinal")
    no_unit = accept(cur, rank["id"])
    assert no_unit.status_code == 422 and "as no figure" in no_unit.json()["detail"]
    empty = cur.client.post(f"/v1/proposals/{rank['id']}/reject", headers=cur.curator, json={})
    assert empty.status_code == 422
    r = cur.client.post(
        f"/v1/proposals/{rank['id']}/reject",
        headers=cur.curator,
        json={"reason": "a rank, not a figure"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["decision"]["reason"]) == (
        "rejected",
        "a rank, not a figure",
    )
    assert r.json()["decision"]["at"].endswith("+00:00")
    listed = proposals_of(cur, "synthetic-1", status="rejected")
    assert [p["id"] for p in listed] == [rank["id"]]


def test_reading_again_keeps_decisions(cur: Curation) -> None:
    post_article(cur, "synthetic-1", SYNTHETIC_1)
    dakhla = by_quote(proposals_of(cur, "synthetic-1", figure="true"), "500 ميغاواط")
    accept(cur, dakhla["id"])
    r = cur.client.post("/v1/sources/synthetic-1/proposals", headers=cur.curator)
    assert (r.json()["accepted"], r.json()["pending"], r.json()["figures"]) == (1, 7, 8)
    kept = cur.client.get(f"/v1/proposals/{dakhla['id']}", headers=cur.curator).json()
    assert kept["status"] == "accepted"


def test_proposals_are_for_curators_only(cur: Curation) -> None:
    post_article(cur, "synthetic-1", SYNTHETIC_1)
    pid = proposals_of(cur, "synthetic-1")[0]["id"]
    for method, path in [
        ("get", "/v1/sources/synthetic-1/proposals"),
        ("get", f"/v1/proposals/{pid}"),
        ("post", f"/v1/proposals/{pid}/accept"),
        ("post", "/v1/sources/synthetic-1/proposals"),
    ]:
        r = getattr(cur.client, method)(path)
        assert r.status_code == 401, (path, r.text)
        assert r.headers["www-authenticate"].startswith("Bearer")


def test_an_article_without_numbers_has_no_proposals(cur: Curation) -> None:
    r = post_article(cur, "no-numbers", "أعلنت الوزارة عن برنامج جديد للذكاء الاصطناعي في الرباط.")
    assert r.status_code == 201, r.text
    page = cur.client.get("/v1/sources/no-numbers/proposals", headers=cur.curator)
    assert page.status_code == 200
    assert page.json() == {"items": [], "next_cursor": None}


def test_text_in_another_script_gets_no_proposals_and_says_why(cur: Curation) -> None:
    text = "Министерство объявило о программе в 2026 году: 500 МВт и 1200 исследователей."
    assert post_article(cur, "cyrillic", text).status_code == 201
    assert proposals_of(cur, "cyrillic") == []
    summary = cur.client.post("/v1/sources/cyrillic/proposals", headers=cur.curator).json()
    assert (summary["script"], summary["readable"], summary["figures"]) == ("Cyrillic", False, 0)
    assert "Arabic and English only" in summary["note"]


def test_a_text_too_long_to_read_is_refused_with_the_limit(cur: Curation, make_client: Any) -> None:
    megabyte = ("نص " * 350_000)[:1_000_000]
    big = post_article(cur, "too-long", megabyte)
    assert big.status_code == 413  # MASDAR_MAX_BODY_BYTES (1 MiB) counts UTF-8 bytes
    roomy = make_client(cur.url, rate_limit=False, max_body_bytes=8 * 2**20)
    with roomy:
        before = cur.counts()
        r = roomy.post(
            "/v1/sources",
            headers=cur.curator,
            json={"id": "too-long", "kind": "news", "text": megabyte},
        )
        assert r.status_code == 422, r.text
        assert r.json()["detail"] == (
            "the text is 1,000,000 characters long; masdar reads articles of up to 100,000 "
            "characters for proposals (MASDAR_PROPOSE_MAX_CHARS)"
        )
        assert cur.counts() == before


def test_a_retracted_sources_proposals_are_gone(cur: Curation) -> None:
    post_article(cur, "short-lived", "سيتم إحداث 40 مركزًا جديدًا بحلول عام 2028.")
    (p,) = proposals_of(cur, "short-lived", figure="true")
    assert (p["value"], p["unit"], p["deadline_year"]) == (40, "centres", 2028)
    tag = cur.etag("/v1/sources/short-lived")
    gone = cur.client.delete("/v1/sources/short-lived", headers={**cur.admin, "If-Match": tag})
    assert gone.status_code == 200, gone.text
    for method, path in [
        ("get", "/v1/sources/short-lived/proposals"),
        ("get", f"/v1/proposals/{p['id']}"),
        ("post", f"/v1/proposals/{p['id']}/accept"),
        ("post", "/v1/sources/short-lived/proposals"),
    ]:
        r = getattr(cur.client, method)(path, headers=cur.curator)
        assert r.status_code == 404, (path, r.text)


def test_a_changed_text_is_read_again(cur: Curation) -> None:
    post_article(cur, "draft", "سيتم إحداث 40 مركزًا جديدًا.")
    tag = cur.etag("/v1/sources/draft")
    r = cur.client.patch(
        "/v1/sources/draft",
        headers={**cur.curator, "If-Match": tag},
        json={"text": "سيتم إحداث 45 مركزًا جديدًا."},
    )
    assert r.status_code == 200, r.text
    (p,) = proposals_of(cur, "draft", figure="true")
    assert (p["value"], p["citations"][0]["quote"]) == (45, "45 مركزًا")


def test_pages_follow_the_article(cur: Curation) -> None:
    cur.client.post("/v1/sources/003/proposals", headers=cur.curator)
    first = cur.client.get("/v1/sources/003/proposals?limit=5", headers=cur.curator)
    assert first.status_code == 200
    assert 'rel="next"' in first.headers["link"]
    every = proposals_of(cur, "003")
    assert [p["id"] for p in every[:5]] == [p["id"] for p in first.json()["items"]]
    assert [p["number"]["start"] for p in every] == sorted(p["number"]["start"] for p in every)
    assert len(every) == 28
