"""Concurrent writers over a real server: If-Match retries, counted 412s, no lost update.

Eight threads each make 25 increments of one counter kept in a partner's ``description``:
read the record, PATCH ``description = n + 1`` with ``If-Match``; on 412, read again and
retry. With no lost update, the final counter equals the number of acknowledged PATCHes
and the version is one more (it started at 1).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from app.main import create_app
from tests.conftest import settings_for
from tests.curation.conftest import make_key, partner_body

THREADS, INCREMENTS = 8, 25
DEADLINE = 120.0  # seconds for the whole run: the loops are bounded in count and time
RESULTS: dict[str, dict[str, int]] = {}
"""Filled per backend; printed at the end of the run (see the test's output)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_in_thread(url: str, **overrides: Any) -> tuple[uvicorn.Server, threading.Thread, str]:
    app = create_app(settings_for(url, **overrides))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    start = time.monotonic()
    while not server.started:
        assert time.monotonic() - start < 20, "server did not start"
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture
def server(seeded_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    _, token = make_key(seeded_url)
    srv, thread, base = serve_in_thread(seeded_url, rate_limit=False, pool_size=16)
    try:
        yield base, {"Authorization": f"Bearer {token}"}
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def test_concurrent_patches_lose_nothing(
    server: tuple[str, dict[str, str]], backend: str, record_property: Callable[..., None]
) -> None:
    base, auth = server
    with httpx.Client(base_url=base, timeout=30) as c:
        r = c.post("/v1/partners", headers=auth, json=partner_body(description="0"))
        assert r.status_code == 201, r.text
    stats = {"ok": 0, "412": 0, "other": 0}
    lock = threading.Lock()
    errors: list[str] = []
    stop_at = time.monotonic() + DEADLINE

    def worker() -> None:
        done = attempts = 0
        with httpx.Client(base_url=base, timeout=30) as c:
            got = c.get("/v1/partners/acme-ai")
            tag, n = got.headers["etag"], int(got.json()["description"])
            while done < INCREMENTS and attempts < 50 * INCREMENTS:
                if time.monotonic() > stop_at:
                    errors.append("deadline passed")
                    return
                attempts += 1
                r = c.patch(
                    "/v1/partners/acme-ai",
                    headers={**auth, "If-Match": tag},
                    json={"description": str(n + 1)},
                )
                if r.status_code == 200:
                    done += 1
                    tag, n = r.headers["etag"], int(r.json()["description"])
                    with lock:
                        stats["ok"] += 1
                    continue
                with lock:
                    stats["412" if r.status_code == 412 else "other"] += 1
                if r.status_code != 412:
                    errors.append(f"{r.status_code}: {r.text[:200]}")
                    return
                got = c.get("/v1/partners/acme-ai")
                tag, n = got.headers["etag"], int(got.json()["description"])

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=DEADLINE + 30)
    assert not errors, errors[:3]
    with httpx.Client(base_url=base, timeout=30) as c:
        final = c.get("/v1/partners/acme-ai").json()
        history = c.get("/v1/partners/acme-ai/history?limit=200").json()
    RESULTS[backend] = {**stats, "final_version": final["version"]}
    record_property("concurrency", RESULTS[backend])
    print(
        f"\nconcurrency[{backend}]: {THREADS} threads x {INCREMENTS} PATCHes: "
        f"{stats['ok']} acknowledged, {stats['412']} answered 412, final version "
        f"{final['version']}, counter {final['description']}, lost updates "
        f"{stats['ok'] - int(final['description'])}"
    )
    assert stats["ok"] == THREADS * INCREMENTS
    assert int(final["description"]) == stats["ok"]  # zero lost updates
    assert final["version"] == 1 + stats["ok"]
    assert stats["412"] > 0  # the writers did collide
    versions = [h["version"] for h in history["items"]]
    assert versions == list(range(1, 2 + stats["ok"]))[:200]
