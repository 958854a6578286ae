"""One error shape for the whole API: RFC 9457 ``application/problem+json``.

Services raise :class:`MasdarError` subclasses; the handlers installed by
:func:`install_handlers` turn them, validation errors and stray exceptions into
problems. Tracebacks go to the log, never to the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("masdar")

PROBLEM_JSON = "application/problem+json"


class MasdarError(Exception):
    status = 500
    title = "Internal error"
    slug = "internal"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers


class NotFound(MasdarError):
    status, title, slug = 404, "Not found", "not-found"


class BadRequest(MasdarError):
    status, title, slug = 400, "Bad request", "bad-request"


class Unprocessable(MasdarError):
    status, title, slug = 422, "Unprocessable content", "validation"


class NotAcceptable(MasdarError):
    status, title, slug = 406, "Not acceptable", "not-acceptable"


class ContentTooLarge(MasdarError):
    status, title, slug = 413, "Content too large", "too-large"


class TooManyRequests(MasdarError):
    status, title, slug = 429, "Too many requests", "rate-limited"


class Unavailable(MasdarError):
    status, title, slug = 503, "Service unavailable", "unavailable"


class Unauthorized(MasdarError):
    """No usable API key: always sent with ``WWW-Authenticate: Bearer``."""

    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str, *, error: str = "invalid_token") -> None:
        challenge = 'Bearer realm="masdar"'
        if error:
            challenge += f', error="{error}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class Forbidden(MasdarError):
    status, title, slug = 403, "Forbidden", "forbidden"


class Conflict(MasdarError):
    status, title, slug = 409, "Conflict", "conflict"


class PreconditionFailed(MasdarError):
    status, title, slug = 412, "Precondition failed", "precondition-failed"


class PreconditionRequired(MasdarError):
    status, title, slug = 428, "Precondition required", "precondition-required"


class ConfigError(MasdarError):
    """A setting is unusable (a malformed database URL...). Raised at start-up."""

    status, title, slug = 500, "Configuration error", "config"


class SeedError(MasdarError):
    """A seed file is wrong; the message names the file, the fact and the problem."""

    status, title, slug = 422, "Seed error", "seed"


def _cancelled(exc: Exception) -> bool:
    return "operation cancelled" in str(getattr(exc, "orig", exc))


def _locked(exc: BaseException) -> bool:
    """A lock wait ran out: PostgreSQL ``lock_timeout`` (SQLSTATE 55P03), SQLite's
    ``busy_timeout`` ("database is locked")."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) == "55P03" or "database is locked" in str(orig)


DATABASE_REFUSED = "A value in the request cannot be stored or compared by the database."
DATABASE_UNAVAILABLE = "The database is unavailable; try again shortly."
DATABASE_LOCKED = (
    "The data is locked by another write (longer than the lock timeout); nothing was "
    "changed: try again shortly."
)


def database_problem(exc: BaseException) -> MasdarError | None:
    """The problem a database error is to the client, or None for any other exception.

    A refused value (``DataError``: a NUL character, a number out of range) is the
    client's input: 422. Anything else from the database (unreachable, a busy pool, a
    lock not granted in time, a request past its deadline (app/deadlines.py), a query
    cancelled by a terminated PostgreSQL backend, which its regular-expression engine
    reports as the data error ``invalid regular expression: operation cancelled``) is an
    outage: 503 with ``Retry-After``. The HTTP handlers below and the MCP tools
    (app/mcp) answer the same."""
    from app.deadlines import CURRENT

    if isinstance(exc, DataError) and not _cancelled(exc):
        return Unprocessable(DATABASE_REFUSED)
    if not isinstance(exc, PoolTimeout | DBAPIError):
        return None
    if _locked(exc):
        return Unavailable(DATABASE_LOCKED, headers={"Retry-After": "1"})
    deadline = CURRENT.get()
    if deadline is not None and deadline.over():  # aborted by its deadline
        return deadline.problem()
    return Unavailable(DATABASE_UNAVAILABLE, headers={"Retry-After": "5"})


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """``extra``: RFC 9457 extension members (documented in ``app.api.responses.Problem``)."""
    body: dict[str, Any] = {
        "type": f"/problems/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    body.update(extra or {})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_STATUS_SLUGS = {
    400: ("Bad request", "bad-request"),
    404: ("Not found", "not-found"),
    405: ("Method not allowed", "method-not-allowed"),
    406: ("Not acceptable", "not-acceptable"),
    413: ("Content too large", "too-large"),
    415: ("Unsupported media type", "unsupported-media-type"),
    422: ("Unprocessable content", "validation"),
    429: ("Too many requests", "rate-limited"),
    503: ("Service unavailable", "unavailable"),
}


