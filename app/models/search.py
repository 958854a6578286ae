"""The search index: one row per searchable piece of text, keyed by its normalised form.

Rows are derived data: the seeder deletes and rebuilds them in the seed
transaction (``app.search.index.rebuild``). On SQLite an FTS5 table
``search_fts`` (external content, created by migration 0002, not in this
metadata) indexes ``text_key``; on PostgreSQL the GIN ``gin_trgm_ops`` index
below do (one over every row, one over the record tiers only).
"""

from __future__ import annotations

from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import CheckConstraint, Index, Text, text
from sqlmodel import Field, SQLModel

from app.models.base import omitted_when_none
from app.models.public import Out

TEXT_KEY_INDEX = "ix_search_doc_text_key"
RECORD_KEY_INDEX = "ix_search_doc_record_text_key"
NO_SQLITE = text("0")
"""``sqlite_where`` of the stem-key indexes: SQLite asks FTS5; a b-tree would be dead weight."""


class SearchDoc(SQLModel, table=True):
    """A name, alias, description, citation quote or article passage, ready to match.

    ``text`` is the original text; ``text_key`` is ``name_key(text)``, ``stem_key``
    the stem keys of its words. For an
    article passage (``field == "text"``) and a citation quote
    (``field == "quote"``), ``start``/``end`` are code-point offsets into
    ``Source.text`` with ``source.text[start:end] == text``. ``tier`` is the
    field's rank class: 0 for names and aliases, 1 for other text about a
    record, 2 for article passages.
    """

    __tablename__ = "search_doc"
    __table_args__ = (
        CheckConstraint("tier IN (0, 1, 2)", name="tier"),
        CheckConstraint('start IS NULL OR "end" >= start', name="span"),
        Index("ix_search_doc_record", "record_type", "record_id"),
        Index(
            TEXT_KEY_INDEX,
            "text_key",
            postgresql_using="gin",
            postgresql_ops={"text_key": "gin_trgm_ops"},
        ),
        # Names and text about records only (tier < 2): on PostgreSQL the record
        # query need not wade through article passages; on SQLite a b-tree for
        # exact name lookups.
        Index(
            RECORD_KEY_INDEX,
            "text_key",
            postgresql_using="gin",
            postgresql_ops={"text_key": "gin_trgm_ops"},
            postgresql_where=text("tier < 2"),
            sqlite_where=text("tier < 2"),
        ),
        Index(
            "ix_search_doc_stem_key",
            "stem_key",
            postgresql_using="gin",
            postgresql_ops={"stem_key": "gin_trgm_ops"},
            sqlite_where=NO_SQLITE,
        ),
        Index(
            "ix_search_doc_record_stem_key",
            "stem_key",
            postgresql_using="gin",
            postgresql_ops={"stem_key": "gin_trgm_ops"},
            postgresql_where=text("tier < 2"),
            sqlite_where=NO_SQLITE,
        ),
    )
    id: int = Field(primary_key=True)
    record_type: str = Field(max_length=30)
    record_id: str = Field(max_length=200)
    field: str = Field(max_length=30)
    tier: int
    text: str = Field(sa_type=Text)
    text_key: str = Field(sa_type=Text)
    stem_key: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    """The stem keys of the text's words (``app.search.stem.stem_key``)."""
    source_id: str | None = Field(default=None, foreign_key="source.id", max_length=64)
    start: int | None = None
    end: int | None = None
    alias_kind: str | None = Field(default=None, max_length=20)


class Highlight(Out):
    """Code-point offsets of the match within ``snippet``: ``snippet[start:end]``."""

    start: int
    end: int


class Components(Out):
    """A fund's stated components, when their sum is not the fund's value (masdar's sum)."""

    count: int
    sum: float
    unit: str
    ids: list[str]
    """The component figures."""
    derived_id: str | None = None
    """The derived figure masdar stores for this sum, if any."""


