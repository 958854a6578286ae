"""``masdar serve`` freezes start-up's objects out of the garbage collector's sight
(``MASDAR_GC_FREEZE``, on for the server unless set, off elsewhere): a full collection
then scans only what requests allocate. Checked in a process of its own: what is frozen
stays for the process's life. The same for the GIL's switch interval
(``MASDAR_SWITCH_INTERVAL_MS``, 0.5 for the server unless set)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from app import cli
from app.config import Settings

PROBE = """
import gc, json, sys
from fastapi.testclient import TestClient
from app.config import Settings
from app.main import create_app
from app.search import stem

before = gc.get_freeze_count()
with TestClient(create_app(Settings(database_url=sys.argv[1]))) as client:
    ok = client.get("/v1/search", params={"q": "مراكز البيانات"}).status_code
    print(json.dumps({
        "before": before, "frozen": gc.get_freeze_count(), "status": ok,
        "switch": sys.getswitchinterval(),
    }))
"""


def probe(url: str, **settings: str) -> dict[str, Any]:
    """What an app built in a fresh process with ``settings`` (``MASDAR_*``) reports."""
    env = {k: v for k, v in os.environ.items() if k != "MASDAR_SWITCH_INTERVAL_MS"}
    env |= {"MASDAR_ACCESS_LOG": "off", **settings}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    got: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["status"] == 200, got
    return got


@pytest.mark.parametrize("setting", ["on", "off"])
def test_start_up_objects_are_frozen_unless_turned_off(seeded_url: str, setting: str) -> None:
    got = probe(seeded_url, MASDAR_GC_FREEZE=setting)
    assert got["before"] == 0
    if setting == "on":  # the app, the models, the stemmer's keys: far more than a few
        assert got["frozen"] > 100_000, got
    else:
        assert got["frozen"] == 0, got
    assert got["switch"] == 0.005, got  # Python's own: not set, not changed


def test_the_switch_interval_is_set_when_asked(seeded_url: str) -> None:
    got = probe(seeded_url, MASDAR_SWITCH_INTERVAL_MS="0.5")
    assert got["switch"] == pytest.approx(0.0005), got


def test_serve_turns_it_on_unless_it_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import app.main

    built: list[Settings] = []
    monkeypatch.setattr(app.main, "create_app", lambda s: built.append(s) or "app")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    args = cli.build_parser().parse_args(["serve"])
    for name in ("MASDAR_GC_FREEZE", "MASDAR_SWITCH_INTERVAL_MS"):
        monkeypatch.setenv(name, "")  # recorded: whatever serve sets is undone
        monkeypatch.delenv(name)
    assert Settings().gc_freeze is False  # the default, for every other process
    assert Settings().switch_interval_ms is None
    cli.cmd_serve(Settings(), args)
    assert built[-1].gc_freeze is True and os.environ["MASDAR_GC_FREEZE"] == "on"
    assert built[-1].switch_interval_ms == 0.5
    assert os.environ["MASDAR_SWITCH_INTERVAL_MS"] == "0.5"  # --workers' processes too
    monkeypatch.setenv("MASDAR_GC_FREEZE", "off")  # an operator's choice stands
    monkeypatch.setenv("MASDAR_SWITCH_INTERVAL_MS", "5")
    cli.cmd_serve(Settings(), args)
    assert built[-1].gc_freeze is False and built[-1].switch_interval_ms == 5
