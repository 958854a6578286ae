"""The ``/check`` page over HTTP (its behaviour in a browser: tests/check/test_browser.py)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

JOBS = "المغرب سيخلق 60 ألف فرصة عمل بفضل الذكاء الاصطناعي بحلول 2030"
PARAGRAPH = (
    "Oracle will invest $140 million in two cloud regions in Casablanca and Settat. "
    "Mistral AI will invest $140 million too. Morocco will build five new data centres."
)
MARK = re.compile(
    r'<mark class="([^"]+)"[^>]*data-start="(\d+)" data-end="(\d+)"[^>]*>(.*?)</mark>'
)


def marks(html: str) -> list[tuple[str, int, int, str]]:
    return [
        (cls, int(a), int(b), unescape(re.sub("<[^>]+>", "", inner)))
        for cls, a, b, inner in MARK.findall(html)
    ]


def test_the_empty_form(client: TestClient) -> None:
    r = client.get("/check")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "script-src 'none'" in r.headers["content-security-policy"]
    html = r.text
    assert '<form method="post" action="/check">' in html
    assert '<textarea id="text" name="text" rows="5" dir="auto" required' in html
    assert "<script" not in html and "What the articles say" not in html
    assert 'href="/check?text=Oracle+will+invest+%24140+million' in html  # examples link


def test_an_arabic_check_is_right_to_left_and_marked(client: TestClient) -> None:
    html = client.get("/check", params={"text": JOBS}).text
    assert '<div class="checked" aria-label="The text checked" lang="ar" dir="rtl">' in html
    assert marks(html) == [
        ("v-differs", 13, 28, "60 ألف فرصة عمل"),
        ("skipped", 51, 61, "بحلول 2030"),
    ]
    for _, start, end, words in marks(html):
        assert JOBS[start:end] == words
    assert '<a href="#s1">60 ألف فرصة عمل</a>' in html  # the mark links to its evidence
    assert '<li id="s1" class="statement" data-verdict="differs">' in html
    assert '<span class="badge v-differs">differs: value</span>' in html
    assert '<p lang="ar" dir="rtl">تقول المقالات نحو 50 ألف فرصة عمل بحلول 2030 (000)' in html
    assert (
        '<p lang="en" dir="ltr">The articles say about 50,000 jobs by 2030 (000) and 50,000 '
        "jobs (000, 002) for Morocco AI 2030; the sentence says 60,000 jobs by 2030.</p>" in html
    )
    assert '<blockquote lang="ar" dir="rtl">ما يقارب 50 ألف فرصة عمل مباشرة وغير مباشرة' in html
    assert 'href="/sources/000#citation-d447dfdacadb">See it highlighted in source 000' in html
    assert 'href="/figures/jobs-000"' in html
    assert "different_hedges" in html and 'href="/v1/conflicts/qualifier_mismatch:' in html
    assert "a deadline year, stated with the figure it bounds" in html


def test_a_paragraph_posted_from_the_form(client: TestClient) -> None:
    r = client.post("/check", data={"text": PARAGRAPH, "lang": ""})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    found = marks(r.text)
    assert [(cls, words) for cls, _, _, words in found] == [
        ("v-supported", "$140 million"),
        ("v-supported", "two cloud regions"),
        ("v-differs", "$140 million"),
        ("v-not_found", "five new data centres"),
    ]
    assert all(PARAGRAPH[a:b] == w for _, a, b, w in found)
    assert 'lang="en" dir="ltr">' in r.text and "not for Mistral AI." in r.text
    assert "3 supported" not in r.text and "2 supported · 1 differs · 1 not\nfound" in r.text
    assert f">{PARAGRAPH}</textarea>" in r.text  # the text stays in the box


@pytest.mark.parametrize(
    ("send", "status", "shown"),
    [
        (lambda c: c.get("/check", params={"text": " "}), 422, "The text is empty"),
        (lambda c: c.post("/check", data={"text": "x" * 20_001}), 413, "20,001 characters"),
        (lambda c: c.get("/check", params={"text": "1", "lang": "fr"}), 422, "lang must be"),
        (lambda c: c.post("/check", json={"text": "1"}), 415, "Send the form"),
        (lambda c: c.post("/check", content=b"text=%FF", headers={
            "content-type": "application/x-www-form-urlencoded"}), 400, "not UTF-8"),
    ],
)  # fmt: skip
def test_bad_input_shows_the_form_and_why(
    client: TestClient, send: object, status: int, shown: str
) -> None:
    r = send(client)  # type: ignore[operator]
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert '<p class="problem" role="alert">' in r.text and shown in r.text
    assert "<form" in r.text


def test_no_figure_says_so(client: TestClient) -> None:
    html = client.get("/check", params={"text": "😀 Industry 4.0"}).text
    assert "The text holds no figure to check" in html
    assert marks(html) == [("skipped", 2, 14, "Industry 4.0")]
