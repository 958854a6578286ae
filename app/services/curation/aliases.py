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
from app.seed import load
from app.seed import schema as seed_schema
from app.services.curation.tables import T, not_retracted


def replace_aliases(
    session: Session,
    rtype: str,
    rid: str,
    values: dict[str, Any],
    aliases: Sequence[w.AliasIn] | None,
    old_names: Collection[str | None] = (),
) -> None:
    """Replace the record's alias rows the way the seeder makes them: its names first, then
    the curated aliases, each checked against the article it names (``load._Builder``)."""
    a = T["alias"]
    if aliases is None:  # keep the curated ones, re-derive the names
        names = set(old_names)
        aliases = [
            w.AliasIn(text=r["text"], lang=r["lang"], kind=r["kind"], source_id=r["source_id"])
            for r in session.execute(
                select(a.c.text, a.c.lang, a.c.kind, a.c.source_id)
                .where(a.c.record_type == rtype, a.c.record_id == rid, a.c.kind != "name")
                .order_by(a.c.id)
            ).mappings()
            if r["text"] not in names and r["lang"] in ("ar", "en", "fr", "latin")
        ]
    s = T["source"]
    builder = load._Builder(Path("."))
    builder.b.texts = dict(session.execute(select(s.c.id, s.c.text).where(*not_retracted(s))).all())
    builder.ids["source"] = set(builder.b.texts)
    entry = SimpleNamespace(
        name=values.get("name"), name_basis=values.get("name_basis"), name_ar=values.get("name_ar")
    )
    seed_aliases = [
        seed_schema.AliasIn(text=x.text, lang=x.lang, kind=x.kind, source=x.source_id)
        for x in aliases
    ]
    try:
        builder.aliases(
            "aliases",
            f"{rtype} {rid!r}",
            rtype,
            rid,
            load._names(entry),  # type: ignore[arg-type]
            seed_aliases,
        )
    except SeedError as exc:
        raise Unprocessable(exc.detail.removeprefix("aliases: ")) from None
    session.execute(delete(a).where(a.c.record_type == rtype, a.c.record_id == rid))
    if builder.b.aliases:
        session.execute(insert(a), [x.model_dump(exclude={"id"}) for x in builder.b.aliases])
