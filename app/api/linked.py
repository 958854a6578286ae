"""Content negotiation for linked data: ``Accept: application/ld+json`` on a record's URL
returns it as JSON-LD (see :mod:`app.services.jsonld`); anything else gets plain JSON."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request, Response

from app.services import jsonld

JSONLD_MEDIA = "application/ld+json"

JSONLD_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {JSONLD_MEDIA: {}},
        "description": "JSON, or JSON-LD (schema.org) with `Accept: application/ld+json`",
    },
}


def wants_jsonld(request: Request) -> bool:
    accept = request.headers.get("accept", "").lower()
    return JSONLD_MEDIA in accept


def jsonld_response(body: dict[str, Any]) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"), media_type=JSONLD_MEDIA
    )


def negotiate(request: Request, kind: str, row: dict[str, Any]) -> Response | None:
    """The JSON-LD response when the client asks for it, else ``None`` (serve JSON)."""
    return jsonld_response(jsonld.document(kind, row)) if wants_jsonld(request) else None
