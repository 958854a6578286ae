"""Names → ids: a filter may name a record by id or by any alias, in any script."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.search.normalize import name_key

T = SQLModel.metadata.tables


def ids_for(session: Session, rtype: str, value: str) -> list[str]:
    """Every ``rtype`` id that ``value`` names: the id itself, else alias matches."""
    table = T[rtype].c
    if session.execute(select(table.id).where(table.id == value)).first() is not None:
        return [value]
    key = name_key(value)
    if not key:
        return []
    a = T["alias"].c
    stmt = (
        select(a.record_id)
        .where(a.record_type == rtype, a.key == key)
        .distinct()
        .order_by(a.record_id)
    )
    return list(session.scalars(stmt))
