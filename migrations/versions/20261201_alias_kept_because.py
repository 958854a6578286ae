"""alias.kept_because: why an alias is credited to an article that writes it only inside
a longer name of another record

Revision ID: 0016c
Revises: 0021a
Create Date: 2026-12-01 09:00:00

«الحكومة» occurs in 001 only inside «الحكومة الإلكترونية»: the seeder no longer credits
such an alias to that article, unless the data says why (app/seed/aliases.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016c"
down_revision: str | None = "0021a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kept_because", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.drop_column("kept_because")
