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
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.services import keys
from app.services.keys import Actor
from app.services.pages import SHOW_RETRACTED

bearer = HTTPBearer(auto_error=False, description="An API key: `masdar keys create`.")

_CHECKED = "masdar.actors"
"""Scope key: the actors :class:`KeyFirst` authenticated for this request, by key scope."""


def _actor(request: Request, scope: str) -> Actor:
    token = keys.parse_authorization(request.headers.get("authorization"))
    # the primary, never a replica: a revocation must count at once
    with Session(request.app.state.engine) as session:
        return keys.authenticate(session, token, scope=scope)


async def _checked(request: Request, scope: str) -> Actor:
    actor: Actor | None = request.scope.get(_CHECKED, {}).get(scope)
    if actor is None:
        actor = await run_in_threadpool(_actor, request, scope)
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
                checked[scope] = await run_in_threadpool(_actor, request, scope)
            return await handler(request)

        return authenticated


async def retraction_scope(request: Request, include_retracted: bool) -> None:
    """Sets :data:`app.services.pages.SHOW_RETRACTED` for this request (async, so the value
    is in the context the route's worker thread copies)."""
    if include_retracted:
        await run_in_threadpool(_actor, request, "curator")
    SHOW_RETRACTED.set(include_retracted)
