"""proposals: the figures masdar reads in a new article, waiting for a curator

Revision ID: 0021a
Revises: 0016b
Create Date: 2026-11-30 09:48:38.341461

One row per statement of a number (``app/models/proposal.py``); accepting one creates a
figure through the write path, so ``figure_id`` points at it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021a"
down_revision: str | None = "0016b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "proposal",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("is_figure", sa.Boolean(), nullable=False),
        sa.Column("not_figure", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_high", sa.Float(), nullable=True),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("qualifier", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("metric", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("target_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("deadline_year", sa.Integer(), nullable=True),
        sa.Column("period_start_year", sa.Integer(), nullable=True),
        sa.Column("period_end_year", sa.Integer(), nullable=True),
        sa.Column("per_unit", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("parent_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("number_text", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("reading", sa.JSON(), nullable=False),
        sa.Column("figure_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_key_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("decision_reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.CheckConstraint(
            "kind IS NULL OR kind IN ('fund', 'target')", name=op.f("ck_proposal_kind")
        ),
        sa.CheckConstraint(
            "status <> 'accepted' OR figure_id IS NOT NULL",
            name=op.f("ck_proposal_accepted_figure"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'rejected')", name=op.f("ck_proposal_status")
        ),
        sa.CheckConstraint(
            "is_figure OR not_figure IS NOT NULL", name=op.f("ck_proposal_not_figure_reason")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_key_id"],
            ["api_key.id"],
            name=op.f("fk_proposal_decided_by_key_id_api_key"),
        ),
        sa.ForeignKeyConstraint(
            ["figure_id"], ["figure.id"], name=op.f("fk_proposal_figure_id_figure")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["proposal.id"], name=op.f("fk_proposal_parent_id_proposal")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_proposal_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(
            "ix_proposal_source_position", ["source_id", "position", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index("ix_proposal_source_position")

    op.drop_table("proposal")
