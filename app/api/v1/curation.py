"""The write API: curated records, their links and their history.

Writes need ``Authorization: Bearer <key>`` (scope ``curator``; ``admin`` for keys and for
retracting a source). PATCH and DELETE, and adding or removing a link (a change of the
record that owns it), need ``If-Match`` with the record's ETag (see app/api/versions.py).
DELETE is a retraction: the record disappears from every read, its history stays.
"""

# no ``from __future__ import annotations``: the route factory below hands FastAPI real
# classes, which string annotations would hide from it.

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlmodel import Session

from app.api.auth import AdminDep, CuratorDep, KeyFirst
from app.api.deps import SettingsDep, read, write
from app.api.lists import ListDep, ListOf, respond
from app.api.responses import _problem
from app.api.versions import IfMatch, etag
from app.caching import bump_data_version
from app.errors import Forbidden
from app.models import writes as w
from app.models.public import (
    EventPublic,
    FundPublic,
    InitiativePublic,
    PartnerPublic,
    PersonPublic,
    TargetPublic,
)
from app.models.source import SourcePublic
from app.services import curation
from app.services import events as events_service
from app.services import figures as figures_service
from app.services import initiatives as initiatives_service
from app.services import keys as keys_service
from app.services import partners as partners_service
from app.services import people as people_service
from app.services import sources as sources_service
from app.services.curation import Written, with_article

router = APIRouter(route_class=KeyFirst)

WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _problem("No API key, or a malformed, unknown, revoked or expired one"),
    403: _problem("The key's scope does not allow this"),
    404: _problem("No such record"),
    409: _problem("The id is taken, the record is still referred to, or the text is cited"),
    412: _problem("If-Match names an older version: GET the record again and retry"),
    413: _problem("The request body is too large"),
    422: _problem(
        "Invalid body, a quote not verbatim or ambiguous, a figure not in its "
        "quote, a dangling reference or a cycle"
    ),
    428: _problem("If-Match is missing"),
    429: _problem("Too many requests: see Retry-After"),
}

# kind -> (record type, path segment, getter, public model)
VIEWS: dict[str, tuple[str, str, Callable[..., dict[str, Any]], type[BaseModel]]] = {
    "source": ("source", "sources", sources_service.get_source, SourcePublic),
    "partner": ("partner", "partners", partners_service.get_partner, PartnerPublic),
    "person": ("person", "people", people_service.get_person, PersonPublic),
    "initiative": (
        "initiative",
        "initiatives",
        initiatives_service.get_initiative,
        InitiativePublic,
    ),
    "event": ("event", "events", events_service.get_event, EventPublic),
    "fund": ("figure", "funds", figures_service.get_fund, FundPublic),
    "target": ("figure", "targets", figures_service.get_target, TargetPublic),
}


def _answer(
    request: Request, session: Any, kind: str, done: Written, status: int = 200
) -> JSONResponse:
    """The record as a GET shows it now, with its new ETag; caches learn of the write."""
    bump_data_version(request.app, done.data_version)
    _, segment, getter, model = VIEWS[kind]
    body = model.model_validate(getter(session, done.record_id)).model_dump(mode="json")
    headers = {"ETag": etag(done.version)}
    if status == 201:
        headers["Location"] = f"/v1/{segment}/{done.record_id}"
    return JSONResponse(body, status_code=status, headers=headers)


def _retracted(request: Request, kind: str, done: Written) -> JSONResponse:
    bump_data_version(request.app, done.data_version)
    body = w.RetractedPublic(
        type=kind, id=done.record_id, version=done.version, retracted_at=done.retracted_at or ""
    )
    return JSONResponse(body.model_dump(mode="json"), headers={"ETag": etag(done.version)})


# -- sources ---------------------------------------------------------------------------


@router.post(
    "/sources",
    status_code=201,
    responses=WRITE_ERRORS,
    tags=["sources"],
    summary="Add an article (curator)",
    response_model=SourcePublic,
)
async def create_source(
    request: Request,
    settings: SettingsDep,
    actor: CuratorDep,
    body: w.SourceCreate,
) -> JSONResponse:
    """`sha256` is computed from `text`. The text can change (PATCH) only until a fact
    cites it. masdar reads the text and proposes the figures it states (see the `Link`
    header: `GET /v1/sources/{id}/proposals`); a text longer than
    `MASDAR_PROPOSE_MAX_CHARS` is refused (422)."""

    def run(session: Session) -> JSONResponse:
        done = curation.create_source(
            session, actor, body, propose_max_chars=settings.propose_max_chars
        )
        answer = _answer(request, session, "source", done, 201)
        answer.headers["Link"] = (
            f'</v1/sources/{done.record_id}/proposals>; rel="related"; title="proposals"'
        )
        return answer

    return await write(request, run)


