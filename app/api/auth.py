"""Who may write: ``Authorization: Bearer <token>`` checked against ``api_key``.

Reads stay public. Writes need a ``curator`` (or ``admin``) key; key management and
source retraction need ``admin``. Missing, malformed, unknown, revoked or expired keys
are 401 problems with ``WWW-Authenticate: Bearer``; a key with too small a scope is 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.services import keys
from app.services.keys import Actor
from app.services.pages import SHOW_RETRACTED

bearer = HTTPBearer(auto_error=False, description="An API key: `masdar keys create`.")


def _actor(request: Request, scope: str) -> Actor:
    token = keys.parse_authorization(request.headers.get("authorization"))
    # the primary, never a replica: a revocation must count at once
    with Session(request.app.state.engine) as session:
        return keys.authenticate(session, token, scope=scope)


def curator(request: Request, _: Annotated[object, Depends(bearer)]) -> Actor:
    return _actor(request, "curator")


def admin(request: Request, _: Annotated[object, Depends(bearer)]) -> Actor:
    return _actor(request, "admin")


CuratorDep = Annotated[Actor, Depends(curator)]
AdminDep = Annotated[Actor, Depends(admin)]


async def retraction_scope(request: Request, include_retracted: bool) -> None:
    """Sets :data:`app.services.pages.SHOW_RETRACTED` for this request (async, so the value
    is in the context the route's worker thread copies)."""
    if include_retracted:
        await run_in_threadpool(_actor, request, "curator")
    SHOW_RETRACTED.set(include_retracted)
