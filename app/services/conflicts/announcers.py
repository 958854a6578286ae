"""Rule: different people or bodies credited with announcing one initiative. Always
``different_actors``: several can announce one thing, and an unnamed «وزيرة الانتقال
الرقمي» (002) may be the very minister another article names (000).

A party is credited with announcing an initiative only where an article says so in one
statement: one of its ``announced`` participation quotes overlaps a quote of the event's
``announced`` link to that initiative. Announcing the launch of the Jazari network (001)
is not announcing the 2030 plan.
"""

from __future__ import annotations

from collections import defaultdict

from app.services.conflicts.events import EventData
from app.services.conflicts.vocabulary import Row, conflict, record, sources_text


def _overlap(a: Row, b: Row) -> bool:
    return bool(
        a["source_id"] == b["source_id"] and a["start"] < b["end"] and b["start"] < a["end"]
    )


def credited(data: EventData) -> dict[str, list[tuple[Row, Row]]]:
    """Initiative id → (participant, link) pairs where one statement credits the party."""
    links = [x for x in data.links if x["relation"] == "announced"]
    out: dict[str, list[tuple[Row, Row]]] = defaultdict(list)
    for p in data.participants:
        if p["role"] != "announced":
            continue
        for link in links:
            if link["event_id"] == p["event_id"] and any(
                _overlap(c, d) for c in p["cites"] for d in link["cites"]
            ):
                out[link["initiative_id"]].append((p, link))
    return out


def announcer_conflicts(data: EventData) -> list[Row]:
    out = []
    for iid, pairs in sorted(credited(data).items()):
        if len({p["party"] for p, _ in pairs}) >= 2:
            out.append(_announcer(iid, data, pairs))
    return out


def _announcer(iid: str, data: EventData, pairs: list[tuple[Row, Row]]) -> Row:
    name = data.initiative_names[iid]
    by_party: dict[str, list[Row]] = defaultdict(list)
    for p, _ in sorted(pairs, key=lambda pair: min(c["source_id"] for c in pair[0]["cites"])):
        by_party[p["party"]].append(p)

    def srcs(ps: list[Row]) -> list[str]:
        return sorted({c["source_id"] for p in ps for c in p["cites"]})

    def unnamed(ps: list[Row]) -> bool:  # a body stands for someone of it left unnamed
        return bool(ps[0]["party_type"] == "partner")

    def credit(k: str, ps: list[Row]) -> str:
        quote, who = ps[0]["cites"][0]["quote"], ps[0]["party_name"]
        if not unnamed(ps):
            return f"{sources_text(srcs(ps))} credits {who} («{quote}»)"
        held = " and ".join(f"{name} ({', '.join(s)})" for name, s in data.holders.get(k, []))
        known = (
            f"; the articles give a role at that body to {held}, and the statement does not "
            "say which, if either"
            if held
            else ""
        )
        return (
            f"{sources_text(srcs(ps))} credits «{quote}», someone of the {who} whom that "
            f"statement does not name{known}"
        )

    def party(ps: list[Row]) -> str:
        who = ps[0]["party_name"]
        return f"someone of the {who}, not named" if unnamed(ps) else str(who)

    said = "; ".join(f"{party(ps)} ({', '.join(srcs(ps))})" for ps in by_party.values())
    event_ids = {p["event_id"] for p, _ in pairs}
    return conflict(
        "announcer_mismatch",
        iid,
        klass="different_actors",
        reason=f"{'; '.join(credit(k, ps) for k, ps in by_party.items())}. The articles "
        "credit different or unnamed actors, and none says the other did not announce it.",
        summary=f"{name}: different actors are credited with announcing it: {said}.",
        rule="different people or bodies are credited, in one statement each, with announcing "
        "one initiative",
        records=[record("initiative", iid)]
        + [record(ps[0]["party_type"], k) for k, ps in by_party.items()]
        + [record("event", e) for e in sorted(event_ids)],
        values=[
            {
                "record": record(ps[0]["party_type"], k),
                "value": party(ps),
                "label": "announced at " + ", ".join(sorted({p["event_id"] for p in ps})),
                "sources": srcs(ps),
            }
            for k, ps in by_party.items()
        ],
        citations=[c for p, _ in pairs for c in p["cites"]]
        + [c for _, link in pairs for c in link["cites"]],
    )
