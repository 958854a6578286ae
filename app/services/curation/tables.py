"""Which tables the write path touches, and which columns a write may set."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlmodel import SQLModel

T = SQLModel.metadata.tables
"""Every table by name; the write path works on tables, not on ORM objects."""

RECORD_TABLES = ("source", "partner", "person", "initiative", "event", "figure")
"""Record types with ``version`` and ``retracted_at``."""

LINKS = {
    # owner type -> (link table, owner column, link record_type)
    "initiative": [("initiative_partner", "initiative_id")],
    "person": [("person_role", "person_id")],
    "event": [("event_participant", "event_id"), ("event_initiative", "event_id")],
}

NAMED = ("partner", "person", "initiative", "event")
"""Record types with a name, hence alias rows."""

COLUMNS = {  # the columns a create or PATCH may set, per record type
    "partner": ("name", "name_basis", "name_ar", "kind", "country", "country_basis", "description"),
    "person": ("name", "name_basis", "name_ar", "given_name", "given_name_ar", "description"),
    "initiative": (
        "name",
        "name_basis",
        "name_ar",
        "kind",
        "parent_id",
        "region",
        "region_basis",
        "region_ar",
        "location",
        "location_ar",
        "status",
        "description",
    ),
    "event": (
        "kind",
        "name",
        "name_basis",
        "name_ar",
        "happened_on",
        "happened_year",
        "happened_month",
        "date_precision",
        "not_before",
        "not_after",
        "date_text_ar",
        "place",
        "place_ar",
        "description",
    ),
    "source": (
        "title",
        "author",
        "outlet",
        "published_on",
        "published_on_precision",
        "kind",
        "language",
        "url",
        "notes",
    ),
}

FUND_COLS = (  # a fund's columns in its own table (the rest are the figure's)
    "giver_id",
    "parent_id",
    "period_start_year",
    "period_end_year",
    "per_unit",
    "duration_months",
)

TARGET_COLS = ("target_kind", "deadline_year")


def not_retracted(t: Table) -> list[Any]:
    """The WHERE clause that keeps retracted rows out, for tables that have them."""
    return [t.c.retracted_at.is_(None)] if "retracted_at" in t.c else []


def with_article(record_type: str) -> str:
    """A record type in a sentence: "a partner", "an initiative"."""
    return ("an " if record_type[:1] in ("a", "e", "i", "o", "u") else "a ") + record_type
