"""``masdar propose FILE``: what masdar would propose for a text file, and ``--yaml`` in the
seed format, which the seeder loads (verbatim quotes, numbers in quotes, hedges, coverage)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from app.cli import main
from app.seed.coverage import compute
from app.seed.load import load_seed
from tests.proposals.conftest import ARTICLES

SEED = Path(__file__).parents[2] / "data" / "seed"


def run(monkeypatch: pytest.MonkeyPatch, url: str, *argv: str) -> int:
    monkeypatch.setenv("MASDAR_DATABASE_URL", url)
    return main(list(argv))


def test_lines_for_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seeded_url: str
) -> None:
    assert run(monkeypatch, seeded_url, "propose", str(ARTICLES / "synthetic-1.txt")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "synthetic-1: 879 characters (Arabic), 8 figures proposed, 7 numbers that are no figure"
    )
    assert (
        "  fund 2,000,000,000 MAD (budget): «مليارين درهم» 200–212; subject pass-programme; "
        "period –2029"
    ) in lines
    assert (
        "  target 500 MW (power_capacity): «500 ميغاواط» 684–695; subject dakhla-data-centre; "
        "corroborates dakhla-capacity-000; corroborates dakhla-capacity-002; "
        "corroborates dakhla-capacity-003"
    ) in lines
    assert (
        "  no figure (reference): «رقم 09.08» 744–753: the number of a text («رقم …»): "
        "a law, a decree, an article, a page"
    ) in lines


def test_yaml_is_the_seed_format_and_the_seeder_loads_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seeded_url: str,
    tmp_path: Path,
) -> None:
    article = ARTICLES / "synthetic-1.txt"
    assert run(monkeypatch, seeded_url, "propose", str(article), "--yaml") == 0
    out = capsys.readouterr().out
    figures, skips = yaml.safe_load_all(out)
    assert [(f["id"], f["value"], f["unit"], f["qualifier"]) for f in figures] == [
        ("budget-synthetic-1", 2_000_000_000, "MAD", None),
        ("allocation-synthetic-1", 800_000_000, "MAD", None),
        ("allocation-synthetic-1-2", 1_200_000_000, "MAD", None),
        ("researchers-synthetic-1", 1500, "people", "approximate"),
        ("share-synthetic-1", 35, "percent", "at_least"),
        ("share-synthetic-1-2", 5, "percent", "less_than"),
        ("power-capacity-synthetic-1", 500, "MW", None),
    ]
    assert figures[1]["parent"] == "budget-synthetic-1"
    assert figures[0]["cite"][1] == {
        "source": "synthetic-1",
        "quote": "حتى سنة 2029",
        "field": "period_end_year",
    }
    assert "# a range, 200–300 people «ما بين 200 و300 باحث»: record it by hand" in out
    # into a copy of data/seed: the seeder verifies every quote, number and hedge
    seed = tmp_path / "seed"
    shutil.copytree(SEED, seed)
    shutil.copy(article, seed / "sources" / "synthetic-1.txt")
    sources = yaml.safe_load((seed / "sources.yaml").read_text(encoding="utf-8"))
    sources.append({"id": "synthetic-1", "file": "sources/synthetic-1.txt", "kind": "news"})
    for name, extra in (("sources", []), ("figures", figures), ("coverage", skips)):
        path = seed / f"{name}.yaml"
        rows = sources if name == "sources" else yaml.safe_load(path.read_text("utf-8")) + extra
        path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), "utf-8")
    report = compute(load_seed(seed))
    (mine,) = [s for s in report.sources if s.source_id == "synthetic-1"]
    assert (mine.mentions, mine.linked, mine.skipped, mine.uncovered) == (19, 8, 11, [])


def test_text_in_another_script_and_bad_files(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seeded_url: str,
    tmp_path: Path,
) -> None:
    cyrillic = tmp_path / "news.txt"
    cyrillic.write_text("Министерство объявило о 500 МВт в 2026 году.", encoding="utf-8")
    assert run(monkeypatch, seeded_url, "propose", str(cyrillic)) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("news: 44 characters (Cyrillic), 0 figures proposed")
    assert "mostly in Cyrillic script" in captured.err
    assert run(monkeypatch, seeded_url, "propose", str(tmp_path / "missing.txt")) == 2
    assert "cannot read" in capsys.readouterr().err
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert run(monkeypatch, seeded_url, "propose", str(binary)) == 2
    long = tmp_path / "long.txt"
    long.write_text("نص " * 40_000, encoding="utf-8")
    assert run(monkeypatch, seeded_url, "propose", str(long)) == 2
    assert "masdar reads articles of up to 100,000 characters" in capsys.readouterr().err
