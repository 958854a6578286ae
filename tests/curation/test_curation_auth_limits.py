"""Keys (401 vs 403), the keys CLI, body size (413) and rate limits (429)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.cli import main
from app.config import Settings
from app.services.keys import now
from tests.curation.conftest import Curation, make_key, partner_body


@pytest.mark.parametrize(
    "header, reason",
    [
        (None, "needs an API key"),
        ("Basic dXNlcjpwYXNz", "Malformed Authorization"),
        ("Bearer", "Malformed Authorization"),
        ("Bearer not-a-masdar-token", "Malformed API key"),
        ("Bearer msk_" + "A" * 43, "Unknown API key"),
    ],
)
def test_missing_malformed_unknown_key_401(cur: Curation, header: str | None, reason: str) -> None:
    headers = {"Authorization": header} if header else {}
    r = cur.client.post("/v1/partners", headers=headers, json=partner_body())
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"].startswith('Bearer realm="masdar"')
    assert r.headers["content-type"] == "application/problem+json"
    assert reason in r.json()["detail"]
    assert cur.client.get("/v1/partners/acme-ai").status_code == 404


def test_revoked_and_expired_keys_401(cur: Curation) -> None:
    kid, token = make_key(cur.url, "soon-gone")
    _, old = make_key(cur.url, "expired", expires_at=now() - timedelta(seconds=1))
    h = {"Authorization": f"Bearer {token}"}
    assert cur.client.post("/v1/partners", headers=h, json=partner_body()).status_code == 201
    r = cur.client.delete(f"/v1/keys/{kid}", headers=cur.admin)
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    r = cur.client.post("/v1/partners", headers=h, json=partner_body("acme-two"))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]
    r = cur.client.post(
        "/v1/partners", headers={"Authorization": f"Bearer {old}"}, json=partner_body("acme-three")
    )
    assert r.status_code == 401 and "expired" in r.json()["detail"]


def test_scope_403(cur: Curation) -> None:
    assert cur.client.get("/v1/keys", headers=cur.curator).status_code == 403
    tag = cur.etag("/v1/sources/000")
    r = cur.client.delete("/v1/sources/000", headers={**cur.curator, "If-Match": tag})
    assert r.status_code == 403 and "admin" in r.json()["detail"]
    listed = cur.client.get("/v1/keys", headers=cur.admin).json()
    assert {k["name"] for k in listed} >= {"curator-1", "admin-1"}
    assert all("token" not in str(k) and "sha256" not in str(k) for k in listed)


def test_reads_stay_public_and_unauthenticated_writes_do_nothing(cur: Curation) -> None:
    assert cur.client.get("/v1/partners").status_code == 200
    before = cur.counts()
    for method, path in (
        ("post", "/v1/funds"),
        ("patch", "/v1/partners/mistral-ai"),
        ("delete", "/v1/partners/mistral-ai"),
    ):
        r = getattr(cur.client, method)(path, **({"json": {}} if method != "delete" else {}))
        assert r.status_code == 401
    assert cur.counts() == before


def test_keys_cli_create_list_revoke(
    seeded_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make_client: Callable[..., TestClient],
) -> None:
    monkeypatch.setenv("MASDAR_DATABASE_URL", seeded_url)
    assert main(["keys", "create", "--name", "Nadia", "--scope", "curator"]) == 0
    out = capsys.readouterr()
    token = out.out.strip()
    assert token.startswith("msk_") and len(token) == 47 and "shown once" in out.err
    assert main(["keys", "list"]) == 0
    listing = capsys.readouterr().out
    assert "Nadia" in listing and "active" in listing and token not in listing
    kid = int(listing.split("\t")[0])
    with make_client(seeded_url, rate_limit=False) as c:
        h = {"Authorization": f"Bearer {token}"}
        assert c.post("/v1/partners", headers=h, json=partner_body()).status_code == 201
        assert main(["keys", "revoke", str(kid)]) == 0
        assert c.post("/v1/partners", headers=h, json=partner_body("acme-2")).status_code == 401
    with pytest.raises(SystemExit):
        main(["keys", "create", "--name", "x", "--scope", "root"])


# -- limits ------------------------------------------------------------------------------


def test_the_longest_article_fits_the_body_limit_however_encoded(cur: Curation) -> None:
    """The article limit (MASDAR_PROPOSE_MAX_CHARS, 100,000) and the body limit (1 MiB)
    agree: the longest article posts even with every character escaped (``\\u0630``, what
    ``json.dumps`` sends by default); one character more is a 422 naming the text."""
    limit = Settings().propose_max_chars
    words = "أعلنت الوزارة عن برنامج جديد للذكاء الاصطناعي في الرباط والداخلة "
    text = (words * (limit // len(words) + 1))[:limit]
    for sid, body_text, status in (("longest", text, 201), ("too-long", text + "ذ", 422)):
        body = json.dumps({"id": sid, "kind": "news", "text": body_text}).encode()
        assert len(body) > 5 * limit and len(body) <= Settings().max_body_bytes  # escaped
        r = cur.client.post(
            "/v1/sources",
            content=body,
            headers={**cur.curator, "Content-Type": "application/json"},
        )
        assert r.status_code == status, r.text[:300]
    assert len(cur.client.get("/v1/sources/longest").json()["text"]) == limit
    assert {e["name"] for e in r.json()["errors"]} == {"text"}


def test_settings_refuse_a_body_limit_too_small_for_the_longest_article() -> None:
    with pytest.raises(ValidationError, match="cannot hold an article"):
        Settings(max_body_bytes=2**20, propose_max_chars=500_000)
    Settings(max_body_bytes=4 * 2**20, propose_max_chars=500_000)


@pytest.fixture
def limited(seeded_url: str, make_client: Callable[..., TestClient]) -> Iterator[Curation]:
    _, token = make_key(seeded_url)
    client = make_client(
        seeded_url,
        max_body_bytes=80_000,
        propose_max_chars=2_000,  # 6 bytes x 2,000 + 64 KiB must fit in the body limit
        rate_limit=True,
        rate_limit_writes_burst=3,
        rate_limit_writes_per_minute=6,
        rate_limit_reads_burst=2,
        rate_limit_reads_per_minute=60,
        rate_limit_search_burst=2,
        rate_limit_search_per_minute=60,
    )
    with client:
        yield Curation(seeded_url, client, {"Authorization": f"Bearer {token}"}, {})


def test_body_over_limit_413_from_content_length(limited: Curation) -> None:
    before = limited.counts()
    r = limited.client.post(
        "/v1/partners", headers=limited.curator, json=partner_body(description="x" * 100_000)
    )
    assert r.status_code == 413, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert "the limit is 80000 bytes" in r.json()["detail"]
    assert limited.counts() == before


def test_chunked_body_over_limit_413(limited: Curation) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"id": "acme-ai", "description": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}'

    r = limited.client.post(
        "/v1/partners",
        content=chunks(),
        headers={**limited.curator, "Content-Type": "application/json"},
    )
    assert r.status_code == 413, r.text
    assert "passed the limit" in r.json()["detail"]


def test_writes_rate_limited_per_key_with_retry_after(limited: Curation) -> None:
    codes = [
        limited.client.post(
            "/v1/partners", headers=limited.curator, json=partner_body(f"acme-{i}")
        ).status_code
        for i in range(5)
    ]
    assert codes[:3] == [201, 201, 201] and codes[3:] == [429, 429]
    r = limited.client.post("/v1/partners", headers=limited.curator, json=partner_body("z"))
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.json()["type"] == "/problems/rate-limited"
    # another client (no key: its address) has its own bucket, and plain reads are free
    assert limited.client.post("/v1/partners", json=partner_body("y")).status_code == 401
    assert all(limited.client.get("/v1/partners").status_code == 200 for _ in range(10))


def test_heavy_reads_rate_limited(limited: Curation) -> None:
    """Searches that miss the response cache spend tokens; repeats served from it do not."""
    codes = [
        limited.client.get("/v1/search", params={"q": q}).status_code
        for q in ("Jazari", "Mistral", "Oracle", "Dakhla")
    ]
    assert codes == [200, 200, 429, 429]
    assert limited.client.get("/v1/search", params={"q": "Jazari"}).status_code == 200


# -- who a limit counts: the verified key, else the address -------------------------------


def test_junk_keys_count_against_the_address(limited: Curation) -> None:
    """Without a key a client has its address's bucket; a new junk key per request must
    not be a new bucket (it was: the raw header was the key)."""
    codes = [
        limited.client.get(
            "/v1/search", params={"q": q}, headers={"Authorization": f"Bearer junk{i}"}
        ).status_code
        for i, q in enumerate(("Jazari", "Mistral", "Oracle", "Dakhla", "Onepoint"))
    ]
    assert codes == [200, 200, 429, 429, 429]
    assert limited.client.get("/v1/search", params={"q": "Rabat"}).status_code == 429


def test_one_key_however_written_is_one_bucket(limited: Curation) -> None:
    token = limited.curator["Authorization"].removeprefix("Bearer ")
    spellings = [f"Bearer {token}", f"bearer {token}", f"BEARER   {token}", f"  bEaReR {token}  "]
    codes = [
        limited.client.post(
            "/v1/partners", headers={"Authorization": h}, json=partner_body(f"acme-{i}")
        ).status_code
        for i, h in enumerate(spellings * 2)
    ]
    assert codes == [201, 201, 201] + [429] * 5
    # the key's bucket is not the address's: a keyless write still gets its 401
    assert limited.client.post("/v1/partners", json=partner_body("anon")).status_code == 401


def test_failed_authentications_are_rate_limited(
    seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    _, token = make_key(seeded_url)
    with make_client(
        seeded_url,
        rate_limit_writes_burst=100,
        rate_limit_auth_failures_burst=3,
        rate_limit_auth_failures_per_minute=1,
    ) as c:
        guesses = [f"Bearer msk_{i:043d}" for i in range(5)]
        rs = [
            c.post("/v1/partners", headers={"Authorization": g}, json=partner_body("guess"))
            for g in guesses
        ]
        assert [r.status_code for r in rs] == [401, 401, 401, 429, 429]
        assert "failed authentications" in rs[3].json()["detail"]
        assert int(rs[3].headers["retry-after"]) >= 1
        # a live key from the same address is not a failed authentication
        r = c.post(
            "/v1/partners", headers={"Authorization": f"Bearer {token}"}, json=partner_body()
        )
        assert r.status_code == 201, r.text


def test_two_authorization_headers_are_400(cur: Curation) -> None:
    bogus = "Bearer msk_" + "A" * 43
    for pair in ((cur.curator["Authorization"], bogus), (bogus, cur.curator["Authorization"])):
        r = cur.client.post(
            "/v1/partners",
            headers=[("Authorization", pair[0]), ("Authorization", pair[1])],
            json=partner_body(),
        )
        assert r.status_code == 400, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert "Authorization is given 2 times" in r.json()["detail"]
    assert cur.client.get("/v1/partners/acme-ai").status_code == 404
    r = cur.client.get("/v1/partners", headers=[("Authorization", bogus)] * 2)
    assert r.status_code == 400


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_bucket(
    seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    """``masdar serve --forwarded-allow-ips`` (uvicorn's proxy headers): the address a
    trusted proxy forwards is the client; from anyone else the header changes nothing."""
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    for trusted, expected in (("*", [200, 200, 200, 200]), ("10.0.0.1", [200, 200, 429, 429])):
        inner = make_client(
            seeded_url, rate_limit_search_burst=2, rate_limit_search_per_minute=1
        ).app
        app = ProxyHeadersMiddleware(inner, trusted_hosts=trusted)
        with TestClient(app) as c:  # type: ignore[arg-type]
            codes = [
                c.get(
                    "/v1/search",
                    params={"q": q},
                    headers={"X-Forwarded-For": f"203.0.113.{i % 2}"},
                ).status_code
                for i, q in enumerate(("Jazari", "Mistral", "Oracle", "Dakhla"))
            ]
        assert codes == expected, trusted
