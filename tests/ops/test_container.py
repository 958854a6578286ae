"""No Docker engine runs here: parse the Dockerfile and compose file and check the
essentials, and that the container runs the command the README documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            op, _, rest = line.partition(" ")
            out.append((op.upper(), rest.strip()))
    return out


def test_dockerfile_essentials() -> None:
    ins = instructions()
    froms = [rest for op, rest in ins if op == "FROM"]
    assert len(froms) >= 2 and all(f.startswith("python:3.11-slim") for f in froms)
    users = [rest for op, rest in ins if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert any(op == "HEALTHCHECK" and "/health/ready" in rest for op, rest in ins)
    assert ("EXPOSE", "8000") in ins
    # configured by environment only: no secrets or URLs baked in but the SQLite default
    envs = " ".join(rest for op, rest in ins if op == "ENV")
    assert "postgresql" not in envs and "PASSWORD" not in envs.upper()


def test_container_runs_the_readme_command() -> None:
    cmd = json.loads(next(rest for op, rest in instructions() if op == "CMD"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert " ".join(cmd) in readme
    assert cmd[:2] == ["masdar", "serve"]
    assert re.search(r"--host\s+0\.0\.0\.0", " ".join(cmd))


def test_compose_runs_masdar_on_postgresql_15_with_a_volume() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["db"]["image"] == "postgres:15"
    assert any(v.endswith(":/var/lib/postgresql/data") for v in services["db"]["volumes"])
    api = services["api"]
    assert api["environment"]["MASDAR_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert api["depends_on"]["db"]["condition"] == "service_healthy"
    assert "8000:8000" in api["ports"]
    assert "pgdata" in compose["volumes"]
