"""Writes update the search index for the records they touch, not the whole index.

After any series of writes the index holds exactly the rows a full rebuild would make
(``app.search.index.build_docs``), and rows of records a write did not touch keep their
ids (a rebuild renumbers them: search cursors held by readers stay valid).
"""

from __future__ import annotations

from tests.curation.conftest import QUOTE_000, Curation, partner_body
from tests.search.test_index import assert_index_is_a_rebuild, stored


def test_a_write_keeps_the_other_records_rows_and_their_ids(cur: Curation) -> None:
    before = {r["id"]: r for r in stored(cur.url)}
    r = cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    assert r.status_code == 201, r.text
    after = stored(cur.url)
    mine = [x for x in after if (x["record_type"], x["record_id"]) == ("partner", "acme-ai")]
    assert {(x["field"], x["text"]) for x in mine} == {
        ("name", "Acme AI"),
        ("quote", QUOTE_000),
    }
    others = {x["id"]: x for x in after if x["record_id"] != "acme-ai"}
    assert others == before  # same rows under the same ids: nothing else was rewritten
    assert min(x["id"] for x in mine) > max(before)
    hits = cur.client.get("/v1/search", params={"q": "Acme", "type": "partner"}).json()["items"]
    assert [(h["id"], h["field"], h["rank"]) for h in hits] == [("acme-ai", "name", 1)]


def test_an_initiative_rename_reaches_the_figures_it_is_the_subject_of(cur: Curation) -> None:
    tag = cur.etag("/v1/initiatives/dakhla-data-centre")
    r = cur.client.patch(
        "/v1/initiatives/dakhla-data-centre",
        headers={**cur.curator, "If-Match": tag},
        json={"name": "Dakhla Zephyr campus"},
    )
    assert r.status_code == 200, r.text
    assert_index_is_a_rebuild(cur.url)
    hits = cur.client.get("/v1/search", params={"q": "Zephyr", "type": "figure"}).json()["items"]
    assert {h["field"] for h in hits} == {"subject"}
    dakhla = cur.client.get("/v1/figures", params={"subject": "dakhla-data-centre"}).json()
    assert {h["id"] for h in hits} == {f["id"] for f in dakhla["items"]}
    assert any("500" in c["quote"] for f in dakhla["items"] for c in f["citations"])


def test_many_writes_leave_the_index_a_rebuild(cur: Curation) -> None:
    new_text = "أعلنت شركة زفير للحوسبة عن مركز جديد في الرباط.\n"
    r = cur.client.post(
        "/v1/sources",
        headers=cur.curator,
        json={"id": "zephyr", "title": "زفير", "kind": "news", "text": new_text},
    )
    assert r.status_code == 201, r.text
    body = partner_body(
        "zephyr-co",
        name="Zephyr",
        aliases=[{"text": "زفير", "lang": "ar", "kind": "variant", "source_id": "zephyr"}],
    )
    r = cur.client.post("/v1/partners", headers=cur.curator, json=body)
    assert r.status_code == 201, r.text
    assert_index_is_a_rebuild(cur.url)
    found = cur.client.get("/v1/search", params={"q": "زفير"}).json()["items"]
    assert ("partner", "zephyr-co", "alias") in {(h["type"], h["id"], h["field"]) for h in found}
    assert ("source", "zephyr") in {(h["type"], h["source_id"]) for h in found}
    # a description, a retracted figure
    tag = cur.etag("/v1/partners/zephyr-co")
    r = cur.client.patch(
        "/v1/partners/zephyr-co",
        headers={**cur.curator, "If-Match": tag},
        json={"description": "A computing company in Rabat"},
    )
    assert r.status_code == 200, r.text
    figure = cur.client.get("/v1/targets/e-gov-websites-003").json()
    r = cur.client.delete(
        "/v1/targets/e-gov-websites-003",
        headers={**cur.curator, "If-Match": f'"v{figure["version"]}"'},
    )
    assert r.status_code == 200, r.text
    assert_index_is_a_rebuild(cur.url)
    assert not any(x["record_id"] == "e-gov-websites-003" for x in stored(cur.url))
    # retracting the article hides the alias it attests (admin; no live record cites it)
    tag = cur.etag("/v1/sources/zephyr")
    r = cur.client.delete("/v1/sources/zephyr", headers={**cur.admin, "If-Match": tag})
    assert r.status_code == 200, r.text
    assert_index_is_a_rebuild(cur.url)
    found = cur.client.get("/v1/search", params={"q": "زفير"}).json()["items"]
    assert found == []


def test_passages_page_in_article_order_after_a_new_article(cur: Curation) -> None:
    """A new article's passages come after every other's in the index, while its id sorts
    first («00-…» before «000»): pages of passages follow the index's order, so paging
    through a common word gives each passage once, as one long page does. (The passage
    query once sorted by its fourth column, the record's id: pages then repeated some
    passages and skipped others.)"""
    text = "\n\n".join(f"فقرة {i} عن الذكاء الاصطناعي في المغرب." for i in range(6)) + "\n"
    r = cur.client.post(
        "/v1/sources",
        headers=cur.curator,
        json={"id": "00-early", "title": "مقال", "kind": "news", "text": text},
    )
    assert r.status_code == 201, r.text

    def passages(limit: int) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        cursor = None
        for _ in range(200):
            params = {"q": "الاصطناعي", "type": "source", "limit": limit}
            body = cur.client.get(
                "/v1/search", params={**params, "cursor": cursor} if cursor else params
            ).json()
            out += [(h["source_id"], h["start"]) for h in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                return out
        raise AssertionError("paging did not end")

    whole = passages(200)
    assert [s for s, _ in whole].count("00-early") == 6 and whole[-1][0] == "00-early"
    assert len(set(whole)) == len(whole)
    for limit in (2, 3, 5):
        assert passages(limit) == whole, limit


def test_a_misspelt_name_finds_a_partner_written_since_the_last_search(cur: Curation) -> None:
    """Fuzzy search reads the names once per data version (app/search/fuzzy.py): a write
    moves the version on, so the next misspelt query compares itself with the new name."""

    def fuzzy() -> set[str]:
        r = cur.client.get("/v1/search", params={"q": "Acmee", "type": "partner"})
        assert r.status_code == 200, r.text
        return {h["id"] for h in r.json()["items"] if h["match"] == "fuzzy"}

    assert "acme-ai" not in fuzzy()  # the names of this version are loaded now
    r = cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    assert r.status_code == 201, r.text
    assert fuzzy() == {"acme-ai"}
    tag = cur.etag("/v1/partners/acme-ai")
    r = cur.client.patch(
        "/v1/partners/acme-ai", headers={**cur.curator, "If-Match": tag}, json={"name": "Zyx"}
    )
    assert r.status_code == 200, r.text
    assert "acme-ai" not in fuzzy()
