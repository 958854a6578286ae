"""One pure-ASGI middleware for what every response needs: request id, access log line
(app/access.py), security headers, and a 503 while start-up work waits for the database."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import secrets
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.access import AccessLog

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HTML_CSP = (
    b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    b"script-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""masdar's own pages (viewer, dashboard) run no JavaScript at all. A response that sets
its own policy (the API docs: :func:`docs_csp`) keeps it."""


def docs_csp(html: bytes) -> str:
    """The policy of a docs page (Swagger UI, ReDoc): scripts from masdar itself, and
    only the inline scripts of this very page (by hash); inline styles (both set style
    attributes at run time), web workers from blob: (ReDoc), data: images and fonts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() + "'"
        for m in re.finditer(rb"<script>(.*?)</script>", html, re.S)
    )
    return (
        "default-src 'none'; script-src 'self' " + hashes + "; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        "connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


_UNAVAILABLE = json.dumps(
    {
        "type": "/problems/unavailable",
        "title": "Service unavailable",
        "status": 503,
        "detail": "Start-up is not finished: the database is not reachable yet.",
    }
).encode()

_NOT_UTF8 = json.dumps(
    {
        "type": "/problems/bad-request",
        "title": "Bad request",
        "status": 400,
        "detail": "The query string is not UTF-8: percent-encode it (RFC 3986).",
    }
).encode()

_NUL_PATH = json.dumps(
    {
        "type": "/problems/not-found",
        "title": "Not found",
        "status": 404,
        "detail": "No resource at this path: it contains a NUL character.",
    }
).encode()


def _utf8(raw: bytes) -> bool:
    """Raw bytes in the query string (uvicorn passes them on) must be UTF-8: Starlette
    decodes it strictly, and would fail inside every handler, the error handler too."""
    if raw.isascii():
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class CoreMiddleware:
    def __init__(self, app: ASGIApp, state: Any, access: AccessLog | None = None) -> None:
        self.app = app
        self.state = state
        self.access = access if access is not None and access.every else None
        # request ids: 16 random hex digits per process, then a counter (uuid4 per request
        # reads the OS's random source each time: 5 % of a cache-off list request's CPU)
        self._rid_prefix = secrets.token_hex(8)
        self._rid_counter = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = None
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                candidate = value.decode("latin-1")
                rid = candidate if _REQUEST_ID.match(candidate) else None
                break
        rid = rid or f"{self._rid_prefix}{next(self._rid_counter):016x}"
        scope.setdefault("state", {})["request_id"] = rid  # for the 500 handler
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers.append((b"x-request-id", rid.encode()))
                headers.extend(SECURITY_HEADERS)
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html") and not any(
                    k.lower() == b"content-security-policy" for k, _ in headers
                ):
                    headers.append((b"content-security-policy", HTML_CSP))
                message["headers"] = headers
            await send(message)

        path = scope["path"]
        try:
            if not _utf8(scope.get("query_string", b"")):
                await send_wrapper(
                    {
                        "type": "http.response.start",
                        "status": 400,
                        "headers": [(b"content-type", b"application/problem+json")],
                    }
                )
                await send({"type": "http.response.body", "body": _NOT_UTF8})
                return
            if "\x00" in path:  # no id contains NUL; PostgreSQL refuses it in text
                await send_wrapper(
                    {
                        "type": "http.response.start",
                        "status": 404,
                        "headers": [(b"content-type", b"application/problem+json")],
                    }
                )
                await send({"type": "http.response.body", "body": _NUL_PATH})
                return
            if not self.state.prepared and not path.startswith("/health"):
                await send_wrapper(
                    {
                        "type": "http.response.start",
                        "status": 503,
                        "headers": [
                            (b"content-type", b"application/problem+json"),
                            (b"retry-after", b"2"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": _UNAVAILABLE})
                return
            await self.app(scope, receive, send_wrapper)
        finally:
            if self.access is not None:
                self.access(scope["method"], path, status, started, rid)
