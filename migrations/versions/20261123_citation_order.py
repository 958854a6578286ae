"""citation order index: (record_type, record_id, source_id, start, id)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:00:00

Every page embeds its records' citations in article order, grouped by record
(``app/services/embed.py``). With this index the database reads them already in that
order, record by record, instead of sorting them per request (SQLite: 208 → 115 µs for
the citations of a 31-figure page, measured side by side). It replaces
``ix_citation_record (record_type, record_id)``, its prefix.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_citation_record_order",
        "citation",
        ["record_type", "record_id", "source_id", "start", "id"],
    )
    op.drop_index("ix_citation_record", table_name="citation")


def downgrade() -> None:
    op.create_index("ix_citation_record", "citation", ["record_type", "record_id"])
    op.drop_index("ix_citation_record_order", table_name="citation")
