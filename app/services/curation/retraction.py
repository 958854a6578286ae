"""Retraction (DELETE): hidden from every read, kept with its citations and history, and
refused while live records still point at it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.errors import Conflict, NotFound
from app.services.curation.revisions import snapshot, write_revision
from app.services.curation.tables import LINKS, RECORD_TABLES, T, not_retracted
from app.services.curation.transaction import (
    Written,
    check_version,
    finish,
    get_row,
    guarded_update,
    writing,
)
from app.services.keys import Actor, now


def _referrers(session: Session, rtype: str, rid: str) -> list[str]:
    """Live records that point at ``rid``: they would dangle if it disappeared."""
    out: list[str] = []

    def add(kind: str, stmt: Any) -> None:
        out.extend(f"{kind} {x!r}" for x in session.scalars(stmt.limit(5)))

    ini, fig, ev, per = T["initiative"], T["figure"], T["event"], T["person"]
    fu, fi = T["fund"], T["figure_input"]
    if rtype == "partner":
        ip, ep, pr = T["initiative_partner"], T["event_participant"], T["person_role"]
        add(
            "initiative",
            select(ip.c.initiative_id)
            .join(ini, ini.c.id == ip.c.initiative_id)
            .where(ip.c.partner_id == rid, *not_retracted(ini)),
        )
        add(
            "event",
            select(ep.c.event_id)
            .join(ev, ev.c.id == ep.c.event_id)
            .where(ep.c.partner_id == rid, *not_retracted(ev)),
        )
        add(
            "person",
            select(pr.c.person_id)
            .join(per, per.c.id == pr.c.person_id)
            .where(pr.c.organisation_id == rid, *not_retracted(per)),
        )
        add(
            "fund",
            select(fu.c.figure_id)
            .join(fig, fig.c.id == fu.c.figure_id)
            .where(fu.c.giver_id == rid, *not_retracted(fig)),
        )
    elif rtype == "person":
        ep = T["event_participant"]
        add(
            "event",
            select(ep.c.event_id)
            .join(ev, ev.c.id == ep.c.event_id)
            .where(ep.c.person_id == rid, *not_retracted(ev)),
        )
    elif rtype == "initiative":
        ei = T["event_initiative"]
        add("initiative", select(ini.c.id).where(ini.c.parent_id == rid, *not_retracted(ini)))
        add("figure", select(fig.c.id).where(fig.c.subject_id == rid, *not_retracted(fig)))
        add(
            "event",
            select(ei.c.event_id)
            .join(ev, ev.c.id == ei.c.event_id)
            .where(ei.c.initiative_id == rid, *not_retracted(ev)),
        )
    elif rtype == "figure":
        add(
            "fund",
            select(fu.c.figure_id)
            .join(fig, fig.c.id == fu.c.figure_id)
            .where(fu.c.parent_id == rid, *not_retracted(fig)),
        )
        add(
            "derived figure",
            select(fi.c.derived_id)
            .join(fig, fig.c.id == fi.c.derived_id)
            .where(fi.c.input_id == rid, *not_retracted(fig)),
        )
    elif rtype == "source":
        c = T["citation"].c
        for table in RECORD_TABLES:
            t = T[table]
            add(
                f"{table}",
                select(c.record_id)
                .join(t, t.c.id == c.record_id)
                .where(
                    c.source_id == rid,
                    c.record_type == table,
                    c.record_id != rid,
                    *not_retracted(t),
                )
                .distinct(),
            )
        links = [x for v in LINKS.values() for x, _ in v]
        add(
            "link",
            select(c.record_id).where(c.source_id == rid, c.record_type.in_(links)).distinct(),
        )
    return out


def retract(
    session: Session,
    actor: Actor,
    rtype: str,
    rid: str,
    expected: Collection[int],
    *,
    kind: str | None = None,
) -> Written:
    """DELETE: the record is hidden from every read but stays, with its citations and its
    history. Refused (409) while live records still point at it."""
    with writing(session) as token:
        row = get_row(session, rtype, rid)
        if row is None or (kind is not None and row.get("kind") != kind):
            raise NotFound(f"No {kind or rtype} with id {rid!r}.")
        check_version(row, expected, f"{kind or rtype} {rid!r}")
        refs = _referrers(session, rtype, rid)
        if refs:
            raise Conflict(
                f"{kind or rtype} {rid!r} is still referred to by "
                f"{', '.join(refs)}: change or retract those first.",
                errors=[{"in": "record", "name": r, "message": "refers to it"} for r in refs],
            )
        before = snapshot(session, rtype, rid)
        version = guarded_update(session, rtype, rid, row["version"], {"retracted_at": now()})
        write_revision(
            session, actor, rtype, rid, "retract", version, before, snapshot(session, rtype, rid)
        )
        return finish(session, token, rtype, rid)
