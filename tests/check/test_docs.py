"""docs/check.md and the README's fact-check section are real output: replay them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from app.services import factcheck
from tests.proposals.test_docs import agrees

ROOT = Path(__file__).parents[2]
DOC = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
JOBS = "المغرب سيخلق 60 ألف فرصة عمل بفضل الذكاء الاصطناعي بحلول 2030"
ORACLE = "Oracle will invest $140 million in two cloud regions in Casablanca and Settat."


def shown(name: str) -> Any:
    block = re.search(rf"<!-- example: {name} -->\n```json\n(.*?)\n```", DOC, re.S)
    assert block is not None, name
    return json.loads(block.group(1))


def test_the_examples_on_the_docs_page(client: TestClient) -> None:
    assert f'"{JOBS}"' in DOC and "invest $140 million in two cloud regions" in DOC
    agrees(shown("ar"), client.post("/v1/check", json={"text": JOBS}).json())
    agrees(shown("en"), client.get("/v1/check", params={"text": ORACLE}).json())


def test_the_bad_input_table(client: TestClient) -> None:
    long = client.post("/v1/check", json={"text": "x" * 1_000_000}).json()["detail"]
    assert f"| 413 `{long}`" in DOC
    empty = client.post("/v1/check", json={"text": " "}).json()["detail"]
    assert f"| 422 `{empty}` |" in DOC
    none = client.post("/v1/check", json={"text": "أعلنت الوزيرة عن إطلاق شبكة معاهد الجزري"})
    assert f'`note: "{none.json()["note"]}"`' in DOC
    assert f"up to {factcheck.MAX_CHARS:,} characters" in DOC


def test_the_readme_section(client: TestClient) -> None:
    section = README.split("## Fact-checking a sentence", 1)[1].split("\n## ", 1)[0]
    assert len(section.strip().splitlines()) <= 15
    pairs = re.findall(r'^\{"text": "(.*)"\}\n→ "(.*?)": (\w+) in (\w+) — "(.*)"$', section, re.M)
    assert len(pairs) == 2
    for text, span, verdict, aspect, line in pairs:
        got = client.post("/v1/check", json={"text": text}).json()
        s = got["statements"][0]
        assert (s["span"]["text"], s["verdict"], s["differs_in"][0]) == (span, verdict, aspect)
        assert line in (s["explanation"], s["explanation_ar"])
    assert any(re.search("[\u0600-\u06ff]", text) for text, *_ in pairs)  # one Arabic
    assert any(text.isascii() for text, *_ in pairs)  # one English
