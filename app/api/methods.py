"""HTTP methods every resource supports beside its routes: ``HEAD`` and ``OPTIONS``, and
the ``Allow`` header that lists them.

- ``HEAD`` is answered as the ``GET`` of the same URL, with the same status and headers
  (``Content-Length``, ``ETag``, ``Vary``, ``Link``…) and no body (RFC 9110 §9.3.2). It
  reaches the app as a GET, so caches, ETags and read replicas treat both alike.
- ``OPTIONS`` (not a CORS preflight, which CORS answers) gets ``204`` with ``Allow``.
- A ``405`` lists in ``Allow`` every method of every route at that path
  (``app.errors`` calls :func:`allowed_methods`), not only those of the first route.
"""

from __future__ import annotations

from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: Any, scope: Scope) -> list[str]:
    """The methods some route of ``app`` answers at ``scope``'s path, HEAD and OPTIONS
    included wherever there is one; empty when no route has this path."""
    path = scope["path"]
    root = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    methods: set[str] = set()
    for route in iter_route_contexts(app.routes):
        if route.methods and route.path_format and compile_path(route.path_format)[0].match(path):
            methods |= route.methods
    if not methods:
        return []
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    return sorted(methods, key=lambda m: (_ORDER.index(m) if m in _ORDER else len(_ORDER), m))


class MethodsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "HEAD":
            await self._head(scope, receive, send)
            return
        if method == "OPTIONS" and not any(
            k == b"access-control-request-method" for k, _ in scope["headers"]
        ):
            methods = allowed_methods(scope["app"], scope)
            if methods:
                headers = [(b"allow", ", ".join(methods).encode()), (b"content-length", b"0")]
                await send({"type": "http.response.start", "status": 204, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)

    async def _head(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The GET's status and headers; its body is dropped, and an endless one (a
        stream) is cut short: the app sees the client leave once the headers are out."""
        done = False

        async def headers_only(message: Message) -> None:
            nonlocal done
            if done:
                return
            if message["type"] == "http.response.start":
                await send(message)
                return
            if message["type"] == "http.response.body":
                done = True
                await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        async def leave_when_done() -> Message:
            if done:
                return {"type": "http.disconnect"}
            return await receive()

        await self.app({**scope, "method": "GET"}, leave_when_done, headers_only)
