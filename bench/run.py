"""``python -m bench``: every scenario in one run, then docs/benchmarks.md and a chart.

Each server is pinned to core 0, wrk to core 1; 64 connections unless said. masdar runs
as users run it, the Docker image's ``masdar serve`` with its access log
(bench/scenarios.py), on a freshly seeded SQLite file and PostgreSQL database.

- ``cached``: ``GET /v1/figures?limit=50`` from the response cache, alternating with a
  bare ASGI app sending the same bytes (``bare``), the shipped command without its access
  log (``figures-nolog``) and the configuration this benchmark used to measure
  (``figures-tuned``: ``uvicorn app.main:create_app``, no access log); then
  ``figure``, ``search`` and ``revalidate`` (304) from the cache;
- ``nocache``: the same list with ``MASDAR_RESPONSE_CACHE=off`` on SQLite
  (``figures-nocache``) and PostgreSQL (``pg-nocache``), masdar's framework floor
  (``floor``: bench/floor.py) and Datasette on the same SQLite file, alternating;
- ``postgresql``: the cached list on PostgreSQL (``pg-cached``), and ``--workers 2``
  against 1 with the cache off (``pg-workers``);
- ``endpoints``: search (numeric, Arabic, fuzzy), ``POST /v1/check`` of three sentences
  and the MCP ``search`` tool over HTTP, on both databases, cache on and off, at 8 and 64
  connections, and one request at a time (``endpoints-sqlite``, ``endpoints-postgresql``);
- ``scale``: the cache-off list at a cursor 90 % deep into a synthetic knowledge base of
  ``--scale`` figures, against the real first page, on both databases.

``--only`` takes scenario names or these group names.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bench import report
from bench.harness import (
    ROOT,
    Load,
    Req,
    Sequential,
    Server,
    free_port,
    pg_available,
    pg_database,
    pinned,
    send,
    sequential,
    serve,
    shipped_cmd,
    uvicorn_cmd,
    wrk,
)
from bench.scenarios import ENDPOINT_CONNECTIONS, ENDPOINTS, LIST, ROOMY_LIMITS, answered

GROUPS = {
    "cached": [
        "bare",
        "figures",
        "figures-nolog",
        "figures-tuned",
        "figure",
        "search",
        "revalidate",
    ],
    "nocache": ["figures-nocache", "pg-nocache", "floor", "datasette"],
    "postgresql": ["pg-cached", "pg-workers"],
    "endpoints": ["endpoints-sqlite", "endpoints-postgresql"],
    "scale": ["scale"],
}
ALL = [name for names in GROUPS.values() for name in names]
DBS = ("sqlite", "postgresql")


@dataclass
class Result:
    name: str
    label: str
    section: str
    server: str
    req: Req
    connections: int = 64
    cache: bool | None = None
    db: str = "sqlite"
    status: int | None = None
    body_bytes: int | None = None
    load: Load | None = None
    skipped: str | None = None
    rounds: list[float] = field(default_factory=list)
    """req/s of each round, when measured in alternation with other scenarios."""
    p99_worst: float | None = None
    """The worst round's p99 (the table gives the median round's)."""
    seq: Sequential | None = None
    """One request at a time."""

    @property
    def path(self) -> str:
        return self.req.path


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
        default="all",
        help=f"comma-separated scenarios or groups ({', '.join(GROUPS)}; default all)",
    )
    p.add_argument("--out", type=Path, default=ROOT / "docs", help="where benchmarks.md goes")
    p.add_argument(
        "--scale",
        type=int,
        default=None,
        metavar="N",
        help="figures in the synthetic knowledge base of the deep cursor (100000; 20000 "
        "with --quick; 0: none)",
    )
    p.add_argument(
        "--scale-db",
        type=Path,
        default=None,
        help="keep the synthetic SQLite file here and reuse it when it exists",
    )
    p.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="compared scenarios alternate in this many rounds (5; 2 with --quick)",
    )
    p.add_argument("--no-chart", action="store_true")
    a = p.parse_args(argv)
    only: list[str] = []
    for s in (x.strip() for x in a.only.split(",")):
        if s == "all":
            only += ALL
        elif s in GROUPS:
            only += GROUPS[s]
        elif s in ALL:
            only.append(s)
        elif s:
            p.error(f"unknown scenario or group: {s}")
    duration = a.duration if a.duration is not None else (2.0 if a.quick else 10.0)
    warmup = a.warmup if a.warmup is not None else (1.0 if a.quick else 2.0)
    rounds = a.rounds if a.rounds is not None else (2 if a.quick else 5)
    scale = a.scale if a.scale is not None else (20_000 if a.quick else 100_000)
    if rounds < 1:
        p.error("--rounds must be at least 1")
    if "scale" in only and not scale:
        only.remove("scale")
    return Options(
        duration, warmup, a.connections, only, a.out, scale, a.scale_db, not a.no_chart, rounds
    )


def seeded_database(url: str) -> float:
    """Migrate and seed a fresh database; return the seconds the seed took."""
    from app.config import Settings
    from app.db import make_engine
    from app.migrate import migrate_to_head, seed_database

    settings = Settings(database_url=url)
    engine = make_engine(settings)
    migrate_to_head(url, engine)
    started = time.perf_counter()
    seed_database(engine, settings.seed_dir)
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def masdar_env(url: str, cache: bool, access_log: str = "on") -> dict[str, str]:
    return {
        "MASDAR_DATABASE_URL": url,
        "MASDAR_RESPONSE_CACHE": "on" if cache else "off",
        "MASDAR_ACCESS_LOG": access_log,
        **ROOMY_LIMITS,
    }


class Servers:
    """The servers of a run, started when first asked for and kept until the end."""

    def __init__(self, stack: contextlib.ExitStack, tmp: Path, urls: dict[str, str]) -> None:
        self.stack, self.tmp, self.urls = stack, tmp, urls
        self.live: dict[str, Server] = {}
        self.labels: dict[str, str] = {}

    def _start(
        self, key: str, label: str, cmd: list[str], env: dict[str, str], ready: str
    ) -> Server:
        if key not in self.live:
            self.live[key] = self.stack.enter_context(serve(key, cmd, env, ready, self.tmp))
            self.labels[key] = label
        return self.live[key]

    def shipped(self, db: str, cache: bool, *, access_log: str = "on", workers: int = 1) -> Server:
        key = f"{db}-cache-{'on' if cache else 'off'}-log-{access_log}-w{workers}"
        label = f"masdar serve, {db}, cache {'on' if cache else 'off'}"
        label += "" if access_log == "on" else ", access log off"
        label += "" if workers == 1 else f", {workers} workers"
        cmd, env = shipped_cmd(free_port(), workers=workers)
        env |= masdar_env(self.urls[db], cache, access_log)
        return self._start(key, label, cmd, env, LIST.path)

    def tuned(self) -> Server:
        cmd = uvicorn_cmd("app.main:create_app", free_port(), factory=True)
        env = masdar_env(self.urls["sqlite"], True, "off")
        label = "uvicorn app.main:create_app --no-access-log, sqlite, cache on"
        return self._start("tuned", label, cmd, env, LIST.path)

    def bare(self, body_file: Path) -> Server:
        cmd = uvicorn_cmd("bench.bare:app", free_port())
        return self._start("bare", "bare ASGI", cmd, {"BENCH_BODY": str(body_file)}, "/")

    def floor(self, body_file: Path) -> Server:
        cmd = uvicorn_cmd("bench.floor:create_app", free_port(), factory=True)
        env = {**masdar_env(self.urls["sqlite"], False), "BENCH_BODY": str(body_file)}
        return self._start("floor", "masdar floor (uvicorn)", cmd, env, LIST.path)

    def datasette(self, path: str) -> Server:
        db = self.urls["sqlite"].removeprefix("sqlite:///")
        port = free_port()
        cmd = [sys.executable, "-m", "datasette", "serve", db, "-h", "127.0.0.1", "-p", str(port)]
        return self._start("datasette", "Datasette", cmd, {}, path)

    def memory(self) -> dict[str, tuple[int | None, int | None]]:
        return {self.labels[k]: s.memory_kib() for k, s in self.live.items()}


def _print(res: Result) -> None:
    if res.load is None:
        print(f"  {res.name:28} skipped: {res.skipped}", file=sys.stderr)
        return
    ld = res.load
    print(
        f"  {res.name:28} {ld.requests_per_s:>9,.0f} req/s  p50 {ld.p50_ms:7.2f}  "
        f"p99 {ld.p99_ms:7.2f}  max {ld.max_ms:7.1f} ms  non-2xx {ld.non_2xx_3xx}  "
        f"errors {ld.socket_errors}",
        file=sys.stderr,
    )


def _first(res: Result, server: Server, expect: int = 200) -> bool:
    """One request first: the answer must be the one the scenario is about."""
    status, _, body = send("127.0.0.1", server.port, res.req)
    res.status, res.body_bytes = status, len(body)
    why = (
        None
        if status == expect == 304
        else f"HTTP {status} (expected {expect})"
        if status != expect
        else answered(res.name, status, body)
    )
    if why:
        res.skipped = why
        _print(res)
    return why is None


def measure(
    res: Result, server: Server, opts: Options, expect: int = 200, *, warmup: bool = True
) -> Result:
    if not _first(res, server, expect):
        return res
    if warmup and opts.warmup > 0:
        wrk(server.base, duration=opts.warmup, connections=res.connections, req=res.req)
    res.load = wrk(server.base, duration=opts.duration, connections=res.connections, req=res.req)
    _print(res)
    return res


def cached_rounds(opts: Options) -> Options:
    """The cached list's comparisons run twice the rounds (and time): its servers answer
    in about 50 µs, so a neighbour's burst on this shared machine moves a 2 s round by a
    quarter (the access log's cost, about 5 %, read 0.71–0.97 from five rounds)."""
    return replace(opts, duration=opts.duration * 2, rounds=opts.rounds * 2)


def interleaved(entries: list[tuple[Result, Server]], opts: Options) -> None:
    """Measure scenarios that are compared with each other in alternating rounds.

    The machines this runs on are shared: their speed drifts by a factor of two within a
    minute. Scenario A for 10 s then B for 10 s can meet two different machines; A, B,
    B, A, A, … in ``opts.rounds`` rounds of ``duration / rounds`` seconds meets the same
    one. Each server stays up for the whole comparison; req/s is the mean over the
    rounds, p50 and p99 the median of the rounds' (the worst p99 and the slowest request
    are kept too).
    """
    live = []
    for res, server in entries:
        if _first(res, server):
            if opts.warmup > 0:
                wrk(server.base, duration=opts.warmup, connections=res.connections, req=res.req)
            live.append((res, server))
    per_round = max(1.0, opts.duration / opts.rounds)
    loads: dict[str, list[Load]] = {res.name: [] for res, _ in live}
    for i in range(opts.rounds):
        for res, server in live if i % 2 == 0 else live[::-1]:
            load = wrk(server.base, duration=per_round, connections=res.connections, req=res.req)
            loads[res.name].append(load)
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
            max_ms=max(ld.max_ms for ld in runs),
        )
        _print(res)


