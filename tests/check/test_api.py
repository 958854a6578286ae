"""``POST /v1/check`` and ``GET /v1/check`` over HTTP, on both databases: the readings,
verdicts, evidence and explanations of real sentences; bad input; checks are reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

JOBS = "المغرب سيخلق 60 ألف فرصة عمل بفضل الذكاء الاصطناعي بحلول 2030"
ORACLE = "Oracle will invest $140 million in two cloud regions in Casablanca and Settat."
PROBLEM = "application/problem+json"


def check(client: TestClient, text: str, **extra: Any) -> dict[str, Any]:
    r = client.post("/v1/check", json={"text": text, **extra})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_an_arabic_sentence_that_differs(client: TestClient, texts: dict[str, str]) -> None:
    got = check(client, JOBS)
    assert (got["lang"], got["direction"], got["characters"]) == ("ar", "rtl", len(JOBS))
    [s] = got["statements"]
    assert s["span"] == {"start": 13, "end": 28, "text": "60 ألف فرصة عمل"}
    assert JOBS[13:28] == "60 ألف فرصة عمل"
    assert s["number"] == {"start": 13, "end": 19, "text": "60 ألف"}
    r = s["reading"]
    assert (r["value"], r["unit"], r["qualifier"], r["year"], r["precision"]) == (
        60_000,
        "jobs",
        None,
        2030,
        1000,
    )
    assert r["year_span"] == {"start": 51, "end": 61, "text": "بحلول 2030"}
    assert (s["verdict"], s["differs_in"], s["basis"]) == ("differs", ["value"], "inferred")
    assert s["explanation"] == (
        "The articles say about 50,000 jobs by 2030 (000) and 50,000 jobs (000, 002) for "
        "Morocco AI 2030; the sentence says 60,000 jobs by 2030."
    )
    assert s["explanation_ar"] == (
        "تقول المقالات نحو 50 ألف فرصة عمل بحلول 2030 (000) و50 ألف فرصة عمل (000، 002) عن "
        "خطة المغرب للذكاء الاصطناعي 2030؛ والجملة تقول 60 ألف فرصة عمل بحلول 2030."
    )
    [claim] = s["evidence"]
    assert (claim["claim_id"], claim["corroborated_by"], claim["sources"]) == (
        "morocco-ai-2030:jobs:50000:jobs",
        2,
        ["000", "002"],
    )
    assert claim["relation"] == "differs" and claim["url"] == f"/v1/claims/{claim['claim_id']}"
    assert {f["id"]: f["qualifier"] for f in claim["figures"]} == {
        "jobs-000": "approximate",
        "jobs-000-headline": None,
        "jobs-002": None,
    }
    for f in claim["figures"]:
        assert f["url"] == f"/figures/{f['id']}" and f["basis"] == "article"
        for q in f["citations"]:  # every quote verbatim at its offsets, linked to its mark
            assert texts[q["source_id"]][q["start"] : q["end"]] == q["quote"]
            assert q["url"] == f"/sources/{q['source_id']}#citation-{q['id']}"
    quotes = {q["quote"]: (q["start"], q["end"]) for f in claim["figures"] for q in f["citations"]}
    assert quotes["ما يقارب 50 ألف فرصة عمل مباشرة وغير مباشرة"] == (288, 331)
    [conflict] = claim["conflicts"]
    assert (conflict["kind"], conflict["class"], conflict["status"]) == (
        "qualifier_mismatch",
        "different_hedges",
        "proposed",
    )
    assert got["skipped"] == [
        {
            "span": {"start": 51, "end": 61, "text": "بحلول 2030"},
            "number": {"start": 57, "end": 61, "text": "2030"},
            "kind": "year",
            "reason": "a deadline year, stated with the figure it bounds",
        }
    ]
    assert got["counts"] == {"supported": 0, "differs": 1, "not_found": 0, "skipped": 1}


def test_an_english_sentence_supported(client: TestClient, texts: dict[str, str]) -> None:
    got = check(client, ORACLE)
    assert (got["lang"], got["direction"]) == ("en", "ltr")
    money, regions = got["statements"]
    assert (money["span"]["text"], money["reading"]["value"], money["reading"]["unit"]) == (
        "$140 million",
        140_000_000,
        "USD",
    )
    assert [p["id"] for p in money["reading"]["partners"]] == ["oracle"]
    assert money["verdict"] == "supported" and money["explanation_ar"] is None
    assert money["explanation"] == (
        "The article says $140 million (003) for Oracle cloud regions in Casablanca and "
        "Settat, as the sentence does."
    )
    [claim] = money["evidence"]
    [figure] = claim["figures"]
    assert figure["giver"] == {"id": "oracle", "name": "Oracle"}
    [q] = figure["citations"]
    assert (q["quote"], q["source_id"]) == ("استثمار 140 مليون دولار", "003")
    assert texts["003"][q["start"] : q["end"]] == q["quote"]
    assert (regions["span"]["text"], regions["verdict"]) == ("two cloud regions", "supported")
    assert regions["evidence"][0]["claim_id"] == "oracle-cloud-regions:cloud_regions:2:count"


ONEPOINT = "The Onepoint centre of excellence will create"
VERDICTS = [
    ("Mistral AI will invest $140 million in two cloud regions.", "differs differs", "subject"),
    ("Oracle will invest 140 million dirhams in cloud regions.", "differs", "unit"),
    (f"{ONEPOINT} 500 jobs by 2029.", "differs", "hedge_dropped"),
    (f"{ONEPOINT} more than 500 jobs by 2031.", "differs", "year"),
    ("The Dakhla data centre will have a capacity of more than 500 MW.", "differs", "hedge"),
    ("تبلغ قدرة مركز البيانات في الداخلة 500 ميغاواط", "supported", ""),
    ("Morocco will build five new data centres by 2030.", "not_found", ""),
]


@pytest.mark.parametrize(("text", "verdicts", "differs_in"), VERDICTS)
def test_verdicts(client: TestClient, text: str, verdicts: str, differs_in: str) -> None:
    got = check(client, text)["statements"]
    assert [s["verdict"] for s in got] == verdicts.split()
    assert got[0]["differs_in"] == differs_in.split()
    if verdicts == "not_found":
        assert got[0]["evidence"] == []
        assert "not found, which does not mean false" in got[0]["explanation"]


def test_a_year_no_article_gives_is_not_checked(client: TestClient) -> None:
    [s] = check(client, "The Dakhla data centre will reach 500 MW by 2027.")["statements"]
    assert (s["verdict"], s["unchecked"], s["reading"]["year"]) == ("supported", ["year"], 2027)
    assert s["explanation"].endswith("No article gives a year for it: 2027 is not checked.")


def test_get_answers_what_post_answers(client: TestClient) -> None:
    r = client.get("/v1/check", params={"text": JOBS})
    assert r.status_code == 200 and "public" in r.headers["cache-control"]
    assert r.json() == check(client, JOBS)
    english = client.get("/v1/check", params={"text": JOBS, "lang": "en"}).json()
    assert english["lang"] == "en" and english["statements"][0]["explanation_ar"] is None
    posted = client.post("/v1/check", json={"text": JOBS})
    assert posted.headers["cache-control"] == "no-store"  # a draft is not for shared caches


def test_offsets_are_code_points(client: TestClient) -> None:
    text = "🚀🇲🇦 Oracle will invest $140 million."  # 3 code points before, 6 UTF-16 units
    [s] = check(client, text)["statements"]
    assert text[s["span"]["start"] : s["span"]["end"]] == s["span"]["text"] == "$140 million"
    assert s["span"]["start"] == 23 == len("🚀🇲🇦 Oracle will invest ")


def test_numbers_that_are_no_figure_are_skipped_with_why(client: TestClient) -> None:
    text = (
        "Under law 09-08, in its 2nd edition, the minister spoke on 14 January 2026 at the "
        "AI Made in Morocco day."
    )
    got = check(client, text)
    assert got["statements"] == []
    kinds = {k["span"]["text"]: k["kind"] for k in got["skipped"]}
    assert kinds == {"law 09-08": "reference", "2nd": "ordinal", "14 January 2026": "date"}
    assert got["note"] == "The text holds no figure to check: every number in it is skipped."


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("أعلنت الوزيرة عن إطلاق شبكة معاهد الجزري", "The text holds no number"),
        ("😀🎉🇲🇦", "The text holds no number"),
        ("Оракл инвестирует 140 миллионов долларов в Марокко", "mostly in Cyrillic script"),
    ],
)
def test_texts_without_a_figure_answer_empty(client: TestClient, text: str, note: str) -> None:
    got = check(client, text)
    assert (got["statements"], got["counts"]["supported"]) == ([], 0)
    assert got["note"].startswith(note) or note in got["note"]


def test_mixed_scripts_and_huge_numbers(client: TestClient) -> None:
    mixed = check(client, "Oracle ستستثمر 140 مليون دولار في two cloud regions")
    assert [s["verdict"] for s in mixed["statements"]] == ["supported", "supported"]
    huge = check(client, "Morocco will create 1e309 jobs and 99999999999999999999999 MW.")
    assert huge["statements"] == []
    assert [k["kind"] for k in huge["skipped"]] == ["too_large", "too_large"]
    assert huge["skipped"][0]["span"]["text"] == "1e309 jobs"


Bad = Callable[[TestClient], Any]


@pytest.mark.parametrize(
    ("send", "status", "detail"),
    [
        (lambda c: c.post("/v1/check", json={"text": ""}), 422, "Invalid body parameter 'text'"),
        (lambda c: c.post("/v1/check", json={"text": "  \n "}), 422, "The text is empty"),
        (lambda c: c.post("/v1/check", json={}), 422, "Invalid body parameter 'text'"),
        (lambda c: c.post("/v1/check", json={"text": "x", "lang": "fr"}), 422, "'lang'"),
        (lambda c: c.post("/v1/check", json={"text": "x", "q": 1}), 422, "'q'"),
        (lambda c: c.post("/v1/check", json={"text": "a\x00b"}), 422, "'text'"),
        (lambda c: c.post("/v1/check", content=b"text=1"), 422, "Invalid body"),
        (
            lambda c: c.post("/v1/check", json={"text": "x" * 1_000_000}),
            413,
            "The text is 1,000,000 characters long; masdar checks texts of up to 20,000",
        ),
        (
            lambda c: c.post("/v1/check", json={"text": "ب" * 1_000_000}),
            413,
            "the limit is 1048576 bytes",
        ),
        (lambda c: c.get("/v1/check"), 422, "Invalid query parameter 'text'"),
        (lambda c: c.get("/v1/check?text=1&text=2"), 400, "'text'"),
        (lambda c: c.get("/v1/check?text=1&foo=2"), 400, "'foo'"),
        (
            lambda c: c.get("/v1/check", params={"text": "5 " * 10_001}),
            413,
            "masdar checks texts of up to 20,000 characters",
        ),
    ],
)
def test_bad_input_is_a_clear_problem(
    client: TestClient, send: Bad, status: int, detail: str
) -> None:
    r = send(client)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    assert detail in r.json()["detail"], r.json()
