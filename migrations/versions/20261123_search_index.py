"""search index: search_doc, FTS5 on SQLite, pg_trgm GIN on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:05:00

The FTS5 table ``search_fts`` indexes ``search_doc.text_key`` and ``tier``
(external content: it stores only the index). It is created here with raw SQL
and is not in the SQLModel metadata; ``migrations/env.py`` tells autogenerate
to ignore it (``app.search.index.include_object``). On PostgreSQL the
``pg_trgm`` extension must be installable by the migrating role (it is a
trusted extension from PostgreSQL 13).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = "search_fts"


def _dialect() -> str:
    return op.get_bind().dialect.name


def upgrade() -> None:
    if _dialect() == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_key", sa.Text(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("alias_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.CheckConstraint("tier IN (0, 1, 2)", name=op.f("ck_search_doc_tier")),
        sa.CheckConstraint('start IS NULL OR "end" >= start', name=op.f("ck_search_doc_span")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_search_doc_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_doc")),
    )
    with op.batch_alter_table("search_doc", schema=None) as batch_op:
        batch_op.create_index("ix_search_doc_record", ["record_type", "record_id"], unique=False)
        batch_op.create_index(
            "ix_search_doc_text_key",
            ["text_key"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"text_key": "gin_trgm_ops"},
        )
        batch_op.create_index(
            "ix_search_doc_record_text_key",
            ["text_key"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"text_key": "gin_trgm_ops"},
            postgresql_where=sa.text("tier < 2"),
            sqlite_where=sa.text("tier < 2"),
        )
    if _dialect() == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(text_key, tier, content='search_doc', "
            "content_rowid='id', tokenize=\"ascii tokenchars '.'\")"
        )


def downgrade() -> None:
    if _dialect() == "sqlite":
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    with op.batch_alter_table("search_doc", schema=None) as batch_op:
        batch_op.drop_index("ix_search_doc_record_text_key")
        batch_op.drop_index("ix_search_doc_text_key")
        batch_op.drop_index("ix_search_doc_record")
    op.drop_table("search_doc")
