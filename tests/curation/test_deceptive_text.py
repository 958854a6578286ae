"""Text that deceives: formulas in CSV cells, bidi overrides and control characters.

- ``?format=csv`` prefixes ``'`` to a cell starting with ``= + - @``, tab or CR (OWASP), so
  a spreadsheet shows the text instead of running it; the JSON keeps the exact text.
- Writes refuse bidi embeddings, overrides and isolates everywhere, and control
  characters (newline excepted in multi-line text): a 422 naming the field. The marks
  Arabic text uses (ZWNJ, ZWJ, LRM, RLM, ALM) are kept.
- Record pages isolate a record's label in their ``<title>`` (FSI … PDI) and headings
  (``<bdi>``, ``dir="auto"``), so even text stored before these rules cannot reorder
  the page around it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import text

from app.api.lists import defuse
from app.db import make_engine
from tests.conftest import settings_for
from tests.curation.conftest import Curation, partner_body

FORMULAS = {
    "eq-link": '=HYPERLINK("http://evil.example","click")',
    "plus-sum": "+SUM(1;2)",
    "minus-cmd": "-2+3+cmd|' /C calc'!A0",
    "at-sum": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def csv_rows(cur: Curation, path: str) -> dict[str, dict[str, str]]:
    r = cur.client.get(path, params={"format": "csv", "limit": 200})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    return {row["id"]: row for row in csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")))}


def test_csv_cells_never_start_a_formula(cur: Curation) -> None:
    for pid, name in FORMULAS.items():
        body = partner_body(pid, name=name, description=f"={pid}")
        r = cur.client.post("/v1/partners", headers=cur.curator, json=body)
        assert r.status_code == 201, r.text
        assert r.json()["name"] == name  # stored and served as sent
    rows = csv_rows(cur, "/v1/partners")
    for pid, name in FORMULAS.items():
        assert rows[pid]["name"] == "'" + name
        assert rows[pid]["description"] == f"'={pid}"
    assert rows["mistral-ai"]["name"] == "Mistral AI"  # ordinary text is untouched
    assert cur.client.get("/v1/partners/eq-link").json()["name"] == FORMULAS["eq-link"]
    # numbers stay numbers, and the articles' quotes stay as they are
    funds = csv_rows(cur, "/v1/funds")
    assert funds["investors-fund-003"]["amount"] == "1300000000"
    assert (
        funds["investors-fund-003"]["citation_quotes"]
        == "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم"
    )


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-5", "-5"),
        ("+1.5e3", "+1.5e3"),
        ("a=1", "a=1"),
        ("", ""),
        ("بطاقة تصل إلى 500 ميغاواط", "بطاقة تصل إلى 500 ميغاواط"),
    ],
)
def test_defuse(cell: str, expected: str) -> None:
    assert defuse(cell) == expected


BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def problem_names(r: Any) -> set[str]:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    return {e["name"] for e in r.json()["errors"]}


@pytest.mark.parametrize("ch", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_bidi_controls_are_refused_naming_the_field(cur: Curation, ch: str) -> None:
    r = cur.client.post(
        "/v1/partners", headers=cur.curator, json=partner_body(name=f"Evil{ch}gnp.exe")
    )
    assert problem_names(r) == {"name"}
    assert f"U+{ord(ch):04X}" in r.text and "bidirectional" in r.text
    r = cur.client.post(
        "/v1/partners", headers=cur.curator, json=partner_body(description=f"a{ch}b\nc")
    )
    assert problem_names(r) == {"description"}
    assert cur.client.get("/v1/partners/acme-ai").status_code == 404


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Acme\x1b[31m AI"),  # ESC: a terminal colour sequence
        ("name", "Acme\rAI"),
        ("name", "Acme\nAI"),  # a name is one line
        ("name", "Acme\u2028AI"),
        ("name", "Acme\x85AI"),  # C1: NEXT LINE
        ("name_ar", "أكمي\x7f"),
        ("description", "one\ttwo"),
        ("description", "line\r\nline"),
        ("description", "bell\x07"),
    ],
)
def test_control_characters_are_refused_naming_the_field(
    cur: Curation, field: str, value: str
) -> None:
    r = cur.client.post("/v1/partners", headers=cur.curator, json=partner_body(**{field: value}))
    assert problem_names(r) == {field}
    assert "control character U+" in r.text


def test_a_label_with_escape_codes_is_refused_and_the_fund_unchanged(cur: Curation) -> None:
    fund = cur.client.get("/v1/funds/investors-fund-003").json()
    r = cur.client.patch(
        "/v1/funds/investors-fund-003",
        headers={**cur.curator, "If-Match": f'"v{fund["version"]}"'},
        json={"label": "Fund\x1b]8;;http://evil.example\x07click"},
    )
    assert problem_names(r) == {"label"}
    assert cur.client.get("/v1/funds/investors-fund-003").json()["label"] == fund["label"]


def test_arabic_marks_and_newlines_where_they_belong_are_kept(cur: Curation) -> None:
    name_ar = "مي\u200cسترال\u200d \u200fAI\u200e \u061c"  # ZWNJ ZWJ RLM LRM ALM
    description = "First line.\nSecond line."
    body = partner_body(name_ar=name_ar, description=description)
    r = cur.client.post("/v1/partners", headers=cur.curator, json=body)
    assert r.status_code == 201, r.text
    got = cur.client.get("/v1/partners/acme-ai").json()
    assert (got["name_ar"], got["description"]) == (name_ar, description)


def test_record_pages_isolate_their_labels(cur: Curation) -> None:
    """A label stored before the write API refused bidi controls (written here straight
    into the database) stays inside its isolate on the figure page."""
    engine = make_engine(settings_for(cur.url))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE figure SET label = :l WHERE id = 'dakhla-capacity-000'"),
            {"l": "Evil\u202egnp.exe"},
        )
    engine.dispose()
    page = cur.client.get("/figures/dakhla-capacity-000").text
    assert "<title>\u2068Evil\u202egnp.exe\u2069 · masdar</title>" in page
    assert '<h1 dir="auto"><bdi>Evil\u202egnp.exe</bdi></h1>' in page
    assert "بطاقة تصل إلى 500 ميغاواط" in page
    source = cur.client.get("/sources/000").text
    title = cur.client.get("/v1/sources/000").json()["title"]
    assert f'<h1 lang="ar" dir="auto"><bdi>{title}</bdi></h1>' in source
    assert f"<title>\u2068{title}\u2069 · masdar</title>" in source
