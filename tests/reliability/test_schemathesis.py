"""Property-based tests of the whole API against its own OpenAPI document (schemathesis,
in-process over ASGI, on a private seeded database of each backend).

Every operation, every phase schemathesis offers (examples, coverage, fuzzing, stateful
through the document's links), with an admin key so writes run for real. Checks:
server errors, response schema, documented status codes, content types and headers, and
that schema-violating requests are rejected. The budget is ``MASDAR_FUZZ_EXAMPLES``
examples per operation and phase (5 in CI; the nightly run uses 500); generation is
deterministic, so a CI failure reproduces.

Not checked: ``positive_data_acceptance``. It expects every schema-valid request to
succeed, and masdar refuses some by design where JSON Schema cannot say why: a quote
must occur verbatim in its article and a figure's number in its quote (422), a
``cursor`` must be one the API issued (400), a change needs the record's current ETag
in ``If-Match`` (412/428), and write bodies are strict (``1.0`` is not an integer).

The rate limiter is off here (per client, it would answer most of the run with 429);
``test_rate_limited_operations_document_429`` checks its answers are documented.
"""

from __future__ import annotations

import collections
import time
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.engine import events, from_schema

from app.main import create_app
from tests.conftest import settings_for
from tests.reliability.support import FUZZ_DEFAULT, STATS_ATTR, admin_token, fuzz_examples

CHECKS = [
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
]
REJECTED = [400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 422, 428, 429]
"""What counts as rejecting a schema-violating request. 412 and 428 are there because
``If-Match`` is checked before the body: a stale or missing precondition is refused
first, whatever else is wrong with the request."""
MIN_REQUESTS = 2000


def _config(token: str, examples: int) -> schemathesis.Config:
    generation = {"max-examples": examples, "deterministic": True, "mode": "all"}
    return schemathesis.Config.from_dict(
        {
            "seed": 20261123,
            "cache": {"enabled": False},  # nothing carried between runs, nothing written
            "suppress-health-check": [
                "too_slow",
                "filter_too_much",
                "data_too_large",
                "large_base_example",
            ],
            "auth": {"openapi": {"HTTPBearer": {"bearer": token}}},
            "generation": generation,
            "checks": {
                "enabled": False,
                **{name: {"enabled": True} for name in CHECKS},
                "negative_data_rejection": {"enabled": True, "expected-statuses": REJECTED},
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": 6},
            },
        }
    )


def _describe(check: Any, label: str, interaction: Any) -> str:
    request = f"{interaction.request.method} {interaction.request.uri}" if interaction else "?"
    status = interaction.response.status_code if interaction and interaction.response else None
    failure = check.failure_info.failure if check.failure_info else None
    message = str(failure)[:600] if failure is not None else ""
    return f"[{check.name}] {label}: {request[:300]} -> {status}\n    {message}"


def test_every_operation_conforms_to_the_openapi_document(
    seeded_url: str, backend: str, pytestconfig: pytest.Config
) -> None:
    app = create_app(settings_for(seeded_url, rate_limit=False))
    examples = fuzz_examples()
    requests = 0
    by_phase: collections.Counter[str] = collections.Counter()
    statuses: collections.Counter[int] = collections.Counter()
    failures: dict[tuple[str, str, str], str] = {}
    errors: list[str] = []
    started = time.monotonic()
    with TestClient(app):  # runs the lifespan: migrated, seeded, ready
        token = admin_token(app.state.engine)
        schema = schemathesis.openapi.from_asgi(
            "/openapi.json", app, config=_config(token, examples)
        )
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished):
                recorder = event.recorder
                for interaction in recorder.interactions.values():
                    requests += 1
                    by_phase[event.phase.name.lower()] += 1
                    if interaction.response is not None:
                        statuses[interaction.response.status_code] += 1
                for case_id, checks in recorder.checks.items():
                    for check in checks:
                        if check.status.name == "SUCCESS":
                            continue
                        title = check.failure_info.failure.title if check.failure_info else ""
                        key = (check.name, recorder.label, title)
                        failures.setdefault(
                            key,
                            _describe(check, recorder.label, recorder.interactions.get(case_id)),
                        )
            elif isinstance(event, events.NonFatalError | events.FatalError):
                errors.append(str(getattr(event, "info", event))[:600])
    app.state.engine.dispose()
    elapsed = time.monotonic() - started
    stats = pytestconfig.__dict__.setdefault(STATS_ATTR, {})
    stats[backend] = {
        "requests": requests,
        "phases": dict(by_phase),
        "seconds": elapsed,
        "statuses": dict(sorted(statuses.items())),
    }
    print(
        f"\nschemathesis on {backend}: {requests} requests in {elapsed:.0f} s "
        f"({dict(by_phase)}); statuses {dict(sorted(statuses.items()))}"
    )
    assert not errors, "schemathesis errors:\n" + "\n".join(errors)
    assert not failures, f"{len(failures)} failing checks:\n" + "\n".join(failures.values())
    assert statuses.get(500, 0) == 0
    if examples >= FUZZ_DEFAULT:
        assert requests >= MIN_REQUESTS, f"only {requests} requests were generated"
    assert {"coverage", "fuzzing", "stateful_testing"} <= set(by_phase)


def test_rate_limited_operations_document_429(make_client: Any, seeded_url: str) -> None:
    """With the limiter on, a burst on a heavy read gets 429 problems, as documented."""
    with make_client(
        seeded_url, rate_limit_search_burst=1, rate_limit_search_per_minute=0.01
    ) as client:
        document = client.get("/openapi.json").json()
        # distinct queries: a response-cache hit is never rate limited
        limited = [client.get(f"/v1/search?q=ai{i}") for i in range(3)][-1]
        assert limited.status_code == 429
        assert limited.headers["content-type"] == "application/problem+json"
        assert int(limited.headers["retry-after"]) >= 1
        responses = document["paths"]["/v1/search"]["get"]["responses"]
        assert "429" in responses and "Retry-After" in responses["429"]["headers"]
        for path, item in document["paths"].items():
            for method, op in item.items():
                if method in ("post", "patch", "delete"):
                    assert {"413", "429"} <= set(op["responses"]), (method, path)
