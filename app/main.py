"""The application factory. Nothing happens at import: ``create_app`` builds everything."""

from __future__ import annotations

import gc
import logging
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from importlib.metadata import version
from importlib.resources import files
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.routing import Route

from app import access, migrate, readers
from app.api import health, openapi, v1
from app.api.methods import MethodsMiddleware
from app.api.negotiation import NegotiationMiddleware
from app.api.shortcut import ListShortcut
from app.caching import ETagMiddleware, ResponseCache, ResponseCacheMiddleware
from app.config import Settings
from app.db import make_engine, reading
from app.deadlines import DeadlineMiddleware
from app.errors import MasdarError, install_handlers
from app.limits import LimitsMiddleware, RateLimiter
from app.mcp.http import PATH, McpEndpoint, SplitCORS
from app.mcp.reader import Reader
from app.mcp.server import build_server
from app.middleware import CoreMiddleware, docs_csp
from app.search import stem
from app.web import router as web_router
from app.web.check import router as check_router
from app.web.dashboard import router as dashboard_router

log = logging.getLogger("masdar")

DESCRIPTION = """
masdar (مصدر, "source") serves a structured knowledge base of Morocco's national AI
strategy, built from five Arabic news articles. **Every figure carries its citations**:
the article, the verbatim quote, and its code-point offsets into the article text
(`text[start:end] == quote`). English names and descriptions are masdar's own
translation (see each record's `*_basis` field). Errors are RFC 9457 problem+json.
"""


class _State:
    """What the middleware reads on every request (kept out of FastAPI's state lookup)."""

    prepared = False


def _prepare_in_background(app: FastAPI, settings: Settings, engine: Engine) -> None:
    """Retry start-up work until the database answers; the process stays alive meanwhile."""
    stop: threading.Event = app.state.stop
    delay = 0.5
    while not stop.is_set():
        try:
            migrate.prepare(settings, engine)
        except Exception as exc:  # unreachable database: keep trying
            log.warning("start-up waits for the database: %s", type(exc).__name__)
            stop.wait(delay)
            delay = min(delay * 2, 5.0)
            continue
        _mark_prepared(app, engine)
        return


def _mark_prepared(app: FastAPI, engine: Engine) -> None:
    from app.services.meta import data_version

    app.state.data_version = data_version(engine)
    app.state.core.prepared = True


