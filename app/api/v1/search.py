"""``/v1/search`` and ``/v1/resolve``: Arabic-aware, alias-aware lookups."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import read
from app.api.lists import ListDep, ListOf, respond
from app.api.responses import BAD_QUERY
from app.models.search import Resolution, SearchHit
from app.services import resolve as resolving
from app.services import search as service

router = APIRouter(tags=["search"])

MAX_QUERY = 200
NO_NUL = "^[^\x00]*$"

SearchType = Literal["partner", "initiative", "person", "event", "figure", "source"]
ResolveType = Literal["partner", "initiative", "person", "event"]

SEARCH_DOC = """Search names, aliases, descriptions, figures and the article texts.

Arabic-aware: diacritics, tatweel, hamza and quotation marks are ignored, alef
forms, ى/ي and ة/ه are folded, Arabic-Indic digits equal ASCII digits, and a
leading definite article (with و ف ب ك ل) does not matter. Every query word must
match the start of a word. A query that is exactly a name or alias also finds
article passages that use the record's other spellings ("Jazari" → «الجزري»).
Results are ranked (exact name or alias, name prefix, other name match, text
about a record, article passage) and paginated by cursor. A query with no
letters or digits returns no hits."""


@router.get(
    "/search",
    responses=BAD_QUERY,
    summary="Search everything, in any script",
    description=SEARCH_DOC,
)
async def search(
    request: Request,
    response: Response,
    params: ListDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY,
            pattern=NO_NUL,
            description="What to find.",
        ),
    ],
    type: Annotated[SearchType | None, Query(description="Only hits of this type.")] = None,
) -> ListOf[SearchHit]:
    page = await read(
        request,
        lambda session: service.search(
            session, q, type=type, after=params.after, limit=params.limit
        ),
    )
    return respond(request, response, params, page, SearchHit)  # type: ignore[return-value]


@router.get("/resolve", responses=BAD_QUERY, summary="Which record a name refers to")
async def resolve(
    request: Request,
    name: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY,
            pattern=NO_NUL,
            description="A name, any spelling.",
        ),
    ],
    type: Annotated[ResolveType | None, Query(description="Only records of this type.")] = None,
) -> Resolution:
    """Resolve a name, in any script or spelling, to a partner, initiative, person or event.

    ``resolved`` is null when nothing or several records match; ``candidates``
    lists every record sharing a word with the name, with the aliases that
    matched (and the article that writes each spelling). A family name shared
    by several people is ambiguous until a given name decides. Places are not
    records: search finds them in initiative and event fields."""
    found = await read(request, lambda session: resolving.resolve_name(session, name, type=type))
    return Resolution.model_validate(found)
