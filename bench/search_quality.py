"""Search relevance: recall@5 and MRR of the relevance set, per database.

``python -m bench.search_quality`` seeds a temporary SQLite database (and a
PostgreSQL one when ``MASDAR_TEST_DATABASE_URL`` names a server), asks
``GET /v1/search?q=…&limit=10`` for every query of ``tests/search/relevance.yaml``
and reports, per database and per kind of query:

- recall@5: the share of queries whose wanted record is among the first five hits;
- MRR: the mean of 1 / rank of the wanted record (0 when it is not in the first ten);

and how many queries get the very same first ten hits on both databases.

A quality measurement, not a load test: one request at a time, a few seconds in all.
``--misses`` lists the queries that missed, with what came first.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.main import create_app
from app.migrate import migrate_to_head, seed_database
from bench.search_bench import pg_database

RELEVANCE = PROJECT_ROOT / "tests" / "search" / "relevance.yaml"
TOP = 5
DEPTH = 10


@dataclass(frozen=True)
class Case:
    q: str
    want: tuple[str, str]
    kind: str


@dataclass
class Result:
    case: Case
    rank: int | None  # 1-based rank of the wanted record in the first DEPTH hits
    first: list[tuple[str, str]]
    ranked: list[tuple[str, str, str, int | None]]  # every hit: type, id, field, start


def cases() -> list[Case]:
    rows = yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))
    out = []
    for row in rows:
        rtype, rid = str(row["want"]).split("/", 1)
        out.append(Case(str(row["q"]), (rtype, rid), str(row["kind"])))
    return out


def run(client: TestClient, items: list[Case]) -> list[Result]:
    results = []
    for case in items:
        r = client.get("/v1/search", params={"q": case.q, "limit": DEPTH})
        hits: list[dict[str, Any]] = r.json()["items"] if r.status_code == 200 else []
        found = [(h["type"], h["id"]) for h in hits]
        rank = found.index(case.want) + 1 if case.want in found else None
        ranked = [(h["type"], h["id"], h["field"], h["start"]) for h in hits]
        results.append(Result(case, rank, found[:3], ranked))
    return results


def recall(results: list[Result]) -> float:
    return sum(r.rank is not None and r.rank <= TOP for r in results) / max(len(results), 1)


def mrr(results: list[Result]) -> float:
    return sum(1 / r.rank for r in results if r.rank) / max(len(results), 1)


def report(name: str, results: list[Result], misses: bool) -> None:
    print(
        f"{name}: {len(results)} queries, recall@{TOP} {recall(results):.3f}, "
        f"MRR {mrr(results):.3f}"
    )
    by_kind: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_kind[r.case.kind].append(r)
    for kind, rs in sorted(by_kind.items()):
        print(f"  {kind:10} {len(rs):3} queries  recall@{TOP} {recall(rs):.3f}  MRR {mrr(rs):.3f}")
    if misses:
        for r in results:
            if r.rank is None or r.rank > TOP:
                print(f"  MISS {r.case.q!r} wants {'/'.join(r.case.want)}, got {r.first}")


@contextmanager
def seeded(url: str) -> Iterator[TestClient]:
    engine = make_engine(Settings(database_url=url))
    migrate_to_head(url, engine)
    seed_database(engine, Settings().seed_dir)
    engine.dispose()
    app = create_app(Settings(database_url=url, rate_limit=False, response_cache=False))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def _each_database() -> Iterator[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        yield "sqlite", f"sqlite:///{Path(tmp) / 'quality.db'}"
    with pg_database() as url:  # the search benchmark's temporary PostgreSQL database
        if url is not None:
            yield "postgresql", url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the queries that missed")
    args = parser.parse_args()
    items = cases()
    runs: dict[str, list[Result]] = {}
    for name, url in _each_database():
        with seeded(url) as client:
            runs[name] = run(client, items)
            report(name, runs[name], args.misses)
    if len(runs) == 2:
        a, b = runs.values()
        same = sum(x.ranked == y.ranked for x, y in zip(a, b, strict=True))
        print(f"same first {DEPTH} hits on both databases: {same}/{len(items)} queries")
        for x, y in zip(a, b, strict=True):
            if x.ranked != y.ranked:
                print(f"  DIFFERS {x.case.q!r}: {x.ranked[:4]} / {y.ranked[:4]}")


if __name__ == "__main__":
    main()