class Run:
    """One run: its options, databases, servers and results."""

    def __init__(self, opts: Options, servers: Servers, tmp: Path, pg_skip: str | None) -> None:
        self.opts, self.servers, self.tmp, self.pg_skip = opts, servers, tmp, pg_skip
        self.want = set(opts.only)
        self.results: dict[str, Result] = {}
        self.paths: set[str] = {"/mcp"}
        """The build's routes (its OpenAPI paths; /mcp is not in the OpenAPI)."""

    def add(self, name: str, label: str, section: str, server: str, req: Req, **kw: Any) -> Result:
        self.results[name] = Result(name, label, section, server, req, **kw)
        return self.results[name]

    def pg_or_skip(self, res: Result) -> bool:
        if self.pg_skip:
            res.skipped = self.pg_skip
            _print(res)
        return not self.pg_skip

    def cached(self, body_file: Path, etag: str, first_id: str) -> None:
        s, sec, on = self.servers, "cached", True
        pair: list[tuple[Result, Server]] = []
        if "bare" in self.want:
            label = "bare ASGI app, the same bytes as /v1/figures?limit=50"
            pair.append((self.add("bare", label, sec, "bare", Req("/")), s.bare(body_file)))
        if "figures" in self.want:
            label = "masdar serve (as shipped): /v1/figures?limit=50, cache on"
            res = self.add("figures", label, sec, "masdar", LIST, cache=on)
            pair.append((res, s.shipped("sqlite", on)))
        if "figures-nolog" in self.want:
            label = "masdar serve, MASDAR_ACCESS_LOG=off: /v1/figures?limit=50, cache on"
            res = self.add("figures-nolog", label, sec, "masdar", LIST, cache=on)
            pair.append((res, s.shipped("sqlite", on, access_log="off")))
        if "figures-tuned" in self.want:
            label = "uvicorn app.main:create_app, no access log: /v1/figures?limit=50, cache on"
            res = self.add("figures-tuned", label, sec, "masdar", LIST, cache=on)
            pair.append((res, s.tuned()))
        interleaved(pair, cached_rounds(self.opts))
        singles = [
            ("figure", f"/v1/figures/{urllib.parse.quote(first_id)}", "/v1/figures/{id}", 200, ()),
            ("search", ENDPOINTS["search, Arabic"].path, "/v1/search?q=الداخلة", 200, ()),
            ("revalidate", LIST.path, "If-None-Match → 304", 304, (("If-None-Match", etag),)),
        ]
        for name, path, what, expect, headers in singles:
            if name in self.want:
                label = f"masdar serve: {what}, cache on"
                res = self.add(name, label, sec, "masdar", Req(path, headers=headers), cache=on)
                measure(res, s.shipped("sqlite", on), self.opts, expect)

    def nocache(self, body_file: Path, datasette_path: str) -> None:
        s, sec = self.servers, "nocache"
        pair: list[tuple[Result, Server]] = []
        if "figures-nocache" in self.want:
            label = "masdar serve: /v1/figures?limit=50, cache off, SQLite"
            res = self.add("figures-nocache", label, sec, "masdar", LIST, cache=False)
            pair.append((res, s.shipped("sqlite", False)))
        if "pg-nocache" in self.want:
            label = "masdar serve: /v1/figures?limit=50, cache off, PostgreSQL"
            res = self.add("pg-nocache", label, sec, "masdar", LIST, cache=False, db="postgresql")
            if self.pg_or_skip(res):
                pair.append((res, s.shipped("postgresql", False)))
        if "floor" in self.want:
            label = "masdar's app, /v1/figures?limit=50 answering fixed bytes (no database)"
            pair.append((self.add("floor", label, sec, "floor", LIST), s.floor(body_file)))
        if "datasette" in self.want:
            label = "Datasette figure.json?_shape=array&_size=50, same SQLite file"
            res = self.add("datasette", label, sec, "datasette", Req(datasette_path))
            try:
                import datasette  # noqa: F401
            except ImportError:
                res.skipped = "datasette is not installed (pip install -e '.[bench]')"
            else:
                pair.append((res, s.datasette(datasette_path)))
        interleaved(pair, self.opts)

    def postgresql(self) -> None:
        s, sec = self.servers, "postgresql"
        if "pg-cached" in self.want:
            label = "masdar serve: /v1/figures?limit=50, cache on, PostgreSQL"
            res = self.add("pg-cached", label, sec, "masdar", LIST, cache=True, db="postgresql")
            if self.pg_or_skip(res):
                measure(res, s.shipped("postgresql", True), self.opts)
        if "pg-workers" in self.want:
            pair = []
            for workers in (1, 2):
                label = (
                    f"masdar serve --workers {workers}: /v1/figures?limit=50, cache off, PostgreSQL"
                )
                name = f"pg-workers-{workers}"
                res = self.add(name, label, sec, "masdar", LIST, cache=False, db="postgresql")
                if self.pg_or_skip(res):
                    pair.append((res, s.shipped("postgresql", False, workers=workers)))
            interleaved(pair, self.opts)

    def endpoints(self, db: str) -> None:
        """Each endpoint at 8 then 64 connections (warmed up before the first), and 200
        requests one at a time, with the cache on and off."""
        if f"endpoints-{db}" not in self.want:
            return
        for cache in (True, False):
            server = None
            for what, req in ENDPOINTS.items():
                for conns in ENDPOINT_CONNECTIONS:
                    name = f"{what}, {db}, cache {'on' if cache else 'off'}, {conns} conns"
                    res = self.add(
                        name, what, f"endpoints-{db}", "masdar", req,
                        connections=conns, cache=cache, db=db,
                    )  # fmt: skip
                    route = req.path.split("?")[0]
                    if db == "postgresql" and not self.pg_or_skip(res):
                        continue
                    if route not in self.paths:
                        res.skipped = f"no {route} in this build"
                        if route == "/v1/check":
                            res.skipped += " (the fact-check of issue 19 has not landed)"
                        _print(res)
                        continue
                    server = server or self.servers.shipped(db, cache)
                    first = conns == ENDPOINT_CONNECTIONS[0]
                    if first and _first(res, server):
                        res.seq = sequential(server.base, req)
                    measure(res, server, self.opts, warmup=first)

    def scale(self, real: dict[str, str]) -> dict[str, Any] | None:
        if "scale" not in self.want:
            return None
        out: dict[str, Any] = {"figures": self.opts.scale}
        for db in DBS:
            if db == "postgresql" and self.pg_skip:
                out[db] = {"skipped": self.pg_skip}
                continue
            with contextlib.ExitStack() as stack:
                out[db] = run_scale(self.opts, self.tmp, db, real[db], stack)
        return out


