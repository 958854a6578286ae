"""docs/benchmarks.md and docs/benchmarks.png from one run's results."""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
from pathlib import Path
from typing import Any

from bench.scenarios import ENDPOINT_CONNECTIONS, SEARCHES, Goal

SECTIONS = {
    "cached": "The shipped command, cache on",
    "nocache": "Cache off: SQLite, PostgreSQL, Datasette",
    "postgresql": "PostgreSQL: cache on, and two workers",
}


def _mib(kib: int | None) -> str:
    return "–" if kib is None else f"{kib / 1024:.0f} MiB"


def _ms(v: float) -> str:
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def _find(data: dict[str, Any], name: str) -> Any:
    for r in data["results"]:
        if r.name == name and r.load is not None:
            return r
    return None


def _rps(data: dict[str, Any], name: str) -> float | None:
    r = _find(data, name)
    return None if r is None else float(r.load.requests_per_s)


def _per_round(data: dict[str, Any], a: str, b: str) -> list[float]:
    ra, rb = _find(data, a), _find(data, b)
    if ra is None or rb is None or len(ra.rounds) != len(rb.rounds) or len(ra.rounds) < 2:
        return []
    return [x / y for x, y in zip(ra.rounds, rb.rounds, strict=True)]


def _ratio(data: dict[str, Any], a: str, b: str) -> tuple[float | None, str]:
    """Mean req/s of ``a`` over ``b``, and the range of the per-round ratios."""
    x, y = _rps(data, a), _rps(data, b)
    if not x or not y:
        return None, "not measured"
    per = _per_round(data, a, b)
    rounds = f" (rounds {min(per):.2f}–{max(per):.2f})" if per else ""
    return x / y, f"{x / y:.2f}{rounds}"


