"""Creating, changing and retracting records through HTTP, with verified quotes and history."""

from __future__ import annotations

import hashlib

from tests.curation.conftest import QUOTE_000, Curation, partner_body

NEW_TEXT = (
    "الرباط: أعلنت الوزارة عن برنامج جديد للذكاء الاصطناعي بميزانية 250 مليون درهم، "
    "ويهدف إلى تكوين 3000 مهندس بحلول 2027.\n"
    "وقالت الوزارة إن البرنامج سيفتح أبوابه في الرباط.\n"
)


def new_source(cur: Curation, sid: str = "conf-2027") -> dict:
    r = cur.client.post(
        "/v1/sources",
        headers=cur.curator,
        json={
            "id": sid,
            "title": "برنامج جديد",
            "kind": "news",
            "text": NEW_TEXT,
            "published_on": "2026-11-20",
            "published_on_precision": "day",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_post_source_computes_sha256_and_is_public(cur: Curation) -> None:
    body = new_source(cur)
    assert body["sha256"] == hashlib.sha256(NEW_TEXT.encode()).hexdigest()
    assert body["version"] == 1 and body["published_on"] == "2026-11-20"
    got = cur.client.get("/v1/sources/conf-2027")
    assert got.json()["text"] == NEW_TEXT
    assert got.headers["etag"].startswith('W/"v1.')
    assert cur.client.get("/v1/sources/conf-2027/text").text == NEW_TEXT


def test_partner_create_computes_offsets_from_the_quote(cur: Curation) -> None:
    r = cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/v1/partners/acme-ai"
    assert r.headers["etag"] == 'W/"v1"'
    (c,) = r.json()["citations"]
    text = cur.text("000")
    assert text[c["start"] : c["end"]] == QUOTE_000 == c["quote"]
    assert c["prefix"] == text[max(0, c["start"] - 32) : c["start"]]
    assert c["suffix"] == text[c["end"] : c["end"] + 32]
    listed = [p["id"] for p in cur.client.get("/v1/partners?limit=200").json()["items"]]
    assert "acme-ai" in listed
    hits = cur.client.get("/v1/search", params={"q": "Acme", "type": "partner"}).json()["items"]
    assert [h["id"] for h in hits][:1] == ["acme-ai"] or any("acme-ai" in str(h) for h in hits)
    assert cur.client.get(f"/v1/citations/{c['id']}").json()["verified"] is True


def test_patch_with_get_etag_then_stale_etag_412(cur: Curation) -> None:
    cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    tag = cur.etag("/v1/partners/acme-ai")
    r = cur.client.patch(
        "/v1/partners/acme-ai",
        headers={**cur.curator, "If-Match": tag},
        json={"description": "An AI company"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["version"], r.json()["description"]) == (2, "An AI company")
    assert r.headers["etag"] == 'W/"v2"'
    stale = cur.client.patch(
        "/v1/partners/acme-ai",
        headers={**cur.curator, "If-Match": tag},
        json={"description": "lost"},
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert "version 2" in stale.json()["detail"]
    # the plain "v<version>" form works too
    ok = cur.client.patch(
        "/v1/partners/acme-ai",
        headers={**cur.curator, "If-Match": '"v2"'},
        json={"description": None},
    )
    assert ok.status_code == 200 and ok.json()["description"] is None
    assert cur.client.get("/v1/partners/acme-ai").json()["version"] == 3


def test_if_match_missing_is_428_and_star_is_428(cur: Curation) -> None:
    cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    for headers in (cur.curator, {**cur.curator, "If-Match": "*"}):
        r = cur.client.patch("/v1/partners/acme-ai", headers=headers, json={"description": "x"})
        assert r.status_code == 428, r.text
        r = cur.client.delete("/v1/partners/acme-ai", headers=headers)
        assert r.status_code == 428
    junk = cur.client.patch(
        "/v1/partners/acme-ai",
        json={"description": "x"},
        headers={**cur.curator, "If-Match": '"abc"'},
    )
    assert junk.status_code == 412


def test_history_records_who_what_when(cur: Curation) -> None:
    cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    for i in range(3):
        tag = cur.etag("/v1/partners/acme-ai")
        cur.client.patch(
            "/v1/partners/acme-ai",
            headers={**cur.curator, "If-Match": tag},
            json={"description": f"d{i}"},
        )
    page = cur.client.get("/v1/partners/acme-ai/history?limit=2").json()
    items = page["items"]
    assert [(x["action"], x["version"]) for x in items] == [("create", 1), ("update", 2)]
    assert items[0]["before"] is None and items[0]["after"]["name"] == "Acme AI"
    assert items[1]["changed"] == ["description"]
    assert (items[1]["before"]["description"], items[1]["after"]["description"]) == (None, "d0")
    assert items[1]["actor"]["name"] == "curator-1"
    rest = cur.client.get(f"/v1/partners/acme-ai/history?cursor={page['next_cursor']}").json()
    assert [x["version"] for x in rest["items"]] == [3, 4] and rest["next_cursor"] is None
    assert cur.client.get("/v1/partners/nope/history").status_code == 404


def test_fund_and_target_with_number_in_quote(cur: Curation) -> None:
    new_source(cur)
    r = cur.client.post(
        "/v1/funds",
        headers=cur.curator,
        json={
            "id": "conf-budget",
            "subject_id": "morocco-ai-2030",
            "metric": "budget",
            "amount": 250_000_000,
            "currency": "MAD",
            "label": "Programme budget",
            "period_start_year": 2026,
            "period_end_year": 2027,
            "citations": [cur.cite("conf-2027", "بميزانية 250 مليون درهم", field="value")],
        },
    )
    assert r.status_code == 201, r.text
    fund = r.json()
    assert (fund["amount"], fund["currency"], fund["version"]) == (250_000_000, "MAD", 1)
    r = cur.client.post(
        "/v1/targets",
        headers=cur.curator,
        json={
            "id": "conf-engineers",
            "subject_id": "morocco-ai-2030",
            "metric": "engineers_trained",
            "value": 3000,
            "unit": "people",
            "label": "Engineers to train",
            "target_kind": "goal",
            "deadline_year": 2027,
            "citations": [cur.cite("conf-2027", "تكوين 3000 مهندس بحلول 2027")],
        },
    )
    assert r.status_code == 201, r.text
    figs = {f["id"]: f for f in cur.client.get("/v1/figures?limit=200").json()["items"]}
    assert figs["conf-engineers"]["value"] == 3000
    # the text is now cited: immutable
    tag = cur.etag("/v1/sources/conf-2027")
    r = cur.client.patch(
        "/v1/sources/conf-2027",
        headers={**cur.curator, "If-Match": tag},
        json={"text": NEW_TEXT + "x"},
    )
    assert r.status_code == 409 and "immutable" in r.json()["detail"]
    # metadata can still change
    r = cur.client.patch(
        "/v1/sources/conf-2027",
        headers={**cur.curator, "If-Match": tag},
        json={"outlet": "Hespress"},
    )
    assert r.status_code == 200 and r.json()["outlet"] == "Hespress"
    # a changed value must still be in the quotes: 422, then OK with a new quote
    tag = cur.etag("/v1/targets/conf-engineers")
    r = cur.client.patch(
        "/v1/targets/conf-engineers", headers={**cur.curator, "If-Match": tag}, json={"value": 4000}
    )
    assert r.status_code == 422 and "4000" in r.json()["detail"]


def test_uncited_source_text_can_change(cur: Curation) -> None:
    new_source(cur)
    tag = cur.etag("/v1/sources/conf-2027")
    fixed = NEW_TEXT.replace("الرباط: ", "الرباط - ")
    r = cur.client.patch(
        "/v1/sources/conf-2027", headers={**cur.curator, "If-Match": tag}, json={"text": fixed}
    )
    assert r.status_code == 200, r.text
    assert r.json()["sha256"] == hashlib.sha256(fixed.encode()).hexdigest()


def test_links_change_their_owner(cur: Curation) -> None:
    cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    tag = cur.etag("/v1/initiatives/morocco-ai-2030")
    version = cur.client.get("/v1/initiatives/morocco-ai-2030").json()["version"]
    r = cur.client.post(
        "/v1/initiatives/morocco-ai-2030/partners",
        headers={**cur.curator, "If-Match": tag},
        json={
            "partner_id": "acme-ai",
            "role": "supports",
            "citations": [{"source_id": "000", "quote": QUOTE_000}],
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["version"] == version + 1
    links = [p for p in r.json()["partners"] if p["partner"]["id"] == "acme-ai"]
    assert [x["role"] for x in links] == ["supports"]
    partner = cur.client.get("/v1/partners/acme-ai").json()
    assert [x["initiative"]["id"] for x in partner["initiatives"]] == ["morocco-ai-2030"]
    # the partner cannot be retracted while linked
    ptag = cur.etag("/v1/partners/acme-ai")
    r = cur.client.delete("/v1/partners/acme-ai", headers={**cur.curator, "If-Match": ptag})
    assert r.status_code == 409 and "morocco-ai-2030" in r.json()["detail"]
    # remove the link (If-Match of the initiative), then retract
    tag = cur.etag("/v1/initiatives/morocco-ai-2030")
    r = cur.client.delete(
        "/v1/initiatives/morocco-ai-2030/partners/morocco-ai-2030--acme-ai--supports",
        headers={**cur.curator, "If-Match": tag},
    )
    assert r.status_code == 200, r.text
    hist = cur.client.get("/v1/initiatives/morocco-ai-2030/history").json()["items"]
    assert [h["changed"] for h in hist] == [["initiative_partner"], ["initiative_partner"]]
    removed = hist[1]["before"]["initiative_partner"]
    assert any(x["id"] == "morocco-ai-2030--acme-ai--supports" and x["citations"] for x in removed)
    r = cur.client.delete("/v1/partners/acme-ai", headers={**cur.curator, "If-Match": ptag})
    assert r.status_code == 200, r.text


def test_person_role_and_event_participant(cur: Curation) -> None:
    text = cur.text("000")
    quote = "الرباط: ريم بنكرة"
    assert quote in text
    r = cur.client.post(
        "/v1/people",
        headers=cur.curator,
        json={
            "id": "rim-benkra",
            "name": "Rim Benkra",
            "name_basis": "transliteration",
            "name_ar": "ريم بنكرة",
            "citations": [cur.cite("000", quote)],
        },
    )
    assert r.status_code == 201, r.text
    assert any(a["text"] == "ريم بنكرة" for a in r.json()["aliases"])
    tag = r.headers["etag"]
    r = cur.client.post(
        "/v1/people/rim-benkra/roles",
        headers={**cur.curator, "If-Match": tag},
        json={
            "id": "rim-benkra-journalist",
            "title_ar": "صحفية",
            "title": "Journalist",
            "citations": [cur.cite("000", quote)],
        },
    )
    assert r.status_code == 201, r.text
    assert [x["id"] for x in r.json()["roles"]] == ["rim-benkra-journalist"]
    r = cur.client.post(
        "/v1/events",
        headers=cur.curator,
        json={
            "id": "strategy-reveal",
            "kind": "announcement",
            "name": "Strategy unveiled",
            "name_basis": "translation",
            "citations": [cur.cite("000", "كشف المغرب النقاب عن استراتيجيته الوطنية")],
        },
    )
    assert r.status_code == 201, r.text
    r = cur.client.post(
        "/v1/events/strategy-reveal/participants",
        headers={**cur.curator, "If-Match": r.headers["etag"]},
        json={"person_id": "rim-benkra", "role": "attended", "citations": [cur.cite("000", quote)]},
    )
    assert r.status_code == 201, r.text
    assert [p["person"]["id"] for p in r.json()["participants"]] == ["rim-benkra"]
    # the person is now referred to by the event: 409 on retraction
    tag = cur.etag("/v1/people/rim-benkra")
    r = cur.client.delete("/v1/people/rim-benkra", headers={**cur.curator, "If-Match": tag})
    assert r.status_code == 409


def test_retraction_hides_everywhere_but_keeps_history(cur: Curation) -> None:
    cur.client.post("/v1/partners", headers=cur.curator, json=partner_body())
    tag = cur.etag("/v1/partners/acme-ai")
    r = cur.client.delete("/v1/partners/acme-ai", headers={**cur.curator, "If-Match": tag})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2 and r.json()["retracted_at"].endswith("+00:00")
    assert cur.client.get("/v1/partners/acme-ai").status_code == 404
    ids = [p["id"] for p in cur.client.get("/v1/partners?limit=200").json()["items"]]
    assert "acme-ai" not in ids
    hits = cur.client.get("/v1/search", params={"q": "Acme AI"}).json()["items"]
    assert not any("acme-ai" in str(h) for h in hits)
    # public: history hidden; asking for retracted records needs a key
    assert cur.client.get("/v1/partners/acme-ai/history").status_code == 404
    r = cur.client.get("/v1/partners/acme-ai?include_retracted=true")
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    # curators see it, flagged, and its history
    r = cur.client.get("/v1/partners/acme-ai?include_retracted=true", headers=cur.curator)
    assert r.status_code == 200 and r.json()["retracted_at"] is not None
    ids = [
        p["id"]
        for p in cur.client.get(
            "/v1/partners?limit=200&include_retracted=true", headers=cur.curator
        ).json()["items"]
    ]
    assert "acme-ai" in ids
    hist = cur.client.get(
        "/v1/partners/acme-ai/history?include_retracted=true", headers=cur.curator
    ).json()["items"]
    assert [h["action"] for h in hist] == ["create", "retract"]
    # retracted: no more changes, and the id stays taken
    r = cur.client.patch(
        "/v1/partners/acme-ai",
        json={"description": "x"},
        headers={**cur.curator, "If-Match": '"v2"'},
    )
    assert r.status_code == 404
    assert (
        cur.client.post("/v1/partners", headers=cur.curator, json=partner_body()).status_code == 409
    )


def test_seeded_records_refuse_retraction_while_referred_to(cur: Curation) -> None:
    tag = cur.etag("/v1/initiatives/morocco-ai-2030")
    r = cur.client.delete(
        "/v1/initiatives/morocco-ai-2030", headers={**cur.curator, "If-Match": tag}
    )
    assert r.status_code == 409 and "still referred to" in r.json()["detail"]
    tag = cur.etag("/v1/sources/000")
    r = cur.client.delete("/v1/sources/000", headers={**cur.admin, "If-Match": tag})
    assert r.status_code == 409


def test_derived_figures_follow_their_inputs(cur: Curation) -> None:
    derived = [
        f
        for f in cur.client.get("/v1/figures?derived=true&limit=200").json()["items"]
        if f["formula"] == "sum"
    ]
    assert derived
    d = derived[0]
    inp = d["inputs"][0]
    kind = "funds" if inp["kind"] == "fund" else "targets"
    tag = cur.etag(f"/v1/{kind}/{d['id']}")
    r = cur.client.patch(
        f"/v1/{kind}/{d['id']}", headers={**cur.curator, "If-Match": tag}, json={"label": "x"}
    )
    assert r.status_code == 409 and "derived" in r.json()["detail"]


def test_an_event_s_lower_bound_is_written_checked_and_served_inferred(cur: Curation) -> None:
    """PATCH not_before: after not_after it is refused (422); within the bounds it is served
    with basis inferred, and the timeline's earliest follows it."""
    path = "/v1/events/ai-made-in-morocco-day"
    headers = {**cur.curator, "If-Match": cur.etag(path)}
    r = cur.client.patch(path, headers=headers, json={"not_before": "2026-02-01"})
    assert r.status_code == 422 and "not_before is after" in r.text, r.text
    r = cur.client.patch(path, headers=headers, json={"not_before": "2025-08-01"})
    assert r.status_code == 200, r.text
    assert (r.json()["not_before"], r.json()["not_before_basis"]) == ("2025-08-01", "inferred")
    undated = cur.client.get("/v1/timeline").json()["undated"]
    [day] = [e for e in undated if e["id"] == "event:ai-made-in-morocco-day"]
    assert (day["earliest"], day["earliest_basis"]) == ("2025-08-01", "inferred")
