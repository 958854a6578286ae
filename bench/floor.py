"""The framework's floor: masdar's whole app, but ``/v1/figures`` answers fixed bytes.

Same middleware, list shortcut (app/api/shortcut.py) and thread-pool hop as the real
route (and FastAPI's routing and validation for any other query); no database and no
serialisation. ``BENCH_BODY`` names a file holding the
real ``/v1/figures?limit=50`` body. The gap between this and the real route is what the
database work costs; the gap between this and the bare app is what FastAPI and masdar's
middleware cost. Run: ``uvicorn bench.floor:create_app --factory``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Response

import app.api.shortcut as shortcut
import app.api.v1 as v1
import app.api.v1.figures as figures_routes
from app.api.shortcut import Unfiltered
from app.main import create_app as create_masdar
from app.models.public import FigurePublic
from app.services.pages import Page


def create_app() -> FastAPI:
    body = Path(os.environ["BENCH_BODY"]).read_bytes()

    def no_database(*_: Any, **__: Any) -> Page:
        return Page([], None)

    def fixed_bytes(*_: Any, **__: Any) -> Response:
        return Response(body, media_type="application/json")

    # the route and the list shortcut look both up at call time, in their modules:
    # replace them there (the shortcut's table is read when the app is built)
    figures_routes.service = type("NoDatabase", (), {"list_figures": staticmethod(no_database)})
    figures_routes.respond = fixed_bytes
    shortcut.respond = fixed_bytes
    v1.UNFILTERED["/v1/figures"] = Unfiltered(no_database, FigurePublic)
    return create_masdar()
