"""The write path: curated records, their citations, versions, retractions and history.

Every write is one transaction that

1. takes the write lock by bumping ``meta.data_version`` as its first statement (SQLite:
   the first write statement takes the database's write lock, so later reads in the
   transaction see the latest commit; PostgreSQL: a row lock on that ``meta`` row), so
   writers queue instead of failing and caches keyed by the data version never serve a
   response older than the write;
2. checks the caller's ``If-Match`` version and updates with
   ``UPDATE … SET version = version + 1 WHERE id = :id AND version = :v`` (rowcount 1 or
   412), so no update is ever lost;
3. verifies every citation with the seeder's own rules: ``app.seed.verify.locate`` finds
   the quote (verbatim, code points) and computes the offsets, ``verify.context`` the
   prefix/suffix, ``app.seed.load.citation_id`` the id, and a figure's number must be in
   its quote (``app.seed.numbers.mentions_value``);
4. appends a ``revision`` row (who, when, before, after, changed fields);
5. rebuilds the search index (``app.search.index``) without retracted records.

Nothing partial is ever stored: any problem raises before commit.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Table, delete, exists, func, insert, select, update
from sqlmodel import Session, SQLModel

from app.errors import Conflict, NotFound, PreconditionFailed, SeedError, Unprocessable
from app.models import writes as w
from app.search import index as search_index
from app.seed import load, verify
from app.seed import schema as seed_schema
from app.seed.numbers import mentions_value
from app.seed.verify import QuoteError
from app.services.keys import Actor, now
from app.services.pages import record

T = SQLModel.metadata.tables
DATA_VERSION = "data_version"

RECORD_TABLES = ("source", "partner", "person", "initiative", "event", "figure")
"""Record types with ``version`` and ``retracted_at``."""

LINKS = {
    # owner type -> (link table, owner column, link record_type)
    "initiative": [("initiative_partner", "initiative_id")],
    "person": [("person_role", "person_id")],
    "event": [("event_participant", "event_id"), ("event_initiative", "event_id")],
}


@dataclass
class Written:
    """What a write returns to the router: the record, its new version and data version."""

    record_type: str
    record_id: str
    version: int
    data_version: str
    retracted_at: str | None = None


# -- plumbing --------------------------------------------------------------------------


def _rowcount(result: Any) -> int:
    return int(result.rowcount)


def _live(t: Table) -> list[Any]:
    return [t.c.retracted_at.is_(None)] if "retracted_at" in t.c else []


def lock(session: Session) -> str:
    """First statement of every write transaction: a new ``meta.data_version``."""
    token = uuid.uuid4().hex[:16]
    meta = T["meta"]
    done = _rowcount(
        session.execute(update(meta).where(meta.c.key == DATA_VERSION).values(value=token))
    )
    if not done:
        session.execute(insert(meta).values(key=DATA_VERSION, value=token))
    return token


def _row(session: Session, table: str, rid: str, *, live: bool = True) -> dict[str, Any] | None:
    t = T[table]
    where = [t.c.id == rid, *(_live(t) if live else [])]
    found = session.execute(select(t).where(*where)).mappings().first()
    return dict(found) if found is not None else None


def _exists(session: Session, table: str, rid: str) -> bool:
    t = T[table]
    return session.execute(select(t.c.id).where(t.c.id == rid)).first() is not None


def _need(session: Session, table: str, rid: str | None, name: str) -> None:
    """A reference must name a live record: otherwise 422 (dangling reference)."""
    if rid is None:
        return
    t = T[table]
    if session.execute(select(t.c.id).where(t.c.id == rid, *_live(t))).first() is None:
        raise Unprocessable(
            f"{name}: unknown {table} {rid!r} (dangling reference)",
            errors=[{"in": "body", "name": name, "message": f"unknown {table}"}],
        )


def _check_version(row: dict[str, Any], expected: Collection[int], what: str) -> None:
    if row["version"] not in expected:
        want = ", ".join(f"v{v}" for v in sorted(expected))
        raise PreconditionFailed(
            f"{what} is at version {row['version']} (ETag v{row['version']}), not {want}: "
            "GET it again, re-apply your change and retry."
        )


def _guarded_update(
    session: Session, table: str, rid: str, version: int, values: dict[str, Any]
) -> int:
    """``UPDATE … SET version = version + 1 WHERE id AND version``: no lost update."""
    t = T[table]
    done = _rowcount(
        session.execute(
            update(t)
            .where(t.c.id == rid, t.c.version == version, *_live(t))
            .values(**values, version=t.c.version + 1)
        )
    )
    if done != 1:
        raise PreconditionFailed(f"{table} {rid!r} changed meanwhile: GET it again and retry.")
    return version + 1


def _json(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _json(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_json(x) for x in v]
    return v


def _cites_of(session: Session, rtype: str, rid: str) -> list[dict[str, Any]]:
    c = T["citation"].c
    rows = session.execute(
        select(c.id, c.source_id, c.quote, c.start, c.end, c.field)
        .where(c.record_type == rtype, c.record_id == rid)
        .order_by(c.source_id, c.start, c.id)
    ).mappings()
    return [dict(r) for r in rows]


def snapshot(session: Session, rtype: str, rid: str) -> dict[str, Any] | None:
    """The record as its history shows it: columns, citations, aliases and owned links."""
    row = _row(session, rtype, rid, live=False)
    if row is None:
        return None
    if rtype == "source":
        text = row.pop("text")
        row["text_length"] = len(text)
    if rtype == "figure":
        for table in ("fund", "target"):
            t = T[table]
            extra = session.execute(select(t).where(t.c.figure_id == rid)).mappings().first()
            if extra is not None:
                row |= {k: v for k, v in extra.items() if k != "figure_id"}
        fi = T["figure_input"].c
        if row.get("derived"):
            row["inputs"] = list(
                session.scalars(
                    select(fi.input_id).where(fi.derived_id == rid).order_by(fi.position)
                )
            )
    if row.get("retracted_at") is None:
        row.pop("retracted_at", None)
    row["citations"] = _cites_of(session, rtype, rid)
    a = T["alias"].c
    if rtype in ("partner", "person", "initiative", "event"):
        row["aliases"] = [
            dict(r)
            for r in session.execute(
                select(a.text, a.lang, a.kind, a.source_id)
                .where(a.record_type == rtype, a.record_id == rid)
                .order_by(a.id)
            ).mappings()
        ]
    for table, owner in LINKS.get(rtype, []):
        t = T[table]
        links = []
        for link in session.execute(select(t).where(t.c[owner] == rid).order_by(t.c.id)).mappings():
            d = {k: v for k, v in link.items() if k != owner}
            d["citations"] = _cites_of(session, table, link["id"])
            links.append(d)
        row[table] = links
    out: dict[str, Any] = _json(row)
    return out


def _changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    b, a = before or {}, after or {}
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and k != "version")


def _revision(
    session: Session,
    actor: Actor,
    rtype: str,
    rid: str,
    action: str,
    version: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    session.execute(
        insert(T["revision"]).values(
            record_type=rtype,
            record_id=rid,
            action=action,
            version=version,
            actor_key_id=actor.key_id,
            actor_name=actor.name,
            at=now(),
            before=before,
            after=after,
            changed=_changed(before, after),
        )
    )


def reindex(session: Session) -> None:
    """Rebuild the search index from live records only (same transaction)."""
    hidden: set[tuple[str, str]] = set()
    for table in RECORD_TABLES:
        t = T[table]
        hidden |= {
            (table, rid)
            for rid in session.scalars(select(t.c.id).where(t.c.retracted_at.is_not(None)))
        }
    rows = [
        r
        for r in search_index.build_docs(session)
        if (r["record_type"], r["record_id"]) not in hidden
        and ("source", r["source_id"]) not in hidden
    ]
    for i, r in enumerate(rows, start=1):
        r["id"] = i
    search_index.write(session, rows)


def _finish(session: Session, token: str, rtype: str, rid: str) -> Written:
    reindex(session)
    row = _row(session, rtype, rid, live=False)
    assert row is not None
    at = record(row).get("retracted_at")
    return Written(rtype, rid, row["version"], token, at)


# -- citations -------------------------------------------------------------------------


def _texts(session: Session, ids: Collection[str]) -> dict[str, str]:
    s = T["source"]
    return dict(
        session.execute(select(s.c.id, s.c.text).where(s.c.id.in_(list(ids)), *_live(s))).all()
    )


def _quote_problem(text: str, c: w.CitationIn, exc: QuoteError) -> str:
    n = len(verify.occurrences(text, c.quote))
    if n > 1 and c.occurrence is None:
        return (
            f"ambiguous: the quote occurs {n} times in source {c.source_id}; "
            f"give occurrence (1–{n})"
        )
    if n == 0:
        for form in ("NFC", "NFD", "NFKC"):
            if unicodedata.normalize(form, c.quote) != c.quote and verify.occurrences(
                text, unicodedata.normalize(form, c.quote)
            ):
                return (
                    f"not verbatim in source {c.source_id}: it matches only after "
                    f"Unicode {form} normalisation; send the article's exact code points"
                )
        return f"not verbatim in source {c.source_id}: {exc}"
    return f"{exc} (source {c.source_id})"


def make_citations(
    session: Session,
    rtype: str,
    rid: str,
    cites: Sequence[w.CitationIn],
    *,
    where: str = "citations",
) -> list[dict[str, Any]]:
    """Citation rows for ``cites``: each quote located in its (live) source by the server."""
    texts = _texts(session, {c.source_id for c in cites})
    out: list[dict[str, Any]] = []
    for i, c in enumerate(cites):
        name = f"{where}[{i}]"
        text = texts.get(c.source_id)
        if text is None:
            raise Unprocessable(
                f"{name}: unknown source {c.source_id!r} (dangling reference)",
                errors=[{"in": "body", "name": f"{name}.source_id", "message": "unknown source"}],
            )
        try:
            start, end = verify.locate(text, c.quote, c.occurrence)
        except QuoteError as exc:
            problem = _quote_problem(text, c, exc)
            raise Unprocessable(
                f"{name}: {problem}",
                errors=[{"in": "body", "name": f"{name}.quote", "message": problem}],
            ) from None
        prefix, suffix = verify.context(text, start, end)
        cid = load.citation_id(rtype, rid, c.field, c.source_id, start)
        if any(x["id"] == cid for x in out):
            raise Unprocessable(
                f"{name}: the same quote is cited twice",
                errors=[{"in": "body", "name": f"{name}.quote", "message": "cited twice"}],
            )
        out.append(
            {
                "id": cid,
                "source_id": c.source_id,
                "record_type": rtype,
                "record_id": rid,
                "field": c.field,
                "quote": c.quote,
                "start": start,
                "end": end,
                "prefix": prefix,
                "suffix": suffix,
            }
        )
    return out


def _store_citations(
    session: Session, rtype: str, rid: str, rows: list[dict[str, Any]], *, replace: bool
) -> None:
    c = T["citation"]
    if replace:
        session.execute(delete(c).where(c.c.record_type == rtype, c.c.record_id == rid))
    if rows:
        session.execute(insert(c), rows)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def check_numbers(
    cites: Sequence[dict[str, Any]],
    value: float,
    deadline_year: int | None,
    *,
    where: str = "citations",
) -> None:
    """A figure's number must be in every quote that cites its value (the seeder's rule)."""
    for i, c in enumerate(cites):
        name = f"{where}[{i}]"
        if c["field"] in (None, "value") and not mentions_value(c["quote"], value):
            raise Unprocessable(
                f"{name}: the number {_fmt(value)} is not in its quote «{c['quote']}»",
                errors=[
                    {
                        "in": "body",
                        "name": f"{name}.quote",
                        "message": f"does not state {_fmt(value)}",
                    }
                ],
            )
        if (
            c["field"] == "deadline_year"
            and deadline_year is not None
            and not mentions_value(c["quote"], deadline_year)
        ):
            raise Unprocessable(
                f"{name}: the deadline {deadline_year} is not in its quote «{c['quote']}»",
                errors=[
                    {
                        "in": "body",
                        "name": f"{name}.quote",
                        "message": f"does not state {deadline_year}",
                    }
                ],
            )


# -- aliases ---------------------------------------------------------------------------


def _aliases(
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
    builder.b.texts = dict(session.execute(select(s.c.id, s.c.text).where(*_live(s))).all())
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


# -- records ---------------------------------------------------------------------------

NAMED = ("partner", "person", "initiative", "event")

COLUMNS = {
    "partner": ("name", "name_basis", "name_ar", "kind", "country", "country_basis", "description"),
    "person": ("name", "name_basis", "name_ar", "given_name", "given_name_ar", "description"),
    "initiative": (
        "name",
        "name_basis",
        "name_ar",
        "kind",
        "parent_id",
        "region",
        "region_basis",
        "region_ar",
        "location",
        "location_ar",
        "status",
        "description",
    ),
    "event": (
        "kind",
        "name",
        "name_basis",
        "name_ar",
        "happened_on",
        "happened_year",
        "happened_month",
        "date_precision",
        "not_after",
        "date_text_ar",
        "place",
        "place_ar",
        "description",
    ),
    "source": (
        "title",
        "author",
        "outlet",
        "published_on",
        "published_on_precision",
        "kind",
        "language",
        "url",
        "notes",
    ),
}


def _validate_record(session: Session, rtype: str, rid: str, v: dict[str, Any]) -> None:
    """Cross-field rules of the seed format, and references (the schema checks the rest)."""
    if rtype == "partner" and (v.get("country") is None) != (v.get("country_basis") is None):
        raise Unprocessable("country and country_basis are given together or not at all")
    if rtype == "initiative":
        if (v.get("region") is None) != (v.get("region_basis") is None):
            raise Unprocessable("region and region_basis are given together or not at all")
        parent = v.get("parent_id")
        _need(session, "initiative", parent, "parent_id")
        _no_cycle(session, "initiative", "id", "parent_id", rid, parent, "parent_id")
    if rtype == "event":
        d, end = v.get("happened_on"), v.get("not_after")
        if d and (
            v.get("happened_year") not in (None, d.year)
            or v.get("happened_month") not in (None, d.month)
        ):
            raise Unprocessable("happened_year/happened_month disagree with happened_on")
        if d and end and d > end:
            raise Unprocessable("happened_on is after not_after")


def _no_cycle(
    session: Session,
    table: str,
    key: str,
    parent_col: str,
    rid: str,
    parent: str | None,
    name: str,
) -> None:
    """``rid`` may not be its own ancestor (a fund as its own parent, or any longer cycle)."""
    t = T[table]
    seen, cur = {rid}, parent
    while cur is not None:
        if cur in seen:
            raise Unprocessable(
                f"{name}: {cur!r} would make {table} {rid!r} its own ancestor (a cycle)",
                errors=[{"in": "body", "name": name, "message": "cycle"}],
            )
        seen.add(cur)
        cur = session.execute(select(t.c[parent_col]).where(t.c[key] == cur)).scalar()


def create_record(
    session: Session,
    actor: Actor,
    rtype: str,
    body: w.PartnerCreate | w.PersonCreate | w.InitiativeCreate | w.EventCreate,
) -> Written:
    with session.begin():
        token = lock(session)
        if _exists(session, rtype, body.id):
            raise Conflict(
                f"A {rtype} with id {body.id!r} exists already (maybe retracted); "
                "choose another id or PATCH it."
            )
        values = {k: getattr(body, k) for k in COLUMNS[rtype]}
        _validate_record(session, rtype, body.id, values)
        cites = make_citations(session, rtype, body.id, body.citations)
        session.execute(insert(T[rtype]).values(id=body.id, **values, version=1))
        _store_citations(session, rtype, body.id, cites, replace=False)
        _aliases(session, rtype, body.id, values, getattr(body, "aliases", []))
        _revision(
            session, actor, rtype, body.id, "create", 1, None, snapshot(session, rtype, body.id)
        )
        return _finish(session, token, rtype, body.id)


def update_record(
    session: Session,
    actor: Actor,
    rtype: str,
    rid: str,
    expected: Collection[int],
    body: w.Patch,
) -> Written:
    """PATCH: only the fields the body names change; ``citations`` replaces the record's own."""
    given = body.model_fields_set
    data: Any = body
    with session.begin():
        token = lock(session)
        row = _row(session, rtype, rid)
        if row is None:
            raise NotFound(f"No {rtype} with id {rid!r}.")
        _check_version(row, expected, f"{rtype} {rid!r}")
        before = snapshot(session, rtype, rid)
        cols = COLUMNS[rtype]
        changes = {k: getattr(body, k) for k in given if k in cols}
        merged = {k: row[k] for k in cols} | changes
        _validate_record(session, rtype, rid, merged)
        if rtype == "source":
            changes |= _source_text(session, rid, body, row)
        new_version = _guarded_update(session, rtype, rid, row["version"], changes)
        if "citations" in given:
            cites = make_citations(session, rtype, rid, data.citations)
            _store_citations(session, rtype, rid, cites, replace=True)
        if rtype in NAMED and ({"name", "name_ar", "name_basis", "aliases"} & given):
            _aliases(
                session,
                rtype,
                rid,
                merged,
                getattr(body, "aliases", None) if "aliases" in given else None,
                (row.get("name"), row.get("name_ar")),
            )
        _revision(
            session, actor, rtype, rid, "update", new_version, before, snapshot(session, rtype, rid)
        )
        return _finish(session, token, rtype, rid)


