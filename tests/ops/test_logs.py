"""One JSON line per request with a request id; no article text or secrets in logs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import access
from app.main import create_app
from tests.browser import free_port
from tests.conftest import settings_for

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"method", "path", "status", "duration_ms", "request_id"}


def access_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    """The access lines written so far (the writer thread's buffer flushed first)."""
    access.flush()
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


@pytest.fixture
def logged(seeded_url: str) -> Iterator[TestClient]:
    """A client of an app that logs every request (the suite's apps log none: conftest)."""
    app = create_app(settings_for(seeded_url, access_log="on", rate_limit=False))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def test_one_json_line_per_request_with_request_id(
    logged: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    access_lines(capsys)  # lines of earlier tests, still buffered
    client = logged
    r = client.get("/v1/figures/investors-fund-003", headers={"X-Request-ID": "newsroom-42"})
    assert r.headers["x-request-id"] == "newsroom-42"
    generated = client.get("/v1/sources").headers["x-request-id"]
    assert len(generated) == 32
    lines = [x for x in access_lines(capsys) if x["request_id"] in ("newsroom-42", generated)]
    assert len(lines) == 2
    first = lines[0]
    assert set(first) == FIELDS
    assert (first["method"], first["path"], first["status"], first["request_id"]) == (
        "GET",
        "/v1/figures/investors-fund-003",
        200,
        "newsroom-42",
    )
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] > 0
    assert lines[1]["request_id"] == generated


def _ids(capsys: pytest.CaptureFixture[str], tag: str) -> list[tuple[str, int]]:
    return [
        (str(x["request_id"]), int(str(x["status"])))
        for x in access_lines(capsys)
        if str(x["request_id"]).startswith(tag)
    ]


def test_sampled_and_off(seeded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``sample:3`` writes every third request and every 5xx; ``off`` writes nothing."""
    app = create_app(settings_for(seeded_url, access_log="sample:3"))

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("boom")

    access_lines(capsys)
    with TestClient(app, raise_server_exceptions=False) as c:
        for i in range(1, 8):
            assert c.get("/v1/sources", headers={"X-Request-ID": f"s-{i}"}).status_code == 200
        assert c.get("/boom", headers={"X-Request-ID": "s-boom"}).status_code == 500  # 8th
        assert c.get("/v1/sources/404", headers={"X-Request-ID": "s-9"}).status_code == 404
    app.state.engine.dispose()
    assert _ids(capsys, "s-") == [("s-3", 200), ("s-6", 200), ("s-boom", 500), ("s-9", 404)]

    app = create_app(settings_for(seeded_url, access_log="off"))
    with TestClient(app) as c:
        c.get("/v1/sources", headers={"X-Request-ID": "off-1"})
    app.state.engine.dispose()
    assert _ids(capsys, "off-") == []


def test_a_lone_surrogate_in_the_path_is_still_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """orjson refuses lone surrogates; the line is still written, escaped as json does."""
    log = access.AccessLog(1)
    access_lines(capsys)
    path = "/v1/sources/" + chr(0xDC80)
    log("GET", path, 404, 0.0, "sur-1")
    (line,) = [x for x in access_lines(capsys) if x["request_id"] == "sur-1"]
    assert line["path"] == path


def test_the_shipped_command_writes_the_lines_to_stdout(seeded_url: str, tmp_path: Path) -> None:
    """``masdar serve`` as the container runs it: every request's line on stdout, the last
    ones written when it stops (SIGTERM), nothing else on stdout."""
    port = free_port()
    out = tmp_path / "stdout"
    env = {
        **os.environ,
        "MASDAR_DATABASE_URL": seeded_url,
        "MASDAR_SEED_ON_START": "false",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("MASDAR_ACCESS_LOG", None)
    with out.open("wb") as stdout:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=subprocess.DEVNULL,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/health/live", timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, "did not start"
                time.sleep(0.2)
        for i in range(5):
            req = urllib.request.Request(
                base + "/v1/figures?limit=2", headers={"X-Request-ID": f"cmd-{i}"}
            )
            assert urllib.request.urlopen(req, timeout=10).status == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert all(set(x) == FIELDS for x in lines), lines
    mine = [(x["request_id"], x["path"], x["status"]) for x in lines if x["path"] != "/health/live"]
    assert mine == [(f"cmd-{i}", "/v1/figures", 200) for i in range(5)]


def test_bad_request_ids_are_replaced(client: TestClient) -> None:
    r = client.get("/v1/sources", headers={"X-Request-ID": "x" * 500})
    assert r.headers["x-request-id"] != "x" * 500
    r = client.get("/v1/sources", headers={"X-Request-ID": "a b\tc"})
    assert " " not in r.headers["x-request-id"]


def test_logs_carry_no_article_text_and_no_secrets(
    logged: TestClient, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    client = logged
    caplog.set_level("DEBUG")
    access_lines(capsys)
    client.get("/v1/sources/003", headers={"Authorization": "Bearer s3cret-token"})
    client.get("/v1/initiatives?partner=ميسترال&secret=1")
    server = [r for r in caplog.records if not r.name.startswith("httpx")]  # not the client's
    lines = access_lines(capsys)
    assert [x["path"] for x in lines] == ["/v1/sources/003", "/v1/initiatives"]
    text = "\n".join(r.getMessage() for r in server) + json.dumps(lines, ensure_ascii=False)
    assert "s3cret-token" not in text
    assert "ميسترال" not in text and "الداخلة" not in text
    assert "secret=1" not in text  # paths only, never query strings


def test_security_headers_and_no_server_banner(client: TestClient) -> None:
    r = client.get("/v1/sources")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "server" not in r.headers


def _line(log: access.AccessLog, n: int) -> None:
    log("GET", f"/n/{n}", 200, time.perf_counter(), f"r{n}")


def _numbers(written: list[bytes]) -> list[int]:
    return [int(json.loads(x)["path"][3:]) for x in b"".join(written).splitlines()]


def test_lines_added_while_the_writer_writes_are_kept_whole_and_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The writer cuts what it writes off the front of the buffer the event loop keeps
    appending to: every line comes out once, whole, in order, whatever interleaves."""
    written: list[bytes] = []
    writer = access._Writer()
    writer.thread = object()  # type: ignore[assignment]  # no thread: flush by hand
    monkeypatch.setattr(access, "_WRITER", writer)
    log = access.AccessLog(1)

    def slow_stdout(data: bytes) -> None:
        for i in range(50):  # lines arrive while a batch is being written
            _line(log, 1000 + len(written) * 50 + i)
        written.append(data)

    monkeypatch.setattr(access, "_stdout", slow_stdout)
    for i in range(100):
        _line(log, i)
    for _ in range(4):
        writer.flush()
    numbers = _numbers(written)
    assert numbers[:100] == list(range(100))
    assert len(numbers) == len(set(numbers)) == 100 + 3 * 50  # the 4th batch's 50 wait


def test_lines_past_the_cap_are_dropped_and_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines are kept up to MAX_PENDING_BYTES (the line that reaches it is the last), the
    rest dropped and counted once, in the next batch."""
    monkeypatch.setattr(access, "MAX_PENDING_BYTES", 1000)
    written: list[bytes] = []
    monkeypatch.setattr(access, "_stdout", written.append)
    writer = access._Writer()
    writer.thread = object()  # type: ignore[assignment]
    monkeypatch.setattr(access, "_WRITER", writer)
    log = access.AccessLog(1)
    for i in range(30):
        _line(log, i)
    writer.flush()
    first, *kept = b"".join(written).splitlines()
    sizes = [len(x) + 1 for x in kept]
    assert sum(sizes[:-1]) < 1000 <= sum(sizes), sizes
    assert _numbers([b"\n".join(kept)]) == list(range(len(kept)))
    assert json.loads(first) == {"access_log_dropped": 30 - len(kept)}
    for i in range(30, 32):  # room again: kept, and the drops are not reported twice
        _line(log, i)
    writer.flush()
    assert _numbers(written[1:]) == [30, 31]
