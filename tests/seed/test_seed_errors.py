"""A bad seed stops with one clear message naming file, fact and problem, and the database
is exactly as it was."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import text

from app.config import Settings
from app.db import make_engine
from app.errors import SeedError
from app.migrate import migrate_to_head, seed_database
from app.seed.load import load_seed

SEED = Settings().seed_dir


def _copy_seed(tmp_path: Path) -> Path:
    dst = tmp_path / "seed"
    shutil.copytree(SEED, dst)
    return dst


def _edit(seed: Path, name: str, change: Callable[[list[dict[str, Any]]], None]) -> None:
    path = seed / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _first_figure(data: list[dict[str, Any]], kind: str = "fund") -> dict[str, Any]:
    return next(f for f in data if f["kind"] == kind)


def _bad_quote(d: list[dict[str, Any]]) -> None:
    _first_figure(d)["cite"][0]["quote"] = "هذا النص غير موجود في المقال"


def _ambiguous_quote(d: list[dict[str, Any]]) -> None:
    # "الذكاء الاصطناعي" occurs many times in every article.
    cite = _first_figure(d, "target")["cite"][0]
    cite["quote"], cite["source"] = "الذكاء الاصطناعي", "000"
    cite.pop("occurrence", None)


def _wrong_number(d: list[dict[str, Any]]) -> None:
    _first_figure(d)["value"] = 123456789


def _bad_currency(d: list[dict[str, Any]]) -> None:
    _first_figure(d)["unit"] = "XYZ"


def _duplicate_id(d: list[dict[str, Any]]) -> None:
    d.append(dict(d[0]))


def _dangling(d: list[dict[str, Any]]) -> None:
    _first_figure(d)["subject"] = "no-such-initiative"


def _own_parent(d: list[dict[str, Any]]) -> None:
    fund = _first_figure(d)
    fund["parent"] = fund["id"]


def _unknown_field(d: list[dict[str, Any]]) -> None:
    _first_figure(d)["amount_typo"] = 5


def _figure(d: list[dict[str, Any]], fid: str) -> dict[str, Any]:
    return next(f for f in d if f["id"] == fid)


def _flattened_hedge(d: list[dict[str, Any]]) -> None:
    _figure(d, "e-gov-websites-003")["qualifier"] = "at_least"  # «أكثر من 50 موقعًا»


def _dropped_hedge(d: list[dict[str, Any]]) -> None:
    _figure(d, "dakhla-capacity-000")["qualifier"] = None  # «تصل إلى 500 ميغاواط»


def _invented_hedge(d: list[dict[str, Any]]) -> None:
    _figure(d, "dakhla-capacity-002")["qualifier"] = "approximate"  # «بطاقة 500 ميغاواط»


CASES: list[tuple[str, Callable[[list[dict[str, Any]]], None], str]] = [
    ("quote-not-in-article", _bad_quote, "not verbatim"),
    ("quote-twice-no-hint", _ambiguous_quote, "occurs"),
    ("number-not-in-quote", _wrong_number, "is not in its quote"),
    ("unknown-currency", _bad_currency, "unknown currency"),
    ("duplicate-id", _duplicate_id, "duplicate id"),
    ("dangling-reference", _dangling, "dangling reference"),
    ("own-parent", _own_parent, "own parent"),
    ("unknown-field", _unknown_field, "amount_typo"),
    ("hedge-flattened", _flattened_hedge, "qualifier at_least but the quote says more_than"),
    ("hedge-dropped", _dropped_hedge, "qualifier null but the quote says up_to"),
    ("hedge-invented", _invented_hedge, "qualifier approximate but the quote says no hedge"),
]


def _fingerprint(url: str) -> str:
    engine = make_engine(Settings(database_url=url))
    h = hashlib.sha256()
    with engine.connect() as conn:
        for table in ("source", "figure", "fund", "target", "citation", "alias", "meta"):
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
            h.update(repr(rows).encode())
    engine.dispose()
    return h.hexdigest()


@pytest.mark.parametrize(("name", "change", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_figure_stops_the_seed(
    name: str,
    change: Callable[[list[dict[str, Any]]], None],
    message: str,
    tmp_path: Path,
    seeded_url: str,
) -> None:
    seed = _copy_seed(tmp_path)
    _edit(seed, "figures.yaml", change)
    before = _fingerprint(seeded_url)
    engine = make_engine(Settings(database_url=seeded_url))
    with pytest.raises(SeedError) as err:
        seed_database(engine, seed)
    engine.dispose()
    detail = err.value.detail
    assert detail.startswith("figures.yaml: "), detail
    assert message in detail, detail
    assert _fingerprint(seeded_url) == before


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    seed = _copy_seed(tmp_path)
    (seed / "partners.yaml").write_text("- id: x\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"^partners.yaml: line \d+, column \d+: malformed YAML"):
        load_seed(seed)


def test_malformed_seed_leaves_empty_database_empty(tmp_path: Path, empty_url: str) -> None:
    seed = _copy_seed(tmp_path)
    _edit(seed, "figures.yaml", _bad_quote)
    engine = make_engine(Settings(database_url=empty_url))
    migrate_to_head(empty_url, engine)
    with pytest.raises(SeedError):
        seed_database(engine, seed)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM source")).scalar_one() == 0
    engine.dispose()


def test_failure_inside_the_transaction_rolls_back(
    tmp_path: Path, seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an error after rows were flushed leaves the database as it was."""
    from app.seed import apply

    seed = _copy_seed(tmp_path)
    _edit(seed, "figures.yaml", lambda d: d.__setitem__(0, {**d[0], "label": d[0]["label"] + "!"}))
    before = _fingerprint(seeded_url)

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply.Session, "merge", boom)
    engine = make_engine(Settings(database_url=seeded_url))
    with pytest.raises(RuntimeError):
        seed_database(engine, seed)
    engine.dispose()
    assert _fingerprint(seeded_url) == before


def _event(d: list[dict[str, Any]], eid: str) -> dict[str, Any]:
    return next(e for e in d if e["id"] == eid)


def _uncited_not_before(d: list[dict[str, Any]]) -> None:
    day = _event(d, "ai-made-in-morocco-day")
    day["cite"] = [c for c in day["cite"] if c.get("field") != "not_before"]


def _not_before_after_the_page_date(d: list[dict[str, Any]]) -> None:
    _event(d, "ai-made-in-morocco-day")["not_before"] = "2026-02-01"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_uncited_not_before, "not_before is an inference: cite the words it rests on"),
        (_not_before_after_the_page_date, "not_before is after happened_on or not_after"),
    ],
    ids=["not-before-uncited", "not-before-after-not-after"],
)
def test_an_event_s_lower_bound_must_say_what_it_rests_on(
    change: Callable[[list[dict[str, Any]]], None], message: str, tmp_path: Path
) -> None:
    """The "AI Made in Morocco" day's not_before (2025-07-01) is inferred from 001's words
    («هذا اليوم يأتي استكمالاً للملتقى الوطني …», «… الذي انعقد في يوليو الماضي»): without
    them, or after the page date, the seed stops."""
    seed = _copy_seed(tmp_path)
    _edit(seed, "events.yaml", change)
    with pytest.raises(SeedError) as err:
        load_seed(seed)
    assert err.value.detail.startswith("events.yaml: "), err.value.detail
    assert message in err.value.detail, err.value.detail
