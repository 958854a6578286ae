"""Who may write: ``Authorization: Bearer <token>`` checked against ``api_key``.

Reads stay public. Writes need a ``curator`` (or ``admin``) key; key management and
source retraction need ``admin``. Missing, malformed, unknown, revoked or expired keys
are 401 problems with ``WWW-Authenticate: Bearer``; a key with too small a scope is 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.errors import Unauthorized
from app.services import keys
from app.services.keys import Actor
from app.services.pages import SHOW_RETRACTED

bearer = HTTPBearer(auto_error=False, description="An API key: `masdar keys create`.")


VERIFIED = "masdar_verified_key"
"""Where :class:`app.limits.LimitsMiddleware` leaves the key it verified for this request
(an :class:`Actor`, or the 401 it earned) in the request's scope state: the rate limit is
keyed by the key's id, and the route need not look it up a second time."""


def identify(engine: Engine, header: str | None) -> Actor | Unauthorized:
    """The live key an ``Authorization`` header names, or the 401 problem it is."""
    try:
        token = keys.parse_authorization(header)
        # the primary, never a replica: a revocation must count at once
        with Session(engine) as session:
            return keys.verify(session, token)
    except Unauthorized as exc:
        return exc


def _actor(request: Request, scope: str) -> Actor:
    found = request.scope.get("state", {}).get(VERIFIED)
    if found is None:
        found = identify(request.app.state.engine, request.headers.get("authorization"))
    if isinstance(found, Unauthorized):
        raise found
    return keys.authorize(found, scope)


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
