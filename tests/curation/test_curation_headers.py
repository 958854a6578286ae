"""A write names the one version it read; a key's lifetime is at least a day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.cli import main
from app.services.keys import now
from tests.curation.conftest import Curation


def test_if_match_with_more_than_one_tag_is_412_like_a_stale_tag(cur: Curation) -> None:
    """Every version a client could guess, in one header, used to overwrite blindly."""
    before = cur.client.get("/v1/partners/mistral-ai").json()
    current = cur.etag("/v1/partners/mistral-ai")
    guesses = [current] + [f'"v{n}"' for n in range(1, 399)]
    for header in (", ".join(guesses), f'{current}, "v99"', f'"v99",{current}'):
        r = cur.client.patch(
            "/v1/partners/mistral-ai",
            headers={**cur.curator, "If-Match": header},
            json={"description": "blind overwrite"},
        )
        assert r.status_code == 412, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert "one version" in r.json()["detail"]
        r = cur.client.delete(
            "/v1/partners/mistral-ai", headers={**cur.curator, "If-Match": header}
        )
        assert r.status_code == 412
    after = cur.client.get("/v1/partners/mistral-ai").json()
    assert after == before
    ok = cur.client.patch(
        "/v1/partners/mistral-ai",
        headers={**cur.curator, "If-Match": current},
        json={"description": "one tag, the current one"},
    )
    assert ok.status_code == 200 and ok.json()["version"] == before["version"] + 1


@pytest.mark.parametrize("days", ["0", "-3", "1.5", "soon"])
def test_keys_create_expires_days_must_be_a_whole_day_or_more(
    seeded_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    days: str,
) -> None:
    monkeypatch.setenv("MASDAR_DATABASE_URL", seeded_url)
    with pytest.raises(SystemExit) as exit_:
        main(["keys", "create", "--name", "n", "--scope", "curator", "--expires-days", days])
    assert exit_.value.code == 2
    assert "--expires-days" in capsys.readouterr().err
    assert main(["keys", "list"]) == 0
    assert "\tn\t" not in capsys.readouterr().out  # no key was made


def test_keys_create_expires_days_one(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MASDAR_DATABASE_URL", seeded_url)
    assert (
        main(["keys", "create", "--name", "day", "--scope", "curator", "--expires-days", "1"]) == 0
    )
    capsys.readouterr()
    assert main(["keys", "list"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "\tday\t" in x)
    assert "\tactive\t" in line
    expires = datetime.fromisoformat(line.rsplit("expires ", 1)[1])
    assert timedelta(hours=23) < expires - now() <= timedelta(days=1)
