"""A named record's alias rows, rebuilt the way the seeder builds them."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, delete, insert, literal, or_, select
from sqlmodel import Session

from app.errors import SeedError, Unprocessable
from app.models import writes as w
from app.seed import builder as seed_builder
from app.seed import schema as seed_schema
from app.seed.aliases import Owner, covering_words, name_words
from app.services.curation.citations import live_texts
from app.services.curation.tables import T
from app.services.prepared import Prepared

_PR, _A = T["person_role"].c, T["alias"].c
_ROLES = Prepared(select(_PR.person_id, _PR.organisation_id, _PR.title_ar))
_NAMED = Prepared(
    select(_A.record_type, _A.record_id, _A.text).where(
        _A.key.in_(bindparam("keys", expanding=True))
    ),
    expanding="keys",
)
"""The names that are one of ``keys`` (when no word of an article calls for more)."""
_DELETE = delete(T["alias"]).where(
    _A.record_type == bindparam("rtype"), _A.record_id == bindparam("rid")
)
_INSERT = insert(T["alias"])


def _other_names(
    session: Session, rtype: str, rid: str, words: set[str], keys: set[str]
) -> list[tuple[Owner | frozenset[Owner], str]]:
    """The names of the other records that have one of ``words``
    (``app.seed.aliases.covering_words``) or are one of ``keys`` (the record's own
    names: two people who share one), with what they are linked to, as the seeder sees
    them (``builder.Builder._names_with_links``): what a new alias must not only sit in.
    Only those can matter; reading every name of the base made each write's cost grow
    with the base (a whole-table read and a name index of it, per write)."""
    a, ip = _A, T["initiative_partner"].c
    found: list[Any]
    if words:
        spaced = literal(" ") + a.key + literal(" ")
        wanted = [
            a.key.in_(sorted(keys)),
            *(spaced.contains(f" {w} ", autoescape=True) for w in sorted(words)),
        ]
        stmt = select(a.record_type, a.record_id, a.text).where(or_(*wanted))
        found = list(session.execute(stmt))
    else:  # the usual case: a name no article writes
        found = _NAMED.rows(session, {"keys": sorted(keys)}) if keys else []
    linked: dict[Owner, set[Owner]] = {}
    inis = {i for t, i, _ in found if t == "initiative"}
    if inis:
        stmt = select(ip.initiative_id, ip.partner_id).where(ip.initiative_id.in_(sorted(inis)))
        for ini, partner in session.execute(stmt):
            linked.setdefault(("initiative", ini), set()).add(("partner", partner))
    names: list[tuple[Owner | frozenset[Owner], str]] = [
        ((t, i) if (t, i) not in linked else frozenset({(t, i)} | linked[(t, i)]), text)
        for t, i, text in found
        if (t, i) != (rtype, rid)
    ]
    for person, org, title in _ROLES.rows(session):
        split = name_words(title)
        if " ".join(split) in keys or not words.isdisjoint(split):
            names.append((frozenset({("person", person), ("partner", org or "")}), title))
    return names


def replace_aliases(
    session: Session,
    rtype: str,
    rid: str,
    values: dict[str, Any],
    aliases: Sequence[w.AliasIn] | None,
    old_names: Collection[str | None] = (),
    texts: Mapping[str, str] | None = None,
) -> None:
    """Replace the record's alias rows the way the seeder makes them: its names first, then
    the curated aliases, each checked against the article it names
    (``app.seed.builder.Builder``). ``texts``: every live article's text
    (:func:`live_texts`), when the caller has read them already."""
    a = T["alias"]
    if aliases is None:  # keep the curated ones, re-derive the names
        names = set(old_names)
        aliases = [
            w.AliasIn(
                text=r["text"],
                lang=r["lang"],
                kind=r["kind"],
                source_id=r["source_id"],
                kept_because=r["kept_because"],
            )
            for r in session.execute(
                select(a.c.text, a.c.lang, a.c.kind, a.c.source_id, a.c.kept_because)
                .where(a.c.record_type == rtype, a.c.record_id == rid, a.c.kind != "name")
                .order_by(a.c.id)
            ).mappings()
            if r["text"] not in names and r["lang"] in ("ar", "en", "fr", "latin")
        ]
    builder = seed_builder.Builder(Path("."))
    builder.b.texts = dict(live_texts(session) if texts is None else texts)
    builder.ids["source"] = set(builder.b.texts)
    if rtype == "person":
        builder.given_names[(rtype, rid)] = (values.get("given_name_ar"), values.get("given_name"))
    entry = SimpleNamespace(
        name=values.get("name"), name_basis=values.get("name_basis"), name_ar=values.get("name_ar")
    )
    seed_aliases = [
        seed_schema.AliasIn(
            text=x.text,
            lang=x.lang,
            kind=x.kind,
            source=x.source_id,
            kept_because=x.kept_because,
        )
        for x in aliases
    ]
    try:
        builder.aliases(
            "aliases",
            f"{rtype} {rid!r}",
            rtype,
            rid,
            seed_builder.names(entry),  # type: ignore[arg-type]
            seed_aliases,
        )
        own = builder.b.aliases
        words = covering_words(builder.b.texts.values(), [x.text for x in own])
        builder.check_alias_names(_other_names(session, rtype, rid, words, {x.key for x in own}))
    except SeedError as exc:
        raise Unprocessable(exc.detail.removeprefix("aliases: ")) from None
    session.execute(_DELETE, {"rtype": rtype, "rid": rid})
    if builder.b.aliases:
        session.execute(_INSERT, [x.model_dump(exclude={"id"}) for x in builder.b.aliases])
