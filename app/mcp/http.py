"""MCP over streamable HTTP at ``/mcp``, in the same app as the REST API.

The SDK's transport runs **stateless** with **JSON responses**: every POST is one JSON-RPC
exchange answered with one JSON body, no session to keep, so any worker process (or
machine) can answer any request, and the app's middleware sees an ordinary POST:

- request id, access log, security headers, 503 until start-up is done: as for any path;
- size limits: ``LimitsMiddleware`` refuses a body over ``MASDAR_MAX_BODY_BYTES`` (413
  problem) and the SDK is given the same limit;
- rate limits: each tool takes a token for the REST route it stands for
  (``app.mcp.reader``), from the same per-client buckets;
- gzip: JSON answers over 1 KiB, as for the API; ETag, ``Cache-Control`` and the response
  cache apply to GET (and ``/v1``) only, so never to MCP;
- CORS: :class:`SplitCORS` lets a browser-based agent POST to ``/mcp`` with MCP's headers
  from the origins the API allows, while the API keeps its own (read-only) policy;
- errors: JSON-RPC errors and MCP tool errors, written by the SDK; an exception escaping
  it is the app's 500 problem; GET and DELETE (no stream, no session) are a 405 problem.

DNS-rebinding protection (the SDK checks ``Host`` and ``Origin`` against a list) is off:
it guards servers that expose private data or actions to a local browser, and masdar's
MCP endpoint serves only public, read-only data, open to every origin like the API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.transport_security import TransportSecuritySettings
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from app.config import Settings
from app.errors import problem
from app.mcp.server import MasdarServer

PATH = "/mcp"


class McpEndpoint:
    """The ASGI app at :data:`PATH`: the SDK's transport, once :meth:`running` started it."""

    def __init__(self, server: MasdarServer, settings: Settings) -> None:
        self.server = server
        self.max_body = settings.max_body_bytes
        self.app: ASGIApp | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The app's lifespan: a fresh session manager each time the app starts."""
        app = self.server.streamable_http_app(
            streamable_http_path=PATH,
            stateless_http=True,
            json_response=True,
            max_request_body_size=self.max_body,
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        )
        async with self.server.session_manager.run():
            self.app = app
            try:
                yield
            finally:
                self.app = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "POST":
            # stateless: no session to DELETE, no stream of server messages to GET (the SDK
            # would hold a GET open forever); the transport's spec answers 405 for both
            detail = f"{PATH} takes MCP messages by POST only (stateless, JSON responses)."
            response = problem(
                405,
                "Method not allowed",
                detail,
                slug="method-not-allowed",
                instance=PATH,
                headers={"Allow": "POST"},
            )
        elif self.app is None:  # the app's lifespan has not run (or has ended)
            detail = "The MCP endpoint is not running: the app has not started."
            response = problem(503, "Service unavailable", detail, slug="unavailable")
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)


class SplitCORS:
    """Two CORS policies: MCP's for :data:`PATH` (POST with its headers), the API's for the
    rest (reads only unless ``MASDAR_CORS_METHODS`` adds writes)."""

    def __init__(self, app: ASGIApp, *, api: dict[str, Any], origins: list[str]) -> None:
        self.api = CORSMiddleware(app, **api)
        self.mcp = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["POST", "OPTIONS"],
            allow_headers=["*"],  # MCP's own (Mcp-Protocol-Version, Mcp-Param-<name>...)
            expose_headers=["Mcp-Session-Id", "X-Request-ID", "Retry-After"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        on_mcp = scope["type"] == "http" and scope["path"] == PATH
        await (self.mcp if on_mcp else self.api)(scope, receive, send)
