"""The ``/v1`` API: one router per resource, each included on the app directly.

Not through a ``/v1`` router of routers: FastAPI matches an included router by walking
its routes, so every level of nesting costs each request another walk.
"""

from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Query, Request

from app.api.auth import retraction_scope
from app.api.deps import reject_unknown_params
from app.api.shortcut import Unfiltered
from app.api.v1 import (
    check,
    claims,
    conflicts,
    curation,
    dashboard,
    figures,
    initiatives,
    partners,
    people,
    proposals,
    search,
    sources,
)
from app.models.journalist import ClaimPublic
from app.models.public import (
    EventPublic,
    FigurePublic,
    FundPublic,
    InitiativePublic,
    PartnerPublic,
    PersonPublic,
    TargetPublic,
)
from app.services import claims as claims_service
from app.services import events as events_service
from app.services import figures as figures_service
from app.services import initiatives as initiatives_service
from app.services import partners as partners_service
from app.services import people as people_service
from app.services.basis import STATED_ONLY

MODULES = (
    sources,
    initiatives,
    partners,
    people,
    figures,
    search,
    check,
    claims,
    conflicts,
    dashboard,
    curation,
    proposals,
)

UNFILTERED = {
    "/v1/initiatives": Unfiltered(initiatives_service.list_initiatives, InitiativePublic),
    "/v1/partners": Unfiltered(partners_service.list_partners, PartnerPublic),
    "/v1/people": Unfiltered(people_service.list_people, PersonPublic),
    "/v1/events": Unfiltered(events_service.list_events, EventPublic),
    "/v1/figures": Unfiltered(figures_service.list_figures_gathered, FigurePublic),
    "/v1/funds": Unfiltered(figures_service.list_funds, FundPublic),
    "/v1/targets": Unfiltered(figures_service.list_targets, TargetPublic),
    "/v1/claims": Unfiltered(claims_service.list_claims, ClaimPublic),
}
"""The lists :class:`app.api.shortcut.ListShortcut` answers when they are asked with
``limit`` and ``cursor`` only: each route's service function called without filters
(the figures' queries only, their items written on the event loop), and the model of its
items (tests/api/test_shortcut.py compares every one with FastAPI).
Only models written by ``app.api.fastjson`` (``/v1/sources`` and ``/v1/conflicts`` are
Pydantic-serialised by FastAPI, so they stay with it)."""


async def v1_request(
    request: Request,
    include_retracted: Annotated[
        bool, Query(description="Curators only (send your key): also show retracted records.")
    ] = False,
    basis: Annotated[
        Literal["any", "article"],
        Query(
            description="`article`: only what the articles state. Values masdar inferred, "
            "took from general knowledge or computed are null (their `*_basis` says why), "
            "computed figures are left out (docs/trust.md)."
        ),
    ] = "any",
) -> None:
    """What every ``/v1`` request goes through: unknown or repeated query parameters are a
    400, ``include_retracted`` needs a curator, ``basis`` is set for the read. One
    dependency, not two: FastAPI solves each dependency of every request anew."""
    await reject_unknown_params(request)
    await retraction_scope(request, include_retracted)
    STATED_ONLY.set(basis == "article")


def include(app: FastAPI) -> None:
    for module in MODULES:
        app.include_router(module.router, prefix="/v1", dependencies=[Depends(v1_request)])
