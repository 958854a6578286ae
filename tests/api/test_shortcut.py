"""The unfiltered list shortcut (app/api/shortcut.py) answers exactly what FastAPI answers.

Two apps over one seeded database, one with the shortcut and one without
(``list_shortcut=False``), get the same requests; status, headers (but the request id)
and body must be identical, byte for byte. Requests the shortcut must leave to FastAPI
are checked to reach it (by counting calls of the route's dependency).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from fastapi.testclient import TestClient

from app import readers
from app.api import shortcut
from app.api.deps import encode_cursor
from app.api.v1 import UNFILTERED
from tests.conftest import settings_for


@pytest.fixture(scope="module")
def pair(databases: Any, seeded_template: str) -> Iterator[tuple[TestClient, TestClient]]:
    from app.main import create_app

    url = databases.copy(seeded_template)
    apps = [
        create_app(settings_for(url, rate_limit=False, response_cache=False, list_shortcut=on))
        for on in (True, False)
    ]
    with TestClient(apps[0]) as fast, TestClient(apps[1]) as slow:
        yield fast, slow
    for app in apps:
        app.state.engine.dispose()


def _same(fast: TestClient, slow: TestClient, url: str, **kw: Any) -> Any:
    a, b = fast.get(url, **kw), slow.get(url, **kw)
    assert a.status_code == b.status_code, url
    strip = {"x-request-id"}
    assert [(k, v) for k, v in a.headers.items() if k not in strip] == [
        (k, v) for k, v in b.headers.items() if k not in strip
    ], url
    assert a.content == b.content, url
    return a


@pytest.mark.parametrize("path", sorted(UNFILTERED))
def test_every_page_of_every_list_is_identical(pair: Any, path: str) -> None:
    fast, slow = pair
    first = _same(fast, slow, path)
    assert first.status_code == 200
    seen = len(first.json()["items"])
    url: str | None = f"{path}?limit=2"
    pages = 0
    while url is not None and pages < 100:
        page = _same(fast, slow, url)
        assert page.status_code == 200
        cursor = page.json()["next_cursor"]
        url = f"{path}?cursor={cursor}&limit=2" if cursor else None
        pages += 1
    assert url is None and pages >= min(seen, 2) // 2
    for query in ("limit=1", "limit=200", "limit=0", "limit=201", "limit=-1", "limit=x"):
        _same(fast, slow, f"{path}?{query}")


def test_figures_first_page_carries_dakhla_with_its_quote(pair: Any) -> None:
    fast, slow = pair
    body = _same(fast, slow, "/v1/figures?limit=200").json()
    dakhla = next(i for i in body["items"] if i["id"] == "dakhla-capacity-000")
    assert dakhla["value"] == 500 and dakhla["unit"] == "MW"
    assert dakhla["citations"] and all(c["quote"] for c in dakhla["citations"])


@pytest.mark.parametrize(
    "query",
    [
        "kind=fund",
        "limit=5&limit=6",
        "cursor=%3D%3D",
        "cursor=!!",
        "cursor=" + encode_cursor("dakhla") + "&cursor=" + encode_cursor("x"),
        "facets=kind",
        "format=csv",
        "include_retracted=true",
        "limit=5&bogus=1",
        "limit=%35",
        "limit=05",
        "",
    ],
)
def test_other_shapes_are_left_to_fastapi(pair: Any, query: str) -> None:
    fast, slow = pair
    handled = query == ""  # only the plain list is the shortcut's
    with mock.patch.object(shortcut, "_load", wraps=shortcut._load) as load:
        _same(fast, slow, f"/v1/figures?{query}" if query else "/v1/figures")
    assert load.called is handled


def test_csv_by_accept_header_is_left_to_fastapi(pair: Any) -> None:
    fast, slow = pair
    with mock.patch.object(shortcut, "_load", wraps=shortcut._load) as load:
        r = _same(fast, slow, "/v1/figures", headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv") and not load.called
    with mock.patch.object(shortcut, "_load", wraps=shortcut._load) as load:
        r = _same(fast, slow, "/v1/figures", headers={"Accept": "application/json"})
    assert r.headers["content-type"] == "application/json" and load.called


def test_a_cursor_that_is_not_ours_gets_fastapis_problem(pair: Any) -> None:
    fast, slow = pair
    r = _same(fast, slow, "/v1/figures?cursor=" + encode_cursor("\x00"))
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["name"] == "cursor"


def test_shapes() -> None:
    assert shortcut.parse(b"") == (50, None)
    assert shortcut.parse(b"limit=7") == (7, None)
    assert shortcut.parse(b"cursor=" + encode_cursor("k").encode() + b"&limit=200") == (200, "k")
    for bad in (b"limit=201", b"limit=0", b"limit=", b"limit=5&", b"&limit=5", b"limit=5&limit=5"):
        assert shortcut.parse(bad) is None, bad
    assert shortcut.parse("cursor=é".encode()) is None


def test_a_database_error_is_the_apps_own_503(pair: Any) -> None:
    from sqlalchemy.exc import OperationalError

    def down(*_: Any, **__: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("gone"))

    with (
        mock.patch("app.services.figures.gather", down),
        mock.patch.object(shortcut, "_load", wraps=shortcut._load) as load,
    ):
        r = _same(*pair, "/v1/figures")
    assert load.called  # the shortcut's own error path, answered as FastAPI answers
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"] == "5"


def test_an_unexpected_error_is_still_a_problem_500(pair: Any) -> None:
    fast, _ = pair

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("a bug")

    with mock.patch("app.services.figures.gather", broken):
        r = TestClient(fast.app, raise_server_exceptions=False).get("/v1/figures")
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert "a bug" not in r.text and "Traceback" not in r.text


def test_telemetry_on_leaves_every_list_to_fastapi(make_client: Any, seeded_url: str) -> None:
    with (
        make_client(seeded_url, telemetry=True) as c,
        mock.patch.object(shortcut, "_load", wraps=shortcut._load) as load,
    ):
        assert c.get("/v1/figures").status_code == 200
    assert not load.called


@pytest.mark.parametrize(
    ("root", "path", "route"),
    [
        ("", "/v1/figures", "/v1/figures"),
        ("/api", "/api/v1/figures", "/v1/figures"),
        ("/api", "/api", ""),
        ("/api", "/apiv1/figures", "/apiv1/figures"),
        ("/api", "/v1/figures", "/v1/figures"),
    ],
)
def test_route_path_is_the_path_after_the_mount_point(root: str, path: str, route: str) -> None:
    assert shortcut.route_path({"root_path": root, "path": path}) == route


def test_behind_a_proxy_prefix_the_shortcut_answers_as_fastapi(pair: Any) -> None:
    fast, slow = (TestClient(c.app, root_path="/api") for c in pair)
    with mock.patch.object(shortcut, "_load", wraps=shortcut._load) as load:
        r = _same(fast, slow, "/api/v1/figures?limit=200")
    assert load.called and r.status_code == 200
    dakhla = next(i for i in r.json()["items"] if i["id"] == "dakhla-capacity-000")
    assert dakhla["value"] == 500 and dakhla["unit"] == "MW"


def test_the_figures_list_is_written_on_the_event_loop_not_in_the_reader(pair: Any) -> None:
    """The shortcut's figures page runs its queries in a reader thread and writes its items
    on the event loop (figures.list_figures_gathered): the reader's work is what the
    cache-off list's rate follows (bench/README.md, tuning notes)."""
    import threading

    from app.services import figures

    fast, _ = pair
    where: list[str] = []
    real = figures.public_figures

    def spy(*args: Any) -> Any:
        where.append(threading.current_thread().name)
        return real(*args)

    with mock.patch.object(figures, "public_figures", spy):
        r = fast.get("/v1/figures?limit=50")
    assert r.status_code == 200
    dakhla = next(f for f in r.json()["items"] if f["value"] == 500 and f["unit"] == "MW")
    assert dakhla["value_basis"] == "article" and dakhla["citations"]
    assert len(where) == 1 and where[0] != readers.POOL.name
