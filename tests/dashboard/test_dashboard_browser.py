"""The dashboard in a real browser: Debian's Chromium driven by Python playwright.

A uvicorn server runs in a thread over a private seeded database. Never runs
``playwright install``: the browser is /usr/bin/chromium. Screenshots go to
``test-artifacts/`` (git-ignored). Any request that leaves 127.0.0.1 fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, require_chromium

pytestmark = pytest.mark.browser


sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
)
require_chromium()


@pytest.fixture
def browser() -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser: Any, server: str, width: int, height: int) -> tuple[Any, Any, list[str]]:
    """A page that records console errors and refuses any request off 127.0.0.1."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    def guard(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            problems.append(f"external request: {route.request.url}")
            route.abort()

    page.route("**/*", guard)
    return context, page, problems


def expected(stats: dict[str, Any], timeline: dict[str, Any], stat: str) -> float:
    """The value /v1/stats (or /v1/timeline) gives for a dashboard number's data-stat key."""
    section, _, rest = stat.partition(".")
    claims_of = {c["id"]: c for c in stats["headline"]}
    if section == "headline":
        return float(claims_of[rest]["value"])
    if section == "conflicts":
        raise KeyError(stat)
    if section == "timeline":
        return float(next(e["value"] for e in timeline["items"] if e["id"] == rest))
    if section == "by_country":
        country, _, field = rest.partition(".")
        return float(next(g for g in stats["by_country"] if g["country"] == country)[field])
    if section == "by_deadline_year":
        year, _, key = rest.partition(".")
        group = next(y for y in stats["by_deadline_year"] if str(y["year"]) == year)
        if key == "targets.count":
            return float(group["targets"]["count"])
        return float(next(c["value"] for c in group["targets"]["claims"] if c["id"] == key))
    if section == "funds":
        kind, _, rest = rest.partition(".")
        if kind == "by_currency":
            cur, _, key = rest.partition(".")
            total = next(t for t in stats["funds"]["by_currency"] if t["currency"] == cur)
            return float(
                total["total"]
                if key == "total"
                else next(c["value"] for c in total["claims"] if c["id"] == key)
            )
        if kind == "components":
            for comp in stats["funds"]["components"]:
                prefix = comp["parent"]["id"] + "."
                if rest.startswith(prefix):
                    cur, _, key = rest[len(prefix) :].partition(".")
                    total = next(t for t in comp["by_currency"] if t["currency"] == cur)
                    if key == "parent":
                        return float(comp["parent"]["value"])
                    return float(
                        total["total"]
                        if key == "total"
                        else next(c["value"] for c in total["claims"] if c["id"] == key)
                    )
        if kind == "rates":
            for rate in stats["funds"]["rates"]:
                if rest == rate["id"]:
                    return float(rate["value"])
                if rest.startswith(rate["id"] + "."):
                    did = rest[len(rate["id"]) + 1 :]
                    return float(
                        next(d["value"] for d in rate["derived_figures"] if d["id"] == did)
                    )
    raise KeyError(stat)


def test_numbers_shown_equal_the_api(browser: Any, server: str) -> None:
    stats = httpx.get(f"{server}/v1/stats").json()
    timeline = httpx.get(f"{server}/v1/timeline").json()
    conflicts = httpx.get(f"{server}/v1/conflicts?limit=200")
    context, page, problems = open_page(browser, server, 1280, 900)
    page.goto(f"{server}/dashboard")
    shown = page.eval_on_selector_all(
        "data[data-stat]", "els => els.map(e => [e.dataset.stat, e.value, e.textContent])"
    )
    assert len(shown) >= 30
    checked = 0
    for stat, value, _text in shown:
        if stat == "conflicts.count":
            if conflicts.status_code == 200:
                assert int(value) == len(conflicts.json()["items"])
            continue
        assert float(value) == expected(stats, timeline, stat), stat
        checked += 1
    assert checked >= 30
    keys = {s for s, _, _ in shown}
    assert {
        "funds.by_currency.MAD.total",
        "funds.by_currency.USD.total",
        "by_country.FR.partners",
        "by_deadline_year.2030.targets.count",
    } <= keys
    text = {s: t for s, _, t in shown}
    assert text["funds.by_currency.MAD.total"] == "12.3 bn MAD"
    assert text["funds.by_currency.USD.total"] == "10.1 bn USD"
    assert text["by_country.FR.partners"] == "2 partners"
    assert problems == []
    context.close()


def test_follow_a_number_to_its_figure_and_its_quote(
    browser: Any,
    server: str,
    backend: str,
) -> None:
    context, page, problems = open_page(browser, server, 1280, 900)
    page.goto(f"{server}/dashboard")
    # the 750 M MAD component of the investors' fund
    page.click('#funds a[href="/figures/investors-fund-startups-003"]')
    page.wait_for_url(f"{server}/figures/investors-fund-startups-003")
    assert "750" in page.inner_text("main")
    page.go_back()
    link = page.locator('#funds a.quote-link[data-figure="investors-fund-startups-003"]').first
    href = link.get_attribute("href")
    assert href is not None and href.startswith("/sources/003#citation-")
    citation_id = href.rsplit("-", 1)[1]
    quote = httpx.get(f"{server}/v1/citations/{citation_id}").json()["quote"]
    link.click()
    page.wait_for_url(f"{server}{href}")
    target = page.locator(f"#citation-{citation_id}")
    assert quote in target.inner_text()
    assert page.evaluate("location.hash") == f"#citation-{citation_id}"
    assert target.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"dashboard-quote-{backend}.png"))
    assert problems == []
    context.close()


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("phone", 375, 812)])
def test_screenshots_and_phone_width(
    browser: Any,
    server: str,
    backend: str,
    name: str,
    width: int,
    height: int,
) -> None:
    context, page, problems = open_page(browser, server, width, height)
    page.goto(f"{server}/dashboard")
    # nothing wider than the screen: no sideways scrolling at 375 px
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("main section").count() == 6
    assert page.locator('[lang="ar"][dir="rtl"]').count() > 10
    path = ARTIFACTS / f"dashboard-{name}-{backend}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    assert problems == []
    context.close()