# -- sources ---------------------------------------------------------------------------


def _cited(session: Session, source_id: str) -> bool:
    c, k = T["citation"].c, T["coverage_skip"].c
    return bool(
        session.execute(
            select(
                exists().where(
                    c.source_id == source_id,
                    ~((c.record_type == "source") & (c.record_id == source_id)),
                )
            )
        ).scalar()
        or session.execute(select(exists().where(k.source_id == source_id))).scalar()
    )


def _source_text(session: Session, rid: str, body: Any, row: dict[str, Any]) -> dict[str, Any]:
    if "text" not in body.model_fields_set or body.text == row["text"]:
        return {}
    if _cited(session, rid):
        raise Conflict(
            f"The text of source {rid!r} is cited by facts, so it is immutable: "
            "add the corrected article as a new source instead."
        )
    if "citations" not in body.model_fields_set and _cites_of(session, "source", rid):
        raise Conflict(
            "Changing the text would move this source's own citations: send "
            "`citations` again with the new text."
        )
    text: str = body.text
    return {"text": text, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def create_source(session: Session, actor: Actor, body: w.SourceCreate) -> Written:
    with session.begin():
        token = lock(session)
        if _exists(session, "source", body.id):
            raise Conflict(f"A source with id {body.id!r} exists already (maybe retracted).")
        raw = body.text.encode("utf-8")
        values = {k: getattr(body, k) for k in COLUMNS["source"]}
        session.execute(
            insert(T["source"]).values(
                id=body.id,
                **values,
                text=body.text,
                sha256=hashlib.sha256(raw).hexdigest(),
                file_name=f"{body.id}.txt",
                version=1,
            )
        )
        cites = make_citations(session, "source", body.id, body.citations)
        _store_citations(session, "source", body.id, cites, replace=False)
        _revision(
            session,
            actor,
            "source",
            body.id,
            "create",
            1,
            None,
            snapshot(session, "source", body.id),
        )
        return _finish(session, token, "source", body.id)


# -- figures ---------------------------------------------------------------------------

FUND_COLS = (
    "giver_id",
    "parent_id",
    "period_start_year",
    "period_end_year",
    "per_unit",
    "duration_months",
)
TARGET_COLS = ("target_kind", "deadline_year")


def _figure_values(kind: str, body: Any, given: Collection[str]) -> dict[str, Any]:
    """API names → columns: a fund's ``amount``/``currency`` are ``value``/``unit``."""
    out: dict[str, Any] = {}
    rename = {"amount": "value", "currency": "unit"} if kind == "fund" else {}
    for name in given:
        if name in ("citations", "id"):
            continue
        out[rename.get(name, name)] = getattr(body, name)
    return out


def _validate_figure(session: Session, fid: str, kind: str, v: dict[str, Any]) -> None:
    _need(session, "initiative", v.get("subject_id"), "subject_id")
    if kind == "fund":
        _need(session, "partner", v.get("giver_id"), "giver_id")
        parent = v.get("parent_id")
        if parent == fid:
            raise Unprocessable(
                "parent_id: a fund cannot be its own parent",
                errors=[{"in": "body", "name": "parent_id", "message": "cycle"}],
            )
        if parent is not None:
            f = T["figure"].c
            if (
                session.execute(
                    select(f.id).where(f.id == parent, f.kind == "fund", f.retracted_at.is_(None))
                ).first()
                is None
            ):
                raise Unprocessable(
                    f"parent_id: unknown fund {parent!r} (dangling reference)",
                    errors=[{"in": "body", "name": "parent_id", "message": "unknown fund"}],
                )
        _no_cycle(session, "fund", "figure_id", "parent_id", fid, parent, "parent_id")
        s, e = v.get("period_start_year"), v.get("period_end_year")
        if s is not None and e is not None and e < s:
            raise Unprocessable("period_end_year is before period_start_year")


def create_figure(
    session: Session, actor: Actor, kind: str, body: w.FundCreate | w.TargetCreate
) -> Written:
    with session.begin():
        token = lock(session)
        if _exists(session, "figure", body.id):
            raise Conflict(f"A figure with id {body.id!r} exists already (maybe retracted).")
        v = _figure_values(kind, body, type(body).model_fields.keys())
        _validate_figure(session, body.id, kind, v)
        cites = make_citations(session, "figure", body.id, body.citations)
        check_numbers(cites, v["value"], v.get("deadline_year"))
        session.execute(
            insert(T["figure"]).values(
                id=body.id,
                kind=kind,
                subject_id=v["subject_id"],
                metric=v["metric"],
                value=v["value"],
                unit=v["unit"],
                qualifier=v.get("qualifier"),
                label=v["label"],
                derived=False,
                version=1,
            )
        )
        detail, cols = ("fund", FUND_COLS) if kind == "fund" else ("target", TARGET_COLS)
        session.execute(insert(T[detail]).values(figure_id=body.id, **{k: v.get(k) for k in cols}))
        _store_citations(session, "figure", body.id, cites, replace=False)
        _revision(
            session,
            actor,
            "figure",
            body.id,
            "create",
            1,
            None,
            snapshot(session, "figure", body.id),
        )
        return _finish(session, token, "figure", body.id)


def update_figure(
    session: Session,
    actor: Actor,
    kind: str,
    fid: str,
    expected: Collection[int],
    body: w.FundUpdate | w.TargetUpdate,
) -> Written:
    given = body.model_fields_set
    with session.begin():
        token = lock(session)
        row = _row(session, "figure", fid)
        if row is None or row["kind"] != kind:
            raise NotFound(f"No {kind} with id {fid!r}.")
        _check_version(row, expected, f"{kind} {fid!r}")
        if row["derived"]:
            raise Conflict(f"{fid!r} is derived (computed from its inputs): change the inputs.")
        before = snapshot(session, "figure", fid)
        detail, cols = ("fund", FUND_COLS) if kind == "fund" else ("target", TARGET_COLS)
        d = T[detail]
        current = dict(session.execute(select(d).where(d.c.figure_id == fid)).mappings().one())
        changes = _figure_values(kind, body, given)
        merged = {**row, **current, **changes}
        _validate_figure(session, fid, kind, merged)
        if "citations" in given:
            cites = make_citations(session, "figure", fid, body.citations or [])
        else:
            cites = [{**c, "field": c["field"]} for c in _cites_of(session, "figure", fid)]
        check_numbers(cites, merged["value"], merged.get("deadline_year"))
        fig_changes = {k: x for k, x in changes.items() if k not in cols}
        new_version = _guarded_update(session, "figure", fid, row["version"], fig_changes)
        det_changes = {k: x for k, x in changes.items() if k in cols}
        if det_changes:
            session.execute(update(d).where(d.c.figure_id == fid).values(**det_changes))
        if "citations" in given:
            _store_citations(session, "figure", fid, cites, replace=True)
        _revision(
            session,
            actor,
            "figure",
            fid,
            "update",
            new_version,
            before,
            snapshot(session, "figure", fid),
        )
        if {"value", "unit"} & set(changes):
            _recompute_derived(session, actor, fid)
        return _finish(session, token, "figure", fid)


def _recompute_derived(session: Session, actor: Actor, input_id: str) -> None:
    """Derived figures follow their inputs (same formula as the seeder), with a revision."""
    f, fi = T["figure"], T["figure_input"].c
    for did in list(session.scalars(select(fi.derived_id).where(fi.input_id == input_id))):
        d = _row(session, "figure", did)
        if d is None:
            continue
        inputs = [
            session.execute(select(f.c.value, f.c.unit).where(f.c.id == i)).one()
            for i in session.scalars(
                select(fi.input_id).where(fi.derived_id == did).order_by(fi.position)
            )
        ]
        factor = d["factor"] or 1
        if d["formula"] == "sum":
            odd = [u for _, u in inputs if u != d["unit"]]
            if odd:
                raise Unprocessable(
                    f"derived figure {did!r} sums its inputs in {d['unit']}; "
                    f"this change would add {odd[0]}"
                )
            value = math.fsum(v for v, _ in inputs) * factor
        else:
            value = math.prod(v for v, _ in inputs) * factor
        if value == d["value"]:
            continue
        before = snapshot(session, "figure", did)
        version = _guarded_update(session, "figure", did, d["version"], {"value": value})
        _revision(
            session,
            actor,
            "figure",
            did,
            "update",
            version,
            before,
            snapshot(session, "figure", did),
        )
        _recompute_derived(session, actor, did)


# -- links -----------------------------------------------------------------------------


def add_link(
    session: Session,
    actor: Actor,
    owner_type: str,
    owner_id: str,
    expected: Collection[int],
    body: w.InitiativePartnerCreate | w.ParticipantCreate | w.EventInitiativeCreate | w.RoleCreate,
) -> Written:
    """A link belongs to its owner record: adding one is an update of the owner (If-Match,
    version + 1, one revision of the owner)."""
    with session.begin():
        token = lock(session)
        row = _row(session, owner_type, owner_id)
        if row is None:
            raise NotFound(f"No {owner_type} with id {owner_id!r}.")
        _check_version(row, expected, f"{owner_type} {owner_id!r}")
        before = snapshot(session, owner_type, owner_id)
        table, values, lid = _link_values(session, owner_type, owner_id, body)
        if _exists(session, table, lid):
            raise Conflict(f"{owner_type} {owner_id!r} already has this link ({lid!r}).")
        cites = make_citations(session, table, lid, body.citations)
        new_version = _guarded_update(session, owner_type, owner_id, row["version"], {})
        session.execute(insert(T[table]).values(id=lid, **values))
        _store_citations(session, table, lid, cites, replace=False)
        _revision(
            session,
            actor,
            owner_type,
            owner_id,
            "update",
            new_version,
            before,
            snapshot(session, owner_type, owner_id),
        )
        return _finish(session, token, owner_type, owner_id)


def _link_values(
    session: Session, owner_type: str, owner_id: str, body: Any
) -> tuple[str, dict[str, Any], str]:
    if isinstance(body, w.InitiativePartnerCreate):
        _need(session, "partner", body.partner_id, "partner_id")
        return (
            "initiative_partner",
            {"initiative_id": owner_id, "partner_id": body.partner_id, "role": body.role},
            f"{owner_id}--{body.partner_id}--{body.role}",
        )
    if isinstance(body, w.ParticipantCreate):
        _need(session, "person", body.person_id, "person_id")
        _need(session, "partner", body.partner_id, "partner_id")
        who = body.person_id or body.partner_id
        return (
            "event_participant",
            {
                "event_id": owner_id,
                "person_id": body.person_id,
                "partner_id": body.partner_id,
                "role": body.role,
            },
            f"{owner_id}--{who}--{body.role}",
        )
    if isinstance(body, w.EventInitiativeCreate):
        _need(session, "initiative", body.initiative_id, "initiative_id")
        return (
            "event_initiative",
            {"event_id": owner_id, "initiative_id": body.initiative_id, "relation": body.relation},
            f"{owner_id}--{body.initiative_id}--{body.relation}",
        )
    assert isinstance(body, w.RoleCreate)
    _need(session, "partner", body.organisation_id, "organisation_id")
    return (
        "person_role",
        {
            "person_id": owner_id,
            "title_ar": body.title_ar,
            "title": body.title,
            "title_basis": body.title_basis,
            "organisation_id": body.organisation_id,
        },
        body.id,
    )


def remove_link(
    session: Session,
    actor: Actor,
    owner_type: str,
    owner_id: str,
    table: str,
    link_id: str,
    expected: Collection[int],
) -> Written:
    """Removing a link is an update of its owner; the link's last state (with its
    citations) stays in the owner's history."""
    with session.begin():
        token = lock(session)
        row = _row(session, owner_type, owner_id)
        if row is None:
            raise NotFound(f"No {owner_type} with id {owner_id!r}.")
        t = T[table]
        owner_col = dict(LINKS[owner_type])[table]
        if (
            session.execute(
                select(t.c.id).where(t.c.id == link_id, t.c[owner_col] == owner_id)
            ).first()
            is None
        ):
            raise NotFound(f"{owner_type} {owner_id!r} has no link {link_id!r}.")
        _check_version(row, expected, f"{owner_type} {owner_id!r}")
        before = snapshot(session, owner_type, owner_id)
        new_version = _guarded_update(session, owner_type, owner_id, row["version"], {})
        c = T["citation"]
        session.execute(delete(c).where(c.c.record_type == table, c.c.record_id == link_id))
        session.execute(delete(t).where(t.c.id == link_id))
        _revision(
            session,
            actor,
            owner_type,
            owner_id,
            "update",
            new_version,
            before,
            snapshot(session, owner_type, owner_id),
        )
        return _finish(session, token, owner_type, owner_id)


# -- retraction ------------------------------------------------------------------------


def _referrers(session: Session, rtype: str, rid: str) -> list[str]:
    """Live records that point at ``rid``: they would dangle if it disappeared."""
    out: list[str] = []

    def add(kind: str, stmt: Any) -> None:
        out.extend(f"{kind} {x!r}" for x in session.scalars(stmt.limit(5)))

    ini, fig, ev, per = T["initiative"], T["figure"], T["event"], T["person"]
    fu, fi = T["fund"], T["figure_input"]
    if rtype == "partner":
        ip, ep, pr = T["initiative_partner"], T["event_participant"], T["person_role"]
        add(
            "initiative",
            select(ip.c.initiative_id)
            .join(ini, ini.c.id == ip.c.initiative_id)
            .where(ip.c.partner_id == rid, *_live(ini)),
        )
        add(
            "event",
            select(ep.c.event_id)
            .join(ev, ev.c.id == ep.c.event_id)
            .where(ep.c.partner_id == rid, *_live(ev)),
        )
        add(
            "person",
            select(pr.c.person_id)
            .join(per, per.c.id == pr.c.person_id)
            .where(pr.c.organisation_id == rid, *_live(per)),
        )
        add(
            "fund",
            select(fu.c.figure_id)
            .join(fig, fig.c.id == fu.c.figure_id)
            .where(fu.c.giver_id == rid, *_live(fig)),
        )
    elif rtype == "person":
        ep = T["event_participant"]
        add(
            "event",
            select(ep.c.event_id)
            .join(ev, ev.c.id == ep.c.event_id)
            .where(ep.c.person_id == rid, *_live(ev)),
        )
    elif rtype == "initiative":
        ei = T["event_initiative"]
        add("initiative", select(ini.c.id).where(ini.c.parent_id == rid, *_live(ini)))
        add("figure", select(fig.c.id).where(fig.c.subject_id == rid, *_live(fig)))
        add(
            "event",
            select(ei.c.event_id)
            .join(ev, ev.c.id == ei.c.event_id)
            .where(ei.c.initiative_id == rid, *_live(ev)),
        )
    elif rtype == "figure":
        add(
            "fund",
            select(fu.c.figure_id)
            .join(fig, fig.c.id == fu.c.figure_id)
            .where(fu.c.parent_id == rid, *_live(fig)),
        )
        add(
            "derived figure",
            select(fi.c.derived_id)
            .join(fig, fig.c.id == fi.c.derived_id)
            .where(fi.c.input_id == rid, *_live(fig)),
        )
    elif rtype == "source":
        c = T["citation"].c
        for table in RECORD_TABLES:
            t = T[table]
            add(
                f"{table}",
                select(c.record_id)
                .join(t, t.c.id == c.record_id)
                .where(c.source_id == rid, c.record_type == table, c.record_id != rid, *_live(t))
                .distinct(),
            )
        links = [x for v in LINKS.values() for x, _ in v]
        add(
            "link",
            select(c.record_id).where(c.source_id == rid, c.record_type.in_(links)).distinct(),
        )
    return out


def retract(
    session: Session,
    actor: Actor,
    rtype: str,
    rid: str,
    expected: Collection[int],
    *,
    kind: str | None = None,
) -> Written:
    """DELETE: the record is hidden from every read but stays, with its citations and its
    history. Refused (409) while live records still point at it."""
    with session.begin():
        token = lock(session)
        row = _row(session, rtype, rid)
        if row is None or (kind is not None and row.get("kind") != kind):
            raise NotFound(f"No {kind or rtype} with id {rid!r}.")
        _check_version(row, expected, f"{kind or rtype} {rid!r}")
        refs = _referrers(session, rtype, rid)
        if refs:
            raise Conflict(
                f"{kind or rtype} {rid!r} is still referred to by "
                f"{', '.join(refs)}: change or retract those first.",
                errors=[{"in": "record", "name": r, "message": "refers to it"} for r in refs],
            )
        before = snapshot(session, rtype, rid)
        version = _guarded_update(session, rtype, rid, row["version"], {"retracted_at": now()})
        _revision(
            session, actor, rtype, rid, "retract", version, before, snapshot(session, rtype, rid)
        )
        return _finish(session, token, rtype, rid)


# -- history ---------------------------------------------------------------------------


def history(
    session: Session,
    rtype: str,
    rid: str,
    *,
    after: str | None,
    limit: int,
    include_retracted: bool,
) -> Any:
    """Revisions of one record, oldest first (keyset on the revision id)."""
    from app.services.pages import Page

    t = T[rtype]
    row = session.execute(select(t.c.id, t.c.retracted_at).where(t.c.id == rid)).first()
    if row is None or (row.retracted_at is not None and not include_retracted):
        raise NotFound(f"No {rtype} with id {rid!r}.")
    r = T["revision"]
    try:
        after_id = int(after) if after is not None else None
    except ValueError:
        from app.errors import BadRequest

        raise BadRequest("Query parameter 'cursor' is not a cursor this API issued.") from None
    stmt = select(r).where(r.c.record_type == rtype, r.c.record_id == rid)
    if after_id is not None:
        stmt = stmt.where(r.c.id > after_id)
    rows = [dict(x) for x in session.execute(stmt.order_by(r.c.id).limit(limit + 1)).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        {
            "id": x["id"],
            "record_type": x["record_type"],
            "record_id": x["record_id"],
            "action": x["action"],
            "version": x["version"],
            "actor": {"key_id": x["actor_key_id"], "name": x["actor_name"]},
            "at": _json(x["at"] if x["at"].tzinfo else x["at"].replace(tzinfo=now().tzinfo)),
            "changed": x["changed"],
            "before": x["before"],
            "after": x["after"],
        }
        for x in rows
    ]
    return Page(items, str(rows[-1]["id"]) if more else None)


def revision_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(T["revision"])).scalar_one())
