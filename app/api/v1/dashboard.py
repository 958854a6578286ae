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
    """Money is totalled per currency (MAD and USD are never added). The unit of counting
    is the claim: a value stated by several articles counts once, and every total lists
    the claims and `figure_ids` behind it with `double_counts: false`. Derived figures,
    fund components and per-month rates are shown apart, never added. The rules are in
    the response's `rules`."""
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
    """`date` is as precise as the article allows (`date_precision`: day, month, week,
    mid_year, year, not_after) and `date_text_ar` is what it writes. Events no article
    dates are under `undated`."""
    return await read(
        request,
        lambda session: timeline_service.timeline(
            session, from_year=from_year, to_year=to_year, types=[type] if type else None
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
