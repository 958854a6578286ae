from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine


def data_version(engine: Engine) -> str | None:
    """A short token that changes whenever the data changes (ETags, caches)."""
    with engine.connect() as conn:
        row = conn.execute(text("SELECT value FROM meta WHERE key = 'data_version'")).first()
    return None if row is None else str(row[0])