def cursor_for(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")


def run_scale(
    opts: Options, tmp: Path, db: str, real_url: str, stack: contextlib.ExitStack
) -> dict[str, Any]:
    """The cache-off list at a cursor 90 % deep into ``opts.scale`` synthetic figures,
    against the first page of the same figures (what depth costs: the goal) and the real
    data's first page (whose items are fewer and lighter), one request at a time and under
    load."""
    from sqlalchemy import create_engine

    from bench import generate

    gen: dict[str, Any] = {}
    if db == "sqlite":
        path = opts.scale_db or tmp / "scale.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            gen = generate.build(path, opts.scale)
    else:
        url = stack.enter_context(pg_database("scale"))
        gen = generate.build(url, opts.scale)
    engine = create_engine(url)
    with engine.connect() as conn:
        figures = conn.exec_driver_sql("SELECT count(*) FROM figure").scalar_one()
        citations = conn.exec_driver_sql("SELECT count(*) FROM citation").scalar_one()
        deep = conn.exec_driver_sql(
            f"SELECT id FROM figure ORDER BY id LIMIT 1 OFFSET {int(figures * 0.9)}"
        ).scalar_one()
    engine.dispose()
    out: dict[str, Any] = {"figures": figures, "citations": citations, "generator": gen}
    if db == "sqlite":
        out["db_bytes"] = Path(url.removeprefix("sqlite:///")).stat().st_size
    deep_path = f"{LIST.path}&cursor={cursor_for(deep)}"
    measured = (("real", real_url, LIST.path), ("first", url, LIST.path), ("scale", url, deep_path))
    for label, u, p in measured:
        cmd, env = shipped_cmd(free_port())
        env |= masdar_env(u, False)
        with serve(f"{db}-{label}", cmd, env, LIST.path, tmp) as srv:
            status, _, body = send("127.0.0.1", srv.port, Req(p))
            assert status == 200, (status, body[:300])
            seq = sequential(srv.base, Req(p))
            wrk(srv.base, duration=opts.warmup, connections=opts.connections, req=Req(p))
            load = wrk(srv.base, duration=opts.duration, connections=opts.connections, req=Req(p))
            out[label] = {
                "path": p,
                "items": len(json.loads(body)["items"]),
                "body_bytes": len(body),
                "seq": seq,
                "load": load,
                "memory": srv.memory_kib(),
            }
            print(
                f"  scale {db:10} {label:5} {load.requests_per_s:>8,.0f} req/s  "
                f"p99 {load.p99_ms:.1f} ms  one-at-a-time {seq.p50_ms:.2f} ms",
                file=sys.stderr,
            )
    return out


def run(opts: Options) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="masdar-bench-"))
    try:
        with contextlib.ExitStack() as stack:
            return _run(opts, tmp, stack)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(opts: Options, tmp: Path, stack: contextlib.ExitStack) -> dict[str, Any]:
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    db = tmp / "masdar.db"
    urls = {"sqlite": f"sqlite:///{db}"}
    seed_s = {"sqlite": seeded_database(urls["sqlite"])}
    pg_wanted = any(
        n.startswith("pg-") or n.endswith("postgresql") or n == "scale" for n in opts.only
    )
    pg_skip = pg_available() if pg_wanted else "not asked for"
    if pg_wanted and not pg_skip:
        urls["postgresql"] = stack.enter_context(pg_database("real"))
        seed_s["postgresql"] = seeded_database(urls["postgresql"])
    print(f"bench: seeded in {seed_s} s; PostgreSQL: {pg_skip or 'yes'}", file=sys.stderr)
    servers = Servers(stack, tmp, urls)
    r = Run(opts, servers, tmp, pg_skip)

    probe = servers.shipped("sqlite", True)
    status, headers, body = send("127.0.0.1", probe.port, LIST)
    assert status == 200, status
    body_file = tmp / "figures.json"
    body_file.write_bytes(body)
    first_id = json.loads(body)["items"][0]["id"]
    r.paths |= set(json.loads(send("127.0.0.1", probe.port, Req("/openapi.json"))[2])["paths"])

    r.cached(body_file, headers.get("etag", ""), first_id)
    r.nocache(body_file, f"/{db.stem}/figure.json?_shape=array&_size=50")
    r.postgresql()
    for d in DBS:
        r.endpoints(d)
    scale = r.scale({"sqlite": urls["sqlite"], "postgresql": urls.get("postgresql", "")})
    return {
        "results": list(r.results.values()),
        "memory": servers.memory(),
        "seed_s": seed_s,
        "scale": scale,
        "opts": opts,
        "pinned": bool(pinned("0")),
        "loadavg": loadavg,
        "loadavg_after": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def main(argv: list[str] | None = None) -> int:
    opts = parse(argv)
    started = time.monotonic()
    data = run(opts)
    data["minutes"] = (time.monotonic() - started) / 60
    opts.out.mkdir(parents=True, exist_ok=True)
    md = report.markdown(data)
    (opts.out / "benchmarks.md").write_text(md)
    if opts.chart:
        report.chart(data, opts.out / "benchmarks.png")
    print(f"bench: wrote {opts.out / 'benchmarks.md'}", file=sys.stderr)
    print(report.goals_table(data))
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
