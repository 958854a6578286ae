"""What the fact-check tests share."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def texts(client: TestClient) -> dict[str, str]:
    """Every article text, by source id."""
    ids = [s["id"] for s in client.get("/v1/sources").json()["items"]]
    return {i: client.get(f"/v1/sources/{i}").json()["text"] for i in ids}
