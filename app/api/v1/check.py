"""``/v1/check``: fact-check a sentence or a paragraph against masdar's cited figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import read
from app.api.responses import BAD_QUERY, _problem
from app.api.v1.search import NO_NUL
from app.models.check import CheckRequest, CheckResult, Lang
from app.services import factcheck

router = APIRouter(tags=["check"])

CHECK_DOC = f"""Check every figure-like statement of a text (a number with its unit or currency,
hedge and year; digits in any script or number words; Arabic or English) against the
claims masdar holds. For each statement:

- `span`: where it is in the text sent (code-point offsets) and its words;
- `reading`: what masdar understood (value in base units, unit, what is counted, hedge,
  year, and the initiatives and partners named near it);
- `verdict`: `supported` (a claim with that subject, metric, unit and number, an
  article's hedge inside the sentence's), `differs` (`differs_in` says what: `subject`,
  `unit`, `value`, `hedge_dropped`, `hedge`, `year`) or `not_found` (masdar holds nothing
  on it: **not found is not false**). The verdict is masdar's judgment (`basis:
  inferred`): `reason` names the rule, and `unchecked` what the articles do not say;
- `evidence`: the claims compared, each with its figures, their verbatim Arabic quotes
  (source ids, offsets, links to the highlighted quote), `corroborated_by` and the open
  conflicts on it;
- `explanation`: one plain line in English, and in Arabic (`explanation_ar`) when the
  text is Arabic.

Numbers that are no figure (dates, years, ordinals, law numbers…) are listed in
`skipped` with why. Up to {factcheck.MAX_CHARS:,} characters (longer: 413). A check is a
read: nothing is stored; rate-limited like search; the answer is kept in memory by the
text's SHA-256 until the data changes. A text with no number answers 200 with no
statements and a `note`."""

CHECK_ERRORS: dict[int | str, dict[str, Any]] = {
    **BAD_QUERY,
    413: _problem(
        f"The text is longer than {factcheck.MAX_CHARS:,} characters, or the body than "
        "MASDAR_MAX_BODY_BYTES"
    ),
    422: _problem(
        "The text is empty, holds a NUL or an unpaired surrogate, or `lang` is not `ar` or `en`"
    ),
}


@router.post(
    "/check",
    responses=CHECK_ERRORS,
    summary="Fact-check a sentence or a paragraph",
    description=CHECK_DOC,
)
async def check(request: Request, response: Response, body: CheckRequest) -> CheckResult:
    found = await read(
        request, lambda session: factcheck.check_text(session, body.text, lang=body.lang)
    )
    response.headers["Cache-Control"] = "no-store"  # the text sent may be a draft
    return CheckResult.model_validate(found)


@router.get(
    "/check",
    responses=CHECK_ERRORS,
    summary="Fact-check a short text given in the query",
    description="`POST /v1/check` for a text short enough for a URL (the same answer).\n\n"
    + CHECK_DOC,
)
async def check_query(
    request: Request,
    text: Annotated[
        str,
        Query(min_length=1, pattern=NO_NUL, description="The sentence or paragraph to check."),
    ],
    lang: Annotated[
        Lang | None,
        Query(description="`ar` or `en`; left out, the script most of its letters are in."),
    ] = None,
) -> CheckResult:
    found = await read(request, lambda session: factcheck.check_text(session, text, lang=lang))
    return CheckResult.model_validate(found)
