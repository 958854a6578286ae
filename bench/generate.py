"""A synthetic knowledge base of N figures (about 2 N citations), in SQLite or PostgreSQL.

It goes through the seeder's own rules: every quote is located in its article with
``app.seed.verify.locate`` (verbatim, unique, offsets found, never typed) with
``context`` for prefix/suffix, and every figure's value is checked against its quote
with ``app.seed.numbers.mentions_value``. Each distinct (article, quote) is located
once and reused, as the seeder would compute the same offsets again.

Rows go in with Core ``executemany``, in transactions of ``BATCH`` rows, with a
progress bar on stderr. ``python -m bench.generate PATH-OR-URL N``.
"""

from __future__ import annotations

import hashlib
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

BATCH = 50_000
SOURCES = 20
SENTENCES = 50_000
"""Distinct quotes; each sentence is written in two articles."""
INITIATIVES = 1_000
METRICS = 50

_PLACES = ["الرباط", "الدار البيضاء", "الداخلة", "طنجة", "فاس", "مراكش", "أكادير", "وجدة"]
_WORKS = [
    "مركز البيانات",
    "منصة الخدمات الرقمية",
    "برنامج التكوين",
    "صندوق الشركات الناشئة",
    "شبكة المعاهد",
    "مختبر الذكاء الاصطناعي",
]


