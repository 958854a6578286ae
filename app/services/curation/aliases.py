"""A named record's alias rows, rebuilt the way the seeder builds them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from app.errors import SeedError, Unprocessable
from app.models import writes as w
from app.seed import builder as seed_builder
from app.seed import schema as seed_schema
from app.seed.aliases import Owner
from app.services.curation.tables import T, not_retracted


def _other_names(
    session: Session, rtype: str, rid: str
) -> list[tuple[Owner | frozenset[Owner], str]]:
    """The names of every other live record, with what they are linked to, as the seeder
    sees them (``builder.Builder._names_with_links``): what a new alias must not only sit in."""
    a, ip, pr = T["alias"].c, T["initiative_partner"].c, T["person_role"].c
    linked: dict[Owner, set[Owner]] = {}
    for ini, partner in session.execute(select(ip.initiative_id, ip.partner_id)):
        linked.setdefault(("initiative", ini), set()).add(("partner", partner))
    names: list[tuple[Owner | frozenset[Owner], str]] = [
        ((t, i) if (t, i) not in linked else frozenset({(t, i)} | linked[(t, i)]), text)
        for t, i, text in session.execute(select(a.record_type, a.record_id, a.text))
        if (t, i) != (rtype, rid)
    ]
    names += [
        (frozenset({("person", person), ("partner", org or "")}), title)
        for person, org, title in session.execute(
            select(pr.person_id, pr.organisation_id, pr.title_ar)
        )
    ]
    return names


def replace_aliases(
    session: Session,
    rtype: str,
    rid: str,
    values: dict[str, Any],
    aliases: Sequence[w.AliasIn] | None,
    old_names: Collection[str | None] = (),
) -> None:
    """Replace the record's alias rows the way the seeder makes them: its names first, then
    the curated aliases, each checked against the article it names
    (``app.seed.builder.Builder``)."""
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
    s = T["source"]
    builder = seed_builder.Builder(Path("."))
    builder.b.texts = dict(session.execute(select(s.c.id, s.c.text).where(*not_retracted(s))).all())
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
        builder.check_alias_names(_other_names(session, rtype, rid))
    except SeedError as exc:
        raise Unprocessable(exc.detail.removeprefix("aliases: ")) from None
    session.execute(delete(a).where(a.c.record_type == rtype, a.c.record_id == rid))
    if builder.b.aliases:
        session.execute(insert(a), [x.model_dump(exclude={"id"}) for x in builder.b.aliases])
