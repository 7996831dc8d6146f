"""The daemon's loop: a sync every interval with jitter, backing off after failures, stopping
cleanly on SIGTERM or SIGINT once the run in progress has committed.

The loop knows nothing about Moodle or the database: it calls ``run_once`` and reads whether
the run succeeded, so it can be driven by plain functions in tests.
"""

from __future__ import annotations

import logging
import random
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from cpdsync.errors import CpdsyncError, LockHeldError

log = logging.getLogger("cpdsync.daemon")

# Jitter spreads councils' syncs (and one council's restarts) over time so they do not hit
# Moodle at the same second: up to this fraction of the interval, never more than JITTER_CAP_S.
JITTER_FRACTION = 0.1
JITTER_CAP_S = 300.0
# After a failure the next attempt comes sooner than a full interval, doubling each time:
# 1 min, 2 min, 4 min … capped at the interval itself.
BACKOFF_BASE_S = 60.0


def next_delay(interval_s: float, failures: int, rng: random.Random) -> float:
    """Return seconds to wait before the next run: the interval plus jitter after a success,
    exponential backoff with jitter (capped at the interval) after ``failures`` failures."""
    if failures <= 0:
        return interval_s + rng.uniform(0.0, min(interval_s * JITTER_FRACTION, JITTER_CAP_S))
    backoff = min(interval_s, BACKOFF_BASE_S * 2.0 ** (failures - 1))
    # "Equal jitter": at least half the backoff, so retries never bunch up at zero.
    return backoff / 2 + rng.uniform(0.0, backoff / 2)


@dataclass
class LoopState:
    runs: int = 0
    failures: int = 0  # consecutive


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Set ``stop`` on the first SIGTERM or SIGINT while the block runs; a second signal stops
    at once (the run's transaction rolls back, so nothing is half-written)."""

    def handle(signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if stop.is_set():
            log.warning("%s again: stopping now; the run in progress is rolled back", name)
            raise KeyboardInterrupt
        log.info("%s received: finishing the run in progress, then stopping", name)
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_loop(
    run_once: Callable[[], bool],
    *,
    interval_s: float,
    stop: threading.Event,
    rng: random.Random | None = None,
    max_runs: int | None = None,
) -> LoopState:
    """Call ``run_once`` (True when the run succeeded) until ``stop`` is set or ``max_runs``
    runs were made; return the loop's counters. Errors from a run are logged, never raised."""
    chance = rng or random.Random()  # noqa: S311 - jitter, not security
    state = LoopState()
    while not stop.is_set():
        ok = False
        try:
            ok = run_once()
        except LockHeldError as exc:
            # Someone else (a manual `cpdsync sync`, the timer) is syncing: not our failure.
            log.warning("sync skipped: %s", exc.message)
            ok = True
        except CpdsyncError as exc:
            log.error("sync failed: %s", exc.message)
        state.runs += 1
        state.failures = 0 if ok else state.failures + 1
        if max_runs is not None and state.runs >= max_runs:
            break
        if stop.is_set():
            break
        delay = next_delay(interval_s, state.failures, chance)
        if state.failures:
            log.warning("%d failed run(s) in a row; retrying in %.0f s", state.failures, delay)
        else:
            log.info("next sync in %.0f s", delay)
        stop.wait(delay)
    log.info("daemon stopped after %d run(s)", state.runs)
    return state
