"""Conflicts: where the sources disagree, as masdar's rules class it, and curators' reviews.

Reads are public. A review (confirm, reclassify, dismiss) needs a curator key and
``If-Match`` with the conflict's version (``W/"v0"`` before its first review).
"""

# no ``from __future__ import annotations``: FastAPI reads the Body model's real class

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session

from app.api.auth import CuratorDep, KeyFirst
from app.api.deps import Name, read, write
from app.api.lists import ListDep, ListOf, respond
from app.api.responses import BAD_QUERY, NOT_FOUND
from app.api.v1.curation import WRITE_ERRORS
from app.api.versions import IfMatch, etag, report_version
from app.caching import bump_data_version
from app.models import writes as w
from app.models.conflict import CLASSES, ConflictClass, ConflictReviewIn
from app.models.journalist import ConflictClassPublic, ConflictPublic
from app.services import conflicts as service

router = APIRouter(route_class=KeyFirst)

Kind = Literal[
    "sum_mismatch",
    "value_mismatch",
    "qualifier_mismatch",
    "unit_mismatch",
    "spelling",
    "date_mismatch",
    "announcer_mismatch",
]
Severity = Literal["rounding", "compatible", "informational", "contradiction"]
Status = Literal["proposed", "confirmed", "reclassified", "dismissed"]


@router.get(
    "/conflicts",
    responses=BAD_QUERY,
    tags=["conflicts"],
    summary="Where the sources disagree, found by rules and classed with care",
)
async def list_conflicts(
    request: Request,
    response: Response,
    params: ListDep,
    kind: Annotated[Kind | None, Query(description="the rule that found it")] = None,
    conflict_class: Annotated[
        ConflictClass | None,
        Query(alias="class", description="masdar's class (GET /v1/conflicts/classes)"),
    ] = None,
    severity: Annotated[
        Severity | None, Query(description="the first version's coarser grouping of `class`")
    ] = None,
    status: Annotated[Status | None, Query(description="proposed by a rule, or reviewed")] = None,
    record: Annotated[Name, Query(description="only conflicts involving this record id")] = None,
    include_dismissed: Annotated[
        bool, Query(description="also list conflicts a curator dismissed")
    ] = False,
) -> ListOf[ConflictPublic]:
    """Computed from the data on every request, never listed by hand. Each conflict has a
    `class` from a small written vocabulary (`GET /v1/conflicts/classes`): `contradiction`
    only when both statements cannot be true; `rounding`, `different_hedges`,
    `loose_wording`, `stages`, `different_times`, `different_actors`, `partial_list` and
    `spelling` say how two statements can both hold. `reason` says why, in one sentence.
    A curator's review (`review`) may confirm, reclassify or dismiss it: `class` is then
    the curator's and `rule_class` stays the rule's. Dismissed conflicts are left out
    unless `include_dismissed=true` (or `status=dismissed`)."""
    page = await read(
        request,
        lambda session: service.list_conflicts(
            session,
            kind=kind,
            klass=conflict_class,
            severity=severity,
            status=status,
            record=record,
            include_dismissed=include_dismissed,
            after=params.after,
            limit=params.limit,
        ),
    )
    return respond(request, response, params, page, ConflictPublic)  # type: ignore[return-value]


@router.get(
    "/conflicts/classes",
    tags=["conflicts"],
    summary="The conflict classes and their definitions",
)
async def conflict_classes() -> ListOf[ConflictClassPublic]:
    """The vocabulary a rule or a curator classes a conflict with (docs/trust.md), in the
    list envelope of every collection (one page: the vocabulary is small)."""
    return ListOf[ConflictClassPublic](
        items=[ConflictClassPublic(id=k, definition=v) for k, v in CLASSES.items()]
    )


@router.get(
    "/conflicts/{conflict_id}", responses=NOT_FOUND, tags=["conflicts"], summary="One conflict"
)
async def get_conflict(conflict_id: str, request: Request, response: Response) -> ConflictPublic:
    """A dismissed conflict too: its link keeps working. The ETag carries its version
    (the `If-Match` of a review)."""
    row = await read(request, lambda session: service.get_conflict(session, conflict_id))
    report_version(response, row)
    return ConflictPublic.model_validate(row)


@router.put(
    "/conflicts/{conflict_id}/review",
    responses={
        **WRITE_ERRORS,
        404: WRITE_ERRORS[404],
        422: {
            **WRITE_ERRORS[422],
            "description": "Invalid body: an unknown class (the allowed ones are listed), "
            "`class` without `reclassify`, a missing note, a quote not verbatim",
        },
    },
    tags=["conflicts"],
    summary="Review a conflict: confirm, reclassify or dismiss it (curator; If-Match)",
    response_model=ConflictPublic,
)
async def review_conflict(
    conflict_id: str,
    request: Request,
    actor: CuratorDep,
    expected: IfMatch,
    body: ConflictReviewIn,
) -> JSONResponse:
    """`confirm` keeps the rule's class, `reclassify` gives another (`class`), `dismiss`
    says it is no conflict; each with a `note` saying why and, where a quote shows it,
    `citations` (verified like every citation). The first review needs `If-Match: "v0"`.
    The answer is the conflict as a GET shows it now."""

    def run(session: Session) -> JSONResponse:
        data_version, version = service.review(session, actor, conflict_id, expected, body)
        bump_data_version(request.app, data_version)
        row = service.get_conflict(session, conflict_id)
        body_out = ConflictPublic.model_validate(row).model_dump(mode="json", by_alias=True)
        return JSONResponse(body_out, headers={"ETag": etag(version)})

    return await write(request, run)


@router.get(
    "/conflicts/{conflict_id}/history",
    responses=NOT_FOUND,
    tags=["conflicts"],
    response_model=ListOf[w.RevisionPublic],
    summary="Every review of this conflict, oldest first",
)
async def conflict_history(
    conflict_id: str, request: Request, response: Response, params: ListDep
) -> ListOf[w.RevisionPublic] | Response:
    """Who reviewed it, when, what they decided (`after`), and what it replaced
    (`before`); a dismissed conflict's reviews stay here."""
    page = await read(
        request,
        lambda session: service.history(
            session, conflict_id, after=params.after, limit=params.limit
        ),
    )
    return respond(request, response, params, page, w.RevisionPublic)
