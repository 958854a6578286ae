"""search stems: search_doc.stem_key, indexed like text_key; figure values indexed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00

``stem_key`` holds the stem keys of a row's words (``app.search.stem``) so a
query finds other forms of its words (وظائف finds وظيفة, centers finds
centre). SQLite: the FTS5 table ``search_fts`` is recreated with the column
(external content, so only the index is rebuilt). PostgreSQL: ``gin_trgm_ops``
indexes on it, one over every row and one over the record tiers, as for
``text_key``. Rows written before this revision have an empty ``stem_key``
until the next seed (the seed format changed, so it runs).

``ix_figure_value`` serves numeric search (figures whose value lies in an
interval, whatever their unit).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = "search_fts"
FTS_TOKENIZER = "tokenize=\"ascii tokenchars '.'\""


def _dialect() -> str:
    return op.get_bind().dialect.name


def _fts(columns: str) -> None:
    op.execute(f"DROP TABLE IF EXISTS {FTS}")
    op.execute(
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({columns}, content='search_doc', "
        f"content_rowid='id', {FTS_TOKENIZER})"
    )
    op.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def upgrade() -> None:
    with op.batch_alter_table("search_doc", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stem_key", sa.Text(), nullable=False, server_default=""))
        batch_op.create_index(
            "ix_search_doc_stem_key",
            ["stem_key"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"stem_key": "gin_trgm_ops"},
            sqlite_where=sa.text("0"),
        )
        batch_op.create_index(
            "ix_search_doc_record_stem_key",
            ["stem_key"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"stem_key": "gin_trgm_ops"},
            postgresql_where=sa.text("tier < 2"),
            sqlite_where=sa.text("0"),
        )
    op.create_index("ix_figure_value", "figure", ["value"])
    if _dialect() == "sqlite":
        _fts("text_key, tier, stem_key")


def downgrade() -> None:
    op.drop_index("ix_figure_value", table_name="figure")
    if _dialect() == "sqlite":
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    with op.batch_alter_table("search_doc", schema=None) as batch_op:
        batch_op.drop_index("ix_search_doc_record_stem_key")
        batch_op.drop_index("ix_search_doc_stem_key")
        batch_op.drop_column("stem_key")
    if _dialect() == "sqlite":
        _fts("text_key, tier")