def _safe(value: Any) -> Any:
    """Echo client input back only when it is short and printable."""
    if isinstance(value, str):
        cleaned = value.encode("utf-8", "replace").decode("utf-8")
        return cleaned if len(cleaned) <= 200 else cleaned[:200] + "…"
    if isinstance(value, int | float | bool) or value is None:
        return value
    return None


def validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:]) if len(loc) > 1 else where
        item: dict[str, Any] = {"in": where, "name": name, "message": err.get("msg", "")}
        if "input" in err and where in ("query", "path", "header"):
            item["value"] = _safe(err["input"])
        out.append(item)
    return out


def _fresh_connections(request: Request) -> None:
    """Drop pooled connections after a database error, so the next requests open new
    ones: a pre-ping only proves a connection answers, not that it still reaches the
    right database (an SQLite file replaced underneath keeps its old inode open)."""
    state = request.app.state
    for engine in {
        id(e): e for e in (state.engine, getattr(state, "read_engine", None)) if e is not None
    }.values():
        try:
            engine.dispose()
        except Exception:  # disposing is best effort; the next error tries again
            log.debug("engine.dispose failed", exc_info=True)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(MasdarError)
    async def _masdar(request: Request, exc: MasdarError) -> JSONResponse:
        return problem(
            exc.status,
            exc.title,
            exc.detail,
            slug=exc.slug,
            instance=request.url.path,
            errors=exc.errors,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(exc)
        names = ", ".join(sorted({f"{e['in']} parameter {e['name']!r}" for e in errors}))
        return problem(
            422,
            "Invalid request",
            f"Invalid {names}.",
            slug="validation",
            instance=request.url.path,
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title, slug = _STATUS_SLUGS.get(exc.status_code, ("Error", "http"))
        detail = exc.detail if isinstance(exc.detail, str) else title
        headers = dict(exc.headers) if exc.headers else {}
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"No resource at {request.url.path}."
        if exc.status_code == 405:  # Starlette names the first route's methods only
            from app.api.methods import allowed_methods

            allowed = allowed_methods(request.app, request.scope)
            headers["Allow"] = ", ".join(allowed)
            detail = f"{request.method} is not allowed here; allowed: {', '.join(allowed)}."
        return problem(
            exc.status_code,
            title,
            detail,
            slug=slug,
            instance=request.url.path,
            headers=headers or None,
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: Exception) -> JSONResponse:
        """The database refused a value (a NUL character, a number out of its range): the
        client's input, not an outage. Routes validate first; this is the safety net.

        Except a cancelled query: PostgreSQL's regular-expression engine reports a backend
        that is being terminated as ``invalid regular expression: operation cancelled``
        (SQLSTATE 2201B, a data error). That is an outage: 503, as for any other."""
        if _cancelled(exc):
            return await _db(request, exc)
        log.warning("database refused a value: %s", exc)
        return problem(
            422,
            "Unprocessable content",
            DATABASE_REFUSED,
            slug="validation",
            instance=request.scope["path"],
        )

    @app.exception_handler(PoolTimeout)
    @app.exception_handler(OperationalError)
    @app.exception_handler(DBAPIError)
    async def _db(request: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable: %s", type(exc).__name__)
        if not isinstance(exc, PoolTimeout) and not _locked(exc):  # those are healthy
            _fresh_connections(request)
        found = database_problem(exc)
        assert found is not None
        return await _masdar(request, found)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        from app.middleware import SECURITY_HEADERS

        log.exception("unhandled error on %s %s", request.method, request.scope["path"])
        # Starlette answers this one outside every middleware: add what CoreMiddleware would
        headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
        rid = request.scope.get("state", {}).get("request_id")
        if rid:
            headers["X-Request-ID"] = rid
        return problem(
            500,
            "Internal error",
            "An unexpected error occurred; it has been logged.",
            slug="internal",
            instance=request.scope["path"],
            headers=headers,
        )
