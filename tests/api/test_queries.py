"""Reading takes a fixed number of queries per request, whatever the page size (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event


@contextmanager
def count_queries(client: TestClient) -> Iterator[list[str]]:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def on_execute(*args: object) -> None:
        statement = str(args[2])
        if "FROM meta" not in statement:  # the response cache's data-version poll (timer)
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/v1/figures", 3),
        ("/v1/funds", 9),
        ("/v1/targets", 6),
        ("/v1/initiatives", 7),
        ("/v1/partners", 5),
        ("/v1/people", 5),
        ("/v1/events", 7),
        ("/v1/sources", 2),
    ],
)
def test_queries_do_not_grow_with_the_page(client: TestClient, path: str, most: int) -> None:
    counts = []
    for limit in (1, 5, 200):
        with count_queries(client) as seen:
            assert client.get(f"{path}?limit={limit}").status_code == 200
        counts.append(len(seen))
    # a page of 200 records costs at most a fixed handful of queries, not one per record
    assert max(counts) <= most, (path, counts)


def test_list_statements_are_built_once(client: TestClient) -> None:
    """Unfiltered pages reuse one statement per list; repeating a request adds none."""
    from app.services import pages

    paths = ["/v1/sources", "/v1/figures", "/v1/funds", "/v1/partners", "/v1/events"]
    for path in paths:  # at most one new statement per list and cursor shape
        assert client.get(f"{path}?limit=1").status_code == 200
    before = len(pages._UNFILTERED)
    for limit in (1, 2, 3):
        for path in paths:
            assert client.get(f"{path}?limit={limit}").status_code == 200
    assert len(pages._UNFILTERED) == before
