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

from collections.abc import Callable, Iterable

from sqlmodel import Session

from app.errors import NotFound
from app.services.claims import paginate
from app.services.conflicts.announcers import announcer_conflicts
from app.services.conflicts.dates import date_conflicts
from app.services.conflicts.events import load_events
from app.services.conflicts.figures import Fig, load_figures
from app.services.conflicts.hedges import hedge_conflicts
from app.services.conflicts.spelling import spelling_conflicts
from app.services.conflicts.sums import sum_conflicts
from app.services.conflicts.units import unit_conflicts
from app.services.conflicts.values import value_conflicts
from app.services.conflicts.vocabulary import CLASSES, Row
from app.services.pages import Page

__all__ = [
    "CLASSES",
    "Fig",
    "all_conflicts",
    "conflict_ids_by_figure",
    "figure_conflicts",
    "get_conflict",
    "list_conflicts",
    "load_figures",
]

FIGURE_RULES: tuple[Callable[[list[Fig]], list[Row]], ...] = (
    sum_conflicts,
    value_conflicts,
    hedge_conflicts,
    unit_conflicts,
)


def proposed(session: Session) -> list[Row]:
    """Every conflict the rules find, as they class it, sorted by id."""
    figs = load_figures(session)
    found = [c for rule in FIGURE_RULES for c in rule(figs)]
    found += spelling_conflicts(session)
    events = load_events(session)
    found += date_conflicts(events) + announcer_conflicts(events)
    return sorted(found, key=lambda c: c["id"])


def all_conflicts(session: Session) -> list[Row]:
    return proposed(session)


def list_conflicts(
    session: Session,
    *,
    kind: str | None = None,
    klass: str | None = None,
    severity: str | None = None,
    record: str | None = None,
    after: str | None,
    limit: int,
) -> Page:
    items = [
        c
        for c in all_conflicts(session)
        if (kind is None or c["kind"] == kind)
        and (klass is None or c["class"] == klass)
        and (severity is None or c["severity"] == severity)
        and (record is None or any(r["id"] == record for r in c["records"]))
    ]
    return paginate(items, after=after, limit=limit)


def get_conflict(session: Session, conflict_id: str) -> Row:
    for c in all_conflicts(session):
        if c["id"] == conflict_id:
            return c
    raise NotFound(f"No conflict with id {conflict_id!r}.")


def figure_conflicts(session: Session, figs: list[Fig] | None = None) -> list[Row]:
    """Only the rules over figures (one query, or none when ``figs`` is given)."""
    figs = load_figures(session) if figs is None else figs
    return [c for rule in FIGURE_RULES for c in rule(figs)]


def conflict_ids_by_figure(figs: list[Fig], ids: Iterable[str]) -> dict[str, list[str]]:
    wanted = set(ids)
    out: dict[str, list[str]] = {i: [] for i in wanted}
    for c in (c for rule in FIGURE_RULES for c in rule(figs)):
        for r in c["records"]:
            if r["type"] == "figure" and r["id"] in wanted and c["id"] not in out[r["id"]]:
                out[r["id"]].append(c["id"])
    return out
