"""Initial schema: sources, partners, people, initiatives, events, figures, citations.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 10:50:41.299170
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("name_basis", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name_ar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("happened_year", sa.Integer(), nullable=True),
        sa.Column("happened_month", sa.Integer(), nullable=True),
        sa.Column("date_precision", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("not_after", sa.Date(), nullable=True),
        sa.Column("date_text_ar", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("place_ar", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('conference', 'signing', 'visit', 'announcement', 'launch')",
            name=op.f("ck_event_kind"),
        ),
        sa.CheckConstraint(
            "happened_month IS NULL OR happened_month BETWEEN 1 AND 12", name=op.f("ck_event_month")
        ),
        sa.CheckConstraint(
            "not_after IS NULL OR happened_on IS NULL OR happened_on <= not_after",
            name=op.f("ck_event_dates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_happened_on"), ["happened_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_happened_year"), ["happened_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_kind"), ["kind"], unique=False)

    op.create_table(
        "initiative",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("name_basis", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name_ar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("parent_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("region_basis", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("region_ar", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("location_ar", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["initiative.id"], name=op.f("fk_initiative_parent_id_initiative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative")),
    )
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiative_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiative_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiative_region"), ["region"], unique=False)

    op.create_table(
        "meta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "partner",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name_basis", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name_ar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("country_basis", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(country IS NULL) = (country_basis IS NULL)", name=op.f("ck_partner_country_basis")
        ),
        sa.CheckConstraint(
            "country IS NULL OR length(country) = 2", name=op.f("ck_partner_country_alpha2")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
    )
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_kind"), ["kind"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name_basis", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name_ar", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("given_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("given_name_ar", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "source",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("outlet", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column(
            "published_on_precision", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True
        ),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('news', 'blog', 'press_release')", name=op.f("ck_source_kind")
        ),
        sa.CheckConstraint(
            "published_on_precision IS NULL OR published_on_precision IN ('day', 'month', 'year')",
            name=op.f("ck_source_precision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
    )
    op.create_table(
        "alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("lang", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_alias_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alias")),
    )
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.create_index("ix_alias_key", ["key"], unique=False)
        batch_op.create_index("ix_alias_record", ["record_type", "record_id"], unique=False)

    op.create_table(
        "citation",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("record_type", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("record_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.CheckConstraint('"end" > start', name=op.f("ck_citation_end_after_start")),
        sa.CheckConstraint("start >= 0", name=op.f("ck_citation_start")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_citation_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citation")),
    )
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.create_index("ix_citation_record", ["record_type", "record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citation_source_id"), ["source_id"], unique=False)

    op.create_table(
        "coverage_skip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_coverage_skip_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverage_skip")),
    )
    with op.batch_alter_table("coverage_skip", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coverage_skip_source_id"), ["source_id"], unique=False)

    op.create_table(
        "event_initiative",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("initiative_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("relation", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_initiative_event_id_event")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_event_initiative_initiative_id_initiative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_initiative")),
        sa.UniqueConstraint(
            "event_id",
            "initiative_id",
            "relation",
            name=op.f("uq_event_initiative_event_id_initiative_id_relation"),
        ),
    )
    with op.batch_alter_table("event_initiative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_initiative_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_initiative_initiative_id"), ["initiative_id"], unique=False
        )

    op.create_table(
        "event_participant",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("partner_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (partner_id IS NULL)",
            name=op.f("ck_event_participant_one_party"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_participant_event_id_event")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_event_participant_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_event_participant_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_participant")),
    )
    with op.batch_alter_table("event_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_participant_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_participant_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_participant_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "figure",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("subject_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("metric", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("qualifier", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("derived", sa.Boolean(), nullable=False),
        sa.Column("formula", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("factor", sa.Float(), nullable=True),
        sa.Column("factor_note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.CheckConstraint(
            "(derived AND formula IN ('sum', 'product')) OR (NOT derived AND formula IS NULL)",
            name=op.f("ck_figure_derived_formula"),
        ),
        sa.CheckConstraint(
            "kind <> 'fund' OR unit IN ('MAD', 'USD', 'EUR')", name=op.f("ck_figure_fund_currency")
        ),
        sa.CheckConstraint("kind IN ('fund', 'target')", name=op.f("ck_figure_kind")),
        sa.CheckConstraint(
            "qualifier IS NULL OR qualifier IN ('approximate', 'at_least', 'up_to')",
            name=op.f("ck_figure_qualifier"),
        ),
        sa.CheckConstraint(
            "factor IS NULL OR (derived AND factor > 0)", name=op.f("ck_figure_factor")
        ),
        sa.CheckConstraint("value > 0", name=op.f("ck_figure_value_positive")),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["initiative.id"], name=op.f("fk_figure_subject_id_initiative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure")),
    )
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.create_index(
            "ix_figure_claim", ["subject_id", "metric", "unit", "value"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_figure_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_figure_metric"), ["metric"], unique=False)
        batch_op.create_index(batch_op.f("ix_figure_subject_id"), ["subject_id"], unique=False)
        batch_op.create_index("ix_figure_unit_value", ["unit", "value"], unique=False)

    op.create_table(
        "initiative_partner",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("initiative_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("partner_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_initiative_partner_initiative_id_initiative"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_initiative_partner_partner_id_partner")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_partner")),
        sa.UniqueConstraint(
            "initiative_id",
            "partner_id",
            "role",
            name=op.f("uq_initiative_partner_initiative_id_partner_id_role"),
        ),
    )
    with op.batch_alter_table("initiative_partner", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_initiative_partner_initiative_id"), ["initiative_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_initiative_partner_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "person_role",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("title_ar", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("title_basis", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("organisation_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["partner.id"], name=op.f("fk_person_role_organisation_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_role_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_role")),
    )
    with op.batch_alter_table("person_role", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_role_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_person_role_person_id"), ["person_id"], unique=False)

    op.create_table(
        "figure_input",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("derived_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("input_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("derived_id <> input_id", name=op.f("ck_figure_input_not_self")),
        sa.ForeignKeyConstraint(
            ["derived_id"], ["figure.id"], name=op.f("fk_figure_input_derived_id_figure")
        ),
        sa.ForeignKeyConstraint(
            ["input_id"], ["figure.id"], name=op.f("fk_figure_input_input_id_figure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_input")),
        sa.UniqueConstraint(
            "derived_id", "position", name=op.f("uq_figure_input_derived_id_position")
        ),
    )
    with op.batch_alter_table("figure_input", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_figure_input_derived_id"), ["derived_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_figure_input_input_id"), ["input_id"], unique=False)

    op.create_table(
        "fund",
        sa.Column("figure_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("giver_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("parent_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("period_start_year", sa.Integer(), nullable=True),
        sa.Column("period_end_year", sa.Integer(), nullable=True),
        sa.Column("per_unit", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "per_unit IS NULL OR per_unit IN ('month', 'year')", name=op.f("ck_fund_per_unit")
        ),
        sa.CheckConstraint(
            "duration_months IS NULL OR duration_months > 0", name=op.f("ck_fund_duration")
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> figure_id", name=op.f("ck_fund_not_own_parent")
        ),
        sa.CheckConstraint(
            "period_end_year IS NULL OR period_start_year IS NULL OR period_end_year >= period_start_year",
            name=op.f("ck_fund_period"),
        ),
        sa.ForeignKeyConstraint(
            ["figure_id"], ["figure.id"], name=op.f("fk_fund_figure_id_figure")
        ),
        sa.ForeignKeyConstraint(
            ["giver_id"], ["partner.id"], name=op.f("fk_fund_giver_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["fund.figure_id"], name=op.f("fk_fund_parent_id_fund")
        ),
        sa.PrimaryKeyConstraint("figure_id", name=op.f("pk_fund")),
    )
    with op.batch_alter_table("fund", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fund_giver_id"), ["giver_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fund_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "target",
        sa.Column("figure_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("target_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("deadline_year", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "target_kind IN ('goal', 'capacity', 'count', 'forecast')",
            name=op.f("ck_target_target_kind"),
        ),
        sa.CheckConstraint(
            "deadline_year IS NULL OR deadline_year BETWEEN 1900 AND 2100",
            name=op.f("ck_target_deadline"),
        ),
        sa.ForeignKeyConstraint(
            ["figure_id"], ["figure.id"], name=op.f("fk_target_figure_id_figure")
        ),
        sa.PrimaryKeyConstraint("figure_id", name=op.f("pk_target")),
    )
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_target_deadline_year"), ["deadline_year"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_deadline_year"))

    op.drop_table("target")
    with op.batch_alter_table("fund", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fund_parent_id"))
        batch_op.drop_index(batch_op.f("ix_fund_giver_id"))

    op.drop_table("fund")
    with op.batch_alter_table("figure_input", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figure_input_input_id"))
        batch_op.drop_index(batch_op.f("ix_figure_input_derived_id"))

    op.drop_table("figure_input")
    with op.batch_alter_table("person_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_role_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_role_organisation_id"))

    op.drop_table("person_role")
    with op.batch_alter_table("initiative_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_partner_partner_id"))
        batch_op.drop_index(batch_op.f("ix_initiative_partner_initiative_id"))

    op.drop_table("initiative_partner")
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_unit_value")
        batch_op.drop_index(batch_op.f("ix_figure_subject_id"))
        batch_op.drop_index(batch_op.f("ix_figure_metric"))
        batch_op.drop_index(batch_op.f("ix_figure_kind"))
        batch_op.drop_index("ix_figure_claim")

    op.drop_table("figure")
    with op.batch_alter_table("event_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_participant_person_id"))
        batch_op.drop_index(batch_op.f("ix_event_participant_partner_id"))
        batch_op.drop_index(batch_op.f("ix_event_participant_event_id"))

    op.drop_table("event_participant")
    with op.batch_alter_table("event_initiative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_initiative_initiative_id"))
        batch_op.drop_index(batch_op.f("ix_event_initiative_event_id"))

    op.drop_table("event_initiative")
    with op.batch_alter_table("coverage_skip", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coverage_skip_source_id"))

    op.drop_table("coverage_skip")
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citation_source_id"))
        batch_op.drop_index("ix_citation_record")

    op.drop_table("citation")
    with op.batch_alter_table("alias", schema=None) as batch_op:
        batch_op.drop_index("ix_alias_record")
        batch_op.drop_index("ix_alias_key")

    op.drop_table("alias")
    op.drop_table("source")
    op.drop_table("person")
    with op.batch_alter_table("partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_kind"))
        batch_op.drop_index(batch_op.f("ix_partner_country"))

    op.drop_table("partner")
    op.drop_table("meta")
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_region"))
        batch_op.drop_index(batch_op.f("ix_initiative_parent_id"))
        batch_op.drop_index(batch_op.f("ix_initiative_kind"))

    op.drop_table("initiative")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_kind"))
        batch_op.drop_index(batch_op.f("ix_event_happened_year"))
        batch_op.drop_index(batch_op.f("ix_event_happened_on"))

    op.drop_table("event")
