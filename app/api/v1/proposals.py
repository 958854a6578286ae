"""Proposals: the figures masdar reads in an article, for a curator to accept or reject.

Everything here needs a curator key: a proposal is not a fact, and it is never shown to
the public. Accepting one creates the fund or target through the write path (the same
verbatim-quote and number checks, a revision in its history); nothing is stored as a fact
until then.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from app.api.auth import CuratorDep, KeyFirst
from app.api.deps import SettingsDep, write
from app.api.lists import ListDep, ListOf, respond
from app.api.v1.curation import VIEWS, WRITE_ERRORS
from app.api.versions import etag
from app.caching import bump_data_version
from app.models import writes as w
from app.models.proposal import AcceptedPublic, ProposalPublic, ScanPublic
from app.services import proposals as service
from app.services.curation import proposals as decide

router = APIRouter(tags=["proposals"], route_class=KeyFirst)

STATUS = Annotated[
    Literal["pending", "accepted", "rejected"] | None,
    Query(description="Only proposals with this status."),
]
FIGURE = Annotated[
    bool | None,
    Query(description="`true`: figures only; `false`: only the numbers classed as no figure."),
]


@router.get(
    "/sources/{source_id}/proposals",
    responses=WRITE_ERRORS,
    summary="The figures masdar read in an article, and the numbers it classed as none (curator)",
    response_model=ListOf[ProposalPublic],
)
async def list_proposals(
    source_id: str,
    request: Request,
    response: Response,
    actor: CuratorDep,
    params: ListDep,
    status: STATUS = None,
    figure: FIGURE = None,
) -> Any:
    """In article order. Each figure proposal carries its value in base units, unit,
    qualifier, deadline, its located quotes, candidate subjects and givers (existing
    initiatives and partners named nearby), and the existing figures it corroborates or
    differs from, as they are now. An article without numbers has none (200, empty)."""

    def run(session: Session) -> Any:
        page = service.list_proposals(
            session,
            source_id,
            status=status,
            figure=figure,
            after=params.after,
            limit=params.limit,
        )
        return respond(request, response, params, page, ProposalPublic)

    return await write(request, run)


@router.post(
    "/sources/{source_id}/proposals",
    responses=WRITE_ERRORS,
    summary="Read an article again: new pending proposals, decisions kept (curator)",
    response_model=ScanPublic,
)
async def rescan(
    request: Request, source_id: str, settings: SettingsDep, actor: CuratorDep
) -> ScanPublic:
    """For an article added before proposals existed, or read by an older reader. Pending
    proposals are replaced; accepted and rejected ones stay as they are."""

    def run(session: Session) -> ScanPublic:
        done = decide.rescan(session, source_id, max_chars=settings.propose_max_chars)
        return ScanPublic.model_validate(done)

    return await write(request, run)


@router.get(
    "/proposals/{proposal_id}",
    responses=WRITE_ERRORS,
    summary="One proposal, with its candidates and matches as they are now (curator)",
    response_model=ProposalPublic,
)
async def get_proposal(request: Request, proposal_id: str, actor: CuratorDep) -> ProposalPublic:
    def run(session: Session) -> ProposalPublic:
        return ProposalPublic.model_validate(service.get_proposal(session, proposal_id))

    return await write(request, run)


PROPOSAL_ERRORS = {
    **WRITE_ERRORS,
    404: WRITE_ERRORS[404] | {"description": "No such proposal, or its source is retracted"},
    409: WRITE_ERRORS[409] | {"description": "The proposal was accepted or rejected already"},
    422: WRITE_ERRORS[422]
    | {
        "description": "The proposal with these edits is no valid figure: a quote not "
        "verbatim, a value its quote does not state, no subject, a range, a dangling "
        "reference"
    },
}


@router.post(
    "/proposals/{proposal_id}/accept",
    status_code=201,
    responses=PROPOSAL_ERRORS,
    summary="Accept a proposal, with optional edits: creates the fund or target (curator)",
    response_model=AcceptedPublic,
)
async def accept_proposal(
    proposal_id: str,
    request: Request,
    actor: CuratorDep,
    body: w.ProposalAccept | None = None,
) -> JSONResponse:
    """The figure is created as `POST /v1/funds` or `/v1/targets` would create it (the
    quote located verbatim, the number in its quote, a revision in its history) and the
    proposal is marked accepted, in one transaction. Fields left out are what masdar read;
    the subject defaults to the first candidate."""

    def run(session: Session) -> JSONResponse:
        done, kind = decide.accept(session, actor, proposal_id, body or w.ProposalAccept())
        bump_data_version(request.app, done.data_version)
        _, segment, getter, model = VIEWS[kind]
        figure = model.model_validate(getter(session, done.record_id)).model_dump(mode="json")
        proposal = ProposalPublic.model_validate(service.get_proposal(session, proposal_id))
        return JSONResponse(
            {"proposal": proposal.model_dump(mode="json"), "figure": figure},
            status_code=201,
            headers={"Location": f"/v1/{segment}/{done.record_id}", "ETag": etag(done.version)},
        )

    return await write(request, run)


@router.post(
    "/proposals/{proposal_id}/reject",
    responses=PROPOSAL_ERRORS,
    summary="Reject a proposal, saying why (curator)",
    response_model=ProposalPublic,
)
async def reject_proposal(
    request: Request, proposal_id: str, actor: CuratorDep, body: w.ProposalReject
) -> ProposalPublic:
    def run(session: Session) -> ProposalPublic:
        decide.reject(session, actor, proposal_id, body)
        return ProposalPublic.model_validate(service.get_proposal(session, proposal_id))

    return await write(request, run)
