"""The readers' threads: where a read request's database work runs, one hop from the loop.

A read is ``async`` on the event loop except for its database work, which runs here
(:func:`app.api.deps.in_thread`). anyio's ``to_thread.run_sync`` did this before; per
hop it enters a cancel scope, acquires a capacity limiter and wakes a worker through a
``Condition``, and the cache-off list answered 8 to 14 % fewer requests through it than
through this pool with one thread (alternated rounds: bench/README.md, "Tuning notes").
This pool does only what a read needs:

- ``size`` threads at most run reads (``MASDAR_THREADS``); a read waits in one
  ``queue.SimpleQueue`` for the first free thread, so under load one thread takes read
  after read without sleeping in between. Threads start on demand and end after
  :data:`IDLE_SECONDS` with nothing to do, so an app that stops (the suite builds
  hundreds) leaves none behind;
- the read runs in a copy of the caller's context (its deadline, its request id, the
  curator's ``include_retracted``), as anyio's did;
- its result or exception comes back through ``loop.call_soon_threadsafe``;
- a caller that stops waiting (its deadline passed: app/deadlines.py) is let go at once:
  a read still queued is dropped unrun; a read already running finishes on its own (a
  thread cannot be interrupted; the watchdog aborts its database call), its result
  dropped, and a new thread takes its place, so reads after it are not held up.
  ``size`` bounds the reads being waited for, not the threads still finishing.

There is one pool per process, :data:`POOL`, as anyio's default thread limiter is one per
process: the app sizes it when it starts (app/main.py; ``masdar mcp`` in app/cli.py).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import queue
import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

log = logging.getLogger("masdar")

IDLE_SECONDS = 10.0
"""A thread with no read for this long ends (anyio's worker threads do the same)."""

_QUEUED, _RUNNING, _DONE = 0, 1, 2


class _Job(Generic[T]):
    __slots__ = ("loop", "future", "context", "func", "args", "state", "abandoned")

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
        self.abandoned = False


class ReadPool:
    """At most ``size`` threads running reads, fed by one queue (see the module).

    Two counts, under one lock, decide when a thread starts or ends: ``_live``, the
    threads counted against ``size`` (not those finishing an abandoned read), and
    ``_spare``, the threads of those not running a job minus the jobs queued. A job
    queued when no thread is spare (``_spare`` goes below zero) starts one, if fewer than
    ``size`` are live; a thread that found nothing to do for :data:`IDLE_SECONDS` ends
    only while one is spare. Jobs are queued under the lock, so that count never misses
    a job on its way.
    """

    def __init__(self, size: int, name: str = "masdar-read") -> None:
        self.size = size
        """Settable at any time (the app sets it at start-up from ``MASDAR_THREADS``)."""
        self.name = name
        self._reset()

    def _reset(self) -> None:
        self._jobs: queue.SimpleQueue[_Job[Any]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._live = 0
        self._spare = 0

    @property
    def threads(self) -> int:
        """Threads serving reads now (not counting those finishing an abandoned read)."""
        return self._live

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """``func(*args)`` in one of the pool's threads; its result, or its exception."""
        loop = asyncio.get_running_loop()
        job: _Job[T] = _Job(loop, loop.create_future(), func, args)
        with self._lock:
            self._spare -= 1
            start = self._spare < 0 and self._live < self.size
            if start:
                self._live += 1
                self._spare += 1
            self._jobs.put(job)
        if start and not self._start():
            with self._lock:
                if job.state == _QUEUED:
                    job.state = _DONE  # skipped when a thread takes it
            raise RuntimeError("could not start a reader thread")
        try:
            return await job.future
        except BaseException:  # cancelled (its deadline), or its task torn down
            self._abandon(job)
            raise

    def _abandon(self, job: _Job[Any]) -> None:
        """The caller stopped waiting: a queued job is skipped when a thread takes it; a
        running one's thread is counted out, and another starts in its place."""
        with self._lock:
            if job.state != _RUNNING:
                job.state = _DONE
                return
            job.abandoned = True  # its thread ends with the job, counted out now;
            self._spare += 1  # its replacement (same _live) is spare
        self._start()

    def _start(self) -> bool:
        """A new thread, counted by the caller (one more live and spare): False, with the
        counts taken back, if the system refused it."""
        try:
            threading.Thread(target=self._work, name=self.name, daemon=True).start()
        except RuntimeError:  # can't start new thread
            log.exception("reader thread not started")
            with self._lock:
                self._live -= 1
                self._spare -= 1
            return False
        return True

    def _work(self) -> None:
        _HELD.pool, _HELD.kept = self, {}
        try:
            self._serve()
        finally:
            _release_kept()
            _HELD.pool = None

    def _serve(self) -> None:
        jobs, lock = self._jobs, self._lock
        job: _Job[Any] | None
        while True:
            try:
                job = jobs.get_nowait()
            except queue.Empty:
                _release_kept()  # a thread keeps nothing while it waits
                try:
                    job = jobs.get(timeout=IDLE_SECONDS)
                except queue.Empty:
                    job = None
            if job is None:
                with lock:
                    if self._spare > 0:  # more threads waiting than jobs queued
                        self._spare -= 1
                        self._live -= 1
                        return
                continue  # a job is queued for it: take it
            with lock:
                skip = job.state == _DONE  # its caller left while it was queued
                if skip:
                    self._spare += 1
                else:
                    job.state = _RUNNING
            if not skip and self._run(job):
                return
            del job  # an idle thread holds on to no request (its app, its context)

    def _run(self, job: _Job[Any]) -> bool:
        """Run ``job`` and hand back its outcome; True if this thread ends after it."""
        result: Any = None
        error: BaseException | None = None
        try:
            result = job.context.run(job.func, *job.args)
        except BaseException as exc:  # the caller's to handle, as if it ran on the loop
            error = exc
        with self._lock:
            job.state = _DONE
            if job.abandoned:  # another thread has taken this one's place
                return True
            end = self._live > self.size  # the size was lowered meanwhile
            if end:
                self._live -= 1
            else:
                self._spare += 1
        try:
            job.loop.call_soon_threadsafe(_settle, job.future, result, error)
        except RuntimeError:  # the loop has closed: nobody is waiting
            pass
        return end


_HELD = threading.local()
"""A reader thread's pool (``pool``) and what it keeps from one read to the next
(``kept``: key -> (value, release)); see :func:`keep`."""


def keep(key: Hashable, value: Any, release: Callable[[], None]) -> bool:
    """Keep ``value`` for this reader thread's next read, when that read is queued
    already (the thread takes it without waiting): True, and ``release()`` runs before the
    thread next waits for a read, or ends. False, keeping nothing, on any other thread,
    with no read queued, or with something kept under ``key`` already: the caller then
    releases ``value`` itself. (A read's database connection: app/api/deps.py.)"""
    pool: ReadPool | None = getattr(_HELD, "pool", None)
    if pool is None or pool._jobs.empty() or key in _HELD.kept:
        return False
    _HELD.kept[key] = (value, release)
    return True


def take(key: Hashable) -> Any | None:
    """What this thread kept under ``key`` from its last read (the caller's now), or None."""
    kept: dict[Hashable, tuple[Any, Callable[[], None]]] | None = getattr(_HELD, "kept", None)
    found = kept.pop(key, None) if kept else None
    return None if found is None else found[0]


def _release_kept() -> None:
    kept: dict[Hashable, tuple[Any, Callable[[], None]]] = _HELD.kept
    while kept:
        _, (_, release) = kept.popitem()
        try:
            release()
        except Exception:  # the next read opens its own; nothing waits on this one
            log.exception("releasing what a reader thread kept failed")


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():  # cancelled meanwhile
        return
    if error is None:
        future.set_result(result)
    elif isinstance(error, StopIteration):  # a future refuses it (as anyio does)
        future.set_exception(RuntimeError(f"the read raised {error!r}"))
    else:
        future.set_exception(error)


POOL = ReadPool(2)
"""The readers' threads (:func:`app.api.deps.in_thread`)."""

if hasattr(os, "register_at_fork"):  # a forked child has none of the parent's threads
    os.register_at_fork(after_in_child=POOL._reset)
