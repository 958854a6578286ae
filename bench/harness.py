"""Servers and load: start a server pinned to one core, drive it with wrk from another.

Everything binds to 127.0.0.1 on a free port and every run is bounded in time.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_CORE, LOAD_CORE = "0", "1"
PG_ENV = "MASDAR_TEST_DATABASE_URL"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
"""The PostgreSQL server benchmarks make their databases on: ``$MASDAR_TEST_DATABASE_URL``'s,
else this machine's."""


@dataclass(frozen=True)
class Req:
    """One request as a scenario sends it, again and again."""

    path: str
    method: str = "GET"
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


def pinned(core: str) -> list[str]:
    """``taskset -c core`` when there are two cores to split, else nothing."""
    if (os.cpu_count() or 1) >= 2 and shutil.which("taskset"):
        return ["taskset", "-c", core]
    return []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def memory_kib(self) -> tuple[int | None, int | None]:
        """(VmRSS, VmHWM) of the server process, from /proc/<pid>/status."""
        try:
            text = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None, None
        found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", text, re.M))
        rss, hwm = found.get("VmRSS"), found.get("VmHWM")
        return (int(rss) if rss else None, int(hwm) if hwm else None)


def uvicorn_cmd(target: str, port: int, *, factory: bool = False) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return cmd + (["--factory"] if factory else [])


