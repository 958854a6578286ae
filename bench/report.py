"""docs/benchmarks.md and docs/benchmarks.png from one run's results."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

SCALE_START, SCALE_END = "<!-- scale -->", "<!-- /scale -->"


def _mib(kib: int | None) -> str:
    return "–" if kib is None else f"{kib / 1024:.0f} MiB"


def _ms(v: float) -> str:
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def table(data: dict[str, Any]) -> str:
    lines = [
        "| scenario | req/s | p50 ms | p99 ms | non-2xx/3xx | socket errors | body bytes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["results"]:
        if r.load is None:
            lines.append(f"| {r.label} | skipped: {r.skipped} | | | | | |")
            continue
        ld = r.load
        lines.append(
            f"| {r.label} | {ld.requests_per_s:,.0f} | {_ms(ld.p50_ms)} | "
            f"{_ms(ld.p99_ms)} | {ld.non_2xx_3xx} | {ld.socket_errors} | "
            f"{r.body_bytes:,} |"
        )
    return "\n".join(lines)


def _rps(data: dict[str, Any], name: str) -> float | None:
    for r in data["results"]:
        if r.name == name and r.load is not None:
            return float(r.load.requests_per_s)
    return None


def _rounds(data: dict[str, Any], name: str) -> list[float]:
    for r in data["results"]:
        if r.name == name and r.load is not None:
            return list(getattr(r, "rounds", []))
    return []


def ratios(data: dict[str, Any]) -> list[str]:
    """Ratios of mean req/s; for scenarios measured in alternation, also the range of the
    ratios of each round (the two servers met the same machine in each round)."""
    out = []
    pairs = [  # (a, b, label, goal, measured in alternation)
        ("figures", "bare", "masdar (cache on) / bare ASGI", "goal ≥ 0.50", True),
        ("figures-nocache", "bare", "masdar (cache off) / bare ASGI", "", False),
        ("figures", "datasette", "masdar (cache on) / Datasette", "", False),
        ("figures-nocache", "datasette", "masdar (cache off) / Datasette", "goal ≥ 2", True),
        ("floor", "datasette", "masdar floor (no database) / Datasette", "", True),
        ("figures-nocache", "floor", "masdar (cache off) / its floor", "", True),
    ]
    for a, b, label, goal, paired in pairs:
        x, y = _rps(data, a), _rps(data, b)
        if x and y:
            line = f"- {label}: **{x / y:.2f}**" + (f" ({goal})" if goal else "")
            ra, rb = _rounds(data, a), _rounds(data, b)
            if paired and len(ra) > 1 and len(ra) == len(rb):
                per = [p / q for p, q in zip(ra, rb, strict=True)]
                line += f"; per round {min(per):.2f}–{max(per):.2f} over {len(per)} rounds"
            out.append(line)
    return out


def _git() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], capture_output=True, text=True, check=True
        ).stdout.strip()
        return rev + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def scale_section(s: dict[str, Any], when: str) -> str:
    real, big = s["real"], s["scale"]
    ratio = big["sequential_ms"] / real["sequential_ms"]
    gen = s.get("generator") or {}
    lines = [
        SCALE_START,
        "## Scale: a synthetic knowledge base",
        "",
        f"Measured {when}. `python -m bench --scale {s['figures']}` builds it with "
        "`bench/generate.py` (quotes located and their numbers checked by the seeder's own "
        "`locate` and `mentions_value`), then serves it with the response cache **off**.",
        "",
        f"- {s['figures']:,} figures, {s['citations']:,} citations, "
        f"SQLite file {s['db_bytes'] / 2**20:,.0f} MiB",
    ]
    if gen:
        lines.append(
            f"- generator: {gen['seconds']:.0f} s, peak RSS {gen['peak_rss_kib'] / 1024:.0f} MiB"
        )
    lines += [
        "",
        "| data | page | items | body bytes | one request at a time, median ms | "
        "req/s at 64 conns | p50 ms | p99 ms | non-2xx | RSS after |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in (("real (5 articles)", real), (f"synthetic, {s['figures']:,}", big)):
        ld = row["load"]
        page = "first page" if "cursor" not in row["path"] else "cursor at 90 %"
        lines.append(
            f"| {name} | {page} | {row['items']} | {row['body_bytes']:,} | "
            f"{row['sequential_ms']:.2f} | {ld.requests_per_s:,.0f} | {_ms(ld.p50_ms)} | "
            f"{_ms(ld.p99_ms)} | {ld.non_2xx_3xx + ld.socket_errors} | "
            f"{_mib(row['memory'][0])} |"
        )
    lines += ["", f"Deep page / real page latency: **{ratio:.2f}×** (goal ≤ 1.5×).", SCALE_END]
    return "\n".join(lines)


def markdown(data: dict[str, Any], previous: Path) -> str:
    from bench.run import machine

    opts = data["opts"]
    m = machine()
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mem_lines = [
        f"- {name}: VmRSS {_mib(rss)}, peak (VmHWM) {_mib(hwm)}"
        for name, (rss, hwm) in data["memory"].items()
    ]
    pin = (
        "server pinned to core 0, wrk to core 1 (`taskset`)"
        if data["pinned"]
        else "not pinned (fewer than two cores or no taskset)"
    )
    parts = [
        "# Benchmarks",
        "",
        "Generated by `./dev bench` (`python -m bench`); do not edit by hand. "
        "Re-run on your machine: numbers only compare within one run.",
        "",
        f"- date: {now}; commit {_git()}",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['os']}; "
        f"Python {m['python']}",
        f"- load: wrk, 1 thread, {opts.connections} connections, {opts.duration:g} s per "
        f"scenario after {opts.warmup:g} s of warm-up; {pin}; compared scenarios (bare "
        f"ASGI and cache on; cache off, its floor and Datasette) alternate in "
        f"{opts.rounds} rounds, because this machine's speed drifts within a minute",
        "- servers: uvicorn, one worker, `--no-access-log --log-level warning`; masdar on a "
        "freshly migrated and seeded SQLite file (the five articles), Datasette on the same file",
        f"- the real seed loaded in {data['seed_s']:.2f} s; load average before the run "
        f"{data.get('loadavg', '?')} (other work on the machine makes numbers noisy)",
        "",
        table(data),
        "",
        "Ratios (same run):",
        "",
        *ratios(data),
        *[
            f"- worst round's p99, {r.label}: {_ms(r.p99_worst)} ms"
            for r in data["results"]
            if getattr(r, "p99_worst", None) is not None and len(r.rounds) > 1
        ],
        "",
        "Memory of each server process after its scenarios (`/proc/<pid>/status`):",
        "",
        *mem_lines,
        "",
        "What the scenarios mean: *cache on* is served from masdar's response cache "
        "(`app/caching.py`), before FastAPI's routing and validation; *cache off* "
        "(`MASDAR_RESPONSE_CACHE=off`) is answered by the list shortcut "
        "(`app/api/shortcut.py`: the route's own code without FastAPI's route walk and "
        "parameter validation, for a query of `limit` and `cursor` only) in one "
        "thread-pool hop: the keyset page query, one query for derived figures' inputs, "
        "one for the citations of the page and of those inputs (compiled once per "
        "database and run on the driver's cursor, `app/services/prepared.py`), and plain "
        "dicts written with orjson, without per-item Pydantic validation "
        "(`app/api/fastjson.py`). The *floor* is the same app with that page answering "
        "fixed bytes: what is left when the database work and the JSON cost nothing. "
        "Datasette "
        "returns the figure rows only, without citations. `304` answers `If-None-Match` "
        "with the ETag of the list. *non-2xx/3xx* is wrk's count of responses with "
        "status ≥ 400; *socket errors* adds connect, read, write and timeout errors.",
        "",
        "![req/s and p99 per scenario](benchmarks.png)",
        "",
    ]
    if data.get("scale"):
        parts.append(scale_section(data["scale"], now))
    else:
        old = previous.read_text() if previous.exists() else ""
        m_old = re.search(re.escape(SCALE_START) + ".*?" + re.escape(SCALE_END), old, re.S)
        parts.append(
            m_old.group(0)
            if m_old
            else "Scale: not measured in this run (`python -m bench --scale 1000000`)."
        )
    return "\n".join(parts) + "\n"


def chart(data: dict[str, Any], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: matplotlib is not installed; no chart (pip install -e '.[bench]')")
        return
    rows = [r for r in data["results"] if r.load is not None]
    if not rows:
        return
    names = [r.name for r in rows][::-1]
    rps = [r.load.requests_per_s for r in rows][::-1]
    p99 = [r.load.p99_ms for r in rows][::-1]
    colors = [{"bare": "#888888", "datasette": "#d08c2f"}.get(r.server, "#2f6fd0") for r in rows][
        ::-1
    ]
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 0.5 * len(rows) + 1.6), sharey=True)
    a.barh(names, rps, color=colors)
    a.set_xscale("log")
    a.set_xlabel("requests/s (log scale, higher is better)")
    for y, v in enumerate(rps):
        a.text(v, y, f" {v:,.0f}", va="center", fontsize=8)
    b.barh(names, p99, color=colors)
    b.set_xscale("log")
    b.set_xlabel("p99 latency, ms (log scale, lower is better)")
    for y, v in enumerate(p99):
        b.text(v, y, f" {v:.1f}", va="center", fontsize=8)
    fig.suptitle(f"masdar vs bare ASGI vs Datasette — {data['opts'].connections} connections")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
