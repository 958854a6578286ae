"""A public read costs one hop to the thread pool: its database work (``deps.read``, which
opens and closes the session in that thread). Dependencies, validation and serialisation
run on the event loop.

A ``yield`` session dependency or a sync dependency costs a hop each, and a hop costs about
as much as a page's SQL (docs/benchmarks.md); this keeps a new route from adding them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from app import readers


@contextmanager
def count_hops() -> Iterator[list[tuple[str, bool]]]:
    """Hops to the readers' threads (app/readers.py) and to anyio's (sync routes and
    dependencies, writes): per hop, what ran and whether it named a limiter (the
    writers')."""
    calls: list[tuple[str, bool]] = []
    original, pooled = anyio.to_thread.run_sync, readers.POOL.run

    def name(func: Callable[..., Any]) -> str:
        return getattr(func, "__qualname__", repr(func))

    async def counting(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        calls.append((name(func), kwargs.get("limiter") is not None))
        return await original(func, *args, **kwargs)

    async def counting_pool(func: Callable[..., Any], *args: Any) -> Any:
        calls.append((name(func), False))
        return await pooled(func, *args)

    with (
        mock.patch.object(anyio.to_thread, "run_sync", counting),
        mock.patch.object(readers.POOL, "run", counting_pool),
    ):
        yield calls


READS = [
    "/v1/figures?limit=5",
    "/v1/figures?kind=fund&source=003",
    "/v1/figures/dakhla-capacity-000",
    "/v1/funds",
    "/v1/targets",
    "/v1/initiatives",
    "/v1/partners?facets=country",
    "/v1/people",
    "/v1/events",
    "/v1/sources",
    "/v1/sources/000/text",
    "/v1/citations/01c0cbc97155",
    "/v1/claims",
    "/v1/conflicts",
    "/v1/search?q=الداخلة",
    "/v1/resolve?name=Mistral",
    "/v1/stats",
    "/v1/timeline",
    "/v1/initiatives/jazari-network/history",
    "/sources/000",
    "/figures/dakhla-capacity-000",
    "/dashboard",
]


@pytest.fixture
def uncached(make_client: Callable[..., TestClient], seeded_url: str) -> Iterator[TestClient]:
    with make_client(seeded_url, response_cache=False, rate_limit=False) as c:
        yield c


@pytest.mark.parametrize("path", READS)
def test_a_read_takes_one_hop_to_the_thread_pool(uncached: TestClient, path: str) -> None:
    with count_hops() as hops:
        r = uncached.get(path)
    assert r.status_code == 200, (path, r.text[:300])
    assert len(hops) == 1, (path, hops)


def test_the_thread_pools_have_the_configured_size(
    make_client: Callable[..., TestClient], seeded_url: str
) -> None:
    async def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with make_client(seeded_url, threads=3) as c:
        assert c.portal is not None
        assert c.portal.call(tokens) == 3
        assert readers.POOL.size == 3


def test_the_default_pools() -> None:
    from app.config import Settings

    assert Settings(database_url="sqlite:///x.db").worker_threads() == 1
    assert Settings(database_url="postgresql+psycopg://u@h/db").worker_threads() == 2
    assert Settings(database_url="sqlite:///x.db", threads=5).worker_threads() == 5
    assert Settings(database_url="sqlite:///x.db").writer_threads() == 2
    assert Settings(database_url="postgresql+psycopg://u@h/db").writer_threads() == 4
    assert Settings(database_url="sqlite:///x.db", write_threads=0).writer_threads() == 0


@pytest.mark.parametrize("rate_limit", [True, False])
def test_a_write_takes_no_hop_in_the_readers_pool(
    make_client: Callable[..., TestClient], seeded_url: str, rate_limit: bool
) -> None:
    """A write's key check, its dependencies and its work run on the event loop or in the
    writers' threads (``deps.write``), never queued behind reads in the readers' pool."""
    from tests.curation.conftest import make_key, partner_body

    _, token = make_key(seeded_url)
    auth = {"Authorization": f"Bearer {token}"}
    with make_client(seeded_url, response_cache=False, rate_limit=rate_limit) as c:
        with count_hops() as hops:
            r = c.post("/v1/partners", headers=auth, json=partner_body("hop-co"))
            assert r.status_code == 201, r.text
            tag = r.headers["etag"]
            r = c.patch(
                "/v1/partners/hop-co",
                headers={**auth, "If-Match": tag},
                json={"description": "A company that hops"},
            )
            assert r.status_code == 200, r.text
    assert hops and all(writers for _, writers in hops), hops
