"""Content negotiation for linked data: ``Accept: application/ld+json`` on a record's URL
returns it as JSON-LD (see :mod:`app.services.jsonld`); otherwise plain JSON."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request, Response

from app.api.deps import public_base
from app.api.negotiation import choose
from app.api.openapi import component
from app.models.exports import LinkedNode
from app.services import jsonld

JSONLD_MEDIA = "application/ld+json"
RECORD_MEDIA = ("application/json", JSONLD_MEDIA)

JSONLD_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {JSONLD_MEDIA: {"schema": component(LinkedNode)}},
        "description": "JSON, or JSON-LD (schema.org) with `Accept: application/ld+json`",
    },
}


def wants_jsonld(request: Request) -> bool:
    """JSON-LD when ``Accept`` prefers it to JSON (a tie goes to JSON)."""
    return choose(request.headers.get("accept"), RECORD_MEDIA) == JSONLD_MEDIA


def jsonld_response(body: dict[str, Any]) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, default=str).encode("utf-8"), media_type=JSONLD_MEDIA
    )


def negotiate(request: Request, kind: str, row: dict[str, Any]) -> Response | None:
    """The JSON-LD response when the client asks for it, else ``None`` (serve JSON)."""
    if not wants_jsonld(request):
        return None
    return jsonld_response(jsonld.document(kind, row, base=public_base(request)))
