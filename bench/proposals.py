"""How well masdar proposes the figures of an article: recall and precision per article.

Answer keys:

- the five seed articles: the curated figures of ``data/seed/figures.yaml`` (derived
  figures state nothing, so they are left out) and the numbers ``coverage.yaml``
  knowingly skips;
- the synthetic test articles in ``tests/proposals/articles/`` (invented for the tests,
  never news), each with its own ``.yaml`` key in the same shape.

A key figure is **found** when a proposal has the same value, unit and qualifier (and
upper end, for a range) and one of its quotes overlaps one of the figure's quotes.
**Precision** counts the figure proposals that correspond to a key figure, plus, as the
issue defines it, those that land on a number the key knowingly skips; ``strict`` leaves
the second kind out (it is the figure reported first). ``skips_kept`` counts the skipped
numbers the reader did not propose as figures.

``python -m bench.proposals`` runs the reader through the API on SQLite (and PostgreSQL
when ``MASDAR_TEST_DATABASE_URL`` is set) and prints the table ``docs/proposals.md``
reports; ``--write`` rewrites that table in the page.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.seed.verify import locate

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "data" / "seed"
SYNTHETIC_DIR = ROOT / "tests" / "proposals" / "articles"
DOC = ROOT / "docs" / "proposals.md"
GOALS = {"recall": 0.95, "precision": 0.85}

Span = tuple[int, int]


@dataclass(frozen=True)
class KeyFigure:
    id: str
    value: float
    unit: str
    qualifier: str | None
    value_high: float | None
    spans: tuple[Span, ...]
    parent: str | None = None


@dataclass(frozen=True)
class KeySkip:
    span: Span
    quote: str
    klass: str | None
    reason: str


@dataclass
class Key:
    """The answer key of one article."""

    source_id: str
    text: str
    figures: list[KeyFigure]
    skips: list[KeySkip]
    synthetic: bool
    kind: str = "news"
    title: str | None = None


@dataclass
class ArticleScore:
    source_id: str
    synthetic: bool
    figures: int = 0
    found: int = 0
    proposed: int = 0
    correct: int = 0
    on_skips: int = 0
    skips: int = 0
    skips_kept: int = 0
    parts: int = 0
    parts_linked: int = 0
    """Key figures that are part of a stated total, and those proposed with that total
    as their ``parent``."""
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.figures if self.figures else 1.0

    @property
    def precision(self) -> float:
        return (self.correct + self.on_skips) / self.proposed if self.proposed else 1.0

    @property
    def strict_precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0


# -- keys ------------------------------------------------------------------------------


def _spans(text: str, cites: Iterable[Mapping[str, Any]]) -> tuple[Span, ...]:
    return tuple(
        locate(text, str(c["quote"]), c.get("occurrence"))
        for c in cites
        if c.get("field") in (None, "value")
    )


def seed_keys(seed_dir: Path = SEED_DIR) -> list[Key]:
    """The five seed articles with the curated figures and skips as their keys."""
    sources = yaml.safe_load((seed_dir / "sources.yaml").read_text(encoding="utf-8"))
    figures = yaml.safe_load((seed_dir / "figures.yaml").read_text(encoding="utf-8"))
    skips = yaml.safe_load((seed_dir / "coverage.yaml").read_text(encoding="utf-8"))
    keys = []
    for src in sources:
        sid, text = src["id"], (seed_dir / src["file"]).read_text(encoding="utf-8")
        figs = []
        for f in figures:
            mine = [c for c in f["cite"] if c["source"] == sid]
            if mine:
                figs.append(
                    KeyFigure(
                        f["id"],
                        float(f["value"]),
                        f["unit"],
                        f.get("qualifier"),
                        f.get("value_high"),
                        _spans(text, mine),
                        f.get("parent"),
                    )
                )
        keys.append(
            Key(
                sid,
                text,
                figs,
                [
                    KeySkip(
                        locate(text, s["quote"], s.get("occurrence")), s["quote"], None, s["reason"]
                    )
                    for s in skips
                    if s["source"] == sid
                ],
                synthetic=False,
                kind=src["kind"],
                title=src.get("title"),
            )
        )
    return keys


def synthetic_keys(directory: Path = SYNTHETIC_DIR) -> list[Key]:
    """The synthetic test articles (``<name>.txt``) with their keys (``<name>.yaml``)."""
    keys = []
    for path in sorted(directory.glob("*.yaml")):
        key = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        keys.append(
            Key(
                key["source"]["id"],
                text,
                [
                    KeyFigure(
                        f["id"],
                        float(f["value"]),
                        f["unit"],
                        f.get("qualifier"),
                        f.get("value_high"),
                        _spans(text, f["cite"]),
                        f.get("parent"),
                    )
                    for f in key["figures"]
                ],
                [
                    KeySkip(
                        locate(text, s["quote"], s.get("occurrence")),
                        s["quote"],
                        s["class"],
                        s["reason"],
                    )
                    for s in key["skips"]
                ],
                synthetic=True,
                kind=key["source"]["kind"],
                title=key["source"].get("title"),
            )
        )
    return keys


# -- scoring ---------------------------------------------------------------------------


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9)


def _value_spans(p: Mapping[str, Any]) -> list[Span]:
    return [(c["start"], c["end"]) for c in p["citations"] if c.get("field") in (None, "value")]


def corresponds(p: Mapping[str, Any], k: KeyFigure) -> bool:
    """Same value, unit, qualifier and upper end, and an overlapping quote."""
    return (
        _same(p["value"], k.value)
        and p["unit"] == k.unit
        and p["qualifier"] == k.qualifier
        and _same(p.get("value_high"), k.value_high)
        and any(_overlaps(a, b) for a in _value_spans(p) for b in k.spans)
    )


def _describe(p: Mapping[str, Any]) -> str:
    quote = next((c["quote"] for c in p["citations"]), p.get("number", {}).get("text"))
    return f"{p['value']} {p['unit']} {p['qualifier']} «{quote}»"


def score(key: Key, proposals: Sequence[Mapping[str, Any]]) -> ArticleScore:
    """Recall and precision of ``proposals`` (as ``GET …/proposals`` lists them)."""
    out = ArticleScore(key.source_id, key.synthetic, figures=len(key.figures), skips=len(key.skips))
    figures = [p for p in proposals if p["is_figure"]]
    out.proposed = len(figures)
    for k in key.figures:
        if any(corresponds(p, k) for p in figures):
            out.found += 1
        else:
            out.missed.append(k.id)
    for p in figures:
        number = (p["number"]["start"], p["number"]["end"])
        if any(corresponds(p, k) for k in key.figures):
            out.correct += 1
        elif any(s.span[0] <= number[0] and number[1] <= s.span[1] for s in key.skips):
            out.on_skips += 1
        else:
            out.wrong.append(_describe(p))
    matched = {k.id: next((p for p in figures if corresponds(p, k)), None) for k in key.figures}
    for k in key.figures:
        if k.parent is not None:
            out.parts += 1
            part, total = matched[k.id], matched.get(k.parent)
            if part is not None and total is not None and part["parent_id"] == total["id"]:
                out.parts_linked += 1
    for s in key.skips:
        if not any(_overlaps(s.span, (p["number"]["start"], p["number"]["end"])) for p in figures):
            out.skips_kept += 1
    return out


# -- the run ---------------------------------------------------------------------------

Fetch = Callable[[Key], list[dict[str, Any]]]


def fetcher(client: Any, headers: Mapping[str, str]) -> Fetch:
    """Proposals of a key's article through the API: a seed article is read again
    (``POST /v1/sources/{id}/proposals``), a synthetic one is posted as a new source."""

    def fetch(key: Key) -> list[dict[str, Any]]:
        if key.synthetic:
            r = client.post(
                "/v1/sources",
                headers=headers,
                json={"id": key.source_id, "kind": key.kind, "text": key.text},
            )
        else:
            r = client.post(f"/v1/sources/{key.source_id}/proposals", headers=headers)
        if r.status_code not in (200, 201):
            raise RuntimeError(f"{key.source_id}: {r.status_code} {r.text}")
        out: list[dict[str, Any]] = []
        cursor = None
        while True:
            params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
            page = client.get(
                f"/v1/sources/{key.source_id}/proposals", params=params, headers=headers
            ).json()
            out += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return out

    return fetch


@contextmanager
def backends() -> Iterator[dict[str, Fetch]]:
    """A seeded SQLite database, and a PostgreSQL one when ``MASDAR_TEST_DATABASE_URL``
    names a server, each behind the app with a curator key."""
    from fastapi.testclient import TestClient
    from sqlalchemy.engine import make_url
    from sqlmodel import Session

    from app.config import Settings
    from app.db import make_engine
    from app.main import create_app
    from app.migrate import migrate_to_head, seed_database
    from app.services import keys

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        urls = {"SQLite": f"sqlite:///{Path(tmp) / 'proposals.db'}"}
        admin = os.environ.get("MASDAR_TEST_DATABASE_URL")
        if admin:
            import psycopg

            name = f"masdar_bench_proposals_{os.getpid()}"
            server = make_url(admin)
            conninfo = server.set(drivername="postgresql", database="postgres")
            dsn = conninfo.render_as_string(hide_password=False)
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]

            def drop() -> None:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]

            stack.callback(drop)
            urls["PostgreSQL"] = server.set(database=name).render_as_string(hide_password=False)
        fetchers: dict[str, Fetch] = {}
        for label, url in urls.items():
            settings = Settings(database_url=url, rate_limit=False)
            engine = make_engine(settings)
            stack.callback(engine.dispose)
            migrate_to_head(url, engine)
            seed_database(engine, settings.seed_dir)
            with Session(engine) as session, session.begin():
                _, token = keys.create_key(session, name="bench", scope="curator")
            app = create_app(settings)
            stack.callback(app.state.engine.dispose)
            client = stack.enter_context(TestClient(app))
            fetchers[label] = fetcher(client, {"Authorization": f"Bearer {token}"})
        yield fetchers


def table(rows: Sequence[tuple[str, ArticleScore]]) -> str:
    lines = [
        "| database | article | figures | found | recall | proposed | correct | on skips "
        "| precision (strict) | precision (issue) | skips kept | parts linked |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for backend, s in rows:
        name = f"{s.source_id} (synthetic)" if s.synthetic else s.source_id
        lines.append(
            f"| {backend} | {name} | {s.figures} | {s.found} | {s.recall:.2f} | {s.proposed} "
            f"| {s.correct} | {s.on_skips} | {s.strict_precision:.2f} | {s.precision:.2f} "
            f"| {s.skips_kept}/{s.skips} | {s.parts_linked}/{s.parts} |"
        )
    return "\n".join(lines)


def run(backends: Mapping[str, Fetch], keys: Sequence[Key]) -> list[tuple[str, ArticleScore]]:
    return [(name, score(k, fetch(k))) for name, fetch in backends.items() for k in keys]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.proposals", description=__doc__)
    parser.add_argument("--write", action="store_true", help=f"rewrite the table in {DOC}")
    args = parser.parse_args(argv)
    keys = seed_keys() + synthetic_keys()
    with backends() as fetchers:
        rows = run(fetchers, keys)
    md = table(rows)
    print(md)
    for _, s in rows:
        for miss in s.missed:
            print(f"missed in {s.source_id}: {miss}", file=sys.stderr)
        for wrong in s.wrong:
            print(f"not in the key of {s.source_id}: {wrong}", file=sys.stderr)
    if args.write:
        page = DOC.read_text(encoding="utf-8")
        begin, end = "<!-- measured: begin -->", "<!-- measured: end -->"
        head, rest = page.split(begin, 1)
        _, tail = rest.split(end, 1)
        DOC.write_text(f"{head}{begin}\n{md}\n{end}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
