"""OpenAPI descriptions of the problem responses routes can return."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


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
