"""The HTML source viewer: highlighted quotes, figure pages, flags, 404 pages."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text as sql

from app.config import Settings
from app.db import make_engine

SOURCES = ["000", "001", "002", "003", "004"]


class Marks(HTMLParser):
    """Collects every <mark> with its attributes and text (nested marks included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[dict[str, Any]] = []
        self.marks: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "mark":
            m = {"attrs": a, "text": ""}
            self.open.append(m)
            self.marks.append(m)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for m in self.open:
            m["text"] += data


def _parse(html: str) -> Marks:
    p = Marks()
    p.feed(html)
    return p


@pytest.mark.parametrize("source_id", SOURCES)
def test_every_quote_is_highlighted_verbatim(
    client: TestClient, texts: dict[str, str], source_id: str
) -> None:
    r = client.get(f"/sources/{source_id}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src" in r.headers["content-security-policy"]
    assert "<script" not in r.text
    assert '<article class="article" lang="ar" dir="rtl"' in r.text
    page = _parse(r.text)
    assert {"header", "nav", "main", "footer"} <= page.tags
    text = texts[source_id]
    marked: set[str] = set()
    for m in page.marks:
        start, end = int(m["attrs"]["data-start"]), int(m["attrs"]["data-end"])
        assert m["text"] == text[start:end]
        for cid in m["attrs"]["data-citations"].split():
            c = client.get(f"/v1/citations/{cid}").json()
            assert c["verified"] is True
            assert m["text"][c["start"] - start : c["end"] - start] == c["quote"]
            assert f"citation-{cid}" in page.ids
            marked.add(cid)
    source = client.get(f"/v1/sources/{source_id}").json()
    assert len(marked) == source["citation_count"]


def test_nested_quotes_nest(client: TestClient) -> None:
    page = _parse(client.get("/sources/003").text)
    fund = next(m for m in page.marks if m["text"] == "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم")
    assert "rec-figure" in fund["attrs"]["class"]
    inner = next(m for m in page.marks if m["text"] == "صندوق المستثمرين والمؤسسين")
    assert int(inner["attrs"]["data-start"]) == int(fund["attrs"]["data-start"])


def test_highlight_links_to_the_figure_page(client: TestClient) -> None:
    html = client.get("/sources/003").text
    assert 'href="/figures/investors-fund-003"' in html
    assert 'href="/v1/initiatives/investors-founders-fund"' in html


def test_figure_page_shows_claim_quotes_and_highlight_links(client: TestClient) -> None:
    fig = client.get("/v1/figures/dakhla-capacity-000").json()
    assert fig["url"] == "/figures/dakhla-capacity-000"
    r = client.get(fig["url"])
    assert r.status_code == 200 and "<script" not in r.text
    c = fig["citations"][0]
    assert f'href="/sources/000#citation-{c["id"]}"' in r.text
    assert "Corroborated by <strong>3</strong> source(s): 000, 002, 003" in r.text
    assert "up_to" in r.text and "500 MW" in r.text
    assert 'href="/figures/dakhla-capacity-002"' in r.text
    assert "qualifier_mismatch:dakhla-data-centre:power_capacity:500:MW" in r.text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in r.text


def test_figure_page_of_a_fund_shows_the_rounding_conflict(client: TestClient) -> None:
    html = client.get("/figures/investors-fund-003").text
    assert 'class="badge rounding"' in html
    assert "2 significant digits" in html


def test_derived_figure_page_shows_inputs_not_a_quote(client: TestClient) -> None:
    html = client.get("/figures/pass-total-stipends").text
    assert "by masdar, not stated by any article: product of its inputs × 12" in html
    for i in ("pass-stipend-003", "pass-researchers-003", "pass-duration-003"):
        assert f'href="/figures/{i}"' in html
    assert "A computed figure states no claim of its own." in html


@pytest.mark.parametrize("path", ["/sources/999", "/figures/nope", "/sources/%3Cb%3E"])
def test_unknown_ids_get_a_plain_html_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>Not found</h1>" in r.text and "<b>" not in r.text


def test_citation_broken_by_a_hand_edit_is_flagged(seeded_url: str, make_client: Any) -> None:
    engine = make_engine(Settings(database_url=seeded_url))  # type: ignore[call-arg]
    with make_client(seeded_url) as client:
        [cite] = client.get("/v1/figures/dakhla-capacity-002").json()["citations"]
    with engine.begin() as conn:
        body = conn.execute(sql("SELECT text FROM source WHERE id = '002'")).scalar_one()
        edited = body[: cite["start"]] + "X" + body[cite["start"] + 1 :]
        conn.execute(sql("UPDATE source SET text = :t WHERE id = '002'"), {"t": edited})
        conn.execute(
            sql("UPDATE figure SET label = :l WHERE id = 'dakhla-capacity-002'"),
            {"l": "<script>alert(1)</script>"},
        )
    engine.dispose()
    with make_client(seeded_url) as client:
        assert client.get(f"/v1/citations/{cite['id']}").json()["verified"] is False
        html = client.get("/sources/002").text
        fig_html = client.get("/figures/dakhla-capacity-002").text
    page = _parse(html)
    assert f"citation-{cite['id']}" not in page.ids
    assert all(cite["id"] not in m["attrs"]["data-citations"].split() for m in page.marks)
    assert 'role="alert"' in html and "unverified" in html
    assert f'data-citation="{cite["id"]}" data-verified="false"' in html
    assert "unverified: offsets do not match" in fig_html
    assert "<script>" not in fig_html and "&lt;script&gt;alert(1)&lt;/script&gt;" in fig_html
