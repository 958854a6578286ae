"""The HTML source viewer: ``/sources/{id}`` and ``/figures/{id}`` (no JavaScript)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.api.deps import SessionDep
from app.errors import NotFound
from app.services import viewer
from app.web import pages

router = APIRouter(include_in_schema=False)


def _render(
    session: Any, load: Callable[[], dict[str, Any]], render: Callable[[dict[str, Any]], str]
) -> HTMLResponse:
    try:
        data = load()
    except NotFound as exc:
        return HTMLResponse(
            pages.not_found(exc.detail, viewer.source_list(session)), status_code=404
        )
    return HTMLResponse(render(data))


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(source_id: str, session: SessionDep) -> HTMLResponse:
    return _render(session, lambda: viewer.source_page(session, source_id), pages.source_page)


@router.get("/figures/{figure_id}", response_class=HTMLResponse)
def figure_page(figure_id: str, session: SessionDep) -> HTMLResponse:
    return _render(session, lambda: viewer.figure_page(session, figure_id), pages.figure_page)
