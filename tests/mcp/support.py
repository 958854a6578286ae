"""What every MCP transport must do, driven by the SDK's own client (``mcp.Client``).

:func:`exercise` lists the tools and calls each one with real arguments, asserting the
articles' real values, then sends bad arguments and expects tool errors. The same
scenario runs in-process, over stdio (``masdar mcp`` in a subprocess) and over streamable
HTTP (uvicorn on 127.0.0.1), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from mcp import Client
from mcp_types import CallToolResult

from app.mcp.tools import has_factcheck

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "seed" / "sources"

TOOLS = {
    "search",
    "resolve",
    "get_record",
    "list_figures",
    "get_claim",
    "list_conflicts",
    "cite",
    "get_passage",
} | ({"check_claim"} if has_factcheck() else set())

DAKHLA_QUOTE = "بطاقة تصل إلى 500 ميغاواط"
DAKHLA_CLAIM = "dakhla-data-centre:power_capacity:500:MW"


def article(source_id: str) -> str:
    [path] = SOURCES.glob(f"{source_id}_*.txt")
    return path.read_text("utf-8")


async def ok(client: Client, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    """The structured answer of a call that must succeed; its text is the same JSON."""
    result = await client.call_tool(tool, args)
    assert not result.is_error, f"{tool}({args}) failed: {result.content}"
    assert isinstance(result.structured_content, dict)
    [block] = result.content
    assert block.type == "text" and json.loads(block.text) == result.structured_content
    return result.structured_content


async def error(client: Client, tool: str, args: dict[str, Any]) -> str:
    """The text of a call that must be a tool error (not a protocol error, not a crash)."""
    result: CallToolResult = await client.call_tool(tool, args)
    assert result.is_error, f"{tool}({args}) should fail: {result.structured_content}"
    [block] = result.content
    assert block.type == "text"
    assert not block.text.startswith("Error executing tool"), block.text  # not a crash
    return block.text


async def exercise(client: Client, base: str) -> None:
    """Every tool with real values, then bad arguments; ``base`` is the links' base URL."""
    listed = {t.name: t for t in (await client.list_tools()).tools}
    assert set(listed) == TOOLS
    for tool in listed.values():
        assert tool.description and len(tool.description) > 200, tool.name
        assert tool.output_schema is not None and tool.output_schema["type"] == "object"
        assert tool.annotations is not None and tool.annotations.read_only_hint

    # Dakhla's 500 MW, its quote and its offsets, found by an alias of its subject
    page = await ok(client, "list_figures", {"subject": "Dakhla", "unit": "MW", "limit": 1})
    [fig] = page["items"]
    assert (fig["id"], fig["value"], fig["unit"]) == ("dakhla-capacity-000", 500, "MW")
    assert (fig["qualifier"], fig["basis"], fig["claim_id"]) == ("up_to", "article", DAKHLA_CLAIM)
    [quote] = fig["citations"]
    assert (quote["source_id"], quote["quote"]) == ("000", DAKHLA_QUOTE)
    assert (quote["start"], quote["end"]) == (1333, 1358)
    assert article("000")[1333:1358] == DAKHLA_QUOTE
    assert quote["url"] == f"{base}/sources/000#citation-{quote['id']}"
    assert fig["url"] == f"{base}/figures/dakhla-capacity-000"
    assert page["next_cursor"] is not None
    more = await ok(client, "list_figures", {"subject": "Dakhla", "cursor": page["next_cursor"]})
    assert [f["id"] for f in more["items"]] == ["dakhla-capacity-002", "dakhla-capacity-003"]

    # the same fact in three articles
    claim = await ok(client, "get_claim", {"id": DAKHLA_CLAIM})
    assert (claim["corroborated_by"], claim["sources"]) == (3, ["000", "002", "003"])
    assert sorted(claim["qualifiers"]) == ["none", "up_to"]
    assert all(f["basis"] == "article" and f["citations"] for f in claim["figures"])

    # the passage around the quote, and the quotes that overlap it
    passage = await ok(
        client, "get_passage", {"source_id": "000", "start": 1333, "end": 1358, "context": 32}
    )
    assert passage["text"] == DAKHLA_QUOTE
    assert passage["before"] == "ركز بيانات ضخم في مدينة الداخلة "
    assert passage["length"] == len(article("000"))
    assert quote["id"] in {c["id"] for c in passage["citations"]}

    # the fund: 1.3 bn stated, its components summing to 1.27 bn
    fund = (await ok(client, "get_record", {"type": "fund", "id": "investors-fund-003"}))["record"]
    assert (fund["type"], fund["amount"], fund["currency"]) == ("fund", 1_300_000_000, "MAD")
    assert fund["basis"] == "article"
    assert fund["citations"][0]["quote"] == "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم"
    parts = fund["components"]
    assert sorted(p["value"] for p in parts) == [70_000_000, 450_000_000, 750_000_000]
    assert sum(p["value"] for p in parts) == 1_270_000_000
    assert all(p["basis"] == "article" and p["citations"] for p in parts)
    assert any("750 مليون درهم" in c["quote"] for p in parts for c in p["citations"])
    total = await ok(
        client, "get_record", {"type": "figure", "id": "investors-fund-components-sum"}
    )
    total = total["record"]
    assert (total["value"], total["basis"], total["formula"]) == (1_270_000_000, "computed", "sum")
    assert total["citations"] == [] and len(total["inputs"]) == 3
    assert all(i["citations"] and i["basis"] == "article" for i in total["inputs"])
    found = (await ok(client, "search", {"q": "1.3 billion"}))["items"]
    assert [h["id"] for h in found[:2]] == ["investors-fund-003", "investors-fund-components-sum"]
    assert found[0]["figure"]["value"] == 1_300_000_000 and found[0]["figure"]["citations"]
    assert found[0]["value_match"]["components"]["sum"] == 1_270_000_000
    assert found[1]["figure"]["basis"] == "computed"
    conflicts = await ok(client, "list_conflicts", {"kind": "sum_mismatch"})
    [gap] = conflicts["items"]
    assert (gap["class"], gap["severity"]) == ("rounding", "rounding")
    sides = {v["value"]: v["basis"] for v in gap["values"]}
    assert sides[1_300_000_000] == "article" and sides[1_270_000_000] == "computed"

    # two Seghrouchnis: the family name is ambiguous, the given name decides
    both = await ok(client, "resolve", {"name": "Seghrouchni"})
    assert both["resolved"] is None
    ids = {c["id"] for c in both["candidates"]}
    assert {"amal-el-fallah-seghrouchni", "omar-seghrouchni"} <= ids
    omar = await ok(client, "resolve", {"name": "عمر صغروتشني"})
    assert omar["resolved"]["id"] == "omar-seghrouchni"

    # search: a figure hit carries the figure with its quotes
    hits = await ok(client, "search", {"q": "Dakhla data centre capacity", "type": "figure"})
    top = hits["items"][0]
    assert top["type"] == "figure" and top["figure"]["value"] == 500
    assert top["figure"]["citations"] and top["url"] == f"{base}/figures/{top['id']}"

    # cite: text, CSL-JSON and Web Annotation
    cited = await ok(client, "cite", {"figure_id": "dakhla-capacity-000"})
    assert "masdar source 000, characters 1333–1358" in cited["text"]
    assert f"«{DAKHLA_QUOTE}»" in cited["text"] and cited["figure"]["value"] == 500
    csl = await ok(client, "cite", {"figure_id": "dakhla-capacity-000", "format": "csl-json"})
    assert [i["id"] for i in csl["csl"]] == ["masdar-source-000"]
    anno = await ok(client, "cite", {"figure_id": "dakhla-capacity-000", "format": "annotation"})
    [item] = anno["annotation"]["items"]
    position = item["target"]["selector"][1]
    assert (position["start"], position["end"]) == (1333, 1358)
    assert item["target"]["source"] == f"{base}/v1/sources/000/text"

    # a person: roles with their quotes
    person = await ok(client, "get_record", {"type": "person", "id": "omar-seghrouchni"})
    assert person["record"]["type"] == "person" and person["record"]["roles"]

    # resources: the articles verbatim, the stats, the docs
    uris = {str(r.uri) for r in (await client.list_resources()).resources}
    assert {f"masdar://sources/00{i}" for i in range(5)} <= uris
    assert {"masdar://stats", "masdar://docs/trust"} <= uris
    [text] = (await client.read_resource("masdar://sources/000")).contents
    assert getattr(text, "text", None) == article("000")
    digest = hashlib.sha256(article("000").encode()).hexdigest()
    source = await ok(client, "get_record", {"type": "source", "id": "000"})
    assert source["record"]["sha256"] == digest and source["record"]["text"] == article("000")

    # bad arguments: tool errors with the REST API's messages
    assert await error(client, "get_record", {"type": "figure", "id": "nope"}) == (
        "No figure with id 'nope'."
    )
    assert (await error(client, "get_record", {"type": "planet", "id": "x"})).startswith(
        "Invalid argument 'type': Input should be 'figure', 'fund',"
    )
    assert await error(client, "search", {"q": "ا" * 10_000}) == (
        "Invalid argument 'q': String should have at most 200 characters."
    )
    assert await error(client, "get_claim", {"id": "x:y:1:MW"}) == "No claim with id 'x:y:1:MW'."
    assert await error(client, "list_figures", {"currency": "MAD"}) == (
        "Unknown argument(s): 'currency'. Allowed: cursor, derived, kind, limit, max, metric, "
        "min, qualifier, source, subject, unit."
    )
    assert await error(client, "list_figures", {"cursor": "!!"}) == (
        "Query parameter 'cursor' is not a cursor this API issued."
    )


def session(target: Any, scenario: Any, **client: Any) -> Any:
    """``await scenario(client)`` with an MCP client connected to ``target`` (a server
    object, a URL or stdio parameters)."""
    import anyio

    async def main() -> Any:
        async with Client(target, **client) as connected:
            return await scenario(connected)

    try:
        return anyio.run(main)
    except BaseExceptionGroup as group:  # the client's task groups wrap a failed assert
        while isinstance(group, BaseExceptionGroup) and len(group.exceptions) == 1:
            group = group.exceptions[0]  # type: ignore[assignment]
        raise group from None
