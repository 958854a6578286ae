"""An alias is credited to an article only where it writes it as a name: «الحكومة» occurs
in 001 only inside «الحكومة الإلكترونية» (another record's name), so 001 is not its
source; the seeder refuses such a source unless the data says why it is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.errors import SeedError
from app.seed.aliases import NameIndex
from app.seed.load import load_seed
from tests.seed.test_seed_errors import _copy_seed, _edit

TEXT_001 = "ويرتكز … على ثلاثة محاور رئيسية: الحكومة الإلكترونية، المناطق الذكية"


def _government(d: list[dict[str, Any]]) -> dict[str, Any]:
    return next(p for p in d if p["id"] == "moroccan-government")


def _credit_001(kept: str | None = None) -> Any:
    def change(d: list[dict[str, Any]]) -> None:
        alias = next(a for a in _government(d)["aliases"] if a["text"] == "الحكومة")
        alias["source"] = "001"
        if kept:
            alias["kept_because"] = kept

    return change


def test_the_government_is_credited_to_the_article_that_names_it(client: TestClient) -> None:
    aliases = client.get("/v1/partners/moroccan-government").json()["aliases"]
    said = {a["text"]: (a["source_id"], a["kept_because"]) for a in aliases}
    assert said["الحكومة"] == ("002", None)  # «خصصت الحكومة» (002), not 001's e-government


def test_a_kept_alias_says_why(client: TestClient) -> None:
    aliases = client.get("/v1/initiatives/ai-made-in-morocco").json()["aliases"]
    kept = next(a for a in aliases if a["text"] == "الذكاء الاصطناعي صنع في المغرب")
    assert kept["source_id"] == "001" and "the day's slogan" in kept["kept_because"]


def test_a_source_that_writes_the_alias_only_inside_another_name_is_refused(
    tmp_path: Path,
) -> None:
    seed = _copy_seed(tmp_path)
    _edit(seed, "partners.yaml", _credit_001())
    with pytest.raises(SeedError) as err:
        load_seed(seed)
    assert err.value.detail == (
        "partners.yaml: partner 'moroccan-government': alias «الحكومة» occurs in source 001 "
        "only inside a longer name of another record («الحكومة الإلكترونية»): credit an "
        "article that writes it as this name, or say why it is kept (kept_because)"
    )


def test_a_reason_keeps_it_and_a_needless_reason_is_refused(tmp_path: Path) -> None:
    seed = _copy_seed(tmp_path)
    _edit(seed, "partners.yaml", _credit_001("a test: the word as 001 writes it, in e-government"))
    bundle = load_seed(seed)
    [row] = [
        a for a in bundle.aliases if a.record_id == "moroccan-government" and a.text == "الحكومة"
    ]
    assert (row.source_id, row.kept_because) == (
        "001",
        "a test: the word as 001 writes it, in e-government",
    )

    def needless(d: list[dict[str, Any]]) -> None:
        next(a for a in _government(d)["aliases"] if a["text"] == "الحكومة")["source"] = "002"

    _edit(seed, "partners.yaml", needless)
    with pytest.raises(SeedError, match="has kept_because, but source 002 writes it as a name"):
        load_seed(seed)


@pytest.mark.parametrize(
    ("text", "owner", "writes"),
    [
        ("الحكومة", ("partner", "government"), False),  # only inside another's name
        ("الحكومة الإلكترونية", ("initiative", "e-gov"), True),
        ("الإلكترونية", ("partner", "x"), False),
        ("المناطق الذكية", ("partner", "x"), True),
        ("محاور", ("partner", "x"), True),
        ("الحوسبة", ("partner", "x"), False),  # not in the text
    ],
)
def test_name_index(text: str, owner: tuple[str, str], writes: bool) -> None:
    index = NameIndex({"001": TEXT_001}, [(("initiative", "e-gov"), "الحكومة الإلكترونية")])
    assert index.writes("001", owner, text) is writes


def test_a_title_names_its_organisation() -> None:
    text = "أشرف السيد رياض مزور، وزير الصناعة والتجارة، على توقيع"
    title = (frozenset({("person", "ryad"), ("partner", "industry")}), "وزير الصناعة والتجارة")
    index = NameIndex({"004": text}, [title])
    assert index.writes("004", ("partner", "industry"), "الصناعة والتجارة")
    assert index.covering("004", ("partner", "other"), "الصناعة والتجارة") == [
        "وزير الصناعة والتجارة"
    ]


def test_an_attached_proclitic_still_writes_the_name() -> None:
    index = NameIndex({"000": "سيتم إطلاق مشروع للحوسبة السحابية السيادية في الرباط"}, [])
    assert index.writes("000", ("initiative", "cloud"), "الحوسبة السحابية السيادية")
