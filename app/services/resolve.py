"""Names → records: ``/v1/resolve``, and the name filters of every list.

A filter may name a record by id or by any alias, in any script. A name that
stands for several records (``person=Mezzour``: Ghita and Ryad Mezzour) is an
``ambiguous`` problem listing the candidates with their ids, as
``/v1/resolve`` gives them, never a silent merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select, text, tuple_
from sqlmodel import Session, SQLModel

from app.errors import BadRequest
from app.search.normalize import name_key
from app.search.query import NAME, Match, match_clause
from app.services.search import RESOLVE_TYPES, names_of

T = SQLModel.metadata.tables


class Ambiguous(BadRequest):
    """A filter names several records; ``errors[0].candidates`` lists them with their ids."""

    title, slug = "Ambiguous name", "ambiguous"


def ids_for(session: Session, rtype: str, value: str, *, param: str | None = None) -> list[str]:
    """Every ``rtype`` id that ``value`` names: the id itself, else the record its aliases
    name. Several records sharing the alias are decided as ``/v1/resolve`` decides (a given
    name picks one Mezzour); still several is :class:`Ambiguous` for query parameter
    ``param`` (default: ``rtype``). No match is ``[]``: the filter matches nothing."""
    table = T[rtype].c
    if session.execute(select(table.id).where(table.id == value)).first() is not None:
        return [value]
    key = name_key(value)
    if not key:
        return []
    a = T["alias"].c
    stmt = (
        select(a.record_id)
        .where(a.record_type == rtype, a.key == key)
        .distinct()
        .order_by(a.record_id)
    )
    ids = list(session.scalars(stmt))
    if len(ids) <= 1:
        return ids
    found = resolve_name(session, value, type=rtype) if rtype in RESOLVE_TYPES else None
    if found is not None and found["resolved"] is not None:
        return [found["resolved"]["id"]]
    names = names_of(session, [{"record_type": rtype, "record_id": i} for i in ids])
    candidates = [
        {"type": rtype, "id": i, "name": names.get((rtype, i), (i, None))[0]}
        | {"name_ar": names.get((rtype, i), (i, None))[1]}
        for i in ids
    ]
    name = param or rtype
    listed = "; ".join(f"{c['id']} ({c['name']})" for c in candidates)
    raise Ambiguous(
        f"Query parameter '{name}' names {len(ids)} records: {listed}. "
        "Give one of their ids, or a fuller name.",
        errors=[
            {
                "in": "query",
                "name": name,
                "message": "ambiguous: names several records",
                "value": value,
                "candidates": candidates,
            }
        ],
    )


@dataclass
class _Candidate:
    type: str
    id: str
    aliases: list[dict[str, Any]] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    exact: bool = False


def resolve_name(session: Session, name: str, *, type: str | None = None) -> dict[str, Any]:
    """The record ``name`` refers to, or ``None`` with every candidate when it is ambiguous.

    Candidates are records with an alias sharing a whole token with ``name``.
    Their match is ``exact`` (an alias equals the name), ``all_tokens`` (the
    record's aliases together contain every token: "أمل الفلاح صغروتشني"), or
    ``partial``. Decision, in order:

    1. two or more people match fully and the name holds none of their given
       names: a bare family name ("Seghrouchni", "مزور") is ambiguous;
    2. exactly one record matches exactly: that record ("Jazari", "عمر صغروتشني");
    3. several match exactly: ambiguous ("الجزري" is the network and the scholar);
    4. none exactly, one fully: that record; otherwise ambiguous.
    """
    match = Match.of(name)
    query = {"query": name, "key": match.key}
    if not match:
        return {**query, "resolved": None, "candidates": [], "reason": "no letters or digits"}
    qtokens = set(match.alternatives[0])
    types = [type] if type else list(RESOLVE_TYPES)
    cands = _candidates(session, Match(match.key, tuple((t,) for t in qtokens)), types)
    for c in cands:
        c.exact = any(a["key"] == match.key for a in c.aliases)
        for a in c.aliases:
            c.tokens |= qtokens & set(a["key"].split())
    full = [c for c in cands if c.exact or c.tokens == qtokens]
    resolved, reason = _decide(session, full, qtokens)
    names = names_of(session, [{"record_type": c.type, "record_id": c.id} for c in cands])
    ordered = sorted(
        cands, key=lambda c: (not c.exact, c.tokens != qtokens, -len(c.tokens), c.type, c.id)
    )
    return {
        **query,
        "resolved": _ref(resolved, names) if resolved else None,
        "reason": reason,
        "candidates": [_candidate_out(c, match.key, qtokens, names) for c in ordered],
    }


def _candidates(session: Session, match: Match, types: list[str]) -> list[_Candidate]:
    cond, params = match_clause(session, match, (NAME,), prefix=False)
    stmt = text(
        f"SELECT DISTINCT d.record_type, d.record_id FROM search_doc d WHERE {cond} "
        "AND d.record_type IN :types ORDER BY d.record_type, d.record_id LIMIT 50"
    ).bindparams(bindparam("types", expanding=True))
    keys = [(r[0], r[1]) for r in session.execute(stmt, {**params, "types": types})]
    if not keys:
        return []
    d = T["search_doc"].c
    rows = session.execute(
        select(d.record_type, d.record_id, d.text, d.text_key, d.source_id, d.alias_kind, d.field)
        .where(d.tier == NAME, tuple_(d.record_type, d.record_id).in_(keys))
        .order_by(d.id)
    ).all()
    by_key = {k: _Candidate(*k) for k in keys}
    for rtype, rid, alias, key, source_id, kind, fld in rows:
        by_key[(rtype, rid)].aliases.append(
            {
                "text": alias,
                "key": key,
                "source_id": source_id,
                "kind": kind,
                "field": fld,
            }
        )
    return list(by_key.values())


def _decide(
    session: Session, full: list[_Candidate], qtokens: set[str]
) -> tuple[_Candidate | None, str]:
    people = [c for c in full if c.type == "person"]
    if len(people) > 1 and not qtokens & _given_names(session, [c.id for c in people]):
        return None, "ambiguous: several people share this name; add a given name"
    exact = [c for c in full if c.exact]
    if len(exact) == 1:
        return exact[0], "one record has this exact name or alias"
    if len(exact) > 1:
        return None, "ambiguous: several records have this exact name or alias"
    if len(full) == 1:
        return full[0], "one record's names contain every word of the query"
    if full:
        return None, "ambiguous: several records' names contain every word of the query"
    return None, "no record's names contain every word of the query"


def _given_names(session: Session, person_ids: list[str]) -> set[str]:
    p = T["person"].c
    rows = session.execute(select(p.given_name, p.given_name_ar).where(p.id.in_(person_ids)))
    return {t for row in rows for v in row if v for t in name_key(v).split()}


def _ref(c: _Candidate, names: dict[tuple[str, str], tuple[str, str | None]]) -> dict[str, Any]:
    name, name_ar = names.get((c.type, c.id), (c.id, None))
    return {"type": c.type, "id": c.id, "name": name, "name_ar": name_ar}


def _candidate_out(
    c: _Candidate,
    key: str,
    qtokens: set[str],
    names: dict[tuple[str, str], tuple[str, str | None]],
) -> dict[str, Any]:
    kind = "exact" if c.exact else "all_tokens" if c.tokens == qtokens else "partial"
    why = [
        {
            "text": a["text"],
            "source_id": a["source_id"],
            "kind": a["kind"],
            "field": a["field"],
            "match": "exact" if a["key"] == key else "tokens",
        }
        for a in c.aliases
        if qtokens & set(a["key"].split())
    ]
    return {**_ref(c, names), "match": kind, "matched_tokens": sorted(c.tokens), "aliases": why}
