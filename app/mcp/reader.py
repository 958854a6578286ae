"""How a tool reads: the REST API's rate limit for its route, then the service functions on
a read session in the worker thread pool, as ``app.api.deps.read`` does for a route."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from mcp.server.mcpserver import Context
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.requests import Request

from app.api.deps import in_thread, read_session
from app.errors import TooManyRequests
from app.limits import RateLimiter
from app.services.pages import SHOW_RETRACTED

T = TypeVar("T")

LOCAL_URL = "http://127.0.0.1:8000"
"""Where ``masdar serve`` listens by default: the base of links over stdio when
``MASDAR_PUBLIC_URL`` is unset."""


def http_request(ctx: Context[Any, Any] | None) -> Request | None:
    """The HTTP request a tool call came in (streamable HTTP); None over stdio."""
    if ctx is None:
        return None
    try:
        request = ctx.request_context.request
    except ValueError:  # no request: a call made in-process, outside any transport
        return None
    return request if isinstance(request, Request) else None


@dataclass(frozen=True)
class Reader:
    """What the MCP server reads through: one per server.

    ``engine`` is the app's read engine (the replica when there is one); ``public_url``
    the base of the links in answers (None: the request's own base over HTTP,
    :data:`LOCAL_URL` otherwise); ``limiter`` the app's rate limiter (HTTP only: over
    stdio the one client is the user's own assistant)."""

    engine: Engine
    public_url: str | None = None
    limiter: RateLimiter | None = None

    def base(self, request: Request | None) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        if request is not None:
            return str(request.base_url).rstrip("/")
        return LOCAL_URL

    def check_rate(self, ctx: Context[Any, Any] | None, route: str | None) -> None:
        """Take a token for ``GET route`` as the REST API would for this client, or raise
        the 429 problem it would answer."""
        request = http_request(ctx)
        if route is None or request is None or self.limiter is None:
            return
        refused = self.limiter.refusal("GET", route, request.scope)
        if refused is not None:
            raise TooManyRequests(refused[1], headers={"Retry-After": refused[0]})

    async def read(
        self,
        ctx: Context[Any, Any] | None,
        route: str | None,
        load: Callable[[Session, str], T],
    ) -> T:
        """``load(session, base_url)`` in a worker thread, after the rate limit of the REST
        route the call stands for (``route``, e.g. ``/v1/search``)."""
        self.check_rate(ctx, route)
        base = self.base(http_request(ctx))

        def run() -> T:
            SHOW_RETRACTED.set(False)  # a tool never shows retracted records
            with read_session(self.engine) as session:
                return load(session, base)

        return await in_thread(run)
