"""docs/proposals.md and the README's curation example are real output: replay them."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from tests.curation.conftest import Curation, make_key
from tests.proposals.conftest import ARTICLES

ROOT = Path(__file__).parents[2]
DOC = (ROOT / "docs" / "proposals.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def shown(name: str) -> Any:
    block = re.search(rf"<!-- example: {name} -->\n```json\n(.*?)\n```", DOC, re.S)
    assert block is not None, name
    return json.loads(block.group(1))


def agrees(doc: Any, real: Any, where: str = "") -> None:
    """What the page shows is in the answer: objects by the keys shown, lists by their
    first items, ``"…"`` for anything."""
    if doc == "…":
        return
    if isinstance(doc, dict):
        assert isinstance(real, dict), where
        for k, v in doc.items():
            assert k in real, f"{where}.{k}"
            agrees(v, real[k], f"{where}.{k}")
    elif isinstance(doc, list):
        assert isinstance(real, list) and len(real) >= len(doc), where
        for i, v in enumerate(doc):
            agrees(v, real[i], f"{where}[{i}]")
    else:
        assert doc == real, (where, doc, real)


def test_the_session_on_the_docs_page(cur: Curation) -> None:
    _, token = make_key(cur.url, "Nadia", "curator")
    nadia = {"Authorization": f"Bearer {token}"}
    text = (ARTICLES / "synthetic-1.txt").read_text(encoding="utf-8")
    r = cur.client.post(
        "/v1/sources", headers=nadia, json={"id": "synthetic-1", "kind": "news", "text": text}
    )
    assert r.status_code == 201
    assert f"`Link: {r.headers['link']}`" in DOC
    listed = cur.client.get("/v1/sources/synthetic-1/proposals?figure=true&limit=1", headers=nadia)
    agrees(shown("list"), listed.json())
    one = cur.client.get("/v1/proposals/synthetic-1-at-0000684", headers=nadia)
    agrees(shown("one"), one.json())
    accepted = cur.client.post("/v1/proposals/synthetic-1-at-0000684/accept", headers=nadia)
    assert accepted.status_code == 201
    assert f"`Location: {accepted.headers['location']}`" in DOC
    agrees(shown("accepted"), accepted.json()["figure"])
    again = cur.client.post("/v1/proposals/synthetic-1-at-0000684/accept", headers=nadia)
    detail = again.json()["detail"]
    start, _, rest = detail.partition(" already (")
    flat = " ".join(DOC.split())
    assert f'*"{start} already (…, by Nadia): a proposal is decided once."*' in flat
    assert rest.endswith("by Nadia): a proposal is decided once.")


def test_the_readme_example(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seeded_url: str
) -> None:
    section = README.split("## From a new article to facts", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n\$ ./dev masdar propose (\S+)\n(.*?)\n```", section, re.S)
    assert block is not None
    monkeypatch.setenv("MASDAR_DATABASE_URL", seeded_url)
    assert main(["propose", str(ROOT / block.group(1))]) == 0
    out = capsys.readouterr().out.splitlines()
    for line in block.group(2).splitlines():
        assert line.endswith("…") and any(o.startswith(line[:-1]) for o in out) or line in out, line
    assert "docs/proposals.md" in section


def test_the_python_example_runs() -> None:
    example = DOC.split("```python\n", 1)[1].split("```", 1)[0]
    parser = doctest.DocTestParser()
    test = parser.get_doctest(example, {}, "docs/proposals.md", "docs/proposals.md", 0)
    result = doctest.DocTestRunner().run(test)
    assert (result.attempted, result.failed) == (2, 0)
