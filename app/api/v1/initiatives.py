from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.deps import Name, read, resolve
from app.api.linked import JSONLD_RESPONSE, negotiate
from app.api.lists import ListDep, ListOf, respond
from app.api.responses import BAD_QUERY, NOT_FOUND
from app.api.versions import report_version
from app.models.public import InitiativePublic
from app.services import initiatives as service

router = APIRouter(tags=["initiatives"])


@router.get("/initiatives", responses=BAD_QUERY, summary="Programmes, projects, institutions")
async def list_initiatives(
    request: Request,
    response: Response,
    params: ListDep,
    partner: Name = None,
    kind: Name = None,
    region: Name = None,
    source: Name = None,
) -> ListOf[InitiativePublic]:
    """Filter by `partner` (id or any alias: `mistral-ai`, `ميسترال`, `Mistral`), `kind`,
    `region` and `source` (article id). Each initiative embeds its partners with their
    roles, its figures and its citations."""
    page = await read(
        request,
        lambda session: service.list_initiatives(
            session,
            partners=resolve(session, "partner", partner),
            kind=kind,
            region=region,
            sources=resolve(session, "source", source),
            after=params.after,
            limit=params.limit,
            facets=params.facets,
        ),
    )
    return respond(request, response, params, page, InitiativePublic)  # type: ignore[return-value]


@router.get(
    "/initiatives/{initiative_id}",
    responses={**NOT_FOUND, **JSONLD_RESPONSE},
    summary="One initiative",
)
async def get_initiative(
    initiative_id: str, request: Request, response: Response
) -> InitiativePublic:
    row = await read(request, lambda session: service.get_initiative(session, initiative_id))
    report_version(response, row)
    if (linked := negotiate(request, "initiative", row)) is not None:
        return linked  # type: ignore[return-value]
    return InitiativePublic.model_validate(row)
