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


def test_the_readme_section() -> None:
    """Its two examples are replayed by tests/test_docs_examples.py (console blocks)."""
    section = README.split("## Fact-check a sentence", 1)[1].split("\n## ", 1)[0]
    assert len(section.strip().splitlines()) <= 15 and "[docs/check.md](docs/check.md)" in section
    commands = re.findall(r"^\$ curl -sG localhost:8000/v1/check --data-urlencode 'text=(.*)'$",
                          section, re.M)  # fmt: skip
    assert len(commands) == 2
    assert re.search("[\u0600-\u06ff]", commands[0]) and commands[1].isascii()
