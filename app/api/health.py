"""Liveness and readiness, for orchestrators and load balancers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.errors import problem
from app.services.health import database_ok

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live", summary="The process is running")
async def live() -> dict[str, str]:
    return {"status": "live"}


@router.get(
    "/ready",
    summary="The database answers and start-up work is done",
    responses={503: {"description": "Not ready", "content": {"application/problem+json": {}}}},
)
def ready(request: Request) -> JSONResponse:
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
    if not database_ok(state.engine, state.settings.ready_timeout):
        return problem(
            503,
            "Service unavailable",
            "The database does not answer.",
            slug="unavailable",
            instance=request.url.path,
            headers={"Retry-After": "2"},
        )
    return JSONResponse({"status": "ready", "data_version": state.data_version})