def table(rows: list[Any]) -> str:
    lines = [
        "| scenario | req/s | p50 ms | p99 ms | max ms | non-2xx/3xx | socket errors | bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r.load is None:
            lines.append(f"| {r.label} | skipped: {r.skipped} | | | | | | |")
            continue
        ld = r.load
        lines.append(
            f"| {r.label} | {ld.requests_per_s:,.0f} | {_ms(ld.p50_ms)} | {_ms(ld.p99_ms)} | "
            f"{_ms(ld.max_ms)} | {ld.non_2xx_3xx} | {ld.socket_errors} | {r.body_bytes:,} |"
        )
    return "\n".join(lines)


def endpoints_table(rows: list[Any]) -> str:
    lines = [
        "| endpoint | cache | conns | req/s | p50 ms | p99 ms | max ms | non-2xx | "
        "one at a time: p50 / p99 / max ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        cache = "on" if r.cache else "off"
        if r.load is None:
            lines.append(f"| {r.label} | {cache} | {r.connections} | skipped: {r.skipped} |||||")
            continue
        ld = r.load
        seq = f"{_ms(r.seq.p50_ms)} / {_ms(r.seq.p99_ms)} / {_ms(r.seq.max_ms)}" if r.seq else ""
        lines.append(
            f"| {r.label} | {cache} | {r.connections} | {ld.requests_per_s:,.0f} | "
            f"{_ms(ld.p50_ms)} | {_ms(ld.p99_ms)} | {_ms(ld.max_ms)} | "
            f"{ld.non_2xx_3xx + ld.socket_errors} | {seq} |"
        )
    return "\n".join(lines)


def _endpoint_p99(data: dict[str, Any], labels: list[str], limit: float) -> list[Goal]:
    out = []
    conns = ENDPOINT_CONNECTIONS[0]
    for db in ("sqlite", "postgresql"):
        rows = [
            r
            for r in data["results"]
            if r.section == f"endpoints-{db}"
            and r.label in labels
            and r.cache is False
            and r.connections == conns
        ]
        measured = [r for r in rows if r.load is not None]
        what = " and ".join(labels) if len(labels) == 1 else "search (numeric, Arabic, fuzzy)"
        if not measured:
            why = next((r.skipped for r in rows if r.skipped), "not measured")
            out.append(Goal(f"{what}, {db}: p99 < {limit:g} ms", "", f"skipped: {why}", None))
            continue
        worst = max(r.load.p99_ms for r in measured)
        each = ", ".join(f"{_ms(r.load.p99_ms)}" for r in measured)
        out.append(
            Goal(
                f"{what}, {db}, cache off, {conns} connections: p99",
                f"< {limit:g} ms",
                f"{_ms(worst)} ms" + (f" (each: {each})" if len(measured) > 1 else ""),
                worst < limit,
            )
        )
    return out


def goals(data: dict[str, Any]) -> list[Goal]:
    out = []
    for a, b, what, floor in (
        ("figures", "bare", "`masdar serve` cached list / bare ASGI", 0.50),
        ("figures", "figures-nolog", "access log on / off, cached list", 0.90),
        ("figures-nocache", "datasette", "`masdar serve` cache off / Datasette", 2.0),
    ):
        ratio, text = _ratio(data, a, b)
        out.append(Goal(what, f"≥ {floor:.2f}", text, None if ratio is None else ratio >= floor))
    ratio, text = _ratio(data, "figures-nocache", "pg-nocache")
    out.append(
        Goal(
            "cache-off list: SQLite req/s / PostgreSQL req/s",
            "≤ 1.50",
            text,
            None if ratio is None else ratio <= 1.5,
        )
    )
    out += _endpoint_p99(data, list(SEARCHES), 50)
    out += _endpoint_p99(data, ["check, three sentences"], 150)
    scale = data.get("scale") or {}
    for db in ("sqlite", "postgresql"):
        s = scale.get(db)
        if s and "first" in s:
            deep = s["scale"]["seq"].p50_ms
            ratio = deep / s["first"]["seq"].p50_ms
            real = deep / s["real"]["seq"].p50_ms
            out.append(
                Goal(
                    f"deep cursor / first page of {s['figures']:,} figures, {db}, one at a time",
                    "≤ 1.50",
                    f"{ratio:.2f} (against the 5 articles' lighter first page: {real:.2f})",
                    ratio <= 1.5,
                )
            )
    loads = [r.load for r in data["results"] if r.load is not None]
    loads += [
        s[k]["load"]
        for s in scale.values()
        if isinstance(s, dict)
        for k in ("real", "first", "scale")
        if k in s
    ]
    bad = sum(ld.non_2xx_3xx + ld.socket_errors for ld in loads)
    out.append(Goal("non-2xx responses and socket errors, every scenario", "0", f"{bad}", bad == 0))
    reported = all(ld.max_ms > 0 for ld in loads)
    out.append(
        Goal(
            "the slowest request of every scenario reported",
            "yes",
            f"{len(loads)} runs" + ("" if reported else "; some without"),
            reported,
        )
    )
    return out


def goals_table(data: dict[str, Any]) -> str:
    lines = ["| goal | target | measured | met |", "|---|---|---|---|"]
    for g in goals(data):
        met = "–" if g.met is None else ("**yes**" if g.met else "**no**")
        lines.append(f"| {g.what} | {g.target} | {g.measured} | {met} |")
    return "\n".join(lines)


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


def scale_section(scale: dict[str, Any]) -> list[str]:
    lines = [
        "## A deep cursor",
        "",
        f"`--scale {scale['figures']}`: a synthetic knowledge base built by "
        "`bench/generate.py` (quotes located and their numbers checked by the seeder's own "
        "`locate` and `mentions_value`), served by `masdar serve` with the cache **off**; "
        "the page at a cursor 90 % deep against the first page of the same figures (the "
        "goal: what depth costs) and the real data's first page (fewer, lighter items).",
        "",
        "| database | data | page | items | bytes | one at a time, p50 / p99 ms | "
        "req/s | p50 ms | p99 ms | max ms | non-2xx |",
        "|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for db in ("sqlite", "postgresql"):
        s = scale.get(db) or {}
        if "first" not in s:
            lines.append(f"| {db} | skipped: {s.get('skipped', 'not measured')} ||||||||||")
            continue
        for name, row in (
            ("real (5 articles)", s["real"]),
            (f"{s['figures']:,} figures", s["first"]),
            (f"{s['figures']:,} figures", s["scale"]),
        ):
            ld, seq = row["load"], row["seq"]
            page = "first page" if "cursor" not in row["path"] else "cursor at 90 %"
            lines.append(
                f"| {db} | {name} | {page} | {row['items']} | {row['body_bytes']:,} | "
                f"{_ms(seq.p50_ms)} / {_ms(seq.p99_ms)} | {ld.requests_per_s:,.0f} | "
                f"{_ms(ld.p50_ms)} | {_ms(ld.p99_ms)} | {_ms(ld.max_ms)} | "
                f"{ld.non_2xx_3xx + ld.socket_errors} |"
            )
        gen = s.get("generator") or {}
        if gen:
            lines.append(
                f"| {db} | generated in {gen['seconds']:.0f} s: {s['citations']:,} citations |"
                "||||||||||"
            )
    return lines


def markdown(data: dict[str, Any]) -> str:
    from bench.run import machine

    opts = data["opts"]
    m = machine()
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    pin = (
        "server pinned to core 0, wrk to core 1 (`taskset`); PostgreSQL's own processes "
        "are not pinned"
        if data["pinned"]
        else "not pinned (fewer than two cores or no taskset)"
    )
    results = data["results"]
    parts = [
        "# Benchmarks",
        "",
        "Generated by `./dev bench` (`python -m bench`, bench/README.md); do not edit by hand. "
        "Numbers only compare within one run.",
        "",
        f"- date: {now}; commit {_git()}; the run took {data.get('minutes', 0):.0f} min",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['os']}; "
        f"Python {m['python']}; load average {data['loadavg']} before the run, "
        f"{data.get('loadavg_after', '?')} after (other work on the machine moves numbers)",
        f"- load: wrk, 1 thread, {opts.connections} connections unless said, "
        f"{opts.duration:g} s per scenario after {opts.warmup:g} s of warm-up; {pin}; "
        f"compared scenarios alternate in {opts.rounds} rounds (the cached list's in "
        f"{opts.rounds * 2}, twice as long), because this machine's "
        "speed drifts within a minute: req/s is the mean of the rounds, p50 and p99 the "
        "median round's, max the slowest request of all",
        "- masdar runs as users run it: the Docker image's command, `masdar serve` "
        "(access log on, to a file), on 127.0.0.1, over a freshly migrated and seeded "
        "SQLite file or PostgreSQL database (the five articles, seeded in "
        + ", ".join(f"{k} {v:.2f} s" for k, v in data["seed_s"].items())
        + "); rate limits on with their buckets raised (wrk is one client)",
        "",
        "## Goals",
        "",
        goals_table(data),
        "",
    ]
    for section, title in SECTIONS.items():
        rows = [r for r in results if r.section == section]
        if not rows:
            continue
        parts += [f"## {title}", "", table(rows), ""]
        worst = [
            f"- worst round's p99, {r.label}: {_ms(r.p99_worst)} ms"
            for r in rows
            if r.p99_worst is not None and len(r.rounds) > 1
        ]
        parts += [*_ratios(data, section), *worst, ""]
    for db in ("sqlite", "postgresql"):
        rows = [r for r in results if r.section == f"endpoints-{db}"]
        if rows:
            name = "SQLite" if db == "sqlite" else "PostgreSQL"
            parts += [f"## Search, check and MCP: {name}", "", endpoints_table(rows), ""]
    if data.get("scale"):
        parts += [*scale_section(data["scale"]), ""]
    parts += [
        "## Memory",
        "",
        "Of each server process after its scenarios (`/proc/<pid>/status`; for "
        "`--workers 2`, the parent):",
        "",
        *[
            f"- {name}: VmRSS {_mib(rss)}, peak (VmHWM) {_mib(hwm)}"
            for name, (rss, hwm) in data["memory"].items()
        ],
        "",
        WHAT,
        "",
        "![req/s and p99 per scenario](benchmarks.png)",
        "",
    ]
    return "\n".join(parts)


def _ratios(data: dict[str, Any], section: str) -> list[str]:
    pairs = {
        "cached": [
            ("figures", "bare", "masdar serve (cache on) / bare ASGI"),
            ("figures", "figures-nolog", "masdar serve / the same without its access log"),
            ("figures", "figures-tuned", "masdar serve / uvicorn with no access log"),
        ],
        "nocache": [
            ("figures-nocache", "datasette", "masdar serve (cache off) / Datasette"),
            ("figures-nocache", "pg-nocache", "SQLite / PostgreSQL"),
            ("floor", "datasette", "masdar floor (no database) / Datasette"),
            ("figures-nocache", "floor", "masdar serve (cache off) / its floor"),
        ],
        "postgresql": [("pg-workers-2", "pg-workers-1", "2 workers / 1, PostgreSQL, cache off")],
    }[section]
    out = []
    for a, b, label in pairs:
        ratio, text = _ratio(data, a, b)
        if ratio is not None:
            out.append(f"- {label}: **{text}**")
    if section == "cached":
        on, off = _rps(data, "figures"), _rps(data, "figures-nolog")
        if on and off:
            per = _per_round(data, "figures", "figures-nolog")
            cost = 1 - on / off
            out.append(
                f"- the access log's cost: {cost:.0%} of a cached answer's throughput"
                + (f" (median round {1 - statistics.median(per):.0%})" if per else "")
            )
    return out


WHAT = """What the scenarios mean: *cache on* is served from masdar's response cache
(`app/caching.py`), before FastAPI's routing and validation; *cache off*
(`MASDAR_RESPONSE_CACHE=off`) is answered by the list shortcut (`app/api/shortcut.py`) in
one thread-pool hop: the keyset page query, one query for derived figures' inputs, one
for the citations (compiled once per database, `app/services/prepared.py`), written with
orjson (`app/api/fastjson.py`). The *floor* is masdar's app (under uvicorn) with that
page answering fixed bytes: what is left when the database work and the JSON cost
nothing. Datasette returns the figure rows only, without citations. `304` answers
`If-None-Match` with the list's ETag. `POST /v1/check` and MCP's `POST /mcp` are never
served from the response cache (it keeps GET answers), so their *cache on* and *cache off*
rows differ only by the machine. The access log (`app/access.py`) writes one orjson line
per request into a buffer that a background thread writes out in batches.
*non-2xx/3xx* is wrk's count of responses with status ≥ 400; *socket errors* adds
connect, read, write and timeout errors."""


def chart(data: dict[str, Any], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: matplotlib is not installed; no chart (pip install -e '.[bench]')")
        return
    rows = [r for r in data["results"] if r.load is not None and r.section in SECTIONS]
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
    fig.suptitle(f"masdar serve vs bare ASGI vs Datasette — {data['opts'].connections} connections")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
