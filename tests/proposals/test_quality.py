"""Recall and precision of the proposals, per article, through the API on both databases:
the five seed articles against the curated figures and coverage.yaml's skips, and the
synthetic test articles against their own keys (bench/proposals.py; docs/proposals.md)."""

from __future__ import annotations

from bench.proposals import DOC, GOALS, fetcher, run, seed_keys, synthetic_keys, table
from tests.curation.conftest import Curation

EXPECTED = {
    # article: (key figures, found, figure proposals, correct, parts, parts linked)
    "000": (5, 5, 5, 5, 0, 0),
    "001": (4, 4, 4, 4, 0, 0),
    "002": (5, 5, 5, 5, 0, 0),
    "003": (14, 14, 14, 14, 3, 3),
    "004": (1, 1, 1, 1, 0, 0),
    "synthetic-1": (8, 8, 8, 8, 2, 2),
    "synthetic-2": (9, 9, 9, 9, 0, 0),
    "synthetic-3": (8, 8, 8, 8, 2, 2),
    "synthetic-4": (10, 10, 10, 10, 2, 2),
}


def test_recall_and_precision_per_article(cur: Curation) -> None:
    keys = seed_keys() + synthetic_keys()
    assert [k.source_id for k in keys] == list(EXPECTED)
    rows = run({"db": fetcher(cur.client, cur.curator)}, keys)
    for _, s in rows:
        assert s.recall >= GOALS["recall"], (s.source_id, s.missed)
        assert s.strict_precision >= GOALS["precision"], (s.source_id, s.wrong)
        assert s.skips_kept == s.skips, s.source_id
        got = (s.figures, s.found, s.proposed, s.correct, s.parts, s.parts_linked)
        assert got == EXPECTED[s.source_id], s.source_id
    label = "SQLite" if cur.url.startswith("sqlite") else "PostgreSQL"
    published = DOC.read_text(encoding="utf-8")
    for line in table([(label, s) for _, s in rows]).splitlines()[2:]:
        assert line in published, f"docs/proposals.md is out of date: {line}"
    total_found = sum(s.found for _, s in rows)
    total_figures = sum(s.figures for _, s in rows)
    assert (total_found, total_figures) == (64, 64)


def test_the_score_counts_a_wrong_hedge_a_miss_and_an_extra() -> None:
    from app.services.proposals import propose
    from bench.proposals import score

    (key,) = [k for k in seed_keys() if k.source_id == "000"]
    proposals = [
        p.unstored("000") | {"number": p.reading["number"]} for p in propose(key.text, "000")
    ]
    perfect = score(key, proposals)
    assert (perfect.found, perfect.correct, perfect.proposed) == (5, 5, 5)
    dakhla = next(p for p in proposals if p["unit"] == "MW")
    hedged = [p | {"qualifier": None} if p is dakhla else p for p in proposals]
    assert (score(key, hedged).found, score(key, hedged).missed) == (4, ["dakhla-capacity-000"])
    extra = proposals + [dakhla | {"value": 501.0}]
    assert (score(key, extra).proposed, score(key, extra).strict_precision) == (6, 5 / 6)
    assert score(key, proposals[1:]).recall == 4 / 5
