"""The deadline watchdog (app/deadlines.py): it aborts what is still on the database at
its deadline, and sleeps through the deadlines of requests that were done before them."""

from __future__ import annotations

import threading
import time

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


def test_a_call_still_running_at_its_deadline_is_aborted() -> None:
    dog = Watchdog()
    aborted = threading.Event()
    d = _deadline(0.2)
    dog.watch(d, 1, aborted.set)
    assert not aborted.wait(0.1)
    assert aborted.wait(2.0), "not aborted at its deadline"


def test_finished_requests_do_not_wake_the_watchdog() -> None:
    """2,000 requests done within their 0.3 s deadlines: the thread wakes a handful of
    times, not once per deadline; one request left on the database is still aborted."""
    dog = Watchdog()
    cond = dog._cond = CountingCondition()
    aborted = threading.Event()
    hung = _deadline(0.6)
    dog.watch(hung, 7, aborted.set)  # starts the thread
    for i in range(2000):
        d = _deadline(0.3)
        dog.watch(d, i, lambda: None)
        dog.unwatch(d, i)
        if i % 200 == 0:
            time.sleep(0.02)  # spread them over about 0.2 s
    assert aborted.wait(2.0), "the one left running was not aborted"
    time.sleep(0.4)  # past every deadline
    assert cond.waits < 10, f"{cond.waits} wake-ups for 2,000 finished requests"
    assert not dog._aborts
    dog.watch(_deadline(5.0), 1, lambda: None)  # the stale entries go as new ones come
    assert len(dog._heap) == 1


def test_a_second_connection_of_a_request_is_aborted_with_the_first() -> None:
    dog = Watchdog()
    first, second = threading.Event(), threading.Event()
    d = _deadline(0.2)
    dog.watch(d, 1, first.set)
    dog.unwatch(d, 1)  # its first connection went back: nothing to abort
    dog.watch(d, 2, second.set)  # the same request checks out another one
    assert second.wait(2.0) and not first.is_set()