@router.patch(
    "/sources/{source_id}",
    responses=WRITE_ERRORS,
    tags=["sources"],
    summary="Change an article's metadata, or its text while uncited (curator)",
    response_model=SourcePublic,
)
async def update_source(
    source_id: str,
    request: Request,
    settings: SettingsDep,
    actor: CuratorDep,
    expected: IfMatch,
    body: w.SourceUpdate,
) -> JSONResponse:
    def run(session: Session) -> JSONResponse:
        done = curation.update_record(
            session,
            actor,
            "source",
            source_id,
            expected,
            body,
            propose_max_chars=settings.propose_max_chars,
        )
        return _answer(request, session, "source", done)

    return await write(request, run)


@router.delete(
    "/sources/{source_id}",
    responses=WRITE_ERRORS,
    tags=["sources"],
    summary="Retract an article no live fact cites (admin)",
    response_model=w.RetractedPublic,
)
async def retract_source(
    source_id: str, request: Request, actor: AdminDep, expected: IfMatch
) -> JSONResponse:
    def run(session: Session) -> JSONResponse:
        done = curation.retract(session, actor, "source", source_id, expected)
        return _retracted(request, "source", done)

    return await write(request, run)


# -- partners, people, initiatives, events ----------------------------------------------


def _add_write_routes(
    kind: str, segment: str, model: Any, create: Any, update: Any, retract: Any, summary: str
) -> None:
    """POST on the collection, PATCH and DELETE (both If-Match) on one record."""
    common: dict[str, Any] = {"responses": WRITE_ERRORS, "tags": [segment]}
    one = f"/{segment}/{{record_id}}"
    router.add_api_route(
        f"/{segment}",
        create,
        methods=["POST"],
        status_code=201,
        response_model=model,
        summary=summary,
        name=f"create_{kind}",
        **common,
    )
    router.add_api_route(
        one,
        update,
        methods=["PATCH"],
        response_model=model,
        summary=f"Change {with_article(kind)} (curator; If-Match)",
        name=f"update_{kind}",
        **common,
    )
    router.add_api_route(
        one,
        retract,
        methods=["DELETE"],
        response_model=w.RetractedPublic,
        summary=f"Retract {with_article(kind)} (curator; If-Match)",
        name=f"retract_{kind}",
        **common,
    )


def _record_routes(kind: str, create: type[BaseModel], patch: type[BaseModel]) -> None:
    rtype, segment, _, model = VIEWS[kind]

    async def create_record(
        request: Request,
        actor: CuratorDep,
        body: Annotated[create, Body()],  # type: ignore[valid-type]
    ) -> JSONResponse:
        def run(session: Session) -> JSONResponse:
            done = curation.create_record(session, actor, rtype, body)
            return _answer(request, session, kind, done, 201)

        return await write(request, run)

    async def update_record(
        record_id: str,
        request: Request,
        actor: CuratorDep,
        expected: IfMatch,
        body: Annotated[patch, Body()],  # type: ignore[valid-type]
    ) -> JSONResponse:
        def run(session: Session) -> JSONResponse:
            done = curation.update_record(session, actor, rtype, record_id, expected, body)
            return _answer(request, session, kind, done)

        return await write(request, run)

    async def retract_record(
        record_id: str, request: Request, actor: CuratorDep, expected: IfMatch
    ) -> JSONResponse:
        def run(session: Session) -> JSONResponse:
            done = curation.retract(session, actor, rtype, record_id, expected)
            return _retracted(request, kind, done)

        return await write(request, run)

    _add_write_routes(
        kind,
        segment,
        model,
        create_record,
        update_record,
        retract_record,
        f"Create {with_article(kind)} with its citations (curator)",
    )


def _figure_routes(kind: str, create: type[BaseModel], patch: type[BaseModel]) -> None:
    _, segment, _, model = VIEWS[kind]

    async def create_figure(
        request: Request,
        actor: CuratorDep,
        body: Annotated[create, Body()],  # type: ignore[valid-type]
    ) -> JSONResponse:
        def run(session: Session) -> JSONResponse:
            done = curation.create_figure(session, actor, kind, body)
            return _answer(request, session, kind, done, 201)

        return await write(request, run)

    async def update_figure(
        record_id: str,
        request: Request,
        actor: CuratorDep,
        expected: IfMatch,
        body: Annotated[patch, Body()],  # type: ignore[valid-type]
    ) -> JSONResponse:
        def run(session: Session) -> JSONResponse:
            done = curation.update_figure(session, actor, kind, record_id, expected, body)
            return _answer(request, session, kind, done)

        return await write(request, run)

    async def retract_figure(
        record_id: str, request: Request, actor: CuratorDep, expected: IfMatch
    ) -> JSONResponse:
        def run(session: Session) -> JSONResponse:
            done = curation.retract(session, actor, "figure", record_id, expected, kind=kind)
            return _retracted(request, kind, done)

        return await write(request, run)

    _add_write_routes(
        kind,
        segment,
        model,
        create_figure,
        update_figure,
        retract_figure,
        f"Create {with_article(kind)}; its number must be in its quotes (curator)",
    )


