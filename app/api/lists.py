"""The list envelope every collection returns, its ``Link`` header, and CSV output."""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, Literal, TypeVar

import orjson
from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel
from pydantic.json_schema import SkipJsonSchema

from app.api import fastjson
from app.api.deps import Cursor, Limit, decode_cursor, encode_cursor
from app.api.negotiation import choose
from app.errors import BadRequest
from app.models.base import OUTPUT, omitted_when_none
from app.services.pages import Page

T = TypeVar("T", bound=BaseModel)

CSV_MEDIA = "text/csv; charset=utf-8"
LIST_MEDIA = ("application/json", "text/csv")


class FacetValue(BaseModel):
    model_config = OUTPUT

    value: str | int | bool | None
    count: int
    """Records of the whole filtered set (every page) with this value."""
    label: str | SkipJsonSchema[None] = omitted_when_none()
    """The name, when the value is an id (partner, initiative, source); absent otherwise."""


class ListOf(BaseModel, Generic[T]):
    """A page of a list: named ``<Item>Page`` in the OpenAPI document (``FigurePage``)."""

    model_config = OUTPUT

    items: list[T]
    next_cursor: str | None = None
    """Pass as `cursor` to get the next page; null on the last page."""
    facets: dict[str, list[FacetValue]] | SkipJsonSchema[None] = omitted_when_none()
    """Only when asked with `?facets=`: value counts over the filtered set."""

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        return f"{params[0].__name__.removesuffix('Public')}Page"


class ListParams:
    """``limit``, ``cursor``, ``format`` and ``facets`` of a list request."""

    def __init__(
        self, limit: int, after: str | None, format: str | None, facets: list[str] | None
    ) -> None:
        self.limit = limit
        self.after = after
        self.format = format
        self.facets = facets


async def list_params(
    limit: Limit = 50,
    cursor: Cursor = None,
    format: Annotated[
        Literal["json", "csv"] | None,
        Query(description="`csv` for a spreadsheet (UTF-8 with BOM); or send Accept: text/csv."),
    ] = None,
    facets: Annotated[
        str | None,
        Query(
            max_length=300,
            pattern=r"^[a-z_]+(,[a-z_]+)*$",
            description="Comma-separated facet names, e.g. `kind,unit,partner`: adds "
            "`facets` (value counts over every page of the filtered set). An unknown "
            "name is a 400 that lists the allowed ones.",
        ),
    ] = None,
) -> ListParams:
    """``async`` so FastAPI runs it on the event loop: no thread hop for parsing."""
    return ListParams(limit, decode_cursor(cursor), format, facets.split(",") if facets else None)


ListDep = Annotated[ListParams, Depends(list_params)]


def wants_csv(request: Request, params: ListParams) -> bool:
    """``format`` decides; without it, ``Accept`` (JSON unless CSV is preferred)."""
    if params.format is not None:
        return params.format == "csv"
    return choose(request.headers.get("accept"), LIST_MEDIA) == "text/csv"


def respond(
    request: Request, response: Response, params: ListParams, page: Page, model: type[T]
) -> ListOf[T] | Response:
    cursor = encode_cursor(page.next_key) if page.next_key is not None else None
    headers = {}
    if cursor is not None:
        url = request.url.include_query_params(cursor=cursor)
        headers["Link"] = f'<{url}>; rel="next"'
    # a page whose service left its items to be written here (``Page.writer``): already
    # the model's JSON, which CSV and the Pydantic path validate as they would any row
    written = page.writer() if page.writer is not None else None
    rows = written if written is not None else page.items
    if wants_csv(request, params):
        items = [model.model_validate(i) for i in rows]
        return Response(
            to_csv(items, model),
            media_type=CSV_MEDIA,
            headers={**headers, "Content-Disposition": 'inline; filename="masdar.csv"'},
        )
    if params.facets and page.facets is None:
        raise BadRequest(
            f"{request.url.path} has no facets.",
            errors=[{"in": "query", "name": "facets", "message": "this list has no facets"}],
        )
    build = fast_dumper(model)
    if build is not None and page.facets is None:  # the hot path: no per-item validation
        items_json = written if written is not None else [build(i) for i in rows]
        body = orjson.dumps({"items": items_json, "next_cursor": cursor})
        return Response(body, media_type="application/json", headers=headers)
    response.headers.update(headers)
    items = [model.model_validate(i) for i in rows]
    return ListOf[model](  # type: ignore[valid-type]
        items=items, next_cursor=cursor, facets=page.facets
    )


@functools.cache
def fast_dumper(model: type[BaseModel]) -> Callable[[Any], dict[str, Any]] | None:
    """``model``'s plain-dict builder (app/api/fastjson.py), or None to keep Pydantic."""
    try:
        return fastjson.dumper(model)
    except fastjson.Unsupported:
        return None


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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def defuse(cell: str) -> str:
    """A cell a spreadsheet will not run: one starting with ``= + - @``, tab or CR gets a
    leading ``'`` (OWASP's CSV-injection rule; spreadsheets show the text without it).
    A plain number (``-5``, ``+1.5e3``) is left alone: no spreadsheet runs a number."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


CITATION_COLUMNS = ("citation_sources", "citation_quotes", "citation_offsets")


def csv_columns(model: type[BaseModel]) -> list[str]:
    """The header row of ``model``'s CSV: its fields (as JSON names them), citations as
    three columns."""
    names = [info.serialization_alias or info.alias or n for n, info in model.model_fields.items()]
    return [c for name in names for c in (CITATION_COLUMNS if name == "citations" else (name,))]


def to_csv(items: Sequence[BaseModel], model: type[BaseModel]) -> bytes:
    """Flatten records for a spreadsheet; citations become source and quote columns.

    UTF-8 with a byte-order mark, so spreadsheet programs show Arabic intact. The header
    row comes from ``model``, so an empty page still has it. Every cell is text: ids such
    as ``000`` must be read as strings (``pandas.read_csv(..., dtype=str)``). Every cell
    passes :func:`defuse` (docs/operations.md: the JSON has the exact text).
    """
    rows = [i.model_dump(mode="json", by_alias=True) for i in items]
    columns = csv_columns(model)
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
        flat_rows.append({k: defuse(v) for k, v in flat.items()})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(flat_rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
