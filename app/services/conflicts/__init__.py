"""Conflicts: where the knowledge base disagrees with itself, found by rules over the data.

Nothing here is listed by hand. Each rule (one module each) reads the tables and proposes
conflicts with a deterministic id ``<kind>:<key>``, a class from the written vocabulary
(:mod:`.vocabulary`), one plain sentence saying why (``reason``), the records and values
involved, the difference and every citation:

- :mod:`.sums` ``sum_mismatch``: a fund total that is not the sum of its components;
- :mod:`.values` ``value_mismatch``: one subject and metric, different values;
- :mod:`.hedges` ``qualifier_mismatch``: one claim hedged differently;
- :mod:`.units` ``unit_mismatch``: one number counted in different units or divisions;
- :mod:`.spelling` ``spelling``: one name spelled differently;
- :mod:`.dates` ``date_mismatch``: events of one initiative dated far apart;
- :mod:`.announcers` ``announcer_mismatch``: different parties credited with announcing.
"""

from __future__ import annotations

from sqlmodel import Session

from app.errors import NotFound
from app.services.claims import paginate
from app.services.conflicts.figures import Fig, load_figures
from app.services.conflicts.reviews import history, review, with_reviews
from app.services.conflicts.rules import conflict_ids_by_figure, figure_conflicts, proposed
from app.services.conflicts.vocabulary import CLASSES, Row
from app.services.pages import Page

__all__ = [
    "CLASSES",
    "Fig",
    "all_conflicts",
    "conflict_ids_by_figure",
    "figure_conflicts",
    "get_conflict",
    "history",
    "list_conflicts",
    "load_figures",
    "review",
    "with_reviews",
]


def all_conflicts(session: Session, *, include_dismissed: bool = False) -> list[Row]:
    """Every conflict, reviews applied; dismissed ones only when asked."""
    found = with_reviews(session, proposed(session))
    return [c for c in found if include_dismissed or c["status"] != "dismissed"]


def list_conflicts(
    session: Session,
    *,
    kind: str | None = None,
    klass: str | None = None,
    severity: str | None = None,
    status: str | None = None,
    record: str | None = None,
    include_dismissed: bool = False,
    after: str | None,
    limit: int,
) -> Page:
    items = [
        c
        for c in all_conflicts(
            session, include_dismissed=include_dismissed or status == "dismissed"
        )
        if (kind is None or c["kind"] == kind)
        and (klass is None or c["class"] == klass)
        and (severity is None or c["severity"] == severity)
        and (status is None or c["status"] == status)
        and (record is None or any(r["id"] == record for r in c["records"]))
    ]
    return paginate(items, after=after, limit=limit)


def get_conflict(session: Session, conflict_id: str) -> Row:
    """One conflict, dismissed or not: a link to it keeps working."""
    for c in proposed(session):
        if c["id"] == conflict_id:
            return with_reviews(session, [c])[0]
    raise NotFound(f"No conflict with id {conflict_id!r}.")
