from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import Name, read, resolve
from app.api.linked import JSONLD_RESPONSE, negotiate
from app.api.lists import ListDep, ListOf, respond
from app.api.responses import BAD_QUERY, NOT_FOUND
from app.api.versions import report_version
from app.models.public import CitationDetail, FigurePublic, FundPublic, TargetPublic
from app.models.qualifier import QualifierName
from app.services import citations as citations_service
from app.services import figures as service

router = APIRouter()

Amount = Annotated[float | None, Query(ge=0, le=1e18, allow_inf_nan=False)]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Currency = Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. MAD")]


@router.get(
    "/figures",
    responses=BAD_QUERY,
    tags=["figures"],
    summary="Every numeric fact, with its citations",
)
async def list_figures(
    request: Request,
    response: Response,
    params: ListDep,
    kind: Annotated[Literal["fund", "target"] | None, Query()] = None,
    unit: Name = None,
    source: Name = None,
    subject: Name = None,
    metric: Name = None,
    min: Amount = None,
    max: Amount = None,
    qualifier: Annotated[
        Literal[QualifierName, Literal["none"]] | None,
        Query(
            description="a hedge (`more_than` excludes the number, `at_least` includes it; "
            "see docs/trust.md); `none` for figures stated without a hedge"
        ),
    ] = None,
    derived: bool | None = None,
) -> ListOf[FigurePublic]:
    """`value` is in base units (100 مليار درهم → 100000000000) and `unit` is an ISO 4217
    code for money. `subject` and `source` accept an id or any alias."""
    page = await read(
        request,
        lambda session: service.list_figures(
            session,
            kind=kind,
            unit=unit,
            sources=resolve(session, "source", source),
            subjects=resolve(session, "initiative", subject, "subject"),
            metric=metric,
            minimum=min,
            maximum=max,
            qualifier=qualifier,
            derived=derived,
            after=params.after,
            limit=params.limit,
            facets=params.facets,
        ),
    )
    return respond(request, response, params, page, FigurePublic)  # type: ignore[return-value]


@router.get(
    "/figures/{figure_id}",
    responses={**NOT_FOUND, **JSONLD_RESPONSE},
    tags=["figures"],
    summary="One figure",
)
async def get_figure(figure_id: str, request: Request, response: Response) -> FigurePublic:
    row = await read(request, lambda session: service.get_figure(session, figure_id))
    report_version(response, row)
    if (linked := negotiate(request, "figure", row)) is not None:
        return linked  # type: ignore[return-value]
    return FigurePublic.model_validate(row)


@router.get("/funds", responses=BAD_QUERY, tags=["funds"], summary="Money, with components")
async def list_funds(
    request: Request,
    response: Response,
    params: ListDep,
    currency: Currency = None,
    min_amount: Amount = None,
    max_amount: Amount = None,
    year: Year = None,
    partner: Name = None,
    source: Name = None,
) -> ListOf[FundPublic]:
    """`year` keeps funds whose period includes that year; `partner` (id or alias) keeps
    funds the partner gives or whose initiative it takes part in."""
    page = await read(
        request,
        lambda session: service.list_funds(
            session,
            currency=currency,
            min_amount=min_amount,
            max_amount=max_amount,
            year=year,
            partners=resolve(session, "partner", partner),
            sources=resolve(session, "source", source),
            after=params.after,
            limit=params.limit,
            facets=params.facets,
        ),
    )
    return respond(request, response, params, page, FundPublic)  # type: ignore[return-value]


@router.get(
    "/funds/{fund_id}",
    responses={**NOT_FOUND, **JSONLD_RESPONSE},
    tags=["funds"],
    summary="One fund",
)
async def get_fund(fund_id: str, request: Request, response: Response) -> FundPublic:
    row = await read(request, lambda session: service.get_fund(session, fund_id))
    report_version(response, row)
    if (linked := negotiate(request, "fund", row)) is not None:
        return linked  # type: ignore[return-value]
    return FundPublic.model_validate(row)


@router.get(
    "/targets", responses=BAD_QUERY, tags=["targets"], summary="Goals, capacities and counts"
)
async def list_targets(
    request: Request,
    response: Response,
    params: ListDep,
    metric: Name = None,
    unit: Name = None,
    year: Year = None,
    due_by: Annotated[
        int | None, Query(ge=1900, le=2100, description="deadline year at most this")
    ] = None,
    initiative: Name = None,
    source: Name = None,
) -> ListOf[TargetPublic]:
    page = await read(
        request,
        lambda session: service.list_targets(
            session,
            metric=metric,
            unit=unit,
            year=year,
            due_by=due_by,
            subjects=resolve(session, "initiative", initiative),
            sources=resolve(session, "source", source),
            after=params.after,
            limit=params.limit,
            facets=params.facets,
        ),
    )
    return respond(request, response, params, page, TargetPublic)  # type: ignore[return-value]


@router.get(
    "/targets/{target_id}",
    responses={**NOT_FOUND, **JSONLD_RESPONSE},
    tags=["targets"],
    summary="One target",
)
async def get_target(target_id: str, request: Request, response: Response) -> TargetPublic:
    row = await read(request, lambda session: service.get_target(session, target_id))
    report_version(response, row)
    if (linked := negotiate(request, "target", row)) is not None:
        return linked  # type: ignore[return-value]
    return TargetPublic.model_validate(row)


@router.get(
    "/citations/{citation_id}",
    responses=NOT_FOUND,
    tags=["citations"],
    summary="A citation with its source and the record it supports",
)
async def get_citation(citation_id: str, request: Request) -> CitationDetail:
    row = await read(request, lambda session: citations_service.get_citation(session, citation_id))
    return CitationDetail.model_validate(row)
