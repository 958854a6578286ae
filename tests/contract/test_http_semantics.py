"""HTTP semantics, for every operation of the document: HEAD, OPTIONS and Allow, Vary,
406, and a write's key checked before its body."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.contract.support import Answer, get_paths, media

IGNORED = {"date", "x-request-id"}
METHODS = ("get", "post", "put", "patch", "delete")


def _one_url_per_path(answers: list[Answer], status: int = 200) -> dict[str, str]:
    urls: dict[str, str] = {}
    for a in answers:
        if a.response.status_code == status and not a.headers:
            urls.setdefault(a.path, a.url)
    return urls


def test_head_is_get_without_the_body(client: TestClient, answers: list[Answer]) -> None:
    """Same status and headers (Content-Length and ETag included), no body: for a 200 of
    every GET path, and for a 404."""
    urls = list(_one_url_per_path(answers).values()) + ["/v1/figures/no-such-figure"]
    for url in urls:
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code, url
        assert head.content == b"", url
        strip = lambda r: {k: v for k, v in r.headers.items() if k not in IGNORED}  # noqa: E731
        assert strip(head) == strip(get), url
    assert len(urls) > 25


def _allowed(item: dict[str, Any]) -> list[str]:
    methods = {m.upper() for m in item if m in METHODS}
    if "GET" in methods:
        methods.add("HEAD")
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return sorted(methods | {"OPTIONS"}, key=order.index)


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", path)


def test_options_and_405_name_every_method(client: TestClient, spec: dict[str, Any]) -> None:
    """``OPTIONS`` answers 204 with ``Allow``; a method no route has at that path is a 405
    problem with the same ``Allow`` (all of the path's methods, not the first route's)."""
    for path, item in spec["paths"].items():
        url = _concrete(path)
        allow = ", ".join(_allowed(item))
        options = client.options(url)
        assert (options.status_code, options.headers["allow"]) == (204, allow), path
        unused = next(m for m in ("put", "patch", "delete", "post") if m not in item)
        refused = client.request(unused.upper(), url)
        assert refused.status_code == 405, (unused, path)
        assert refused.headers["allow"] == allow, path
        assert media(refused) == "application/problem+json"
    funds = client.request("PUT", "/v1/funds")
    assert funds.headers["allow"] == "GET, HEAD, POST, OPTIONS"


def test_what_accept_chooses_says_vary(answers: list[Answer]) -> None:
    """Every GET answer of the API (a 200 that a shared cache may keep) names ``Accept``
    in ``Vary``."""
    for a in answers:
        if a.response.status_code == 200 and not a.path.startswith("/health"):
            vary = [v.strip().lower() for v in a.response.headers.get("vary", "").split(",")]
            assert "accept" in vary, (a.url, vary)


def test_406_lists_the_types_served(
    client: TestClient, spec: dict[str, Any], answers: list[Answer]
) -> None:
    gets = get_paths(spec)
    for path, url in _one_url_per_path(answers).items():
        served = list(gets[path]["responses"]["200"]["content"])
        refused = client.get(url, headers={"Accept": "application/x-nothing-masdar-serves"})
        assert refused.status_code == 406, url
        assert media(refused) == "application/problem+json"
        assert refused.json()["acceptable"] == served, url
        assert "accept" in refused.headers["vary"].lower()
        assert "406" in gets[path]["responses"], path
    stats = client.get("/v1/stats", headers={"Accept": "text/csv"})
    assert stats.status_code == 406 and stats.json()["acceptable"] == ["application/json"]


def test_accept_picks_the_representation(client: TestClient) -> None:
    def kind(url: str, accept: str) -> str:
        r = client.get(url, headers={"Accept": accept})
        assert r.status_code == 200, (url, accept, r.text[:200])
        return media(r)

    assert kind("/v1/figures", "text/csv") == "text/csv"
    assert kind("/v1/figures", "text/csv;q=0.5, application/json") == "application/json"
    assert kind("/v1/figures", "text/*") == "text/csv"
    assert kind("/v1/figures?format=json", "text/csv") == "application/json"
    one = "/v1/figures/dakhla-capacity-000"
    assert kind(one, "application/ld+json") == "application/ld+json"
    assert kind(one, "application/ld+json;q=0.9, application/json") == "application/json"
    cite = f"{one}/cite"
    assert kind(cite, "*/*") == "text/plain"
    assert kind(cite, "application/vnd.citationstyles.csl+json") == (
        "application/vnd.citationstyles.csl+json"
    )
    assert kind(cite, "application/ld+json") == "application/ld+json"


def test_one_representation_never_answers_for_another(client: TestClient) -> None:
    """The response cache keys on ``Accept`` as sent: after a JSON-LD client, a JSON client
    of the same URL gets JSON (the nginx-in-front scenario needs Vary; this, the key)."""
    url = "/v1/partners/oracle"
    first = client.get(url, headers={"Accept": "application/ld+json, application/json;q=0.1"})
    assert media(first) == "application/ld+json"
    assert media(client.get(url, headers={"Accept": "application/json"})) == "application/json"
    csv = client.get("/v1/sources", headers={"Accept": "text/csv"})
    assert media(csv) == "text/csv"
    assert media(client.get("/v1/sources")) == "application/json"


def test_no_key_is_401_whatever_the_body(client: TestClient, spec: dict[str, Any]) -> None:
    """Every operation that needs a key refuses a request without one before reading its
    body: a malformed body is a 401, not a 422."""
    checked = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in METHODS or not op.get("security"):
                continue
            r = client.request(
                method.upper(),
                _concrete(path),
                content=b'{"broken json',
                headers={"Content-Type": "application/json", "If-Match": '"v1"'},
            )
            assert r.status_code == 401, (method, path, r.status_code, r.text[:200])
            assert r.headers["www-authenticate"].startswith("Bearer")
            checked += 1
    assert checked >= 30


def test_head_over_a_real_server(server: str) -> None:
    """uvicorn sends HEAD's headers with the GET's Content-Length and no body."""
    import httpx

    get = httpx.get(f"{server}/v1/figures?limit=3")
    head = httpx.head(f"{server}/v1/figures?limit=3")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["etag"] == get.headers["etag"]
