"""The benchmark harness runs end to end on a tiny load. No timings are asserted."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_harness_writes_a_table(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--only",
            "bare,floor",
            "--duration",
            "1",
            "--warmup",
            "0",
            "--connections",
            "4",
            "--out",
            str(tmp_path),
            "--no-chart",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    md = (tmp_path / "benchmarks.md").read_text()
    assert "| scenario | req/s | p50 ms | p99 ms |" in md
    assert "bare ASGI" in md
    assert "answering fixed bytes (no database)" in md
    assert "VmRSS" in md


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_pair_compares_a_checkout_with_another_round_by_round() -> None:
    """``python -m bench.pair``, this checkout against itself, one short round."""
    run = subprocess.run(
        [sys.executable, "-m", "bench.pair", str(ROOT), "--rounds", "1", "--duration", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "round 1: this " in run.stdout
    assert "this / other: median " in run.stdout
    assert "/v1/figures?limit=50, cache off" in run.stdout


def test_pair_refuses_a_directory_without_the_app(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.pair", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "has no app package" in run.stderr
