"""Liveness and readiness, for orchestrators and load balancers."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.errors import problem
from app.models.base import OUTPUT
from app.services.health import database_ok

router = APIRouter(prefix="/health", tags=["health"])


class Liveness(BaseModel):
    model_config = OUTPUT

    status: Literal["live"]


class Readiness(BaseModel):
    model_config = OUTPUT

    status: Literal["ready"]
    data_version: str | None
    """Changes with every write: caches keyed on it never serve stale data."""


@router.get("/live", summary="The process is running")
async def live() -> Liveness:
    return Liveness(status="live")


@router.get(
    "/ready",
    summary="The database answers and start-up work is done",
    response_model=None,
    responses={
        200: {"model": Readiness},
        503: {"description": "Not ready", "content": {"application/problem+json": {}}},
    },
)
async def ready(request: Request) -> JSONResponse:
    state = request.app.state
    if not state.core.prepared:
        return problem(
            503,
            "Service unavailable",
            "Start-up is not finished: the database is not reachable yet.",
            slug="unavailable",
            instance=request.url.path,
            headers={"Retry-After": "2"},
        )
    if not await database_ok(state.engine, state.settings.ready_timeout):
        return problem(
            503,
            "Service unavailable",
            "The database does not answer.",
            slug="unavailable",
            instance=request.url.path,
            headers={"Retry-After": "2"},
        )
    return JSONResponse({"status": "ready", "data_version": state.data_version})
