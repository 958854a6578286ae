"""HTTP caching for GET, pure ASGI (so it also wraps responses built outside FastAPI).

- :class:`ETagMiddleware`: a weak ETag from the body, 304 on ``If-None-Match``, and
  ``Cache-Control``.
- :class:`ResponseCacheMiddleware`: finished ``200`` responses of ``GET /v1/*`` kept in
  a bounded LRU and answered before FastAPI's routing and validation run, with ETag
  revalidation (304) from the same entry. ``MASDAR_RESPONSE_CACHE=off`` leaves it out.

Freshness: the cache holds responses of one *data version* (``app.state.data_version``,
the ``meta`` table's ``data_version``). Two ways move it on:

- a writer in this process calls :func:`bump_data_version` after its commit: nothing
  cached before it is served again;
- for writers elsewhere (``masdar seed``, another worker), the first request after
  ``response_cache_poll`` seconds (default 1 s) starts a re-read of the version from
  ``meta`` in a worker thread, bounded by ``MASDAR_POLL_TIMEOUT``, and is answered
  without waiting for it; a changed version empties the cache. So a write made outside
  this process is visible within about that interval, and a database that hangs never
  holds up a cached answer.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BUFFER = 8 * 1024 * 1024


def etag_of(body: bytes, version: bytes | None = None) -> bytes:
    """``W/"<hash>"``; for one record (the route sent ``X-Record-Version``)
    ``W/"v<version>.<hash>"``, whose version part ``If-Match`` checks (app/api/versions.py)."""
    # SHA-256, cut to 96 bits: processors' SHA instructions make it twice as fast as
    # BLAKE2b on a 32 KB page (21 vs 40 µs), and every uncached answer is hashed
    digest = hashlib.sha256(body).hexdigest()[:24].encode()
    if version is not None and version.isdigit():
        digest = b"v" + version + b"." + digest
    return b'W/"' + digest + b'"'


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
        # a curator's view (it may show retracted records) must not sit in shared caches
        private = any(k == b"authorization" for k, _ in scope.get("headers", ()))
        cache_control = b"private, no-store" if private else self.cache_control
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
                await send(
                    {
                        "type": "http.response.body",
                        "body": b"".join(chunks),
                        "more_body": message.get("more_body", False),
                    }
                )
                return
            if message.get("more_body", False):
                return
            assert start is not None
            full = b"".join(chunks)
            tag = etag_of(
                full,
                next((v for k, v in start.get("headers", []) if k == b"x-record-version"), None),
            )
            headers = [
                (k, v)
                for k, v in start.get("headers", [])
                if k.lower() not in (b"etag", b"cache-control")
            ]
            headers += [(b"etag", tag), (b"cache-control", cache_control)]
            headers = with_vary(headers)
            if inm is not None and _matches(inm, tag):
                keep = {b"etag", b"cache-control", b"vary", b"link"}
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": [(k, v) for k, v in headers if k.lower() in keep],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": full})

        await self.app(scope, receive, wrapped)


VARY = (b"Accept",)
"""What every GET answer varies by: ``Accept`` picks the representation (JSON, CSV,
JSON-LD, CSL-JSON, or a 406). GZip adds ``Accept-Encoding`` to the answers it
compresses."""


def with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with one ``Vary`` naming :data:`VARY` and whatever it named already
    (``Origin`` from CORS): a shared cache never hands one client's representation to
    another."""
    names: list[bytes] = []
    for k, v in headers:
        if k.lower() == b"vary":
            names += [n.strip() for n in v.split(b",") if n.strip()]
    seen = {n.lower() for n in names}
    names += [n for n in VARY if n.lower() not in seen]
    return [(k, v) for k, v in headers if k.lower() != b"vary"] + [(b"vary", b", ".join(names))]


def _no_store(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), (b"cache-control", b"no-store")]
        await send(message)

    return wrapped


# -- the response cache -----------------------------------------------------------

_KEEP_304 = frozenset(
    {
        b"etag",
        b"cache-control",
        b"vary",
        b"link",
        b"content-location",
        b"access-control-allow-origin",
        b"access-control-expose-headers",
    }
)

Key = tuple[bytes, bytes, bytes | None, bool, bytes | None, bytes | None]
"""(path, raw query string, Accept, gzip accepted, Origin, Host): every request header a
cached answer can depend on (``Host``: JSON-LD IRIs start with the request's base URL
when ``MASDAR_PUBLIC_URL`` is unset)."""


class Entry:
    __slots__ = ("headers", "body", "etag", "headers_304", "size")

    def __init__(self, headers: list[tuple[bytes, bytes]], body: bytes, etag: bytes) -> None:
        self.headers = headers
        self.body = body
        self.etag = etag
        self.headers_304 = [(k, v) for k, v in headers if k in _KEEP_304]
        self.size = len(body) + sum(len(k) + len(v) + 64 for k, v in headers) + 256


