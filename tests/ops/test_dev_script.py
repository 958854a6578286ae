"""``./dev``, the README's entry point: its help needs no install and shows only help."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def dev(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "dev"), *args], capture_output=True, text=True, timeout=30
    )


def test_no_argument_prints_the_commands_and_nothing_else() -> None:
    done = dev()
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "masdar's two commands, and a few more. Needs only Python 3.11 on the PATH."
    assert [line.split()[1] for line in lines[1:]] == ["serve", "test", "bench", "masdar"]
    assert "set -" not in done.stdout and "#" not in done.stdout
    assert dev("--help").stdout == done.stdout


def test_an_unknown_command_is_refused_with_the_commands() -> None:
    done = dev("srve")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("dev: unknown command 'srve'\nmasdar's two commands")
