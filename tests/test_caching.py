"""The response cache: hits skip the app, ETag revalidation, freshness, bounds."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.caching import Entry, ResponseCache, bump_data_version

LIST = "/v1/figures?limit=5"


def test_a_hit_is_the_same_response_with_its_own_request_id(
    make_client: Callable[..., TestClient], seeded_url: str
) -> None:
    with make_client(seeded_url) as c:
        cache: ResponseCache = c.app.state.response_cache  # type: ignore[attr-defined]
        first, second = c.get(LIST), c.get(LIST)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert first.headers["etag"] == second.headers["etag"]
        assert first.headers["x-request-id"] != second.headers["x-request-id"]
        assert second.headers["x-content-type-options"] == "nosniff"
        assert cache.stats()["hits"] >= 1


def test_if_none_match_is_answered_304_from_the_cache(
    make_client: Callable[..., TestClient], seeded_url: str
) -> None:
    with make_client(seeded_url) as c:
        etag = c.get(LIST).headers["etag"]
        hits = c.app.state.response_cache.hits  # type: ignore[attr-defined]
        r = c.get(LIST, headers={"If-None-Match": etag})
        assert r.status_code == 304 and r.content == b""
        assert r.headers["etag"] == etag
        assert c.app.state.response_cache.hits == hits + 1  # type: ignore[attr-defined]
        # a miss with If-None-Match still fills the cache and answers 304
        assert c.get("/v1/figures?limit=6", headers={"If-None-Match": etag}).status_code == 200
        etag6 = c.get("/v1/figures?limit=6").headers["etag"]
        c.app.state.response_cache.clear()  # type: ignore[attr-defined]
        assert c.get("/v1/figures?limit=6", headers={"If-None-Match": etag6}).status_code == 304


def test_csv_and_json_are_separate_entries(
    make_client: Callable[..., TestClient], seeded_url: str
) -> None:
    with make_client(seeded_url) as c:
        j = c.get(LIST)
        csv = c.get(LIST, headers={"Accept": "text/csv"})
        assert j.headers["content-type"].startswith("application/json")
        assert csv.headers["content-type"].startswith("text/csv")
        assert c.get(LIST, headers={"Accept": "text/csv"}).content == csv.content


def test_errors_are_not_cached(make_client: Callable[..., TestClient], seeded_url: str) -> None:
    with make_client(seeded_url) as c:
        for _ in range(2):
            assert c.get("/v1/figures/nope").status_code == 404
        assert c.app.state.response_cache.stats()["entries"] == 0  # type: ignore[attr-defined]


def test_a_write_in_this_process_empties_the_cache(
    make_client: Callable[..., TestClient], seeded_url: str
) -> None:
    with make_client(seeded_url) as c:
        c.get(LIST)
        cache: ResponseCache = c.app.state.response_cache  # type: ignore[attr-defined]
        assert cache.stats()["entries"] == 1
        generation = cache.generation
        bump_data_version(c.app, "new-version")
        # the version itself may be re-read from the database at any moment (the first
        # request started that poll in the background): the generation is this write's
        assert cache.generation == generation + 1
        c.get(LIST)
        assert cache.stats()["misses"] == 2


def test_a_write_elsewhere_is_seen_within_the_poll_interval(
    make_client: Callable[..., TestClient], seeded_url: str
) -> None:
    with make_client(seeded_url, response_cache_poll=0.05) as c:
        c.get(LIST)
        engine = create_engine(seeded_url)
        with engine.begin() as conn:  # another process bumps the version
            conn.execute(text("UPDATE meta SET value = 'elsewhere' WHERE key = 'data_version'"))
        engine.dispose()
        time.sleep(0.1)
        cache: ResponseCache = c.app.state.response_cache  # type: ignore[attr-defined]
        c.get(LIST)  # the check is due: it starts, and this answer does not wait for it
        assert (cache.hits, cache.misses) == (1, 1)
        deadline = time.monotonic() + 5
        while c.app.state.data_version != "elsewhere" and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.01)
        assert c.app.state.data_version == "elsewhere"  # type: ignore[attr-defined]
        c.get(LIST)
        assert (cache.hits, cache.misses) == (1, 2)


def test_cache_off(make_client: Callable[..., TestClient], seeded_url: str) -> None:
    with make_client(seeded_url, response_cache=False) as c:
        assert c.app.state.response_cache is None  # type: ignore[attr-defined]
        r = c.get(LIST)
        assert r.status_code == 200 and r.headers["etag"]
        assert c.get(LIST, headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_lru_is_bounded_by_entries_and_bytes() -> None:
    cache = ResponseCache(max_entries=2, max_bytes=10_000, max_entry_bytes=5_000)

    def entry(n: int) -> Entry:
        return Entry([(b"etag", b'W/"x"')], b"x" * n, b'W/"x"')

    def key(i: int) -> tuple[bytes, bytes, bytes, bool, None]:
        return (b"/v1/x", str(i).encode(), b"json", False, None)

    for i in range(3):
        cache.put(key(i), entry(10))
    assert list(cache.entries) == [key(1), key(2)]
    cache.get(key(1))  # now the most recent
    cache.put(key(3), entry(4_000))
    assert list(cache.entries) == [key(1), key(3)]
    cache.put(key(4), entry(6_000))  # bigger than one entry may be: not kept
    assert key(4) not in cache.entries
    by_bytes = ResponseCache(max_entries=10, max_bytes=10_000, max_entry_bytes=5_000)
    for i in range(3):
        by_bytes.put(key(i), entry(4_000))
    assert list(by_bytes.entries) == [key(1), key(2)] and by_bytes.bytes <= 10_000
