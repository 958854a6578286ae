"""The MCP tools: each one is a REST read (same service functions, same filters, same rate
limit), answered with the quotes an assistant needs to cite.

A tool's docstring is its description: the model reads it to decide when to call it, so
it says what the tool is for and what comes back, in the model's terms. Argument
constraints are those of the REST parameters (lengths, ranges, enums); a bad argument is
a tool error naming it (``app.mcp.server``).
"""

from __future__ import annotations

import importlib.util
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context
from pydantic import Field
from sqlmodel import Session

from app.api import deps
from app.api.deps import MAX_LIMIT, decode_cursor, encode_cursor
from app.api.v1.claims import ANNOTATION_MEDIA, CSL_MEDIA
from app.api.v1.conflicts import Kind as ConflictKind
from app.api.v1.conflicts import Severity
from app.api.v1.search import MAX_QUERY, NO_NUL, ResolveType, SearchType
from app.errors import BadRequest
from app.mcp.models import (
    CheckAnswer,
    Citation,
    CitedClaim,
    ConflictPage,
    FigurePage,
    HitPage,
    Passage,
    RecordResult,
)
from app.mcp.publish import publish
from app.mcp.reader import Reader
from app.models.conflict import ConflictClass
from app.models.qualifier import QualifierName
from app.models.search import Resolution
from app.services import cite as cite_service
from app.services import claims as claims_service
from app.services import conflicts as conflicts_service
from app.services import events as events_service
from app.services import factcheck, viewer
from app.services import figures as figures_service
from app.services import initiatives as initiatives_service
from app.services import partners as partners_service
from app.services import people as people_service
from app.services import resolve as resolve_service
from app.services import search as search_service
from app.services import sources as sources_service
from app.services.citations import RECORD_PATHS
from app.services.pages import Page

Row = dict[str, Any]
Ctx = Context[Any, Any]

RecordType = Literal[
    "figure", "fund", "target", "initiative", "partner", "person", "event", "source"
]
ROUTES = {**RECORD_PATHS, "fund": "/v1/funds/{}", "target": "/v1/targets/{}"}
"""The REST route of each record type: its rate limit is the tool's."""
GETTERS = {
    "figure": figures_service.get_figure,
    "fund": figures_service.get_fund,
    "target": figures_service.get_target,
    "initiative": initiatives_service.get_initiative,
    "partner": partners_service.get_partner,
    "person": people_service.get_person,
    "event": events_service.get_event,
    "source": sources_service.get_source,
}

Words = Annotated[str, Field(min_length=1, max_length=MAX_QUERY, pattern=NO_NUL)]
"""What ``/v1/search?q=`` and ``/v1/resolve?name=`` take."""
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Name = Annotated[Id | None, Field(description="An id or any alias.")]
"""A filter naming a record, as ``app.api.deps.Name``."""
Amount = Annotated[float | None, Field(ge=0, le=1e18, allow_inf_nan=False)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"Page size, 1–{MAX_LIMIT}.")]
Cursor = Annotated[
    str | None,
    Field(max_length=400, description="`next_cursor` of the previous page, for the next one."),
]
MAX_CONTEXT = 2000
MAX_CHECK = factcheck.MAX_CHARS
"""Longest text ``check_claim`` takes, in code points (a few paragraphs): what
``POST /v1/check`` takes."""


def _page(page: Page) -> str | None:
    return encode_cursor(page.next_key) if page.next_key is not None else None


FACTCHECK = "app.services.factcheck"
"""The fact-check service of ``POST /v1/check``; ``check_claim`` exists when it does."""


def has_factcheck() -> bool:
    return importlib.util.find_spec(FACTCHECK) is not None


def reader_of(ctx: Ctx) -> Reader:
    """The server's reader: its lifespan context (app.mcp.server)."""
    reader = ctx.request_context.lifespan_context
    assert isinstance(reader, Reader)
    return reader


