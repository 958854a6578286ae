"""The events the date and announcer rules compare: dates, links to initiatives, and the
people or bodies taking part, each with its citations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.search.normalize import name_key
from app.services import embed
from app.services.conflicts.vocabulary import Row, attributed
from app.services.event_dates import When, when
from app.services.pages import visible

T = SQLModel.metadata.tables


@dataclass
class Holder:
    """A person with a cited role at an organisation."""

    name: str
    sources: set[str]
    titles: list[tuple[str, str, str, str]]
    """(title, title_ar, source id, quote) of each citation of their roles there."""


@dataclass
class EventData:
    events: dict[str, Row]
    """Each event row with ``cites`` and ``when`` (:class:`app.services.event_dates.When`)."""
    links: list[Row]
    """event_initiative rows (plus implicit ``named_after`` links), with citations."""
    participants: list[Row]
    """event_participant rows with ``party`` (person or partner id), ``party_type`` and
    ``party_name``."""
    initiative_names: dict[str, str]
    roles: dict[str, set[str]]
    """Each person's organisations (partner ids), from their cited roles."""
    holders: dict[str, list[Holder]]
    """Each organisation's people with a cited role there."""

    def when(self, event_id: str) -> When:
        w: When = self.events[event_id]["when"]
        return w


def load_events(session: Session) -> EventData:
    ev, ei, ep = T["event"], T["event_initiative"], T["event_participant"]
    pe, pa = T["person"], T["partner"]
    events = {r["id"]: dict(r) for r in session.execute(ev.select().where(*visible(ev))).mappings()}
    links = [
        dict(r)
        for r in session.execute(ei.select().order_by(ei.c.id)).mappings()
        if r["event_id"] in events
    ]
    parts = [
        dict(r)
        for r in session.execute(
            select(ep, pe.c.name.label("person_name"), pa.c.name.label("partner_name"))
            .outerjoin(pe, pe.c.id == ep.c.person_id)
            .outerjoin(pa, pa.c.id == ep.c.partner_id)
            .order_by(ep.c.id)
        ).mappings()
        if r["event_id"] in events
    ]
    for p in parts:
        person = p["person_id"] is not None
        p["party"] = p["person_id"] if person else p["partner_id"]
        p["party_type"] = "person" if person else "partner"
        p["party_name"] = p["person_name"] if person else p["partner_name"]
    ecites = embed.citations(session, "event", list(events))
    for e in events.values():
        e["cites"] = attributed("event", e["id"], ecites.get(e["id"], []))
        e["when"] = when(e, e["cites"])
    for rtype, rows in (("event_initiative", links), ("event_participant", parts)):
        cites = embed.citations(session, rtype, [r["id"] for r in rows])
        for r in rows:
            r["cites"] = attributed(rtype, r["id"], cites.get(r["id"], []))
    ini, pr = T["initiative"].c, T["person_role"].c
    names = {r.id: r.name for r in session.execute(select(ini.id, ini.name))}
    roles: dict[str, set[str]] = {}
    role_rows = session.execute(
        select(pr.id, pr.person_id, pr.organisation_id, pr.title, pr.title_ar, pe.c.name)
        .join(pe, pe.c.id == pr.person_id)
        .where(pr.organisation_id.is_not(None), *visible(pe))
        .order_by(pe.c.name, pr.id)
    ).all()
    role_cites = embed.citations(session, "person_role", [r.id for r in role_rows])
    holders: dict[str, dict[str, Holder]] = {}
    for role_id, person_id, org, title, title_ar, person_name in role_rows:
        roles.setdefault(person_id, set()).add(org)
        cited = role_cites.get(role_id, [])
        if not cited:
            continue
        h = holders.setdefault(org, {}).setdefault(person_name, Holder(person_name, set(), []))
        h.sources.update(c["source_id"] for c in cited)
        h.titles += [(title, title_ar, c["source_id"], c["quote"]) for c in cited]
    links += _named_after(session, events, {x["event_id"] + x["initiative_id"] for x in links})
    people = {org: list(hs.values()) for org, hs in holders.items()}
    return EventData(events, links, parts, names, roles, people)


def _named_after(session: Session, events: dict[str, Row], linked: set[str]) -> list[Row]:
    """An event whose name contains an initiative's name (as an article writes it) is an
    event of that initiative: the "AI Made in Morocco" day and the initiative of that name."""
    a, ini = T["alias"].c, T["initiative"].c
    names = [
        (r.record_id, r.text)
        for r in session.execute(select(a.record_id, a.text).where(a.record_type == "initiative"))
    ]
    names += [(r.id, r.name_ar) for r in session.execute(select(ini.id, ini.name_ar)) if r.name_ar]
    out = []
    for e in events.values():
        keys = [f" {name_key(n)} " for n in (e["name"], e.get("name_ar")) if n]
        for iid in sorted(
            {
                iid
                for iid, text in names
                if len(name_key(text)) >= 10 and any(f" {name_key(text)} " in k for k in keys)
            }
        ):
            if e["id"] + iid not in linked:
                out.append(
                    {
                        "id": f"{e['id']}--{iid}--named_after",
                        "event_id": e["id"],
                        "initiative_id": iid,
                        "relation": "named_after",
                        "cites": [],
                    }
                )
    return out
