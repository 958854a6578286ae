"""Cite a figure: text, CSL-JSON and W3C Web Annotation; derived figures cite inputs."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

ANNO = "http://www.w3.org/ns/anno.jsonld"


def test_text_is_one_english_and_one_arabic_line(client: TestClient) -> None:
    r = client.get("/v1/figures/dakhla-capacity-000/cite")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    en, ar = r.text.splitlines()
    assert en.startswith("Dakhla data centre capacity: 500 MW. ريم بنكرة, ")
    assert "masdar source 000, characters 1333–1358" in en
    assert "\u201cبطاقة تصل إلى 500 ميغاواط\u201d" in en
    assert "«بطاقة تصل إلى 500 ميغاواط»" in ar and "دون تاريخ" in ar


def test_unknown_metadata_is_never_invented(client: TestClient) -> None:
    [item] = client.get("/v1/figures/dakhla-capacity-002/cite?format=csl-json").json()
    assert item["id"] == "masdar-source-002"
    assert item["type"] == "article-newspaper"
    assert item["author"] == [{"literal": "عثمان القدوري"}]
    absent = ("container-title", "title", "issued", "URL")  # unknown: absent, never null
    assert [k for k in absent if k in item] == []
    assert "مركز بيانات بطاقة 500 ميغاواط في الداخلة" in item["note"]


def test_blog_post_with_a_date(client: TestClient) -> None:
    r = client.get("/v1/figures/investors-fund-003/cite?format=csl-json")
    assert r.headers["content-type"] == "application/vnd.citationstyles.csl+json"
    [item] = r.json()
    assert item["type"] == "post-weblog"
    assert item["issued"] == {"date-parts": [[2026, 1, 17]]}
    assert item["title"].startswith("خطة المغرب للذكاء الاصطناعي 2030")
    assert item["author"] == [{"literal": "KerrasDev"}]


def test_annotation_selectors_point_into_the_source_text(client: TestClient) -> None:
    r = client.get("/v1/figures/plan-investment-003/cite?format=annotation")
    assert r.headers["content-type"].startswith("application/ld+json")
    page = r.json()
    assert page["@context"] == ANNO and page["type"] == "AnnotationPage"
    cites = client.get("/v1/figures/plan-investment-003").json()["citations"]
    assert len(page["items"]) == len(cites) == 7
    for anno in page["items"]:
        assert anno["type"] == "Annotation"
        target = anno["target"]
        assert target["source"] == "http://testserver/v1/sources/003/text"
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        text = client.get("/v1/sources/003/text").text
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_derived_figure_has_no_quote_and_names_formula_and_inputs(client: TestClient) -> None:
    fig = client.get("/v1/figures/pass-total-stipends").json()
    assert fig["derived"] is True and fig["citations"] == []
    assert (fig["formula"], fig["factor"]) == ("product", 12)
    assert fig["value"] == 7_000 * 1_200 * 3 * 12
    assert [i["id"] for i in fig["inputs"]] == [
        "pass-stipend-003",
        "pass-researchers-003",
        "pass-duration-003",
    ]
    assert [i["citations"][0]["quote"] for i in fig["inputs"]] == [
        "7,000 درهم شهريًا لمدة 3 سنوات",
        "1,200 باحث في الذكاء الاصطناعي",
        "لمدة 3 سنوات",
    ]
    total = client.get("/v1/figures/investors-fund-components-sum").json()
    assert total["value"] == 1_270_000_000 and total["citations"] == []


def test_derived_figure_is_cited_through_its_inputs(client: TestClient) -> None:
    en, ar = client.get("/v1/figures/pass-total-stipends/cite").text.splitlines()
    assert "computed by masdar as the product of 3 figures × 12, not stated by any article" in en
    assert "\u201c1,200 باحث في الذكاء الاصطناعي\u201d" in en
    assert "محسوب" in ar and "لم يرد في أي مقال" in ar
    [item] = client.get("/v1/figures/pass-total-stipends/cite?format=csl-json").json()
    assert item["id"] == "masdar-source-003"
    assert item["note"].startswith("Input of masdar's computed figure pass-total-stipends")
    page = client.get("/v1/figures/pass-total-stipends/cite?format=annotation").json()
    assert len(page["items"]) == 4
    assert all("computed figure pass-total-stipends" in a["body"]["value"] for a in page["items"])


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/figures/nope/cite", 404),
        ("/v1/figures/nope/cite?format=csl-json", 404),
        ("/v1/figures/dakhla-capacity-000/cite?format=bibtex", 422),
        ("/v1/figures/dakhla-capacity-000/cite?style=apa", 400),
    ],
)
def test_bad_cite_requests_are_problems(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
