"""Settings from the environment (prefix ``MASDAR_``); nothing is read at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.access import SETTING
from app.deadlines import Limits, Timeouts

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = PROJECT_ROOT / "var" / "masdar.db"
PROPOSE_MAX_CHARS = 100_000
ARTICLE_ENVELOPE = 64 * 1024
"""Bytes a source's body needs besides its text (id, title, notes, a few citations)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MASDAR_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_SQLITE}",
        description="SQLAlchemy URL; sqlite:///path or postgresql+psycopg://user@host/db",
    )
    read_database_url: str | None = Field(
        default=None, description="Optional read replica: GET and HEAD requests read from it."
    )
    seed_dir: Path = PROJECT_ROOT / "data" / "seed"
    seed_on_start: bool = Field(
        default=True, description="Seed an empty database when `masdar serve` starts."
    )
    telemetry: bool = Field(
        default=False,
        description="FastAPI's OpenTelemetry spans, metrics and logs (on|off). Off, FastAPI "
        "skips its per-request provider checks: a cached answer's time in the app went "
        "from 38 to 13 µs.",
    )
    gc_freeze: bool = Field(
        default=False,
        description="After start-up, hide start-up's objects from the garbage collector "
        "(gc.freeze; on|off): a full collection then scans only what requests allocate, "
        "not the stemmer's keys and the models, which held every request for 130 ms. "
        "`masdar serve` turns it on unless set; off elsewhere (a process that builds "
        "several apps, the suite's, would keep each one's objects for its life).",
    )
    switch_interval_ms: float | None = Field(
        default=None,
        gt=0,
        le=100,
        description="How long a Python thread may hold the GIL while another waits for it "
        "(sys.setswitchinterval; Python's default is 5 ms). `masdar serve` sets 0.5 unless "
        "set: under a mixed load on PostgreSQL a write's ~30 statements each waited for the "
        "GIL behind a read's CPU work, with the write lock held (mixed p99 / read-only p99 "
        "1.84 with 5 ms, 1.40 with 0.5 ms: bench/README.md). Unset elsewhere (it is the "
        "whole process's, and the suite builds many apps in one).",
    )
    threads: int | None = Field(
        default=None,
        ge=1,
        le=512,
        description="Threads for reads (app/readers.py; FastAPI's default is 40). Unset: 1 "
        "on SQLite, 2 on PostgreSQL. On SQLite a read is CPU work that a second thread only "
        "fights over the GIL for (one thread takes read after read from the queue without "
        "sleeping: bench/README.md, tuning notes); on PostgreSQL a read "
        "also waits on the network, and with 8, writes queued behind reads under a mixed "
        "load (p99 ten times the read-only one: bench/mixed.md). A read waiting on a hung "
        "database does not hold up the others past their deadline (app/readers.py).",
    )

    def worker_threads(self) -> int:
        """``threads``, or its default for the database in ``database_url``."""
        if self.threads is not None:
            return self.threads
        return 1 if self.database_url.startswith("sqlite") else 2

    write_threads: int | None = Field(
        default=None,
        ge=0,
        le=64,
        description="Threads for writes, apart from the readers' (app/api/deps.py ``write``). "
        "Unset: 2 on SQLite (one in its transaction at a time, the other preparing or "
        "answering; with one, writes queued behind each other under a mixed load: "
        "bench/mixed.md), 4 on PostgreSQL; 0: anyio's default threads, those FastAPI runs "
        "sync code in (``MASDAR_THREADS`` of them, apart from the readers' too).",
    )

    def writer_threads(self) -> int:
        """``write_threads``, or its default for the database in ``database_url``."""
        if self.write_threads is not None:
            return self.write_threads
        return 2 if self.database_url.startswith("sqlite") else 4

    pool_size: int = Field(default=32, ge=1, le=512)
    pool_max_overflow: int = Field(default=16, ge=0, le=512)
    pool_timeout: float = Field(
        default=5.0, gt=0, description="Seconds to wait for a connection before answering 503."
    )
    ready_timeout: float = Field(
        default=2.0, gt=0, description="Seconds /health/ready waits for the database."
    )
    read_timeout: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description="Seconds a read (GET/HEAD) may wait on the database before a 503.",
    )
    write_timeout: float = Field(
        default=15.0,
        gt=0,
        le=3600,
        description="Seconds a write may take on the database before a 503 (rolled back).",
    )
    lock_timeout: float = Field(
        default=5.0,
        gt=0,
        le=3600,
        description="Seconds a write waits for a lock (PostgreSQL lock_timeout, SQLite "
        "busy_timeout); other writers hold it only for their own write.",
    )
    poll_timeout: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="Seconds the response cache's data-version check may take (in the "
        "background: a cached answer never waits for it).",
    )
    cache_max_age: int = Field(default=300, ge=0, description="Cache-Control max-age, seconds.")
    response_cache: bool = Field(
        default=True, description="Serve repeated GET /v1/* from memory (on|off)."
    )
    list_shortcut: bool = Field(
        default=True,
        description="Answer unfiltered GET /v1/<list>?limit=&cursor= without FastAPI's "
        "routing and validation (same code and bytes; app/api/shortcut.py) (on|off).",
    )
    response_cache_entries: int = Field(default=1024, ge=1, description="Most responses kept.")
    response_cache_bytes: int = Field(
        default=64 * 2**20, ge=0, description="Most bytes kept (bodies and headers)."
    )
    response_cache_poll: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="Seconds between checks of the data version made by other processes.",
    )
    cors_origins: str = Field(default="*", description="Comma-separated origins allowed by CORS.")
    cors_methods: str = Field(
        default="GET,HEAD,OPTIONS",
        description="Comma-separated methods CORS allows; add POST,PATCH,DELETE only for a "
        "browser-based curation tool on a trusted origin (writes need a key anyway).",
    )
    max_body_bytes: int = Field(
        default=2**20,
        ge=1024,
        description="Larger request bodies get 413 before being read. It must hold the "
        "longest article (MASDAR_PROPOSE_MAX_CHARS) however a client encodes it: see "
        "`article_fits`.",
    )
    rate_limit: bool = Field(default=True, description="Rate limit writes and heavy reads.")
    rate_limit_writes_per_minute: float = Field(default=60, gt=0)
    rate_limit_writes_burst: int = Field(default=30, ge=1)
    rate_limit_reads_per_minute: float = Field(default=300, gt=0)
    rate_limit_reads_burst: int = Field(default=60, ge=1)
    rate_limit_heavy_paths: str = Field(
        default="/v1/export.jsonld,/v1/stats,/v1/conflicts,/v1/claims",
        description="Comma-separated GET paths rate limited as heavy reads (per process).",
    )
    rate_limit_search_per_minute: float = Field(
        default=600,
        gt=0,
        description="Search-box requests a client may sustain: 10 a second, faster than anyone "
        "types (a query per keystroke at 8 keystrokes a second never waits).",
    )
    rate_limit_search_burst: int = Field(
        default=120,
        ge=1,
        description="Search-box requests a client may send at once before the rate applies.",
    )
    rate_limit_search_paths: str = Field(
        default="/v1/search,/v1/resolve,/v1/check,/check",
        description="Comma-separated paths with the search-box limits (per process): GET, "
        "and POST too (a fact-check sends its text in a body, but it is a read).",
    )
    rate_limit_auth_failures_per_minute: float = Field(
        default=10,
        gt=0,
        description="Requests with a malformed, unknown, revoked or expired key, "
        "per client address, on rate-limited paths (they count against the address too).",
    )
    rate_limit_auth_failures_burst: int = Field(default=10, ge=1)
    public_url: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        description="The public base URL (e.g. https://masdar.example.org, behind a proxy): "
        "JSON-LD @ids, annotation IRIs, the OpenAPI server and the links MCP results give to "
        "figure pages and highlighted quotes start with it. Unset: the request's own base "
        "over HTTP, http://127.0.0.1:8000 (where `masdar serve` listens) over stdio.",
    )
    mcp: bool = Field(
        default=True,
        description="Serve the MCP tools over streamable HTTP at /mcp (on|off); "
        "`masdar mcp` serves them over stdio either way.",
    )
    propose_max_chars: int = Field(
        default=PROPOSE_MAX_CHARS,
        ge=1_000,
        le=2_000_000,
        description="Longest article text (code points) masdar reads for proposals; a longer "
        "one is refused with 422 naming this limit.",
    )
    log_level: str = "info"
    access_log: str = Field(
        default="on",
        pattern=SETTING.pattern,
        description="One JSON line per request on stdout (app/access.py): `on`, `off`, or "
        "`sample:N` (one request in N, and every 5xx).",
    )

    @model_validator(mode="after")
    def article_fits(self) -> Settings:
        """The body limit and the article limit agree: a ``POST /v1/sources`` whose text
        is as long as masdar accepts (``propose_max_chars`` code points) fits in the body
        limit even when the client escapes every character as ``\\uXXXX`` (6 bytes, what
        Python's ``json.dumps`` sends), with ``ARTICLE_ENVELOPE`` bytes to spare for the
        other fields. Otherwise an article the API says it accepts would get a 413."""
        need = 6 * self.propose_max_chars + ARTICLE_ENVELOPE
        if self.max_body_bytes < need:
            raise ValueError(
                f"MASDAR_MAX_BODY_BYTES ({self.max_body_bytes}) cannot hold an article of "
                f"MASDAR_PROPOSE_MAX_CHARS ({self.propose_max_chars}) characters: set it to "
                f"at least {need} (6 bytes a character, escaped, and {ARTICLE_ENVELOPE} for "
                "the rest of the body), or lower MASDAR_PROPOSE_MAX_CHARS"
            )
        return self

    def timeouts(self) -> Timeouts:
        """What each request class may wait on the database (app/deadlines.py)."""
        return Timeouts(
            read=Limits(self.read_timeout, min(self.lock_timeout, self.read_timeout)),
            write=Limits(self.write_timeout, min(self.lock_timeout, self.write_timeout)),
            health=Limits(self.ready_timeout, self.ready_timeout),
            poll=Limits(self.poll_timeout, self.poll_timeout),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
