"""The masdar command: serve, mcp, migrate, seed, export, check, propose, keys."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from app.config import Settings
from app.errors import MasdarError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def _engine(settings: Settings) -> Engine:
    from app.db import make_engine

    return make_engine(settings)


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from app.migrate import downgrade_to_base, migrate_to_head

    engine = _engine(settings)
    if args.base:
        downgrade_to_base(settings.database_url)
        print("migrated down to base")
    else:
        migrate_to_head(settings.database_url, engine)
        print("migrated to head")
    return 0


def cmd_seed(settings: Settings, args: argparse.Namespace) -> int:
    from app.migrate import migrate_to_head, seed_database

    engine = _engine(settings)
    migrate_to_head(settings.database_url, engine)
    started = time.perf_counter()
    changed, report = seed_database(engine, args.seed_dir or settings.seed_dir, force=args.force)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        print("\n".join(report))
    print(f"seed {'loaded' if changed else 'unchanged (already loaded)'} in {elapsed:.2f} s")
    return 0


def log_config(level: str) -> dict[str, object]:
    """uvicorn's logging, plus masdar's own messages (the access log is app/access.py's)."""
    from uvicorn.config import LOGGING_CONFIG

    cfg: dict[str, Any] = {**LOGGING_CONFIG}
    cfg["loggers"] = {
        **LOGGING_CONFIG["loggers"],
        "masdar": {"handlers": ["default"], "level": level.upper(), "propagate": False},
    }
    return cfg


SERVE_SWITCH_INTERVAL_MS = 0.5
"""``masdar serve``'s GIL switch interval (``MASDAR_SWITCH_INTERVAL_MS``, app/config.py)."""


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    if "MASDAR_GC_FREEZE" not in os.environ:  # the server's default (app/main.py settle_heap)
        os.environ["MASDAR_GC_FREEZE"] = "on"  # for --workers' processes too
        settings = settings.model_copy(update={"gc_freeze": True})
    if "MASDAR_SWITCH_INTERVAL_MS" not in os.environ:  # the server's default (app/config.py)
        os.environ["MASDAR_SWITCH_INTERVAL_MS"] = str(SERVE_SWITCH_INTERVAL_MS)
        settings = settings.model_copy(update={"switch_interval_ms": SERVE_SWITCH_INTERVAL_MS})

    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": settings.log_level,
        "log_config": log_config(settings.log_level),
        "access_log": False,
        "server_header": False,
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips,
    }
    if args.workers > 1:  # each worker process builds its own app from the environment
        uvicorn.run("app.main:create_app", factory=True, workers=args.workers, **common)
        return 0
    from app.main import create_app

    uvicorn.run(create_app(settings), **common)
    return 0


def cmd_mcp(settings: Settings, args: argparse.Namespace) -> int:
    """The MCP tools over stdio (for a desktop assistant that starts this command). Stdout
    carries the protocol: everything else, logs included, goes to stderr."""
    import anyio

    from app import readers
    from app.mcp.reader import Reader
    from app.mcp.server import build_server
    from app.migrate import prepare

    engine = _engine(settings)
    prepare(settings, engine)  # as `masdar serve`: migrate, seed an empty database
    readers.POOL.size = settings.worker_threads()  # as the app's start-up does
    server = build_server(Reader(engine, public_url=settings.public_url))
    anyio.run(server.run_stdio_async)
    return 0


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    from app.services.check import check_citations

    problems, total = check_citations(_engine(settings))
    for line in problems:
        print(line)
    print(f"{total - len(problems)}/{total} citations match their source text")
    return 1 if problems else 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    from app.seed.export import export_seed

    written = export_seed(_engine(settings), args.out)
    print(f"exported {len(written)} files to {args.out}")
    return 0


def cmd_propose(settings: Settings, args: argparse.Namespace) -> int:
    """Read a text file and print what masdar would propose (nothing is stored)."""
    import re

    from sqlmodel import Session

    from app.migrate import migrate_to_head
    from app.reading.text import script_of
    from app.seed.proposed import to_yaml
    from app.services import proposals

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"masdar propose: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    proposals.check_length(text, settings.propose_max_chars)
    source_id = args.source_id or re.sub(r"[^a-z0-9]+", "-", args.file.stem.lower()).strip("-")
    script, readable = script_of(text)
    engine = _engine(settings)
    migrate_to_head(settings.database_url, engine)
    found = proposals.propose(text, source_id or "article") if readable else []
    with Session(engine) as session:
        rows = proposals.enrich(session, text, [p.unstored(source_id) for p in found])
        taken = proposals.figure_ids(session)
    if args.yaml:
        print(to_yaml(source_id, text, rows, taken), end="")
    else:
        print("\n".join(proposals.describe(source_id, text, rows)))
    if not readable:
        print(
            f"masdar propose: the text is mostly in {script.title()} script; masdar reads "
            "Arabic and English, so it proposes nothing",
            file=sys.stderr,
        )
    return 0


