"""One JSON line per request with a request id; no article text or secrets in logs."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "masdar.access"]


def test_one_json_line_per_request_with_request_id(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="masdar.access")
    r = client.get("/v1/figures/investors-fund-003", headers={"X-Request-ID": "newsroom-42"})
    assert r.headers["x-request-id"] == "newsroom-42"
    generated = client.get("/v1/sources").headers["x-request-id"]
    assert len(generated) == 32
    lines = access_lines(caplog)
    assert len(lines) == 2
    first = lines[0]
    assert set(first) == {"method", "path", "status", "duration_ms", "request_id"}
    assert (first["method"], first["path"], first["status"], first["request_id"]) == (
        "GET",
        "/v1/figures/investors-fund-003",
        200,
        "newsroom-42",
    )
    assert lines[1]["request_id"] == generated


def test_bad_request_ids_are_replaced(client: TestClient) -> None:
    r = client.get("/v1/sources", headers={"X-Request-ID": "x" * 500})
    assert r.headers["x-request-id"] != "x" * 500
    r = client.get("/v1/sources", headers={"X-Request-ID": "a b\tc"})
    assert " " not in r.headers["x-request-id"]


def test_logs_carry_no_article_text_and_no_secrets(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    client.get("/v1/sources/003", headers={"Authorization": "Bearer s3cret-token"})
    client.get("/v1/initiatives?partner=ميسترال&secret=1")
    server = [r for r in caplog.records if not r.name.startswith("httpx")]  # not the client's
    assert server
    text = "\n".join(r.getMessage() for r in server)
    assert "s3cret-token" not in text
    assert "ميسترال" not in text and "الداخلة" not in text
    assert "secret=1" not in text  # paths only, never query strings


def test_security_headers_and_no_server_banner(client: TestClient) -> None:
    r = client.get("/v1/sources")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "server" not in r.headers
