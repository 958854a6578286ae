"""Stem keys: word forms that are one word share a key; the shipped keys are current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.config import Settings
from app.search import stem


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("وظائف", "وظيفة"),
        ("الوظائف", "وظيفة"),
        ("مراكز", "مركز"),
        ("معاهد", "معهد"),
        ("فرص", "فرصة"),
        ("والبيانات", "بيانات"),
        ("الاقاليم", "الأقاليم"),
        ("centres", "center"),
        ("organisation", "organizations"),
        ("programmes", "program"),
        ("investors", "investment"),
        ("jobs", "job"),
    ],
)
def test_one_word_in_two_forms_shares_a_key(a: str, b: str) -> None:
    assert stem.keys(a) & stem.keys(b), (stem.keys(a), stem.keys(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [("استثمار", "ثمار"), ("مركز", "تركيز"), ("العالم", "علوم"), ("الحكومة", "حوكمة")],
)
def test_words_that_only_share_a_root_stay_apart(a: str, b: str) -> None:
    assert not stem.keys(a) & stem.keys(b)


@pytest.mark.parametrize("word", ["2030", "500", "في", "AI", "", "«»", "ـ"])
def test_numbers_and_short_words_have_no_keys(word: str) -> None:
    assert stem.keys(word) == frozenset()


def test_stem_key_of_a_text_and_word_offsets() -> None:
    text = "توفير 50 ألف وظيفة مرتبطة"
    words = list(stem.words(text))
    assert all(text[a:b] for a, b, _ in words)
    (job,) = [(a, b) for a, b, keys in words if "وظيفه" in keys]
    assert text[job[0] : job[1]] == "وظيفة"
    assert "وظيفه" in stem.stem_key(text).split()


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("centre", "center"),
        ("organisation", "organization"),
        ("programme", "program"),
        ("labour", "labor"),
        ("licence", "license"),
        ("enterprise", "enterprise"),
        ("hour", "hour"),
    ],
)
def test_british_spellings_become_american(british: str, american: str) -> None:
    assert stem.american(british) == american


def test_the_shipped_keys_are_what_the_libraries_compute(tmp_path: Path) -> None:
    """``python -m app.search.stem`` wrote app/search/stem_keys.json from data/seed: its keys
    are right, and it still covers nearly every seed word (a word it lacks only costs
    a few milliseconds once per process; rerun the command after large seed edits)."""
    shipped = json.loads(stem.SHIPPED.read_text(encoding="utf-8"))
    assert shipped["versions"] == stem.versions()
    fresh = tmp_path / "keys.json"
    stem.write_shipped(stem.seed_texts(Settings().seed_dir), fresh)
    now = json.loads(fresh.read_text(encoding="utf-8"))["keys"]
    assert {w: k for w, k in shipped["keys"].items() if w in now} == {
        w: now[w] for w in shipped["keys"] if w in now
    }
    covered = sum(w in shipped["keys"] for w in now) / len(now)
    assert covered >= 0.95, f"{covered:.2f} of the seed's words: run python -m app.search.stem"
