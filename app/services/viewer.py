"""What the HTML source viewer shows: an article with its citations, a figure with its
claim, conflicts and quotes. Plain data; the HTML is built in ``app.web``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.services import claims, conflicts
from app.services import figures as figures_service
from app.services import sources as sources_service
from app.services.citations import RECORD_PATHS

T = SQLModel.metadata.tables
Row = dict[str, Any]

PARENTS = {
    "person_role": ("person", "person_id"),
    "initiative_partner": ("initiative", "initiative_id"),
    "event_participant": ("event", "event_id"),
    "event_initiative": ("event", "event_id"),
}
"""Records without an endpoint of their own link to the record they belong to."""


def source_list(session: Session) -> list[Row]:
    s = T["source"].c
    return [dict(r) for r in session.execute(select(s.id, s.title).order_by(s.id)).mappings()]


def record_links(session: Session, cites: list[Row]) -> dict[tuple[str, str], str | None]:
    """Where each cited record is shown: a figure's HTML page, else its JSON resource."""
    out: dict[tuple[str, str], str | None] = {}
    for rtype, (parent, col) in PARENTS.items():
        ids = [c["record_id"] for c in cites if c["record_type"] == rtype]
        if ids:
            t = T[rtype].c
            for rid, pid in session.execute(select(t.id, t[col]).where(t.id.in_(ids))):
                out[(rtype, rid)] = RECORD_PATHS[parent].format(pid)
    for c in cites:
        key = (c["record_type"], c["record_id"])
        if key in out:
            continue
        if c["record_type"] == "figure":
            out[key] = f"/figures/{c['record_id']}"
        else:
            path = RECORD_PATHS.get(c["record_type"])
            out[key] = path.format(c["record_id"]) if path else None
    return out


def source_page(session: Session, source_id: str) -> Row:
    """The article, and every citation into it with ``verified`` and ``link``."""
    src = sources_service.get_source(session, source_id)
    c = T["citation"].c
    cites = [
        dict(r)
        for r in session.execute(
            T["citation"]
            .select()
            .where(c.source_id == source_id)
            .order_by(c.start, c.end.desc(), c.id)
        ).mappings()
    ]
    links = record_links(session, cites)
    text = src["text"]
    for x in cites:
        x["verified"] = text[x["start"] : x["end"]] == x["quote"]
        x["link"] = links.get((x["record_type"], x["record_id"]))
    return {"source": src, "citations": cites, "sources": source_list(session)}


def figure_page(session: Session, figure_id: str) -> Row:
    """A figure with its claim, conflicts, and quotes (its own, or its inputs')."""
    fig = figures_service.get_figure(session, figure_id)
    claim = None
    if fig["claim_id"] is not None:
        claim = claims.get_claim(session, fig["claim_id"])
    related = conflicts.load_figures(session, around=[figure_id])
    found = conflicts.with_reviews(
        session,
        [x for x in conflicts.figure_conflicts(session, related) if x["id"] in fig["conflict_ids"]],
    )
    quoted = fig["inputs"] if fig["derived"] else [fig]
    texts = _texts(session, {q["source_id"] for f in quoted for q in f["citations"]})
    # copies: the figure service may share its citation dicts between requests
    quoted = [
        {
            **f,
            "citations": [
                {**q, "verified": texts[q["source_id"]][q["start"] : q["end"]] == q["quote"]}
                for q in f["citations"]
            ],
        }
        for f in quoted
    ]
    return {
        "figure": fig,
        "claim": claim,
        "conflicts": found,
        "quoted": quoted,
        "sources": source_list(session),
    }


def _texts(session: Session, ids: set[str]) -> dict[str, str]:
    s = T["source"].c
    return {r.id: r.text for r in session.execute(select(s.id, s.text).where(s.id.in_(ids)))}
