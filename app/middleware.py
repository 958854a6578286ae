"""One pure-ASGI middleware for what every response needs: request id, JSON log line,
security headers, and a 503 while start-up work waits for the database."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("masdar.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HTML_CSP = (
    b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    b"script-src 'self' 'unsafe-inline'; connect-src 'self'; font-src 'self'; "
    b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_UNAVAILABLE = json.dumps(
    {
        "type": "/problems/unavailable",
        "title": "Service unavailable",
        "status": 503,
        "detail": "Start-up is not finished: the database is not reachable yet.",
    }
).encode()


class CoreMiddleware:
    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app = app
        self.state = state

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
        rid = rid or uuid.uuid4().hex
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"server"
                ]
                headers.append((b"x-request-id", rid.encode()))
                headers.extend(SECURITY_HEADERS)
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html") and scope["path"] not in DOC_PATHS:
                    headers.append((b"content-security-policy", HTML_CSP))
                message["headers"] = headers
            await send(message)

        path = scope["path"]
        try:
            if not self.state.prepared and not path.startswith("/health"):
                await send_wrapper({
                    "type": "http.response.start", "status": 503,
                    "headers": [(b"content-type", b"application/problem+json"),
                                (b"retry-after", b"2")],
                })
                await send({"type": "http.response.body", "body": _UNAVAILABLE})
                return
            await self.app(scope, receive, send_wrapper)
        finally:
            if log.isEnabledFor(logging.INFO):  # skip the json.dumps when nobody listens
                log.info(json.dumps({
                    "method": scope.get("method"),
                    "path": path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "request_id": rid,
                }))


DOC_PATHS = {"/docs", "/redoc", "/docs/oauth2-redirect"}
