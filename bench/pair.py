"""Two checkouts side by side on one core: which answers more, under the same machine?

```
git worktree add /tmp/before HEAD~1
python -m bench.pair /tmp/before                       # the cache-off list, 8 rounds of 4 s
python -m bench.pair /tmp/before --path "/v1/search?q=1.3%20billion" --cache on
```

This machine's speed drifts by a factor of two within a minute, so rounds that take
turns (``./dev bench``, ``bench.mixed``) read a 5 % change as noise. Here both servers
run at once, pinned to the same core (core 0), each driven by its own ``wrk`` (core 1,
32 connections each): whatever the machine does, it does to both, and the kernel shares
the core between their threads. The ratio of their req/s in the same round is the
figure; a checkout against itself reads 0.97–1.02 (median 1.00). Both run ``masdar
serve`` from this environment, each with ``PYTHONPATH`` at its checkout's directory
(its ``app`` package, this environment's dependencies), over one freshly
migrated and seeded SQLite file (migrated and seeded by this checkout: compare checkouts
with the same schema), response cache off unless ``--cache on``, rate limits as roomy as
``./dev bench``'s. A round with a non-2xx answer or a socket error stops the run.

This measures how much work each checkout does per request, not its rate alone on the
core: use it to choose between two versions, and ``./dev bench`` to report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from bench.harness import ROOT, Load, Server, free_port, serve, shipped_cmd, wrk
from bench.run import masdar_env, seeded_database


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.pair", description=__doc__.split("\n")[0])
    p.add_argument("other", help="the other checkout's directory (a git worktree will do)")
    p.add_argument("--path", default="/v1/figures?limit=50")
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--duration", type=float, default=4.0, help="seconds per round")
    p.add_argument("--connections", type=int, default=32, help="per server")
    p.add_argument("--cache", choices=("on", "off"), default="off")
    opts = p.parse_args(argv)
    if opts.rounds < 1 or opts.duration < 1 or opts.connections < 1:
        p.error("--rounds, --duration and --connections must be at least 1")
    other = Path(opts.other).resolve()
    if not (other / "app" / "__init__.py").is_file():
        p.error(f"{other} has no app package")
    with tempfile.TemporaryDirectory(prefix="masdar-pair-") as tmp, ExitStack() as stack:
        url = f"sqlite:///{tmp}/pair.db"
        seeded_database(url)
        servers = {}
        for name, extra in (
            ("this", {"PYTHONPATH": str(ROOT)}),
            ("other", {"PYTHONPATH": str(other)}),
        ):
            cmd, env = shipped_cmd(free_port())
            env |= masdar_env(url, opts.cache == "on") | extra
            servers[name] = stack.enter_context(serve(name, cmd, env, opts.path, Path(tmp)))
        both(servers, opts.path, 2.0, opts.connections)  # warm-up
        ratios = []
        for i in range(1, opts.rounds + 1):
            this, theirs = both(servers, opts.path, opts.duration, opts.connections)
            ratio = this.requests_per_s / theirs.requests_per_s
            ratios.append(ratio)
            print(
                f"round {i}: this {this.requests_per_s:,.0f} req/s, "
                f"other {theirs.requests_per_s:,.0f} req/s, this / other {ratio:.3f}"
            )
    print(
        f"this / other: median {statistics.median(ratios):.3f} "
        f"(rounds {min(ratios):.3f}–{max(ratios):.3f}), {opts.path}, cache {opts.cache}"
    )
    return 0


def both(
    servers: dict[str, Server], path: str, duration: float, connections: int
) -> tuple[Load, Load]:
    """One wrk run against each server, at the same time; a failed answer stops the run."""
    with ThreadPoolExecutor(len(servers)) as pool:
        futures = {
            name: pool.submit(wrk, s.base + path, duration=duration, connections=connections)
            for name, s in servers.items()
        }
        loads = {name: f.result() for name, f in futures.items()}
    for name, load in loads.items():
        if load.non_2xx_3xx or load.socket_errors or not load.requests:
            raise SystemExit(
                f"{name}: {load.requests} requests, {load.non_2xx_3xx} non-2xx, "
                f"{load.socket_errors} socket errors: see its log"
            )
    return loads["this"], loads["other"]


if __name__ == "__main__":
    sys.exit(main())
