"""Schemas of the other formats masdar writes: JSON-LD (schema.org), CSL-JSON and W3C Web
Annotations. The services build these documents as dicts; the schemas describe them in
the OpenAPI document (tests/contract checks real answers against them)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from app.models.base import OUTPUT, omitted_when_none
from app.models.public import Out

Iri = Annotated[str, Field(json_schema_extra={"format": "iri"})]
"""An absolute IRI (under masdar's public base URL, for masdar's own resources)."""


class GraphNode(BaseModel):
    """A JSON-LD node (schema.org): its other properties follow schema.org."""

    model_config = ConfigDict(**OUTPUT, extra="allow")

    id: Iri = Field(alias="@id")
    type: str = Field(alias="@type")


class LinkedNode(GraphNode):
    """One record as a standalone JSON-LD document: every ``@id`` is an absolute IRI
    under masdar's public base URL."""

    context: dict[str, Any] = Field(alias="@context")
    """Inline: schema.org as ``@vocab``; no processor needs the network to read it."""


class LinkedGraph(Out):
    """The whole knowledge base as one JSON-LD ``@graph``."""

    context: dict[str, Any] = Field(alias="@context")
    graph: list[GraphNode] = Field(alias="@graph")


class CslName(Out):
    literal: str
    """The author as the article writes the name (never split into given and family)."""


class CslDate(Out):
    date_parts: list[list[int]] = Field(alias="date-parts")
    """``[[year, month, day]]``, as precise as the source's date is known."""


class CslItem(Out):
    """A CSL-JSON item (one article): only what masdar knows; unknown fields are absent."""

    id: str
    type: str
    """``article-newspaper``, ``post-weblog`` or ``article``."""
    title: str | SkipJsonSchema[None] = omitted_when_none()
    author: list[CslName] | SkipJsonSchema[None] = omitted_when_none()
    issued: CslDate | SkipJsonSchema[None] = omitted_when_none()
    container_title: str | SkipJsonSchema[None] = omitted_when_none(alias="container-title")
    """The outlet."""
    URL: str | SkipJsonSchema[None] = omitted_when_none()
    language: str
    note: str
    """The quotes masdar cites from this article, their offsets and the text's SHA-256."""


class TextualBody(Out):
    type: Literal["TextualBody"]
    value: str
    format: str
    language: str


class TextQuoteSelector(Out):
    type: Literal["TextQuoteSelector"]
    exact: str
    prefix: str
    suffix: str


class TextPositionSelector(Out):
    """Code-point offsets into the source text."""

    type: Literal["TextPositionSelector"]
    start: int
    end: int


class AnnotationTarget(Out):
    source: str
    """The article text, ``/v1/sources/{id}/text``."""
    type: Literal["Text"]
    format: str
    language: str
    selector: list[TextQuoteSelector | TextPositionSelector]


class Annotation(Out):
    id: str
    type: Literal["Annotation"]
    motivation: str
    body: TextualBody
    target: AnnotationTarget


class AnnotationCollection(Out):
    """The collection of a figure's annotations: this page is its only page."""

    id: str
    type: Literal["AnnotationCollection"]
    label: str
    total: int
    first: str
    last: str


class AnnotationPage(Out):
    """A W3C Web Annotation page: one annotation per quote of a figure."""

    context: str = Field(alias="@context")
    id: str
    type: Literal["AnnotationPage"]
    partOf: AnnotationCollection
    startIndex: int
    items: list[Annotation]
