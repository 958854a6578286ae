"""An in-process MCP server over the shared seeded database (the ``client`` fixture's)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.mcp.reader import Reader
from app.mcp.server import MasdarServer, build_server


@pytest.fixture(scope="session")
def mcp_server(client: TestClient) -> MasdarServer:
    """Links use the stdio default base (http://127.0.0.1:8000): no request, no public URL."""
    return build_server(Reader(client.app.state.read_engine))  # type: ignore[attr-defined]
