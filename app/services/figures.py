"""Figures (every numeric fact), and their two kinds: funds and targets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, exists, or_, select
from sqlmodel import Session, SQLModel

from app.errors import NotFound
from app.models.public import json_number
from app.services import claims, conflicts, embed
from app.services import facets as facets_service
from app.services.basis import label_basis, value_basis
from app.services.pages import Page, keyset, record, visible
from app.services.prepared import Prepared

T = SQLModel.metadata.tables
F, FU, TG, INI = T["figure"], T["fund"], T["target"], T["initiative"]

_BASE = select(F, INI.c.name.label("subject_name"), INI.c.name_ar.label("subject_name_ar")).join(
    INI, INI.c.id == F.c.subject_id
)


def _cited_by(sources: list[str]) -> ColumnElement[bool]:
    """A figure is 'in' a source when it is cited by it, or when it is derived from one that is."""
    c, fi = T["citation"].c, T["figure_input"].c
    direct = exists().where(
        c.record_type == "figure", c.record_id == F.c.id, c.source_id.in_(sources)
    )
    via_inputs = exists().where(
        fi.derived_id == F.c.id,
        exists().where(
            c.record_type == "figure", c.record_id == fi.input_id, c.source_id.in_(sources)
        ),
    )
    return or_(direct, via_inputs)


def figure_filters(
    *,
    kind: str | None = None,
    unit: str | None = None,
    sources: list[str] | None = None,
    subjects: list[str] | None = None,
    metric: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    qualifier: str | None = None,
    derived: bool | None = None,
    ids: list[str] | None = None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if ids is not None:
        where.append(F.c.id.in_(ids))
    if kind is not None:
        where.append(F.c.kind == kind)
    if unit is not None:
        where.append(F.c.unit == unit)
    if sources is not None:
        where.append(_cited_by(sources))
    if subjects is not None:
        where.append(F.c.subject_id.in_(subjects))
    if metric is not None:
        where.append(F.c.metric == metric)
    if minimum is not None:
        where.append(F.c.value >= minimum)
    if maximum is not None:
        where.append(F.c.value <= maximum)
    if qualifier is not None:
        where.append(F.c.qualifier.is_(None) if qualifier == "none" else F.c.qualifier == qualifier)
    if derived is not None:
        where.append(F.c.derived.is_(derived))
    return where


Expand = Callable[[Session, list[dict[str, Any]]], list[dict[str, Any]]]


def _page(
    session: Session,
    kind: str,
    stmt: Select[Any],
    where: list[ColumnElement[bool]],
    expand_rows: Expand,
    *,
    after: str | None,
    limit: int,
    facets: list[str] | None,
) -> Page:
    """One keyset page of figures, funds or targets (``kind``), expanded, with facets."""
    page = keyset(session, F, where, after=after, limit=limit, stmt=stmt)
    page.items = expand_rows(session, page.items)
    if facets:
        page.facets = facets_service.compute(session, kind, where, facets)
    return page


def _one(
    session: Session, noun: str, stmt: Select[Any], rid: str, expand_rows: Expand
) -> dict[str, Any]:
    """One live figure, fund or target (``noun``) by id, expanded; else 404."""
    rows = session.execute(stmt.where(F.c.id == rid, *visible(F))).mappings().all()
    if not rows:
        raise NotFound(f"No {noun} with id {rid!r}.")
    return expand_rows(session, [record(rows[0])])[0]


def list_figures(
    session: Session,
    *,
    after: str | None,
    limit: int,
    facets: list[str] | None = None,
    **filters: Any,
) -> Page:
    where = figure_filters(**filters)
    return _page(session, "figures", _BASE, where, expand, after=after, limit=limit, facets=facets)


def get_figure(session: Session, figure_id: str) -> dict[str, Any]:
    def with_conflicts(s: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return expand(s, rows, with_conflicts=True)

    return _one(session, "figure", _BASE, figure_id, with_conflicts)


_BASES = {derived: (value_basis(derived), label_basis(derived)) for derived in (False, True)}
"""A figure's value and label bases, by ``derived``."""

_FI = T["figure_input"]
_INPUTS = Prepared(  # a derived figure's inputs, in formula order, as FigureInputRef rows
    select(
        _FI.c.derived_id,
        *(F.c[n] for n in ("id", "kind", "metric", "value", "unit", "qualifier", "derived")),
        F.c.label,
    )
    .join(F, F.c.id == _FI.c.input_id)
    .where(_FI.c.derived_id.in_(bindparam("ids", expanding=True)))
    .order_by(_FI.c.derived_id, _FI.c.position),
    expanding="ids",
)


