"""The contract checks' common ground: real answers of every GET operation, and a checker
that holds each one to the OpenAPI document.

Nothing here lists routes by hand. :func:`crawl` reads ``/openapi.json`` and asks every
GET path for real answers: a list is walked page by page (with every facet it has, and
with CSV); a path with an id is asked for every id its parent list returns (``/v1/figures``
gives the ids for ``/v1/figures/{figure_id}``, its ``/cite`` and its ``/history``), with
each value of an enum parameter; what no list names (a citation id, a search query) comes
from the sample URLs of the documentation examples (``app/api/examples.py``, which a test
holds complete for every GET path). Each path also answers an unknown id (404), a bad
parameter (400, 422). So a route merged tomorrow is checked as soon as it is documented.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.api import examples
from app.services.facets import LISTS

SPEC_URI = "urn:masdar:openapi"
PAGE = 10
"""Page size of the walks: small enough that every list has several pages."""


@dataclass(frozen=True)
class Answer:
    path: str
    """The OpenAPI path template the URL belongs to."""
    url: str
    headers: tuple[tuple[str, str], ...]
    response: httpx.Response

    @property
    def media(self) -> str:
        return self.response.headers.get("content-type", "").split(";")[0].strip()


def media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


def get_paths(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p: item["get"] for p, item in spec["paths"].items() if "get" in item}


def _params(op: dict[str, Any], where: str) -> list[dict[str, Any]]:
    return [p for p in op.get("parameters", []) if p["in"] == where]


def _parent_list(path: str, gets: dict[str, dict[str, Any]]) -> tuple[str, str] | None:
    """``/v1/figures/{figure_id}/cite`` -> (``/v1/figures``, ``figure_id``)."""
    m = re.match(r"^(.*?)/\{([^}]+)\}", path)
    if m is None or m.group(1) not in gets:
        return None
    return m.group(1), m.group(2)


def _enums(op: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    out = []
    for p in _params(op, "query"):
        schema = p.get("schema", {})
        values = schema.get("enum") or [
            v for alt in schema.get("anyOf", []) for v in alt.get("enum", [])
        ]
        if values:
            out.append((p["name"], values))
    return out


def _is_list(op: dict[str, Any]) -> bool:
    return any(p["name"] == "cursor" for p in _params(op, "query"))


def _list_name(path: str) -> str:
    return path.removeprefix("/v1/")


class Crawler:
    def __init__(self, client: TestClient, spec: dict[str, Any]) -> None:
        self.client = client
        self.spec = spec
        self.gets = get_paths(spec)
        self.answers: list[Answer] = []
        self.ids: dict[str, list[str]] = {}

    def get(self, path: str, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        response = self.client.get(url, headers=headers or {})
        self.answers.append(Answer(path, url, tuple((headers or {}).items()), response))
        return response

    def walk(self, path: str, query: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Every item of a list, page by page (following ``next_cursor``)."""
        items: list[dict[str, Any]] = []
        params = {**(query or {}), "limit": str(PAGE)}
        for _ in range(200):
            response = self.get(path, f"{path}?{urlencode(params)}")
            assert response.status_code == 200, (path, response.text[:300])
            body = response.json()
            items += body["items"]
            if body["next_cursor"] is None:
                return items
            params["cursor"] = body["next_cursor"]
        raise AssertionError(f"{path}: more than 200 pages")

    def run(self) -> list[Answer]:
        gets = self.gets
        # lists first: their items name the ids of every path below them
        for path, op in gets.items():
            if "{" in path or not _is_list(op) or _required_query(op) or op.get("security"):
                continue
            self.ids[path] = [str(i["id"]) for i in self.walk(path) if "id" in i]
            facets = LISTS.get(_list_name(path))
            if facets is not None:
                self.get(path, f"{path}?{urlencode({'facets': ','.join(facets.facets)})}")
            self.get(path, f"{path}?format=csv")
            self.get(path, f"{path}?limit=0")  # 422
            self.get(path, f"{path}?no_such_parameter=1")  # 400
        for path, op in gets.items():
            if op.get("security"):  # a key's reads (/v1/keys): their 401 without one
                self.get(path, re.sub(r"\{[^}]+\}", "x", path))
                continue
            for url in self._urls(path, op):
                self.get(path, url)
            sample = examples.example_for(path)
            if sample is not None:
                self.get(path, sample)
            if "{" in path:
                self.get(path, re.sub(r"\{[^}]+\}", "no-such-record", path))  # 404
        return self.answers

    def _urls(self, path: str, op: dict[str, Any]) -> Iterator[str]:
        if _required_query(op) or (_is_list(op) and "{" not in path):
            return  # a sample URL fills required parameters; lists are walked above
        parent = _parent_list(path, self.gets)
        if "{" in path and parent is None:
            return  # its ids are in no list: the sample URL stands for it
        values = self.ids.get(parent[0], []) if parent else [""]
        enums = _enums(op)
        for value in values:
            url = re.sub(r"\{[^}]+\}", value, path, count=1) if parent else path
            if _is_list(op):  # a list under a record (its history)
                yield f"{url}?limit={PAGE}"
            elif enums:
                for name, choices in enums:
                    for choice in choices:
                        yield f"{url}?{urlencode({name: choice})}"
            else:
                yield url


