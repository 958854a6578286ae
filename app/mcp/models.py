"""What the MCP tools answer: the REST schemas, with what an assistant needs to cite.

Each model subclasses the REST model of the same record, so the fields mean what the API
reference says, and adds:

- ``url`` on every quote: the public page of its article with the quote highlighted
  (``/sources/{source_id}#citation-{id}``);
- ``basis`` and the quotes (``citations``) on every figure, nested ones included: a model
  reading a fund's components or an initiative's figures can cite each without another
  call;
- absolute URLs (the public base URL, or the request's) where REST writes paths;
- ``type`` on every record, so ``get_record``'s answer says which schema it follows.

:func:`app.mcp.publish.publish` fills the data in; these models only describe it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from app.models.check import CheckResult
from app.models.citation import CitationPublic
from app.models.journalist import (
    AttributedCitation,
    ClaimFigure,
    ClaimPublic,
    ConflictPublic,
    ConflictValue,
)
from app.models.public import (
    EventInitiativePublic,
    EventPublic,
    FigureInputRef,
    FigurePublic,
    FigureRef,
    FundPublic,
    InitiativeLink,
    InitiativePublic,
    ParticipantPublic,
    PartnerLink,
    PartnerPublic,
    PersonPublic,
    RolePublic,
    TargetPublic,
)
from app.models.search import SearchHit, SearchPage
from app.models.source import SourcePublic

Basis = Annotated[
    str,
    Field(
        description="Where the value comes from: `article` (a quote states it) or "
        "`computed` (masdar worked it out from other figures: see `formula` and `inputs`)."
    ),
]


class Quote(CitationPublic):
    """A verbatim quote: ``source.text[start:end] == quote`` (code points)."""

    url: str
    """The article's public page with this quote highlighted."""


class AttributedQuote(AttributedCitation):
    url: str
    """The article's public page with this quote highlighted."""


class CitedFigureRef(FigureRef):
    """A figure named inside another record, with its basis and its own quotes (none for a
    computed figure: its quotes are its inputs')."""

    basis: Basis
    citations: list[Quote] = []
    url: str
    """The figure's public page (its quotes, claim and conflicts)."""


class CitedInput(FigureInputRef):
    basis: Basis
    citations: list[Quote] = []
    url: str


class CitedFigure(FigurePublic):
    """A figure: ``value`` in base units (100 مليار درهم → 100000000000), ``unit`` an ISO 4217
    code for money, ``qualifier`` the article's hedge (null: stated without one)."""

    type: Literal["figure"] = "figure"
    basis: Basis
    citations: list[Quote]
    inputs: list[CitedInput] = []


class CitedFund(FundPublic):
    type: Literal["fund"] = "fund"
    basis: Basis
    citations: list[Quote]
    parent: CitedFigureRef | None = None
    components: list[CitedFigureRef]
    inputs: list[CitedFigureRef] = []
    url: str


class CitedTarget(TargetPublic):
    type: Literal["target"] = "target"
    basis: Basis
    citations: list[Quote]
    inputs: list[CitedFigureRef] = []
    url: str


class QuotedPartnerLink(PartnerLink):
    citations: list[Quote]


class CitedInitiative(InitiativePublic):
    type: Literal["initiative"] = "initiative"
    partners: list[QuotedPartnerLink]
    figures: list[CitedFigureRef]
    citations: list[Quote]


class QuotedInitiativeLink(InitiativeLink):
    citations: list[Quote]


class CitedPartner(PartnerPublic):
    type: Literal["partner"] = "partner"
    initiatives: list[QuotedInitiativeLink]
    citations: list[Quote]


class QuotedRole(RolePublic):
    citations: list[Quote]


class CitedPerson(PersonPublic):
    type: Literal["person"] = "person"
    roles: list[QuotedRole]
    citations: list[Quote]


class QuotedParticipant(ParticipantPublic):
    citations: list[Quote]


class QuotedEventInitiative(EventInitiativePublic):
    citations: list[Quote]


class CitedEvent(EventPublic):
    type: Literal["event"] = "event"
    participants: list[QuotedParticipant]
    initiatives: list[QuotedEventInitiative]
    citations: list[Quote]


class CitedSource(SourcePublic):
    """An article: ``text`` verbatim; every offset masdar gives is a code point into it."""

    type: Literal["source"] = "source"
    page: str
    """The article's public page, every cited quote highlighted."""


Record = Annotated[
    CitedFigure
    | CitedFund
    | CitedTarget
    | CitedInitiative
    | CitedPartner
    | CitedPerson
    | CitedEvent
    | CitedSource,
    Field(discriminator="type"),
]


class RecordResult(BaseModel):
    record: Record


class FigurePage(BaseModel):
    items: list[CitedFigure]
    next_cursor: str | None = None
    """Pass back as `cursor` for the next page; null on the last page."""


class Hit(SearchHit):
    url: str
    """The record's public page (figures, sources) or JSON resource (other records)."""
    figure: CitedFigure | None = None
    """For a figure hit: the figure, with its value, basis and quotes."""


class HitPage(SearchPage):
    """Search hits; ``did_you_mean``: the names closest to a query that found nothing."""

    items: list[Hit]


class CitedClaimFigure(ClaimFigure):
    basis: Basis
    citations: list[Quote]


class CitedClaim(ClaimPublic):
    figures: list[CitedClaimFigure]
    citations: list[AttributedQuote]


class CitedConflictValue(ConflictValue):
    basis: Basis | None = None
    """For a figure's value; null for other records (a name, a date)."""


class CitedConflict(ConflictPublic):
    values: list[CitedConflictValue]
    citations: list[AttributedQuote]


class ConflictPage(BaseModel):
    items: list[CitedConflict]
    next_cursor: str | None = None
    """Pass back as `cursor` for the next page; null on the last page."""


class Citation(BaseModel):
    format: Literal["text", "csl-json", "annotation"]
    media_type: str
    """What REST's ``GET /v1/figures/{id}/cite`` sends it as."""
    text: str | None = None
    """``text``: one line in English, then one in Arabic."""
    csl: list[dict[str, Any]] | None = None
    """``csl-json``: CSL-JSON items, one per article (unknown metadata absent, never guessed)."""
    annotation: dict[str, Any] | None = None
    """``annotation``: a W3C Web Annotation page, one annotation per quote."""
    figure: CitedFigure


class PassageCitation(Quote):
    record_type: str
    record_id: str
    record_url: str | None = None
    """Where the record this quote supports is shown."""


class Passage(BaseModel):
    """``text == article[start:end]``; ``before`` and ``after`` are the ``context`` code points
    around it (fewer at the article's edges)."""

    source_id: str
    title: str | None = None
    start: int
    end: int
    text: str
    before: str
    after: str
    length: int
    """The article's length in code points."""
    url: str
    """The article's public page, every cited quote highlighted."""
    citations: list[PassageCitation]
    """masdar's quotes that overlap the passage, and the records they support."""


class CheckAnswer(CheckResult):
    """What ``POST /v1/check`` answers, every URL absolute (a quote's: its article's page
    with the quote highlighted; a figure's: its page; a claim's and a conflict's: JSON)."""
