"""Servers and load: start a server pinned to one core, drive it with wrk from another.

Everything binds to 127.0.0.1 on a free port and every run is bounded in time.
"""

from __future__ import annotations

import http.client
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


def fetch(
    url: str, headers: dict[str, str] | None = None, timeout: float = 30.0
) -> tuple[int, dict[str, str], bytes]:
    m = re.match(r"http://([^/:]+):(\d+)(/.*)", url)
    assert m, url
    conn = http.client.HTTPConnection(m[1], int(m[2]), timeout=timeout)
    try:
        conn.request("GET", m[3], headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def sequential_latency_ms(url: str, n: int = 200) -> float:
    """Median latency of ``n`` requests one at a time on one keep-alive connection."""
    m = re.match(r"http://([^/:]+):(\d+)(/.*)", url)
    assert m, url
    conn = http.client.HTTPConnection(m[1], int(m[2]), timeout=30)
    times = []
    try:
        for _ in range(n):
            t = time.perf_counter()
            conn.request("GET", m[3])
            resp = conn.getresponse()
            resp.read()
            times.append(time.perf_counter() - t)
            if resp.status != 200:
                raise RuntimeError(f"{url}: HTTP {resp.status}")
    finally:
        conn.close()
    return statistics.median(times) * 1000


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


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    assert m, text
    return float(m[1]) * _UNITS[m[2]]


def parse_wrk(out: str) -> Load:
    lat = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", out, re.M))
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
    )


def wrk(
    url: str, *, duration: float, connections: int, headers: dict[str, str] | None = None
) -> Load:
    """One wrk run. Request headers go through a Lua script (as ``wrk.headers``)."""
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
    script = None
    if headers:
        lua = "".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}\n" for k, v in headers.items())
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(lua)
        script.close()
        cmd += ["-s", script.name]
    try:
        out = subprocess.run(
            [*cmd, url], capture_output=True, text=True, check=True, timeout=duration + 60
        ).stdout
    finally:
        if script is not None:
            os.unlink(script.name)
    return parse_wrk(out)


def _lua(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
