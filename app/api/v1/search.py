"""``/v1/search`` and ``/v1/resolve``: Arabic-aware, alias-aware lookups."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session

from app.api.deps import read
from app.api.lists import ListDep, respond, wants_csv
from app.api.responses import BAD_QUERY
from app.models.search import Resolution, SearchHit, SearchPage, Suggestion
from app.services import resolve as resolving
from app.services import search as service
from app.services.pages import Page

router = APIRouter(tags=["search"])

MAX_QUERY = 200
NO_NUL = "^[^\x00]*$"

SearchType = Literal["partner", "initiative", "person", "event", "figure", "source"]
ResolveType = Literal["partner", "initiative", "person", "event"]

SEARCH_DOC = """Search names, aliases, descriptions, figures and the article texts.

**Numbers, in any notation** (`50000`, `50,000`, `١٢`, `خمسين ألف`, `عشرة مليارات`,
`مليارين`, `100 billion`, `1.3 bn`, `$140m`, `500MW`), with or without a unit or
currency (dirhams, درهم, USD, دولار, MW, ميغاواط, jobs, وظيفة): figures whose value
the number admits come first (`match: "value"`), tolerant of the precision typed
(`1.3 billion` admits 1.25 to 1.35 bn: the 1.3 bn MAD fund, whose hit says that
its components sum to 1.27 bn, and that sum). A bare `50` also finds `50 ألف`.
See `value_match`.

**Words in any form**: Arabic clitics, suffixes and broken plurals (`وظائف` finds
`وظيفة`, `مراكز` finds `مركز`), English stems and British/American spellings
(`data centers` finds "data centre"). Diacritics, tatweel, hamza and quotation
marks are ignored, alef forms, ى/ي and ة/ه folded, Arabic-Indic digits equal
ASCII digits. A query that is exactly a name or alias also finds article passages
that use the record's other spellings ("Jazari" → «الجزري»).

**Names spelt otherwise** (`صغروشني`, `Segrouchni`, `Mezour`): when no name matches,
names close to the query are hits with `match: "fuzzy"` and a `similarity`; a
query with no hit at all answers `did_you_mean`.

Ranked (value, exact name or alias, name prefix, other name match, fuzzy name,
text about a record, article passage) and paginated by cursor. A query with no
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
) -> SearchPage:
    def run(session: Session) -> tuple[Page, list[dict[str, Any]]]:
        return service.search_or_suggest(
            session, q, type=type, after=params.after, limit=params.limit
        )

    page, tips = await read(request, run)
    if tips and not wants_csv(request, params):
        return SearchPage(items=[], did_you_mean=[Suggestion.model_validate(t) for t in tips])
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
