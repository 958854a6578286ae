"""The ``/v1`` API: one router per resource, each included on the app directly.

Not through a ``/v1`` router of routers: FastAPI matches an included router by walking
its routes, so every level of nesting costs each request another walk.
"""

from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request

from app.api.auth import retraction_scope
from app.api.deps import reject_unknown_params
from app.api.v1 import (
    claims,
    curation,
    dashboard,
    figures,
    initiatives,
    partners,
    people,
    search,
    sources,
)

MODULES = (sources, initiatives, partners, people, figures, search, claims, dashboard, curation)


async def v1_request(
    request: Request,
    include_retracted: Annotated[
        bool, Query(description="Curators only (send your key): also show retracted records.")
    ] = False,
) -> None:
    """What every ``/v1`` request goes through: unknown or repeated query parameters are a
    400, and ``include_retracted`` needs a curator. One dependency, not two: FastAPI
    solves each dependency of every request anew."""
    await reject_unknown_params(request)
    await retraction_scope(request, include_retracted)


def include(app: FastAPI) -> None:
    for module in MODULES:
        app.include_router(module.router, prefix="/v1", dependencies=[Depends(v1_request)])
