"""The tools answer what the REST API answers (same services: no second query path), plus
quote URLs and figure bases; their errors are the REST problems' details."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from mcp import Client

from app.mcp.reader import LOCAL_URL
from app.mcp.server import MasdarServer
from tests.mcp.support import ROOT, article, error, ok, session

HOSTILE = yaml.safe_load(
    (Path(__file__).parents[1] / "reliability" / "hostile_inputs.yaml").read_text("utf-8")
)
REST_LISTS = {
    "figure": "/v1/figures",
    "fund": "/v1/funds",
    "target": "/v1/targets",
    "initiative": "/v1/initiatives",
    "partner": "/v1/partners",
    "person": "/v1/people",
    "event": "/v1/events",
    "source": "/v1/sources",
}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {i: article(i) for i in ("000", "001", "002", "003", "004")}


def rest_all(client: TestClient, url: str) -> list[dict[str, Any]]:
    sep = "&" if "?" in url else "?"
    items, cursor = [], None
    while True:
        page = client.get(
            url + (f"{sep}limit=200&cursor={cursor}" if cursor else f"{sep}limit=200")
        )
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        if (cursor := page.json()["next_cursor"]) is None:
            return items


async def mcp_all(c: Client, tool: str, args: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = await ok(c, tool, {**args, "limit": 7, **({"cursor": cursor} if cursor else {})})
        items += page["items"]
        if (cursor := page["next_cursor"]) is None:
            return items


def same(mcp: Any, rest: Any, where: str = "") -> None:
    """Every field REST serves is in the MCP answer with the same value; REST's paths are
    absolute URLs there."""
    if isinstance(rest, dict):
        assert isinstance(mcp, dict), where
        for key, value in rest.items():
            assert key in mcp, f"{where}{key} missing"
            if key == "url" and isinstance(value, str) and value.startswith("/"):
                assert mcp[key] == LOCAL_URL + value, f"{where}{key}"
            else:
                same(mcp[key], value, f"{where}{key}.")
    elif isinstance(rest, list):
        assert isinstance(mcp, list) and len(mcp) == len(rest), where
        for i, (a, b) in enumerate(zip(mcp, rest, strict=True)):
            same(a, b, f"{where}{i}.")
    else:
        assert mcp == rest, where


def quotes(obj: Any) -> list[dict[str, Any]]:
    """Every quote anywhere in an answer."""
    if isinstance(obj, list):
        return [q for x in obj for q in quotes(x)]
    if not isinstance(obj, dict):
        return []
    own = [obj] if "quote" in obj and "start" in obj else []
    return own + [q for v in obj.values() for q in quotes(v)]


def figures(obj: Any) -> list[dict[str, Any]]:
    """Every figure anywhere in an answer (a value with a unit, a metric and ``derived``)."""
    if isinstance(obj, list):
        return [f for x in obj for f in figures(x)]
    if not isinstance(obj, dict):
        return []
    own = [obj] if {"metric", "value", "unit", "derived"} <= obj.keys() else []
    return own + [f for v in obj.values() for f in figures(v)]


def check_cited(answer: Any, texts: dict[str, str]) -> None:
    """Every figure has a basis and quotes (or is computed); every quote is verbatim at its
    offsets and links to its highlight."""
    for fig in figures(answer):
        assert fig["basis"] == ("computed" if fig["derived"] else "article"), fig["id"]
        assert fig["citations"] or fig["derived"], fig["id"]
        assert fig["url"].startswith(f"{LOCAL_URL}/"), fig["id"]
    for q in quotes(answer):
        assert texts[q["source_id"]][q["start"] : q["end"]] == q["quote"]
        assert q["url"] == f"{LOCAL_URL}/sources/{q['source_id']}#citation-{q['id']}"


@pytest.mark.parametrize("rtype", sorted(REST_LISTS))
def test_every_record_is_the_rest_record_with_its_quotes(
    rtype: str, client: TestClient, mcp_server: MasdarServer, texts: dict[str, str]
) -> None:
    ids = [r["id"] for r in rest_all(client, REST_LISTS[rtype])]
    assert ids

    async def scenario(c: Client) -> None:
        for rid in ids:
            rest = client.get(f"{REST_LISTS[rtype]}/{rid}").json()
            record = (await ok(c, "get_record", {"type": rtype, "id": rid}))["record"]
            assert record["type"] == rtype
            same(record, rest, f"{rtype} {rid}: ")
            check_cited(record, texts)

    session(mcp_server, scenario)


def test_lists_are_the_rest_lists(
    client: TestClient, mcp_server: MasdarServer, texts: dict[str, str]
) -> None:
    async def scenario(c: Client) -> None:
        for tool, args, url in (
            ("list_figures", {}, "/v1/figures"),
            ("list_figures", {"kind": "fund", "unit": "MAD"}, "/v1/figures?kind=fund&unit=MAD"),
            ("list_figures", {"subject": "الجزري"}, "/v1/figures?subject=الجزري"),
            ("list_figures", {"min": 1e9, "derived": False}, "/v1/figures?min=1e9&derived=false"),
            ("list_figures", {"qualifier": "none"}, "/v1/figures?qualifier=none"),
            ("list_figures", {"source": "003"}, "/v1/figures?source=003"),
            ("list_conflicts", {}, "/v1/conflicts"),
            (
                "list_conflicts",
                {"severity": "contradiction"},
                "/v1/conflicts?severity=contradiction",
            ),
        ):
            mine, theirs = await mcp_all(c, tool, args), rest_all(client, url)
            assert [i["id"] for i in mine] == [i["id"] for i in theirs], (tool, args)
            same(mine, theirs, f"{tool} {args}: ")
            check_cited(mine, texts)

    session(mcp_server, scenario)


def test_claims_search_and_resolve_are_the_rest_answers(
    client: TestClient, mcp_server: MasdarServer
) -> None:
    claim_ids = [c["id"] for c in rest_all(client, "/v1/claims")]

    async def scenario(c: Client) -> None:
        for cid in claim_ids:
            same(await ok(c, "get_claim", {"id": cid}), client.get(f"/v1/claims/{cid}").json())
        for q in ("Jazari", "الجزري", "500 ميغاواط", "Oracle", "مليار درهم", "Seghrouchnyy"):
            mine = await mcp_all(c, "search", {"q": q})
            same(mine, rest_all(client, f"/v1/search?q={q}"), f"search {q}: ")
        for q in ("1.3 billion", "Jazzary"):  # figures by value; "did you mean"
            rest = client.get("/v1/search", params={"q": q}).json()
            same(await ok(c, "search", {"q": q}), rest, f"search {q}: ")
        for name in ("Seghrouchni", "مزور", "Mistral", "Jazari", "Ghita Mezzour", "nothing"):
            rest = client.get("/v1/resolve", params={"name": name}).json()
            same(await ok(c, "resolve", {"name": name}), rest, f"resolve {name}: ")

    session(mcp_server, scenario)


@pytest.mark.parametrize("rtype", sorted(REST_LISTS))
def test_unknown_ids_are_the_rest_404_details(
    rtype: str, client: TestClient, mcp_server: MasdarServer
) -> None:
    problem = client.get(f"{REST_LISTS[rtype]}/nope").json()
    assert problem["status"] == 404
    text = session(mcp_server, lambda c: error(c, "get_record", {"type": rtype, "id": "nope"}))
    assert text == problem["detail"]


def test_errors_name_the_argument(mcp_server: MasdarServer) -> None:
    async def scenario(c: Client) -> None:
        length = len(article("000"))
        assert await error(c, "get_passage", {"source_id": "000", "start": 10, "end": 9999}) == (
            f"start and end must satisfy 0 <= start < end <= {length} (the length of source "
            "'000''s text); got 10 and 9999."
        )
        assert (await error(c, "get_passage", {"source_id": "000", "start": -1, "end": 5})) == (
            "Invalid argument 'start': Input should be greater than or equal to 0."
        )
        assert await error(c, "get_passage", {"source_id": "999", "start": 0, "end": 5}) == (
            "No source with id '999'."
        )
        assert await error(c, "list_figures", {"limit": 0, "min": -1}) == (
            "Invalid arguments 'min': Input should be greater than or equal to 0; "
            "'limit': Input should be greater than or equal to 1."
        )
        assert (await error(c, "list_figures", {"qualifier": "roughly"})).startswith(
            "Invalid argument 'qualifier': Input should be 'approximate'"
        )
        assert await error(c, "cite", {"figure_id": "nope", "format": "text"}) == (
            "No figure with id 'nope'."
        )
        assert await error(c, "resolve", {}) == "Invalid argument 'name': Field required."
        assert await error(c, "search", {"q": "a\x00b"}) == (
            "Invalid argument 'q': String should match pattern '^[^\x00]*$'."
        )
        unknown = await c.call_tool("no_such_tool", {})
        assert unknown.is_error and unknown.content[0].text == "Unknown tool: no_such_tool"  # type: ignore[union-attr]

    session(mcp_server, scenario)


def test_hostile_text_never_crashes_a_tool(mcp_server: MasdarServer) -> None:
    """The reliability corpus (SQL, FTS5 and tsquery syntax, regex metacharacters, control
    and bidi characters, 1 MB strings...) into every text argument: an answer or a tool
    error naming the argument, never a crash; nothing reaches SQL or FTS syntax."""
    values = [e["text"] * e.get("repeat", 1) for e in HOSTILE["query"] if "text" in e]
    slots = [
        ("search", "q", {}),
        ("resolve", "name", {}),
        ("get_record", "id", {"type": "figure"}),
        ("list_figures", "subject", {}),
        ("list_figures", "metric", {}),
        ("list_figures", "cursor", {}),
        ("get_claim", "id", {}),
        ("list_conflicts", "record", {}),
        ("cite", "figure_id", {}),
        ("get_passage", "source_id", {"start": 0, "end": 1}),
    ]

    async def scenario(c: Client) -> None:
        for tool, arg, rest in slots:
            for value in values:
                result = await c.call_tool(tool, {**rest, arg: value})
                if result.is_error:
                    text = result.content[0].text  # type: ignore[union-attr]
                    assert not text.startswith("Error executing tool"), (tool, arg, value[:40])
                    assert text.startswith(("Invalid argument", "No ", "Query parameter")), text

    session(mcp_server, scenario)


def test_prompts(mcp_server: MasdarServer) -> None:
    async def scenario(c: Client) -> None:
        names = {p.name for p in (await c.list_prompts()).prompts}
        assert names == {"fact_check", "brief_funds"}
        paragraph = "المغرب سيخلق 60 ألف فرصة عمل بحلول 2030"
        got = await c.get_prompt("fact_check", {"paragraph": paragraph})
        text = got.messages[0].content.text  # type: ignore[union-attr]
        assert paragraph in text and "not found, not false" in text
        brief = await c.get_prompt("brief_funds", {})
        assert "list_figures with kind=fund" in brief.messages[0].content.text  # type: ignore[union-attr]

    session(mcp_server, scenario)


def test_resources(mcp_server: MasdarServer, client: TestClient) -> None:
    from mcp.shared.exceptions import MCPError

    async def scenario(c: Client) -> None:
        listed = {str(r.uri): r for r in (await c.list_resources()).resources}
        src = client.get("/v1/sources/003").json()
        assert listed["masdar://sources/003"].title == src["title"]
        assert listed["masdar://sources/003"].mime_type == "text/plain"
        [stats] = (await c.read_resource("masdar://stats")).contents
        import json

        assert json.loads(stats.text) == client.get("/v1/stats").json()  # type: ignore[union-attr]
        [docs] = (await c.read_resource("masdar://docs/trust")).contents
        assert docs.text == (ROOT / "docs" / "trust.md").read_text("utf-8")  # type: ignore[union-attr]
        with pytest.raises(MCPError, match=r"No source with id '999'\."):
            await c.read_resource("masdar://sources/999")

    session(mcp_server, scenario)


def test_check_claim(mcp_server: MasdarServer, client: TestClient) -> None:
    """The tool answers what POST /v1/check answers, its links absolute; its output schema
    is the answer's."""
    dakhla = "سيتم إنشاء مركز بيانات بطاقة تصل إلى 500 ميغاواط في الداخلة"
    swapped = "Mistral AI will invest $140 million in two cloud regions in Casablanca and Settat."

    async def scenario(c: Client) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        [tool] = [t for t in (await c.list_tools()).tools if t.name == "check_claim"]
        return (
            tool.output_schema or {},
            await ok(c, "check_claim", {"text": dakhla}),
            await ok(c, "check_claim", {"text": swapped, "lang": "en"}),
        )

    schema, checked, mistral = session(mcp_server, scenario)
    assert {"statements", "skipped", "counts", "sha256"} <= set(schema["properties"])
    same(checked, client.post("/v1/check", json={"text": dakhla}).json())
    [s] = checked["statements"]
    assert (s["verdict"], s["span"]["text"], s["reading"]["qualifier"]) == (
        "supported",
        "تصل إلى 500 ميغاواط",
        "up_to",
    )
    assert (s["span"]["start"], s["span"]["end"]) == (29, 48)
    [claim] = s["evidence"]
    assert (claim["claim_id"], claim["corroborated_by"]) == (
        "dakhla-data-centre:power_capacity:500:MW",
        3,
    )
    quote = claim["figures"][0]["citations"][0]
    assert (quote["source_id"], quote["quote"], quote["start"], quote["end"]) == (
        "000",
        "بطاقة تصل إلى 500 ميغاواط",
        1333,
        1358,
    )
    assert quote["url"] == f"{LOCAL_URL}/sources/000#citation-{quote['id']}"
    assert claim["figures"][0]["url"] == f"{LOCAL_URL}/figures/dakhla-capacity-000"
    assert s["explanation_ar"] is not None
    money, regions = mistral["statements"]
    assert (money["verdict"], money["differs_in"]) == ("differs", ["subject"])
    assert money["explanation"] == (
        "The article says $140 million (003) for Oracle cloud regions in Casablanca and "
        "Settat, given by Oracle, not for Mistral AI."
    )
    assert regions["verdict"] == "supported" and mistral["lang"] == "en"


def test_every_quote_url_lands_on_its_highlight(
    client: TestClient, mcp_server: MasdarServer
) -> None:
    """The URL a figure's quote gives is the article page with that quote marked."""

    async def scenario(c: Client) -> list[dict[str, Any]]:
        return quotes(await mcp_all(c, "list_figures", {}))

    found = session(mcp_server, scenario)
    assert len(found) > 30
    pages = {s: client.get(f"/sources/{s}").text for s in {q["source_id"] for q in found}}
    for q in found:
        page, anchor = q["url"].removeprefix(LOCAL_URL).split("#")
        assert page == f"/sources/{q['source_id']}"
        assert f'id="{anchor}"' in pages[q["source_id"]], q["url"]
