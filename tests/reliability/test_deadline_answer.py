"""An answer the app starts after its deadline fired is never cut between headers and body.

The deadline's cancellation cannot stop a worker thread: it waits for the thread, and an
answer built from the thread's result (a 503 of the statement timeout, or a 200) starts
after the deadline; cancelled at the next checkpoint, it lost its body after its headers
(a 503 with ``content-length: 150`` and no bytes, seen on PostgreSQL in
test_database_hang.py when two reader threads made a search wait its turn). A read's
late answer gives way to the deadline's 503; a write's, which may have committed, goes
out whole."""

from __future__ import annotations

import json
import time

import anyio
import anyio.lowlevel
import httpx
import pytest
from starlette.types import Message, Receive, Scope, Send

from app.deadlines import GRACE, DeadlineMiddleware, Limits, Timeouts

LIMITS = Limits(seconds=0.2, lock=0.1)
TIMEOUTS = Timeouts(read=LIMITS, write=LIMITS, health=LIMITS, poll=LIMITS)
BODY = b'{"late": true}'


async def late_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Waits on a thread past the deadline, then answers with a checkpoint in between
    headers and body (as a middleware between them may)."""
    await anyio.to_thread.run_sync(time.sleep, LIMITS.seconds + GRACE + 0.2)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"14")]
    await send({"type": "http.response.start", "status": 201, "headers": headers})
    if scope["method"] == "GET":
        await anyio.lowlevel.checkpoint()
    await send({"type": "http.response.body", "body": BODY})


def yielding(app: DeadlineMiddleware) -> DeadlineMiddleware | object:
    """``app`` under a server whose ``send`` yields to the event loop (as uvicorn's may)."""

    async def outer(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_yielding(message: Message) -> None:
            await anyio.lowlevel.checkpoint()
            await send(message)

        await app(scope, receive, send_yielding)

    return outer


async def call(method: str, path: str, app: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.request(method, path)


@pytest.mark.anyio
async def test_a_late_read_answer_gives_way_to_the_deadlines_503() -> None:
    r = await call("GET", "/v1/figures", DeadlineMiddleware(late_app, TIMEOUTS))
    assert r.status_code == 503
    assert r.headers["retry-after"] == "1"
    assert "did not answer within 0.2 s" in json.loads(r.content)["detail"]


@pytest.mark.anyio
async def test_a_late_write_answer_goes_out_whole() -> None:
    r = await call("POST", "/v1/partners", yielding(DeadlineMiddleware(late_app, TIMEOUTS)))
    assert r.status_code == 201
    assert r.content == BODY


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