def shipped_cmd(port: int, *, workers: int = 1) -> tuple[list[str], dict[str, str]]:
    """The command users run, as the Docker image runs it: its ``CMD`` (``masdar serve``,
    from this virtual environment) on 127.0.0.1:``port`` instead of 0.0.0.0:8000, with its
    ``ENV`` that is not a path inside the image (``PYTHONUNBUFFERED``)."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    cmd: list[str] = []
    env: dict[str, str] = {}
    for line in text.splitlines():
        op, _, rest = line.strip().partition(" ")
        if op == "CMD":
            cmd = json.loads(rest)
        elif op == "ENV":
            for key, value in re.findall(r"(\w+)=(\S+)", rest):
                if key != "PATH" and not key.startswith("MASDAR_"):
                    env[key] = value
    if cmd[:2] != ["masdar", "serve"]:
        raise RuntimeError(f"the Dockerfile's CMD is not `masdar serve`: {cmd}")
    for flag, value in (("--host", "127.0.0.1"), ("--port", str(port))):
        cmd[cmd.index(flag) + 1] = value
    if workers != 1:
        cmd += ["--workers", str(workers)]
    return [str(Path(sys.executable).with_name("masdar")), *cmd[1:]], env


@contextmanager
def serve(
    name: str,
    cmd: Sequence[str],
    env: dict[str, str],
    ready_path: str,
    logdir: Path,
    timeout: float = 90.0,
    cwd: Path = ROOT,
) -> Iterator[Server]:
    """Run ``cmd`` (which must listen on the port it was given) until the block ends."""
    port = int(cmd[cmd.index("--port") + 1] if "--port" in cmd else cmd[cmd.index("-p") + 1])
    log = logdir / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*pinned(SERVER_CORE), *cmd],
            cwd=cwd,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(name, proc, port, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited early:\n{log.read_text()[-2000:]}")
            try:
                status, _, _ = fetch(server.base + ready_path, timeout=2.0)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{name} not ready after {timeout:.0f} s:\n{log.read_text()[-2000:]}"
                )
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _split(url: str) -> tuple[str, int, str]:
    m = re.match(r"http://([^/:]+):(\d+)(/.*)", url)
    assert m, url
    return m[1], int(m[2]), m[3]


def fetch(
    url: str, headers: dict[str, str] | None = None, timeout: float = 30.0
) -> tuple[int, dict[str, str], bytes]:
    """One GET of ``url``."""
    host, port, path = _split(url)
    return send(host, port, Req(path, headers=tuple((headers or {}).items())), timeout)


def send(
    host: str, port: int, req: Req, timeout: float = 30.0
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(req.method, req.path, body=req.body, headers=dict(req.headers))
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


@dataclass
class Sequential:
    """Latency of requests sent one at a time on one keep-alive connection, in ms."""

    p50_ms: float
    p99_ms: float
    max_ms: float
    n: int


def sequential(base: str, req: Req, n: int = 200) -> Sequential:
    host, port, _ = _split(base + "/")
    conn = http.client.HTTPConnection(host, port, timeout=30)
    times = []
    try:
        for _ in range(n):
            t = time.perf_counter()
            conn.request(req.method, req.path, body=req.body, headers=dict(req.headers))
            resp = conn.getresponse()
            resp.read()
            times.append((time.perf_counter() - t) * 1000)
            if not 200 <= resp.status < 300:
                raise RuntimeError(f"{req.method} {req.path}: HTTP {resp.status}")
    finally:
        conn.close()
    times.sort()
    return Sequential(statistics.median(times), times[int(0.99 * (n - 1))], times[-1], n)


def sequential_latency_ms(url: str, n: int = 200) -> float:
    """Median latency of ``n`` GETs of ``url`` one at a time."""
    host, port, path = _split(url)
    return sequential(f"http://{host}:{port}", Req(path), n).p50_ms


# -- wrk -----------------------------------------------------------------------


@dataclass
class Load:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int
    raw: str = field(repr=False, default="")
    max_ms: float = 0.0
    """The slowest request of the run."""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    assert m, text
    return float(m[1]) * _UNITS[m[2]]


def parse_wrk(out: str) -> Load:
    lat = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", out, re.M))
    stats = re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not (rps and total and "50" in lat and "99" in lat):
        raise RuntimeError(f"cannot parse wrk output:\n{out}")
    return Load(
        requests_per_s=float(rps[1]),
        p50_ms=_ms(lat["50"]),
        p99_ms=_ms(lat["99"]),
        requests=int(total[1]),
        non_2xx_3xx=int(non2xx[1]) if non2xx else 0,
        socket_errors=sum(int(x) for x in sock.groups()) if sock else 0,
        raw=out,
        max_ms=_ms(stats[1]) if stats else 0.0,
    )


def wrk(
    url: str,
    *,
    duration: float,
    connections: int,
    headers: dict[str, str] | None = None,
    req: Req | None = None,
) -> Load:
    """One wrk run of ``url`` (the base, when ``req`` gives the rest: method, path, body and
    headers, through a Lua script)."""
    if req is None:
        host, port, path = _split(url)
        req = Req(path, headers=tuple((headers or {}).items()))
        url = f"http://{host}:{port}"
    cmd = [
        *pinned(LOAD_CORE),
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    lua = f"wrk.method = {_lua(req.method)}\nwrk.path = {_lua(req.path)}\n"
    lua += "".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}\n" for k, v in req.headers)
    if req.body is not None:
        lua += f"wrk.body = {_lua(req.body.decode())}\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as f:
        f.write(lua)
    try:
        out = subprocess.run(
            [*cmd, "-s", f.name, url + "/"],
            capture_output=True,
            text=True,
            check=True,
            timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(f.name)
    load = parse_wrk(out)
    if load.requests and load.non_2xx_3xx == load.requests:  # a request nobody meant
        raise RuntimeError(f"every answer to {req.method} {req.path} was an error:\n{out}")
    return load


def _lua(s: str) -> str:
    """A Lua long string: the bytes as they are (UTF-8 included), no escapes to get wrong.
    wrk ignores a script that does not parse, silently: keep this the one way to quote."""
    level = 0
    while f"]{'=' * level}]" in s:
        level += 1
    eq = "=" * level
    # Lua drops a newline right after the opening bracket; the parentheses keep
    # ``t[[[...]]]`` from reading as a call of ``t`` with a long string
    return f"([{eq}[\n{s}]{eq}])"


# -- PostgreSQL ------------------------------------------------------------------


def pg_admin_url() -> str:
    return os.environ.get(PG_ENV) or PG_DEFAULT


def pg_execute(sql: str) -> None:
    """Run ``sql`` (CREATE/DROP DATABASE) on the server's maintenance database."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(pg_admin_url())
    with psycopg.connect(
        host=admin.host or "127.0.0.1",
        port=admin.port or 5432,
        user=admin.username,
        password=admin.password,
        dbname=admin.database or "postgres",
        autocommit=True,
        connect_timeout=5,
    ) as conn:
        conn.execute(sql.encode())


def pg_available() -> str | None:
    """None when the PostgreSQL server answers, else why not."""
    try:
        pg_execute("SELECT 1")
    except Exception as exc:  # not installed, down, refused: say which
        return f"PostgreSQL at {pg_admin_url()} is not reachable ({type(exc).__name__})"
    return None


@contextmanager
def pg_database(tag: str) -> Iterator[str]:
    """An empty PostgreSQL database ``masdar_bench_<pid>_<tag>``, dropped afterwards."""
    from sqlalchemy.engine import make_url

    name = f"masdar_bench_{os.getpid()}_{tag}"
    pg_execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    finally:
        pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
