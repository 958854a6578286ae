"""Database lifecycle: Alembic migrations and the start-up work of ``masdar serve``."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from app.config import PROJECT_ROOT, Settings
from app.errors import ConfigError

log = logging.getLogger("masdar")


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def head_revision() -> str | None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate_to_head(url: str, engine: Engine | None = None) -> None:
    """Upgrade to head; refuse a database that is at a revision this code doesn't know."""
    if engine is not None:
        _refuse_newer(engine)
    command.upgrade(alembic_config(url), "head")


def downgrade_to_base(url: str) -> None:
    command.downgrade(alembic_config(url), "base")


def _refuse_newer(engine: Engine) -> None:
    rev = current_revision(engine)
    if rev is None:
        return
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    if not _known(script, rev):
        raise ConfigError(
            f"the database is at migration {rev!r}, which this version of masdar does not know "
            "(a newer release migrated it); upgrade masdar instead"
        )


def _known(script: ScriptDirectory, rev: str) -> bool:
    try:
        return script.get_revision(rev) is not None
    except Exception:
        return False


def is_empty(engine: Engine) -> bool:
    from sqlalchemy import text

    if not inspect(engine).has_table("source"):
        return True
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM source")).scalar_one() == 0)


def seed_database(engine: Engine, seed_dir: Path, *, force: bool = False) -> tuple[bool, list[str]]:
    """Load ``seed_dir`` into the database; return (changed, coverage report lines).

    Refuses (SeedError) to replace data curators changed through the API unless ``force``.
    """
    from app.seed.apply import apply_seed
    from app.seed.coverage import compute
    from app.seed.load import load_seed

    bundle = load_seed(seed_dir)
    result = apply_seed(engine, bundle, force=force)
    return result.changed, compute(bundle).lines()


def prepare(settings: Settings, engine: Engine) -> None:
    """Start-up work of ``masdar serve``: migrate, then seed an empty database."""
    migrate_to_head(settings.database_url, engine)
    if settings.seed_on_start and is_empty(engine):
        seed_database(engine, settings.seed_dir)
        log.info("seeded the empty database from %s", settings.seed_dir)
