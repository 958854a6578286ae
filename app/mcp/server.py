"""The masdar MCP server (the official SDK's ``MCPServer``): tools, resources, prompts, and
the one place their errors become the REST API's problem details.

Errors: a tool call that fails is an MCP tool error (``isError``) whose text is what the
REST API puts in its problem's ``detail`` for the same failure ("No figure with id
'x'.", "Too many requests from this client; retry in 3 s."); a bad argument names the
argument and why, as the REST validation problem names the query parameter; an unknown
argument is refused as REST refuses an unknown query parameter. Anything unexpected is
logged with its traceback and the model only learns that the tool failed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from inspect import signature
from typing import Any

from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import (
    ResourceError,
    ResourceNotFoundError,
    ToolError,
    UnexpectedToolError,
)
from mcp.server.mcpserver.tools import Tool
from mcp_types import CallToolResult, InputRequiredResult, Resource, ToolAnnotations
from pydantic import AnyUrl, ValidationError

from app.errors import MasdarError, NotFound, database_problem
from app.mcp import prompts, resources, tools
from app.mcp.reader import Reader

INSTRUCTIONS = """\
masdar (مصدر, "source") is a cited knowledge base of Morocco's national AI strategy, built \
from five Arabic news articles (sources 000-004). Every figure comes with the verbatim Arabic \
quote that states it, its article (source id), the quote's code-point offsets \
(article[start:end] == quote) and a URL that shows the quote highlighted in the article.

When you state a figure from masdar, cite it: the quote, the source id and the URL. Keep \
the article's hedge (qualifier: approximate, at_least, more_than, up_to, less_than) and \
say when a figure is computed by masdar (basis: computed) rather than stated by an \
article. English names and labels are masdar's translation. Names that look alike may be \
different people: use resolve. Where the articles disagree, list_conflicts says so. If \
masdar has nothing on something, say so: not found is not false.\
"""

READ_ONLY = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)


def _version() -> str:
    try:
        return version("masdar")
    except PackageNotFoundError:
        return ""


def invalid_arguments(exc: ValidationError) -> str:
    """``Invalid argument 'q': String should have at most 200 characters.``"""
    reasons: dict[str, list[str]] = {}
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else "arguments"
        if err["msg"] not in reasons.setdefault(name, []):
            reasons[name].append(err["msg"])
    parts = [f"{name!r}: {' or '.join(msgs)}" for name, msgs in reasons.items()]
    noun = "argument" if len(parts) == 1 else "arguments"
    return f"Invalid {noun} {'; '.join(parts)}."


def problem_detail(exc: BaseException) -> str | None:
    """The detail the REST API would answer for ``exc``; None for an unexpected error."""
    if isinstance(exc, MasdarError):
        return exc.detail
    found = database_problem(exc)
    return found.detail if found is not None else None


TOOLS: tuple[tuple[Callable[..., Any], str], ...] = (
    (tools.search, "Search masdar"),
    (tools.resolve, "Which record does a name mean?"),
    (tools.get_record, "Get a record with its quotes"),
    (tools.list_figures, "List figures, with their quotes"),
    (tools.get_claim, "Get a claim: one fact, every article that states it"),
    (tools.list_conflicts, "List where the articles disagree"),
    (tools.cite, "Cite a figure"),
    (tools.get_passage, "Read an article around a passage"),
)
CHECK_CLAIM = (tools.check_claim, "Fact-check a sentence")
"""``check_claim`` is served when the fact-check service exists (``tools.has_factcheck``)."""


@cache
def tool_definitions(check_claim: bool) -> tuple[Tool, ...]:
    """The tools with their schemas, built once per process (every app and test shares
    them; building them costs about 0.1 s). Each finds its reader in its context."""
    chosen = (*TOOLS, CHECK_CLAIM) if check_claim else TOOLS
    return tuple(
        Tool.from_function(fn, title=title, annotations=READ_ONLY, structured_output=True)
        for fn, title in chosen
    )


class MasdarServer(MCPServer[Reader]):
    def __init__(self, reader: Reader) -> None:
        @asynccontextmanager
        async def lifespan(_: MCPServer[Reader]) -> AsyncIterator[Reader]:
            yield reader  # what tools find in ctx.request_context.lifespan_context

        defined = tool_definitions(tools.has_factcheck())
        super().__init__(
            name="masdar",
            title="masdar — مصدر",
            description="A cited knowledge base of Morocco's national AI strategy.",
            instructions=INSTRUCTIONS,
            version=_version(),
            tools=list(defined),
            subscriptions=False,
            lifespan=lifespan,
            # the SDK configures the root logger when nothing has (`masdar serve` and
            # `masdar mcp` have): then at the level Python logs at by default
            log_level="WARNING",
        )
        self.reader = reader
        self.arguments = {
            t.name: frozenset(p for p in signature(t.fn).parameters if p != "ctx") for t in defined
        }
        resources.register(self, reader)
        prompts.register(self, check_claim="check_claim" in self.arguments)

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        allowed = self.arguments.get(name)
        unknown = sorted(set(arguments) - allowed) if allowed is not None else []
        if unknown:
            raise ToolError(
                f"Unknown argument(s): {', '.join(map(repr, unknown))}. "
                f"Allowed: {', '.join(sorted(allowed or ())) or 'none'}."
            )
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError) and not isinstance(exc, UnexpectedToolError):
                raise ToolError(invalid_arguments(cause)) from cause
            detail = problem_detail(cause) if cause is not None else None
            if detail is None:
                raise
            raise ToolError(detail) from cause

    async def read_resource(
        self, uri: AnyUrl | str, context: Context[Any, Any] | None = None
    ) -> Iterable[ReadResourceContents] | InputRequiredResult:
        try:
            self.reader.check_rate(context, resources.route(str(uri)))
            return await super().read_resource(uri, context)
        except MasdarError as exc:  # the rate limit
            raise ResourceError(exc.detail) from exc
        except ResourceError as exc:
            cause = exc.__cause__
            detail = problem_detail(cause) if cause is not None else None
            if detail is None:
                raise
            kind = ResourceNotFoundError if isinstance(cause, NotFound) else ResourceError
            raise kind(detail) from cause

    async def list_resources(self) -> list[Resource]:
        return [*await resources.articles(self.reader), *await super().list_resources()]


def build_server(reader: Reader) -> MasdarServer:
    return MasdarServer(reader)
