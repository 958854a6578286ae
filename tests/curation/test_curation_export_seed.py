"""Curated data goes back to data/seed/ through ``masdar export``; ``masdar seed`` never
discards it silently."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.cli import main
from tests.curation.conftest import QUOTE_000, Curation, partner_body
from tests.curation.test_curation_writes import NEW_TEXT, new_source


def curate(cur: Curation) -> None:
    new_source(cur)
    assert (
        cur.client.post("/v1/partners", headers=cur.curator, json=partner_body()).status_code == 201
    )
    r = cur.client.post(
        "/v1/targets",
        headers=cur.curator,
        json={
            "id": "conf-engineers",
            "subject_id": "morocco-ai-2030",
            "metric": "engineers_trained",
            "value": 3000,
            "unit": "people",
            "label": "Engineers",
            "target_kind": "goal",
            "deadline_year": 2027,
            "citations": [cur.cite("conf-2027", "تكوين 3000 مهندس بحلول 2027")],
        },
    )
    assert r.status_code == 201, r.text
    # a retracted record is not exported
    assert (
        cur.client.post(
            "/v1/partners", headers=cur.curator, json=partner_body("gone-ai")
        ).status_code
        == 201
    )
    cur.client.delete("/v1/partners/gone-ai", headers={**cur.curator, "If-Match": '"v1"'})


def test_export_round_trips_curated_records(
    cur: Curation,
    empty_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    curate(cur)
    monkeypatch.setenv("MASDAR_DATABASE_URL", cur.url)
    assert main(["export", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    sources = yaml.safe_load((out / "sources.yaml").read_text(encoding="utf-8"))
    new = next(s for s in sources if s["id"] == "conf-2027")
    assert (out / new["file"]).read_bytes() == NEW_TEXT.encode()
    partners = {p["id"] for p in yaml.safe_load((out / "partners.yaml").read_text())}
    assert "acme-ai" in partners and "gone-ai" not in partners
    # the export seeds an empty database, and every citation checks out there
    monkeypatch.setenv("MASDAR_DATABASE_URL", empty_url)
    assert main(["seed", "--seed-dir", str(out), "--quiet"]) == 0
    assert main(["check"]) == 0
    assert "citations match" in capsys.readouterr().out
    from fastapi.testclient import TestClient

    from app.main import create_app
    from tests.conftest import settings_for

    with TestClient(create_app(settings_for(empty_url, rate_limit=False))) as c:
        target = c.get("/v1/targets/conf-engineers").json()
        assert target["value"] == 3000 and target["citations"][0]["source_id"] == "conf-2027"
        partner = c.get("/v1/partners/acme-ai").json()
        assert partner["citations"][0]["quote"] == QUOTE_000
        assert c.get("/v1/partners/gone-ai").status_code == 404


def test_seed_refuses_to_discard_curator_writes(
    cur: Curation,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        cur.client.post("/v1/partners", headers=cur.curator, json=partner_body()).status_code == 201
    )
    monkeypatch.setenv("MASDAR_DATABASE_URL", cur.url)
    # the same seed: nothing to do, nothing lost
    assert main(["seed", "--quiet"]) == 0
    # a different seed would replace everything: refused in one line, unless --force
    seed = tmp_path / "seed"
    assert main(["export", str(seed)]) == 0
    partners = yaml.safe_load((seed / "partners.yaml").read_text(encoding="utf-8"))
    (seed / "partners.yaml").write_text(
        yaml.safe_dump([p for p in partners if p["id"] != "acme-ai"], allow_unicode=True),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["seed", "--seed-dir", str(seed), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "curator change" in err and "--force" in err
    assert cur.client.get("/v1/partners/acme-ai").status_code == 200
    keys_before = cur.count("api_key")
    assert main(["seed", "--seed-dir", str(seed), "--quiet", "--force"]) == 0
    assert cur.count("revision") == 0 and cur.count("api_key") == keys_before
