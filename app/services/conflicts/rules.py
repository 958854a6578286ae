"""The rules, run together: every conflict they propose, as they class it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlmodel import Session

from app.services.conflicts.announcers import announcer_conflicts
from app.services.conflicts.dates import date_conflicts
from app.services.conflicts.events import load_events
from app.services.conflicts.figures import Fig, load_figures
from app.services.conflicts.hedges import hedge_conflicts
from app.services.conflicts.spelling import spelling_conflicts
from app.services.conflicts.sums import sum_conflicts
from app.services.conflicts.units import unit_conflicts
from app.services.conflicts.values import value_conflicts
from app.services.conflicts.vocabulary import Row

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
