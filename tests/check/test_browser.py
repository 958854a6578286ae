"""The ``/check`` page in a real browser, JavaScript off: Debian's Chromium driven by Python
playwright over a uvicorn server (tests/browser.py). Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import ARTIFACTS, phone_page, require_chromium

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
)
require_chromium()

ARABIC = (
    "المغرب سيخلق 60 ألف فرصة عمل بفضل الذكاء الاصطناعي بحلول 2030. "
    "وستستثمر أوراكل 140 مليون دولار في منطقتين سحابيتين."
)
ENGLISH = "Mistral AI will invest $140 million in two cloud regions in Casablanca and Settat."
MARKS_JS = """() => Array.from(document.querySelectorAll('.checked mark')).map(m => ({
  cls: m.className, text: m.textContent, start: +m.dataset.start, end: +m.dataset.end,
  href: m.querySelector('a') ? m.querySelector('a').getAttribute('href') : null}))"""


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    with phone_page(javascript=False) as pg:
        yield pg


def test_type_check_and_follow_the_evidence(page: Any, server: str, backend: str) -> None:
    """The form posts without JavaScript; an Arabic text comes back right to left with each
    statement marked at its offsets; a mark leads to its evidence, a quote to its
    highlight in the article."""
    assert page.goto(f"{server}/check").status == 200
    page.fill("textarea#text", ARABIC)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url == f"{server}/check"
    checked = page.locator(".checked")
    assert checked.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.checked')).direction") == (
        "rtl"
    )
    found = page.evaluate(MARKS_JS)
    assert [(m["cls"], m["text"]) for m in found] == [
        ("v-differs", "60 ألف فرصة عمل"),
        ("skipped", "بحلول 2030"),
        ("v-supported", "140 مليون دولار"),
        ("v-supported", "منطقتين"),  # a dual counts itself
    ]
    for m in found:
        assert ARABIC[m["start"] : m["end"]] == m["text"]
    # usable at phone width: nothing wider than the viewport
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(ARTIFACTS / f"check-arabic-{backend}.png"), full_page=True)

    page.click(".checked mark.v-differs a")
    assert page.url.endswith("#s1")
    statement = page.locator("li#s1")
    assert statement.get_attribute("data-verdict") == "differs"
    assert "the sentence says 60,000 jobs by 2030" in statement.inner_text()
    arabic_line = statement.locator('p[lang="ar"]')
    assert page.evaluate("e => getComputedStyle(e).direction", arabic_line.element_handle()) == (
        "rtl"
    )
    english_line = statement.locator('p[lang="en"]').first
    assert page.evaluate("e => getComputedStyle(e).direction", english_line.element_handle()) == (
        "ltr"
    )
    link = statement.locator("a.highlight-link").first
    href = link.get_attribute("href")
    assert href == "/sources/000#citation-d447dfdacadb"
    with page.expect_navigation():
        link.click()
    anchor = href.split("#")[1]
    mark = page.locator(f"mark#{anchor}, #{anchor}").first
    assert "ما يقارب 50 ألف فرصة عمل مباشرة وغير مباشرة" in mark.evaluate(
        "e => (e.closest('mark') || e).textContent"
    )


def test_an_english_check_from_a_link(page: Any, server: str, backend: str) -> None:
    """``/check?text=`` is a check one can link to; an English text stays left to right,
    and the Arabic quotes inside it read right to left."""
    page.goto(f"{server}/check?text={ENGLISH.replace(' ', '%20').replace('$', '%24')}")
    assert page.locator(".checked").get_attribute("dir") == "ltr"
    found = page.evaluate(MARKS_JS)
    assert [(m["cls"], m["text"], m["href"]) for m in found] == [
        ("v-differs", "$140 million", "#s1"),
        ("v-supported", "two cloud regions", "#s2"),
    ]
    badge = page.locator("li#s1 .badge").inner_text()
    assert badge == "differs: subject"
    quote = page.locator("li#s1 blockquote").first
    assert quote.inner_text() == "استثمار 140 مليون دولار"
    assert page.evaluate("e => getComputedStyle(e).direction", quote.element_handle()) == "rtl"
    assert page.locator("textarea#text").input_value() == ENGLISH
    page.screenshot(path=str(ARTIFACTS / f"check-english-{backend}.png"), full_page=True)
