from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import Name, read, resolve
from app.api.linked import JSONLD_RESPONSE, negotiate
from app.api.lists import ListDep, ListOf, respond
from app.api.responses import BAD_QUERY, NOT_FOUND
from app.api.versions import report_version
from app.models.public import PartnerPublic
from app.services import partners as service

router = APIRouter(tags=["partners"])


@router.get("/partners", responses=BAD_QUERY, summary="Organisations and their initiatives")
async def list_partners(
    request: Request,
    response: Response,
    params: ListDep,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2, e.g. FR")
    ] = None,
    kind: Name = None,
    initiative: Name = None,
) -> ListOf[PartnerPublic]:
    page = await read(
        request,
        lambda session: service.list_partners(
            session,
            country=country,
            kind=kind,
            initiatives=resolve(session, "initiative", initiative),
            after=params.after,
            limit=params.limit,
            facets=params.facets,
        ),
    )
    return respond(request, response, params, page, PartnerPublic)  # type: ignore[return-value]


@router.get(
    "/partners/{partner_id}", responses={**NOT_FOUND, **JSONLD_RESPONSE}, summary="One partner"
)
async def get_partner(partner_id: str, request: Request, response: Response) -> PartnerPublic:
    row = await read(request, lambda session: service.get_partner(session, partner_id))
    report_version(response, row)
    if (linked := negotiate(request, "partner", row)) is not None:
        return linked  # type: ignore[return-value]
    return PartnerPublic.model_validate(row)
