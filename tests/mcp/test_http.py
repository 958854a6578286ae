"""MCP traffic through the app's middleware: JSON-RPC over POST /mcp, as an agent sends it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def call(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": name, "arguments": arguments},
    }


def post(client: TestClient, name: str, arguments: dict[str, Any], **headers: str) -> Any:
    r = client.post("/mcp", json=call(name, arguments), headers={**HEADERS, **headers})
    assert r.status_code == 200, r.text
    return r


def test_a_tool_call_is_one_json_exchange_with_the_apps_headers(client: TestClient) -> None:
    r = post(client, "list_figures", {"unit": "MW", "limit": 1}, **{"Accept-Encoding": "gzip"})
    assert r.headers["content-type"] == "application/json"
    assert r.headers["content-encoding"] == "gzip"  # large answers are compressed, as the API's
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-request-id"]
    assert "etag" not in r.headers and "cache-control" not in r.headers
    result = r.json()["result"]
    [fig] = result["structuredContent"]["items"]
    assert fig["citations"][0]["quote"] == "بطاقة تصل إلى 500 ميغاواط"
    assert fig["citations"][0]["url"].startswith("http://testserver/sources/000#citation-")


def test_tool_errors_and_protocol_errors(client: TestClient) -> None:
    result = post(client, "get_record", {"type": "figure", "id": "nope"}).json()["result"]
    assert result["isError"] is True
    assert result["content"] == [{"type": "text", "text": "No figure with id 'nope'."}]
    r = client.post("/mcp", content=b"{not json", headers=HEADERS)
    assert r.status_code == 400 and r.json()["error"]["code"] == -32700


def test_get_and_delete_are_405_problems(client: TestClient) -> None:
    for method in ("GET", "DELETE"):
        r = client.request(method, "/mcp")
        assert r.status_code == 405 and r.headers["allow"] == "POST"
        assert r.headers["content-type"] == "application/problem+json"
        assert (
            r.json()["detail"]
            == "/mcp takes MCP messages by POST only (stateless, JSON responses)."
        )


def test_a_body_over_the_limit_is_the_apis_413(client: TestClient) -> None:
    r = client.post("/mcp", content=b"x" * (2**20 + 1), headers=HEADERS)
    assert r.status_code == 413
    assert r.json()["detail"] == "The request body is 1048577 bytes; the limit is 1048576 bytes."


def test_cors_lets_a_browser_agent_post_while_the_api_stays_read_only(client: TestClient) -> None:
    preflight = {
        "Origin": "https://agent.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, mcp-protocol-version",
    }
    r = client.options("/mcp", headers=preflight)
    assert r.status_code == 200
    assert r.headers["access-control-allow-methods"] == "POST, OPTIONS"
    assert r.headers["access-control-allow-headers"] == "content-type, mcp-protocol-version"
    assert client.options("/v1/figures", headers=preflight).status_code == 400
    r = post(client, "resolve", {"name": "Jazari"}, Origin="https://agent.example")
    assert r.headers["access-control-allow-origin"] == "*"


def test_tools_take_the_rest_routes_rate_limit_from_the_same_bucket(
    seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    app = make_client(seeded_url, rate_limit_search_burst=2, rate_limit_search_per_minute=1)
    with app as c:
        assert not post(c, "search", {"q": "Jazari"}).json()["result"]["isError"]
        assert c.get("/v1/search", params={"q": "Jazari"}).status_code == 200
        result = post(c, "search", {"q": "Jazari"}).json()["result"]
        assert result["isError"] is True
        assert re.fullmatch(
            r"Too many requests from this client; retry in \d+ s\.", result["content"][0]["text"]
        )
        assert c.get("/v1/search", params={"q": "Oracle"}).status_code == 429  # (not cached)
        # a route REST does not limit is not limited here either
        assert not post(c, "get_record", {"type": "source", "id": "000"}).json()["result"][
            "isError"
        ]


def test_mcp_off_leaves_no_endpoint(
    seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    with make_client(seeded_url, mcp=False) as c:
        r = c.post("/mcp", json=call("search", {"q": "x"}), headers=HEADERS)
        assert (
            r.status_code in (404, 405) and r.headers["content-type"] == "application/problem+json"
        )


def test_the_endpoint_restarts_with_the_app(
    seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    app = make_client(seeded_url)
    for _ in range(2):  # each start of the app runs a fresh session manager
        with app as c:
            assert not post(c, "resolve", {"name": "Mistral"}).json()["result"]["isError"]
