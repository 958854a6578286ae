from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.deps import Name, read, resolve
from app.api.linked import JSONLD_RESPONSE, negotiate
from app.api.lists import ListDep, ListOf, respond
from app.api.responses import BAD_QUERY, NOT_FOUND
from app.api.versions import report_version
from app.models.public import EventPublic, PersonPublic
from app.services import events as events_service
from app.services import people as service

router = APIRouter()


@router.get("/people", responses=BAD_QUERY, tags=["people"], summary="People and their roles")
async def list_people(
    request: Request,
    response: Response,
    params: ListDep,
    organisation: Name = None,
) -> ListOf[PersonPublic]:
    page = await read(
        request,
        lambda session: service.list_people(
            session,
            organisations=resolve(session, "partner", organisation, "organisation"),
            after=params.after,
            limit=params.limit,
            facets=params.facets,
        ),
    )
    return respond(request, response, params, page, PersonPublic)  # type: ignore[return-value]


@router.get(
    "/people/{person_id}",
    responses={**NOT_FOUND, **JSONLD_RESPONSE},
    tags=["people"],
    summary="One person",
)
async def get_person(person_id: str, request: Request, response: Response) -> PersonPublic:
    row = await read(request, lambda session: service.get_person(session, person_id))
    report_version(response, row)
    if (linked := negotiate(request, "person", row)) is not None:
        return linked  # type: ignore[return-value]
    return PersonPublic.model_validate(row)


@router.get(
    "/events",
    responses=BAD_QUERY,
    tags=["events"],
    summary="Signings, conferences, visits, announcements",
)
async def list_events(
    request: Request,
    response: Response,
    params: ListDep,
    kind: Name = None,
    person: Name = None,
    initiative: Name = None,
    source: Name = None,
) -> ListOf[EventPublic]:
    page = await read(
        request,
        lambda session: events_service.list_events(
            session,
            kind=kind,
            people=resolve(session, "person", person),
            initiatives=resolve(session, "initiative", initiative),
            sources=resolve(session, "source", source),
            after=params.after,
            limit=params.limit,
            facets=params.facets,
        ),
    )
    return respond(request, response, params, page, EventPublic)  # type: ignore[return-value]


@router.get(
    "/events/{event_id}",
    responses={**NOT_FOUND, **JSONLD_RESPONSE},
    tags=["events"],
    summary="One event",
)
async def get_event(event_id: str, request: Request, response: Response) -> EventPublic:
    row = await read(request, lambda session: events_service.get_event(session, event_id))
    report_version(response, row)
    if (linked := negotiate(request, "event", row)) is not None:
        return linked  # type: ignore[return-value]
    return EventPublic.model_validate(row)
