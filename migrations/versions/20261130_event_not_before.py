"""event.not_before: the earliest date an event can have, from what the article says it
follows

Revision ID: 0022a
Revises: 0016c
Create Date: 2026-11-30 13:40:00

001 dates the "AI Made in Morocco" day only «يوم الاثنين», but says it follows the national
forum «الذي انعقد في يوليو الماضي» (July 2025 by the page date): not before 2025-07-01.
The timeline serves it as ``earliest`` (inferred) and the conflict rules compare it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022a"
down_revision: str | None = "0016c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECK = (
    "not_before IS NULL OR ((happened_on IS NULL OR not_before <= happened_on)"
    " AND (not_after IS NULL OR not_before <= not_after))"
)


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_before", sa.Date(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_event_not_before"), CHECK)


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_event_not_before"), type_="check")
        batch_op.drop_column("not_before")
