"""GET /dashboard without a browser: structure, accessibility and links."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.web.bidi import isolate


def test_dashboard_is_html_with_a_strict_csp_and_no_script(client: TestClient) -> None:
    r = client.get("/dashboard")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    html = r.text
    assert "<script" not in html
    assert not re.search(r'(src|href)="https?://', html), "no CDN, no external link"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_landmarks_and_languages(client: TestClient) -> None:
    html = client.get("/dashboard").text
    assert '<html lang="en">' in html
    for tag in ("<header>", '<main id="main">', "<footer>", '<nav aria-label="Sections">'):
        assert tag in html
    for section in ("headline", "funds", "targets", "partners", "timeline", "conflicts"):
        assert f'<section id="{section}" aria-labelledby="h-{section}">' in html
    # Arabic labels are marked as such
    assert '<span lang="ar" dir="rtl" class="ar">التمويلات حسب العملة والمكوّنات</span>' in html
    assert all('dir="rtl"' in span for span in re.findall(r'<span lang="ar"[^>]*>', html))


def test_numbers_carry_exact_values_and_link_to_figures_and_quotes(client: TestClient) -> None:
    html = client.get("/dashboard").text
    assert ('<a href="/figures/investors-fund-startups-003"><data value="750000000"') in html
    # the sum of the components 003 lists for its fund is a total, shown as masdar's
    assert 'data-stat="funds.components.investors-founders-fund:fund_size:1300000000:MAD' in html
    assert '<data value="1270000000"' in html
    quote_links = re.findall(r'href="/sources/(\d{3})#citation-([0-9a-f]+)"', html)
    assert len(quote_links) > 30
    for source_id, citation_id in set(quote_links):
        c = client.get(f"/v1/citations/{citation_id}").json()
        assert c["source_id"] == source_id


def test_a_sum_whose_overlap_is_unknown_is_shown_nowhere(client: TestClient) -> None:
    """11 bn + 1.3 bn MAD and 10 bn + 140 M USD: no article says whether one contains the
    other, so /v1/stats serves no total and the page shows no sum, only the amounts."""
    html = client.get("/dashboard").text
    assert "funds.by_currency.MAD.total" not in html
    assert "funds.by_currency.USD.total" not in html
    for value in ("12300000000", "10140000000", "12.3 bn", "10.1 bn", "10.14 bn"):
        assert value not in html, value
    for cur in ("MAD", "USD"):
        block = html.split(f'<div id="total-{cur}">', 1)[1].split("</p></div>", 1)[0]
        assert (
            '<p class="note" data-overlap="unknown">masdar does not add these 2 amounts. '
            "The articles do not say whether these amounts are separate or one contains "
            "another"
        ) in block


def test_open_conflicts_are_listed(client: TestClient) -> None:
    html = client.get("/dashboard").text
    assert 'data-stat="conflicts.count"' in html
    assert "sum_mismatch:investors-fund-003" in html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Dakhla data centre", "Dakhla data centre"),
        (
            "spelled: “الجزري” (000); “برنامج « جزاري »” (001).",
            'spelled: “<bdi lang="ar">الجزري</bdi>” (000); '
            '“<bdi lang="ar">برنامج « جزاري »</bdi>” (001).',
        ),
        ("welcomed: في منتصف عام 2024", 'welcomed: <bdi lang="ar">في منتصف عام 2024</bdi>'),
        ('at “"AI Made" day” <b>', "at “<bdi>&quot;AI Made&quot; day</bdi>” &lt;b&gt;"),
    ],
)
def test_isolate_wraps_each_embedded_run(text: str, html: str) -> None:
    assert isolate(text) == html


def test_partners_are_named_and_conflict_lines_isolated(client: TestClient) -> None:
    html = client.get("/dashboard").text
    assert (
        '<a href="/v1/partners/amdie" class="partner" data-partner="amdie">'
        "Moroccan Agency for Investment and Export Development</a>"
    ) in html
    assert '“<bdi lang="ar">الجزري</bdi>” (000, 002)' in html
