"""Every GET operation's OpenAPI example is a real, current answer of the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api import examples

NOT_JSON_OR_PRIVATE = {
    "/v1/sources/{source_id}/text",
    "/v1/keys",
    "/health/ready",
    # curators only; real answers in docs/proposals.md (tests/proposals/test_docs.py)
    "/v1/sources/{source_id}/proposals",
    "/v1/proposals/{proposal_id}",
}


def test_every_get_operation_has_an_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    missing = [
        path
        for path, item in spec["paths"].items()
        if "get" in item
        and path not in NOT_JSON_OR_PRIVATE
        and not any(
            "example" in body
            for body in item["get"]["responses"]["200"].get("content", {}).values()
        )
    ]
    assert missing == []


@pytest.mark.parametrize("url", sorted(examples.load()))
def test_example_is_what_the_api_answers(client: TestClient, url: str) -> None:
    response = client.get(examples.BASE_URL + url)  # as ./dev serve answers it
    assert response.status_code == 200
    expected = examples.load()[url]
    body = response.text if isinstance(expected, str) else response.json()
    assert examples.shorten(body) == expected


def test_an_example_shows_a_real_quote(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    fund = spec["paths"]["/v1/funds/{fund_id}"]["get"]["responses"]["200"]["content"]
    example = fund["application/json"]["example"]
    assert example["amount"] == 1_300_000_000
    assert example["citations"][0]["quote"] == "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم"