def cmd_keys(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from sqlmodel import Session

    from app.migrate import migrate_to_head
    from app.services import keys

    engine = _engine(settings)
    migrate_to_head(settings.database_url, engine)
    with Session(engine) as session, session.begin():
        if args.keys_command == "create":
            days = args.expires_days
            expires = keys.now() + timedelta(days=days) if days is not None else None
            key, token = keys.create_key(
                session, name=args.name, scope=args.scope, expires_at=expires
            )
            print(token)
            print(
                f"key {key.id} ({key.scope}) created for {key.name!r}; the token above is "
                "shown once, only its SHA-256 is stored",
                file=sys.stderr,
            )
        elif args.keys_command == "revoke":
            key = keys.revoke_key(session, args.id)
            print(f"key {key.id} ({key.name!r}) revoked")
        else:
            for k in keys.list_keys(session):
                d = keys.describe(k)
                print(
                    f"{d['id']}\t{d['name']}\t{d['scope']}\t{d['status']}\t"
                    f"created {d['created_at']}\texpires {d['expires_at'] or 'never'}"
                )
    return 0


def _days(value: str) -> int:
    """A key's lifetime: a whole number of days, at least 1 (0 used to mean "never")."""
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of days") from None
    if days < 1:
        raise argparse.ArgumentTypeError(
            f"must be at least 1 day, not {days} (leave it out for a key that never expires)"
        )
    return days


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="masdar", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="migrate, seed an empty database, and serve the API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="proxies whose X-Forwarded-* headers are trusted",
    )
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser(
        "mcp", help="serve the MCP tools over stdio (for desktop assistants; docs/mcp.md)"
    )
    p.set_defaults(func=cmd_mcp)
    p = sub.add_parser("migrate", help="apply Alembic migrations (to head, or --base)")
    p.add_argument("--base", action="store_true", help="downgrade to an empty schema")
    p.set_defaults(func=cmd_migrate)
    p = sub.add_parser("seed", help="load data/seed/ (verified, one transaction, idempotent)")
    p.add_argument("--seed-dir", type=__import__("pathlib").Path, default=None)
    p.add_argument("--quiet", action="store_true", help="omit the coverage report")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the data even if curators changed it (run export first)",
    )
    p.set_defaults(func=cmd_seed)
    p = sub.add_parser("export", help="write the knowledge base in the data/seed/ format")
    p.add_argument("out", type=__import__("pathlib").Path, help="output directory")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("check", help="verify every citation's offsets against its source text")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser(
        "propose", help="read an article (a text file) and print the figures masdar proposes"
    )
    p.add_argument("file", type=__import__("pathlib").Path, help="the article, UTF-8 text")
    p.add_argument("--source-id", default=None, help="its source id (default: the file name)")
    p.add_argument(
        "--yaml",
        action="store_true",
        help="print figures.yaml entries, then coverage.yaml skips (a second YAML document)",
    )
    p.set_defaults(func=cmd_propose)
    p = sub.add_parser("keys", help="API keys for the write API: create, revoke, list")
    keys_sub = p.add_subparsers(dest="keys_command", required=True)
    k = keys_sub.add_parser("create", help="create a key; prints its token once")
    k.add_argument("--name", required=True, help="who holds the key (shown in history)")
    k.add_argument("--scope", required=True, choices=["curator", "admin"])
    k.add_argument(
        "--expires-days",
        type=_days,
        default=None,
        metavar="N",
        help="expire after N days (N >= 1; without it the key never expires)",
    )
    k = keys_sub.add_parser("revoke", help="revoke a key by id")
    k.add_argument("id", type=int)
    keys_sub.add_parser("list", help="list keys (never their tokens)")
    p.set_defaults(func=cmd_keys)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = Settings()
    except ValidationError as exc:  # a bad MASDAR_* value: one line naming it
        bad = exc.errors()[0]
        name = "MASDAR_" + str(bad["loc"][0]).upper() if bad["loc"] else "a MASDAR_ setting"
        print(f"masdar {args.command}: {name}: {bad['msg']}", file=sys.stderr)
        return 2
    try:
        return int(args.func(settings, args))
    except MasdarError as exc:
        print(f"masdar {args.command}: {exc.detail}", file=sys.stderr)
        return 2
    except Exception as exc:  # unreachable database, permissions...
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError):
            msg = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            print(f"masdar {args.command}: database error: {msg}", file=sys.stderr)
            return 3
        raise


if __name__ == "__main__":
    sys.exit(main())
