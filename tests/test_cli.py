"""The masdar command: clear one-line errors and exit codes, never a traceback wall."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.config import Settings


def run(monkeypatch: pytest.MonkeyPatch, url: str, *argv: str) -> int:
    monkeypatch.setenv("MASDAR_DATABASE_URL", url)
    return main(list(argv))


def test_seed_then_check_then_export_round_trip(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    empty_url: str,
    databases: object,
) -> None:
    assert run(monkeypatch, empty_url, "seed") == 0
    out = capsys.readouterr().out
    assert "coverage: 71/71 = 100.0 %" in out and "seed loaded" in out
    assert run(monkeypatch, empty_url, "seed", "--quiet") == 0
    assert "unchanged" in capsys.readouterr().out
    assert run(monkeypatch, empty_url, "check") == 0
    assert "citations match their source text" in capsys.readouterr().out
    first, second = tmp_path / "a", tmp_path / "b"
    assert run(monkeypatch, empty_url, "export", str(first)) == 0
    other = databases.empty()  # type: ignore[attr-defined]
    assert run(monkeypatch, other, "seed", "--quiet", "--seed-dir", str(first)) == 0
    assert run(monkeypatch, other, "export", str(second)) == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 13
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_check_reports_drift(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seeded_url: str
) -> None:
    from sqlalchemy import text

    from app.db import make_engine

    engine = make_engine(Settings(database_url=seeded_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE source SET text = 'X' || text WHERE id = '003'"))
    engine.dispose()
    assert run(monkeypatch, seeded_url, "check") == 1
    out = capsys.readouterr().out
    assert "no longer matches its quote" in out and "source 003" in out


def test_bad_seed_exits_non_zero_with_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    empty_url: str,
) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(Settings().seed_dir, seed)
    path = seed / "figures.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "quote: يخلق ثروة 100 مليار درهم", "quote: يخلق ثروة 900 مليار درهم"
        ),
        encoding="utf-8",
    )
    assert run(monkeypatch, empty_url, "seed", "--seed-dir", str(seed)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("masdar seed: figures.yaml: figure 'value-added-000-headline': ")
    assert "not verbatim" in err[0] and "يخلق ثروة 900 مليار درهم" in err[0]


@pytest.mark.parametrize("command", [["migrate"], ["seed"], ["export", "/tmp/masdar-x"]])
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "MASDAR_DATABASE_URL"),
        ("mysql://root@127.0.0.1/x", "unsupported backend"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/none", "database error"),
    ],
)
def test_bad_database_url_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    url: str,
    message: str,
    command: list[str],
) -> None:
    code = run(monkeypatch, url, *command)
    assert code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert err[0].startswith(f"masdar {command[0]}: ")
    assert "Traceback" not in err[0]


def test_help_is_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "The masdar command: serve, mcp, migrate, seed, export, check, propose, keys." in out
    assert "`" not in out
