"""conflict_review: a curator's review of a conflict the rules found

Revision ID: 0016b
Revises: 0016a
Create Date: 2026-11-30 15:00:00

One row per reviewed conflict (its current review: confirmed, reclassified or dismissed,
with a note); every review is also a revision (record type ``conflict``) and its
citations are citation rows (record type ``conflict_review``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016b"
down_revision: str | None = "0016a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLASSES = (
    "'contradiction', 'rounding', 'different_hedges', 'loose_wording', 'stages', "
    "'different_times', 'different_actors', 'partial_list', 'spelling'"
)


def upgrade() -> None:
    op.create_table(
        "conflict_review",
        sa.Column("conflict_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("conflict_class", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("rule_class", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reviewer_key_id", sa.Integer(), nullable=True),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('confirmed', 'reclassified', 'dismissed')",
            name=op.f("ck_conflict_review_status"),
        ),
        sa.CheckConstraint(
            f"conflict_class IS NULL OR conflict_class IN ({CLASSES})",
            name=op.f("ck_conflict_review_class"),
        ),
        sa.CheckConstraint(
            "(status = 'dismissed') = (conflict_class IS NULL)",
            name=op.f("ck_conflict_review_class_unless_dismissed"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_key_id"],
            ["api_key.id"],
            name=op.f("fk_conflict_review_reviewer_key_id_api_key"),
        ),
        sa.PrimaryKeyConstraint("conflict_id", name=op.f("pk_conflict_review")),
    )


def downgrade() -> None:
    op.drop_table("conflict_review")