def refs(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    found = embed.by_ids(
        session, "figure", ids, "kind", "metric", "value", "unit", "qualifier", "derived"
    )
    for f in found.values():
        f["value_basis"] = value_basis(f["derived"])
    return found


def gather(
    session: Session, rows: list[dict[str, Any]]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """What :func:`expand` reads for ``rows``: the inputs of the derived ones, by figure
    id, and the citations of rows and inputs, by record id (one query for both)."""
    inputs: dict[str, list[dict[str, Any]]] = {}
    if derived := [r["id"] for r in rows if r["derived"]]:
        for ref in _INPUTS.dicts(session, {"ids": derived}):
            inputs.setdefault(ref.pop("derived_id"), []).append(ref)
    input_ids = [ref["id"] for refs in inputs.values() for ref in refs]
    cites = embed.citations(session, "figure", [*(r["id"] for r in rows), *input_ids])
    return inputs, cites


def expand(
    session: Session, rows: list[dict[str, Any]], *, with_conflicts: bool = False
) -> list[dict[str, Any]]:
    """Embed citations, inputs (with their citations) and the claim id; a fixed number of
    queries per page. ``with_conflicts`` (one figure's page) also runs the conflict rules
    over the figures they compare it with; lists leave ``conflict_ids`` null (not looked
    up, which is not "none") and point to ``/v1/conflicts?record=figure:<id>``, so a page
    costs the same at any size."""
    if not rows:
        return rows
    inputs, cites = gather(session, rows)
    conflict_ids: dict[str, list[str]] | None = None
    if with_conflicts:
        ids = [r["id"] for r in rows]
        related = conflicts.load_figures(session, around=ids)
        conflict_ids = conflicts.conflict_ids_by_figure(related, ids)
    cited, claim_of = cites.get, claims.claim_id_of  # this loop runs for every row of a page
    for r in rows:
        rid, computed = r["id"], bool(r["derived"])
        r["subject"] = r["subject_id"]
        r["citations"] = cited(rid) or []
        r["value_basis"], r["label_basis"] = _BASES[computed]
        refs = inputs.get(rid)
        r["inputs"] = [_input_row(ref, cited) for ref in refs] if refs else []
        r["url"] = "/figures/" + rid
        r["claim_id"] = claim_of(r)
        r["conflict_ids"] = None if conflict_ids is None else (conflict_ids.get(rid) or [])
    return rows


def _input_row(ref: dict[str, Any], cited: Callable[[str], Any]) -> dict[str, Any]:
    return {**ref, "value_basis": value_basis(ref["derived"]), "citations": cited(ref["id"]) or []}


def list_figures_gathered(session: Session, *, after: str | None, limit: int) -> Page:
    """The unfiltered list's page as the list shortcut serves it (app/api/shortcut.py):
    the queries of :func:`list_figures` in the reader thread, and the items left to
    :func:`public_figures`, on the event loop (``page.writer``). With one reader thread,
    the reader's work is what the cache-off list's rate follows: this takes ``expand``'s
    per-row loop out of it, and writes each item once instead of shaping a row and then
    copying it into the model's JSON (bench/README.md, tuning notes). A ``?basis=article``
    read filters the items once written (``basis.stated_only``)."""
    page = keyset(session, F, [], after=after, limit=limit, stmt=_BASE)
    rows = page.items
    if rows:
        inputs, cites = gather(session, rows)
        page.writer = lambda: public_figures(rows, inputs, cites)
    return page


def public_figures(
    rows: list[dict[str, Any]],
    inputs: dict[str, list[dict[str, Any]]],
    cites: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """``FigurePublic``'s JSON for keyset rows with what :func:`gather` read for them: what
    :func:`expand` and then ``FigurePublic``'s fastjson writer make (a list's
    ``conflict_ids`` null), in one pass. Citation rows are ``CitationPublic``'s columns in
    its order, so they go out as they are. tests/api/test_shortcut.py holds every page
    byte-identical to the route's, on SQLite and PostgreSQL; tests/api/test_fastjson.py
    holds them equal to Pydantic's dump, and to ``expand`` and the model's writer on values
    the seed lacks."""
    out = []
    cited, claim_id = cites.get, claims.claim_id
    for r in rows:
        rid, derived, value, factor = r["id"], bool(r["derived"]), r["value"], r["factor"]
        bases = _BASES[derived]
        refs = inputs.get(rid)
        out.append(
            {
                "id": rid,
                "kind": r["kind"],
                "subject": r["subject_id"],
                "subject_name": r["subject_name"],
                "subject_name_ar": r["subject_name_ar"],
                "metric": r["metric"],
                "value": json_number(float(value)),
                "value_basis": bases[0],
                "unit": r["unit"],
                "qualifier": r["qualifier"],
                "label": r["label"],
                "label_basis": bases[1],
                "derived": derived,
                "formula": r["formula"],
                "factor": None if factor is None else float(factor),
                "factor_note": r["factor_note"],
                "inputs": [_input_json(ref, cited) for ref in refs] if refs else [],
                "citations": cited(rid) or [],
                "url": "/figures/" + rid,
                "claim_id": None  # derived figures state nothing (claims.claim_id_of)
                if derived
                else claim_id(r["subject_id"], r["metric"], value, r["unit"]),
                "conflict_ids": None,
                "version": r["version"],
                "retracted_at": r["retracted_at"],
            }
        )
    return out


def _input_json(ref: dict[str, Any], cited: Callable[[str], Any]) -> dict[str, Any]:
    """``FigureInputRef``'s JSON for an input row of :data:`_INPUTS`."""
    derived = ref["derived"]
    return {
        "id": ref["id"],
        "kind": ref["kind"],
        "metric": ref["metric"],
        "value": json_number(float(ref["value"])),
        "value_basis": value_basis(derived),
        "unit": ref["unit"],
        "qualifier": ref["qualifier"],
        "derived": None if derived is None else bool(derived),
        "label": ref["label"],
        "citations": cited(ref["id"]) or [],
    }


# -- funds -----------------------------------------------------------------

_FUND = (
    select(F, FU, INI.c.name.label("i_name"), INI.c.name_ar.label("i_name_ar"))
    .join(FU, FU.c.figure_id == F.c.id)
    .join(INI, INI.c.id == F.c.subject_id)
)


def fund_filters(
    *,
    currency: str | None = None,
    min_amount: float | None = None,
    max_amount: float | None = None,
    year: int | None = None,
    partners: list[str] | None = None,
    sources: list[str] | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE clauses over ``figure JOIN fund`` (shared by the list and its facets)."""
    where = figure_filters(
        kind="fund", unit=currency, minimum=min_amount, maximum=max_amount, sources=sources
    )
    if year is not None:
        where.append(FU.c.period_start_year <= year)
        where.append(or_(FU.c.period_end_year >= year, FU.c.period_end_year.is_(None)))
    if partners is not None:
        ip = T["initiative_partner"].c
        where.append(
            or_(
                FU.c.giver_id.in_(partners),
                exists().where(ip.initiative_id == F.c.subject_id, ip.partner_id.in_(partners)),
            )
        )
    return where


def list_funds(
    session: Session,
    *,
    after: str | None,
    limit: int,
    facets: list[str] | None = None,
    **filters: Any,
) -> Page:
    where = fund_filters(**filters)
    return _page(
        session, "funds", _FUND, where, expand_funds, after=after, limit=limit, facets=facets
    )


def get_fund(session: Session, fund_id: str) -> dict[str, Any]:
    return _one(session, "fund", _FUND, fund_id, expand_funds)


def expand_funds(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [r["id"] for r in rows]
    expand(session, rows)
    givers = embed.by_ids(
        session,
        "partner",
        {r["giver_id"] for r in rows if r["giver_id"]},
        "name",
        "name_ar",
        "country",
        "country_basis",
        "kind",
    )
    components: dict[str, list[str]] = {i: [] for i in ids}
    for child, parent in session.execute(
        select(FU.c.figure_id, FU.c.parent_id)
        .join(F, F.c.id == FU.c.figure_id)
        .where(FU.c.parent_id.in_(ids), *visible(F))
        .order_by(FU.c.figure_id)
    ):
        components[parent].append(child)
    figure_refs = refs(
        session,
        [c for v in components.values() for c in v]
        + [r["parent_id"] for r in rows if r["parent_id"]],
    )
    for r in rows:
        r["amount"], r["currency"] = r["value"], r["unit"]
        r["initiative"] = {"id": r["subject_id"], "name": r["i_name"], "name_ar": r["i_name_ar"]}
        r["giver"] = givers.get(r["giver_id"]) if r["giver_id"] else None
        r["parent"] = figure_refs.get(r["parent_id"]) if r["parent_id"] else None
        r["components"] = [figure_refs[c] for c in components[r["id"]]]
    return rows


# -- targets ---------------------------------------------------------------

_TARGET = (
    select(F, TG, INI.c.name.label("i_name"), INI.c.name_ar.label("i_name_ar"))
    .join(TG, TG.c.figure_id == F.c.id)
    .join(INI, INI.c.id == F.c.subject_id)
)


def target_filters(
    *,
    metric: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    due_by: int | None = None,
    subjects: list[str] | None = None,
    sources: list[str] | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE clauses over ``figure JOIN target`` (shared by the list and its facets)."""
    where = figure_filters(
        kind="target", metric=metric, unit=unit, subjects=subjects, sources=sources
    )
    if year is not None:
        where.append(TG.c.deadline_year == year)
    if due_by is not None:
        where.append(TG.c.deadline_year <= due_by)
    return where


def list_targets(
    session: Session,
    *,
    after: str | None,
    limit: int,
    facets: list[str] | None = None,
    **filters: Any,
) -> Page:
    where = target_filters(**filters)
    return _page(
        session, "targets", _TARGET, where, expand_targets, after=after, limit=limit, facets=facets
    )


def get_target(session: Session, target_id: str) -> dict[str, Any]:
    return _one(session, "target", _TARGET, target_id, expand_targets)


def expand_targets(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    expand(session, rows)
    for r in rows:
        r["initiative"] = {"id": r["subject_id"], "name": r["i_name"], "name_ar": r["i_name_ar"]}
    return rows
