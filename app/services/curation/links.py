"""Links (initiative partners, event participants and initiatives, person roles): each
belongs to its owner record, so adding or removing one is an update of the owner."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from app.errors import Conflict, NotFound
from app.models import writes as w
from app.services.curation.citations import make_citations, store_citations
from app.services.curation.references import require_live
from app.services.curation.revisions import snapshot, write_revision
from app.services.curation.tables import LINKS, T
from app.services.curation.transaction import (
    Written,
    check_version,
    finish,
    get_row,
    guarded_update,
    row_exists,
    writing,
)
from app.services.keys import Actor


def add_link(
    session: Session,
    actor: Actor,
    owner_type: str,
    owner_id: str,
    expected: Collection[int],
    body: w.InitiativePartnerCreate | w.ParticipantCreate | w.EventInitiativeCreate | w.RoleCreate,
) -> Written:
    """A link belongs to its owner record: adding one is an update of the owner (If-Match,
    version + 1, one revision of the owner)."""
    with writing(session) as token:
        row = get_row(session, owner_type, owner_id)
        if row is None:
            raise NotFound(f"No {owner_type} with id {owner_id!r}.")
        check_version(row, expected, f"{owner_type} {owner_id!r}")
        before = snapshot(session, owner_type, owner_id)
        table, values, lid = _link_values(session, owner_type, owner_id, body)
        if row_exists(session, table, lid):
            raise Conflict(f"{owner_type} {owner_id!r} already has this link ({lid!r}).")
        cites = make_citations(session, table, lid, body.citations)
        new_version = guarded_update(session, owner_type, owner_id, row["version"], {})
        session.execute(insert(T[table]).values(id=lid, **values))
        store_citations(session, table, lid, cites, replace=False)
        write_revision(
            session,
            actor,
            owner_type,
            owner_id,
            "update",
            new_version,
            before,
            snapshot(session, owner_type, owner_id),
        )
        return finish(session, token, owner_type, owner_id)


def _link_values(
    session: Session, owner_type: str, owner_id: str, body: Any
) -> tuple[str, dict[str, Any], str]:
    if isinstance(body, w.InitiativePartnerCreate):
        require_live(session, "partner", body.partner_id, "partner_id")
        return (
            "initiative_partner",
            {"initiative_id": owner_id, "partner_id": body.partner_id, "role": body.role},
            f"{owner_id}--{body.partner_id}--{body.role}",
        )
    if isinstance(body, w.ParticipantCreate):
        require_live(session, "person", body.person_id, "person_id")
        require_live(session, "partner", body.partner_id, "partner_id")
        who = body.person_id or body.partner_id
        return (
            "event_participant",
            {
                "event_id": owner_id,
                "person_id": body.person_id,
                "partner_id": body.partner_id,
                "role": body.role,
            },
            f"{owner_id}--{who}--{body.role}",
        )
    if isinstance(body, w.EventInitiativeCreate):
        require_live(session, "initiative", body.initiative_id, "initiative_id")
        return (
            "event_initiative",
            {"event_id": owner_id, "initiative_id": body.initiative_id, "relation": body.relation},
            f"{owner_id}--{body.initiative_id}--{body.relation}",
        )
    assert isinstance(body, w.RoleCreate)
    require_live(session, "partner", body.organisation_id, "organisation_id")
    return (
        "person_role",
        {
            "person_id": owner_id,
            "title_ar": body.title_ar,
            "title": body.title,
            "title_basis": body.title_basis,
            "organisation_id": body.organisation_id,
        },
        body.id,
    )


def remove_link(
    session: Session,
    actor: Actor,
    owner_type: str,
    owner_id: str,
    table: str,
    link_id: str,
    expected: Collection[int],
) -> Written:
    """Removing a link is an update of its owner; the link's last state (with its
    citations) stays in the owner's history."""
    with writing(session) as token:
        row = get_row(session, owner_type, owner_id)
        if row is None:
            raise NotFound(f"No {owner_type} with id {owner_id!r}.")
        t = T[table]
        owner_col = dict(LINKS[owner_type])[table]
        if (
            session.execute(
                select(t.c.id).where(t.c.id == link_id, t.c[owner_col] == owner_id)
            ).first()
            is None
        ):
            raise NotFound(f"{owner_type} {owner_id!r} has no link {link_id!r}.")
        check_version(row, expected, f"{owner_type} {owner_id!r}")
        before = snapshot(session, owner_type, owner_id)
        new_version = guarded_update(session, owner_type, owner_id, row["version"], {})
        c = T["citation"]
        session.execute(delete(c).where(c.c.record_type == table, c.c.record_id == link_id))
        session.execute(delete(t).where(t.c.id == link_id))
        write_revision(
            session,
            actor,
            owner_type,
            owner_id,
            "update",
            new_version,
            before,
            snapshot(session, owner_type, owner_id),
        )
        return finish(session, token, owner_type, owner_id)
