"""Bad input gets an RFC 9457 problem naming what was wrong; never a 500 or a traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    ("path", "status", "names"),
    [
        ("/v1/figures?bogus=1", 400, "bogus"),
        ("/v1/figures?limit=0", 422, "limit"),
        ("/v1/figures?limit=201", 422, "limit"),
        ("/v1/figures?limit=abc", 422, "limit"),
        ("/v1/figures?limit=5&limit=6", 400, "limit"),
        ("/v1/figures?cursor=%25%25%25", 400, "cursor"),
        ("/v1/figures?cursor=AAAA", 400, "cursor"),
        ("/v1/figures?min=NaN", 422, "min"),
        ("/v1/figures?min=-5", 422, "min"),
        ("/v1/figures?max=1e400", 422, "max"),
        ("/v1/figures?derived=maybe", 422, "derived"),
        ("/v1/figures?qualifier=roughly", 422, "qualifier"),
        ("/v1/funds?currency=mad", 422, "currency"),
        ("/v1/funds?year=99999999999999999999", 422, "year"),
        ("/v1/partners?country=FRA", 422, "country"),
        ("/v1/sources?format=xml", 422, "format"),
        ("/v1/initiatives?partner=", 422, "partner"),
    ],
)
def test_bad_query_is_a_problem_naming_the_parameter(
    client: TestClient, path: str, status: int, names: str
) -> None:
    r = client.get(path)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body = r.json()
    assert body["status"] == status
    assert names in body["detail"]
    assert any(e["name"] == names for e in body["errors"])
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    "path",
    [
        "/v1/sources/999",
        "/v1/initiatives/nope",
        "/v1/partners/nope",
        "/v1/funds/nope",
        "/v1/targets/nope",
        "/v1/figures/nope",
        "/v1/people/nope",
        "/v1/events/nope",
        "/v1/citations/nope",
        "/v1/nothing-here",
        "/v1/sources/..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_unknown_id_is_a_404_problem(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["title"] == "Not found"


def test_wrong_method_is_a_problem(client: TestClient) -> None:
    r = client.post("/v1/figures", json={})
    assert r.status_code == 405
    assert r.headers["content-type"] == PROBLEM


def test_funds_fund_id_is_not_a_target(client: TestClient) -> None:
    """A fund id asked for as a target is a 404, not a half-filled target."""
    fund_id = client.get("/v1/funds?limit=1").json()["items"][0]["id"]
    assert client.get(f"/v1/targets/{fund_id}").status_code == 404


@pytest.mark.parametrize(
    ("message", "status"),
    [
        ("invalid regular expression: operation cancelled", 503),  # a terminated backend
        ('invalid byte sequence for encoding "UTF8": 0x00', 422),  # the client's input
    ],
)
def test_a_cancelled_query_is_an_outage_not_bad_input(
    make_client: Callable[..., TestClient], seeded_url: str, message: str, status: int
) -> None:
    """PostgreSQL reports a regular expression cut short by pg_terminate_backend as a data
    error (SQLSTATE 2201B); seen in tests/reliability/test_database_faults.py."""
    from sqlalchemy.exc import DataError

    client = make_client(seeded_url, rate_limit=False)

    @client.app.get("/test-data-error")  # type: ignore[attr-defined]
    def fail() -> None:
        raise DataError("SELECT ...", {}, Exception(message))

    with client:
        r = client.get("/test-data-error")
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert ("Retry-After" in r.headers) == (status == 503)
