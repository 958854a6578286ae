"""Request limits, pure ASGI: body size (413) and per-client rate limits (429).

- A body over ``MASDAR_MAX_BODY_BYTES`` (default 1 MiB) is refused before it is read:
  at once when ``Content-Length`` says so, and for a chunked body as soon as the bytes
  received pass the limit (the application then sees a disconnected client and its
  answer is replaced by the 413).
- Writes (POST, PUT, PATCH, DELETE under ``/v1/``), heavy reads (the paths in
  ``MASDAR_RATE_LIMIT_HEAVY_PATHS``) and search-box reads (``/v1/search``,
  ``/v1/resolve``, and the fact-check ``/v1/check`` and ``/check``, GET or POST:
  ``MASDAR_RATE_LIMIT_SEARCH_PATHS``) take a token from their own
  bucket per API key (the ``Authorization`` token's hash) or, without one, per client
  address. An empty bucket is a 429 problem with ``Retry-After`` (whole seconds).
- The search-box bucket fits a front-end that queries as a person types (one request
  a keystroke, no debounce): 120 at once, then 10 a second (600 a minute) for good.
  The fastest typists reach 8 keystrokes a second, so a person never waits; a script
  sending 50 a second is refused after about three seconds.
  :class:`RateLimiter` decides; the MCP tools (app/mcp) ask it too, for the route each
  tool stands for.

The buckets live in this process's memory: with N worker processes (or N machines) a
client gets up to N times the configured rate. Put a shared limiter in front (the load
balancer, or a Redis-backed one) when that matters.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_CLIENTS = 10_000
"""Buckets kept per kind; the least recently seen client is forgotten first."""


class TokenBucket:
    """``burst`` tokens, refilled at ``per_minute / 60`` tokens a second, per client."""

    def __init__(self, per_minute: float, burst: int, clock: object = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.clients: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """0 when a token was taken, else the seconds until one will be there."""
        now = self.clock()  # type: ignore[operator]
        tokens, last = self.clients.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate if self.rate > 0 else 3600.0
        self.clients[client] = (tokens, now)
        while len(self.clients) > MAX_CLIENTS:
            self.clients.popitem(last=False)
        return wait


def _problem(
    status: int,
    title: str,
    slug: str,
    detail: str,
    path: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> tuple[Message, Message]:
    body = json.dumps(
        {
            "type": f"/problems/{slug}",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": path,
        }
    ).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close") if status == 413 else (b"cache-control", b"no-store"),
            *(headers or []),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


class RateLimiter:
    """Which requests take a token, from which bucket, for which client: one per app, shared
    by the HTTP API (:class:`LimitsMiddleware`) and the MCP tools that stand for its routes
    (app/mcp), so a client has one budget whichever way it asks."""

    def __init__(
        self,
        *,
        writes_per_minute: float = 60,
        writes_burst: int = 30,
        reads_per_minute: float = 300,
        reads_burst: int = 60,
        heavy_paths: str = "",
        search_per_minute: float = 600,
        search_burst: int = 120,
        search_paths: str = "",
    ) -> None:
        self.buckets = {
            "write": TokenBucket(writes_per_minute, writes_burst),
            "read": TokenBucket(reads_per_minute, reads_burst),
            "search": TokenBucket(search_per_minute, search_burst),
        }
        self.heavy = tuple(p.strip() for p in heavy_paths.split(",") if p.strip())
        self.search = tuple(p.strip() for p in search_paths.split(",") if p.strip())

    def kind(self, method: str, path: str) -> str | None:
        if path in self.search and method in ("GET", "HEAD", "POST"):
            return "search"  # a fact-check POSTs its text, but it is a read
        if not path.startswith("/v1/"):
            return None
        if method in WRITE_METHODS:
            return "write"
        if method in ("GET", "HEAD") and path in self.heavy:
            return "read"
        return None

    @staticmethod
    def client(scope: Scope) -> str:
        for k, v in scope.get("headers", ()):
            if k == b"authorization":
                return "key:" + hashlib.sha256(v.strip()).hexdigest()[:24]
        client = scope.get("client")
        return "addr:" + (client[0] if client else "unknown")

    def refusal(self, method: str, path: str, scope: Scope) -> tuple[str, str] | None:
        """None when ``method path`` from this client may go ahead (a token is taken when
        the path is limited), else ``(Retry-After seconds, the 429 problem's detail)``."""
        kind = self.kind(method, path)
        if kind is None:
            return None
        wait = self.buckets[kind].take(self.client(scope))
        if wait <= 0:
            return None
        retry = str(max(1, math.ceil(wait)))
        what = "writes" if kind == "write" else "requests"
        return retry, f"Too many {what} from this client; retry in {retry} s."


class LimitsMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, limiter: RateLimiter | None = None
    ) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        length = next((v for k, v in scope.get("headers", ()) if k == b"content-length"), None)
        if length is not None and length.strip().isdigit() and int(length) > self.max_body:
            for m in _problem(
                413,
                "Content too large",
                "too-large",
                f"The request body is {int(length)} bytes; the limit is {self.max_body} bytes.",
                path,
            ):
                await send(m)
            return
        refused = self.limiter.refusal(scope["method"], path, scope) if self.limiter else None
        if refused is not None:
            retry, detail = refused
            for m in _problem(
                429,
                "Too many requests",
                "rate-limited",
                detail,
                path,
                [(b"retry-after", retry.encode())],
            ):
                await send(m)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        await self._counted(scope, receive, send, path)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, path: str) -> None:
        """Count streamed body bytes; past the limit, the app sees a disconnect and the
        client gets a 413 instead of whatever the app answers."""
        received = 0
        over = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if over and not started:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def refuse() -> None:
            for m in _problem(
                413,
                "Content too large",
                "too-large",
                f"The request body passed the limit of {self.max_body} bytes.",
                path,
            ):
                await send(m)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not over or started:
                raise
        if over and not started:
            await refuse()