def sentence(j: int) -> tuple[str, float]:
    """The j-th quote and the value it states (base units, MAD)."""
    amount = 10 + (j * 7919) % 990
    place = _PLACES[j % len(_PLACES)]
    work = _WORKS[(j // len(_PLACES)) % len(_WORKS)]
    quote = f"خصصت الجهة رقم {j} مبلغ {amount} مليون درهم لتطوير {work} في {place}"
    return quote, amount * 1_000_000.0


def articles() -> list[str]:
    """Article k holds the sentences j with j % SOURCES in (k, k - 1)."""
    parts: list[list[str]] = [[] for _ in range(SOURCES)]
    for j in range(SENTENCES):
        quote, _ = sentence(j)
        a = j % SOURCES
        parts[a].append(quote)
        parts[(a + 1) % SOURCES].append(quote)
    return ["مقال تجريبي للقياس.\n" + "،\n".join(p) + "." for p in parts]


class Progress:
    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done = total, label, 0
        self.started = time.monotonic()

    def add(self, n: int) -> None:
        self.done += n
        frac = self.done / self.total if self.total else 1.0
        bar = "#" * int(frac * 30)
        rate = self.done / max(1e-9, time.monotonic() - self.started)
        print(
            f"\r{self.label:10} [{bar:<30}] {self.done:>10,}/{self.total:,} {rate:>9,.0f}/s",
            end="",
            file=sys.stderr,
            flush=True,
        )
        if self.done >= self.total:
            print(file=sys.stderr)


def _batches(rows: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(
    conn: Connection, table: Table, rows: Iterator[dict[str, Any]], progress: Progress
) -> None:
    """``executemany`` on SQLite; ``COPY`` on PostgreSQL (ten times faster than INSERTs)."""
    for batch in _batches(rows):
        with conn.begin():
            if conn.dialect.name == "postgresql":
                cols = list(batch[0])
                names = ", ".join(f'"{c}"' for c in cols)
                cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
                with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                    for row in batch:
                        copy.write_row([row[c] for c in cols])
            else:
                conn.execute(table.insert(), batch)
        progress.add(len(batch))


def build(path: Path | str, n: int) -> dict[str, Any]:
    """Write a migrated database with ``n`` figures to ``path`` (a SQLite file) or to an
    empty database's URL; return timing and RSS."""
    from sqlmodel import SQLModel

    from app.config import Settings
    from app.db import make_engine
    from app.migrate import migrate_to_head
    from app.seed.numbers import mentions_value
    from app.seed.verify import context, locate

    started = time.monotonic()
    url = path if isinstance(path, str) else f"sqlite:///{path}"
    engine = make_engine(Settings(database_url=url))
    migrate_to_head(url, engine)
    T = SQLModel.metadata.tables
    texts = articles()
    located: dict[tuple[int, int], tuple[int, int, str, str]] = {}

    def cite(j: int, source: int) -> tuple[int, int, str, str]:
        key = (j, source)
        if key not in located:
            quote, _ = sentence(j)
            start, end = locate(texts[source], quote)  # the seeder's rule
            located[key] = (start, end, *context(texts[source], start, end))
        return located[key]

    checked: set[int] = set()

    def figures() -> Iterator[dict[str, Any]]:
        for i in range(n):
            j = i % SENTENCES
            quote, value = sentence(j)
            if j not in checked:
                if not mentions_value(quote, value):  # the seeder's rule
                    raise ValueError(f"quote {quote!r} does not state {value}")
                checked.add(j)
            yield {
                "id": f"syn-{i:07d}",
                "kind": "fund" if i % 2 == 0 else "target",
                "subject_id": f"syn-init-{i % INITIATIVES:04d}",
                "metric": f"metric_{i % METRICS}",
                "value": value,
                "unit": "MAD",
                "qualifier": None,
                "label": f"Synthetic figure {i}",
                "derived": False,
            }

    def citations() -> Iterator[dict[str, Any]]:
        for i in range(n):
            j = i % SENTENCES
            quote, _ = sentence(j)
            for k, source in enumerate((j % SOURCES, (j % SOURCES + 1) % SOURCES)):
                start, end, prefix, suffix = cite(j, source)
                yield {
                    "id": f"syn{i:08d}{k}",
                    "source_id": f"syn-{source:02d}",
                    "record_type": "figure",
                    "record_id": f"syn-{i:07d}",
                    "field": "value",
                    "quote": quote,
                    "start": start,
                    "end": end,
                    "prefix": prefix,
                    "suffix": suffix,
                }

    with engine.connect() as conn:
        with conn.begin():
            conn.execute(
                T["source"].insert(),
                [
                    {
                        "id": f"syn-{k:02d}",
                        "title": f"مقال تجريبي {k}",
                        "kind": "news",
                        "language": "ar",
                        "file_name": f"syn-{k:02d}.md",
                        "sha256": hashlib.sha256(t.encode()).hexdigest(),
                        "text": t,
                    }
                    for k, t in enumerate(texts)
                ],
            )
            conn.execute(
                T["initiative"].insert(),
                [
                    {
                        "id": f"syn-init-{k:04d}",
                        "name": f"Synthetic initiative {k}",
                        "name_basis": "translation",
                        "name_ar": f"مبادرة تجريبية {k}",
                        "kind": "programme",
                    }
                    for k in range(INITIATIVES)
                ],
            )
        _insert(conn, T["figure"], figures(), Progress(n, "figures"))
        _insert(
            conn,
            T["fund"],
            ({"figure_id": f"syn-{i:07d}"} for i in range(0, n, 2)),
            Progress(len(range(0, n, 2)), "funds"),
        )
        _insert(
            conn,
            T["target"],
            ({"figure_id": f"syn-{i:07d}", "target_kind": "goal"} for i in range(1, n, 2)),
            Progress(len(range(1, n, 2)), "targets"),
        )
        _insert(conn, T["citation"], citations(), Progress(2 * n, "citations"))
        with conn.begin():
            digest = hashlib.sha256(f"synthetic:{n}".encode()).hexdigest()
            for key, value in (("seed_digest", digest), ("data_version", digest[:16])):
                conn.execute(T["meta"].delete().where(T["meta"].c.key == key))
                conn.execute(T["meta"].insert(), [{"key": key, "value": value}])
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    out = {
        "figures": n,
        "citations": 2 * n,
        "seconds": time.monotonic() - started,
        "peak_rss_kib": peak,
        "quotes_located": len(located),
    }
    print(
        f"generate: {n:,} figures, {2 * n:,} citations in {out['seconds']:.0f} s, "
        f"peak RSS {peak / 1024:.0f} MiB",
        file=sys.stderr,
    )
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m bench.generate PATH-OR-URL N")
    target = sys.argv[1]
    build(target if "://" in target else Path(target), int(sys.argv[2]))
