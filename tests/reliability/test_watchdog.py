"""The deadline watchdog (app/deadlines.py): it aborts what is still on the database at
its deadline, and sleeps through the deadlines of requests that were done before them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from app.deadlines import Deadline, Watchdog


class CountingCondition(threading.Condition):
    def __init__(self) -> None:
        super().__init__()
        self.waits = 0

    def wait(self, timeout: float | None = None) -> bool:
        self.waits += 1
        return super().wait(timeout)


def _deadline(seconds: float) -> Deadline:
    return Deadline("read", seconds, time.monotonic() + seconds)


def _aborter(when: list[float]) -> tuple[threading.Event, Callable[[], None]]:
    done = threading.Event()

    def abort() -> None:
        when.append(time.monotonic())
        done.set()

    return done, abort


def test_a_call_still_running_at_its_deadline_is_aborted_then_not_before() -> None:
    dog = Watchdog()
    when: list[float] = []
    aborted, abort = _aborter(when)
    d = _deadline(0.2)
    dog.watch(d, 1, abort)
    assert aborted.wait(5.0), "not aborted at its deadline"
    assert when[0] >= d.at


def test_finished_requests_do_not_wake_the_watchdog() -> None:
    """2,000 requests of one class (one timeout), all but the first done within it: the
    thread wakes for the first one's deadline (and aborts it), not once per request."""
    dog = Watchdog()
    cond = dog._cond = CountingCondition()
    when: list[float] = []
    aborted, abort = _aborter(when)
    hung = _deadline(0.3)
    dog.watch(hung, 0, abort)  # still on the database
    for i in range(1, 2001):
        d = _deadline(0.3)
        dog.watch(d, i, lambda: None)
        dog.unwatch(d, i)
        if i % 200 == 0:
            time.sleep(0.01)  # spread over about 0.1 s
    assert aborted.wait(5.0), "the one left on the database was not aborted"
    assert when[0] >= hung.at
    time.sleep(0.5)  # past every deadline
    assert cond.waits <= 4, f"{cond.waits} wake-ups for 2,000 requests"
    assert not dog._aborts
    dog.watch(_deadline(5.0), 1, lambda: None)  # the stale entries go as new ones come
    assert len(dog._heap) == 1


def test_a_second_connection_of_a_request_is_aborted_with_the_first_gone() -> None:
    dog = Watchdog()
    first, second = threading.Event(), threading.Event()
    d = _deadline(0.2)
    dog.watch(d, 1, first.set)
    dog.unwatch(d, 1)  # its first connection went back: nothing to abort
    dog.watch(d, 2, second.set)  # the same request checks out another one
    assert second.wait(5.0) and not first.is_set()
