"""The OpenAPI document, completed with the answers that no single route declares.

FastAPI documents what each route says it returns. Some answers come from rules that
cover whole classes of operations (middleware, router-wide dependencies); they are
added here, so the document lists every status masdar can send (schemathesis checks
every response against it: tests/reliability/test_schemathesis.py):

- every error is ``application/problem+json`` with the ``Problem`` schema (FastAPI
  would also list ``application/json`` and its own validation-error shape);
- a path with an id: 404;
- every operation: 400 (a query string that is not UTF-8: ``CoreMiddleware``);
- ``/v1/*``: 400 (unknown or repeated query parameter: ``reject_unknown_params``),
  401 (``include_retracted=true`` without a curator key: ``retraction_scope``), 422;
- every operation but ``/health/live``: 503 (database unavailable or start-up not
  finished), with ``Retry-After``;
- ``GET`` but ``/health/*``: 304 for a matching ``If-None-Match`` (``ETagMiddleware``);
  200 carries ``ETag`` and ``Cache-Control``;
- lists with ``format``: 200 may be ``text/csv``;
- an operation that answers a body: 406 (``Accept`` excludes it: ``NegotiationMiddleware``);
- writes and bodies: 413 (``LimitsMiddleware``); writes, heavy and search reads: 429 with
  ``Retry-After`` when rate limiting is on;
- 201 carries ``Location``; 401 carries ``WWW-Authenticate``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from app.api import examples
from app.config import Settings

PROBLEM_MEDIA = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
WRITE_METHODS = {"post", "put", "patch", "delete"}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

_STRING = {"schema": {"type": "string"}}
_ETAG = {
    "description": 'Weak validator, e.g. `W/"v3.…"` for one record',
    "required": True,
    **_STRING,
}
_RETRY_AFTER = {
    "description": "Seconds to wait before retrying",
    "required": True,
    "schema": {"type": "string", "pattern": "^[0-9]+$"},
}

CSV_SCHEMA = {
    "type": "string",
    "description": "UTF-8 with a byte-order mark, CRLF line ends, a header row always (an "
    "empty page too). Every cell is text: ids such as `000` are strings (read them with "
    "`dtype=str`); citations are flattened into `citation_sources`, `citation_quotes` and "
    "`citation_offsets`; lists of values are joined with `; `.",
}

HTTP_NOTES = """

