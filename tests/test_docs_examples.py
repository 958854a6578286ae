"""The README's and docs/*.md's example requests are real: each is sent to the seeded API
and its answer must agree with what the page shows.

Two shapes of example are found and checked:

- a ```` ```console ```` block whose first line is ``$ curl …`` (``-G``,
  ``--data-urlencode``, ``-H``, ``-i`` understood), followed by the output;
- a line whose last code span is ``GET /v1/…``, followed by a ```` ```json ```` block.

A page may shorten an answer with ``…``: a member ``…`` of an object stands for the
members not shown, a last item ``…`` of a list for the items not shown, a value ``…`` for
any value, and a string ending in ``…`` for any string starting so. Everything shown
must be in the answer, exactly.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GAP = "…"
_CONSOLE = re.compile(r"^```console\n(\$ curl .*?)\n```$", re.M | re.S)
_GET_JSON = re.compile(r"`(GET /[^`\s]+)`[^`\n]*\n\n?```json\n(.*?)\n```", re.S)


@dataclass
class Example:
    page: str
    line: int
    method: str
    url: str
    params: list[tuple[str, str]]
    headers: dict[str, str]
    show_headers: bool
    output: str

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def _curl(command: str) -> tuple[str, str, list[tuple[str, str]], dict[str, str], bool]:
    args = shlex.split(command.replace("\\\n", " "))
    assert args[0] == "curl", command
    method, url, params, headers, show = "GET", "", [], {}, False
    it = iter(args[1:])
    for a in it:
        if a in ("-s", "-G", "--get", "-sG", "-Gs"):
            continue
        if a in ("-i", "-si", "-is", "-siG", "-sGi"):
            show = True
        elif a == "--data-urlencode":
            name, _, value = next(it).partition("=")
            params.append((name, value))
        elif a == "-H":
            name, _, value = next(it).partition(":")
            headers[name.strip()] = value.strip()
        elif a == "-X":
            method = next(it)
        elif not a.startswith("-"):
            url = a
        else:
            raise AssertionError(f"an option the docs test does not know: {a}")
    parts = urlsplit(url if "://" in url else f"http://{url}")
    assert parts.netloc in ("localhost:8000", "127.0.0.1:8000"), url
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return method, path, params, headers, show


def examples() -> list[Example]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        name = str(page.relative_to(ROOT))
        for m in _CONSOLE.finditer(text):
            lines = m.group(1).split("\n")
            command = lines.pop(0)[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + lines.pop(0).strip()
            method, url, params, headers, show = _curl(command)
            line = text.count("\n", 0, m.start()) + 1
            found.append(Example(name, line, method, url, params, headers, show, "\n".join(lines)))
        for m in _GET_JSON.finditer(text):
            method, url = m.group(1).split(" ", 1)
            line = text.count("\n", 0, m.start()) + 1
            found.append(Example(name, line, method, url, [], {}, False, m.group(2)))
    return found


def loads_shortened(text: str) -> Any:
    """JSON with ``…`` gaps, as the docs write it: a gap member of an object is dropped,
    a gap item or value becomes the string ``"…"``."""
    out: list[str] = []
    stack: list[str] = []
    skip_comma = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
            continue
        if ch == GAP:
            before = "".join(out).rstrip()
            if stack and stack[-1] == "{" and not before.endswith(":"):
                if before.endswith(","):  # «"a": 1, …}»: drop the comma before
                    out = [before[:-1]]
                else:  # «{…, "a": 1}»: drop the comma after
                    skip_comma = True
            else:
                out.append(json.dumps(GAP))
            i += 1
            continue
        if ch == "," and skip_comma:
            skip_comma = False
            i += 1
            continue
        if ch in "{[":
            stack.append(ch)
        elif ch in "}]":
            stack.pop()
        if not ch.isspace():
            skip_comma = False
        out.append(ch)
        i += 1
    return json.loads("".join(out))


def agrees(shown: Any, real: Any, where: str = "$") -> None:
    if shown == GAP:
        return
    if isinstance(shown, str) and shown.endswith(GAP) and isinstance(real, str):
        assert real.startswith(shown[:-1]), (where, shown, real)
    elif isinstance(shown, dict):
        assert isinstance(real, dict), (where, real)
        for key, value in shown.items():
            assert key in real, f"{where}.{key}: not in the answer"
            agrees(value, real[key], f"{where}.{key}")
    elif isinstance(shown, list):
        assert isinstance(real, list), (where, real)
        items = shown[:-1] if shown and shown[-1] == GAP else shown
        if len(items) == len(shown):
            assert len(real) == len(shown), f"{where}: {len(real)} items, page shows {len(shown)}"
        assert len(real) >= len(items), where
        for i, value in enumerate(items):
            agrees(value, real[i], f"{where}[{i}]")
    else:
        assert shown == real, (where, shown, real)


def _text_agrees(shown: str, real: str) -> None:
    pattern = ".*?".join(re.escape(part) for part in shown.split(GAP))
    assert re.fullmatch(pattern, real.rstrip("\n"), re.S), (shown, real)


ALL = examples()


def test_the_pages_have_examples() -> None:
    pages = {e.page for e in ALL}
    assert {"README.md", "docs/api.md"} <= pages
    assert len(ALL) >= 15


@pytest.mark.parametrize("example", ALL, ids=[e.id for e in ALL])
def test_example_is_what_the_api_answers(client: TestClient, example: Example) -> None:
    response = client.request(
        example.method, example.url, params=example.params or None, headers=example.headers
    )
    output = example.output
    if example.show_headers:
        head, _, output = output.partition("\n\n")
        status, *fields = head.split("\n")
        assert status.split()[1] == str(response.status_code), example.id
        for field in fields:
            name, _, value = field.partition(": ")
            _text_agrees(value, response.headers[name])
    if output.lstrip()[:1] in ("{", "["):
        agrees(loads_shortened(output), response.json(), example.id)
    else:
        _text_agrees(output, response.text)


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens."""
    text = page.read_text(encoding="utf-8")
    heads = re.findall(r"^#+ (.+)$", re.sub(r"(?ms)^```.*?^```", "", text), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in heads}


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_link_reaches_a_file_and_heading(page: Path) -> None:
    for target in _LINK.findall(page.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{page.name}: {target}"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file), f"{page.name}: {target}"
