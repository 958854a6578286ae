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
