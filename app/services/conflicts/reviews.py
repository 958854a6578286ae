"""A curator's review of a conflict: confirm the rule's class, reclassify, or dismiss.

Reviews are keyed by the conflict's rule-made id, so they outlive a re-run of the rules.
A conflict's ``version`` is 0 until its first review and +1 with each; a review needs
``If-Match`` with it (412 when stale). Every review is a revision (record type
``conflict``): the history keeps each one. A dismissed conflict leaves the default list
but stays readable (``GET /v1/conflicts/{id}``, ``?include_dismissed=true``, history).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session, SQLModel

from app.errors import NotFound, PreconditionFailed, Unprocessable
from app.models.conflict import ACTIONS, ConflictReviewIn
from app.services import embed
from app.services.conflicts.rules import proposed
from app.services.conflicts.vocabulary import Row, attributed, severity
from app.services.curation.citations import make_citations, store_citations
from app.services.curation.revisions import revision_page, write_revision
from app.services.curation.transaction import check_version, writing
from app.services.keys import Actor, now
from app.services.pages import Page

T = SQLModel.metadata.tables
CITED_AS = "conflict_review"
"""The record type of a review's citations."""
LOGGED_AS = "conflict"
"""The record type of a review's revisions."""


def _reviews(session: Session, ids: Collection[str] | None = None) -> dict[str, Row]:
    r = T["conflict_review"]
    stmt = select(r)
    if ids is not None:
        stmt = stmt.where(r.c.conflict_id.in_(list(ids)))
    rows = {x["conflict_id"]: dict(x) for x in session.execute(stmt).mappings()}
    cites = embed.citations(session, CITED_AS, list(rows))
    for cid, row in rows.items():
        row["citations"] = attributed(CITED_AS, cid, cites.get(cid, []))
    return rows


def _public(row: Row) -> Row:
    at = row["reviewed_at"]
    if at.tzinfo is None:  # SQLite hands back naive datetimes; masdar writes UTC
        at = at.replace(tzinfo=UTC)
    return {
        "status": row["status"],
        "class": row["conflict_class"],
        "rule_class": row["rule_class"],
        "note": row["note"],
        "citations": row["citations"],
        "reviewer": row["reviewer"],
        "reviewed_at": at.isoformat(),
        "version": row["version"],
    }


def with_reviews(session: Session, conflicts: list[Row]) -> list[Row]:
    """The conflicts as the API shows them: ``class`` is the curator's when reviewed (the
    rule's stays in ``rule_class``), ``status`` says proposed/confirmed/reclassified/
    dismissed, ``version`` counts reviews."""
    reviews = _reviews(session, [c["id"] for c in conflicts])
    out = []
    for c in conflicts:
        r = reviews.get(c["id"])
        klass = r["conflict_class"] if r and r["conflict_class"] else c["rule_class"]
        out.append(
            {
                **c,
                "class": klass,
                "severity": severity(klass),
                "status": r["status"] if r else "proposed",
                "version": r["version"] if r else 0,
                "review": _public(r) if r else None,
            }
        )
    return out


def _snapshot(row: Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    snap = _public(row)
    snap["citations"] = [
        {k: c[k] for k in ("id", "source_id", "quote", "start", "end", "field")}
        for c in row["citations"]
    ]
    return snap


def review(
    session: Session,
    actor: Actor,
    conflict_id: str,
    expected: Collection[int],
    body: ConflictReviewIn,
) -> tuple[str, int]:
    """Record a review; returns (the new data version, the conflict's new version)."""
    with writing(session) as token:
        found = next((c for c in proposed(session) if c["id"] == conflict_id), None)
        if found is None:
            raise NotFound(f"No conflict with id {conflict_id!r}.")
        before = _reviews(session, [conflict_id]).get(conflict_id)
        version = before["version"] if before else 0
        check_version({"version": version}, expected, f"conflict {conflict_id!r}")
        if body.action == "reclassify" and body.conflict_class == found["rule_class"]:
            raise Unprocessable(
                f"{body.conflict_class!r} is the rule's class already: confirm it instead",
                errors=[{"in": "body", "name": "class", "message": "the rule's class"}],
            )
        klass = found["rule_class"] if body.action == "confirm" else body.conflict_class
        cites = make_citations(session, CITED_AS, conflict_id, body.citations)
        values = {
            "status": ACTIONS[body.action],
            "conflict_class": klass,
            "rule_class": found["rule_class"],
            "note": body.note,
            "version": version + 1,
            "reviewer_key_id": actor.key_id,
            "reviewer": actor.name,
            "reviewed_at": now(),
        }
        r = T["conflict_review"]
        if before is None:
            session.execute(insert(r).values(conflict_id=conflict_id, **values))
        else:
            done = session.execute(
                update(r)
                .where(r.c.conflict_id == conflict_id, r.c.version == version)
                .values(**values)
            )
            if getattr(done, "rowcount", 1) != 1:
                raise PreconditionFailed(
                    f"conflict {conflict_id!r} was reviewed meanwhile: GET it again and retry."
                )
        store_citations(session, CITED_AS, conflict_id, cites, replace=True)
        after = _reviews(session, [conflict_id])[conflict_id]
        write_revision(
            session,
            actor,
            LOGGED_AS,
            conflict_id,
            "create" if before is None else "update",
            version + 1,
            _snapshot(before),
            _snapshot(after),
        )
    return token, version + 1


def history(session: Session, conflict_id: str, *, after: str | None, limit: int) -> Page:
    """Every review of a conflict, oldest first; also of one the rules no longer find."""
    page = revision_page(session, LOGGED_AS, conflict_id, after=after, limit=limit)
    if not page.items and after is None:
        if not any(c["id"] == conflict_id for c in proposed(session)):
            raise NotFound(f"No conflict with id {conflict_id!r}.")
    return page
