"""The dashboard in a real browser: Debian's Chromium driven by Python playwright.

A uvicorn server runs in a thread over a private seeded database. Never runs
``playwright install``: the browser is /usr/bin/chromium. Screenshots go to
``test-artifacts/`` (git-ignored). Any request that leaves 127.0.0.1 fails the test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
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
    components = "funds.components.investors-founders-fund:fund_size:1300000000:MAD.MAD"
    assert {
        f"{components}.total",
        "by_country.FR.partners",
        "by_deadline_year.2030.targets.count",
    } <= keys
    # 11 bn + 1.3 bn MAD, 10 bn + 140 M USD: overlap unknown, no total served or shown
    assert not {"funds.by_currency.MAD.total", "funds.by_currency.USD.total"} & keys
    text = {s: t for s, _, t in shown}
    assert text[f"{components}.total"] == "1.27 bn MAD"
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


BARS_JS = """() => Array.from(document.querySelectorAll('svg[data-unit]')).map(svg => {
  const [bg, fg] = svg.querySelectorAll('rect');
  return {section: svg.closest('section').id, block: (svg.closest('[id^=total-]') || {}).id,
    components: !!svg.closest('ul.alt') && !!svg.closest('#funds'),
    value: +svg.dataset.value, unit: svg.dataset.unit, scale: +svg.dataset.scale,
    shown: fg.getBoundingClientRect().width / bg.getBoundingClientRect().width};
})"""


def test_bars_compare_like_with_like(browser: Any, server: str) -> None:
    """One scale per unit: a bar is its value over the largest of its unit in its chart
    (the stated total for a fund's components), as drawn."""
    context, page, problems = open_page(browser, server, 1280, 900)
    page.goto(f"{server}/dashboard")
    bars = page.evaluate(BARS_JS)
    for b in bars:
        assert b["shown"] == pytest.approx(max(0.005, b["value"] / b["scale"]), abs=0.002), b
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for b in bars:
        if not b["components"]:
            groups.setdefault((b["section"], b["block"] or "", b["unit"]), []).append(b)
    for key, same in groups.items():
        assert {b["scale"] for b in same} == {max(b["value"] for b in same)}, key
    targets = {(b["value"], b["unit"]): b["shown"] for b in bars if b["section"] == "targets"}
    assert targets[(50_000, "jobs")] == pytest.approx(1) == targets[(100e9, "MAD")]
    assert targets[(500, "jobs")] == pytest.approx(0.01, abs=0.002)  # 500 of 50,000 jobs
    components = [b for b in bars if b["components"]]
    assert sorted(b["value"] for b in components) == [70e6, 450e6, 750e6]
    assert {b["scale"] for b in components} == {1.3e9}  # the stated total
    note = page.inner_text("#targets .scale")
    assert (
        note
        == "A full bar is the largest figure in its unit: 2 targets · 50,000 jobs · 100 bn MAD."
    )
    assert problems == []
    context.close()


def test_every_partner_label_is_a_name(browser: Any, server: str) -> None:
    partners = httpx.get(f"{server}/v1/partners?limit=200").json()["items"]
    names = {p["id"]: p["name"] for p in partners}
    context, page, problems = open_page(browser, server, 1280, 900)
    page.goto(f"{server}/dashboard")
    shown = page.eval_on_selector_all(
        "#partners a.partner", "els => els.map(e => [e.dataset.partner, e.textContent])"
    )
    assert sorted(pid for pid, _ in shown) == sorted(names)
    for pid, label in shown:
        assert label == names[pid] and label != pid
    assert names["amdie"] == "Moroccan Agency for Investment and Export Development"
    assert ["amdie", names["amdie"]] in shown and ["cndp", names["cndp"]] in shown
    assert problems == []
    context.close()


def test_every_quote_link_belongs_to_a_labelled_line(browser: Any, server: str) -> None:
    context, page, problems = open_page(browser, server, 1280, 900)
    page.goto(f"{server}/dashboard")
    stray = page.eval_on_selector_all(
        "main .links, main a.quote-link", "els => els.filter(e => !e.closest('li, p')).length"
    )
    assert stray == 0
    stated = page.inner_text("#funds p.total:has-text('Stated total')")
    assert stated.startswith(
        "Stated total: 1.3 bn MAD (quote 003) · sum of components: 1.27 bn MAD"
    )
    assert problems == []
    context.close()


ORDER_JS = """(li) => {
  const items = [];
  const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const runs = /([\\u0600-\\u06ff]+)|\\((\\d{3}(?:, \\d{3})*)\\)/g;  // a word, or ids
    for (const m of node.data.matchAll(runs)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = range.getClientRects(), first = rects[0], last = rects[rects.length - 1];
      items.push({what: m[1] || m[2], left: first.left, top: first.top, right: last.right,
        end_top: last.top});  // where it starts, and where it ends (ids may wrap)
    }
  }
  return items;
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_mixed_arabic_and_english_lines_keep_their_order(
    browser: Any, server: str, width: int
) -> None:
    """Each Arabic spelling, then its source ids, then the next spelling: on screen in the
    order the sentence gives them (left to right on a line, down across lines). Without
    isolation the ids between two Arabic runs join them and the line reads backwards."""
    context, page, problems = open_page(browser, server, width, 900)
    page.goto(f"{server}/dashboard")
    line = page.locator("#conflicts li", has_text="Seghrouchni is spelled differently").first
    assert line.locator("bdi[lang=ar]").count() == 3
    items = line.evaluate(ORDER_JS)
    assert [i["what"] for i in items] == [
        "السغروشني",
        "000, 004",
        "سغروتشني",
        "001",
        "صغروتشني",
        "001",
    ]
    same_line = 0
    for a, b in zip(items, items[1:], strict=False):
        if abs(a["end_top"] - b["top"]) < 8:  # one line (Arabic glyphs sit 1 px apart)
            assert a["right"] <= b["left"] + 1, (a, b)
            same_line += 1
        else:
            assert b["top"] > a["end_top"], (a, b)
    assert same_line >= (3 if width > 1000 else 1)
    assert problems == []
    context.close()


LAYOUT = Path(__file__).parent / "layout"
LAYOUT_JS = """() => {
  const out = {};
  for (const section of document.querySelectorAll('main section')) {
    const top = section.getBoundingClientRect();
    const items = [];
    const seen = {};
    for (const el of section.querySelectorAll(
        'h2, h3, .row, svg, data[data-stat], .note, p.total, ol.timeline > li, .cards > li')) {
      const css = el.className.baseVal ?? el.className;
      const tag = [el.tagName.toLowerCase(), ...css.split(' ').filter(Boolean)].join('.');
      const key = el.dataset.stat || tag;
      seen[key] = (seen[key] || 0) + 1;
      const r = el.getBoundingClientRect();
      items.push([key + '#' + seen[key], Math.round(r.left - top.left), Math.round(r.top - top.top),
        Math.round(r.width), Math.round(r.height)]);
    }
    out[section.id] = {width: Math.round(top.width), height: Math.round(top.height), items};
  }
  return out;
}"""


def _layout_json(layout: dict[str, Any]) -> str:
    """One line per box, so a diff of the reference names what moved."""
    parts = []
    for sid, sec in layout.items():
        items = ",\n".join(f"   {json.dumps(i)}" for i in sec["items"])
        parts.append(
            f' "{sid}": {{"width": {sec["width"]}, "height": {sec["height"]}, "items": [\n'
            f"{items}\n ]}}"
        )
    return "{\n" + ",\n".join(parts) + "\n}\n"


TOLERANCE = 3  # CSS px: the same fonts and Chromium render the same boxes


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("phone", 375, 812)])
def test_layout_matches_the_reference(
    browser: Any,
    server: str,
    backend: str,
    name: str,
    width: int,
    height: int,
) -> None:
    """The page at desktop and phone width, on either database, has the reference layout:
    every section's size and, inside it, every heading, row, bar and number's box (from
    ``layout/<name>.json``, within 3 px). Layout metrics, not pixels: a pixel diff fails
    on any antialiasing change and says nothing about what moved, while this names the
    element. After an intended change: ``MASDAR_UPDATE_LAYOUT=1 ./dev test -k layout``,
    then look at the screenshots in test-artifacts/ and commit the JSON."""
    context, page, problems = open_page(browser, server, width, height)
    page.goto(f"{server}/dashboard")
    # nothing wider than the screen: no sideways scrolling at 375 px
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("main section").count() == 6
    assert page.locator('[lang="ar"][dir="rtl"]').count() > 10
    path = ARTIFACTS / f"dashboard-{name}-{backend}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    layout = page.evaluate(LAYOUT_JS)
    reference = LAYOUT / f"{name}.json"
    if os.environ.get("MASDAR_UPDATE_LAYOUT"):
        LAYOUT.mkdir(exist_ok=True)
        reference.write_text(_layout_json(layout), encoding="utf-8")
    want = json.loads(reference.read_text(encoding="utf-8"))
    assert list(layout) == list(want)
    moved = []
    for sid, got in layout.items():
        ref = want[sid]
        if abs(got["width"] - ref["width"]) > TOLERANCE:
            moved.append(f"{sid}: width {got['width']} (reference {ref['width']})")
        assert [i[0] for i in got["items"]] == [i[0] for i in ref["items"]], sid
        for g, r in zip(got["items"], ref["items"], strict=True):
            if any(abs(a - b) > TOLERANCE for a, b in zip(g[1:], r[1:], strict=True)):
                moved.append(f"{sid} {g[0]}: {g[1:]} (reference {r[1:]})")
    assert moved == [], f"{len(moved)} boxes moved, e.g. {moved[:5]}"
    assert problems == []
    context.close()
