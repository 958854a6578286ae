"""The write path credits aliases as the seeder does: an article that writes an alias only
inside another record's longer name is no source for it, unless the curator says why."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.db import make_engine
from app.search.normalize import name_key
from app.seed.aliases import NameIndex, covering_words
from app.services.curation.aliases import _other_names
from tests.conftest import settings_for
from tests.curation.conftest import QUOTE_000, Curation, partner_body

T = SQLModel.metadata.tables

ALIAS = {"text": "الحكومة", "lang": "ar", "kind": "variant", "source_id": "001"}


def test_an_alias_only_inside_another_name_is_422(cur: Curation) -> None:
    before = cur.counts()
    r = cur.client.post("/v1/partners", headers=cur.curator, json=partner_body(aliases=[ALIAS]))
    assert r.status_code == 422, r.text
    assert (
        "only inside a longer name of another record («الحكومة الإلكترونية»)" in r.json()["detail"]
    )
    assert cur.counts() == before


def test_a_curator_can_say_why_it_is_kept(cur: Curation) -> None:
    kept = {**ALIAS, "kept_because": "testing: 001 writes the word only in e-government"}
    r = cur.client.post("/v1/partners", headers=cur.curator, json=partner_body(aliases=[kept]))
    assert r.status_code == 201, r.text
    [alias] = [a for a in r.json()["aliases"] if a["text"] == "الحكومة"]
    assert (alias["source_id"], alias["kept_because"]) == ("001", kept["kept_because"])


def test_a_name_without_source_is_credited_where_it_is_a_name(cur: Curation) -> None:
    r = cur.client.post(
        "/v1/partners",
        headers=cur.curator,
        json=partner_body(name_ar="الحكومة", aliases=[]),
    )
    assert r.status_code == 201, r.text
    [alias] = [a for a in r.json()["aliases"] if a["text"] == "الحكومة"]
    assert alias["source_id"] == "002"  # not 001, where it is inside «الحكومة الإلكترونية»


def _every_name(session: Session, rtype: str, rid: str) -> list[tuple[Any, str]]:
    """The names the write path read before it filtered them: every other record's."""
    a, ip, pr = T["alias"].c, T["initiative_partner"].c, T["person_role"].c
    linked: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for ini, partner in session.execute(select(ip.initiative_id, ip.partner_id)):
        linked.setdefault(("initiative", ini), set()).add(("partner", partner))
    names: list[tuple[Any, str]] = [
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


def test_the_names_a_write_reads_decide_as_every_name_would(seeded_url: str) -> None:
    """A write reads only the other records' names that have one of its aliases' covering
    words (``covering_words``), not every name of the base. For each alias of the seeded
    base, and each of its words alone (the fragments longer names cover: «الحكومة»), the
    names it reads find the same covering names in every article as all names do."""
    engine = make_engine(settings_for(seeded_url))
    try:
        with Session(engine) as session:
            s, a = T["source"].c, T["alias"].c
            texts = dict(session.execute(select(s.id, s.text)).all())
            cases: dict[tuple[str, str], set[str]] = {}
            for t, i, text in session.execute(select(a.record_type, a.record_id, a.text)):
                cases.setdefault((t, i), set()).update([text, *text.split()])
            compared = covered = 0
            for owner, aliases in sorted(cases.items()):
                every = NameIndex(texts, _every_name(session, *owner))
                words = covering_words(texts.values(), aliases)
                keys = {name_key(x) for x in aliases}
                some = NameIndex(texts, _other_names(session, *owner, words, keys))
                for text in sorted(aliases):
                    for sid in sorted(texts):
                        want = every.covering(sid, owner, text)
                        assert some.covering(sid, owner, text) == want, (owner, text, sid)
                        compared += 1
                        covered += bool(want)
    finally:
        engine.dispose()
    assert compared > 2000 and covered > 50, (compared, covered)


@pytest.mark.parametrize(
    ("article", "longer", "alias"),
    [
        # the article attaches a proclitic the alias has not: «ومراكش» writes «مراكش»
        ("زار الوفد جامعة ومراكش للتقنية أمس", "جامعة ومراكش للتقنية", "مراكش"),
        # the alias has the proclitic, the longer name has not
        ("وقعت الوكالة اتفاقا مع وشركة أطلس للطيران", "شركة أطلس للطيران", "وشركة أطلس"),
    ],
)
def test_a_longer_name_written_another_way_is_read(article: str, longer: str, alias: str) -> None:
    """The longer name's word where the alias starts is the article's word or that word
    without its proclitic, not always the alias's own: both must be among the words."""
    texts = {"x": article}
    names = [(("partner", "other"), longer), (("partner", "far"), "مؤسسة بعيدة جدا")]
    every = NameIndex(texts, names)
    assert every.covering("x", ("partner", "new"), alias) == [longer]
    words = covering_words(texts.values(), [alias])
    kept = [(o, n) for o, n in names if not words.isdisjoint(name_key(n).split())]
    assert kept == names[:1]


def test_a_name_no_article_writes_still_finds_its_namesakes(cur: Curation) -> None:
    """Two people who share a name must say why it is kept (``kept_because``), whether
    an article writes it or not: no article writes «Seghrouchni» in Latin letters."""
    alias = {"text": "Seghrouchni", "lang": "latin", "kind": "variant"}
    body = {
        "id": "another-seghrouchni",
        "name": "Test Seghrouchni",
        "name_basis": "translation",
        "name_ar": "اختبار السغروشني",
        "citations": [{"source_id": "000", "quote": QUOTE_000}],
        "aliases": [alias],
    }
    r = cur.client.post("/v1/people", headers=cur.curator, json=body)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert "also names amal-el-fallah-seghrouchni, omar-seghrouchni" in detail, detail
    kept = {**alias, "kept_because": "testing: a surname shared with two people"}
    r = cur.client.post("/v1/people", headers=cur.curator, json={**body, "aliases": [kept]})
    assert r.status_code == 201, r.text
