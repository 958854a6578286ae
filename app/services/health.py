from __future__ import annotations

import asyncio
import concurrent.futures

from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.deadlines import bounded

_pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="ready")
"""The readiness check's own threads: it never waits behind reads for one of theirs
(reads of a hung database hold those until their own deadline)."""


def _ping(engine: Engine, timeout: float) -> bool:
    """The database answers and holds masdar's schema (an emptied SQLite path doesn't)."""
    with bounded("health", timeout), engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM meta"))
    return True


async def database_ok(engine: Engine, timeout: float) -> bool:
    """``SELECT 1`` within ``timeout`` seconds; a hung connection counts as down (and the
    thread asking is freed at the deadline: app/deadlines.py)."""
    future = _pool.submit(_ping, engine, timeout)
    try:
        return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
    except Exception:
        return False
