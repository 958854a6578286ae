"""Writing a source's proposals, inside the caller's write transaction."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlmodel import Session, SQLModel

from app.errors import Unprocessable
from app.reading.text import script_of
from app.services.proposals.build import propose

P = SQLModel.metadata.tables["proposal"]


def check_length(text: str, max_chars: int) -> None:
    """A text longer than ``max_chars`` (``MASDAR_PROPOSE_MAX_CHARS``) is not read: 422."""
    if len(text) > max_chars:
        raise Unprocessable(
            f"the text is {len(text):,} characters long; masdar reads articles of up to "
            f"{max_chars:,} characters for proposals (MASDAR_PROPOSE_MAX_CHARS)",
            errors=[
                {"in": "body", "name": "text", "message": f"longer than {max_chars} characters"}
            ],
        )


def forget(session: Session, source_id: str) -> None:
    """Drop every proposal of a source whose text changed (none can be accepted: an
    accepted proposal's figure cites the text, which makes it immutable)."""
    session.execute(update(P).where(P.c.source_id == source_id).values(parent_id=None))
    session.execute(delete(P).where(P.c.source_id == source_id))


def store(session: Session, source_id: str, text: str, *, max_chars: int) -> int:
    """Read ``text`` again and replace the source's pending proposals (inside the
    caller's transaction). Decided proposals stay as they were; a new reading of a
    statement already decided keeps the decision. A text in a script masdar cannot read
    gets no proposals. Returns the number of rows written."""
    check_length(text, max_chars)
    decided = {
        r.id: r.parent_id
        for r in session.execute(
            select(P.c.id, P.c.parent_id).where(P.c.source_id == source_id, P.c.status != "pending")
        )
    }
    if decided:  # keep decided rows valid while pending ones are replaced
        session.execute(
            update(P)
            .where(P.c.id.in_(list(decided)), P.c.parent_id.is_not(None))
            .values(parent_id=None)
        )
    session.execute(delete(P).where(P.c.source_id == source_id, P.c.status == "pending"))
    readable = script_of(text)[1]
    found = propose(text, source_id) if readable else []
    rows = [p.row(source_id) for p in found if p.id not in decided]
    fresh = {r["id"] for r in rows} | set(decided)
    for r in rows:  # a part whose total was decided keeps the link; a missing total drops it
        if r["parent_id"] not in fresh:
            r["parent_id"] = None
    if rows:
        parents_first = sorted(rows, key=lambda r: r["parent_id"] is not None)
        session.execute(P.insert(), parents_first)
    for pid, parent in decided.items():
        if parent is not None and parent in fresh:
            session.execute(update(P).where(P.c.id == pid).values(parent_id=parent))
    return len(rows)
