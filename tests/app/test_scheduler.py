"""The daemon loop: interval with jitter, backoff after failures, clean stop on signals."""

# ruff: noqa: S311  (seeded generators make jitter reproducible; nothing here is a secret)

from __future__ import annotations

import os
import random
import signal
import threading

import pytest

from cpdsync.app.scheduler import (
    BACKOFF_BASE_S,
    JITTER_CAP_S,
    next_delay,
    run_loop,
    stop_on_signals,
)
from cpdsync.errors import LockHeldError, MoodleRetriableError


@pytest.mark.parametrize("seed", range(20))
def test_delay_after_success_is_the_interval_plus_bounded_jitter(seed: int) -> None:
    delay = next_delay(3600, 0, random.Random(seed))
    assert 3600 <= delay <= 3600 + min(360, JITTER_CAP_S)


@pytest.mark.parametrize("failures", range(1, 12))
def test_backoff_doubles_and_never_exceeds_the_interval(failures: int) -> None:
    rng = random.Random(failures)
    delay = next_delay(3600, failures, rng)
    ceiling = min(3600, BACKOFF_BASE_S * 2 ** (failures - 1))
    assert ceiling / 2 <= delay <= ceiling


def test_backoff_is_capped_at_a_short_interval() -> None:
    assert next_delay(30, 5, random.Random(1)) <= 30


class _Clock:
    """An Event whose wait() records the delay and returns at once (no real sleeping)."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.waits: list[float] = []
        self.event.wait = self._wait  # type: ignore[method-assign]

    def _wait(self, timeout: float | None = None) -> bool:
        self.waits.append(timeout or 0.0)
        return self.event.is_set()


def test_loop_backs_off_after_failures_and_recovers_after_success() -> None:
    clock = _Clock()
    outcomes = iter([False, False, True, False])

    def run_once() -> bool:
        return next(outcomes)

    state = run_loop(run_once, interval_s=3600, stop=clock.event, rng=random.Random(0), max_runs=4)
    assert state.runs == 4
    assert state.failures == 1
    first, second, third = clock.waits
    assert first <= BACKOFF_BASE_S < second <= 2 * BACKOFF_BASE_S
    assert third >= 3600


def test_loop_counts_errors_as_failures_but_not_a_lock_held_by_another_run() -> None:
    clock = _Clock()
    errors = iter([MoodleRetriableError("Moodle is in maintenance"), LockHeldError("busy")])

    def run_once() -> bool:
        raise next(errors)

    state = run_loop(run_once, interval_s=600, stop=clock.event, rng=random.Random(0), max_runs=2)
    assert state.failures == 0
    assert clock.waits[0] <= BACKOFF_BASE_S


def test_sigterm_during_a_run_lets_it_finish_and_then_stops_the_loop() -> None:
    stop = threading.Event()
    finished: list[int] = []

    def run_once() -> bool:
        os.kill(os.getpid(), signal.SIGTERM)
        finished.append(1)  # the run goes on after the signal
        return True

    with stop_on_signals(stop):
        state = run_loop(run_once, interval_s=3600, stop=stop, max_runs=5)
    assert finished == [1]
    assert state.runs == 1
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_second_signal_stops_at_once() -> None:
    stop = threading.Event()

    def run_once() -> bool:
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
        return True

    with stop_on_signals(stop), pytest.raises(KeyboardInterrupt):
        run_loop(run_once, interval_s=3600, stop=stop, max_runs=5)
    assert stop.is_set()
