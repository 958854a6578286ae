"""Curation: API keys, the revision log, and version/retracted_at on curated records.

Records already in the database start at version 1, live (retracted_at null).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:24:55.856753
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("token_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("scope IN ('curator', 'admin')", name=op.f("ck_api_key_scope")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key")),
    )
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_key_token_sha256"), ["token_sha256"], unique=True)

    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("actor_key_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'retract')", name=op.f("ck_revision_action")
        ),
        sa.ForeignKeyConstraint(
            ["actor_key_id"], ["api_key.id"], name=op.f("fk_revision_actor_key_id_api_key")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision")),
    )
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index(
            "ix_revision_record", ["record_type", "record_id", "id"], unique=False
        )

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("retracted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("retracted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.drop_column("retracted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_column("retracted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.drop_column("retracted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("retracted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index("ix_revision_record")

    op.drop_table("revision")
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_key_token_sha256"))

    op.drop_table("api_key")
