from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

_VERSION = text("SELECT value FROM meta WHERE key = 'data_version'")


def data_version(engine: Engine) -> str | None:
    """A short token that changes whenever the data changes (ETags, caches)."""
    with engine.connect() as conn:
        row = conn.execute(_VERSION).first()
    return None if row is None else str(row[0])


def version_of(session: Session) -> str | None:
    """:func:`data_version` as ``session`` sees it: what is loaded once per version (the
    fact-check's knowledge, the names fuzzy search compares) is keyed by it."""
    row = session.execute(_VERSION).first()
    return None if row is None else str(row[0])
