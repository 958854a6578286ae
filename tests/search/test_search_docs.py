"""Every example in docs/search.md and the README's search section is what the API answers.

An example is a ```http block (``GET path``) followed by a ```json block: the JSON
is the answer trimmed to some fields, so each documented object must be part of
the real one (same values for the keys shown) and each documented list a prefix
of the real list."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).parents[2]
EXAMPLE = re.compile(r"```http\nGET (\S[^\n]*)\n```\n```json\n(.*?)\n```", re.S)


def examples() -> list[tuple[str, str, Any]]:
    out = []
    for name in ("docs/search.md", "README.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        out += [(name, m.group(1), json.loads(m.group(2))) for m in EXAMPLE.finditer(text)]
    return out


def part_of(shown: Any, real: Any, where: str = "") -> None:
    if isinstance(shown, dict):
        assert isinstance(real, dict), where
        for key, value in shown.items():
            assert key in real, f"{where}.{key} missing"
            part_of(value, real[key], f"{where}.{key}")
    elif isinstance(shown, list):
        assert isinstance(real, list) and len(real) >= len(shown), where
        for i, value in enumerate(shown):
            part_of(value, real[i], f"{where}[{i}]")
    else:
        assert shown == real, f"{where}: documented {shown!r}, answered {real!r}"


def test_the_docs_have_examples() -> None:
    found = examples()
    assert len(found) >= 5
    assert any(n == "README.md" for n, _, _ in found)


@pytest.mark.parametrize(("doc", "request_line", "shown"), examples(), ids=lambda x: str(x)[:40])
def test_example_is_what_the_api_answers(
    client: TestClient, doc: str, request_line: str, shown: Any
) -> None:
    url = urlsplit(request_line)
    r = client.get(url.path + (f"?{url.query}" if url.query else ""))
    part_of(shown, r.json(), doc)
