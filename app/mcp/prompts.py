"""MCP prompts: ready-made requests a user can pick in an assistant's prompt menu."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from app.mcp.resources import DOCS_URI
from app.mcp.tools import MAX_CHECK

CITE = (
    "For every figure you state, give the value with its unit and the article's hedge "
    "(qualifier), the verbatim Arabic quote, its source id and the URL that shows the "
    "quote highlighted. Say when a figure is computed by masdar (basis: computed) rather "
    "than stated by an article. Never add amounts in different currencies."
)


def register(server: MCPServer[Any], *, check_claim: bool) -> None:
    how = (
        "Call check_claim on it, then "
        if check_claim
        else "Find each figure-like statement in it (a number with its unit or currency, "
        "hedge and year) and look it up with search and list_figures; "
    )

    @server.prompt(
        name="fact_check",
        title="Fact-check a paragraph with masdar",
        description="Check every figure in a paragraph against masdar's cited articles.",
    )
    def fact_check(
        paragraph: Annotated[
            str, Field(max_length=MAX_CHECK, description="The text to check, Arabic or English.")
        ],
    ) -> str:
        return (
            f"Fact-check this paragraph with masdar:\n\n{paragraph}\n\n"
            f"{how}for each statement say whether masdar's articles support it, give "
            "another value (say which, with get_claim and list_conflicts where the articles "
            "disagree among themselves), or say nothing about it. Something masdar does not "
            f"hold is not found, not false. {CITE} The resource {DOCS_URI} explains bases, "
            "hedges and conflicts."
        )

    @server.prompt(
        name="brief_funds",
        title="Brief me on Morocco's AI funds, with citations",
        description="A short brief on the money of Morocco's AI strategy, every amount cited.",
    )
    def brief_funds() -> str:
        return (
            "Brief me on Morocco's AI funds with masdar. Call list_figures with kind=fund "
            "(every page), get_record for each fund with components, and list_conflicts "
            "with kind=sum_mismatch. For each fund give who gives it, what it is for, its "
            "period, and its components; where components do not add up to the total, say "
            f"so with the conflict's class and reason. {CITE}"
        )