class ResponseCache:
    """An LRU of finished responses, bounded by entry count and by bytes.

    Only the event loop reads and writes it; :func:`bump_data_version` (any thread)
    just increments ``generation``, which the loop notices on the next request.
    """

    def __init__(
        self,
        max_entries: int = 1024,
        max_bytes: int = 64 * 2**20,
        max_entry_bytes: int | None = None,
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes or max(1, max_bytes // 8)
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self.bytes = 0
        self.token: tuple[str | None, int] = (None, 0)
        self.generation = 0
        self.hits = self.misses = 0

    def get(self, key: Key) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key: Key, entry: Entry) -> None:
        if entry.size > self.max_entry_bytes:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self.entries[key] = entry
        self.bytes += entry.size
        while self.entries and (
            len(self.entries) > self.max_entries or self.bytes > self.max_bytes
        ):
            _, dropped = self.entries.popitem(last=False)
            self.bytes -= dropped.size

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0

    def stats(self) -> dict[str, int]:
        return {
            "entries": len(self.entries),
            "bytes": self.bytes,
            "hits": self.hits,
            "misses": self.misses,
        }


def bump_data_version(app: Any, version: str | None = None) -> None:
    """Call after a write commits (from any thread): cached responses are never served again.

    ``version`` is the new ``meta.data_version``; without it, it is read from the database.
    """
    if version is None:
        from app.services.meta import data_version

        version = data_version(app.state.engine)
    app.state.data_version = version
    cache: ResponseCache | None = getattr(app.state, "response_cache", None)
    if cache is not None:
        cache.generation += 1


class ResponseCacheMiddleware:
    """Answer ``GET /v1/*`` from :class:`ResponseCache`; fill it from ``200`` responses.

    Sits inside the request-id/log middleware and outside GZip, so a hit costs a dict
    lookup and two ``send`` calls. The key is path + raw query + ``Accept`` + whether
    gzip is accepted + ``Origin`` (CORS headers depend on it) + ``Host``; the data
    version is not in the key: a new version empties the cache.
    """

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        state: Any,
        engine: Any,
        poll_interval: float = 1.0,
        poll_timeout: float = 1.0,
    ) -> None:
        self.app = app
        self.cache = cache
        self.state = state
        self.engine = engine
        self.poll_interval = poll_interval
        self.poll_timeout = poll_timeout
        self.next_poll = 0.0
        self.polling: asyncio.Future[None] | None = None

    def _poll(self) -> None:
        """Check the data version in the background: the request that finds the check
        due is answered at once (from the cache if it can), never after the check."""
        self.next_poll = time.monotonic() + self.poll_interval
        if self.polling is None or self.polling.done():
            self.polling = asyncio.ensure_future(self._check())

    async def _check(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            version = await loop.run_in_executor(None, self._read_version)
        except Exception:  # the database is away: keep serving what we have
            return
        if version is not None:
            self.state.data_version = version

    def _read_version(self) -> str | None:
        from app.deadlines import bounded
        from app.services.meta import data_version

        with bounded("poll", self.poll_timeout):
            return data_version(self.engine)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith("/v1/")
        ):
            await self.app(scope, receive, send)
            return
        cache = self.cache
        if time.monotonic() >= self.next_poll:
            self._poll()
        token = (self.state.data_version, cache.generation)
        if token != cache.token:
            cache.clear()
            cache.token = token
        accept = encoding = origin = inm = host = None
        headers = scope["headers"]
        for k, v in headers:
            if k == b"accept":
                accept = v
            elif k == b"host":
                host = v
            elif k == b"accept-encoding":
                encoding = v
            elif k == b"origin":
                origin = v
            elif k == b"if-none-match":
                inm = v
            elif k == b"authorization":  # never share a response that may be personal
                await self.app(scope, receive, send)
                return
        if token[0] is None:
            await self.app(scope, receive, send)
            return
        key: Key = (
            scope["path"].encode(),
            scope["query_string"],
            accept,  # as sent: the same client sends the same header
            encoding is not None and b"gzip" in encoding,
            origin,
            host,
        )
        entry = cache.get(key)
        if entry is not None:
            cache.hits += 1
            if inm is not None and _matches(inm, entry.etag):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": list(entry.headers_304),
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
            await send(
                {"type": "http.response.start", "status": 200, "headers": list(entry.headers)}
            )
            await send({"type": "http.response.body", "body": entry.body})
            return
        cache.misses += 1
        await self._fill(scope, receive, send, key, token, inm)

    async def _fill(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: Key,
        token: tuple[str | None, int],
        inm: bytes | None,
    ) -> None:
        """Run the app for a 200 (without ``If-None-Match``), keep it, answer the client."""
        if inm is not None:
            scope = {
                **scope,
                "headers": [(k, v) for k, v in scope["headers"] if k != b"if-none-match"],
            }
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passthrough = False
        limit = self.cache.max_entry_bytes

        async def capture(message: Message) -> None:
            nonlocal start, size, passthrough
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    passthrough = True
                    await send(message)
                return
            body = message.get("body", b"")
            chunks.append(body)
            size += len(body)
            more = message.get("more_body", False)
            if size > limit:  # too big to keep: stream it as it comes
                passthrough = True
                assert start is not None
                await send(start)
                await send(
                    {"type": "http.response.body", "body": b"".join(chunks), "more_body": more}
                )
                return
            if more:
                return
            assert start is not None
            await self._finish(send, start, b"".join(chunks), key, token, inm)

        await self.app(scope, receive, capture)

    async def _finish(
        self,
        send: Send,
        start: Message,
        body: bytes,
        key: Key,
        token: tuple[str | None, int],
        inm: bytes | None,
    ) -> None:
        headers: list[tuple[bytes, bytes]] = list(start.get("headers", []))
        etag = next((v for k, v in headers if k == b"etag"), None)
        control = next((v for k, v in headers if k == b"cache-control"), b"")
        cacheable = (
            etag is not None
            and b"no-store" not in control
            and b"private" not in control
            and not any(k == b"set-cookie" for k, _ in headers)
        )
        cache = self.cache
        if cacheable and token == (self.state.data_version, cache.generation) == cache.token:
            assert etag is not None
            cache.put(key, Entry(headers, body, etag))
        if etag is not None and inm is not None and _matches(inm, etag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(k, v) for k, v in headers if k in _KEEP_304],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})
