"""History: a record's snapshot, the revision each write appends, and the paged history
read (``GET …/history``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlmodel import Session

from app.errors import BadRequest, NotFound
from app.services.curation.citations import citations_of
from app.services.curation.tables import LINKS, T
from app.services.curation.transaction import get_row
from app.services.keys import Actor, now
from app.services.pages import Page
from app.services.prepared import Prepared

_A = T["alias"].c
_INSERT = insert(T["revision"])
_ALIASES = Prepared(
    select(_A.text, _A.lang, _A.kind, _A.source_id)
    .where(_A.record_type == bindparam("rtype"), _A.record_id == bindparam("rid"))
    .order_by(_A.id)
)


def _json(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _json(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_json(x) for x in v]
    return v


def snapshot(session: Session, rtype: str, rid: str) -> dict[str, Any] | None:
    """The record as its history shows it: columns, citations, aliases and owned links."""
    row = get_row(session, rtype, rid, live=False)
    if row is None:
        return None
    if rtype == "source":
        text = row.pop("text")
        row["text_length"] = len(text)
    if rtype == "figure":
        for table in ("fund", "target"):
            t = T[table]
            extra = session.execute(select(t).where(t.c.figure_id == rid)).mappings().first()
            if extra is not None:
                row |= {k: v for k, v in extra.items() if k != "figure_id"}
        fi = T["figure_input"].c
        if row.get("derived"):
            row["inputs"] = list(
                session.scalars(
                    select(fi.input_id).where(fi.derived_id == rid).order_by(fi.position)
                )
            )
    if row.get("retracted_at") is None:
        row.pop("retracted_at", None)
    row["citations"] = citations_of(session, rtype, rid)
    if rtype in ("partner", "person", "initiative", "event"):
        row["aliases"] = _ALIASES.dicts(session, {"rtype": rtype, "rid": rid})
    for table, owner in LINKS.get(rtype, []):
        t = T[table]
        links = []
        for link in session.execute(select(t).where(t.c[owner] == rid).order_by(t.c.id)).mappings():
            d = {k: v for k, v in link.items() if k != owner}
            d["citations"] = citations_of(session, table, link["id"])
            links.append(d)
        row[table] = links
    out: dict[str, Any] = _json(row)
    return out


def _changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    b, a = before or {}, after or {}
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and k != "version")


def write_revision(
    session: Session,
    actor: Actor,
    rtype: str,
    rid: str,
    action: str,
    version: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    session.execute(
        _INSERT,
        {
            "record_type": rtype,
            "record_id": rid,
            "action": action,
            "version": version,
            "actor_key_id": actor.key_id,
            "actor_name": actor.name,
            "at": now(),
            "before": before,
            "after": after,
            "changed": _changed(before, after),
        },
    )


def history(
    session: Session,
    rtype: str,
    rid: str,
    *,
    after: str | None,
    limit: int,
    include_retracted: bool,
) -> Any:
    """Revisions of one record, oldest first (keyset on the revision id)."""
    t = T[rtype]
    row = session.execute(select(t.c.id, t.c.retracted_at).where(t.c.id == rid)).first()
    if row is None or (row.retracted_at is not None and not include_retracted):
        raise NotFound(f"No {rtype} with id {rid!r}.")
    return revision_page(session, rtype, rid, after=after, limit=limit)


def revision_page(session: Session, rtype: str, rid: str, *, after: str | None, limit: int) -> Page:
    """The revisions logged under ``rtype``/``rid``, oldest first (keyset on their id); also
    for things that are not rows of their own table (a conflict's reviews)."""
    r = T["revision"]
    try:
        after_id = int(after) if after is not None else None
    except ValueError:
        raise BadRequest("Query parameter 'cursor' is not a cursor this API issued.") from None
    stmt = select(r).where(r.c.record_type == rtype, r.c.record_id == rid)
    if after_id is not None:
        stmt = stmt.where(r.c.id > after_id)
    rows = [dict(x) for x in session.execute(stmt.order_by(r.c.id).limit(limit + 1)).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        {
            "id": x["id"],
            "record_type": x["record_type"],
            "record_id": x["record_id"],
            "action": x["action"],
            "version": x["version"],
            "actor": {"key_id": x["actor_key_id"], "name": x["actor_name"]},
            "at": _json(x["at"] if x["at"].tzinfo else x["at"].replace(tzinfo=now().tzinfo)),
            "changed": x["changed"],
            "before": x["before"],
            "after": x["after"],
        }
        for x in rows
    ]
    return Page(items, str(rows[-1]["id"]) if more else None)


def revision_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(T["revision"])).scalar_one())
