"""Mixed load: 90 % reads and 10 % writes at 32 connections, against reads alone.

```
python -m bench.mixed                                  # this checkout, SQLite and PostgreSQL
python -m bench.mixed --before /tmp/old-checkout       # ... and an older checkout, alternated
python -m bench.mixed --db sqlite --duration 30 --rounds 3 --out bench/mixed.md
```

Each checkout is served by its own virtual environment (``DIR/.venv``, made by its
``./dev``), over its own freshly migrated and seeded database (SQLite file in a
temporary directory; PostgreSQL database ``masdar_bench_<n>`` on
``MASDAR_TEST_DATABASE_URL``'s server, dropped afterwards), response cache and rate
limits off (the cache would answer repeated reads without the database, a write empties
it: the comparison is about what a write costs the reads beside it), served as users run
it (the checkout's ``masdar serve``, one process, its access log on) pinned to core 0,
wrk on core 1, everything on 127.0.0.1.

Reads cycle through lists, records, searches and an HTML page. Every tenth request of
the mixed scenario creates a partner with a cited quote (a real write: the quote is
located in its article, the revision is stored, the search index follows). Scenarios
run in alternation, ``--rounds`` times, each run ``duration / rounds`` seconds (at most
60 s): this machine is shared, and a comparison must meet the same machine on both
sides. Before each run the servers are let go idle (a server keeps working on requests
it had queued when wrk stopped, on the same core as the next run). req/s is the mean of
the rounds, p99 their median; ratios are per round.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import (
    LOAD_CORE,
    ROOT,
    Load,
    Server,
    free_port,
    parse_wrk,
    pg_database,
    pinned,
    serve,
)

READS = [
    "/v1/figures?limit=50",
    "/v1/funds/investors-fund-003",
    "/v1/search?q=%D8%A7%D9%84%D8%AF%D8%A7%D8%AE%D9%84%D8%A9",  # الداخلة
    "/v1/partners",
    "/v1/initiatives/dakhla-data-centre",
    "/figures/dakhla-capacity-000",
    "/v1/search?q=Jazari",
    "/v1/people",
    "/v1/targets?limit=20",
    "/v1/events",
]
QUOTE = "يخلق ثروة 100 مليار درهم"
"""In article 000; every created partner cites it (the server locates it)."""
WRITE_EVERY = 10

LUA = """
local reads = {%(reads)s}
local body = %(body)s
local token = %(token)s
local every = %(every)d
local tag = %(tag)s
local n = 0
local statuses = {}
function request()
  n = n + 1
  if every > 0 and n %% every == 0 then
    local b = body:gsub("@ID@", tag .. "-" .. n)
    return wrk.format("POST", "/v1/partners",
      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, b)
  end
  return wrk.format("GET", reads[(n %% #reads) + 1])
end
function response(status, headers, b)
  statuses[status] = (statuses[status] or 0) + 1
end
"""


@dataclass
class Checkout:
    """A masdar checkout served by its own virtual environment."""

    name: str
    root: Path

    @property
    def python(self) -> str:
        return str(self.root / ".venv" / "bin" / "python")

    def masdar(self, url: str, *args: str) -> str:
        env = {**os.environ, "MASDAR_DATABASE_URL": url, "MASDAR_LOG_LEVEL": "warning"}
        out = subprocess.run(
            [self.python, "-m", "app.cli", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return out.stdout


def _lua(s: str) -> str:
    return json.dumps(s, ensure_ascii=True)  # a JSON string is a Lua string literal here


def drive(server: Server, token: str, *, seconds: float, connections: int, tag: str) -> Load:
    """One wrk run: reads only (``tag`` starting ``r``) or mixed (``m``)."""
    body = json.dumps(
        {
            "id": "@ID@",
            "name": "Bench partner @ID@",
            "name_basis": "translation",
            "kind": "company",
            "citations": [{"source_id": "000", "quote": QUOTE}],
        },
        ensure_ascii=False,
    )
    lua = LUA % {
        "reads": ", ".join(_lua(r) for r in READS),
        "body": json.dumps(body, ensure_ascii=False),  # Lua takes the UTF-8 bytes as they are
        "token": _lua(token),
        "every": WRITE_EVERY if tag.startswith("m") else 0,
        "tag": _lua(tag),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as f:
        f.write(lua)
    cmd = [
        *pinned(LOAD_CORE),
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "30s",
        "-s",
        f.name,
        server.base,
    ]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 90)
    finally:
        os.unlink(f.name)
    return parse_wrk(out.stdout)


def settle(server: Server, limit: float = 60.0) -> float:
    """Wait until ``server`` is idle (under 5 % of a core over half a second; at most
    ``limit`` seconds) and return the seconds waited. A server keeps working on the
    requests it had queued after wrk stops: the next scenario, on the same core, must
    not pay for them."""
    started = time.monotonic()
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = Path(f"/proc/{server.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    before = cpu()
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        now = cpu()
        if now - before < 0.025:
            break
        before = now
    return time.monotonic() - started


@contextlib.contextmanager
def database(kind: str, n: int, tmp: Path) -> Iterator[str]:
    """An empty database of ``kind``, gone afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / f'bench{n}.db'}"
        return
    with pg_database(f"mixed{n}") as url:
        yield url


@contextlib.contextmanager
def served(co: Checkout, url: str, logdir: Path) -> Iterator[tuple[Server, str]]:
    """``co`` migrated, seeded and serving ``url``; with a curator key's token."""
    co.masdar(url, "migrate")
    co.masdar(url, "seed")
    token = co.masdar(url, "keys", "create", "--name", "bench", "--scope", "curator").strip()
    port = free_port()
    # what users run: the checkout's ``masdar serve``, with its access log (to the log file)
    cmd = [co.python, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    env = {
        "MASDAR_DATABASE_URL": url,
        "MASDAR_SEED_ON_START": "false",
        "MASDAR_RESPONSE_CACHE": "off",
        "MASDAR_RATE_LIMIT": "false",
        "MASDAR_LOG_LEVEL": "warning",
    }
    with serve(
        f"{co.name}-{url.split(':')[0]}", cmd, env, "/v1/figures?limit=1", logdir, cwd=co.root
    ) as server:
        yield server, token


@dataclass
class Series:
    """The rounds of one (database, checkout, scenario)."""

    loads: list[Load] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return statistics.fmean(x.requests_per_s for x in self.loads)

    @property
    def p99(self) -> float:
        return statistics.median(x.p99_ms for x in self.loads)

    @property
    def p50(self) -> float:
        return statistics.median(x.p50_ms for x in self.loads)

    @property
    def errors(self) -> int:
        return sum(x.non_2xx_3xx + x.socket_errors for x in self.loads)


def measure(opts: argparse.Namespace) -> dict[tuple[str, str, str], Series]:
    checkouts = [Checkout("after", ROOT)]
    if opts.before:
        checkouts.append(Checkout("before", Path(opts.before).resolve()))
    per = min(60.0, opts.duration / opts.rounds)
    out: dict[tuple[str, str, str], Series] = {}
    with tempfile.TemporaryDirectory(prefix="masdar-mixed-") as tmp_:
        tmp = Path(tmp_)
        for db in opts.db.split(","):
            with contextlib.ExitStack() as stack:
                servers = []
                for i, co in enumerate(checkouts):
                    url = stack.enter_context(database(db, i, tmp))
                    servers.append((co, *stack.enter_context(served(co, url, tmp))))
                for _co, server, token in servers:  # warm-up, not counted
                    drive(server, token, seconds=2, connections=opts.connections, tag="warm")
                for r in range(opts.rounds):
                    for co, server, token in servers:
                        for scenario in ("reads", "mixed"):
                            tag = f"{scenario[0]}{r}-{co.name}-{int(time.time())}"
                            settle(server)
                            load = drive(
                                server, token, seconds=per, connections=opts.connections, tag=tag
                            )
                            settle(server)
                            out.setdefault((db, co.name, scenario), Series()).loads.append(load)
                            print(
                                f"{db:10} {co.name:6} {scenario:5} round {r + 1}: "
                                f"{load.requests_per_s:7.1f} req/s  p99 {load.p99_ms:7.1f} ms  "
                                f"errors {load.non_2xx_3xx + load.socket_errors}",
                                flush=True,
                            )
    return out


def report(results: dict[tuple[str, str, str], Series], opts: argparse.Namespace) -> str:
    load = os.getloadavg()
    lines = [
        "# Mixed load: 90 % reads, 10 % writes",
        "",
        f"`python -m bench.mixed {' '.join(opts.argv)}` ({time.strftime('%Y-%m-%d %H:%M')}, "
        f"load average {load[0]:.1f}, {opts.rounds} alternating rounds of "
        f"{min(60.0, opts.duration / opts.rounds):.0f} s, {opts.connections} connections, "
        "response cache and rate limits off).",
        "",
        "| database | checkout | scenario | req/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for (db, co, scenario), s in results.items():
        lines.append(
            f"| {db} | {co} | {scenario} | {s.rps:.1f} | {s.p50:.0f} | {s.p99:.0f} | {s.errors} |"
        )
    lines += ["", "Ratios per round (range over the rounds):", ""]
    for db in dict.fromkeys(k[0] for k in results):
        after_m, after_r = results[(db, "after", "mixed")], results[(db, "after", "reads")]
        lines.append(
            f"- {db}: mixed p99 / reads-only p99 (after): "
            + _ratio([m.p99_ms for m in after_m.loads], [r.p99_ms for r in after_r.loads])
        )
        before = results.get((db, "before", "mixed"))
        if before is not None:
            lines.append(
                f"- {db}: mixed req/s after / before: "
                + _ratio(
                    [m.requests_per_s for m in after_m.loads],
                    [b.requests_per_s for b in before.loads],
                )
            )
            before_r = results[(db, "before", "reads")]
            lines.append(
                f"- {db}: mixed p99 / reads-only p99 (before): "
                + _ratio([m.p99_ms for m in before.loads], [r.p99_ms for r in before_r.loads])
            )
    return "\n".join(lines) + "\n"


def _ratio(top: list[float], bottom: list[float]) -> str:
    ratios = [t / b for t, b in zip(top, bottom, strict=True) if b]
    return (
        f"{statistics.median(ratios):.2f} (median; {min(ratios):.2f}–{max(ratios):.2f})"
        if ratios
        else "n/a"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.mixed",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--before", help="another checkout (with its .venv) to compare against")
    p.add_argument("--db", default="sqlite,postgresql", help="sqlite, postgresql or both")
    p.add_argument("--duration", type=float, default=60, help="seconds per scenario in all")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--out", type=Path, default=None, help="write the Markdown table here")
    opts = p.parse_args(argv)
    opts.argv = argv if argv is not None else sys.argv[1:]
    md = report(measure(opts), opts)
    print(md)
    if opts.out:
        opts.out.write_text(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
