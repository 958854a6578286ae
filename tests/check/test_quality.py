"""The fact-check test set (tests/check/sentences.yaml) through ``POST /v1/check`` on each
database: precision and recall per verdict, no ``supported`` verdict on a statement that
is not, and the figures docs/check.md publishes (bench/check_quality.py prints them)."""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient

from bench.check_quality import DOC, Case, Result, cases, measured, run, score, table


def test_the_set_is_what_the_issue_asks() -> None:
    items = cases()
    kinds = Counter(c.kind for c in items)
    assert len(items) >= 60
    assert {"restated", "value", "scale", "unit", "currency", "year", "hedge_added"} <= set(kinds)
    assert {"hedge_dropped", "subject", "not_held", "no_figure"} <= set(kinds)
    arabic = [c for c in items if any("\u0600" <= ch <= "\u06ff" for ch in c.text)]
    assert 0.35 <= len(arabic) / len(items) <= 0.65  # both languages, about as many
    assert sum(len(c.expect) for c in items) >= 100
    published = " ".join(DOC.read_text(encoding="utf-8").split())
    assert f"holds {len(items)} sentences ({len(arabic)} in Arabic)" in published
    for name, n in Counter(c.set for c in items).items():
        assert f"`{name}` ({n})" in published, name


def test_precision_and_recall_per_verdict(client: TestClient, backend: str) -> None:
    results = run(client, cases())
    every = score(results)
    assert every.false_supported == 0, every.misses  # the goal
    assert every.precision("supported") == 1.0
    assert every.skipped_right == every.sentences, every.misses
    dev = score([r for r in results if r.case.set == "dev"])
    assert dev.accuracy == 1.0 and dev.differs_named == dev.differs_checked, dev.misses
    for verdict in ("supported", "differs"):
        assert every.precision(verdict) >= 0.95, (verdict, every.misses)
        assert every.recall(verdict) >= 0.9, (verdict, every.misses)
    assert every.recall("not_found") == 1.0, every.misses  # a miss is never a false verdict
    label = "SQLite" if backend == "sqlite" else "PostgreSQL"
    published = DOC.read_text(encoding="utf-8")
    for line in table(measured(label, results)).splitlines()[2:]:
        assert line in published, f"docs/check.md is out of date: {line}"


def test_the_score_counts_what_it_says() -> None:
    case = Case("x", "value", ("differs", "supported"), "value", 1)
    wrong = Result(case, ("supported", "supported"), None, 0)
    s = score([wrong, Result(case, ("differs", "supported"), "value", 1)])
    assert (s.statements, s.false_supported, s.skipped_right) == (4, 1, 1)
    assert (s.precision("supported"), s.recall("differs")) == (2 / 3, 1 / 2)
    assert (s.differs_named, s.differs_checked) == (1, 2)
    assert len(s.misses) == 2
