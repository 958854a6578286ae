"""Who may write: ``Authorization: Bearer <token>`` checked against ``api_key``.

Reads stay public. Writes need a ``curator`` (or ``admin``) key; key management and
source retraction need ``admin``. Missing, malformed, unknown, revoked or expired keys
are 401 problems with ``WWW-Authenticate: Bearer``; a key with too small a scope is 403.

The key is checked before the body is read: routes of a router made with
``APIRouter(route_class=KeyFirst)`` that depend on :data:`CuratorDep` or :data:`AdminDep`
answer 401 to a request without a valid key, whatever its body (FastAPI parses the body
before it runs dependencies, so a malformed one would otherwise be a 422).
``tests/contract/test_http_semantics.py`` holds every write operation of the document to that.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.api.deps import in_thread, writers
from app.errors import Unauthorized
from app.services import keys
from app.services.keys import Actor
from app.services.pages import SHOW_RETRACTED

bearer = HTTPBearer(auto_error=False, description="An API key: `masdar keys create`.")

_CHECKED = "masdar.actors"
"""Scope key: the actors :class:`KeyFirst` authenticated for this request, by key scope."""


VERIFIED = "masdar_verified_key"
"""Where :class:`app.limits.LimitsMiddleware` leaves the key it verified for this request
(an :class:`Actor`, or the 401 it earned) in the request's scope state: the rate limit is
keyed by the key's id, and the route need not look it up a second time."""


def identify(engine: Engine, header: str | None) -> Actor | Unauthorized:
    """The live key an ``Authorization`` header names, or the 401 problem it is."""
    try:
        token = keys.parse_authorization(header)
        # ``engine`` is the primary's (a revocation must count at once), in autocommit
        # (``app.state.key_engine``: one statement, no BEGIN and ROLLBACK round trips)
        with Session(engine) as session:
            return keys.verify(session, token)
    except Unauthorized as exc:
        return exc


def _actor(request: Request, scope: str) -> Actor:
    found = request.scope.get("state", {}).get(VERIFIED)
    if found is None:
        found = identify(request.app.state.key_engine, request.headers.get("authorization"))
    if isinstance(found, Unauthorized):
        raise found
    return keys.authorize(found, scope)


async def _verified(request: Request, scope: str) -> Actor:
    """The request's key, checked for ``scope``: looked up in a thread only when
    :class:`app.limits.LimitsMiddleware` has not (a write's thread is a writer's)."""
    found = request.scope.get("state", {}).get(VERIFIED)
    if found is not None:
        if isinstance(found, Unauthorized):
            raise found
        return keys.authorize(found, scope)
    limiter = None if request.method in ("GET", "HEAD") else writers(request.app)
    return await in_thread(_actor, request, scope, limiter=limiter)


async def _checked(request: Request, scope: str) -> Actor:
    actor: Actor | None = request.scope.get(_CHECKED, {}).get(scope)
    if actor is None:
        actor = await _verified(request, scope)
    return actor


async def curator(request: Request, _: Annotated[object, Depends(bearer)]) -> Actor:
    return await _checked(request, "curator")


async def admin(request: Request, _: Annotated[object, Depends(bearer)]) -> Actor:
    return await _checked(request, "admin")


CuratorDep = Annotated[Actor, Depends(curator)]
AdminDep = Annotated[Actor, Depends(admin)]

_SCOPES: dict[Callable[..., Any], str] = {curator: "curator", admin: "admin"}


def _key_scopes(dependant: Dependant) -> set[str]:
    found = {_SCOPES[dependant.call]} if dependant.call in _SCOPES else set()
    for sub in dependant.dependencies:
        found |= _key_scopes(sub)
    return found


class KeyFirst(APIRoute):
    """An API route that authenticates (when it needs a key) before FastAPI reads the body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        scopes = sorted(_key_scopes(self.dependant))
        if not scopes:
            return handler

        async def authenticated(request: Request) -> Response:
            checked = request.scope.setdefault(_CHECKED, {})
            for scope in scopes:
                checked[scope] = await _verified(request, scope)
            return await handler(request)

        return authenticated


async def retraction_scope(request: Request, include_retracted: bool) -> None:
    """Sets :data:`app.services.pages.SHOW_RETRACTED` for this request (async, so the value
    is in the context the route's worker thread copies)."""
    if include_retracted:
        await _verified(request, "curator")
    SHOW_RETRACTED.set(include_retracted)
