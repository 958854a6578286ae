from __future__ import annotations

import concurrent.futures

from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.deadlines import bounded

_pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="ready")


def _ping(engine: Engine, timeout: float) -> bool:
    """The database answers and holds masdar's schema (an emptied SQLite path doesn't)."""
    with bounded("health", timeout), engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM meta"))
    return True


def database_ok(engine: Engine, timeout: float) -> bool:
    """``SELECT 1`` within ``timeout`` seconds; a hung connection counts as down (and the
    thread asking is freed at the deadline: app/deadlines.py)."""
    future = _pool.submit(_ping, engine, timeout)
    try:
        return future.result(timeout=timeout)
    except Exception:
        return False
