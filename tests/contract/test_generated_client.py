"""A client nobody here wrote: ``openapi-python-client`` generates a typed Python client from
``/openapi.json`` (into a temporary directory; generated code stays out of the repository)
with no warning, and that client reads every real answer of the crawl (lists, records,
search, history, resolve, stats, errors) into its models and back without losing a field.
Every GET operation is also called through the client's own functions."""

from __future__ import annotations

import enum
import importlib
import inspect
import json
import os
import pkgutil
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from openapi_python_client.strings import snake_case

from tests.contract.support import Answer, get_paths, media


class Generated:
    def __init__(self, package: types.ModuleType, output: str) -> None:
        self.package = package
        self.output = output
        api = importlib.import_module(f"{package.__name__}.api")
        self.modules = {}
        for info in pkgutil.walk_packages(api.__path__, f"{api.__name__}."):
            module = importlib.import_module(info.name)
            if hasattr(module, "_parse_response"):
                self.modules[info.name.rsplit(".", 1)[1]] = module

    def operation(self, op: dict[str, Any]) -> types.ModuleType:
        return self.modules[snake_case(op["operationId"])]

    def client(self, http: TestClient) -> Any:
        client = self.package.Client(base_url=str(http.base_url), raise_on_unexpected_status=True)
        client.set_httpx_client(http)
        return client


@pytest.fixture(scope="session")
def generated(
    spec: dict[str, Any], backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Generated:
    tmp = tmp_path_factory.mktemp(f"client-{backend}")
    (tmp / "openapi.json").write_text(json.dumps(spec), encoding="utf-8")
    (tmp / "config.yaml").write_text("post_hooks: []\n", encoding="utf-8")  # no formatter
    name = f"masdar_client_{backend}"
    run = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--meta", "none"]
        + ["--path", "openapi.json", "--output-path", name, "--config", "config.yaml"],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    sys.path.insert(0, str(tmp))
    try:
        return Generated(importlib.import_module(name), output)
    finally:
        sys.path.remove(str(tmp))


def test_the_generator_has_nothing_to_say(generated: Generated) -> None:
    """No warning, no error, no part of the document skipped."""
    lines = [line for line in generated.output.splitlines() if line.strip()]
    assert lines == [f"Generating {generated.package.__name__}"], generated.output


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.to_dict() if hasattr(value, "to_dict") else value


def test_every_json_answer_reads_into_its_model(
    spec: dict[str, Any], answers: list[Answer], generated: Generated, client: TestClient
) -> None:
    """What the client parses is what was sent: ``to_dict()`` gives the JSON back. The
    client models one media type per status, the first the document lists."""
    gets = get_paths(spec)
    read = 0
    failures = []
    api = generated.client(client)
    for a in answers:
        documented = gets[a.path]["responses"].get(str(a.response.status_code), {})
        content = list(documented.get("content", {}))
        if not content or content[0] != a.media or not a.media.endswith("json"):
            continue
        module = generated.operation(gets[a.path])
        try:
            parsed = module._parse_response(client=api, response=a.response)
            if _plain(parsed) != a.response.json():
                failures.append(f"{a.url}: read back differently")
        except Exception as exc:  # the generated code's own errors, whatever they are
            failures.append(f"{a.url} -> {a.response.status_code}: {type(exc).__name__}: {exc}")
        read += 1
    assert failures == []
    assert read >= len(gets)  # every operation at least once (lists: every page)


def _typed(module: types.ModuleType, annotation: Any, value: str) -> Any:
    """``value`` as the generated function's parameter type wants it (an enum, a number)."""
    words = re.findall(r"\w+", str(annotation))
    for word in words:
        found = getattr(module, word, None)
        if isinstance(found, type) and issubclass(found, enum.Enum):
            return found(value)
    if "int" in words:
        return int(value)
    if "bool" in words:
        return value == "true"
    return value


def _arguments(module: types.ModuleType, path: str, url: str) -> dict[str, Any]:
    """The keyword arguments of a generated function that ask for ``url``: its path
    parameters and its query string, under the Python names the generator gave them."""
    parameters = inspect.signature(module.sync_detailed).parameters
    parts = urlsplit(url)
    pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(path)) + "$"
    match = re.match(pattern, parts.path)
    assert match is not None, (path, url)
    pairs = list(zip(re.findall(r"\{([^}]+)\}", path), match.groups(), strict=True))
    kwargs = {}
    for name, value in pairs + parse_qsl(parts.query):
        python = next(n for n in (snake_case(name), snake_case(name) + "_") if n in parameters)
        kwargs[python] = _typed(module, parameters[python].annotation, value)
    return kwargs


def test_every_get_operation_through_the_client(
    spec: dict[str, Any], answers: list[Answer], generated: Generated, client: TestClient
) -> None:
    """Each GET operation called as a user would: the generated function builds the
    request from typed arguments and returns the parsed 200."""
    api = generated.client(client)
    called = []
    for path, op in get_paths(spec).items():
        sample = next(
            (a for a in answers if a.path == path and a.response.status_code == 200),
            None,
        )
        if sample is None:
            continue  # a key's reads (tests/contract/test_answers.py checks their 401)
        module = generated.operation(op)
        response = module.sync_detailed(client=api, **_arguments(module, path, sample.url))
        assert response.status_code == 200, (path, sample.url, response.content[:300])
        if media(response).endswith("json"):
            assert response.parsed is not None, path
        called.append(path)
    public = [p for p, op in get_paths(spec).items() if not op.get("security")]
    assert sorted(called) == sorted(public)  # a key's reads (/v1/keys) answer 401 here


def test_client_package_is_outside_the_repository(generated: Generated) -> None:
    origin = Path(generated.package.__file__ or "")
    assert Path(__file__).resolve().parents[2] not in origin.resolve().parents


ROOT = Path(__file__).resolve().parents[2]


def _blocks(markdown: str, heading: str) -> list[str]:
    """The fenced code blocks of the section under ``heading``."""
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```[a-z]*\n(.*?)```", section, re.S)


def test_the_documented_client_works(server: str, tmp_path: Path) -> None:
    """The README's command and example, and docs/clients.md's, run as written against a
    real server (uvicorn), and print what they say."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command, example, printed = _blocks(readme, "## Generating a client")
    argv = command.split()
    assert argv[0] == ".venv/bin/openapi-python-client"
    argv = [sys.executable, "-m", "openapi_python_client", *argv[1:]]
    live = lambda text: text.replace("http://127.0.0.1:8000", server)  # noqa: E731
    # built on the first request: under load, longer than the generator's 5 s timeout
    assert httpx.get(f"{server}/openapi.json", timeout=120).status_code == 200
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"  # ruff
    run = subprocess.run(
        [live(a) for a in argv],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": path},
    )
    assert run.returncode == 0 and "Warning" not in run.stdout, run.stdout + run.stderr

    def output(code: str) -> str:
        script = tmp_path / "example.py"
        script.write_text(live(code), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert output(example) == printed
    guide = (ROOT / "docs" / "clients.md").read_text(encoding="utf-8")
    [python] = [b for b in _blocks(guide, "## A typed Python client") if "import" in b]
    assert output(python) == "500 MW 000 1333 1358\n"
    assert "# 500 MW 000 1333 1358" in python
