"""``masdar serve`` freezes start-up's objects out of the garbage collector's sight
(``MASDAR_GC_FREEZE``, on for the server unless set, off elsewhere): a full collection
then scans only what requests allocate. Checked in a process of its own: what is frozen
stays for the process's life."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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
    print(json.dumps({"before": before, "frozen": gc.get_freeze_count(), "status": ok}))
"""


@pytest.mark.parametrize("setting", ["on", "off"])
def test_start_up_objects_are_frozen_unless_turned_off(seeded_url: str, setting: str) -> None:
    env = {**os.environ, "MASDAR_GC_FREEZE": setting, "MASDAR_ACCESS_LOG": "off"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, seeded_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["before"] == 0 and got["status"] == 200
    if setting == "on":  # the app, the models, the stemmer's keys: far more than a few
        assert got["frozen"] > 100_000, got
    else:
        assert got["frozen"] == 0, got


def test_serve_turns_it_on_unless_it_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import app.main

    built: list[Settings] = []
    monkeypatch.setattr(app.main, "create_app", lambda s: built.append(s) or "app")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    args = cli.build_parser().parse_args(["serve"])
    monkeypatch.setenv("MASDAR_GC_FREEZE", "")  # recorded: whatever serve sets is undone
    monkeypatch.delenv("MASDAR_GC_FREEZE")
    assert Settings().gc_freeze is False  # the default, for every other process
    cli.cmd_serve(Settings(), args)
    assert built[-1].gc_freeze is True and os.environ["MASDAR_GC_FREEZE"] == "on"
    monkeypatch.setenv("MASDAR_GC_FREEZE", "off")  # an operator's choice stands
    cli.cmd_serve(Settings(), args)
    assert built[-1].gc_freeze is False
