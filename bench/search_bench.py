"""Search on a synthetic corpus: ``python -m bench.search_bench [--articles N] [--queries N]``.

Builds >= 10,000 article-sized texts by shuffling the real sentences of the five
articles, indexes them with the seeder's own code (``app.search.index``) in a
temporary SQLite database (and a temporary PostgreSQL database when
``MASDAR_TEST_DATABASE_URL`` names a server), runs a few hundred searches
through ``app.services.search.search`` and prints p50/p99 latency and the
query plans. Bounded: about a minute per database on a laptop.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.migrate import migrate_to_head
from app.models import Source
from app.search.index import add_passages, passages, write
from app.search.normalize import tokens
from app.services.search import query_plan, search
from bench import harness
from bench.harness import PG_ENV

SOURCES = PROJECT_ROOT / "data" / "seed" / "sources"
FIXED_QUERIES = [
    "الجزري",
    "جزاري",
    "Jazari",
    "٥٠٠ ميغاواط",
    "الذكاء الاصطناعي",
    "مليار درهم",
    "الداخلة",
    "ميسترال",
    "السيادة الرقمية",
    "Seghrouchni",
    "مركز بيانات",
    "2030",
    "zzzz-not-there",
]


def sentences() -> list[str]:
    out = []
    for path in sorted(SOURCES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[a:b] for a, b in passages(text) if len(tokens(text[a:b])) >= 3]
    return out


def corpus(n: int, per_article: int, rng: random.Random) -> Iterator[tuple[str, str]]:
    pool = sentences()
    for i in range(n):
        picked = rng.sample(pool, min(per_article, len(pool)))
        paragraphs = [" ".join(picked[j : j + 4]) for j in range(0, len(picked), 4)]
        yield f"syn{i:05d}", "\n\n".join(paragraphs)


def queries(n: int, rng: random.Random) -> list[str]:
    words = [t for s in sentences() for t in s.split() if len(tokens(t)) == 1]
    out = list(FIXED_QUERIES)
    while len(out) < n:
        k = rng.choice((1, 1, 1, 2, 3))
        start = rng.randrange(len(words) - k)
        out.append(" ".join(words[start : start + k]))
    return out


def build(url: str, n: int, per_article: int) -> tuple[int, float]:
    """Migrate ``url`` and fill it: n sources and their passage index. Returns (rows, seconds)."""
    engine = make_engine(Settings(database_url=url))
    migrate_to_head(url, engine)
    started = time.perf_counter()
    rng = random.Random(20261123)
    rows: list[dict[str, Any]] = []
    srcs: list[dict[str, Any]] = []
    for sid, body in corpus(n, per_article, rng):
        srcs.append(
            {
                "id": sid,
                "kind": "news",
                "language": "ar",
                "file_name": f"{sid}.txt",
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "text": body,
            }
        )
        add_passages(rows, sid, body)
    with Session(engine) as session, session.begin():
        for i in range(0, len(srcs), 2000):
            session.execute(insert(Source), srcs[i : i + 2000])
        write(session, rows)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE search_doc")
    engine.dispose()
    return len(rows), time.perf_counter() - started


def measure(url: str, qs: list[str]) -> list[float]:
    engine = make_engine(Settings(database_url=url))
    timings = []
    with Session(engine) as session:
        for q in qs[:10]:  # warm-up
            search(session, q, limit=20)
        for q in qs:
            started = time.perf_counter()
            search(session, q, limit=20)
            timings.append((time.perf_counter() - started) * 1000)
            session.rollback()
        for forced in (False, True):
            plans = query_plan(session, "الجزري", force_index=forced)
            if forced and engine.dialect.name == "sqlite":
                break
            label = " (seq/plain index scans off)" if forced else ""
            for name, plan in plans.items():
                print(f"  plan for «الجزري», {name}{label}:")
                print("    " + plan.replace("\n", "\n    "))
    engine.dispose()
    return timings


def report(label: str, rows: int, build_s: float, timings: list[float]) -> None:
    ordered = sorted(timings)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{label}: {rows:,} passages indexed in {build_s:.1f} s; {len(timings)} searches: "
        f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {ordered[-1]:.1f} ms"
    )


@contextmanager
def pg_database() -> Iterator[str | None]:
    """A temporary PostgreSQL database on ``$MASDAR_TEST_DATABASE_URL``'s server; None
    when it is not set."""
    if not os.environ.get(PG_ENV):
        yield None
        return
    with harness.pg_database("search") as url:
        yield url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--sentences", type=int, default=24, help="sentences per article")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args(argv)
    qs = queries(args.queries, random.Random(7))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        rows, build_s = build(url, args.articles, args.sentences)
        timings = measure(url, qs)
        report(f"sqlite ({args.articles:,} articles)", rows, build_s, timings)
    with pg_database() as pg_url:
        if pg_url is None:
            print(f"postgresql: skipped ({PG_ENV} not set)")
            return 0
        rows, build_s = build(pg_url, args.articles, args.sentences)
        timings = measure(pg_url, qs)
        report(f"postgresql ({args.articles:,} articles)", rows, build_s, timings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
