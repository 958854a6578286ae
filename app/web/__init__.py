"""The HTML source viewer: ``/sources/{id}`` and ``/figures/{id}`` (no JavaScript)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.api.deps import read
from app.errors import NotFound
from app.services import viewer
from app.web import pages

router = APIRouter(include_in_schema=False)


async def _render(
    request: Request,
    load: Callable[[Session], dict[str, Any]],
    render: Callable[[dict[str, Any]], str],
) -> HTMLResponse:
    def load_or_sources(session: Session) -> dict[str, Any] | tuple[str, list[dict[str, Any]]]:
        """The page's data, or (when it names no record) the 404's detail and sources."""
        try:
            return load(session)
        except NotFound as exc:
            return exc.detail, viewer.source_list(session)

    data = await read(request, load_or_sources)
    if isinstance(data, tuple):
        detail, sources = data
        return HTMLResponse(pages.not_found(detail, sources), status_code=404)
    return HTMLResponse(render(data))


@router.get("/sources/{source_id}", response_class=HTMLResponse)
async def source_page(source_id: str, request: Request) -> HTMLResponse:
    return await _render(request, lambda s: viewer.source_page(s, source_id), pages.source_page)


@router.get("/figures/{figure_id}", response_class=HTMLResponse)
async def figure_page(figure_id: str, request: Request) -> HTMLResponse:
    return await _render(request, lambda s: viewer.figure_page(s, figure_id), pages.figure_page)
