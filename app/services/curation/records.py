"""Partners, people, initiatives and events (and a source's fields): create and PATCH."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from app.config import PROPOSE_MAX_CHARS
from app.errors import Conflict, NotFound, Unprocessable
from app.models import writes as w
from app.services import proposals
from app.services.curation.aliases import replace_aliases
from app.services.curation.citations import live_texts, make_citations, store_citations
from app.services.curation.references import refuse_cycle, require_live
from app.services.curation.revisions import snapshot, write_revision
from app.services.curation.sources import source_text_change
from app.services.curation.tables import COLUMNS, NAMED, T, with_article
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


def _validate_record(session: Session, rtype: str, rid: str, v: dict[str, Any]) -> None:
    """Cross-field rules of the seed format, and references (the schema checks the rest)."""
    if rtype == "partner" and (v.get("country") is None) != (v.get("country_basis") is None):
        raise Unprocessable("country and country_basis are given together or not at all")
    if rtype == "initiative":
        if (v.get("region") is None) != (v.get("region_basis") is None):
            raise Unprocessable("region and region_basis are given together or not at all")
        parent = v.get("parent_id")
        require_live(session, "initiative", parent, "parent_id")
        refuse_cycle(session, "initiative", "id", "parent_id", rid, parent, "parent_id")
    if rtype == "event":
        d, end = v.get("happened_on"), v.get("not_after")
        if d and (
            v.get("happened_year") not in (None, d.year)
            or v.get("happened_month") not in (None, d.month)
        ):
            raise Unprocessable("happened_year/happened_month disagree with happened_on")
        if d and end and d > end:
            raise Unprocessable("happened_on is after not_after")
        lo = v.get("not_before")
        if lo and ((d and lo > d) or (end and lo > end)):
            raise Unprocessable("not_before is after happened_on or not_after")


def create_record(
    session: Session,
    actor: Actor,
    rtype: str,
    body: w.PartnerCreate | w.PersonCreate | w.InitiativeCreate | w.EventCreate,
) -> Written:
    with writing(session) as token:
        if row_exists(session, rtype, body.id):
            raise Conflict(
                f"{with_article(rtype).capitalize()} with id {body.id!r} exists already "
                "(maybe retracted); choose another id or PATCH it."
            )
        values = {k: getattr(body, k) for k in COLUMNS[rtype]}
        _validate_record(session, rtype, body.id, values)
        texts = live_texts(session)  # read once: the quotes and the aliases both need them
        cites = make_citations(session, rtype, body.id, body.citations, texts=texts)
        session.execute(insert(T[rtype]).values(id=body.id, **values, version=1))
        store_citations(session, rtype, body.id, cites, replace=False)
        aliases = getattr(body, "aliases", [])
        replace_aliases(session, rtype, body.id, values, aliases, texts=texts)
        write_revision(
            session, actor, rtype, body.id, "create", 1, None, snapshot(session, rtype, body.id)
        )
        return finish(session, token, rtype, body.id, new=True)


def update_record(
    session: Session,
    actor: Actor,
    rtype: str,
    rid: str,
    expected: Collection[int],
    body: w.Patch,
    *,
    propose_max_chars: int = PROPOSE_MAX_CHARS,
) -> Written:
    """PATCH: only the fields the body names change; ``citations`` replaces the record's own.
    A source's new text is read again for proposals (those of the old text go)."""
    given = body.model_fields_set
    data: Any = body
    with writing(session) as token:
        row = get_row(session, rtype, rid)
        if row is None:
            raise NotFound(f"No {rtype} with id {rid!r}.")
        check_version(row, expected, f"{rtype} {rid!r}")
        before = snapshot(session, rtype, rid)
        cols = COLUMNS[rtype]
        changes = {k: getattr(body, k) for k in given if k in cols}
        merged = {k: row[k] for k in cols} | changes
        _validate_record(session, rtype, rid, merged)
        if rtype == "source":
            changes |= source_text_change(session, rid, body, row)
        new_version = guarded_update(session, rtype, rid, row["version"], changes)
        if "text" in changes:
            proposals.forget(session, rid)
            proposals.store(session, rid, changes["text"], max_chars=propose_max_chars)
        if "citations" in given:
            cites = make_citations(session, rtype, rid, data.citations)
            store_citations(session, rtype, rid, cites, replace=True)
        if rtype in NAMED and ({"name", "name_ar", "name_basis", "aliases"} & given):
            replace_aliases(
                session,
                rtype,
                rid,
                merged,
                getattr(body, "aliases", None) if "aliases" in given else None,
                (row.get("name"), row.get("name_ar")),
            )
        write_revision(
            session, actor, rtype, rid, "update", new_version, before, snapshot(session, rtype, rid)
        )
        return finish(session, token, rtype, rid)
