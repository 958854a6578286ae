"""qualifiers more_than and less_than beside approximate, at_least and up_to

Revision ID: 0016a
Revises: 0005
Create Date: 2026-11-30 09:00:00

«أكثر من 50 موقعًا» is more than 50 (50 excluded), not at least 50: the figure's
qualifier check now allows ``more_than`` and ``less_than`` (their meaning:
``app/models/qualifier.py``). Upgrading changes no row: ``masdar seed`` restates the
seed's hedges. Downgrading rewrites them to the nearest older hedge that the article
still supports (more than 50 → at least 50; less than 10 → up to 10), so the older
constraint holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016a"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW = (
    "qualifier IS NULL OR qualifier IN "
    "('approximate', 'at_least', 'more_than', 'up_to', 'less_than')"
)
OLD = "qualifier IS NULL OR qualifier IN ('approximate', 'at_least', 'up_to')"


def _replace_check(condition: str) -> None:
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_figure_qualifier"), type_="check")
        batch_op.create_check_constraint(op.f("ck_figure_qualifier"), condition)


def upgrade() -> None:
    _replace_check(NEW)


def downgrade() -> None:
    op.execute("UPDATE figure SET qualifier = 'at_least' WHERE qualifier = 'more_than'")
    op.execute("UPDATE figure SET qualifier = 'up_to' WHERE qualifier = 'less_than'")
    _replace_check(OLD)