async def search(
    ctx: Ctx,
    q: Annotated[
        Words, Field(description="Words to find, in Arabic, English or French; any spelling.")
    ],
    type: Annotated[SearchType | None, Field(description="Only hits of this type.")] = None,
    limit: Limit = 10,
    cursor: Cursor = None,
) -> HitPage:
    """Search masdar's knowledge base of Morocco's national AI strategy: names and
    aliases of organisations, initiatives, people and events, figures, and the text of
    the five Arabic articles it is built from. Numbers in any notation ("1.3 billion",
    "50,000", "خمسين ألف", "500MW") find the figures whose value they admit, first.
    Arabic-aware (diacritics, hamza forms, clitics, plurals and Latin transliterations
    do not matter: "Jazari", "الجزري" and "جزاري" find the same network); a misspelt
    name finds close names (`match: "fuzzy"`), and a query that finds nothing gets
    `did_you_mean`. Each hit gives a verbatim `snippet`, and for an article passage or
    quote its `source_id` and code-point offsets. A figure hit carries the whole figure
    (`figure`): value, unit, qualifier, basis and its quotes. Use `get_record` for the
    full record of any hit."""
    after = decode_cursor(cursor)

    def load(session: Session, base: str) -> HitPage:
        page, tips = search_service.search_or_suggest(
            session, q, type=type, after=after, limit=limit
        )
        if not page.items and after is None:  # as GET /v1/search answers
            return HitPage(items=[], did_you_mean=tips)
        fig_ids = [h["id"] for h in page.items if h["type"] == "figure"]
        figs: dict[str, Row] = {}
        if fig_ids:
            found = figures_service.list_figures(
                session, ids=fig_ids, after=None, limit=len(fig_ids)
            )
            figs = {f["id"]: f for f in found.items}
        hits = [
            {
                **h,
                "url": _hit_url(h),
                "figure": figs.get(h["id"]) if h["type"] == "figure" else None,
            }
            for h in page.items
        ]
        return HitPage.model_validate(
            {"items": publish(session, hits, base), "next_cursor": _page(page)}
        )

    return await reader_of(ctx).read(ctx, "/v1/search", load)


async def resolve(
    ctx: Ctx,
    name: Annotated[Words, Field(description="A name, in any script or spelling.")],
    type: Annotated[ResolveType | None, Field(description="Only records of this type.")] = None,
) -> Resolution:
    """Which record a name means: a partner (organisation), initiative, person or event.
    `resolved` is that record, or null when the name is unknown or ambiguous, and
    `candidates` lists every record whose names share a word with it, with the
    aliases that matched and the article that writes each spelling. Names that look
    alike are not always one entity: a bare family name shared by two people
    ("Seghrouchni": the minister Amal El Fallah Seghrouchni and Omar Seghrouchni of
    the CNDP; "Mezzour": Ghita and Ryad) stays ambiguous until a given name decides.
    Places are not records: use `search`."""

    def load(session: Session, base: str) -> Resolution:
        return Resolution.model_validate(resolve_service.resolve_name(session, name, type=type))

    return await reader_of(ctx).read(ctx, "/v1/resolve", load)


async def get_record(
    ctx: Ctx,
    type: Annotated[RecordType, Field(description="What kind of record `id` names.")],
    id: Annotated[Id, Field(description="The record's id, as other tools give it.")],
) -> RecordResult:
    """One record with everything masdar knows about it, each fact with its quotes:
    a `figure` (any numeric fact), a `fund` (money, with its components), a `target`
    (a goal or capacity, with its deadline), an `initiative` (programme, project,
    institution, with its partners and figures), a `partner` (organisation), a
    `person` (with roles), an `event` (with date and participants) or a `source` (an
    article, its full Arabic text). Every figure, nested ones too, carries value,
    unit, qualifier, basis, its quotes (source id, code-point offsets) and the URL
    that shows each quote highlighted in its article."""
    getter = GETTERS[type]

    def load(session: Session, base: str) -> RecordResult:
        row = publish(session, getter(session, id), base)
        if type == "source":
            row["page"] = f"{base}/sources/{row['id']}"
        return RecordResult.model_validate({"record": {**row, "type": type}})

    return await reader_of(ctx).read(ctx, ROUTES[type].format(id), load)


