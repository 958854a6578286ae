"""Security headers on every kind of response, CORS, no debug mode, and the API docs
rendering under their own Content-Security-Policy in a real browser."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.browser import CHROMIUM
from tests.browser import CHROMIUM_ARGS as ARGS
from tests.conftest import settings_for

PROBLEM = "application/problem+json"


def _assert_common(r: httpx.Response, what: str) -> None:
    assert r.headers.get("x-content-type-options") == "nosniff", what
    assert r.headers.get("referrer-policy") == "no-referrer", what
    assert r.headers.get("x-frame-options") == "DENY", what
    assert "server" not in r.headers, what
    assert r.headers.get("x-request-id"), what
    if r.headers.get("content-type", "").startswith("text/html"):
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, what
        assert "'unsafe-eval'" not in csp, what


def test_every_kind_of_response_has_the_security_headers(client: TestClient) -> None:
    figure = client.get("/v1/figures?limit=1").json()["items"][0]["id"]
    etag = client.get("/v1/sources").headers["etag"]
    cases: dict[str, httpx.Response] = {
        "json": client.get("/v1/sources"),
        "json one": client.get("/v1/sources/000"),
        "csv": client.get("/v1/partners?format=csv"),
        "jsonld": client.get("/v1/sources/000", headers={"Accept": "application/ld+json"}),
        "text": client.get("/v1/sources/000/text"),
        "problem 404": client.get("/v1/sources/nope"),
        "problem 400": client.get("/v1/sources?nope=1"),
        "problem 422": client.get("/v1/sources?limit=0"),
        "problem 405": client.put("/v1/sources"),
        "problem 401": client.post("/v1/partners", json={}),
        "no route": client.get("/nowhere"),
        "304": client.get("/v1/sources", headers={"If-None-Match": etag}),
        "health": client.get("/health/ready"),
        "openapi": client.get("/openapi.json"),
        "html source": client.get("/sources/000"),
        "html figure": client.get(f"/figures/{figure}"),
        "html dashboard": client.get("/dashboard"),
        "docs": client.get("/docs"),
        "redoc": client.get("/redoc"),
        "static": client.get("/static/docs/swagger-ui.css"),
        "preflight": client.options(
            "/v1/sources",
            headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
        ),
    }
    assert cases["304"].status_code == 304
    for what, r in cases.items():
        assert r.status_code < 500, what
        _assert_common(r, what)
        if r.status_code >= 400:
            assert r.headers["content-type"] == PROBLEM, what
    for page in ("html source", "html figure", "html dashboard"):
        csp = cases[page].headers["content-security-policy"]
        assert "script-src 'none'" in csp, page  # masdar's pages run no JavaScript
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], page
    for page in ("docs", "redoc"):
        csp = cases[page].headers["content-security-policy"]
        script = csp.split("script-src")[1].split(";")[0]
        assert "'self'" in script and "unsafe-inline" not in script, page
        assert "http" not in csp, page  # no CDN: the assets are masdar's own


def test_cors_allows_only_reads_unless_configured(
    seeded_url: str, make_client: Callable[..., TestClient]
) -> None:
    ask = {"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}
    with make_client(seeded_url) as client:
        denied = client.options("/v1/partners", headers=ask)
        assert denied.status_code == 400
        allowed = denied.headers.get("access-control-allow-methods", "")
        assert "POST" not in allowed
        get = client.options(
            "/v1/partners", headers={**ask, "Access-Control-Request-Method": "GET"}
        )
        assert get.status_code == 200
        assert set(get.headers["access-control-allow-methods"].split(", ")) == {
            "GET",
            "HEAD",
            "OPTIONS",
        }
    with make_client(seeded_url, cors_methods="GET,HEAD,OPTIONS,POST,PATCH,DELETE") as client:
        ok = client.options(
            "/v1/partners",
            headers={
                **ask,
                "Access-Control-Request-Headers": "authorization, content-type, if-match",
            },
        )
        assert ok.status_code == 200


def test_no_debug_mode_and_no_traceback_in_errors(
    seeded_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings_for(seeded_url))
    assert app.debug is False
    assert "debug" not in Settings.model_fields  # no setting can turn it on

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("secret-internal-detail")

    with (
        TestClient(app, raise_server_exceptions=False) as client,
        caplog.at_level(logging.ERROR, logger="masdar"),
    ):
        r = client.get("/boom")
    app.state.engine.dispose()
    assert r.status_code == 500 and r.headers["content-type"] == PROBLEM
    assert "secret-internal-detail" not in r.text and "Traceback" not in r.text
    assert "File " not in r.text
    _assert_common(r, "500")
    assert "secret-internal-detail" in caplog.text  # the traceback stays in the log


def test_proxy_headers_are_trusted_only_from_configured_addresses() -> None:
    from app.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.forwarded_allow_ips == "127.0.0.1"
    args = build_parser().parse_args(["serve", "--forwarded-allow-ips", "10.0.0.2"])
    assert args.forwarded_allow_ips == "10.0.0.2"


# -- the docs in a real browser ---------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(
    ("page", "selector"),
    [("/docs", ".swagger-ui .opblock"), ("/redoc", "[role=menuitem], .menu-content li")],
)
def test_docs_render_under_their_csp(server: str, page: str, selector: str) -> None:
    sync_api: Any = pytest.importorskip("playwright.sync_api")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    violations: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page()
        tab.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        tab.goto(server + page)
        tab.wait_for_selector(selector, timeout=20_000)
        count = tab.locator(selector).count()
        browser.close()
    assert count > 10, f"{page} rendered {count} operations"
    # ReDoc's "powered by" logo comes from cdn.redoc.ly: blocking it is the policy working
    # (masdar's pages make no third-party requests). Anything of masdar's own blocked
    # (its scripts, inline code, styles, workers) would break the page: fail on those.
    own = [v for v in violations if "https://" not in v]
    assert not own, own
