"""Write a validated :class:`SeedBundle` to a database: one transaction, idempotent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from app.errors import SeedError
from app.models import Meta, Revision
from app.search import index as search_index
from app.seed.builder import SeedBundle

SEED_DIGEST = "seed_digest"
DATA_VERSION = "data_version"


@dataclass
class SeedResult:
    changed: bool
    rows: int
    digest: str


KEPT = ("meta", "api_key")
"""Tables a seed never replaces: API keys outlive every re-seed."""


def _tables_children_first() -> list[str]:
    return [t.name for t in reversed(SQLModel.metadata.sorted_tables) if t.name not in KEPT]


def apply_seed(engine: Engine, bundle: SeedBundle, *, force: bool = False) -> SeedResult:
    """Replace the seeded content with ``bundle`` unless it is already there.

    Runs in one transaction: on any error nothing is written. A second run
    with the same seed finds the same digest and changes nothing. Curator writes
    (rows in ``revision``) are never discarded silently: without ``force`` that is a
    SeedError; with it, they go together with their history.
    """
    rows = len(bundle.rows) + len(bundle.citations) + len(bundle.aliases) + len(bundle.skips)
    with Session(engine) as session, session.begin():
        current = session.get(Meta, SEED_DIGEST)
        if current is not None and current.value == bundle.digest:
            return SeedResult(False, rows, bundle.digest)
        writes = session.execute(select(func.count()).select_from(Revision)).scalar_one()
        if writes and not force:
            raise SeedError(
                f"the database holds {writes} curator change(s) that seeding would discard: "
                "run `masdar export DIR` (and review it into data/seed/), or seed --force"
            )
        for name in _tables_children_first():
            session.execute(delete(SQLModel.metadata.tables[name]))
        by_table: dict[str, list[dict[str, object]]] = defaultdict(list)
        for group in (bundle.rows, bundle.citations, bundle.aliases, bundle.skips):
            for row in group:
                # autoincrement ids are left to the database (and its sequence)
                values = row.model_dump(exclude={"id"} if getattr(row, "id", 0) is None else None)
                by_table[str(row.__tablename__)].append(values)
        for table in SQLModel.metadata.sorted_tables:  # parents before children
            if by_table.get(table.name):
                session.execute(table.insert(), by_table[table.name])
        search_index.rebuild(session)  # derived rows, same transaction
        session.merge(Meta(key=SEED_DIGEST, value=bundle.digest))
        session.merge(Meta(key=DATA_VERSION, value=bundle.digest[:16]))
    return SeedResult(True, rows, bundle.digest)
