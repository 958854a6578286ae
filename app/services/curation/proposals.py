"""Proposals on the write path: reading an article again, accepting, rejecting.

Accepting creates the fund or target exactly as ``POST /v1/funds`` or ``/v1/targets``
does (:func:`app.services.curation.figures.insert_figure`: the quote located verbatim,
the number in its quote, references live, a revision in the figure's history) and marks
the proposal accepted, in one transaction: the figure and its history, or nothing. A
proposal is decided once: accepting or rejecting it again is a 409.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlmodel import Session

from app.errors import Conflict, Unprocessable
from app.models import writes as w
from app.reading.statements import RANGE
from app.services import proposals
from app.services.curation.figures import insert_figure
from app.services.curation.tables import T
from app.services.curation.transaction import Written, finish, row_exists, writing
from app.services.keys import Actor, now

P = T["proposal"]
FUND_ONLY = (
    "giver_id",
    "parent_id",
    "period_start_year",
    "period_end_year",
    "per_unit",
    "duration_months",
)
TARGET_ONLY = ("target_kind", "deadline_year")


def rescan(session: Session, source_id: str, *, max_chars: int) -> dict[str, Any]:
    """Read a stored article again: new pending proposals, decided ones kept."""
    with writing(session):
        text = proposals.source_text(session, source_id)
        proposals.store(session, source_id, text, max_chars=max_chars)
    return proposals.summary(session, source_id)


def _pending(session: Session, proposal_id: str) -> dict[str, Any]:
    """The proposal, enriched, if it may still be decided: 404 (none, or its source is
    retracted) or 409 (decided already)."""
    p = proposals.get_proposal(session, proposal_id)
    if p["status"] != "pending":
        done = f" as figure {p['figure_id']!r}" if p["figure_id"] else ""
        raise Conflict(
            f"Proposal {proposal_id!r} was {p['status']}{done} already "
            f"({p['decision']['at']}, by {p['decision']['by']['name']}): a proposal is "
            "decided once.",
        )
    return p


def _decide(session: Session, actor: Actor, proposal_id: str, **values: Any) -> None:
    done = session.execute(
        update(P)
        .where(P.c.id == proposal_id, P.c.status == "pending")
        .values(decided_at=now(), decided_by_key_id=actor.key_id, decided_by=actor.name, **values)
    )
    if int(getattr(done, "rowcount", 0)) != 1:  # pragma: no cover - the lock serialises
        raise Conflict(f"Proposal {proposal_id!r} was decided meanwhile.")


def reject(session: Session, actor: Actor, proposal_id: str, body: w.ProposalReject) -> None:
    with writing(session):
        _pending(session, proposal_id)
        _decide(session, actor, proposal_id, status="rejected", decision_reason=body.reason)


def accept(
    session: Session, actor: Actor, proposal_id: str, edits: w.ProposalAccept
) -> tuple[Written, str]:
    """Create the proposal's figure (with the curator's edits) and mark it accepted.
    Returns what was written and the figure's kind."""
    with writing(session) as token:
        p = _pending(session, proposal_id)
        kind, body = _figure_body(session, p, edits)
        insert_figure(session, actor, kind, body)
        _decide(session, actor, proposal_id, status="accepted", figure_id=body.id)
        return finish(session, token, "figure", body.id), kind


def _figure_body(
    session: Session, p: dict[str, Any], edits: w.ProposalAccept
) -> tuple[str, w.FundCreate | w.TargetCreate]:
    """The ``FundCreate``/``TargetCreate`` the proposal and the edits make."""
    given = edits.model_fields_set
    v: dict[str, Any] = {k: p.get(k) for k in type(edits).model_fields if k not in ("id",)}
    v["subject_id"] = p["subjects"][0]["id"] if p["subjects"] else None
    v["giver_id"] = None  # who gives money is a claim: only a curator names it
    v["parent_id"] = _parent_figure(session, p)
    v["citations"] = [
        {
            "source_id": c["source_id"],
            "quote": c["quote"],
            "occurrence": c["occurrence"],
            "field": c["field"],
        }
        for c in p["citations"]
    ]
    v |= {k: getattr(edits, k) for k in given}
    if not p["is_figure"] and not {"unit", "value"} & given:
        raise Unprocessable(
            f"masdar read {p['number']['text']!r} as no figure ({p['reason']}): to record it "
            "anyway, accept it with the figure's unit (and value)",
            errors=[{"in": "body", "name": "unit", "message": "required for a non-figure"}],
        )
    if v["qualifier"] == RANGE:
        raise Unprocessable(
            "a range (" + _num(p["value"]) + "–" + _num(p["value_high"]) + ") cannot be one "
            "figure: masdar's figures hold one value and a hedge (app/models/qualifier.py has "
            "no range). Accept it with an edit that chooses the value and qualifier the "
            "quote supports, or reject it.",
            errors=[{"in": "body", "name": "qualifier", "message": "a range needs an edit"}],
        )
    if v["subject_id"] is None:
        raise Unprocessable(
            "no initiative is named near this figure: give subject_id",
            errors=[{"in": "body", "name": "subject_id", "message": "required"}],
        )
    kind = v["kind"] or "target"
    v["id"] = edits.id or _free_id(session, v["metric"] or "figure", p["source_id"])
    v["label"] = v["label"] or _label(session, v["metric"], v["subject_id"])
    if kind == "target":
        v["target_kind"] = v["target_kind"] or "goal"
    dropped = TARGET_ONLY if kind == "fund" else FUND_ONLY
    data = {k: x for k, x in v.items() if k not in (*dropped, "kind")}
    data = {k: x for k, x in data.items() if x is not None or k in given}
    if kind == "fund":
        data["amount"], data["currency"] = data.pop("value", None), data.pop("unit", None)
    model = w.FundCreate if kind == "fund" else w.TargetCreate
    try:
        return kind, model.model_validate(data)
    except ValidationError as exc:
        errors = [
            {
                "in": "body",
                "name": ".".join(str(x) for x in e["loc"]),
                "message": e["msg"],
            }
            for e in exc.errors()
        ]
        names = ", ".join(sorted({e["name"] for e in errors}))
        raise Unprocessable(
            f"the proposal with these edits is no valid {kind}: {names}", errors=errors
        ) from None


def _num(value: float | None) -> str:
    return "?" if value is None else f"{value:,.10g}"


def _parent_figure(session: Session, p: dict[str, Any]) -> str | None:
    """The figure of the accepted total this part belongs to (accept the total first)."""
    if p["parent_id"] is None:
        return None
    found = session.execute(
        select(P.c.figure_id).where(P.c.id == p["parent_id"], P.c.status == "accepted")
    ).scalar_one_or_none()
    return str(found) if found else None


def _free_id(session: Session, metric: str, source_id: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", f"{metric}-{source_id}".lower()).strip("-")[:110]
    candidate, n = base, 1
    while row_exists(session, "figure", candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _label(session: Session, metric: str | None, subject_id: str) -> str:
    """A plain English label from the metric and the subject's name (ours, mechanical)."""
    ini = T["initiative"].c
    name = session.execute(select(ini.name).where(ini.id == subject_id)).scalar_one_or_none()
    what = (metric or "figure").replace("_", " ")
    return f"{what[:1].upper()}{what[1:]}: {name or subject_id}"
