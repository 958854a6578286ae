"""A write's references: each names a live record (422 if not), and no parent chain loops."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from app.errors import Unprocessable
from app.services.curation.tables import T, not_retracted


def require_live(session: Session, table: str, rid: str | None, name: str) -> None:
    """A reference must name a live record: otherwise 422 (dangling reference)."""
    if rid is None:
        return
    t = T[table]
    if session.execute(select(t.c.id).where(t.c.id == rid, *not_retracted(t))).first() is None:
        raise Unprocessable(
            f"{name}: unknown {table} {rid!r} (dangling reference)",
            errors=[{"in": "body", "name": name, "message": f"unknown {table}"}],
        )


def refuse_cycle(
    session: Session,
    table: str,
    key: str,
    parent_col: str,
    rid: str,
    parent: str | None,
    name: str,
) -> None:
    """``rid`` may not be its own ancestor (a fund as its own parent, or any longer cycle)."""
    t = T[table]
    seen, cur = {rid}, parent
    while cur is not None:
        if cur in seen:
            raise Unprocessable(
                f"{name}: {cur!r} would make {table} {rid!r} its own ancestor (a cycle)",
                errors=[{"in": "body", "name": name, "message": "cycle"}],
            )
        seen.add(cur)
        cur = session.execute(select(t.c[parent_col]).where(t.c[key] == cur)).scalar()
