"""The access log: one JSON line per request on stdout, written off the event loop.

``MASDAR_ACCESS_LOG`` says which requests get a line: ``on`` (every one, the default),
``off``, or ``sample:N`` (one request in N, and every 5xx). A line is
``{"method", "path", "status", "duration_ms", "request_id"}``: never a query string, a
body or a header.

Why it is built this way (docs/benchmarks.md measures it): the logging module's path (a
``LogRecord``, the caller's frame, a ``Formatter``, a flush per line) cost a third of a
cached answer. Here a line is one ``orjson`` dump appended to a buffer; one writer thread
per process wakes when the buffer gets its first line, lets a batch gather for
:data:`GATHER_S`, and writes it in one call. The event loop never waits on stdout: when
stdout stops taking lines (a full pipe), the buffer keeps at most
:data:`MAX_PENDING_BYTES` of them and the writer reports how many it dropped once it can
write again.
"""

from __future__ import annotations

import atexit
import json
import re
import sys
import threading
import time
from typing import Any

import orjson

GATHER_S = 0.05
"""How long the writer lets lines gather after the first: at most 20 writes a second."""
MAX_PENDING_BYTES = 16 << 20
"""Bytes of lines kept while stdout does not take them (some 130,000 lines); newer ones
are dropped (and counted) until it does."""

SETTING = re.compile(r"^(on|off|sample:[1-9][0-9]{0,8})$")
"""What ``MASDAR_ACCESS_LOG`` may be."""


def every(setting: str) -> int:
    """1 for ``on``, 0 for ``off``, N for ``sample:N``."""
    if setting == "on":
        return 1
    if setting == "off":
        return 0
    return int(setting.removeprefix("sample:"))


def _stdout(data: bytes) -> None:
    """Write to ``sys.stdout`` as it is now (tests swap it), after its own buffered text."""
    out = sys.stdout
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a text-only stream
        out.write(data.decode())
    else:
        buffer.write(data)
    out.flush()


class _Writer:
    """The one buffer and writer thread of the process (stdout is one per process).

    The buffer is one ``bytearray`` that lines are appended to (:class:`AccessLog`) and
    written from the front of: each append and each cut is one operation under the GIL,
    and the object never changes, so the event loop appends while the writer writes. A
    ``deque`` of lines, each held until its batch was joined, cost a cached answer 2.8 µs
    a line under load, against 0.14 µs in isolation (bench/README.md, tuning notes); a
    list of lines gave 0.82 and 0.92 of the log-off rate where the ``bytearray`` gave
    0.91 to 0.97 (medians of two runs of alternated rounds). The drop count has one
    writer per side, so no update is lost between the threads: the event loop adds to
    ``dropped``, the writer to ``reported``. The event loop calls :meth:`wake_up` for the first line
    after a batch was taken: it reads ``pending``, a plain attribute, at every line
    (``wake.is_set()`` is a Python call)."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.wake = threading.Event()
        self.lock = threading.Lock()  # one flush at a time: the thread's, exit's, a test's
        self.thread: threading.Thread | None = None
        self.dropped = 0
        """Lines dropped while the buffer was full (the event loop's count)."""
        self.reported = 0
        """Of those, how many an ``access_log_dropped`` line has reported (the writer's)."""
        self.pending = False
        """Whether the writer was woken for lines it has not taken yet: reset by the
        writer before it takes a batch."""

    def wake_up(self) -> None:
        self.pending = True
        if self.thread is None:
            self.start()
        self.wake.set()

    def start(self) -> None:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self.run, name="access-log", daemon=True)
                self.thread.start()
                atexit.register(self.flush)

    def run(self) -> None:
        while True:
            self.wake.wait()
            time.sleep(GATHER_S)
            self.wake.clear()  # before the flush: a line added after it wakes us again,
            self.pending = False  # and one added before it is in the flush
            self.flush()

    def flush(self) -> None:
        with self.lock:
            buffer = self.buffer
            n = len(buffer)  # whole lines: a line goes in with one append
            if not n:
                return
            batch = bytes(buffer[:n])
            del buffer[:n]  # what was appended meanwhile stays, for the next batch
            dropped = self.dropped - self.reported
            self.reported += dropped
            if dropped:
                batch = orjson.dumps({"access_log_dropped": dropped}) + b"\n" + batch
            try:
                _stdout(batch)
            except (OSError, ValueError):  # stdout closed or gone: nobody reads the log
                pass


_WRITER = _Writer()
_clock = time.perf_counter
_dumps = orjson.dumps
_NEWLINE = orjson.OPT_APPEND_NEWLINE


def flush() -> None:
    """Write the lines still buffered now (at shutdown; tests read them after this)."""
    _WRITER.flush()


class AccessLog:
    """Which requests get a line (``every``: 1 all, N one in N and every 5xx, 0 none)."""

    __slots__ = ("every", "_count")

    def __init__(self, every: int) -> None:
        self.every = every
        self._count = 0

    def __call__(self, method: Any, path: str, status: int, started: float, rid: str) -> None:
        """One request's line; ``started`` is its ``time.perf_counter()`` on arrival."""
        if self.every != 1:
            if not self.every:
                return
            self._count += 1
            if self._count % self.every and status < 500:
                return
        # hundredths of a millisecond, rounded half up, in float arithmetic: round(x, 2)
        # formats a string, and int(x) / 100 cost a quarter of the line (a type's call)
        fields = {
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": ((_clock() - started) * 100_000 + 0.5) // 1 / 100,
            "request_id": rid,
        }
        try:
            line = _dumps(fields, None, _NEWLINE)
        except orjson.JSONEncodeError:  # a lone surrogate in the path: json escapes it
            line = json.dumps(fields).encode() + b"\n"
        # the buffer's side of a line, written out here: a call to it cost 600 of the
        # line's 8,000 instructions (bench/README.md, tuning notes)
        writer = _WRITER
        buffer = writer.buffer
        if len(buffer) < MAX_PENDING_BYTES:
            buffer += line
        else:
            writer.dropped += 1
        if not writer.pending:
            writer.wake_up()
