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
