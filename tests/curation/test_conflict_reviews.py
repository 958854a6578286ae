"""A curator reviews a conflict through the write path: confirm, reclassify, dismiss, each
with a note (and a citation where a quote shows it); If-Match; history; nothing is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db import make_engine
from app.errors import SeedError
from app.migrate import seed_database
from app.seed.apply import SEED_DIGEST
from tests.conftest import settings_for
from tests.curation.conftest import Curation

UNITS = "unit_mismatch:jazari-network:12:institutes:regions"
SUM = "sum_mismatch:investors-fund-003"
PATH = f"/v1/conflicts/{UNITS}"


def _review(cur: Curation, body: dict, etag: str | None = 'W/"v0"', path: str = PATH) -> object:  # type: ignore[type-arg]
    headers = {**cur.curator, **({"If-Match": etag} if etag else {})}
    return cur.client.put(f"{path}/review", headers=headers, json=body)


def test_a_conflict_starts_proposed_at_version_0(cur: Curation) -> None:
    r = cur.client.get(PATH)
    assert (r.json()["status"], r.json()["version"], r.json()["review"]) == ("proposed", 0, None)
    assert r.headers["etag"].startswith('W/"v0.')


def test_confirm_then_reclassify_then_dismiss_with_history(cur: Curation) -> None:
    quote = cur.cite("001", "المنتشرة في جميع الجهات الإثنتي عشرة للمملكة")
    r = _review(cur, {"action": "confirm", "note": "001 counts regions, 003 institutions."})
    assert r.status_code == 200, r.text  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert (body["status"], body["class"], body["rule_class"], body["version"]) == (
        "confirmed",
        "loose_wording",
        "loose_wording",
        1,
    )
    assert body["review"]["reviewer"] == "curator-1"
    assert r.headers["etag"] == 'W/"v1"'  # type: ignore[attr-defined]

    r = _review(
        cur,
        {
            "action": "reclassify",
            "class": "different_times",
            "note": "Testing a reclassification with the quote that counts regions.",
            "citations": [quote],
        },
        etag=cur.etag(PATH),
    )
    body = r.json()  # type: ignore[attr-defined]
    assert (body["status"], body["class"], body["rule_class"]) == (
        "reclassified",
        "different_times",
        "loose_wording",
    )
    c = body["review"]["citations"][0]
    assert cur.text("001")[c["start"] : c["end"]] == c["quote"] == quote["quote"]
    assert cur.client.get("/v1/conflicts?class=different_times").json()["items"][0]["id"] == UNITS

    r = _review(cur, {"action": "dismiss", "note": "Not a disagreement."}, etag='"v2"')
    assert r.json()["status"] == "dismissed" and r.json()["review"]["class"] is None  # type: ignore[attr-defined]
    assert r.json()["class"] == "loose_wording"  # type: ignore[attr-defined]

    listed = [c["id"] for c in cur.client.get("/v1/conflicts?limit=200").json()["items"]]
    assert UNITS not in listed
    every = cur.client.get("/v1/conflicts?limit=200&include_dismissed=true").json()["items"]
    assert UNITS in [c["id"] for c in every]
    assert [c["id"] for c in cur.client.get("/v1/conflicts?status=dismissed").json()["items"]] == [
        UNITS
    ]
    assert cur.client.get(PATH).json()["status"] == "dismissed"  # its link still works

    history = cur.client.get(f"{PATH}/history").json()["items"]
    assert [(h["action"], h["version"], h["after"]["status"]) for h in history] == [
        ("create", 1, "confirmed"),
        ("update", 2, "reclassified"),
        ("update", 3, "dismissed"),
    ]
    assert history[2]["before"]["class"] == "different_times"
    assert history[1]["after"]["citations"][0]["quote"] == quote["quote"]
    assert history[0]["actor"]["name"] == "curator-1"


def test_review_needs_a_key_and_a_current_version(cur: Curation) -> None:
    body = {"action": "confirm", "note": "ok"}
    assert (
        cur.client.put(f"{PATH}/review", json=body, headers={"If-Match": '"v0"'}).status_code == 401
    )
    assert _review(cur, body, etag=None).status_code == 428  # type: ignore[attr-defined]
    assert _review(cur, body).status_code == 200  # type: ignore[attr-defined]
    stale = _review(cur, body, etag='W/"v0"')
    assert stale.status_code == 412  # type: ignore[attr-defined]
    assert stale.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]


def test_review_of_an_unknown_conflict_is_404(cur: Curation) -> None:
    r = _review(
        cur, {"action": "confirm", "note": "x"}, path="/v1/conflicts/spelling:person:nobody"
    )
    assert r.status_code == 404  # type: ignore[attr-defined]
    assert r.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    assert cur.client.get("/v1/conflicts/spelling:person:nobody/history").status_code == 404


def test_an_unknown_class_is_422_listing_the_allowed_ones(cur: Curation) -> None:
    before = cur.counts()
    r = _review(cur, {"action": "reclassify", "class": "contradicton", "note": "typo"})
    assert r.status_code == 422  # type: ignore[attr-defined]
    problem = r.json()  # type: ignore[attr-defined]
    said = str(problem)
    for name in ("contradiction", "rounding", "different_hedges", "loose_wording", "stages"):
        assert name in said, said
    assert cur.counts() == before


def test_bad_reviews_are_422_and_change_nothing(cur: Curation) -> None:
    before = cur.counts()
    bad = [
        {"action": "reclassify", "note": "no class"},
        {"action": "dismiss", "class": "stages", "note": "class with dismiss"},
        {"action": "confirm", "note": ""},
        {"action": "approve", "note": "unknown action"},
        {"action": "reclassify", "class": "loose_wording", "note": "the rule's own class"},
        {
            "action": "confirm",
            "note": "a quote not in the article",
            "citations": [{"source_id": "001", "quote": "هذا النص غير موجود"}],
        },
    ]
    for body in bad:
        r = _review(cur, body)
        assert r.status_code == 422, (body, r.text)  # type: ignore[attr-defined]
    assert cur.counts() == before
    assert cur.client.get(PATH).json()["version"] == 0


def test_a_review_stops_a_plain_reseed(cur: Curation) -> None:
    """Reviews are curator work: the seeder refuses to discard them without --force."""
    assert (
        _review(
            cur,
            {"action": "confirm", "note": "rounding, as the rule says"},
            path=f"/v1/conflicts/{SUM}",
        ).status_code
        == 200
    )  # type: ignore[attr-defined]
    settings = settings_for(cur.url)
    engine = make_engine(settings)
    with engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = 'old' WHERE key = :k"), {"k": SEED_DIGEST})
    with pytest.raises(SeedError, match="curator change"):
        seed_database(engine, settings.seed_dir)
    engine.dispose()
    assert cur.client.get(f"/v1/conflicts/{SUM}").json()["status"] == "confirmed"
