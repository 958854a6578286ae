"""The same scenario over every transport: in-process, stdio (``masdar mcp``), HTTP (/mcp)."""

from __future__ import annotations

import sys
from pathlib import Path

from mcp.client.stdio import StdioServerParameters

from app.mcp.reader import LOCAL_URL
from app.mcp.server import MasdarServer
from tests.mcp.support import TOOLS, exercise, ok, session

MASDAR = str(Path(sys.executable).with_name("masdar"))


def test_in_process(mcp_server: MasdarServer) -> None:
    session(mcp_server, lambda c: exercise(c, LOCAL_URL))


def test_stdio_runs_masdar_mcp(seeded_url: str) -> None:
    """A desktop assistant starts `masdar mcp`; links use MASDAR_PUBLIC_URL when it is set."""
    base = "https://masdar.example.org"
    params = StdioServerParameters(
        command=MASDAR,
        args=["mcp"],
        env={"MASDAR_DATABASE_URL": seeded_url, "MASDAR_PUBLIC_URL": base},
    )
    session(params, lambda c: exercise(c, base))


def test_streamable_http(server: str) -> None:
    """A hosted agent posts to /mcp; links use the request's own base URL."""
    session(f"{server}/mcp", lambda c: exercise(c, server))


def test_streamable_http_with_the_initialize_handshake(server: str) -> None:
    """Clients of the 2025 protocol (initialize first) are served too."""

    async def scenario(client: object) -> None:
        tools = {t.name for t in (await client.list_tools()).tools}  # type: ignore[attr-defined]
        assert tools == TOOLS
        page = await ok(client, "list_figures", {"unit": "MW", "limit": 1})  # type: ignore[arg-type]
        assert page["items"][0]["citations"][0]["start"] == 1333

    session(f"{server}/mcp", scenario, mode="legacy")


def test_stdio_migrates_and_seeds_an_empty_database(empty_url: str) -> None:
    """`./dev masdar mcp` on a fresh clone: the database is prepared as `masdar serve`
    prepares it, and nothing but the protocol reaches stdout meanwhile."""
    params = StdioServerParameters(
        command=MASDAR, args=["mcp"], env={"MASDAR_DATABASE_URL": empty_url}
    )

    async def scenario(client: object) -> None:
        record = await ok(client, "get_record", {"type": "figure", "id": "dakhla-capacity-000"})  # type: ignore[arg-type]
        [quote] = record["record"]["citations"]
        assert (quote["quote"], quote["start"], quote["end"]) == (
            "بطاقة تصل إلى 500 ميغاواط",
            1333,
            1358,
        )
        assert quote["url"].startswith(f"{LOCAL_URL}/sources/000#citation-")

    session(params, scenario)
