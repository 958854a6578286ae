"""Every real answer of every GET operation conforms to the OpenAPI document: its status is
documented, its media type too, its required headers are there, and its JSON body is valid
against the schema with no undocumented field (JSON Schema 2020-12, jsonschema)."""

from __future__ import annotations

import collections
from typing import Any

from tests.contract.support import Answer, Contract, get_paths


def test_every_answer_conforms(contract: Contract, answers: list[Answer]) -> None:
    failures = {
        f"GET {a.url} -> {a.response.status_code}": problems
        for a in answers
        if (problems := contract.problems(a.path, "get", a.response))
    }
    assert not failures, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failures.items())


def test_every_get_operation_was_asked(spec: dict[str, Any], answers: list[Answer]) -> None:
    """The crawl reaches every GET path with a 200 (an admin-only one with its 401)."""
    statuses = collections.defaultdict(set)
    for a in answers:
        statuses[a.path].add(a.response.status_code)
    missing = {
        path: sorted(statuses[path])
        for path in get_paths(spec)
        if not ({200, 401} & statuses[path])
    }
    assert missing == {}
