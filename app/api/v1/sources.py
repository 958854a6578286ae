from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from app.api.deps import read
from app.api.linked import JSONLD_RESPONSE, negotiate
from app.api.lists import ListDep, ListOf, respond
from app.api.responses import BAD_QUERY, NOT_FOUND
from app.api.versions import report_version
from app.models import SourcePublic, SourceSummary
from app.services import sources as sources_service

router = APIRouter(tags=["sources"])


@router.get("/sources", responses=BAD_QUERY, summary="The articles (without their text)")
async def list_sources(
    request: Request, response: Response, params: ListDep
) -> ListOf[SourceSummary]:
    page = await read(
        request,
        lambda session: sources_service.list_sources(
            session, after=params.after, limit=params.limit, facets=params.facets
        ),
    )
    return respond(request, response, params, page, SourceSummary)  # type: ignore[return-value]


@router.get(
    "/sources/{source_id}",
    responses={**NOT_FOUND, **JSONLD_RESPONSE},
    summary="One article with its text",
)
async def get_source(source_id: str, request: Request, response: Response) -> SourcePublic:
    row = await read(request, lambda session: sources_service.get_source(session, source_id))
    report_version(response, row)
    if (linked := negotiate(request, "source", row)) is not None:
        return linked  # type: ignore[return-value]
    return SourcePublic.model_validate(row)


@router.get(
    "/sources/{source_id}/text",
    response_class=PlainTextResponse,
    responses={**NOT_FOUND, 200: {"content": {"text/plain": {}}}},
    summary="The article text, verbatim (text/plain; charset=utf-8)",
)
async def get_source_text(source_id: str, request: Request) -> PlainTextResponse:
    source = await read(request, lambda session: sources_service.get_source(session, source_id))
    return PlainTextResponse(source["text"], media_type="text/plain; charset=utf-8")
