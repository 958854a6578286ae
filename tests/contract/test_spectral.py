"""Spectral (npm ``@stoplight/spectral-cli``, pinned in ``tests/contract/spectral/``) lints
``/openapi.json`` with its own ``spectral:oas`` ruleset: no error allowed.

``.ci/run`` installs it (``npm ci --prefix tests/contract/spectral``); this test does the
same when npm is there and Spectral is not, and skips, saying why, without npm.
"""

from __future__ import annotations

import collections
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).with_name("spectral")
SPECTRAL = HERE / "node_modules" / ".bin" / "spectral"
ERROR = 0  # Spectral's severities: 0 error, 1 warning, 2 information, 3 hint


def _spectral() -> Path:
    if SPECTRAL.exists():
        return SPECTRAL
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: Spectral (npm @stoplight/spectral-cli) cannot run")
    subprocess.run(
        [npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--loglevel=error"],
        check=True,
        timeout=600,
    )
    return SPECTRAL


def test_spectral_finds_no_error(spec: dict[str, Any], tmp_path: Path) -> None:
    spectral = _spectral()
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(spec), encoding="utf-8")
    run = subprocess.run(
        [str(spectral), "lint", str(document), "--ruleset", str(HERE / ".spectral.yaml")]
        + ["--format", "json", "--quiet", "--fail-severity", "error"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = json.loads(run.stdout or "[]")
    counts = collections.Counter(
        ("error", "warning", "information", "hint")[r["severity"]] for r in found
    )
    print(f"\nspectral:oas on /openapi.json: {dict(counts)}")
    errors = [
        f"{r['code']} at {'/'.join(map(str, r['path']))}: {r['message']}"
        for r in found
        if r["severity"] == ERROR
    ]
    assert errors == [], "\n".join(errors)
    assert run.returncode == 0, run.stderr
