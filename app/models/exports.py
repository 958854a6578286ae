"""Schemas of the other formats masdar writes: JSON-LD (schema.org), CSL-JSON and W3C Web
Annotations. The services build these documents as dicts; the schemas describe them in
the OpenAPI document (tests/contract checks real answers against them)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from app.models.base import OUTPUT, omitted_when_none


class LinkedNode(BaseModel):
    """One record as a JSON-LD node (schema.org). Other properties follow schema.org:
    every ``@id`` is an absolute IRI under masdar's public base URL."""

    model_config = ConfigDict(**OUTPUT, extra="allow")

    context: dict[str, Any] = Field(alias="@context")
    """Inline: schema.org as ``@vocab``; no processor needs the network to read it."""
    id: str = Field(alias="@id", json_schema_extra={"format": "iri"})
    type: str = Field(alias="@type")


class GraphNode(BaseModel):
    model_config = ConfigDict(**OUTPUT, extra="allow")

    id: str = Field(alias="@id", json_schema_extra={"format": "iri"})
    type: str = Field(alias="@type")


class LinkedGraph(BaseModel):
    """The whole knowledge base as one JSON-LD ``@graph``."""

    model_config = OUTPUT

    context: dict[str, Any] = Field(alias="@context")
    graph: list[GraphNode] = Field(alias="@graph")


class CslName(BaseModel):
    model_config = OUTPUT

    literal: str
    """The author as the article writes the name (never split into given and family)."""


class CslDate(BaseModel):
    model_config = OUTPUT

    date_parts: list[list[int]] = Field(alias="date-parts")
    """``[[year, month, day]]``, as precise as the source's date is known."""


class CslItem(BaseModel):
    """A CSL-JSON item (one article): only what masdar knows; unknown fields are absent."""

    model_config = OUTPUT

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


class TextualBody(BaseModel):
    model_config = OUTPUT

    type: Literal["TextualBody"]
    value: str
    format: str
    language: str


class TextQuoteSelector(BaseModel):
    model_config = OUTPUT

    type: Literal["TextQuoteSelector"]
    exact: str
    prefix: str
    suffix: str


class TextPositionSelector(BaseModel):
    """Code-point offsets into the source text."""

    model_config = OUTPUT

    type: Literal["TextPositionSelector"]
    start: int
    end: int


class AnnotationTarget(BaseModel):
    model_config = OUTPUT

    source: str = Field(json_schema_extra={"format": "iri"})
    """The article text, ``/v1/sources/{id}/text``."""
    type: Literal["Text"]
    format: str
    language: str
    selector: list[TextQuoteSelector | TextPositionSelector]


class Annotation(BaseModel):
    model_config = OUTPUT

    id: str = Field(json_schema_extra={"format": "iri"})
    type: Literal["Annotation"]
    motivation: str
    body: TextualBody
    target: AnnotationTarget


class AnnotationCollection(BaseModel):
    """The collection of a figure's annotations: this page is its only page."""

    model_config = OUTPUT

    id: str = Field(json_schema_extra={"format": "iri"})
    type: Literal["AnnotationCollection"]
    label: str
    total: int
    first: str = Field(json_schema_extra={"format": "iri"})
    last: str = Field(json_schema_extra={"format": "iri"})


class AnnotationPage(BaseModel):
    """A W3C Web Annotation page: one annotation per quote of a figure."""

    model_config = OUTPUT

    context: str = Field(alias="@context")
    id: str = Field(json_schema_extra={"format": "iri"})
    type: Literal["AnnotationPage"]
    partOf: AnnotationCollection
    startIndex: int
    items: list[Annotation]
