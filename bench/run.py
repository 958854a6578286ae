"""``python -m bench``: every scenario in one run, then docs/benchmarks.md and a chart.

Scenarios (each server pinned to core 0, wrk on core 1, 64 connections):

1. ``bare``: a bare ASGI app returning masdar's ``/v1/figures?limit=50`` bytes;
2. ``figures``: masdar ``GET /v1/figures?limit=50``, response cache on;
3. ``figures-nocache``: the same with ``MASDAR_RESPONSE_CACHE=off``;
   ``floor``: masdar's app with that route answering fixed bytes (bench/floor.py): what
   FastAPI and the middleware cost before any database work;
4. ``figure``: ``GET /v1/figures/{id}`` (cache on);
5. ``search``: ``GET /v1/search?q=الداخلة`` (cache on; skipped when there is no /v1/search);
6. ``revalidate``: ``If-None-Match`` with the list's ETag, answered 304 (cache on);
7. ``datasette``: Datasette serving masdar's SQLite file, ``figure.json?_shape=array&_size=50``.

``--scale N`` adds a synthetic knowledge base of N figures (bench/generate.py) and
measures the cache-off list at a deep cursor against the real data.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import report
from bench.harness import (
    ROOT,
    Load,
    Server,
    fetch,
    free_port,
    pinned,
    sequential_latency_ms,
    serve,
    uvicorn_cmd,
    wrk,
)

SEARCH_QUERY = "الداخلة"
ALL = [
    "bare",
    "figures",
    "figures-nocache",
    "floor",
    "figure",
    "search",
    "revalidate",
    "datasette",
]


@dataclass
class Result:
    name: str
    label: str
    server: str
    path: str
    status: int | None = None
    body_bytes: int | None = None
    load: Load | None = None
    skipped: str | None = None
    rounds: list[float] = field(default_factory=list)
    """req/s of each round, when measured in alternation with another scenario."""
    p99_worst: float | None = None
    """The worst round's p99 (the table gives the median round's)."""


@dataclass
class Options:
    duration: float
    warmup: float
    connections: int
    only: list[str]
    out: Path
    scale: int
    scale_db: Path | None
    chart: bool
    rounds: int = 5


def parse(argv: list[str] | None) -> Options:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--quick", action="store_true", help="2 s per scenario, 1 s warm-up")
    p.add_argument("--duration", type=float, default=None, help="seconds per scenario (10)")
    p.add_argument("--warmup", type=float, default=None, help="seconds of warm-up (2)")
    p.add_argument("--connections", type=int, default=64)
    p.add_argument(
        "--only",
        default=",".join(ALL),
        help=f"comma-separated scenarios (default all: {','.join(ALL)})",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs",
        help="where benchmarks.md and benchmarks.png go (default docs/)",
    )
    p.add_argument(
        "--scale",
        type=int,
        default=0,
        metavar="N",
        help="also measure a synthetic knowledge base of N figures (e.g. 1000000)",
    )
    p.add_argument(
        "--scale-db",
        type=Path,
        default=None,
        help="keep the generated database here and reuse it when it exists",
    )
    p.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="compared scenarios alternate in this many rounds (5; 2 with --quick)",
    )
    p.add_argument("--no-chart", action="store_true")
    a = p.parse_args(argv)
    only = [s.strip() for s in a.only.split(",") if s.strip()]
    unknown = sorted(set(only) - set(ALL))
    if unknown:
        p.error(f"unknown scenario(s): {', '.join(unknown)}")
    duration = a.duration if a.duration is not None else (2.0 if a.quick else 10.0)
    warmup = a.warmup if a.warmup is not None else (1.0 if a.quick else 2.0)
    rounds = a.rounds if a.rounds is not None else (2 if a.quick else 5)
    if rounds < 1:
        p.error("--rounds must be at least 1")
    return Options(
        duration,
        warmup,
        a.connections,
        only,
        a.out,
        a.scale,
        a.scale_db,
        not a.no_chart,
        rounds,
    )


def seeded_database(path: Path) -> float:
    """Migrate and seed a fresh SQLite file; return the seconds the seed took."""
    from app.config import Settings
    from app.db import make_engine
    from app.migrate import migrate_to_head, seed_database

    url = f"sqlite:///{path}"
    settings = Settings(database_url=url)
    engine = make_engine(settings)
    migrate_to_head(url, engine)
    started = time.perf_counter()
    seed_database(engine, settings.seed_dir)
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def masdar_env(db: Path, cache: bool) -> dict[str, str]:
    return {
        "MASDAR_DATABASE_URL": f"sqlite:///{db}",
        "MASDAR_SEED_ON_START": "false",
        "MASDAR_RESPONSE_CACHE": "on" if cache else "off",
        "MASDAR_LOG_LEVEL": "warning",
    }


def masdar(name: str, db: Path, cache: bool, logdir: Path) -> Any:
    port = free_port()
    return serve(
        name,
        uvicorn_cmd("app.main:create_app", port, factory=True),
        masdar_env(db, cache),
        "/v1/figures?limit=1",
        logdir,
    )


def measure(
    res: Result,
    server: Server,
    opts: Options,
    headers: dict[str, str] | None = None,
    expect: int = 200,
) -> Result:
    url = server.base + res.path
    status, _, body = fetch(url, headers)
    res.status, res.body_bytes = status, len(body)
    if status != expect:
        res.skipped = f"HTTP {status} (expected {expect})"
        return res
    if opts.warmup > 0:
        wrk(url, duration=opts.warmup, connections=opts.connections, headers=headers)
    res.load = wrk(url, duration=opts.duration, connections=opts.connections, headers=headers)
    _print(res)
    return res


def interleaved(entries: list[tuple[Result, Server]], opts: Options) -> None:
    """Measure scenarios that are compared with each other in alternating rounds.

    The machines this runs on are shared: their speed drifts by a factor of two within a
    minute. Scenario A for 10 s then B for 10 s can meet two different machines; A, B,
    B, A, A, … in ``opts.rounds`` rounds of ``duration / rounds`` seconds meets the same
    one. Each server stays up for the whole comparison; req/s is the mean over the
    rounds, p50 and p99 the median of the rounds' (the worst p99 is kept too).
    """
    live = []
    for res, server in entries:
        url = server.base + res.path
        status, _, body = fetch(url)
        res.status, res.body_bytes = status, len(body)
        if status != 200:
            res.skipped = f"HTTP {status} (expected 200)"
            continue
        if opts.warmup > 0:
            wrk(url, duration=opts.warmup, connections=opts.connections)
        live.append((res, url))
    per_round = max(1.0, opts.duration / opts.rounds)
    loads: dict[str, list[Load]] = {res.name: [] for res, _ in live}
    for i in range(opts.rounds):
        for res, url in live if i % 2 == 0 else live[::-1]:
            loads[res.name].append(wrk(url, duration=per_round, connections=opts.connections))
    for res, _ in live:
        runs = loads[res.name]
        res.rounds = [ld.requests_per_s for ld in runs]
        res.p99_worst = max(ld.p99_ms for ld in runs)
        res.load = Load(
            requests_per_s=statistics.fmean(res.rounds),
            p50_ms=statistics.median(ld.p50_ms for ld in runs),
            p99_ms=statistics.median(ld.p99_ms for ld in runs),
            requests=sum(ld.requests for ld in runs),
            non_2xx_3xx=sum(ld.non_2xx_3xx for ld in runs),
            socket_errors=sum(ld.socket_errors for ld in runs),
        )
        _print(res)


def _print(res: Result) -> None:
    assert res.load is not None
    print(
        f"  {res.name:16} {res.load.requests_per_s:>10,.0f} req/s  p50 {res.load.p50_ms:7.2f} ms"
        f"  p99 {res.load.p99_ms:7.2f} ms  non-2xx {res.load.non_2xx_3xx}"
        f"  errors {res.load.socket_errors}",
        file=sys.stderr,
    )


def run(opts: Options) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="masdar-bench-"))
    try:
        return _run(opts, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(opts: Options, tmp: Path) -> dict[str, Any]:
    loadavg = (
        " ".join(Path("/proc/loadavg").read_text().split()[:3])
        if Path("/proc/loadavg").exists()
        else "?"
    )
    db = tmp / "masdar.db"
    seed_s = seeded_database(db)
    print(f"bench: seeded {db} in {seed_s:.2f} s", file=sys.stderr)
    results: dict[str, Result] = {}
    memory: dict[str, tuple[int | None, int | None]] = {}
    want = set(opts.only)
    list_path = "/v1/figures?limit=50"

    def add(name: str, label: str, server: str, path: str) -> Result:
        results[name] = Result(name, label, server, path)
        return results[name]

    body_file = tmp / "figures.json"
    with contextlib.ExitStack() as stack:
        srv = stack.enter_context(masdar("masdar-cache-on", db, True, tmp))
        status, headers, body = fetch(srv.base + list_path)
        assert status == 200, status
        body_file.write_bytes(body)
        etag = headers.get("etag", "")
        first_id = json.loads(body)["items"][0]["id"]
        has_search = "/v1/search" in json.loads(fetch(srv.base + "/openapi.json")[2])["paths"]
        pair = []  # the ceiling and masdar's cached list, in alternation
        if "bare" in want:
            bare = stack.enter_context(
                serve(
                    "bare",
                    uvicorn_cmd("bench.bare:app", free_port()),
                    {"BENCH_BODY": str(body_file)},
                    "/",
                    tmp,
                )
            )
            pair.append(
                (add("bare", "bare ASGI, same bytes as /v1/figures?limit=50", "bare", "/"), bare)
            )
        if "figures" in want:
            pair.append(
                (add("figures", "masdar /v1/figures?limit=50, cache on", "masdar", list_path), srv)
            )
        interleaved(pair, opts)
        if "figure" in want:
            path = f"/v1/figures/{urllib.parse.quote(first_id)}"
            measure(add("figure", "masdar /v1/figures/{id}, cache on", "masdar", path), srv, opts)
        if "search" in want:
            path = f"/v1/search?q={urllib.parse.quote(SEARCH_QUERY)}"
            res = add("search", f"masdar /v1/search?q={SEARCH_QUERY}, cache on", "masdar", path)
            if has_search:
                measure(res, srv, opts)
            else:
                res.skipped = "no /v1/search in this build"
        if "revalidate" in want:
            res = add("revalidate", "masdar If-None-Match → 304, cache on", "masdar", list_path)
            measure(res, srv, opts, headers={"If-None-Match": etag}, expect=304)
        memory["masdar, cache on"] = srv.memory_kib()

    with contextlib.ExitStack() as stack:
        pair = []  # masdar without its cache, its floor and Datasette, in alternation
        if "figures-nocache" in want:
            nocache = stack.enter_context(masdar("masdar-cache-off", db, False, tmp))
            label = "masdar /v1/figures?limit=50, cache off"
            pair.append((add("figures-nocache", label, "masdar", list_path), nocache))
        if "floor" in want:
            floor = stack.enter_context(
                serve(
                    "floor",
                    uvicorn_cmd("bench.floor:create_app", free_port(), factory=True),
                    {**masdar_env(db, False), "BENCH_BODY": str(body_file)},
                    list_path,
                    tmp,
                )
            )
            label = "masdar app, /v1/figures?limit=50 answering fixed bytes (no database)"
            pair.append((add("floor", label, "floor", list_path), floor))
        if "datasette" in want:
            path = f"/{db.stem}/figure.json?_shape=array&_size=50"
            res = add("datasette", "Datasette figure.json?_shape=array&_size=50", "datasette", path)
            try:
                import datasette  # noqa: F401
            except ImportError:
                res.skipped = "datasette is not installed (pip install -e '.[bench]')"
            else:
                port = free_port()
                cmd = [sys.executable, "-m", "datasette", "serve", str(db)]
                cmd += ["-h", "127.0.0.1", "-p", str(port)]
                pair.append((res, stack.enter_context(serve("datasette", cmd, {}, path, tmp))))
        interleaved(pair, opts)
        names = {"datasette": "Datasette", "floor": "masdar floor"}
        for res, server in pair:
            memory[names.get(res.name, "masdar, cache off")] = server.memory_kib()

    scale = run_scale(opts, tmp, db) if opts.scale else None
    return {
        "results": list(results.values()),
        "memory": memory,
        "seed_s": seed_s,
        "scale": scale,
        "opts": opts,
        "pinned": bool(pinned("0")),
        "loadavg": loadavg,
    }


def cursor_for(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def run_scale(opts: Options, tmp: Path, real_db: Path) -> dict[str, Any]:
    from bench import generate

    path = opts.scale_db or tmp / "scale.db"
    gen: dict[str, Any] = {}
    if not path.exists():
        gen = generate.build(path, opts.scale)
    with sqlite3.connect(path) as conn:
        figures = conn.execute("SELECT count(*) FROM figure").fetchone()[0]
        citations = conn.execute("SELECT count(*) FROM citation").fetchone()[0]
        deep = conn.execute(
            "SELECT id FROM figure ORDER BY id LIMIT 1 OFFSET ?", (int(figures * 0.9),)
        ).fetchone()[0]
    out: dict[str, Any] = {
        "figures": figures,
        "citations": citations,
        "generator": gen,
        "db_bytes": path.stat().st_size,
        "deep_key": deep,
    }
    deep_path = f"/v1/figures?limit=50&cursor={cursor_for(deep)}"
    for label, db, p in (("real", real_db, "/v1/figures?limit=50"), ("scale", path, deep_path)):
        with masdar(f"masdar-{label}", db, False, tmp) as srv:
            url = srv.base + p
            status, _, body = fetch(url)
            assert status == 200, (status, body[:300])
            items = json.loads(body)["items"]
            seq = sequential_latency_ms(url)
            wrk(url, duration=opts.warmup, connections=opts.connections)
            load = wrk(url, duration=opts.duration, connections=opts.connections)
            out[label] = {
                "path": p,
                "items": len(items),
                "body_bytes": len(body),
                "sequential_ms": seq,
                "load": load,
                "memory": srv.memory_kib(),
            }
            print(
                f"  scale {label:5} {load.requests_per_s:>8,.0f} req/s  p50 {load.p50_ms:.2f} ms"
                f"  one-at-a-time {seq:.2f} ms",
                file=sys.stderr,
            )
    return out


def main(argv: list[str] | None = None) -> int:
    opts = parse(argv)
    data = run(opts)
    opts.out.mkdir(parents=True, exist_ok=True)
    md = report.markdown(data, opts.out / "benchmarks.md")
    (opts.out / "benchmarks.md").write_text(md)
    if opts.chart:
        report.chart(data, opts.out / "benchmarks.png")
    print(f"bench: wrote {opts.out / 'benchmarks.md'}", file=sys.stderr)
    print(report.table(data))
    return 0


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import os

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }
