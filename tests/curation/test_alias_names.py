"""The write path credits aliases as the seeder does: an article that writes an alias only
inside another record's longer name is no source for it, unless the curator says why."""

from __future__ import annotations

from tests.curation.conftest import Curation, partner_body

ALIAS = {"text": "الحكومة", "lang": "ar", "kind": "variant", "source_id": "001"}


def test_an_alias_only_inside_another_name_is_422(cur: Curation) -> None:
    before = cur.counts()
    r = cur.client.post("/v1/partners", headers=cur.curator, json=partner_body(aliases=[ALIAS]))
    assert r.status_code == 422, r.text
    assert (
        "only inside a longer name of another record («الحكومة الإلكترونية»)" in r.json()["detail"]
    )
    assert cur.counts() == before


def test_a_curator_can_say_why_it_is_kept(cur: Curation) -> None:
    kept = {**ALIAS, "kept_because": "testing: 001 writes the word only in e-government"}
    r = cur.client.post("/v1/partners", headers=cur.curator, json=partner_body(aliases=[kept]))
    assert r.status_code == 201, r.text
    [alias] = [a for a in r.json()["aliases"] if a["text"] == "الحكومة"]
    assert (alias["source_id"], alias["kept_because"]) == ("001", kept["kept_because"])


def test_a_name_without_source_is_credited_where_it_is_a_name(cur: Curation) -> None:
    r = cur.client.post(
        "/v1/partners",
        headers=cur.curator,
        json=partner_body(name_ar="الحكومة", aliases=[]),
    )
    assert r.status_code == 201, r.text
    [alias] = [a for a in r.json()["aliases"] if a["text"] == "الحكومة"]
    assert alias["source_id"] == "002"  # not 001, where it is inside «الحكومة الإلكترونية»
