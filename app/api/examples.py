"""One real example response for every GET operation, for the OpenAPI document.

The examples are masdar's own answers on the seeded articles, shortened (lists cut to
two items, long strings to 240 characters). ``python -m app.api.examples`` regenerates
``app/api/openapi_examples.json``; a test checks that each example is still what the API
answers, so the documentation cannot drift from the data.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

EXAMPLES_FILE = Path(__file__).with_name("openapi_examples.json")
BASE_URL = "http://127.0.0.1:8000"
"""Where ``./dev serve`` answers: absolute IRIs in the examples (JSON-LD) start with it."""

SAMPLE_URLS: dict[str, str] = {
    "/health/live": "/health/live",
    "/v1/sources": "/v1/sources?limit=2",
    "/v1/sources/{source_id}": "/v1/sources/003",
    "/v1/initiatives": "/v1/initiatives?partner=mistral-ai&limit=1",
    "/v1/initiatives/{initiative_id}": "/v1/initiatives/jazari-network",
    "/v1/partners": "/v1/partners?country=FR&limit=1",
    "/v1/partners/{partner_id}": "/v1/partners/mistral-ai",
    "/v1/people": "/v1/people?limit=1",
    "/v1/people/{person_id}": "/v1/people/omar-seghrouchni",
    "/v1/events": "/v1/events?kind=signing&limit=1",
    "/v1/events/{event_id}": "/v1/events/onepoint-signing",
    "/v1/figures": "/v1/figures?subject=dakhla-data-centre&limit=1",
    "/v1/figures/{figure_id}": "/v1/figures/dakhla-capacity-003",
    "/v1/figures/{figure_id}/cite": "/v1/figures/investors-fund-003/cite?format=text",
    "/v1/funds": "/v1/funds?currency=MAD&min_amount=400000000&max_amount=800000000",
    "/v1/funds/{fund_id}": "/v1/funds/investors-fund-003",
    "/v1/targets": "/v1/targets?due_by=2030&limit=1",
    "/v1/targets/{target_id}": "/v1/targets/pass-researchers-003",
    "/v1/citations/{citation_id}": "/v1/citations/9543eecfe5c1",
    "/v1/search": "/v1/search?q=Jazari&limit=2",
    "/v1/resolve": "/v1/resolve?name=Seghrouchni",
    "/v1/check": "/v1/check?text=Oracle%20will%20invest%20%24140%20million"
    "%20in%20two%20cloud%20regions",
    "/v1/claims": "/v1/claims?min_sources=3",
    "/v1/claims/{claim_id}": "/v1/claims/dakhla-data-centre:power_capacity:500:MW",
    "/v1/conflicts": "/v1/conflicts?kind=sum_mismatch",
    "/v1/conflicts/classes": "/v1/conflicts/classes",
    "/v1/conflicts/{conflict_id}": "/v1/conflicts/sum_mismatch:investors-fund-003",
    "/v1/conflicts/{conflict_id}/history": "/v1/conflicts/sum_mismatch:investors-fund-003/history",
    "/v1/stats": "/v1/stats",
    "/v1/timeline": "/v1/timeline?from_year=2025&to_year=2025",
    "/v1/export.jsonld": "/v1/export.jsonld",
    "/v1/{kind}/{record_id}/history": "/v1/funds/investors-fund-003/history",
}
"""The URL whose answer illustrates each GET path (path templates as in the OpenAPI)."""


def shorten(value: Any) -> Any:
    """Lists cut to two items and strings to 240 characters, recursively."""
    if isinstance(value, dict):
        return {k: shorten(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shorten(v) for v in value[:2]]
    if isinstance(value, str) and len(value) > 240:
        return value[:240] + "…"
    return value


def example_for(path: str) -> str | None:
    """The sample URL for an OpenAPI path; history paths share one sample."""
    if path.endswith("/history"):
        return SAMPLE_URLS["/v1/{kind}/{record_id}/history"]
    return SAMPLE_URLS.get(path)


def load() -> dict[str, Any]:
    if not EXAMPLES_FILE.exists():
        return {}
    data: dict[str, Any] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return data


def attach(schema: dict[str, Any]) -> dict[str, Any]:
    """Put each example on its GET operation's 200 response, under the media type it was
    answered in."""
    examples = load()
    for path, item in schema.get("paths", {}).items():
        get = item.get("get")
        url = example_for(path)
        if get is None or url is None or url not in examples:
            continue
        content = get.get("responses", {}).get("200", {}).get("content", {})
        example = examples[url]
        # the sample is the default answer: the first media type of its kind (JSON, not
        # the JSON-LD or CSV the same operation also serves)
        media = next((m for m in content if m.endswith("json") != isinstance(example, str)), None)
        if media is not None:
            content[media]["example"] = example
    return schema


def generate() -> dict[str, Any]:
    """Answer every sample URL from a freshly seeded temporary database."""
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/examples.db", response_cache=False, rate_limit=False
        )
        app = create_app(settings)
        out: dict[str, Any] = {}
        with TestClient(app, base_url=BASE_URL) as client:
            for url in sorted(set(SAMPLE_URLS.values())):
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
                is_json = "json" in response.headers["content-type"]
                out[url] = shorten(response.json() if is_json else response.text)
        app.state.engine.dispose()
    return out


if __name__ == "__main__":
    data = generate()
    EXAMPLES_FILE.write_text(
        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(data)} examples to {EXAMPLES_FILE}", file=sys.stderr)
