"""SIGKILL ``masdar serve`` in the middle of a burst of writes: every acknowledged write is
there after a restart, and no write is there in part (a figure without its target row,
its citations or its revision)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from app.config import PROJECT_ROOT
from app.db import make_engine
from tests.conftest import settings_for
from tests.curation.conftest import QUOTE_000, make_key
from tests.curation.test_curation_concurrency import free_port

T = SQLModel.metadata.tables
BURST_LIMIT, BURST_SECONDS = 400, 30.0


def start(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MASDAR_DATABASE_URL": url,
        "MASDAR_RATE_LIMIT": "false",
        "MASDAR_SEED_ON_START": "false",
        "MASDAR_LOG_LEVEL": "warning",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, log.read_text()
        time.sleep(0.1)
    proc.kill()
    pytest.fail("masdar serve did not become ready")


def target(i: int) -> dict[str, object]:
    return {
        "id": f"kill-{i:04d}",
        "subject_id": "morocco-ai-2030",
        "metric": "value_added",
        "value": 100_000_000_000,
        "unit": "MAD",
        "label": f"burst {i}",
        "target_kind": "forecast",
        "citations": [{"source_id": "000", "quote": QUOTE_000, "field": "value"}],
    }


def test_sigkill_mid_burst_keeps_every_acknowledged_write(seeded_url: str, tmp_path: Path) -> None:
    _, token = make_key(seeded_url)
    auth = {"Authorization": f"Bearer {token}"}
    port = free_port()
    log = tmp_path / "serve.log"
    proc = start(seeded_url, port, log)
    acked: list[str] = []
    stop = threading.Event()

    def burst() -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as c:
            for i in range(BURST_LIMIT):
                if stop.is_set():
                    return
                try:
                    r = c.post("/v1/targets", headers=auth, json=target(i))
                except httpx.HTTPError:
                    return  # the server is gone
                if 200 <= r.status_code < 300:
                    acked.append(f"kill-{i:04d}")

    writer = threading.Thread(target=burst)
    writer.start()
    deadline = time.monotonic() + BURST_SECONDS
    while len(acked) < 15 and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)  # mid-burst: requests are in flight
    proc.wait(timeout=10)
    stop.set()
    writer.join(timeout=30)
    assert len(acked) >= 15, log.read_text()[-2000:]

    proc = start(seeded_url, port, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as c:
            for fid in acked:
                r = c.get(f"/v1/targets/{fid}")
                assert r.status_code == 200, (fid, r.text)
                assert len(r.json()["citations"]) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)

    engine = make_engine(settings_for(seeded_url))
    try:
        with engine.connect() as conn:
            f, tg, c, rv = T["figure"].c, T["target"].c, T["citation"].c, T["revision"].c
            stored = set(conn.scalars(select(f.id).where(f.id.like("kill-%"))))
            with_target = set(conn.scalars(select(tg.figure_id).where(tg.figure_id.like("kill-%"))))
            cited = set(
                conn.scalars(
                    select(c.record_id).where(c.record_type == "figure", c.record_id.like("kill-%"))
                )
            )
            logged = set(conn.scalars(select(rv.record_id).where(rv.record_id.like("kill-%"))))
    finally:
        engine.dispose()
    assert set(acked) <= stored  # every acknowledged write survived
    # no partial write: whatever is there (acknowledged or not) is whole
    assert stored == with_target == cited == logged
    print(
        f"\nsigkill: {len(acked)} acknowledged, {len(stored)} stored "
        f"({len(stored) - len(acked)} committed but unacknowledged), 0 partial"
    )
