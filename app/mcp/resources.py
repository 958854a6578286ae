"""MCP resources: the articles verbatim, the stats, and how to read masdar's statements.

``masdar://sources/{id}`` (text/plain, the article byte for byte), ``masdar://stats``
(application/json, what ``GET /v1/stats`` answers) and ``masdar://docs/trust``
(text/markdown, ``docs/trust.md``: bases, hedges and conflicts). Reads go through the
tools' reader; rate limits and errors are handled where every resource read passes
(``app.mcp.server``).
"""

from __future__ import annotations

from typing import Any

import pydantic_core
from mcp.server.mcpserver import MCPServer
from mcp_types import Resource

from app.api.deps import MAX_LIMIT
from app.config import PROJECT_ROOT
from app.mcp.reader import Reader
from app.services import sources as sources_service
from app.services import stats as stats_service

SOURCE_URI = "masdar://sources/{source_id}"
STATS_URI = "masdar://stats"
DOCS_URI = "masdar://docs/trust"
DOCS_FILE = PROJECT_ROOT / "docs" / "trust.md"


def route(uri: str) -> str | None:
    """The REST route whose rate limit reading ``uri`` takes (None: not limited)."""
    if uri == STATS_URI:
        return "/v1/stats"
    prefix = SOURCE_URI.split("{", 1)[0]
    if uri.startswith(prefix):
        return "/v1/sources/" + uri[len(prefix) :]
    return None


def register(server: MCPServer[Any], reader: Reader) -> None:
    @server.resource(
        SOURCE_URI,
        name="article",
        title="An article, verbatim",
        description="One of the five Arabic articles masdar is built from, byte for byte: "
        "every offset a quote gives is a code point into this text.",
        mime_type="text/plain",
    )
    async def article(source_id: str) -> str:
        row = await reader.read(None, None, lambda s, _: sources_service.get_source(s, source_id))
        text: str = row["text"]
        return text

    @server.resource(
        STATS_URI,
        name="stats",
        title="Totals and counts",
        description="What GET /v1/stats answers: totals per currency (MAD and USD never "
        "added), counts, and the rules they follow, each listing the claims it adds.",
        mime_type="application/json",
    )
    async def stats() -> str:
        data = await reader.read(None, None, lambda s, _: stats_service.stats(s))
        return pydantic_core.to_json(data).decode()

    @server.resource(
        DOCS_URI,
        name="trust",
        title="What masdar states, and on what basis",
        description="What a value's basis, a figure's qualifier (hedge) and a conflict's "
        "class mean: read it before telling a user what masdar's figures and judgments say.",
        mime_type="text/markdown",
    )
    def trust() -> str:
        return DOCS_FILE.read_text("utf-8")


async def articles(reader: Reader) -> list[Resource]:
    """Each article as a listed resource, with only the metadata its source states."""
    page = await reader.read(
        None, None, lambda s, _: sources_service.list_sources(s, after=None, limit=MAX_LIMIT)
    )
    out = []
    for src in page.items:
        known = [
            src["outlet"],
            src["published_on"].isoformat() if src["published_on"] else None,
            src["url"],
        ]
        about = ", ".join(k for k in known if k) or "outlet, date and URL unknown"
        out.append(
            Resource(
                uri=SOURCE_URI.format(source_id=src["id"]),
                name=f"source-{src['id']}",
                title=src["title"],
                description=f"Article {src['id']} ({about}); "
                f"{src['citation_count']} quotes cite it.",
                mime_type="text/plain",
            )
        )
    return out
