"""Fact-check quality: precision and recall of each verdict on the test set, per database.

``python -m bench.check_quality`` seeds a temporary SQLite database (and a PostgreSQL one
when ``MASDAR_TEST_DATABASE_URL`` names a server), sends every sentence of
``tests/check/sentences.yaml`` to ``POST /v1/check`` and compares each statement's
verdict with the one the set expects:

- precision of a verdict: of the statements masdar gave it, the share that should have it;
- recall: of the statements that should have it, the share masdar gave it;
- ``false supported``: statements masdar calls supported that are not (the goal is 0);
- ``what differs``: differs verdicts naming first what the set says differs;
- ``skipped``: sentences whose count of numbers skipped as no figure is the set's.

A quality measurement, not a load test: one request at a time, a few seconds in all.
``--misses`` lists the statements judged otherwise than expected. The table in
docs/check.md is this script's output (tests/check/test_quality.py holds it to that).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT
from bench.search_quality import _each_database, seeded

SENTENCES = PROJECT_ROOT / "tests" / "check" / "sentences.yaml"
DOC = PROJECT_ROOT / "docs" / "check.md"
VERDICTS = ("supported", "differs", "not_found")


@dataclass(frozen=True)
class Case:
    text: str
    kind: str
    expect: tuple[str, ...]
    differs_in: str | None
    skipped: int
    set: str = "dev"
    """``dev``: written while the rules were made; ``held_out``: written after, measured
    as they came (docs/check.md gives both)."""


@dataclass
class Result:
    case: Case
    got: tuple[str, ...]
    differs_in: str | None
    skipped: int


@dataclass
class Score:
    sentences: int = 0
    statements: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(expected, got) per statement."""
    differs_named: int = 0
    differs_checked: int = 0
    skipped_right: int = 0
    misses: list[str] = field(default_factory=list)

    def precision(self, verdict: str) -> float:
        given = sum(n for (_, got), n in self.pairs.items() if got == verdict)
        return self.pairs[(verdict, verdict)] / given if given else 1.0

    def recall(self, verdict: str) -> float:
        wanted = sum(n for (want, _), n in self.pairs.items() if want == verdict)
        return self.pairs[(verdict, verdict)] / wanted if wanted else 1.0

    @property
    def false_supported(self) -> int:
        return sum(n for (want, got), n in self.pairs.items() if got == "supported" != want)

    @property
    def accuracy(self) -> float:
        right = sum(n for (want, got), n in self.pairs.items() if want == got)
        return right / self.statements if self.statements else 1.0


def cases() -> list[Case]:
    rows = yaml.safe_load(SENTENCES.read_text(encoding="utf-8"))
    return [
        Case(
            str(r["text"]),
            str(r["kind"]),
            tuple(r["expect"]),
            (r.get("differs_in") or [None])[0],
            int(r.get("skipped", 0)),
            str(r.get("set", "dev")),
        )
        for r in rows
    ]


def check(client: TestClient, text: str) -> dict[str, Any]:
    r = client.post("/v1/check", json={"text": text})
    assert r.status_code == 200, (text, r.status_code, r.text[:300])
    body: dict[str, Any] = r.json()
    return body


def run(client: TestClient, items: list[Case]) -> list[Result]:
    out = []
    for case in items:
        body = check(client, case.text)
        got = tuple(s["verdict"] for s in body["statements"])
        first = next((s for s in body["statements"] if s["verdict"] == "differs"), None)
        named = first["differs_in"][0] if first and first["differs_in"] else None
        out.append(Result(case, got, named, len(body["skipped"])))
    return out


def score(results: list[Result]) -> Score:
    s = Score()
    for r in results:
        s.sentences += 1
        s.skipped_right += r.skipped == r.case.skipped
        if len(r.got) != len(r.case.expect):
            s.misses.append(f"{r.case.text!r}: {len(r.got)} statements, not {len(r.case.expect)}")
        for want, got in zip(r.case.expect, r.got, strict=False):
            s.statements += 1
            s.pairs[(want, got)] += 1
            if want != got:
                s.misses.append(f"{r.case.text!r}: {got}, not {want}")
        if r.case.differs_in is not None:
            s.differs_checked += 1
            s.differs_named += r.differs_in == r.case.differs_in
            if r.differs_in != r.case.differs_in:
                s.misses.append(
                    f"{r.case.text!r}: differs in {r.differs_in}, not {r.case.differs_in}"
                )
    return s


def table(rows: list[tuple[str, Score]]) -> str:
    """The markdown table docs/check.md publishes: one line per database."""
    head = (
        "| database, set | sentences | statements | supported P / R | differs P / R "
        "| not_found P / R | false supported | what differs | skipped |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = [
        f"| {name} | {s.sentences} | {s.statements} | "
        + " | ".join(f"{s.precision(v):.2f} / {s.recall(v):.2f}" for v in VERDICTS)
        + f" | {s.false_supported} | {s.differs_named}/{s.differs_checked} "
        f"| {s.skipped_right}/{s.sentences} |"
        for name, s in rows
    ]
    return head + "\n".join(lines)


def measured(label: str, results: list[Result]) -> list[tuple[str, Score]]:
    """The table's rows for one database: every sentence, then each set apart."""
    rows = [(f"{label}, all", score(results))]
    for name in sorted({r.case.set for r in results}):
        rows.append((f"{label}, {name}", score([r for r in results if r.case.set == name])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the statements missed")
    args = parser.parse_args()
    items = cases()
    by_kind = Counter(c.kind for c in items)
    print(f"{len(items)} sentences: {dict(sorted(by_kind.items()))}")
    rows = []
    for name, url in _each_database():
        with seeded(url) as client:
            results = run(client, items)
        rows += measured("SQLite" if name == "sqlite" else "PostgreSQL", results)
        if args.misses:
            for m in score(results).misses:
                print(f"  MISS ({name}) {m}")
    print(table(rows))


if __name__ == "__main__":
    main()