def settle_heap() -> None:
    """Start-up's objects live as long as the process: the stemmer's keys of every seed
    word, qalsadi, the models and routes. ``gc.freeze`` takes them out of the collector's
    sight, so a full collection scans only what requests allocate. Left in, a full
    collection walked them all: 136 ms, every request in flight waiting (the tail of cold
    searches at 8 connections, docs/benchmarks.md). The stemmer's keys are loaded first,
    not at the first search, to be frozen too."""
    stem.keys("مراكز")
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = engine or make_engine(settings)
    core = _State()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.stop = threading.Event()
        # the readers' threads (app/readers.py), and the pool every sync route and
        # dependency runs in (anyio's default limiter): the same size
        readers.POOL.size = threads = settings.worker_threads()
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        try:
            migrate.prepare(settings, engine)
            _mark_prepared(app, engine)
        except Exception as exc:
            if isinstance(exc, MasdarError):  # a bad URL or seed: fail loudly, don't retry
                raise
            log.warning("database not reachable at start-up (%s); retrying", type(exc).__name__)
            threading.Thread(
                target=_prepare_in_background, args=(app, settings, engine), daemon=True
            ).start()
        async with AsyncExitStack() as running:
            if app.state.mcp is not None:
                await running.enter_async_context(app.state.mcp.running())
            if settings.gc_freeze:
                settle_heap()
            if settings.switch_interval_ms is not None:
                sys.setswitchinterval(settings.switch_interval_ms / 1000)
            yield
        app.state.stop.set()
        access.flush()  # the last requests' lines, before the process exits

    app = FastAPI(
        title="masdar",
        version=version("masdar"),  # pyproject.toml's, as installed
        summary="A cited knowledge base of Morocco's national AI strategy",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=openapi.operation_id,
        docs_url=None,
        redoc_url=None,
        telemetry=None
        if settings.telemetry
        else {"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.key_engine = reading(engine)  # key lookups: the primary, in autocommit
    app.state.read_engine = (
        reading(make_engine(settings, settings.read_database_url))
        if settings.read_database_url
        else app.state.key_engine  # the same autocommit view of the primary
    )
    app.state.core = core
    app.state.data_version = None
    limiter = app.state.rate_limiter = (
        RateLimiter(
            writes_per_minute=settings.rate_limit_writes_per_minute,
            writes_burst=settings.rate_limit_writes_burst,
            reads_per_minute=settings.rate_limit_reads_per_minute,
            reads_burst=settings.rate_limit_reads_burst,
            heavy_paths=settings.rate_limit_heavy_paths,
            search_per_minute=settings.rate_limit_search_per_minute,
            search_burst=settings.rate_limit_search_burst,
            search_paths=settings.rate_limit_search_paths,
            auth_failures_per_minute=settings.rate_limit_auth_failures_per_minute,
            auth_failures_burst=settings.rate_limit_auth_failures_burst,
        )
        if settings.rate_limit
        else None
    )
    install_handlers(app)
    app.include_router(health.router)
    v1.include(app)
    app.include_router(web_router)
    app.include_router(dashboard_router)
    app.include_router(check_router)
    app.state.mcp = _mcp(app, settings, limiter) if settings.mcp else None
    _offline_docs(app)
    openapi.install(app, settings)
    if settings.list_shortcut and not settings.telemetry:  # innermost: the middleware
        # added below sees its answers too; telemetry's route spans come from FastAPI
        app.add_middleware(ListShortcut, lists=v1.UNFILTERED)
    app.add_middleware(NegotiationMiddleware)  # a 406 before any route runs, with CORS
    methods = [m.strip().upper() for m in settings.cors_methods.split(",") if m.strip()]
    writes = bool({"POST", "PUT", "PATCH", "DELETE"} & set(methods))
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    api_cors: dict[str, Any] = {
        "allow_origins": origins,
        "allow_methods": methods,  # reads only unless MASDAR_CORS_METHODS adds writes
        "allow_headers": [
            "If-None-Match",
            "Accept",
            "X-Request-ID",
            *(["Authorization", "Content-Type", "If-Match"] if writes else []),
        ],
        "expose_headers": [
            "ETag",
            "Link",
            "X-Request-ID",
            *(["Location", "Retry-After"] if writes else []),
        ],
        "max_age": 600,
    }
    if app.state.mcp is not None:  # /mcp takes POSTs with MCP's headers from those origins
        app.add_middleware(SplitCORS, api=api_cors, origins=origins)
    else:
        app.add_middleware(CORSMiddleware, **api_cors)
    app.add_middleware(ETagMiddleware, max_age=settings.cache_max_age)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(  # inside the response cache: a cached hit is never rate limited
        LimitsMiddleware,
        max_body_bytes=settings.max_body_bytes,
        limiter=limiter,
        engine=app.state.key_engine,
    )
    # every request's wait on the database is bounded by its class (outside the limits,
    # inside the response cache: a cached answer needs no deadline)
    app.add_middleware(DeadlineMiddleware, timeouts=settings.timeouts())
    app.state.response_cache = None
    if settings.response_cache:  # outside GZip: a hit skips everything below
        app.state.response_cache = ResponseCache(
            settings.response_cache_entries, settings.response_cache_bytes
        )
        app.add_middleware(
            ResponseCacheMiddleware,
            cache=app.state.response_cache,
            state=app.state,
            engine=app.state.read_engine,
            poll_interval=settings.response_cache_poll,
            poll_timeout=settings.poll_timeout,
        )
    app.add_middleware(MethodsMiddleware)  # HEAD as GET for everything inside
    app.add_middleware(
        CoreMiddleware, state=core, access=access.AccessLog(access.every(settings.access_log))
    )
    return app


def _mcp(app: FastAPI, settings: Settings, limiter: RateLimiter | None) -> McpEndpoint:
    """The MCP tools at /mcp (app/mcp/http.py), reading as the REST routes read."""
    reader = Reader(app.state.read_engine, public_url=settings.public_url, limiter=limiter)
    endpoint = McpEndpoint(build_server(reader), settings)
    app.router.routes.append(Route(PATH, endpoint, include_in_schema=False))
    return endpoint


def _offline_docs(app: FastAPI) -> None:
    """Swagger UI and ReDoc from assets served by masdar itself (no CDN)."""
    static = files("fastapi_offline") / "static"
    app.mount("/static/docs", StaticFiles(directory=str(static)), name="docs-static")

    swagger_page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="masdar — API docs",
        swagger_js_url="/static/docs/swagger-ui-bundle.js",
        swagger_css_url="/static/docs/swagger-ui.css",
        swagger_favicon_url="/static/docs/favicon.png",
    ).body
    redoc_page = get_redoc_html(
        openapi_url="/openapi.json",
        title="masdar — API reference",
        redoc_js_url="/static/docs/redoc.standalone.js",
        redoc_favicon_url="/static/docs/favicon.png",
        with_google_fonts=False,
    ).body

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return HTMLResponse(
            swagger_page, headers={"Content-Security-Policy": docs_csp(bytes(swagger_page))}
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(
            redoc_page, headers={"Content-Security-Policy": docs_csp(bytes(redoc_page))}
        )