_record_routes("partner", w.PartnerCreate, w.PartnerUpdate)
_record_routes("person", w.PersonCreate, w.PersonUpdate)
_record_routes("initiative", w.InitiativeCreate, w.InitiativeUpdate)
_record_routes("event", w.EventCreate, w.EventUpdate)
_figure_routes("fund", w.FundCreate, w.FundUpdate)
_figure_routes("target", w.TargetCreate, w.TargetUpdate)


# -- links: owned by a record, so changing them changes that record ----------------------


def _link_routes(owner: str, sub: str, table: str, create: type[BaseModel]) -> None:
    _, segment, _, model = VIEWS[owner]
    tags: list[str | Any] = [segment]

    async def add_link(
        record_id: str,
        request: Request,
        actor: CuratorDep,
        expected: IfMatch,
        body: Annotated[create, Body()],  # type: ignore[valid-type]
    ) -> JSONResponse:
        def run(session: Session) -> JSONResponse:
            done = curation.add_link(session, actor, owner, record_id, expected, body)
            return _answer(request, session, owner, done, 201)

        return await write(request, run)

    async def remove_link(
        record_id: str,
        link_id: str,
        request: Request,
        actor: CuratorDep,
        expected: IfMatch,
    ) -> JSONResponse:
        def run(session: Session) -> JSONResponse:
            done = curation.remove_link(session, actor, owner, record_id, table, link_id, expected)
            return _answer(request, session, owner, done)

        return await write(request, run)

    router.add_api_route(
        f"/{segment}/{{record_id}}/{sub}",
        add_link,
        methods=["POST"],
        status_code=201,
        responses=WRITE_ERRORS,
        tags=tags,
        response_model=model,
        name=f"add_{table}",
        summary=f"Add a cited {sub[:-1]} link (curator; If-Match of the {owner})",
    )
    router.add_api_route(
        f"/{segment}/{{record_id}}/{sub}/{{link_id}}",
        remove_link,
        methods=["DELETE"],
        responses=WRITE_ERRORS,
        tags=tags,
        response_model=model,
        name=f"remove_{table}",
        summary=f"Remove {with_article(sub[:-1])} link (curator; If-Match of the {owner})",
    )


_link_routes("initiative", "partners", "initiative_partner", w.InitiativePartnerCreate)
_link_routes("person", "roles", "person_role", w.RoleCreate)
_link_routes("event", "participants", "event_participant", w.ParticipantCreate)
_link_routes("event", "initiatives", "event_initiative", w.EventInitiativeCreate)


# -- history ---------------------------------------------------------------------------

HISTORY = {
    "sources": "source",
    "partners": "partner",
    "people": "person",
    "initiatives": "initiative",
    "events": "event",
    "funds": "figure",
    "targets": "figure",
    "figures": "figure",
}


def _history_route(segment: str, rtype: str) -> None:
    async def get_history(
        record_id: str, request: Request, response: Response, params: ListDep
    ) -> Any:
        from app.services.pages import SHOW_RETRACTED

        include_retracted = SHOW_RETRACTED.get()
        page = await read(
            request,
            lambda session: curation.history(
                session,
                rtype,
                record_id,
                after=params.after,
                limit=params.limit,
                include_retracted=include_retracted,
            ),
        )
        return respond(request, response, params, page, w.RevisionPublic)

    router.add_api_route(
        f"/{segment}/{{record_id}}/history",
        get_history,
        methods=["GET"],
        tags=[segment],
        response_model=ListOf[w.RevisionPublic],
        name=f"history_{segment}",
        summary="Every change to this record, oldest first",
        description="Who (key id and name), when, the action (create, update, retract), "
        "the fields that changed, and the record before and after. A retracted "
        "record's history is for curators (`?include_retracted=true`).",
    )


for _segment, _rtype in HISTORY.items():
    _history_route(_segment, _rtype)


# -- keys (admin) ----------------------------------------------------------------------


@router.get("/keys", tags=["keys"], responses=WRITE_ERRORS, summary="API keys (admin)")
async def list_keys(request: Request, actor: AdminDep) -> list[w.KeyPublic]:
    def run(session: Session) -> list[w.KeyPublic]:
        return [
            w.KeyPublic.model_validate(keys_service.describe(k))
            for k in keys_service.list_keys(session)
        ]

    return await write(request, run)


@router.delete(
    "/keys/{key_id}", tags=["keys"], responses=WRITE_ERRORS, summary="Revoke an API key (admin)"
)
async def revoke_key(request: Request, key_id: int, actor: AdminDep) -> w.KeyPublic:
    def run(session: Session) -> w.KeyPublic:
        if key_id == actor.key_id:
            raise Forbidden("A key cannot revoke itself; use another admin key or the CLI.")
        with session.begin():
            key = keys_service.revoke_key(session, key_id)
            return w.KeyPublic.model_validate(keys_service.describe(key))

    return await write(request, run)