**HTTP.** Every `GET` also answers `HEAD` (same status and headers, no body) and
`OPTIONS` (`Allow`). A representation chosen by `Accept` (JSON or CSV for lists, JSON or
JSON-LD for records, text, CSL-JSON or a Web Annotation for citations) says
`Vary: Accept`; an `Accept` that excludes every type an operation serves gets `406` with
the types in `acceptable`. JSON-LD `@id`s are absolute IRIs under the public base URL
(`MASDAR_PUBLIC_URL`, else the request's own). Write routes check the API key before
they read the body (no key: `401`, whatever the body).
"""

_DESCRIPTIONS = {
    400: "Unknown or repeated query parameter, a bad cursor, or a query string that is not UTF-8",
    401: "`include_retracted=true` (or a write) without a valid curator key",
    404: "No record with this id",
    406: "`Accept` excludes every media type this operation serves: `acceptable` lists them",
    413: "The request body is too large",
    422: "A parameter or the body has the wrong type or is out of range",
    429: "Too many requests: see Retry-After",
    503: "The database is unavailable, or start-up is not finished: see Retry-After",
}


_COMPONENTS: dict[str, type[BaseModel]] = {}


def component(model: type[BaseModel]) -> dict[str, str]:
    """A ``$ref`` to ``model``'s schema, which :func:`complete` adds to the components: the
    schema of a media type FastAPI does not document itself (JSON-LD, CSL-JSON)."""
    _COMPONENTS[model.__name__] = model
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _add_components(schema: dict[str, Any]) -> None:
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    _, defs = models_json_schema(
        [(m, "serialization") for _, m in sorted(_COMPONENTS.items())],
        ref_template="#/components/schemas/{model}",
    )
    for name, body in defs.get("$defs", {}).items():
        schemas.setdefault(name, body)


_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def _name_by_title(schema: dict[str, Any]) -> None:
    """A component FastAPI names after its Python path (a generic: ``ListOf_FigurePublic_``)
    takes its model's title (``FigurePage``), when that is a plain and unused name."""
    schemas: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    titles = [v.get("title") for v in schemas.values()]
    renames = {
        key: title
        for key, value in schemas.items()
        if (title := value.get("title")) != key
        and isinstance(title, str)
        and _NAME.match(title)
        and title not in schemas
        and titles.count(title) == 1
    }
    if not renames:
        return
    text = json.dumps(schema)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed = json.loads(text)
    schema.clear()
    schema.update(renamed)
    schema["components"]["schemas"] = {
        renames.get(k, k): v for k, v in schema["components"]["schemas"].items()
    }


def _problem(code: int) -> dict[str, Any]:
    return {"description": _DESCRIPTIONS[code], "content": {PROBLEM_MEDIA: {"schema": PROBLEM_REF}}}


def complete(schema: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Add the rule-wide answers to ``schema`` (in place) and return it."""
    limited = f"{settings.rate_limit_heavy_paths},{settings.rate_limit_search_paths}"
    heavy = {p.strip() for p in limited.split(",") if p.strip()}
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            _complete_operation(path, method, op, settings.rate_limit, heavy)
    schema["paths"] = _merge_equivalent_paths(schema.get("paths", {}))
    _add_links(schema["paths"])
    _add_components(schema)
    _name_by_title(schema)
    info = schema.setdefault("info", {})
    info["description"] = info.get("description", "") + HTTP_NOTES
    schema["servers"] = [{"url": settings.public_url or "/", "description": "masdar"}]
    schema["tags"] = [{"name": t} for t in _tags(schema["paths"])]
    schemas = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):  # replaced by Problem
        refs = json.dumps({k: v for k, v in schemas.items() if k != unused})
        if f'/{unused}"' not in json.dumps(schema.get("paths")) + refs:
            schemas.pop(unused, None)
    return schema


def _complete_operation(
    path: str, method: str, op: dict[str, Any], rate_limit: bool, heavy: set[str]
) -> None:
    responses: dict[str, Any] = op.setdefault("responses", {})

    def add(code: int) -> None:
        responses.setdefault(str(code), _problem(code))

    add(400)  # a query string that is not UTF-8 (CoreMiddleware), on every path
    if path.startswith("/v1/"):
        for code in (401, 422):
            add(code)
    if "{" in path:
        add(404)
    if path != "/health/live":
        add(503)
    if method in WRITE_METHODS or "requestBody" in op:
        add(413)
    if rate_limit and path.startswith("/v1/") and (method in WRITE_METHODS or path in heavy):
        add(429)
    if method == "get" and not path.startswith("/health"):
        ok = responses.get("200")
        if ok is not None:
            ok.setdefault("headers", {})["ETag"] = _ETAG
            ok["headers"]["Cache-Control"] = {"description": "`public, max-age=…`", **_STRING}
            if any(p.get("name") == "cursor" for p in op.get("parameters", [])):
                ok["headers"]["Link"] = {
                    "description": 'The next page: `<…>; rel="next"`',
                    **_STRING,
                }
        responses.setdefault(
            "304",
            {
                "description": "Not modified: `If-None-Match` matches the current ETag",
                "headers": {"ETag": _ETAG},
            },
        )
    formats = next((p for p in op.get("parameters", []) if p.get("name") == "format"), None)
    if formats is not None and "csv" in str(formats.get("schema")) and "200" in responses:
        responses["200"].setdefault("content", {})["text/csv"] = {"schema": CSV_SCHEMA}
    if any(r.get("content") for c, r in responses.items() if c.startswith("2")):
        add(406)  # Accept excludes every type served (app.api.negotiation)
    created = responses.get("201")
    if created is not None:
        created.setdefault("headers", {})["Location"] = {
            "description": "The new record's URL",
            "required": True,
            **_STRING,
        }
    for status, response in responses.items():
        if status[:1] not in ("4", "5"):
            continue
        response["content"] = {PROBLEM_MEDIA: {"schema": PROBLEM_REF}}
        headers = response.setdefault("headers", {})
        if status in ("429", "503"):
            headers["Retry-After"] = _RETRY_AFTER
        if status == "401":
            headers["WWW-Authenticate"] = {
                "description": '`Bearer realm="masdar"`…',
                "required": True,
                **_STRING,
            }
        if not headers:
            response.pop("headers")


def _tags(paths: dict[str, Any]) -> list[str]:
    """Every tag an operation uses, in order of first use (clients group by them)."""
    seen: dict[str, None] = {}
    for item in paths.values():
        for op in item.values():
            if isinstance(op, dict):
                seen.update(dict.fromkeys(op.get("tags", [])))
    return list(seen)


_PARAM = re.compile(r"\{([^}]+)\}")


def _merge_equivalent_paths(paths: dict[str, Any]) -> dict[str, Any]:
    """One path per URL shape, named like its GET.

    The read routers name ids by kind (``/v1/partners/{partner_id}``), the write routes
    generically (``/v1/partners/{record_id}``): two templated paths for one URL, which
    OpenAPI forbids ("identical" paths) and which split a record's operations apart.
    Path parameter names are not on the wire, so the document uses the read name.
    """
    canonical: dict[str, str] = {}  # "/v1/partners/{}" -> "/v1/partners/{partner_id}"
    for path, item in paths.items():
        if "get" in item and path.endswith("}"):
            canonical.setdefault(_PARAM.sub("{}", path), path)
    merged: dict[str, Any] = {}
    for path, item in paths.items():
        target = path
        for shape, named in canonical.items():
            prefix = shape.count("{}")
            head = "/".join(path.split("/")[: named.count("/") + 1])
            if _PARAM.sub("{}", head) == shape and head != named and prefix:
                target = named + path[len(head) :]
                renames = dict(zip(_PARAM.findall(head), _PARAM.findall(named), strict=True))
                for op in item.values():
                    for param in op.get("parameters", []) if isinstance(op, dict) else ():
                        if param.get("in") == "path" and param["name"] in renames:
                            param["name"] = renames[param["name"]]
                break
        into = merged.setdefault(target, {})
        clash = set(into) & set(item)
        if clash:
            raise ValueError(f"{path} and {target} both define {sorted(clash)}")
        into.update(item)
    return merged


def _add_links(paths: dict[str, Any]) -> None:
    """OpenAPI links, for clients and stateful tests: a created or fetched record leads
    to its GET, PATCH, DELETE and history, with ``If-Match`` from its ``ETag``."""
    for path, item in paths.items():
        one = next(
            (
                p
                for p in paths
                if p.startswith(path + "/{")
                and p.count("/") == path.count("/") + 1
                and "get" in paths[p]
            ),
            None,
        )
        if one is None:
            continue
        (name,) = _PARAM.findall(one[len(path) :])
        targets = {m: op for m, op in paths[one].items() if m in METHODS}
        history = paths.get(one + "/history", {}).get("get")
        if history is not None:
            targets["history"] = history
        created = item.get("post", {}).get("responses", {}).get("201")
        if created is not None:
            created["links"] = _links(targets, name, "$response.body#/id")
        fetched = paths[one]["get"]["responses"].get("200")
        if fetched is not None:
            fetched["links"] = _links(
                {m: op for m, op in targets.items() if m != "get"}, name, f"$request.path.{name}"
            )


def _links(targets: dict[str, Any], name: str, id_from: str) -> dict[str, Any]:
    links = {}
    for method, op in targets.items():
        if "operationId" not in op:
            continue
        params: dict[str, str] = {name: id_from}
        if any(p.get("name") == "If-Match" for p in op.get("parameters", [])):
            params["header.If-Match"] = "$response.header.ETag"
        links[f"{method.capitalize()}Record"] = {
            "operationId": op["operationId"],
            "parameters": params,
        }
    return links


def operation_id(route: APIRoute) -> str:
    """A route's name (``list_figures``, ``get_figure``): generated clients name their
    functions and modules after the operation id (a test holds them unique)."""
    return route.name


def install(app: FastAPI, settings: Settings) -> None:
    """Make ``app.openapi()`` (and ``/openapi.json``) return the completed document."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = examples.attach(complete(generate(), settings))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
