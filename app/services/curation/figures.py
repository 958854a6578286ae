"""Funds and targets: create and PATCH, their cross-field rules, and derived figures that
follow their inputs."""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from app.errors import Conflict, NotFound, Unprocessable
from app.models import writes as w
from app.services.curation.citations import (
    check_numbers,
    citations_of,
    make_citations,
    store_citations,
)
from app.services.curation.references import refuse_cycle, require_live
from app.services.curation.revisions import snapshot, write_revision
from app.services.curation.tables import FUND_COLS, TARGET_COLS, T
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


def _figure_values(kind: str, body: Any, given: Collection[str]) -> dict[str, Any]:
    """API names → columns: a fund's ``amount``/``currency`` are ``value``/``unit``."""
    out: dict[str, Any] = {}
    rename = {"amount": "value", "currency": "unit"} if kind == "fund" else {}
    for name in given:
        if name in ("citations", "id"):
            continue
        out[rename.get(name, name)] = getattr(body, name)
    return out


def _validate_figure(session: Session, fid: str, kind: str, v: dict[str, Any]) -> None:
    require_live(session, "initiative", v.get("subject_id"), "subject_id")
    if kind == "fund":
        require_live(session, "partner", v.get("giver_id"), "giver_id")
        parent = v.get("parent_id")
        if parent == fid:
            raise Unprocessable(
                "parent_id: a fund cannot be its own parent",
                errors=[{"in": "body", "name": "parent_id", "message": "cycle"}],
            )
        if parent is not None:
            f = T["figure"].c
            if (
                session.execute(
                    select(f.id).where(f.id == parent, f.kind == "fund", f.retracted_at.is_(None))
                ).first()
                is None
            ):
                raise Unprocessable(
                    f"parent_id: unknown fund {parent!r} (dangling reference)",
                    errors=[{"in": "body", "name": "parent_id", "message": "unknown fund"}],
                )
        refuse_cycle(session, "fund", "figure_id", "parent_id", fid, parent, "parent_id")
        s, e = v.get("period_start_year"), v.get("period_end_year")
        if s is not None and e is not None and e < s:
            raise Unprocessable("period_end_year is before period_start_year")


def create_figure(
    session: Session, actor: Actor, kind: str, body: w.FundCreate | w.TargetCreate
) -> Written:
    with writing(session) as token:
        insert_figure(session, actor, kind, body)
        return finish(session, token, "figure", body.id)


def insert_figure(
    session: Session, actor: Actor, kind: str, body: w.FundCreate | w.TargetCreate
) -> None:
    """A new fund or target with its checked citations and its first revision, inside the
    caller's write transaction (after :func:`lock`): ``create_figure``, and accepting a
    proposal (``app.services.curation.proposals``)."""
    if row_exists(session, "figure", body.id):
        raise Conflict(f"A figure with id {body.id!r} exists already (maybe retracted).")
    v = _figure_values(kind, body, type(body).model_fields.keys())
    _validate_figure(session, body.id, kind, v)
    cites = make_citations(session, "figure", body.id, body.citations)
    check_numbers(cites, v["value"], v.get("deadline_year"))
    session.execute(
        insert(T["figure"]).values(
            id=body.id,
            kind=kind,
            subject_id=v["subject_id"],
            metric=v["metric"],
            value=v["value"],
            unit=v["unit"],
            qualifier=v.get("qualifier"),
            label=v["label"],
            derived=False,
            version=1,
        )
    )
    detail, cols = ("fund", FUND_COLS) if kind == "fund" else ("target", TARGET_COLS)
    session.execute(insert(T[detail]).values(figure_id=body.id, **{k: v.get(k) for k in cols}))
    store_citations(session, "figure", body.id, cites, replace=False)
    write_revision(
        session,
        actor,
        "figure",
        body.id,
        "create",
        1,
        None,
        snapshot(session, "figure", body.id),
    )


def update_figure(
    session: Session,
    actor: Actor,
    kind: str,
    fid: str,
    expected: Collection[int],
    body: w.FundUpdate | w.TargetUpdate,
) -> Written:
    given = body.model_fields_set
    with writing(session) as token:
        row = get_row(session, "figure", fid)
        if row is None or row["kind"] != kind:
            raise NotFound(f"No {kind} with id {fid!r}.")
        check_version(row, expected, f"{kind} {fid!r}")
        if row["derived"]:
            raise Conflict(f"{fid!r} is derived (computed from its inputs): change the inputs.")
        before = snapshot(session, "figure", fid)
        detail, cols = ("fund", FUND_COLS) if kind == "fund" else ("target", TARGET_COLS)
        d = T[detail]
        current = dict(session.execute(select(d).where(d.c.figure_id == fid)).mappings().one())
        changes = _figure_values(kind, body, given)
        merged = {**row, **current, **changes}
        _validate_figure(session, fid, kind, merged)
        if "citations" in given:
            cites = make_citations(session, "figure", fid, body.citations or [])
        else:
            cites = [{**c, "field": c["field"]} for c in citations_of(session, "figure", fid)]
        check_numbers(cites, merged["value"], merged.get("deadline_year"))
        fig_changes = {k: x for k, x in changes.items() if k not in cols}
        new_version = guarded_update(session, "figure", fid, row["version"], fig_changes)
        det_changes = {k: x for k, x in changes.items() if k in cols}
        if det_changes:
            session.execute(update(d).where(d.c.figure_id == fid).values(**det_changes))
        if "citations" in given:
            store_citations(session, "figure", fid, cites, replace=True)
        write_revision(
            session,
            actor,
            "figure",
            fid,
            "update",
            new_version,
            before,
            snapshot(session, "figure", fid),
        )
        if {"value", "unit"} & set(changes):
            _recompute_derived(session, actor, fid)
        return finish(session, token, "figure", fid)


def _recompute_derived(session: Session, actor: Actor, input_id: str) -> None:
    """Derived figures follow their inputs (same formula as the seeder), with a revision."""
    f, fi = T["figure"], T["figure_input"].c
    for did in list(session.scalars(select(fi.derived_id).where(fi.input_id == input_id))):
        d = get_row(session, "figure", did)
        if d is None:
            continue
        inputs = [
            session.execute(select(f.c.value, f.c.unit).where(f.c.id == i)).one()
            for i in session.scalars(
                select(fi.input_id).where(fi.derived_id == did).order_by(fi.position)
            )
        ]
        factor = d["factor"] or 1
        if d["formula"] == "sum":
            odd = [u for _, u in inputs if u != d["unit"]]
            if odd:
                raise Unprocessable(
                    f"derived figure {did!r} sums its inputs in {d['unit']}; "
                    f"this change would add {odd[0]}"
                )
            value = math.fsum(v for v, _ in inputs) * factor
        else:
            value = math.prod(v for v, _ in inputs) * factor
        if value == d["value"]:
            continue
        before = snapshot(session, "figure", did)
        version = guarded_update(session, "figure", did, d["version"], {"value": value})
        write_revision(
            session,
            actor,
            "figure",
            did,
            "update",
            version,
            before,
            snapshot(session, "figure", did),
        )
        _recompute_derived(session, actor, did)