async def list_figures(
    ctx: Ctx,
    kind: Annotated[
        Literal["fund", "target"] | None,
        Field(description="fund: money; target: goals and capacities."),
    ] = None,
    unit: Annotated[
        Name, Field(description="ISO 4217 code for money (MAD, USD), else e.g. MW, jobs.")
    ] = None,
    source: Annotated[
        Name, Field(description="Only figures cited by this article (id 000-004).")
    ] = None,
    subject: Annotated[
        Name, Field(description="Only figures about this initiative (id or any alias).")
    ] = None,
    metric: Annotated[Name, Field(description="e.g. power_capacity, budget, jobs.")] = None,
    min: Annotated[Amount, Field(description="Smallest value, in base units.")] = None,
    max: Annotated[Amount, Field(description="Largest value, in base units.")] = None,
    qualifier: Annotated[
        Literal[QualifierName, Literal["none"]] | None,
        Field(
            description="The article's hedge (`more_than` excludes the number, `at_least` "
            "includes it); `none` for figures stated without one."
        ),
    ] = None,
    derived: Annotated[
        bool | None,
        Field(description="true: only figures masdar computed; false: only stated ones."),
    ] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> FigurePage:
    """Every numeric fact masdar holds (money, capacities, jobs, counts), filtered as
    `GET /v1/figures` filters them. Each figure gives `value` in base units (100 مليار
    درهم → 100000000000) and `unit` (an ISO 4217 code for money), `qualifier` (the
    article's hedge: approximate, at_least, more_than, up_to, less_than; null when stated
    plainly), `basis`
    (`article`: a quote states it; `computed`: masdar worked it out, see `formula` and
    `inputs`), its quotes with source ids and code-point offsets, the URL showing each
    quote highlighted, and `claim_id` (the same fact stated by other articles)."""
    after = decode_cursor(cursor)

    def load(session: Session, base: str) -> FigurePage:
        page = figures_service.list_figures(
            session,
            kind=kind,
            unit=unit,
            sources=deps.resolve(session, "source", source),
            subjects=deps.resolve(session, "initiative", subject),
            metric=metric,
            minimum=min,
            maximum=max,
            qualifier=qualifier,
            derived=derived,
            after=after,
            limit=limit,
        )
        return FigurePage.model_validate(
            {"items": publish(session, page.items, base), "next_cursor": _page(page)}
        )

    return await reader_of(ctx).read(ctx, "/v1/figures", load)


async def get_claim(
    ctx: Ctx,
    id: Annotated[
        Id,
        Field(
            description="A claim id, as figures give it in `claim_id` (subject:metric:value:unit)."
        ),
    ],
) -> CitedClaim:
    """One fact as the articles state it: every figure with the same subject, metric,
    unit and value, whatever its hedge, with all their quotes. `corroborated_by` is
    the number of distinct articles that state it (Dakhla's 500 MW: three)."""

    def load(session: Session, base: str) -> CitedClaim:
        return CitedClaim.model_validate(
            publish(session, claims_service.get_claim(session, id), base)
        )

    return await reader_of(ctx).read(ctx, f"/v1/claims/{id}", load)


async def list_conflicts(
    ctx: Ctx,
    kind: Annotated[
        ConflictKind | None, Field(description="Only this kind of disagreement.")
    ] = None,
    conflict_class: Annotated[
        ConflictClass | None,
        Field(description="Only this class (contradiction, rounding, stages, ...)."),
    ] = None,
    severity: Annotated[
        Severity | None, Field(description="The first version's coarser grouping of `class`.")
    ] = None,
    record: Annotated[Name, Field(description="Only conflicts involving this record id.")] = None,
    include_dismissed: Annotated[
        bool, Field(description="Also conflicts a curator dismissed.")
    ] = False,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> ConflictPage:
    """Where masdar's sources disagree, found by rules over the data: a total that is
    not the sum of its parts, the same figure with other values, hedges or units, one
    announcement credited to different people, dates apart, names spelled
    differently. Each conflict says what differs in `summary`, with every quote on both
    sides. Its `class` is masdar's judgment, with `reason` saying why in one sentence:
    `contradiction` only when both statements cannot be true; `rounding`,
    `different_hedges`, `loose_wording`, `stages` (announced, then launched),
    `different_times`, `different_actors`, `partial_list` and `spelling` say how both
    can hold. `review` is a curator's, when there is one. These are masdar's judgments,
    not the articles' words."""
    after = decode_cursor(cursor)

    def load(session: Session, base: str) -> ConflictPage:
        page = conflicts_service.list_conflicts(
            session,
            kind=kind,
            klass=conflict_class,
            severity=severity,
            record=record,
            include_dismissed=include_dismissed,
            after=after,
            limit=limit,
        )
        return ConflictPage.model_validate(
            {"items": publish(session, page.items, base), "next_cursor": _page(page)}
        )

    return await reader_of(ctx).read(ctx, "/v1/conflicts", load)


async def cite(
    ctx: Ctx,
    figure_id: Annotated[Id, Field(description="The figure's id.")],
    format: Annotated[
        Literal["text", "csl-json", "annotation"],
        Field(
            description="text: one line in English and one in Arabic; csl-json: items "
            "for reference managers; annotation: a W3C Web Annotation page."
        ),
    ] = "text",
) -> Citation:
    """A ready-made citation of a figure: the article(s), the verbatim quote and its
    offsets, as a line of text (English and Arabic), CSL-JSON or W3C Web Annotations
    (TextQuoteSelector and TextPositionSelector). Only metadata the sources state is
    written: a missing author, outlet or URL stays missing. A computed figure is cited
    through the figures it is computed from, and says so."""

    def load(session: Session, base: str) -> Citation:
        out: Row = {"format": format}
        if format == "csl-json":
            out |= {"media_type": CSL_MEDIA, "csl": cite_service.csl_json(session, figure_id)}
        elif format == "annotation":
            out |= {
                "media_type": ANNOTATION_MEDIA,
                "annotation": cite_service.annotation(session, figure_id, base_url=base),
            }
        else:
            en, ar = cite_service.text_lines(session, figure_id)
            out |= {"media_type": "text/plain; charset=utf-8", "text": f"{en}\n{ar}"}
        figure = figures_service.get_figure(session, figure_id)
        out["figure"] = publish(session, figure, base)
        return Citation.model_validate(out)

    return await reader_of(ctx).read(ctx, f"/v1/figures/{figure_id}/cite", load)


async def get_passage(
    ctx: Ctx,
    source_id: Annotated[Id, Field(description="The article's id (000-004).")],
    start: Annotated[int, Field(ge=0, description="Code-point offset of the passage's start.")],
    end: Annotated[int, Field(ge=1, description="Code-point offset just past its end.")],
    context: Annotated[
        int,
        Field(ge=0, le=MAX_CONTEXT, description="Code points of text to add on each side."),
    ] = 200,
) -> Passage:
    """The text of an article around a passage (a quote's `start`/`end`), so you can
    read a figure in its context before citing it, and masdar's quotes that overlap
    it. Offsets are code points into the article text: `text == article[start:end]`."""

    def load(session: Session, base: str) -> Passage:
        page = viewer.source_page(session, source_id)
        src = page["source"]
        text: str = src["text"]
        if end > len(text) or start >= end:
            raise BadRequest(
                f"start and end must satisfy 0 <= start < end <= {len(text)} "
                f"(the length of source {source_id!r}'s text); got {start} and {end}."
            )
        cites = [
            {**c, "record_url": base + c["link"] if c["link"] else None}
            for c in page["citations"]
            if c["start"] < end and c["end"] > start
        ]
        return Passage.model_validate(
            {
                "source_id": source_id,
                "title": src["title"],
                "start": start,
                "end": end,
                "text": text[start:end],
                "before": text[max(0, start - context) : start],
                "after": text[end : end + context],
                "length": len(text),
                "url": f"{base}/sources/{source_id}",
                "citations": publish(session, cites, base),
            }
        )

    return await reader_of(ctx).read(ctx, f"/v1/sources/{source_id}", load)


async def check_claim(
    ctx: Ctx,
    text: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_CHECK,
            pattern=NO_NUL,
            description="The sentence or paragraph to check, in Arabic or English.",
        ),
    ],
    lang: Annotated[
        Literal["ar", "en"] | None,
        Field(description="The text's language; left out, the script most letters are in."),
    ] = None,
) -> CheckAnswer:
    """Fact-check a sentence or paragraph against masdar (what `POST /v1/check` does):
    every figure-like statement in it (number, unit or currency, hedge, year), with
    `verdict` `supported` (an article states that subject, metric, unit and number, with a
    hedge the sentence's implies), `differs` (`differs_in` says what: subject, unit, value,
    hedge_dropped, hedge or year) or `not_found` (masdar holds nothing on it: not the
    same as false). Each statement gives `reading` (what masdar understood: value in base
    units, unit, hedge, year, the initiatives and partners named), `evidence` (the claims
    compared, with every figure's verbatim Arabic quotes, source ids, offsets and the URL
    showing each quote highlighted, `corroborated_by`, open conflicts), a one-line
    `explanation` (and `explanation_ar` for Arabic text) and `reason` (the rule: the
    verdict is masdar's judgment, `basis: inferred`). Numbers that are no figure (dates,
    ordinals, law numbers) are in `skipped` with why."""

    def load(session: Session, base: str) -> CheckAnswer:
        found = factcheck.check_text(session, text, lang=lang)
        return CheckAnswer.model_validate(publish(session, found, base))

    return await reader_of(ctx).read(ctx, "/v1/check", load)


def _hit_url(hit: Row) -> str:
    """A figure's or article's public page; other records' JSON resource."""
    if hit["type"] in ("figure", "source"):
        return f"/{hit['type']}s/{hit['id']}"
    return ROUTES[hit["type"]].format(hit["id"])
