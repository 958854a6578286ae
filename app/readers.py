"""The readers' threads: where a read request's database work runs, one hop from the loop.

A read is ``async`` on the event loop except for its database work, which runs here
(:func:`app.api.deps.in_thread`). anyio's ``to_thread.run_sync`` did this before, and
cost about 90 µs of the server's one core per request under load: a cancel scope, a
capacity limiter, a worker found and woken through a ``Condition``, for work of 300 to
500 µs (bench/README.md, "Where a cache-off page's time goes"). This pool does only what
a read needs:

- ``size`` threads at most run reads (``MASDAR_THREADS``); a read waits in one
  ``queue.SimpleQueue`` (C, no lock taken in Python) for the first free thread. Threads
  start on demand and end after :data:`IDLE_SECONDS` with nothing to do, so an app
  that stops (tests build hundreds) leaves none behind;
- the read runs in a copy of the caller's context (its deadline, its request id, the
  curator's ``include_retracted``), as anyio's did;
- its result or exception comes back through ``loop.call_soon_threadsafe``;
- a caller that stops waiting (its deadline passed: app/deadlines.py) is answered at
  once: a read still queued is dropped unrun; a read already running finishes on its
  own (a thread cannot be interrupted; the watchdog aborts its database call), its
  result dropped, and a new thread takes its place, so reads after it are not held up.
  ``size`` bounds the reads being waited for, not the threads still finishing.

There is one pool per process, :data:`POOL`, as anyio's default thread limiter is one per
process: the app sizes it when it starts (app/main.py).
"""

from __future__ import annotations

import asyncio
import contextvars
import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

IDLE_SECONDS = 10.0
"""A thread with no read for this long ends (anyio's worker threads do the same)."""

_QUEUED, _RUNNING, _DONE = 0, 1, 2


class _Job(Generic[T]):
    __slots__ = ("loop", "future", "context", "func", "args", "state", "claimed", "abandoned")

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        future: asyncio.Future[T],
        func: Callable[..., T],
        args: tuple[Any, ...],
    ) -> None:
        self.loop = loop
        self.future = future
        self.context = contextvars.copy_context()
        self.func = func
        self.args = args
        self.state = _QUEUED
        self.claimed = False  # an idle thread was counted out for it when it was queued
        self.abandoned = False


class ReadPool:
    """At most ``size`` threads running reads, fed by one queue (see the module).

    Two counts, under one lock, decide when a thread starts or ends: ``_live``, the
    threads counted against ``size``, and ``_idle``, those of them waiting for a job that
    no queued job has claimed yet. A job queued while a thread is idle claims it;
    otherwise a thread starts if fewer than ``size`` are live; otherwise the job waits.
    Queuing happens under the lock, so a thread that found nothing to do for
    :data:`IDLE_SECONDS` can tell, under the same lock, that no job is on its way to it.
    """

    def __init__(self, size: int, name: str = "masdar-read") -> None:
        self.size = size
        """Settable at any time (the app sets it at start-up from ``MASDAR_THREADS``)."""
        self.name = name
        self._jobs: queue.SimpleQueue[_Job[Any]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._live = 0
        self._idle = 0

    @property
    def threads(self) -> int:
        """Threads serving reads now (not counting those finishing an abandoned read)."""
        return self._live

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """``func(*args)`` in one of the pool's threads; its result, or its exception."""
        loop = asyncio.get_running_loop()
        job: _Job[T] = _Job(loop, loop.create_future(), func, args)
        with self._lock:
            start = False
            if self._idle:
                self._idle -= 1
                job.claimed = True
            elif self._live < self.size:
                self._live += 1
                start = True
            self._jobs.put(job)
        if start:
            self._start()
        try:
            return await job.future
        except asyncio.CancelledError:
            self._abandon(job)
            raise

    def _abandon(self, job: _Job[Any]) -> None:
        """The caller stopped waiting: a queued job is skipped when a thread takes it; a
        running one's thread is counted out, and another starts in its place."""
        with self._lock:
            if job.state == _QUEUED:
                job.state = _DONE
                return
            if job.state == _DONE:
                return
            job.abandoned = True  # its thread ends when the job does, counted out now
        self._start()  # and counted in its place: _live is unchanged

    def _start(self) -> None:
        try:
            threading.Thread(target=self._work, name=self.name, daemon=True).start()
        except BaseException:
            with self._lock:
                self._live -= 1
            raise

    def _work(self) -> None:
        jobs, lock = self._jobs, self._lock
        with lock:
            self._idle += 1
        while True:
            try:
                job = jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with lock:
                    if self._idle and jobs.empty():  # no job claimed this thread
                        self._idle -= 1
                        self._live -= 1
                        return
                continue  # a job is queued for it: take it
            with lock:
                if not job.claimed:
                    self._idle -= 1
                if job.state == _DONE:  # its caller left while it was queued
                    self._idle += 1
                    continue
                job.state = _RUNNING
            try:
                outcome: tuple[Any, BaseException | None] = (
                    job.context.run(job.func, *job.args),
                    None,
                )
            except BaseException as exc:  # the caller's to handle, as if run on the loop
                outcome = (None, exc)
            with lock:
                job.state = _DONE
                if job.abandoned:  # another thread has taken this one's place
                    return
                end = self._live > self.size  # the size was lowered meanwhile
                if end:
                    self._live -= 1
                else:
                    self._idle += 1
            try:
                job.loop.call_soon_threadsafe(_settle, job.future, *outcome)
            except RuntimeError:  # the loop has closed: nobody is waiting
                pass
            if end:
                return


def _settle(future: asyncio.Future[Any], result: Any, exc: BaseException | None) -> None:
    if future.done():  # cancelled meanwhile
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)


POOL = ReadPool(2)
"""The readers' threads (:func:`app.api.deps.in_thread`)."""
