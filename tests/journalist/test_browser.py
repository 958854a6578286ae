"""The source viewer in a real browser: Debian's Chromium driven by Python playwright.

A uvicorn server runs in a thread over a private seeded database. Never runs
``playwright install``: the browser is /usr/bin/chromium (``apt-get install chromium``).
Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser import ARTIFACTS, phone_page, require_chromium

pytestmark = pytest.mark.browser

SOURCES = ["000", "001", "002", "003", "004"]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
)
require_chromium()


@pytest.fixture
def page(server: str, backend: str) -> Iterator[Any]:
    with phone_page(javascript=True) as pg:
        yield pg


MARKS_JS = """() => Array.from(document.querySelectorAll('article mark')).map(m => ({
  text: m.textContent, start: +m.dataset.start, end: +m.dataset.end,
  citations: m.dataset.citations.split(' ')}))"""


@pytest.mark.parametrize("source_id", SOURCES)
def test_each_highlight_shows_its_quote(
    page: Any, server: str, backend: str, source_id: str
) -> None:
    response = page.goto(f"{server}/sources/{source_id}")
    assert response.status == 200
    article = page.locator("article")
    assert article.get_attribute("lang") == "ar" and article.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"
    # usable at phone width: nothing wider than the viewport
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    marks = page.evaluate(MARKS_JS)
    with httpx.Client(base_url=server) as api:
        text = api.get(f"/v1/sources/{source_id}/text").text
        count = api.get(f"/v1/sources/{source_id}").json()["citation_count"]
        seen = set()
        for m in marks:
            assert m["text"] == text[m["start"] : m["end"]]
            for cid in m["citations"]:
                c = api.get(f"/v1/citations/{cid}").json()
                assert c["verified"] is True
                assert m["text"][c["start"] - m["start"] : c["end"] - m["start"]] == c["quote"]
                seen.add(cid)
    assert len(seen) == count
    page.screenshot(path=str(ARTIFACTS / f"source-{source_id}-{backend}.png"), full_page=True)


def test_figure_page_links_to_its_highlight(page: Any, server: str, backend: str) -> None:
    page.goto(f"{server}/figures/investors-fund-003")
    page.screenshot(
        path=str(ARTIFACTS / f"figure-investors-fund-003-{backend}.png"), full_page=True
    )
    link = page.locator("a.highlight-link").first
    href = link.get_attribute("href")
    assert href.startswith("/sources/003#citation-")
    link.click()
    page.wait_for_url(f"**{href}")
    target = page.locator(":target")
    assert target.evaluate("e => e.tagName") == "MARK"
    assert target.text_content() == "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم"
    assert target.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"highlight-investors-fund-003-{backend}.png"))
    # the highlight links back to the figure it supports
    page.locator("sup.refs a[href='/figures/investors-fund-003']").first.click()
    page.wait_for_url("**/figures/investors-fund-003")


def test_pages_run_no_script_and_report_no_errors(page: Any, server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in ("/sources/001", "/figures/pass-total-stipends"):
        page.goto(f"{server}{path}")
        assert page.evaluate("document.scripts.length") == 0
    assert errors == []
    assert page.goto(f"{server}/figures/nope").status == 404
    assert page.locator("h1").text_content() == "Not found"


LEGEND_JS = """() => {
  const bg = (el) => el && getComputedStyle(el).backgroundColor;
  return {
    figure: bg(document.querySelector('article mark.rec-figure')),
    other: bg(document.querySelector('article mark:not(.rec-figure)')),
    swatches: Array.from(document.querySelectorAll('.legend li')).map(li => [
      bg(li.querySelector('.swatch')), li.textContent.trim()]),
  };
}"""


@pytest.mark.parametrize("source_id", SOURCES)
def test_the_two_highlight_colours_have_a_legend(page: Any, server: str, source_id: str) -> None:
    page.goto(f"{server}/sources/{source_id}")
    seen = page.evaluate(LEGEND_JS)
    assert seen["figure"] != seen["other"]
    legend = dict(seen["swatches"])
    assert legend[seen["figure"]].startswith("Green: the quote states a figure")
    assert legend[seen["other"]].startswith("Yellow: the quote supports anything else")
    legend_box = page.locator(".legend").bounding_box()
    assert legend_box is not None and legend_box["width"] <= 375
    assert legend_box["y"] < page.locator("article").bounding_box()["y"]  # read before the text
