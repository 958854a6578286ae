"""Search-box rate limits: a person typing never sees a 429; a script hammering does."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from app.config import Settings
from app.limits import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _bucket(clock: Clock) -> TokenBucket:
    settings = Settings()
    return TokenBucket(
        settings.rate_limit_search_per_minute, settings.rate_limit_search_burst, clock
    )


def test_a_fast_typist_never_waits() -> None:
    """8 keystrokes a second (faster than anyone types), a query each, for five minutes."""
    clock = Clock()
    bucket = _bucket(clock)
    for _ in range(8 * 300):
        assert bucket.take("addr:typist") == 0
        clock.now += 1 / 8


def test_a_burst_of_pasted_queries_then_typing_never_waits() -> None:
    """120 queries at once (a front-end replaying a history), then typing at 6 a second."""
    clock = Clock()
    bucket = _bucket(clock)
    assert all(bucket.take("addr:user") == 0 for _ in range(120))
    for _ in range(600):
        clock.now += 1 / 6
        assert bucket.take("addr:user") == 0


def test_a_script_is_refused_within_seconds() -> None:
    clock = Clock()
    bucket = _bucket(clock)
    refused_at = None
    for i in range(50 * 10):  # 50 requests a second for 10 s
        if bucket.take("addr:script") > 0:
            refused_at = i / 50
            break
        clock.now += 1 / 50
    assert refused_at is not None and refused_at < 4
    assert bucket.take("addr:other") == 0  # per client


def test_75_distinct_searches_in_a_row_over_http(
    make_client: Callable[..., TestClient], seeded_url: str
) -> None:
    """The issue's search box: 75 distinct queries in a few seconds, all answered."""
    words = ["ج", "جز", "جزا", "جزار", "جزاري", "M", "Mi", "Mis", "Mist", "Mistr", "Mistral"]
    queries = [f"{w}{i}" if i else w for i in range(7) for w in words][:75]
    with make_client(seeded_url, rate_limit=True) as client:
        codes = [client.get("/v1/search", params={"q": q}).status_code for q in queries]
        assert codes == [200] * 75
        resolve = [client.get("/v1/resolve", params={"name": q}).status_code for q in words]
        assert resolve == [200] * len(words)
