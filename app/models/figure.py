from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import CURRENCIES, sql_in
from app.models.curation import retracted_field, version_field
from app.models.qualifier import QUALIFIERS


class Figure(SQLModel, table=True):
    """Every numeric fact, one row per article statement (or per computation if derived).

    ``value`` is in base units (``100 مليار درهم`` → 100000000000). Funds and
    targets add their own columns in :class:`Fund` and :class:`Target` (same id).
    """

    __tablename__ = "figure"
    __table_args__ = (
        CheckConstraint("kind IN ('fund', 'target')", name="kind"),
        CheckConstraint("value > 0", name="value_positive"),
        CheckConstraint(f"kind <> 'fund' OR {sql_in('unit', CURRENCIES)}", name="fund_currency"),
        CheckConstraint(
            f"qualifier IS NULL OR {sql_in('qualifier', QUALIFIERS)}", name="qualifier"
        ),
        CheckConstraint(
            "(derived AND formula IN ('sum', 'product')) OR (NOT derived AND formula IS NULL)",
            name="derived_formula",
        ),
        CheckConstraint("factor IS NULL OR (derived AND factor > 0)", name="factor"),
        Index("ix_figure_claim", "subject_id", "metric", "unit", "value"),
        Index("ix_figure_unit_value", "unit", "value"),
        Index("ix_figure_value", "value"),  # numeric search: a value interval, any unit
    )
    id: str = Field(primary_key=True, max_length=120)
    kind: str = Field(max_length=10, index=True)
    subject_id: str = Field(foreign_key="initiative.id", index=True, max_length=80)
    metric: str = Field(max_length=60, index=True)
    value: float
    unit: str = Field(max_length=20)
    qualifier: str | None = Field(default=None, max_length=20)
    """A hedge (:mod:`app.models.qualifier`); null when the article states the number exactly."""
    label: str = Field(max_length=300)
    derived: bool = False
    formula: str | None = Field(default=None, max_length=20)
    """``sum`` or ``product`` of the inputs (see FigureInput), times ``factor``."""
    factor: float | None = None
    factor_note: str | None = Field(default=None, max_length=300)
    version: int = version_field()
    retracted_at: datetime | None = retracted_field()


class Fund(SQLModel, table=True):
    """Money: the amount and currency are the figure's ``value`` and ``unit``."""

    __tablename__ = "fund"
    __table_args__ = (
        CheckConstraint(
            "period_end_year IS NULL OR period_start_year IS NULL "
            "OR period_end_year >= period_start_year",
            name="period",
        ),
        CheckConstraint("per_unit IS NULL OR per_unit IN ('month', 'year')", name="per_unit"),
        CheckConstraint("parent_id IS NULL OR parent_id <> figure_id", name="not_own_parent"),
        CheckConstraint("duration_months IS NULL OR duration_months > 0", name="duration"),
    )
    figure_id: str = Field(primary_key=True, foreign_key="figure.id", max_length=120)
    giver_id: str | None = Field(default=None, foreign_key="partner.id", index=True, max_length=80)
    parent_id: str | None = Field(
        default=None, foreign_key="fund.figure_id", index=True, max_length=120
    )
    period_start_year: int | None = None
    period_end_year: int | None = None
    per_unit: str | None = Field(default=None, max_length=10)
    duration_months: int | None = None


class Target(SQLModel, table=True):
    """A quantified goal, capacity or count; ``deadline_year`` when the article gives one."""

    __tablename__ = "target"
    __table_args__ = (
        CheckConstraint(
            "target_kind IN ('goal', 'capacity', 'count', 'forecast')", name="target_kind"
        ),
        CheckConstraint(
            "deadline_year IS NULL OR deadline_year BETWEEN 1900 AND 2100", name="deadline"
        ),
    )
    figure_id: str = Field(primary_key=True, foreign_key="figure.id", max_length=120)
    target_kind: str = Field(max_length=20)
    deadline_year: int | None = Field(default=None, index=True)


class FigureInput(SQLModel, table=True):
    """An input of a derived figure, in formula order."""

    __tablename__ = "figure_input"
    __table_args__ = (
        UniqueConstraint("derived_id", "position"),
        CheckConstraint("derived_id <> input_id", name="not_self"),
    )
    id: int | None = Field(default=None, primary_key=True)
    derived_id: str = Field(foreign_key="figure.id", index=True, max_length=120)
    input_id: str = Field(foreign_key="figure.id", index=True, max_length=120)
    position: int
