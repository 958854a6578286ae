"""Rule: one person, organisation or initiative whose name different articles spell
differently: «السغروشني» (000, 004), «سغروتشني» and «صغروتشني» (001). Always ``spelling``.

Found from the aliases the seed records (each with the article that writes it): two
aliases from different articles that differ only by the spelling of some words. The
conflict lists each differing word with every article whose quotes about the record
write it.
"""

from __future__ import annotations

from collections import defaultdict
from difflib import SequenceMatcher
from itertools import combinations

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.search.normalize import name_key
from app.services import embed
from app.services.conflicts.vocabulary import Row, conflict, record, sources_text

T = SQLModel.metadata.tables
NAMED = ("person", "partner", "initiative")
SPELLING_SIMILARITY = 0.75
_SUB_RECORDS = {
    "person": (("person_role", "person_id"), ("event_participant", "person_id")),
    "partner": (("event_participant", "partner_id"),),
    "initiative": (("initiative_partner", "initiative_id"), ("event_initiative", "initiative_id")),
}


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _similar(x: str, y: str) -> bool:
    return SequenceMatcher(None, x, y).ratio() >= SPELLING_SIMILARITY


def spelling_variant(a: str, b: str) -> bool:
    """Two names that differ only by the spelling of some words (سغروتشني/السغروشني),
    not by different words (الحوسبة السحابية / السحابة الوطنية)."""
    ta, tb = name_key(a).split(), name_key(b).split()
    if len(ta) != len(tb) or ta == tb or _is_arabic(a) != _is_arabic(b):
        return False
    return all(x == y or _similar(x, y) for x, y in zip(ta, tb, strict=True))


def _surface(text: str) -> dict[str, str]:
    """Each word key of a name → the word as written (``سغروشني`` → ``السغروشني``)."""
    words = [w for w in text.split() if name_key(w)]
    return {name_key(w): w.strip("«»“”\"'") for w in words if len(name_key(w).split()) == 1}


def _variant_words(aliases: list[Row]) -> dict[str, str]:
    """Word keys that differ between two articles' spellings of the name → as written;
    then every alias word that looks like one of them («صغروتشني» in «الفلاح صغروتشني»)."""
    out: dict[str, str] = {}
    written: dict[str, str] = {}
    for r in aliases:
        written = {**_surface(r["text"]), **written}
    for x, y in combinations(aliases, 2):
        if x["source_id"] != y["source_id"] and spelling_variant(x["text"], y["text"]):
            kx, ky = name_key(x["text"]).split(), name_key(y["text"]).split()
            for a, b in zip(kx, ky, strict=True):
                if a != b:
                    out.setdefault(a, written.get(a, a))
                    out.setdefault(b, written.get(b, b))
    for r in aliases:
        if _is_arabic(r["text"]) and out:
            for k in name_key(r["text"]).split():
                if k not in out and any(_similar(k, d) for d in list(out)):
                    out[k] = written.get(k, k)
    return out


def spelling_conflicts(session: Session) -> list[Row]:
    a = T["alias"].c
    rows = (
        session.execute(
            select(a.record_type, a.record_id, a.text, a.source_id)
            .where(a.source_id.is_not(None), a.record_type.in_(NAMED))
            .order_by(a.record_type, a.record_id, a.id)
        )
        .mappings()
        .all()
    )
    by_record: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        by_record[(r["record_type"], r["record_id"])].append(dict(r))
    found = [
        (rtype, rid, words)
        for (rtype, rid), aliases in sorted(by_record.items())
        if (words := _variant_words(aliases))
    ]
    out = []
    for rtype, rid, words in found:
        name = embed.by_ids(session, rtype, [rid], "name").get(rid, {}).get("name", rid)
        cites = _citations_writing(session, rtype, rid, set(words))
        alias_sources = {
            k: {r["source_id"] for r in by_record[(rtype, rid)] if k in name_key(r["text"]).split()}
            for k in words
        }
        variants = [
            {
                "text": words[k],
                "sources": sorted(
                    alias_sources[k]
                    | {c["source_id"] for c in cites if k in name_key(c["quote"]).split()}
                ),
            }
            for k in words
        ]
        variants.sort(key=lambda v: (v["sources"][0], v["text"]))
        out.append(_spelling(rtype, rid, name, variants, cites))
    return out


def _citations_writing(session: Session, rtype: str, rid: str, keys: set[str]) -> list[Row]:
    """Citations of the record (and of its roles and event parts) that write a variant."""
    owners: dict[str, list[str]] = {rtype: [rid]}
    for table, col in _SUB_RECORDS[rtype]:
        owners[table] = list(session.scalars(select(T[table].c.id).where(T[table].c[col] == rid)))
    out = []
    for owner_type, ids in owners.items():
        for owner_id, cites in embed.citations(session, owner_type, ids).items():
            out += [
                {**c, "record_type": owner_type, "record_id": owner_id}
                for c in cites
                if keys & set(name_key(c["quote"]).split())
            ]
    return out


def _spelling(rtype: str, rid: str, name: str, variants: list[Row], cites: list[Row]) -> Row:
    said = "; ".join(f"\u201c{v['text']}\u201d ({', '.join(v['sources'])})" for v in variants)
    listed = ", ".join(f"«{v['text']}» ({sources_text(v['sources'])})" for v in variants)
    return conflict(
        "spelling",
        f"{rtype}:{rid}",
        klass="spelling",
        reason=f"{listed} are spellings of one name (of {name}): the articles differ in how "
        "they write it, not in whom or what they mean.",
        summary=f"{name} is spelled differently by different articles: {said}.",
        rule="aliases of one record that differ only in spelling, written by different sources",
        records=[record(rtype, rid)],
        values=[
            {"record": record(rtype, rid, "alias"), "value": v["text"], "sources": v["sources"]}
            for v in variants
        ],
        citations=cites,
    )
