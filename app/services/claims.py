"""Claims: the figures that state the same fact, grouped across articles.

A claim is the set of article figures (never derived ones) sharing ``subject``,
``metric``, ``unit`` and ``value``; hedges ("up to", "about") do not split a
claim, they are listed in ``qualifiers``. The claim id is a readable slug of
that key, so it is stable across reseeds and computable from one figure row.
The figure table is small: claims are computed per request from two queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlmodel import Session, SQLModel

from app.errors import NotFound
from app.services import embed
from app.services.pages import Page, visible

T = SQLModel.metadata.tables
F, INI = T["figure"], T["initiative"]

Row = dict[str, Any]


def number_text(value: float) -> str:
    """``500.0`` → ``"500"``; non-integral values keep their shortest repr."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def claim_id(subject: str, metric: str, value: float, unit: str) -> str:
    return f"{subject}:{metric}:{number_text(value)}:{unit}"


def claim_id_of(row: Row) -> str | None:
    """The claim of a figure row; derived figures state nothing, so belong to none."""
    if row.get("derived"):
        return None
    return claim_id(row["subject_id"], row["metric"], row["value"], row["unit"])


def _figures(session: Session, where: Iterable[ColumnElement[bool]] = ()) -> list[Row]:
    stmt = (
        select(
            F.c.id,
            F.c.kind,
            F.c.subject_id,
            F.c.metric,
            F.c.value,
            F.c.unit,
            F.c.qualifier,
            F.c.label,
            F.c.derived,
            INI.c.name.label("subject_name"),
            INI.c.name_ar.label("subject_name_ar"),
        )
        .join(INI, INI.c.id == F.c.subject_id)
        .where(F.c.derived.is_(False), *where, *visible(F))
        .order_by(F.c.id)
    )
    return [dict(r) for r in session.execute(stmt).mappings()]


def _build(rows: list[Row], cites: dict[str, list[Row]]) -> list[Row]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        cid = claim_id_of(r)
        if cid is not None:
            groups[cid].append(r)
    return [_claim(cid, figs, cites) for cid, figs in sorted(groups.items())]


def _claim(cid: str, figs: list[Row], cites: dict[str, list[Row]]) -> Row:
    first = figs[0]
    citations = [
        {**c, "record_type": "figure", "record_id": f["id"]}
        for f in figs
        for c in cites.get(f["id"], [])
    ]
    citations.sort(key=lambda c: (c["source_id"], c["start"], c["id"]))
    sources = sorted({c["source_id"] for c in citations})
    members = [
        {
            **f,
            "value_basis": "article",  # a claim groups stated figures only
            "sources": sorted({c["source_id"] for c in cites.get(f["id"], [])}),
            "url": f"/v1/figures/{f['id']}",
        }
        for f in figs
    ]
    return {
        "id": cid,
        "subject": first["subject_id"],
        "subject_name": first["subject_name"],
        "subject_name_ar": first["subject_name_ar"],
        "metric": first["metric"],
        "value": first["value"],
        "unit": first["unit"],
        "qualifiers": sorted({f["qualifier"] or "none" for f in figs}),
        "corroborated_by": len(sources),
        "sources": sources,
        "figures": members,
        "citations": citations,
        "url": f"/v1/claims/{cid}",
    }


def all_claims(
    session: Session, *, subjects: list[str] | None = None, metric: str | None = None
) -> list[Row]:
    where: list[ColumnElement[bool]] = []
    if subjects is not None:
        where.append(F.c.subject_id.in_(subjects))
    if metric is not None:
        where.append(F.c.metric == metric)
    rows = _figures(session, where)
    return _build(rows, embed.citations(session, "figure", [r["id"] for r in rows]))


def paginate(items: list[Row], *, after: str | None, limit: int) -> Page:
    """Keyset pagination over an id-sorted list computed in Python."""
    rest = [i for i in items if after is None or i["id"] > after]
    page = rest[:limit]
    return Page(page, page[-1]["id"] if len(rest) > limit else None)


def list_claims(
    session: Session,
    *,
    subjects: list[str] | None = None,
    metric: str | None = None,
    min_sources: int | None = None,
    after: str | None,
    limit: int,
) -> Page:
    claims = all_claims(session, subjects=subjects, metric=metric)
    if min_sources is not None:
        claims = [c for c in claims if c["corroborated_by"] >= min_sources]
    return paginate(claims, after=after, limit=limit)


def get_claim(session: Session, cid: str) -> Row:
    parts = cid.split(":")
    if len(parts) == 4:
        subject, metric, _, unit = parts
        for claim in all_claims(session, subjects=[subject], metric=metric):
            if claim["id"] == cid and claim["unit"] == unit:
                return claim
    raise NotFound(f"No claim with id {cid!r}.")
