"""The list envelope every collection returns, its ``Link`` header, and CSV output."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel

from app.api.deps import Cursor, Limit, decode_cursor, encode_cursor
from app.services.pages import Page

T = TypeVar("T", bound=BaseModel)

CSV_MEDIA = "text/csv; charset=utf-8"


class ListOf(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    """Pass as `cursor` to get the next page; null on the last page."""


class ListParams:
    """``limit``, ``cursor`` and ``format`` for every list."""

    def __init__(
        self,
        limit: Limit = 50,
        cursor: Cursor = None,
        format: Annotated[
            Literal["json", "csv"] | None,
            Query(description="`csv` for a spreadsheet (UTF-8 with BOM); or send Accept: text/csv."),
        ] = None,
    ) -> None:
        self.limit = limit
        self.after = decode_cursor(cursor)
        self.format = format


ListDep = Annotated[ListParams, Depends()]


def wants_csv(request: Request, params: ListParams) -> bool:
    if params.format is not None:
        return params.format == "csv"
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


def respond(
    request: Request, response: Response, params: ListParams, page: Page, model: type[T]
) -> ListOf[T] | Response:
    items = [model.model_validate(i) for i in page.items]
    cursor = encode_cursor(page.next_key) if page.next_key is not None else None
    headers = {}
    if cursor is not None:
        url = request.url.include_query_params(cursor=cursor)
        headers["Link"] = f'<{url}>; rel="next"'
    if wants_csv(request, params):
        return Response(to_csv(items), media_type=CSV_MEDIA, headers={
            **headers, "Content-Disposition": 'inline; filename="masdar.csv"'})
    response.headers.update(headers)
    return ListOf[model](items=items, next_cursor=cursor)  # type: ignore[valid-type]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        if "id" in value:
            return str(value["id"])
        nested = [v for v in value.values() if isinstance(v, dict) and "id" in v]
        return str(nested[0]["id"]) if nested else ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(items: list[BaseModel]) -> bytes:
    """Flatten records for a spreadsheet; citations become source and quote columns.

    UTF-8 with a byte-order mark, so spreadsheet programs show Arabic intact.
    """
    rows = [i.model_dump(mode="json") for i in items]
    columns: list[str] = []
    flat_rows = []
    for row in rows:
        flat: dict[str, str] = {}
        for key, value in row.items():
            if key == "citations":
                flat["citation_sources"] = "; ".join(c["source_id"] for c in value)
                flat["citation_quotes"] = " | ".join(c["quote"] for c in value)
                flat["citation_offsets"] = "; ".join(f"{c['start']}-{c['end']}" for c in value)
            elif key == "aliases":
                flat["aliases"] = "; ".join(a["text"] for a in value)
            else:
                flat[key] = _cell(value)
        for k in flat:
            if k not in columns:
                columns.append(k)
        flat_rows.append(flat)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(flat_rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
