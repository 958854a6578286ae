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

from app.search.normalize import normalize
from app.services.conflicts.events import EventData, Holder
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

    def titled(k: str, ps: list[Row]) -> list[tuple[Holder, tuple[str, str, str, str]]]:
        """Who the articles give the title this statement credits («كشفت وزيرة الانتقال
        الرقمي …» names the title, not the person)."""
        said = normalize(ps[0]["cites"][0]["quote"])
        return [
            (h, t)
            for h in data.holders.get(k, [])
            for t in h.titles
            if t[1] and normalize(t[1]) in said
        ]

    def credit(k: str, ps: list[Row]) -> str:
        quote, who = ps[0]["cites"][0]["quote"], ps[0]["party_name"]
        if not unnamed(ps):
            return f"{sources_text(srcs(ps))} credits {who} («{quote}»)"
        named = titled(k, ps)
        others = [h for h in data.holders.get(k, []) if all(h is not n for n, _ in named)]
        rest = " and ".join(f"{h.name} ({', '.join(sorted(h.sources))})" for h in others)
        if named:
            title, title_ar = named[0][1][0], named[0][1][1]
            gives = "; ".join(f"{t[2]} gives that title to {h.name} («{t[3]}»)" for h, t in named)
            also = f"; the articles give another role at the {who} to {rest}" if rest else ""
            return (
                f"{sources_text(srcs(ps))} credits «{quote}»: the {title} (the title "
                f"«{title_ar}»), whom that statement does not name; {gives}{also}; the "
                "statement does not say who held the title when it was made"
            )
        known = (
            f"; the articles give a role at that body to {rest}, and the statement does not "
            "say which, if either"
            if rest
            else ""
        )
        return (
            f"{sources_text(srcs(ps))} credits «{quote}», someone of the {who} whom that "
            f"statement does not name{known}"
        )

    def party(k: str, ps: list[Row]) -> str:
        if not unnamed(ps):
            return str(ps[0]["party_name"])
        named = titled(k, ps)
        if named:
            return f"the {named[0][1][0]}, not named in that statement"
        return f"someone of the {ps[0]['party_name']}, not named"

    said = "; ".join(f"{party(k, ps)} ({', '.join(srcs(ps))})" for k, ps in by_party.items())
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
                "value": party(k, ps),
                "label": "announced at " + ", ".join(sorted({p["event_id"] for p in ps})),
                "sources": srcs(ps),
            }
            for k, ps in by_party.items()
        ],
        citations=[c for p, _ in pairs for c in p["cites"]]
        + [c for _, link in pairs for c in link["cites"]],
    )
