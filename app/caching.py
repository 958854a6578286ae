"""HTTP caching for GET: a weak ETag from the body, 304 on ``If-None-Match``, and
``Cache-Control``. Pure ASGI, so it also wraps responses built outside FastAPI."""

from __future__ import annotations

import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BUFFER = 8 * 1024 * 1024


def etag_of(body: bytes) -> bytes:
    return b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _matches(if_none_match: bytes, tag: bytes) -> bool:
    if if_none_match.strip() == b"*":
        return True
    opaque = tag[2:] if tag.startswith(b"W/") else tag
    for candidate in if_none_match.split(b","):
        c = candidate.strip()
        c = c[2:] if c.startswith(b"W/") else c
        if c == opaque:
            return True
    return False


class ETagMiddleware:
    def __init__(self, app: ASGIApp, max_age: int) -> None:
        self.app = app
        self.cache_control = f"public, max-age={max_age}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/health"):
            await self.app(scope, receive, _no_store(send))
            return
        inm = next((v for k, v in scope.get("headers", ()) if k == b"if-none-match"), None)
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passthrough = False

        async def wrapped(message: Message) -> None:
            nonlocal start, size, passthrough
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    passthrough = True
                    await send(message)
                    return
                start = message
                return
            body = message.get("body", b"")
            chunks.append(body)
            size += len(body)
            if size > MAX_BUFFER:  # too big to hash in memory: stream it untagged
                passthrough = True
                assert start is not None
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks),
                            "more_body": message.get("more_body", False)})
                return
            if message.get("more_body", False):
                return
            assert start is not None
            full = b"".join(chunks)
            tag = etag_of(full)
            headers = [(k, v) for k, v in start.get("headers", [])
                       if k.lower() not in (b"etag", b"cache-control")]
            headers += [(b"etag", tag), (b"cache-control", self.cache_control)]
            if not any(k.lower() == b"vary" for k, _ in headers):
                headers.append((b"vary", b"Accept, Accept-Encoding"))
            if inm is not None and _matches(inm, tag):
                keep = {b"etag", b"cache-control", b"vary", b"link"}
                await send({"type": "http.response.start", "status": 304,
                            "headers": [(k, v) for k, v in headers if k.lower() in keep]})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": full})

        await self.app(scope, receive, wrapped)


def _no_store(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), (b"cache-control", b"no-store")]
        await send(message)

    return wrapped
