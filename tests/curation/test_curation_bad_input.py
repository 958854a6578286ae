"""Every bad input is a precise 4xx problem, and nothing of it is stored."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from tests.curation.conftest import QUOTE_000, Curation, partner_body


@pytest.fixture
def same(cur: Curation) -> Iterator[Curation]:
    """After the test body, the database holds exactly what it held before."""
    before = cur.counts()
    yield cur
    assert cur.counts() == before


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["detail"]
    return body


def test_malformed_json(same: Curation) -> None:
    r = same.client.post(
        "/v1/partners",
        content=b'{"id": "x", ',
        headers={**same.curator, "Content-Type": "application/json"},
    )
    body = problem(r, 422)
    assert any("JSON" in e["message"] for e in body["errors"])


@pytest.mark.parametrize(
    "change, where",
    [
        ({"kind": 5}, "kind"),
        ({"name": 123}, "name"),
        ({"name": ["Acme"]}, "name"),
        ({"citations": "000"}, "citations"),
        (
            {"citations": [{"source_id": "000", "quote": QUOTE_000, "occurrence": "1"}]},
            "citations.0.occurrence",
        ),
        ({"colour": "red"}, "colour"),
        (
            {"citations": [{"source_id": "000", "quote": QUOTE_000, "start": 3}]},
            "citations.0.start",
        ),
        ({"name": "x" * 201}, "name"),
        ({"description": "x" * 20_001}, "description"),
        ({"name": "Ac\x00me"}, "name"),
        ({"id": "Has Spaces"}, "id"),
        ({"citations": []}, "citations"),
    ],
)
def test_wrong_types_unknown_fields_sizes_nul_surrogates(
    same: Curation, change: dict[str, Any], where: str
) -> None:
    body = problem(
        same.client.post("/v1/partners", headers=same.curator, json=partner_body(**change)), 422
    )
    assert where in {e["name"] for e in body["errors"]}, body


def test_lone_surrogate_in_raw_json_and_nul_in_quote(same: Curation) -> None:
    raw = (
        b'{"id": "acme-ai", "name": "A\\ud800", "name_basis": "translation", '
        b'"kind": "company", "citations": [{"source_id": "000", "quote": "x"}]}'
    )
    problem(
        same.client.post(
            "/v1/partners",
            content=raw,
            headers={**same.curator, "Content-Type": "application/json"},
        ),
        422,
    )
    body = partner_body(citations=[{"source_id": "000", "quote": "يخلق ثروة\x00 100"}])
    problem(same.client.post("/v1/partners", headers=same.curator, json=body), 422)


def test_quote_one_character_off(same: Curation) -> None:
    off = QUOTE_000.replace("100", "101")
    body = problem(
        same.client.post(
            "/v1/partners",
            headers=same.curator,
            json=partner_body(
                citations=[
                    {"source_id": "000", "quote": QUOTE_000},
                    {"source_id": "000", "quote": off},
                ]
            ),
        ),
        422,
    )
    assert body["detail"].startswith("citations[1]: not verbatim")
    assert body["errors"][0]["name"] == "citations[1].quote"


def test_quote_in_another_unicode_normalisation(same: Curation) -> None:
    text = same.text("000")
    # a quote with a character that NFD decomposes (alef with hamza above)
    word = next(w for w in text.split() if unicodedata.normalize("NFD", w) != w)
    assert unicodedata.normalize("NFC", word) == word
    nfd = unicodedata.normalize("NFD", word)
    body = problem(
        same.client.post(
            "/v1/partners",
            headers=same.curator,
            json=partner_body(citations=[{"source_id": "000", "quote": nfd, "occurrence": 1}]),
        ),
        422,
    )
    assert "not verbatim" in body["detail"] and "NFC" in body["detail"]


def test_ambiguous_quote_names_the_count(same: Curation) -> None:
    text = same.text("000")
    n = text.count("الذكاء الاصطناعي")
    assert n > 1
    body = problem(
        same.client.post(
            "/v1/partners",
            headers=same.curator,
            json=partner_body(citations=[{"source_id": "000", "quote": "الذكاء الاصطناعي"}]),
        ),
        422,
    )
    assert f"ambiguous: the quote occurs {n} times" in body["detail"]
    body = problem(
        same.client.post(
            "/v1/partners",
            headers=same.curator,
            json=partner_body(
                citations=[{"source_id": "000", "quote": "الذكاء الاصطناعي", "occurrence": n + 1}]
            ),
        ),
        422,
    )
    assert f"occurs {n} time" in body["detail"]


def test_quote_with_outer_whitespace(same: Curation) -> None:
    problem(
        same.client.post(
            "/v1/partners",
            headers=same.curator,
            json=partner_body(citations=[{"source_id": "000", "quote": " " + QUOTE_000}]),
        ),
        422,
    )


def test_figure_number_not_in_its_quote(same: Curation) -> None:
    body = problem(
        same.client.post(
            "/v1/funds",
            headers=same.curator,
            json={
                "id": "wrong-fund",
                "subject_id": "morocco-ai-2030",
                "metric": "value_added",
                "amount": 11_000_000_000,
                "currency": "MAD",
                "label": "Wrong",
                "citations": [{"source_id": "000", "quote": QUOTE_000}],
            },
        ),
        422,
    )
    assert "11000000000 is not in its quote" in body["detail"]


@pytest.mark.parametrize(
    "path, body, name",
    [
        (
            "/v1/partners",
            partner_body(citations=[{"source_id": "999", "quote": "x"}]),
            "citations[0].source_id",
        ),
        (
            "/v1/initiatives",
            {
                "id": "x-lab",
                "name": "X lab",
                "name_basis": "translation",
                "kind": "lab",
                "parent_id": "no-such-initiative",
                "citations": [{"source_id": "000", "quote": QUOTE_000}],
            },
            "parent_id",
        ),
        (
            "/v1/funds",
            {
                "id": "f-x",
                "subject_id": "no-such-initiative",
                "metric": "value_added",
                "amount": 100_000_000_000,
                "currency": "MAD",
                "label": "x",
                "citations": [{"source_id": "000", "quote": QUOTE_000}],
            },
            "subject_id",
        ),
        (
            "/v1/funds",
            {
                "id": "f-x",
                "subject_id": "morocco-ai-2030",
                "metric": "value_added",
                "amount": 100_000_000_000,
                "currency": "MAD",
                "label": "x",
                "giver_id": "no-such-partner",
                "citations": [{"source_id": "000", "quote": QUOTE_000}],
            },
            "giver_id",
        ),
        (
            "/v1/funds",
            {
                "id": "f-x",
                "subject_id": "morocco-ai-2030",
                "metric": "value_added",
                "amount": 100_000_000_000,
                "currency": "MAD",
                "label": "x",
                "parent_id": "f-x",
                "citations": [{"source_id": "000", "quote": QUOTE_000}],
            },
            "parent_id",
        ),
    ],
)
def test_dangling_references_and_own_parent(
    same: Curation, path: str, body: dict[str, Any], name: str
) -> None:
    got = problem(same.client.post(path, headers=same.curator, json=body), 422)
    assert got["errors"][0]["name"] == name, got


def test_fund_parent_cycle(cur: Curation) -> None:
    def fund(fid: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": fid,
            "subject_id": "morocco-ai-2030",
            "metric": "value_added",
            "amount": 100_000_000_000,
            "currency": "MAD",
            "label": fid,
            "citations": [{"source_id": "000", "quote": QUOTE_000}],
            **extra,
        }

    assert cur.client.post("/v1/funds", headers=cur.curator, json=fund("f-a")).status_code == 201
    r = cur.client.post("/v1/funds", headers=cur.curator, json=fund("f-b", parent_id="f-a"))
    assert r.status_code == 201, r.text
    before = cur.counts()
    tag = cur.etag("/v1/funds/f-a")
    for parent in ("f-b", "f-a"):  # a → b → a, and a → a
        body = problem(
            cur.client.patch(
                "/v1/funds/f-a",
                headers={**cur.curator, "If-Match": tag},
                json={"parent_id": parent},
            ),
            422,
        )
        assert "cycle" in body["detail"] or "own parent" in body["detail"]
    assert cur.counts() == before
    assert cur.client.get("/v1/funds/f-a").json()["version"] == 1


def test_initiative_parent_cycle(cur: Curation) -> None:
    r = cur.client.post(
        "/v1/initiatives",
        headers=cur.curator,
        json={
            "id": "child-lab",
            "name": "Child lab",
            "name_basis": "translation",
            "kind": "lab",
            "parent_id": "morocco-ai-2030",
            "citations": [{"source_id": "000", "quote": QUOTE_000}],
        },
    )
    assert r.status_code == 201, r.text
    tag = cur.etag("/v1/initiatives/morocco-ai-2030")
    problem(
        cur.client.patch(
            "/v1/initiatives/morocco-ai-2030",
            headers={**cur.curator, "If-Match": tag},
            json={"parent_id": "child-lab"},
        ),
        422,
    )


def test_update_body_rules(cur: Curation) -> None:
    cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    tag = cur.etag("/v1/partners/acme-ai")
    h = {**cur.curator, "If-Match": tag}
    before = cur.counts()
    problem(cur.client.patch("/v1/partners/acme-ai", headers=h, json={}), 422)
    problem(cur.client.patch("/v1/partners/acme-ai", headers=h, json={"name": None}), 422)
    problem(cur.client.patch("/v1/partners/acme-ai", headers=h, json={"id": "other"}), 422)
    problem(
        cur.client.patch("/v1/partners/acme-ai", headers=h, json={"country": "FR"}), 422
    )  # country_basis missing
    # a failing citation in a PATCH leaves the record as it was
    problem(
        cur.client.patch(
            "/v1/partners/acme-ai",
            headers=h,
            json={
                "description": "new",
                "citations": [{"source_id": "000", "quote": "لا يوجد هذا"}],
            },
        ),
        422,
    )
    assert cur.counts() == before
    got = cur.client.get("/v1/partners/acme-ai").json()
    assert (got["version"], got["description"]) == (1, None)


def test_duplicate_id_is_409(cur: Curation) -> None:
    assert (
        cur.client.post(
            "/v1/partners", headers=cur.curator, json=partner_body(id="mistral-ai")
        ).status_code
        == 409
    )
