"""OpenAPI descriptions of the problem responses routes can return."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema

from app.models.base import OUTPUT, omitted_when_none


class ProblemItem(BaseModel):
    """One thing wrong with the request."""

    model_config = OUTPUT

    in_: str = Field(alias="in")
    """Where: ``query``, ``path``, ``header``, ``body``, ``record``…"""
    name: str
    """The parameter, header or body field (``citations[0].quote``)."""
    message: str
    value: str | int | float | bool | None = omitted_when_none()
    """The value received (a query, path or header value; null when it is not one that can
    be echoed)."""


class Problem(BaseModel):
    """RFC 9457 problem details (``application/problem+json``)."""

    model_config = OUTPUT

    type: str
    """A masdar-relative URI naming the kind of problem: ``/problems/validation``…"""
    title: str
    status: int
    detail: str
    """What was wrong, in one sentence that names it."""
    instance: str | SkipJsonSchema[None] = omitted_when_none()
    """The request path."""
    errors: list[ProblemItem] | SkipJsonSchema[None] = omitted_when_none()
    """Each parameter or field at fault (absent when the detail says it all)."""
    acceptable: list[str] | SkipJsonSchema[None] = omitted_when_none()
    """406 only: the media types this URL serves."""


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "model": Problem,
        "content": {"application/problem+json": {}},
    }


BAD_QUERY: dict[int | str, dict[str, Any]] = {
    400: _problem("Unknown or repeated query parameter, or a bad cursor"),
    422: _problem("A query parameter has the wrong type or is out of range"),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: _problem("No record with this id"),
    **BAD_QUERY,
}