def _required_query(op: dict[str, Any]) -> bool:
    return any(p.get("required") for p in _params(op, "query"))


def crawl(client: TestClient) -> list[Answer]:
    spec = client.get("/openapi.json").json()
    return Crawler(client, spec).run()


# -- holding an answer to the document ----------------------------------------------------


def _close(node: Any) -> Any:
    """Every object schema that lists its properties and says nothing of others gets
    ``unevaluatedProperties: false``: an answer may not carry an undocumented field."""
    if isinstance(node, dict):
        out = {k: _close(v) for k, v in node.items()}
        if "properties" in out and not (
            {"additionalProperties", "unevaluatedProperties"} & set(out)
        ):
            out["unevaluatedProperties"] = False
        return out
    if isinstance(node, list):
        return [_close(v) for v in node]
    return node


class Contract:
    """The OpenAPI document, ready to check answers against."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        closed = copy.deepcopy(spec)
        closed["components"] = _close(closed.get("components", {}))
        closed["paths"] = _close(closed["paths"])
        resource = Resource(contents=closed, specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)

    def response_spec(self, path: str, method: str, status: int) -> tuple[str, dict[str, Any]]:
        """The documented response for ``status``: its key (``"200"``, ``"default"``)
        and its description."""
        responses = self.spec["paths"][path][method]["responses"]
        key = str(status) if str(status) in responses else "default"
        assert key in responses, f"{method.upper()} {path}: status {status} is not documented"
        return key, responses[key]

    def problems(self, path: str, method: str, response: httpx.Response) -> list[str]:
        """What in ``response`` the document does not describe (empty: it conforms)."""
        status = response.status_code
        try:
            key, documented = self.response_spec(path, method, status)
        except AssertionError as exc:
            return [str(exc)]
        out = []
        for name, header in documented.get("headers", {}).items():
            if header.get("required") and name.lower() not in response.headers:
                out.append(f"required header {name} is missing")
        content = documented.get("content", {})
        if not content:
            if response.content and method != "head":
                out.append(f"status {status} documents no body, got {media(response)}")
            return out
        kind = media(response)
        if kind not in content:
            return [*out, f"{kind!r} is not among the documented {sorted(content)}"]
        if not kind.endswith("json"):
            return out
        parts = ("paths", path, method, "responses", key, "content", kind, "schema")
        pointer = "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
        validator = Draft202012Validator({"$ref": f"{SPEC_URI}#/{pointer}"}, registry=self.registry)
        for error in sorted(validator.iter_errors(response.json()), key=lambda e: e.path):
            where = "/".join(map(str, error.absolute_path))
            out.append(f"at /{where}: {error.message[:300]}")
        return out[:20]
