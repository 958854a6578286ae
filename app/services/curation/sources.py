"""Sources: creating one, and when a source's text may change (never once facts cite it)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import exists, insert, select
from sqlmodel import Session

from app.errors import Conflict
from app.models import writes as w
from app.services import proposals
from app.services.curation.citations import citations_of, make_citations, store_citations
from app.services.curation.revisions import snapshot, write_revision
from app.services.curation.tables import COLUMNS, T
from app.services.curation.transaction import Written, finish, row_exists, writing
from app.services.keys import Actor


def _cited(session: Session, source_id: str) -> bool:
    c, k = T["citation"].c, T["coverage_skip"].c
    return bool(
        session.execute(
            select(
                exists().where(
                    c.source_id == source_id,
                    ~((c.record_type == "source") & (c.record_id == source_id)),
                )
            )
        ).scalar()
        or session.execute(select(exists().where(k.source_id == source_id))).scalar()
    )


def source_text_change(
    session: Session, rid: str, body: Any, row: dict[str, Any]
) -> dict[str, Any]:
    if "text" not in body.model_fields_set or body.text == row["text"]:
        return {}
    if _cited(session, rid):
        raise Conflict(
            f"The text of source {rid!r} is cited by facts, so it is immutable: "
            "add the corrected article as a new source instead."
        )
    if "citations" not in body.model_fields_set and citations_of(session, "source", rid):
        raise Conflict(
            "Changing the text would move this source's own citations: send "
            "`citations` again with the new text."
        )
    text: str = body.text
    return {"text": text, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def create_source(
    session: Session, actor: Actor, body: w.SourceCreate, *, propose_max_chars: int
) -> Written:
    """The article, its own citations, its revision, and masdar's proposals for the
    figures it states (``app.services.proposals``), in one transaction. A text longer
    than ``propose_max_chars`` is refused (422), since it could not be read."""
    proposals.check_length(body.text, propose_max_chars)
    with writing(session) as token:
        if row_exists(session, "source", body.id):
            raise Conflict(f"A source with id {body.id!r} exists already (maybe retracted).")
        raw = body.text.encode("utf-8")
        values = {k: getattr(body, k) for k in COLUMNS["source"]}
        session.execute(
            insert(T["source"]).values(
                id=body.id,
                **values,
                text=body.text,
                sha256=hashlib.sha256(raw).hexdigest(),
                file_name=f"{body.id}.txt",
                version=1,
            )
        )
        cites = make_citations(session, "source", body.id, body.citations)
        store_citations(session, "source", body.id, cites, replace=False)
        write_revision(
            session,
            actor,
            "source",
            body.id,
            "create",
            1,
            None,
            snapshot(session, "source", body.id),
        )
        proposals.store(session, body.id, body.text, max_chars=propose_max_chars)
        return finish(session, token, "source", body.id)
