"""The framework's floor: masdar's whole app, but ``/v1/figures`` answers fixed bytes.

Same middleware, routing, query validation, dependencies and thread-pool hop as the
real route; no database and no serialisation. ``BENCH_BODY`` names a file holding the
real ``/v1/figures?limit=50`` body. The gap between this and the real route is what the
database work costs; the gap between this and the bare app is what FastAPI and masdar's
middleware cost. Run: ``uvicorn bench.floor:create_app --factory``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Response

import app.api.v1.figures as figures_routes
from app.main import create_app as create_masdar
from app.services.pages import Page


def create_app() -> FastAPI:
    body = Path(os.environ["BENCH_BODY"]).read_bytes()

    def no_database(*_: Any, **__: Any) -> Page:
        return Page([], None)

    def fixed_bytes(*_: Any, **__: Any) -> Response:
        return Response(body, media_type="application/json")

    # the route looks both up at call time, in its module: replace them there
    figures_routes.service = type("NoDatabase", (), {"list_figures": staticmethod(no_database)})
    figures_routes.respond = fixed_bytes
    return create_masdar()
