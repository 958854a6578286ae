"""The unfiltered list shortcut: ``GET /v1/<list>``, ``?limit=`` and ``?cursor=`` only.

A dashboard pages through whole lists; FastAPI spends more on such a request than the
database does: it walks every included router's routes to find the one to run (FastAPI
0.165 matches route by route, router by router) and validates all eighteen declared query
parameters, most of them absent. This ASGI layer answers the one request shape that needs
none of that, and nothing else:

- ``GET``, a path listed in :data:`app.api.v1.UNFILTERED`, and a query string of at most
  one ``limit`` (1–200, plain digits) and one ``cursor`` (base64url that decodes to a key);
- no ``Accept: text/csv``.

Anything else (a filter, ``facets``, ``format``, ``include_retracted``, a bad value, a
repeated name, percent-escapes) goes on to FastAPI untouched, so every error is still
FastAPI's and masdar's own. What the shortcut runs is what the route runs: the same
:func:`app.api.deps.read` (one thread hop), the same service function with no filters
(for ``/v1/figures``, its queries only, the items written on the event loop:
:func:`app.services.figures.list_figures_gathered`), the same
:func:`app.api.lists.respond`. It sits inside every other middleware (response
cache, rate limits, gzip, ETag, CORS, request id), which see no difference.
``tests/api/test_shortcut.py`` holds its answers byte-identical to FastAPI's on SQLite and
PostgreSQL; ``MASDAR_LIST_SHORTCUT=off`` turns it off, and so does ``MASDAR_TELEMETRY=on``
(FastAPI's spans and ``http.route`` come from its router).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.deps import MAX_LIMIT, decode_cursor, read
from app.api.lists import ListParams, fast_dumper, respond, wants_csv
from app.errors import BadRequest
from app.services.pages import SHOW_RETRACTED, Page


@dataclass(frozen=True)
class Unfiltered:
    """What an unfiltered list route runs: ``load(session, after=..., limit=...)`` and
    the model its items are written as."""

    load: Callable[..., Page]
    model: type[BaseModel]


_PART = r"(?:limit=[1-9][0-9]{0,2}|cursor=[A-Za-z0-9_-]{1,400})"
_SHAPE = re.compile(rf"(?:{_PART}(?:&{_PART})?)?")


def parse(query: bytes) -> tuple[int, str | None] | None:
    """``(limit, after)`` for a query string the shortcut answers, else None."""
    try:
        text = query.decode("ascii")
    except UnicodeDecodeError:
        return None
    if _SHAPE.fullmatch(text) is None:
        return None
    parts = text.split("&") if text else []
    pairs = dict(part.split("=", 1) for part in parts)
    if len(pairs) != len(parts):  # a name given twice
        return None
    limit = int(pairs.get("limit", "50"))
    if limit > MAX_LIMIT:
        return None
    try:
        after = decode_cursor(pairs.get("cursor"))
    except BadRequest:
        return None
    return limit, after


class ListShortcut:
    def __init__(self, app: ASGIApp, lists: Mapping[str, Unfiltered]) -> None:
        self.app = app
        self.lists = dict(lists)
        slow = sorted(p for p, route in self.lists.items() if fast_dumper(route.model) is None)
        if slow:  # respond() would hand back a model for FastAPI to serialise
            raise TypeError(f"no fast JSON writer for the items of {', '.join(slow)}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        route = self.lists.get(route_path(scope))
        parsed = parse(scope["query_string"]) if route is not None else None
        if route is None or parsed is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        limit, after = parsed
        params = ListParams(limit, after, None, None)
        if wants_csv(request, params):
            await self.app(scope, receive, send)
            return
        try:
            SHOW_RETRACTED.set(False)
            page = await read(
                request, lambda session: _load(route, session, after=after, limit=limit)
            )
            answer = respond(request, Response(), params, page, route.model)
            assert isinstance(answer, Response)  # a fast writer (checked in __init__)
            response = answer
        except Exception as exc:
            response = await _handled(request, exc)
        await response(scope, receive, send)


def route_path(scope: Scope) -> str:
    """The path Starlette's router matches: ASGI's ``path`` includes ``root_path`` (the
    mount point behind a proxy), and the routes are written without it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root) and path[len(root) : len(root) + 1] in ("", "/"):
        return path[len(root) :]
    return path


def _load(route: Unfiltered, session: Session, *, after: str | None, limit: int) -> Page:
    return route.load(session, after=after, limit=limit)


async def _handled(request: Request, exc: Exception) -> Response:
    """``exc`` answered by the app's own exception handler for its class, found as
    Starlette's ExceptionMiddleware finds it, by the exception's MRO (the shortcut runs
    outside that middleware), or raised on: the catch-all (``Exception``, 500) belongs to
    ServerErrorMiddleware."""
    handlers = request.app.exception_handlers
    found = (handlers.get(cls) for cls in type(exc).__mro__ if cls is not Exception)
    handler: Callable[..., Any] | None = next((h for h in found if h is not None), None)
    if handler is None:
        raise exc
    result = handler(request, exc)
    if inspect.isawaitable(result):  # masdar's handlers are all async
        result = await result
    assert isinstance(result, Response)
    return result
