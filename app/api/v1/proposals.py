"""Proposals: the figures masdar reads in an article, for a curator to accept or reject.

Everything here needs a curator key: a proposal is not a fact, and it is never shown to
the public. Accepting one creates the fund or target through the write path (the same
verbatim-quote and number checks, a revision in its history); nothing is stored as a fact
until then.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from app.api.auth import CuratorDep
from app.api.deps import SessionDep, SettingsDep
from app.api.lists import ListDep, ListOf, respond
from app.api.v1.curation import WRITE_ERRORS
from app.models.proposal import ProposalPublic, ScanPublic
from app.services import proposals as service

router = APIRouter(tags=["proposals"])

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
def list_proposals(
    source_id: str,
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CuratorDep,
    params: ListDep,
    status: STATUS = None,
    figure: FIGURE = None,
) -> Any:
    """In article order. Each figure proposal carries its value in base units, unit,
    qualifier, deadline, its located quotes, candidate subjects and givers (existing
    initiatives and partners named nearby), and the existing figures it corroborates or
    differs from, as they are now. An article without numbers has none (200, empty)."""
    page = service.list_proposals(
        session,
        source_id,
        status=status,
        figure=figure,
        after=params.after,
        limit=params.limit,
    )
    return respond(request, response, params, page, ProposalPublic)


@router.post(
    "/sources/{source_id}/proposals",
    responses=WRITE_ERRORS,
    summary="Read an article again: new pending proposals, decisions kept (curator)",
    response_model=ScanPublic,
)
def rescan(
    source_id: str, session: SessionDep, settings: SettingsDep, actor: CuratorDep
) -> ScanPublic:
    """For an article added before proposals existed, or read by an older reader. Pending
    proposals are replaced; accepted and rejected ones stay as they are."""
    done = service.rescan(session, source_id, max_chars=settings.propose_max_chars)
    return ScanPublic.model_validate(done)


@router.get(
    "/proposals/{proposal_id}",
    responses=WRITE_ERRORS,
    summary="One proposal, with its candidates and matches as they are now (curator)",
    response_model=ProposalPublic,
)
def get_proposal(proposal_id: str, session: SessionDep, actor: CuratorDep) -> ProposalPublic:
    return ProposalPublic.model_validate(service.get_proposal(session, proposal_id))
