"""Content negotiation: which media type an ``Accept`` header picks, and the 406.

One rule for every route (RFC 9110 §12.5.1): a media range matches a type exactly, by
``type/*`` or by ``*/*``; the most specific range that matches decides its quality; the
served type with the highest quality above 0 wins, and a tie goes to the type the route
lists first (JSON before CSV or JSON-LD). No ``Accept`` accepts everything.

What a route serves is what the OpenAPI document says its success responses carry
(``GET /v1/figures``: ``application/json``, ``text/csv``). :class:`NegotiationMiddleware`
answers ``406 Not Acceptable`` (a problem listing those types in ``acceptable``) when
``Accept`` excludes all of them, before the route runs; routes pick among them with
:func:`choose`. Every representation that can differ by ``Accept`` says so in ``Vary``
(``app.caching.ETagMiddleware``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from starlette.routing import compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import problem

_CACHE_LIMIT = 4096


def parse(accept: str) -> list[tuple[str, str, float]]:
    """``Accept`` as (type, subtype, q) ranges; a malformed range or q is skipped."""
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        kind = fields[0].lower()
        if kind.count("/") != 1:
            continue
        main, sub = kind.split("/")
        if not main or not sub or (main == "*" and sub != "*"):
            continue
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if 0.0 <= q <= 1.0:
            ranges.append((main, sub, q))
    return ranges


def _quality(ranges: list[tuple[str, str, float]], media: str) -> float:
    main, _, sub = media.partition(";")[0].strip().lower().partition("/")
    best, specificity = 0.0, -1
    for r_main, r_sub, q in ranges:
        if (r_main, r_sub) == (main, sub):
            level = 2
        elif r_main == main and r_sub == "*":
            level = 1
        elif (r_main, r_sub) == ("*", "*"):
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The type of ``offered`` that ``accept`` prefers (ties: the first offered), or None."""
    if not offered:
        return None
    if accept is None or not accept.strip():
        return offered[0]
    ranges = parse(accept)
    if not ranges:  # nothing readable in it: as if absent (RFC 9110 lets us ignore it)
        return offered[0]
    best, best_q = None, 0.0
    for media in offered:
        q = _quality(ranges, media)
        if q > best_q:
            best, best_q = media, q
    return best


def served_by_path(openapi: dict[str, Any]) -> list[tuple[re.Pattern[str], str, list[str]]]:
    """(path pattern, METHOD, media types of the operation's success responses, in the
    order the document lists them), literal paths before templated ones."""
    out = []
    for path, item in openapi.get("paths", {}).items():
        pattern, _, _ = compile_path(path)
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            types: list[str] = []
            for status, response in op["responses"].items():
                if status.startswith("2"):
                    for media in response.get("content", {}):
                        if media not in types:
                            types.append(media)
            out.append((pattern, method.upper(), types))
    return sorted(out, key=lambda entry: entry[0].pattern.count("(?P<"))


class NegotiationMiddleware:
    """406 before the route runs, when ``Accept`` excludes every type the route serves.

    A header with ``*/*`` skips all work; otherwise the URL is matched against the paths
    of the OpenAPI document, and its types are remembered per path. What the document
    does not describe (HTML pages, static files) is left alone.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._served: list[tuple[re.Pattern[str], str, list[str]]] | None = None
        self._by_url: dict[tuple[str, str], list[str] | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = next((v for k, v in scope["headers"] if k == b"accept"), None)
        if raw is None or (b"*/*" in raw and b"q=0" not in raw):
            await self.app(scope, receive, send)
            return
        accept = raw.decode("latin-1")
        served = self._types(scope)
        if not served or choose(accept, served) is not None:
            await self.app(scope, receive, send)
            return
        response = problem(
            406,
            "Not acceptable",
            f"Accept: {accept[:200]} matches none of the media types {scope['path']} "
            f"serves: {', '.join(served)}.",
            slug="not-acceptable",
            instance=scope["path"],
            errors=[{"in": "header", "name": "Accept", "message": "nothing served matches"}],
            headers={"Vary": "Accept"},
            extra={"acceptable": served},
        )
        await response(scope, receive, send)

    def _types(self, scope: Scope) -> list[str] | None:
        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        key = (scope["method"], path)
        if key in self._by_url:
            return self._by_url[key]
        if self._served is None:
            self._served = served_by_path(scope["app"].openapi())
        types = next(
            (t for pattern, method, t in self._served if method == key[0] and pattern.match(path)),
            None,
        )
        if len(self._by_url) >= _CACHE_LIMIT:
            self._by_url.clear()
        self._by_url[key] = types
        return types
