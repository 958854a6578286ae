"""Journalist tools: claims (corroboration) and citing a figure (conflicts: conflicts.py)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlmodel import Session

from app.api.deps import Name, public_base, read, resolve
from app.api.lists import ListDep, ListOf, respond
from app.api.negotiation import choose
from app.api.openapi import component
from app.api.responses import BAD_QUERY, NOT_FOUND
from app.models.exports import AnnotationPage, CslItem
from app.models.journalist import ClaimPublic
from app.services import cite as cite_service
from app.services import claims as claims_service

router = APIRouter()

ANNOTATION_MEDIA = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
CSL_MEDIA = "application/vnd.citationstyles.csl+json"
CITE_FORMATS: dict[str, Literal["text", "csl-json", "annotation"]] = {
    "text/plain": "text",
    CSL_MEDIA: "csl-json",
    "application/ld+json": "annotation",
}
CITE_MEDIA = tuple(CITE_FORMATS)


@router.get(
    "/claims",
    responses=BAD_QUERY,
    tags=["claims"],
    summary="Facts grouped across articles, with how many sources state them",
)
async def list_claims(
    request: Request,
    response: Response,
    params: ListDep,
    subject: Name = None,
    metric: Name = None,
    min_sources: Annotated[
        int | None, Query(ge=1, le=100, description="at least this many sources")
    ] = None,
) -> ListOf[ClaimPublic]:
    """A claim groups the figures that share subject, metric, unit and value, whatever
    their hedges; `corroborated_by` is the number of distinct articles that state it."""
    page = await read(
        request,
        lambda session: claims_service.list_claims(
            session,
            subjects=resolve(session, "initiative", subject, "subject"),
            metric=metric,
            min_sources=min_sources,
            after=params.after,
            limit=params.limit,
        ),
    )
    return respond(request, response, params, page, ClaimPublic)  # type: ignore[return-value]


@router.get("/claims/{claim_id}", responses=NOT_FOUND, tags=["claims"], summary="One claim")
async def get_claim(claim_id: str, request: Request) -> ClaimPublic:
    row = await read(request, lambda session: claims_service.get_claim(session, claim_id))
    return ClaimPublic.model_validate(row)


@router.get(
    "/figures/{figure_id}/cite",
    responses={
        **NOT_FOUND,
        200: {
            "content": {
                "text/plain": {"schema": {"type": "string"}},
                CSL_MEDIA: {"schema": {"type": "array", "items": component(CslItem)}},
                "application/ld+json": {"schema": component(AnnotationPage)},
            }
        },
    },
    tags=["figures"],
    summary="Cite a figure: text, CSL-JSON or W3C Web Annotation",
    response_class=Response,
)
async def cite_figure(
    figure_id: str,
    request: Request,
    format: Annotated[
        Literal["text", "csl-json", "annotation"] | None,
        Query(
            description="Without it, `Accept` decides: `text/plain` (the default), "
            f"`{CSL_MEDIA}` or `application/ld+json`."
        ),
    ] = None,
) -> Response:
    """`text`: one line in English, one in Arabic. `csl-json`: items for reference managers
    (only metadata the sources state; never an invented URL, outlet or date). `annotation`:
    a W3C Web Annotation page, one annotation per quote, with TextQuoteSelector and
    TextPositionSelector (code points) into `/v1/sources/{id}/text`. A derived figure is
    cited through its inputs."""
    base_url = public_base(request)
    if format is None:
        chosen = choose(request.headers.get("accept"), CITE_MEDIA)
        format = CITE_FORMATS[chosen] if chosen is not None else "text"

    def load(session: Session) -> Any:
        if format == "csl-json":
            return cite_service.csl_json(session, figure_id)
        if format == "annotation":
            return cite_service.annotation(session, figure_id, base_url=base_url)
        return cite_service.text_lines(session, figure_id)

    body = await read(request, load)
    if format == "csl-json":
        return JSONResponse(body, media_type=CSL_MEDIA)
    if format == "annotation":
        return JSONResponse(body, media_type=ANNOTATION_MEDIA)
    en, ar = body
    return PlainTextResponse(f"{en}\n{ar}\n", media_type="text/plain; charset=utf-8")
