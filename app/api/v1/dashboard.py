"""Dashboard endpoints: aggregates, the timeline and the whole graph as JSON-LD."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import public_base, read
from app.api.linked import JSONLD_MEDIA, jsonld_response
from app.api.openapi import component
from app.api.responses import BAD_QUERY
from app.models.dashboard import StatsPublic, TimelinePublic
from app.models.exports import LinkedGraph
from app.services import jsonld as jsonld_service
from app.services import stats as stats_service
from app.services import timeline as timeline_service
from app.services.basis import STATED_ONLY

router = APIRouter()

EntryType = Literal["event", "target_deadline", "fund_period_start", "fund_period_end"]


@router.get(
    "/stats",
    response_model=None,
    responses={**BAD_QUERY, 200: {"model": StatsPublic}},
    tags=["dashboard"],
    summary="Totals and counts, by currency, partner, country, kind, region, year, source",
)
async def get_stats(request: Request) -> dict[str, Any]:
    """Every sum is masdar's computation (`total_basis: computed`), never an article's
    figure: `adds` lists exactly what it adds and `overlap` whether the articles keep the
    amounts apart. With `overlap: unknown` (11 bn MAD in 002 and 1.3 bn MAD in 003; the
    10 bn USD plan and Oracle's 140 M USD in 003) the sum is not a budget: `total` is null,
    the arithmetic is `sum_if_separate`, `total_withheld_because` says why and
    `double_counts` is null (unknown). Money is summed per currency (MAD and USD are never
    added). The unit of counting is the claim: a value stated by several articles counts
    once. Derived figures, fund components and per-month rates are shown apart, never
    added. Every quote is a citation with its offsets into the article. The rules are in
    `rules`."""
    return await read(request, stats_service.stats)


@router.get(
    "/timeline",
    response_model=None,
    responses={**BAD_QUERY, 200: {"model": TimelinePublic}},
    tags=["dashboard"],
    summary="Events, deadlines and fund periods in order, each cited",
)
async def get_timeline(
    request: Request,
    from_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    to_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    type: Annotated[EntryType | None, Query(description="only this kind of entry")] = None,
) -> dict[str, Any]:
    """`date` is as precise as the article allows (`date_precision`: day, month,
    mid_year, year), with its basis: `article`, or `inferred` and `date_inferred_from`
    naming the words and the page date it rests on. `date_text_ar` is what the article
    writes. Events no article dates, or only a weekday does, are under `undated`.
    `earliest`/`latest` bound every entry, each with its own `_basis` and
    `_inferred_from`; a null value has a null basis. `title_ar` is Arabic an article of
    the entry writes (`title_ar_source`), never another record's name."""
    stated = STATED_ONLY.get()
    return await read(
        request,
        lambda session: timeline_service.timeline(
            session,
            from_year=from_year,
            to_year=to_year,
            types=[type] if type else None,
            stated_only=stated,
        ),
    )


@router.get(
    "/export.jsonld",
    tags=["dashboard"],
    response_class=Response,
    responses={200: {"content": {JSONLD_MEDIA: {"schema": component(LinkedGraph)}}}},
    summary="The whole knowledge base as one JSON-LD @graph (schema.org)",
)
async def export_jsonld(request: Request) -> Response:
    """Sources (CreativeWork, with their text), partners (Organization), people (Person),
    initiatives (Project), events (Event), figures (Claim, with Quotation appearances),
    funds (MonetaryAmount) and targets (QuantitativeValue). Every `@id` is an absolute IRI
    under the public base URL (`MASDAR_PUBLIC_URL`, else this request's)."""
    base = public_base(request)
    graph = await read(request, lambda session: jsonld_service.graph(session, base=base))
    return jsonld_response(graph)
