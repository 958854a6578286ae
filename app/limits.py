"""Request limits, pure ASGI: body size (413) and per-client rate limits (429).

- A body over ``MASDAR_MAX_BODY_BYTES`` (default 1 MiB) is refused before it is read:
  at once when ``Content-Length`` says so, and for a chunked body as soon as the bytes
  received pass the limit (the application then sees a disconnected client and its
  answer is replaced by the 413).
- ``Authorization`` given more than once is a 400: which one would count?
- Writes (POST, PUT, PATCH, DELETE under ``/v1/``), heavy reads (the paths in
  ``MASDAR_RATE_LIMIT_HEAVY_PATHS``) and search-box reads (``/v1/search``,
  ``/v1/resolve``, and the fact-check ``/v1/check`` and ``/check``, GET or POST:
  ``MASDAR_RATE_LIMIT_SEARCH_PATHS``) take a token from their own
  bucket per *verified* client: the key's id when the request carries a live API key
  (however its header is spelled: ``bearer``, ``BEARER``, extra spaces), else the client
  address. A missing, malformed, unknown, revoked or expired key counts against the
  address, and takes a token from the address's failed-authentication bucket too
  (``MASDAR_RATE_LIMIT_AUTH_FAILURES_*``: guessing keys is slow). An empty bucket is a
  429 problem with ``Retry-After`` (whole seconds). The key is verified here, once: the
  route reuses the result (``app.api.auth.VERIFIED``).
- The client address is the socket's peer, or behind a reverse proxy the address the
  proxy forwards (``X-Forwarded-For``) when uvicorn trusts that proxy
  (``masdar serve --forwarded-allow-ips``; docs/operations.md). Trust no more than the
  proxy: a forwarded address from anyone else is a free new bucket per request.
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

import json
import math
import time
from collections import OrderedDict

from sqlalchemy.engine import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.auth import VERIFIED, identify
from app.api.deps import in_thread, writers
from app.services.keys import Actor

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
IDENTITY = "masdar_client"
"""Scope-state key of the verified client (``key:<id>``) a limited request is counted as."""
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
        auth_failures_per_minute: float = 10,
        auth_failures_burst: int = 10,
    ) -> None:
        self.buckets = {
            "write": TokenBucket(writes_per_minute, writes_burst),
            "read": TokenBucket(reads_per_minute, reads_burst),
            "search": TokenBucket(search_per_minute, search_burst),
            "auth": TokenBucket(auth_failures_per_minute, auth_failures_burst),
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
        """The bucket key: the verified key's id (set by :class:`LimitsMiddleware`), else
        the client address. Never the raw header: any spelling of it would be a bucket."""
        identity = scope.get("state", {}).get(IDENTITY)
        if identity is not None:
            return str(identity)
        client = scope.get("client")
        return "addr:" + (client[0] if client else "unknown")

    def failed_authentication(self, scope: Scope) -> tuple[str, str] | None:
        """Take a token from the address's failed-authentication bucket: None, or the 429."""
        client = scope.get("client")
        wait = self.buckets["auth"].take("addr:" + (client[0] if client else "unknown"))
        if wait <= 0:
            return None
        retry = str(max(1, math.ceil(wait)))
        return retry, f"Too many failed authentications from this address; retry in {retry} s."

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
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        limiter: RateLimiter | None = None,
        engine: Engine | None = None,
    ) -> None:
        self.app = app
        self.max_body = max_body_bytes
        self.limiter = limiter
        self.engine = engine
        """Where API keys are verified (the primary); without it, keys are not verified
        here and every request is counted against its address."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        length = None
        auth: list[bytes] = []
        for k, v in scope.get("headers", ()):
            if k == b"content-length":
                length = v
            elif k == b"authorization":
                auth.append(v)
        if len(auth) > 1:
            detail = f"Authorization is given {len(auth)} times: send one key, once."
            for m in _problem(400, "Bad request", "bad-request", detail, path):
                await send(m)
            return
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
        refused = await self._refusal(scope, path, auth[0] if auth else None)
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

    async def _refusal(self, scope: Scope, path: str, auth: bytes | None) -> tuple[str, str] | None:
        """None when the request may go on, else the 429's ``(Retry-After, detail)``.

        A limited request with a key has it verified first (one indexed lookup, in a
        worker thread: a writer's for a write), so it is counted against the key, or
        against the address and as a failed authentication."""
        limiter = self.limiter
        kind = None if limiter is None else limiter.kind(scope["method"], path)
        if limiter is None or kind is None:
            return None
        if auth is not None and self.engine is not None:
            found = await in_thread(
                identify,
                self.engine,
                auth.decode("latin-1"),
                limiter=writers(scope["app"]) if kind == "write" else None,
            )
            state = scope.setdefault("state", {})
            state[VERIFIED] = found
            if isinstance(found, Actor):
                state[IDENTITY] = f"key:{found.key_id}"
            else:
                refused = limiter.failed_authentication(scope)
                if refused is not None:
                    return refused
        return limiter.refusal(scope["method"], path, scope)

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
