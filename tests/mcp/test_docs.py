"""docs/mcp.md and the README's MCP section show real answers of the server as it is."""

from __future__ import annotations

import json
import re

from app.mcp.server import MasdarServer
from tests.mcp.support import ROOT, TOOLS, error, ok, session

DOC = (ROOT / "docs" / "mcp.md").read_text("utf-8")
README = (ROOT / "README.md").read_text("utf-8")
EXAMPLE = re.compile(r"<!-- mcp-example: (\w+) (\{.*?\}) -->\n```json\n(.*?)\n```", re.S)


def test_every_example_is_a_real_answer(mcp_server: MasdarServer) -> None:
    examples = EXAMPLE.findall(DOC)
    assert [tool for tool, _, _ in examples] == ["get_passage", "list_figures"]
    for tool, args, shown in examples:
        answer = session(mcp_server, lambda c, t=tool, a=args: ok(c, t, json.loads(a)))
        assert json.loads(shown) == answer, tool


def test_the_transcripts_error_is_real(mcp_server: MasdarServer) -> None:
    args = {"type": "figure", "id": "dakhla-capacity-999"}
    text = session(mcp_server, lambda c: error(c, "get_record", args))
    line = {
        "jsonrpc": "2.0",
        "id": 3,
        "result": {"content": [{"type": "text", "text": text}], "isError": True},
    }
    assert json.dumps(line, ensure_ascii=False) in DOC


def test_the_docs_list_every_tool() -> None:
    documented = set(re.findall(r"^\| `(\w+)\(", DOC, re.M))
    assert documented == TOOLS | {"check_claim"}


def test_the_readme_section_is_real_and_links_the_guide(mcp_server: MasdarServer) -> None:
    section = README.split("## AI assistants (MCP)\n", 1)[1].split("\n## ", 1)[0]
    assert "[docs/mcp.md](docs/mcp.md)" in section
    assert len(section.strip().splitlines()) <= 15
    page = session(
        mcp_server, lambda c: ok(c, "list_figures", {"subject": "Dakhla", "unit": "MW", "limit": 1})
    )
    [fig] = page["items"]
    [quote] = fig["citations"]
    for key, value in (
        ("id", fig["id"]),
        ("value", fig["value"]),
        ("qualifier", fig["qualifier"]),
        ("basis", fig["basis"]),
        ("quote", quote["quote"]),
        ("start", quote["start"]),
        ("end", quote["end"]),
        ("url", quote["url"]),
    ):
        assert f'"{key}": {json.dumps(value, ensure_ascii=False)}' in section, key
