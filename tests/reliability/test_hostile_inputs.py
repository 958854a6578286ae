"""The hostile input corpus (hostile_inputs.yaml) against every endpoint the OpenAPI
document lists: every query parameter and path parameter of every GET, and the body
of every write.

Requests go to the ASGI app directly, with the raw bytes a client could put on the
wire (invalid UTF-8, broken escapes, NUL), the way uvicorn would pass them on: httpx
would re-encode them first. Every answer must be a status the operation documents,
errors as ``application/problem+json``; never a 5xx (the database is up: a 503 would
blame it for the client's input), never longer than ``TIMEOUT``.
The database is unchanged afterwards (a checksum of every table).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import anyio
import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import settings_for
from tests.reliability.support import admin_token, checksum

CORPUS = yaml.safe_load((Path(__file__).parent / "hostile_inputs.yaml").read_text("utf-8"))
TIMEOUT = 15.0
PROBLEM = b"application/problem+json"
_PARAM = re.compile(r"\{([^}]+)\}")


def _bytes(entry: dict[str, Any], *, encode: bool) -> bytes:
    """The URL or body bytes of a corpus entry (see the file's header)."""
    if "hex" in entry:
        data = bytes.fromhex(entry["hex"])
    elif "raw" in entry:
        data = entry["raw"].encode("utf-8")
    else:
        text: str = entry["text"]
        if "fill" in entry:
            text = text.replace("%s", "a" * entry["fill"])
        data = quote(text, safe="").encode("ascii") if encode else text.encode("utf-8")
    return data * entry.get("repeat", 1)


@dataclass
class Answer:
    status: int
    headers: dict[bytes, bytes]
    body: bytes


async def _call(
    app: FastAPI,
    method: str,
    raw_path: bytes,
    query: bytes,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
) -> Answer:
    """One request, as uvicorn would hand it to the app (``path`` is the decoded
    ``raw_path``)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
        "path": unquote(raw_path.decode("latin-1")),
        "raw_path": raw_path,
        "query_string": query,
        "headers": [
            (b"host", b"testserver"),
            *headers,
            *([(b"content-length", str(len(body)).encode())] if body else []),
        ],
    }
    sent = False
    status = 0
    out_headers: dict[bytes, bytes] = {}
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await anyio.sleep_forever()
        raise AssertionError  # pragma: no cover

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            out_headers.update((k.lower(), v) for k, v in message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    with anyio.fail_after(TIMEOUT):
        await app(scope, receive, send)  # type: ignore[arg-type]
    return Answer(status, out_headers, b"".join(chunks))


class Runner:
    def __init__(self, app: FastAPI, document: dict[str, Any], token: str) -> None:
        self.app = app
        self.document = document
        self.token = token
        self.sent = 0
        self.statuses: Counter[int] = Counter()
        self.problems: list[str] = []

    def send(
        self,
        label: str,
        op: dict[str, Any],
        method: str,
        raw_path: bytes,
        query: bytes = b"",
        body: bytes = b"",
        content_type: bytes | None = None,
        extra: tuple[int, ...] = (),
    ) -> None:
        headers = [(b"accept", b"application/json")]
        if method != "GET":
            headers += [
                (b"authorization", f"Bearer {self.token}".encode()),
                (b"if-match", b'W/"v1"'),
            ]
        if content_type is not None:
            headers.append((b"content-type", content_type))
        self.sent += 1
        where = f"{label}: {method} {raw_path[:80]!r}?{query[:80]!r}"
        try:
            answer = anyio.run(_call, self.app, method, raw_path, query, headers, body)
        except TimeoutError:
            self.problems.append(f"{where} took more than {TIMEOUT} s")
            return
        except Exception as exc:  # escaped every handler: a 500 from the server
            self.problems.append(f"{where} raised {exc!r}")
            return
        self.statuses[answer.status] += 1
        documented = {int(c) for c in op["responses"] if c.isdigit()} | set(extra)
        if answer.status >= 500:  # the database is up: bad input is the client's error
            self.problems.append(f"{where} -> {answer.status}: {answer.body[:200]!r}")
        elif answer.status not in documented:
            self.problems.append(f"{where} -> undocumented {answer.status}: {answer.body[:200]!r}")
        if answer.status >= 400:
            ctype = answer.headers.get(b"content-type", b"")
            try:
                problem = json.loads(answer.body)
                shaped = problem["status"] == answer.status and {"type", "title"} <= set(problem)
            except (ValueError, KeyError, TypeError):
                shaped = False
            if ctype != PROBLEM or not shaped:
                self.problems.append(
                    f"{where} -> {answer.status} not a problem: {ctype!r} {answer.body[:200]!r}"
                )


def _operations(
    document: dict[str, Any], methods: set[str]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, op in item.items():
            if method in methods:
                yield path, method.upper(), op


def _ids(client: TestClient, document: dict[str, Any]) -> dict[str, str]:
    """A real id for each collection (``/v1/sources`` -> ``000``), so a path parameter
    under test sits next to a record that exists."""
    ids = {}
    for path in document["paths"]:
        if path.startswith("/v1/") and "{" not in path:
            r = client.get(path)
            body = r.json() if r.status_code == 200 else None
            items = body.get("items") if isinstance(body, dict) else None
            if isinstance(items, list) and items and isinstance(items[0], dict):
                ids[path] = str(items[0].get("id", "x"))
    return ids


def _fill(path: str, ids: dict[str, str], *, skip: str | None = None, value: bytes = b"") -> bytes:
    """``path`` with its parameters replaced: real ids, or ``value`` for ``skip``."""
    out = b""
    rest = path
    while (m := _PARAM.search(rest)) is not None:
        head = rest[: m.start()]
        out += head.encode()
        collection = out.decode("latin-1").rstrip("/")
        out += value if m.group(1) == skip else ids.get(collection, "x").encode()
        rest = rest[m.end() :]
    return out + rest.encode()


def _query_value(param: dict[str, Any]) -> str:
    """A valid value for a required parameter that is not under test."""
    schema = param.get("schema", {})
    if "enum" in schema:
        return str(schema["enum"][0])
    return "ai"


@pytest.fixture
def hostile(seeded_url: str) -> Iterator[tuple[Runner, TestClient]]:
    app = create_app(settings_for(seeded_url, rate_limit=False))
    with TestClient(app) as client:
        document = client.get("/openapi.json").json()
        yield Runner(app, document, admin_token(app.state.engine)), client
    app.state.engine.dispose()


def test_hostile_inputs_get_documented_problems_and_change_nothing(
    hostile: tuple[Runner, TestClient], capsys: pytest.CaptureFixture[str]
) -> None:
    runner, client = hostile
    document = runner.document
    engine = runner.app.state.engine
    ids = _ids(client, document)
    before = checksum(engine)

    for path, method, op in _operations(document, {"get"}):
        params = [p for p in op.get("parameters", []) if p["in"] == "query"]
        required = [p for p in params if p.get("required")]
        for param in params:
            others = b"".join(
                f"&{p['name']}={_query_value(p)}".encode() for p in required if p is not param
            )
            name = param["name"].encode()
            for entry in CORPUS["query"]:
                value = _bytes(entry, encode=True)
                label = f"query {param['name']}={entry['name']}"
                runner.send(label, op, method, _fill(path, ids), name + b"=" + value + others)
                runner.send(
                    label + " (repeated)",
                    op,
                    method,
                    _fill(path, ids),
                    name + b"=" + value + b"&" + name + b"=" + value + others,
                )
        for entry in CORPUS["query_strings"]:
            runner.send(
                f"query string {entry['name']}",
                op,
                method,
                _fill(path, ids),
                _bytes(entry, encode=False),
            )
        for param in (p for p in op.get("parameters", []) if p["in"] == "path"):
            for entry in CORPUS["path"]:
                raw = _fill(path, ids, skip=param["name"], value=_bytes(entry, encode=True))
                runner.send(
                    f"path {param['name']}={entry['name']}", op, method, raw, extra=(404,)
                )  # a decoded "/" can leave the route: no route

    for path, method, op in _operations(document, {"post", "patch", "put"}):
        if "requestBody" not in op:
            continue
        for entry in CORPUS["body"]:
            ctype = entry.get("content_type", "application/json").encode()
            runner.send(
                f"body {entry['name']}",
                op,
                method,
                _fill(path, ids),
                body=_bytes(entry, encode=False),
                content_type=ctype,
            )

    after = checksum(engine)
    with capsys.disabled():
        print(
            f"\nhostile inputs: {sum(len(v) for v in CORPUS.values())} corpus entries, "
            f"{runner.sent} requests, {len(runner.problems)} problems; statuses "
            f"{dict(sorted(runner.statuses.items()))}"
        )
    assert after == before, "the database changed"
    assert not runner.problems, f"{len(runner.problems)} bad answers:\n" + "\n".join(
        runner.problems[:40]
    )
    assert runner.sent > 5000
