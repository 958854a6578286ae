"""The other formats, read by the tools their users have: CSV by pandas, CSL-JSON by the
CSL project's own schema, JSON-LD by PyLD (offline)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft3Validator
from pyld import jsonld

from app.api.deps import encode_cursor
from tests.contract.support import Answer, get_paths, media

CSL_SCHEMA = json.loads(
    (Path(__file__).with_name("vendor") / "csl-data.json").read_text(encoding="utf-8")
)
BASE = "http://testserver"
LD = {"Accept": "application/ld+json"}


def _csv_lists(spec: dict[str, Any]) -> list[str]:
    return [
        path
        for path, op in get_paths(spec).items()
        if "text/csv" in op["responses"]["200"]["content"]
        and "{" not in path
        and not any(p.get("required") for p in op.get("parameters", []))
    ]


def _frame(body: bytes) -> pd.DataFrame:
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    return pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_every_csv_page_has_its_header_row(client: TestClient, spec: dict[str, Any]) -> None:
    """An empty page too (a cursor past the last record): pandas reads the columns."""
    lists = _csv_lists(spec)
    for path in lists:
        full = _frame(client.get(f"{path}?format=csv&limit=200").content)
        past = encode_cursor("\uffff")
        empty = client.get(f"{path}?format=csv&cursor={past}")
        assert empty.status_code == 200, (path, empty.text[:200])
        frame = _frame(empty.content)
        assert frame.empty and list(frame.columns) == list(full.columns), path
    assert len(lists) >= 9


def test_csv_ids_stay_strings(client: TestClient) -> None:
    sources = _frame(client.get("/v1/sources?format=csv").content)
    assert list(sources["id"]) == ["000", "001", "002", "003", "004"]
    figures = _frame(client.get("/v1/figures?format=csv&subject=dakhla-data-centre").content)
    row = figures.set_index("id").loc["dakhla-capacity-000"]
    assert (row["value"], row["unit"], row["qualifier"]) == ("500", "MW", "up_to")
    assert row["citation_quotes"] == "بطاقة تصل إلى 500 ميغاواط"
    assert row["citation_offsets"] == "1333-1358"


def test_csl_json_is_valid_csl(answers: list[Answer]) -> None:
    """Every figure's CSL-JSON against the CSL project's schema; unknown stays absent."""
    validator = Draft3Validator(CSL_SCHEMA)
    checked = 0
    for a in answers:
        if a.response.status_code == 200 and media(a.response).endswith("csl+json"):
            items = a.response.json()
            errors = [e.message for e in validator.iter_errors(items)]
            assert errors == [], (a.url, errors)
            assert all(None not in item.values() for item in items), a.url
            checked += 1
    assert checked >= 31  # every figure
    bad = [{"id": "x", "type": "article-newspaper", "container-title": None}]
    assert not validator.is_valid(bad)  # the schema does refuse a null


def _offline(url: str, options: dict[str, Any] | None = None) -> Any:
    raise AssertionError(f"PyLD tried to load {url}: documents must need no network")


def _iris(node: Any) -> list[str]:
    """Every IRI of an expanded document: node ids and IRI values (``{"@id": …}``)."""
    out: list[str] = []
    if isinstance(node, dict):
        if "@id" in node:
            out.append(node["@id"])
        for key, value in node.items():
            if key != "@id":
                out += _iris(value)
    elif isinstance(node, list):
        for value in node:
            out += _iris(value)
    return out


@pytest.fixture(scope="module")
def linked(client: TestClient, spec: dict[str, Any], answers: list[Answer]) -> list[Any]:
    """Every record as JSON-LD (every id of every list), and the whole graph."""
    gets = get_paths(spec)
    docs = []
    for a in answers:
        content = gets[a.path]["responses"]["200"].get("content", {})
        if a.response.status_code == 200 and "{" in a.path and "application/ld+json" in content:
            if a.path.endswith("}"):  # a record, not its /cite
                r = client.get(a.url, headers=LD)
                assert media(r) == "application/ld+json", a.url
                docs.append(r.json())
    docs.append(client.get("/v1/export.jsonld").json())
    return docs


def test_json_ld_expands_offline_to_absolute_iris(linked: list[Any]) -> None:
    for doc in linked:
        expanded = jsonld.expand(doc, {"documentLoader": _offline})
        iris = _iris(expanded)
        assert iris, doc.get("@id")
        relative = [i for i in iris if not i.startswith(("http://", "https://"))]
        assert relative == [], relative[:5]
    assert len(linked) > 100


def test_url_is_an_iri(client: TestClient) -> None:
    doc = client.get("/v1/figures/dakhla-capacity-000", headers=LD).json()
    [node] = jsonld.expand(doc, {"documentLoader": _offline})
    assert node["@id"] == f"{BASE}/v1/figures/dakhla-capacity-000"
    assert node["https://schema.org/url"] == [{"@id": f"{BASE}/figures/dakhla-capacity-000"}]
    [quote] = node["https://schema.org/appearance"]
    assert quote["https://schema.org/text"] == [{"@value": "بطاقة تصل إلى 500 ميغاواط"}]
    assert quote["https://schema.org/isPartOf"] == [{"@id": f"{BASE}/v1/sources/000"}]


def test_annotation_page_is_part_of_its_collection(client: TestClient) -> None:
    page = client.get("/v1/figures/dakhla-capacity-000/cite?format=annotation").json()
    url = f"{BASE}/v1/figures/dakhla-capacity-000/cite?format=annotation"
    assert page["id"] == url
    assert page["partOf"] == {
        "id": f"{url}#collection",
        "type": "AnnotationCollection",
        "label": "masdar's quotes for figure dakhla-capacity-000",
        "total": 1,
        "first": url,
        "last": url,
    }
    [item] = page["items"]
    assert item["target"]["source"] == f"{BASE}/v1/sources/000/text"
    assert item["target"]["selector"][1] == {
        "type": "TextPositionSelector",
        "start": 1333,
        "end": 1358,
    }


def test_public_url_is_the_base_of_every_iri(make_client: Any, seeded_url: str) -> None:
    base = "https://masdar.example.org/api"
    with make_client(seeded_url, public_url=base) as c:
        doc = c.get("/v1/partners/oracle", headers=LD).json()
        assert doc["@id"] == f"{base}/v1/partners/oracle"
        graph = c.get("/v1/export.jsonld").json()["@graph"]
        assert all(node["@id"].startswith(f"{base}/v1/") for node in graph)
        page = c.get("/v1/figures/jobs-002/cite?format=annotation").json()
        assert page["id"].startswith(f"{base}/v1/figures/jobs-002/cite")
        assert c.get("/openapi.json").json()["servers"] == [{"url": base, "description": "masdar"}]


def test_without_public_url_each_host_gets_its_own_iris(client: TestClient) -> None:
    """The IRIs follow the request's base URL, and the response cache keeps hosts apart."""
    for host in ("one.example", "two.example"):
        doc = client.get("/v1/partners/oracle", headers={**LD, "Host": host}).json()
        assert doc["@id"] == f"http://{host}/v1/partners/oracle"
