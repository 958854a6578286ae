"""The list fast path (plain dicts + orjson) writes exactly what Pydantic would."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.api import fastjson, lists
from app.models.citation import CitationPublic
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
    seeded_url: str, make_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page as served (the list shortcut, and its writers: the figures' is
    ``figures.public_figures``) against FastAPI's route with Pydantic writing the JSON.
    No response cache on either side: each pass writes its own bytes."""
    fast = make_client(seeded_url, rate_limit=False, response_cache=False)
    slow = make_client(seeded_url, rate_limit=False, response_cache=False, list_shortcut=False)
    with fast, slow:
        paths = _list_paths(fast)
        assert "/v1/figures" in paths
        served = {p: _pages(fast, p) for p in paths}
        assert lists.fast_dumper(FigurePublic) is not None  # the figures take the fast path
        monkeypatch.setattr(lists, "fast_dumper", lambda model: None)
        pydantic = {p: _pages(slow, p) for p in paths}
    for p in paths:
        assert [_strict(b) for b in served[p]] == [_strict(b) for b in pydantic[p]], p
    figures = [f for body in served["/v1/figures"] for f in json.loads(body)["items"]]
    assert any(f["inputs"] for f in figures) and any(f["factor"] is not None for f in figures)


def test_the_figures_writer_equals_expand_then_the_model_on_edge_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``figures.public_figures`` against ``expand`` then ``FigurePublic``'s writer and
    Pydantic, on values the seed lacks: non-integral, past 2**63, a float factor."""
    from app.services import embed, figures

    assert tuple(CitationPublic.model_fields) == embed.CITATION_COLUMNS  # written as fetched

    def row(rid: str, value: float, derived: bool, factor: float | None) -> dict[str, Any]:
        return {
            "id": rid, "kind": "figure", "subject_id": "dakhla", "metric": "capacity",
            "value": value, "unit": "MW", "qualifier": None, "label": "x", "derived": derived,
            "formula": "a + b" if derived else None, "factor": factor, "factor_note": None,
            "version": 3, "retracted_at": None, "subject_name": "Dakhla",
            "subject_name_ar": "الداخلة",
        }  # fmt: skip

    cite = dict(
        zip(embed.CITATION_COLUMNS, ("c1", "001", "٥٠٠", 10, 13, "p", "s", None), strict=True)
    )
    inputs = {
        "sum": [
            {"id": "a", "kind": "figure", "metric": "m", "value": 0.1, "unit": "MW",
             "qualifier": "about", "derived": False, "label": "a"},
        ]
    }  # fmt: skip
    cites = {"a": [cite], "half": [cite]}
    rows = [
        row("half", 2.5, False, 1e-3),
        row("mw", 500.0, False, None),
        row("big", 2.0**64, False, None),
        row("sum", 0.3, True, 2),
    ]
    written = figures.public_figures([dict(r) for r in rows], inputs, cites)
    monkeypatch.setattr(figures, "gather", lambda session, rows: (inputs, cites))
    expanded = figures.expand(None, [dict(r) for r in rows])  # type: ignore[arg-type]
    build = fastjson.dumper(FigurePublic)
    assert written == [build(r) for r in expanded]
    assert written == [FigurePublic.model_validate(r).model_dump(mode="json") for r in expanded]
    assert [(w["value"], type(w["value"])) for w in written] == [
        (2.5, float), (500, int), (2.0**64, float), (0.3, float)
    ]  # fmt: skip
    assert written[1]["claim_id"] == "dakhla:capacity:500:MW"
    assert written[3]["inputs"][0]["value_basis"] == "article" and written[3]["claim_id"] is None


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
