"""Helpers of the reliability suite (not fixtures): the fuzzing budget, an admin key, a
checksum of the whole database."""

from __future__ import annotations

import hashlib
import os

from sqlalchemy import Engine, column, inspect, select, table
from sqlmodel import Session

STATS_ATTR = "masdar_schemathesis_stats"
"""Where the schemathesis test leaves its figures on ``pytest.Config`` for the summary."""

FUZZ_ENV = "MASDAR_FUZZ_EXAMPLES"
FUZZ_DEFAULT = 5
"""Hypothesis examples per operation and phase in CI; the nightly run raises it."""


def fuzz_examples() -> int:
    return max(1, int(os.environ.get(FUZZ_ENV) or FUZZ_DEFAULT))


def admin_token(engine: Engine, name: str = "reliability") -> str:
    """A fresh admin key (admin covers curator), made the way ``masdar keys create`` does."""
    from app.services import keys

    with Session(engine) as session:
        _, token = keys.create_key(session, name=name, scope="admin")
        session.commit()
    return token


def checksum(engine: Engine, *, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """A digest of every row of every table (in a stable order), per table."""
    out: dict[str, str] = {}
    with engine.connect() as conn:
        insp = inspect(conn)
        for name in sorted(insp.get_table_names()):
            if name in skip:
                continue
            t = table(name, *[column(c["name"]) for c in insp.get_columns(name)])
            rows = sorted(repr(tuple(row)) for row in conn.execute(select(*t.c)))
            digest = hashlib.sha256()
            for row in rows:
                digest.update(row.encode())
            out[name] = f"{len(rows)}:{digest.hexdigest()[:16]}"
    return out
