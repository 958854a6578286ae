"""The list fast path (plain dicts + orjson) writes exactly what Pydantic would."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.api import fastjson, lists
from app.models.public import FigurePublic


def _list_paths(client: TestClient) -> list[str]:
    """Every GET with no required parameter that pages with ``cursor`` (from the OpenAPI)."""
    paths = []
    for path, ops in client.get("/openapi.json").json()["paths"].items():
        params = ops.get("get", {}).get("parameters", [])
        names = {p["name"] for p in params}
        required = any(p.get("required") for p in params)
        if "{" not in path and not required and {"limit", "cursor"} <= names:
            paths.append(path)
    return sorted(paths)


def _pages(client: TestClient, path: str) -> list[str]:
    """Every page of ``path`` (7 items a page), as raw JSON text."""
    bodies, cursor = [], None
    while True:
        r = client.get(path, params={"limit": 7, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, (path, r.text[:300])
        bodies.append(r.text)
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return bodies


def _strict(text: str) -> str:
    """Parsed and re-written: key order and int-versus-float differences stay visible."""
    return json.dumps(json.loads(text), ensure_ascii=False)


def test_every_list_page_equals_the_pydantic_dump(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _list_paths(client)
    assert "/v1/figures" in paths
    fast = {p: _pages(client, p) for p in paths}
    assert lists.fast_dumper(FigurePublic) is not None  # the figures list takes the fast path
    monkeypatch.setattr(lists, "fast_dumper", lambda model: None)
    slow = {p: _pages(client, p) for p in paths}
    for p in paths:
        assert [_strict(b) for b in fast[p]] == [_strict(b) for b in slow[p]], p


def test_dumper_matches_model_dump_on_edge_values() -> None:
    row: dict[str, Any] = {
        "id": "x",
        "kind": "fund",
        "subject": "s",
        "subject_id": "s",
        "subject_name": "S",
        "metric": "m",
        "value": 11_000_000_000,
        "value_basis": "computed",
        "unit": "MAD",
        "label": "l",
        "derived": 1,
        "factor": 12,
        "citations": [],
        "url": "/figures/x",
        "extra": "ignored",
        "inputs": [
            {
                "id": "i",
                "kind": "fund",
                "metric": "m",
                "value": 0.5,
                "value_basis": "article",
                "unit": "MAD",
                "derived": 0,
                "citations": [],
            }
        ],
    }
    want = FigurePublic.model_validate(row).model_dump(mode="json")
    got = fastjson.dumper(FigurePublic)(row)
    assert json.dumps(got) == json.dumps(want)


def test_models_with_custom_serialisers_keep_pydantic() -> None:
    from pydantic import model_serializer

    class Odd(BaseModel):
        a: int

        @model_serializer
        def _s(self) -> dict[str, int]:
            return {"b": self.a}

    with pytest.raises(fastjson.Unsupported):
        fastjson.dumper(Odd)


def test_a_missing_required_field_is_named() -> None:
    build = fastjson.dumper(FigurePublic)
    with pytest.raises(KeyError, match="FigurePublic.id is missing"):
        build({"kind": "fund"})
    citation = {"id": "c", "source_id": "000", "quote": "q", "start": 0, "end": 1}
    with pytest.raises(KeyError, match="CitationPublic.prefix is missing"):
        build(
            {
                "id": "f",
                "kind": "fund",
                "subject": "s",
                "subject_name": "S",
                "metric": "m",
                "value": 1,
                "value_basis": "article",
                "unit": "MAD",
                "label": "l",
                "derived": False,
                "citations": [citation],
                "url": "/figures/f",
            }
        )
