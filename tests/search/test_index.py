"""The index builders: one record's rows, the whole index, and the incremental update.

``app.search.index.update`` replaces the rows of the records a change touched (and of the
records whose rows depend on them: ``affected``); afterwards the index holds exactly the
rows a full rebuild would make, and on SQLite the FTS5 table agrees with ``search_doc``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select, text, update
from sqlmodel import Session, SQLModel

from app.db import make_engine
from app.search import index
from tests.conftest import settings_for

T = SQLModel.metadata.tables
FIELDS = (
    "record_type",
    "record_id",
    "field",
    "tier",
    "text",
    "text_key",
    "stem_key",
    "source_id",
    "start",
)


def stored(url: str) -> list[dict[str, Any]]:
    engine = make_engine(settings_for(url))
    try:
        with engine.connect() as conn:
            d = T["search_doc"]
            return [dict(r) for r in conn.execute(select(d).order_by(d.c.id)).mappings()]
    finally:
        engine.dispose()


def _bag(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(r[f] for f in FIELDS) for r in rows)


def assert_index_is_a_rebuild(url: str) -> None:
    rows = stored(url)
    engine = make_engine(settings_for(url))
    try:
        with Session(engine) as session:
            assert _bag(rows) == _bag(index.build_docs(session))
        if engine.dialect.name == "sqlite":  # the FTS5 table agrees with search_doc
            fts = index.FTS_TABLE
            with engine.begin() as conn:
                conn.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')"))
                n = conn.execute(
                    text(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH :q"),
                    {"q": 'tier : ("0" OR "1" OR "2")'},
                ).scalar()
                assert n == len(rows)
                for key in ("مركز", "وظيفه", "center"):  # stem keys are indexed row by row too
                    by_fts = conn.execute(
                        text(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH :q"),
                        {"q": f'stem_key : "{key}"'},
                    ).scalar()
                    assert by_fts == sum(key in r["stem_key"].split() for r in rows), key
    finally:
        engine.dispose()


def test_the_seeded_index_is_the_rebuild(seeded_url: str) -> None:
    rows = stored(seeded_url)
    assert [r["id"] for r in rows] == list(range(1, len(rows) + 1))
    assert_index_is_a_rebuild(seeded_url)
    dakhla = [
        r
        for r in rows
        if (r["record_type"], r["record_id"], r["field"])
        == ("figure", "dakhla-capacity-000", "quote")
    ]
    assert [r["text"] for r in dakhla] == ["بطاقة تصل إلى 500 ميغاواط"]


def test_update_replaces_the_rows_of_the_scope_only(seeded_url: str) -> None:
    before = {r["id"]: r for r in stored(seeded_url)}
    engine = make_engine(settings_for(seeded_url))
    try:
        with Session(engine) as session, session.begin():
            i = T["initiative"]
            session.execute(
                update(i).where(i.c.id == "dakhla-data-centre").values(name="Zephyr campus")
            )
            scope = index.affected(session, "initiative", "dakhla-data-centre")
            assert scope["figure"] == {
                "dakhla-capacity-000",
                "dakhla-capacity-002",
                "dakhla-capacity-003",
            }
            written = index.update(session, scope)
    finally:
        engine.dispose()
    rows = stored(seeded_url)
    touched = {(t, x) for t, ids in scope.items() for x in ids}
    assert written == sum((r["record_type"], r["record_id"]) in touched for r in rows)
    untouched = {r["id"]: r for r in rows if (r["record_type"], r["record_id"]) not in touched}
    assert untouched == {k: v for k, v in before.items() if k in untouched}
    # names come from the alias rows (the write path re-derives them), the figures'
    # subject rows from the initiative itself
    subjects = {(r["record_id"], r["field"]) for r in rows if r["text"] == "Zephyr campus"}
    assert subjects == {(f, "subject") for f in scope["figure"]}
    assert_index_is_a_rebuild(seeded_url)