class ValueMatch(Out):
    """How a figure matched a number in the query (``match == "value"``)."""

    query: str
    """The quantity as the query writes it: ``1.3 billion``, ``50 ألف``, ``$140m``."""
    read_as: float
    """Its value in base units (a bare number read with a scale: that reading)."""
    unit: str | None = None
    """The unit or currency the query names (ISO 4217 or a data unit); null: any unit."""
    low: float
    high: float
    """The interval the query admits: its value ± half a step of its last written digit."""
    how: str
    """``exact`` | ``within_precision`` | ``magnitude`` (a scale word alone: ``billion
    dirhams``) | ``scaled`` (a bare ``50`` read as 50 thousand)."""
    value: float
    figure_unit: str
    derived: bool
    """The figure is computed by masdar (a sum, a product), not stated by an article."""
    components: Components | None = None
    note: str
    """One sentence saying all of the above, for people."""


class SearchHit(Out):
    """One search result.

    ``snippet`` is a verbatim slice of the matched text (a name, alias,
    description, citation quote or article passage, at most 240 code points)
    and ``highlight`` marks the match in it (null in the rare case the match
    cannot be located). For an article passage (``type == "source"``, ``field
    == "text"``) and a citation quote (``field == "quote"`` or, for a value
    match, ``"value"``), ``start``/``end`` are code-point offsets into the
    article ``source_id``: ``source.text[start:end] ==
    snippet[highlight.start:highlight.end]``. For an alias, ``source_id`` is the
    article that writes that spelling (null: general knowledge).

    ``match`` says how the hit matched, best first: ``value`` (a figure whose
    value the query's number admits; see ``value_match``), ``exact`` (the query
    is a name or alias), ``prefix`` (a name starts with it), ``tokens`` (a name
    has every query word), ``fuzzy`` (a name close to the query, none matching
    it: ``similarity`` says how close), ``about`` (text about the record),
    ``passage`` (an article passage). ``rank`` is 0 for value and exact, 1
    prefix, 2 tokens and fuzzy, 3 about, 4 passage; ``score`` is ``1 - rank /
    5`` (1.0 exact ... 0.2 passage), for value hits 1.0 exact, 0.9 within the
    query's precision, 0.8 scaled, for fuzzy hits 0.6 x similarity. Words match
    in any form (وظائف finds وظيفة, centers finds centre). For a source,
    ``name`` is its id and ``name_ar`` its title.
    """

    type: str
    id: str
    name: str
    name_ar: str | None = None
    field: str
    alias_kind: str | None = None
    via: str | None = None
    """For a passage found through another spelling of the record the query names
    exactly ("Jazari" -> «الجزري»): that spelling's normalised key; else null."""
    snippet: str
    highlight: Highlight | None = None
    source_id: str | None = None
    start: int | None = None
    end: int | None = None
    rank: int
    score: float
    match: str
    similarity: float | None = None
    """Fuzzy hits: 0-1, how close the closest name is to the query."""
    value_match: ValueMatch | None = None


class Suggestion(Out):
    """A record whose name is close to a query that found nothing."""

    type: str
    id: str
    name: str
    name_ar: str | None = None
    text: str
    """The name or alias that is close."""
    similarity: float


class SearchPage(Out):
    """Search hits; ``did_you_mean`` only on a first page with no hit."""

    items: list[SearchHit]
    next_cursor: str | None = None
    """Pass as `cursor` to get the next page; null on the last page."""
    did_you_mean: list[Suggestion] | SkipJsonSchema[None] = omitted_when_none()
    """Only on a first page with no hit: records whose names are close to the query."""


class RecordRef(Out):
    """A record of any type, named: what a name resolves to."""

    type: str
    id: str
    name: str
    name_ar: str | None = None


class AliasMatch(Out):
    """A name of the candidate that shares words with the query, and where it comes from."""

    text: str
    source_id: str | None = None
    """The article that writes this spelling; null means general knowledge."""
    kind: str | None = None
    field: str
    match: str
    """``exact``: this alias is the query; ``tokens``: it shares words with it."""


class Candidate(RecordRef):
    match: str
    """``exact`` | ``all_tokens`` (its names together contain every query word) | ``partial``."""
    matched_tokens: list[str]
    aliases: list[AliasMatch]


class Resolution(Out):
    """What a name refers to: ``resolved`` is null when it is unknown or ambiguous."""

    query: str
    key: str
    """The normalised form the query was matched by (``name_key``)."""
    resolved: RecordRef | None = None
    reason: str
    candidates: list[Candidate]
