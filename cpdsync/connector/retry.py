"""Retries of retriable Moodle failures: exponential backoff with jitter, bounded in attempts
and total time, honouring Retry-After (capped).

Only ``MoodleRetriableError`` is retried (never ``MoodleEndpointError``: waiting does not fix a
wrong address), except ``MoodleErrorPageError``: a web page with HTTP 200 is also what a
passing fault gives. Sleeping and the clock are injectable so tests never sleep.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception

from cpdsync.connector import limits
from cpdsync.connector.classify import MoodleEndpointError, MoodleErrorPageError
from cpdsync.errors import MoodleRetriableError

log = logging.getLogger(__name__)
T = TypeVar("T")

_random = secrets.SystemRandom()


def _jitter(upper: float) -> float:
    return _random.uniform(0.0, upper)


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often a retriable failure is retried."""

    attempts: int = limits.RETRY_ATTEMPTS
    total_s: float = limits.RETRY_TOTAL_S
    backoff_base_s: float = limits.BACKOFF_BASE_S
    backoff_cap_s: float = limits.BACKOFF_CAP_S
    retry_after_cap_s: float = limits.RETRY_AFTER_CAP_S
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    jitter: Callable[[float], float] = field(default=_jitter, compare=False)

    def wait_before(self, attempt: int, error: BaseException | None, elapsed_s: float) -> float:
        """Return the seconds to wait after failed ``attempt`` (1-based), within the budget."""
        ceiling = min(self.backoff_cap_s, self.backoff_base_s * 2 ** (attempt - 1))
        # Half fixed, half random: spreads concurrent retries without waiting almost nothing.
        wait = ceiling / 2 + self.jitter(ceiling / 2)
        asked = getattr(error, "retry_after_s", None)
        if isinstance(asked, int | float) and asked > 0:
            wait = max(wait, min(float(asked), self.retry_after_cap_s))
        return float(max(0.0, min(wait, self.total_s - elapsed_s)))


NO_RETRY = RetryPolicy(attempts=1)


def _retriable(exc: BaseException) -> bool:
    if isinstance(exc, MoodleErrorPageError):
        return True
    return isinstance(exc, MoodleRetriableError) and not isinstance(exc, MoodleEndpointError)


def run_with_retries(policy: RetryPolicy, action: Callable[[], T]) -> T:
    """Return ``action()``, retrying it on MoodleRetriableError; re-raise the last error when
    attempts or the total time run out, and any other error at once."""
    started = policy.clock()

    def elapsed() -> float:
        return policy.clock() - started

    def stop(state: RetryCallState) -> bool:
        return state.attempt_number >= policy.attempts or elapsed() >= policy.total_s

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        return policy.wait_before(state.attempt_number, error, elapsed())

    def before_sleep(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        seconds = state.next_action.sleep if state.next_action else 0.0
        # Messages are scrubbed when the error is made, so they are safe to log.
        log.warning("%s; retry %d in %.1f s", error, state.attempt_number, seconds)

    retrying = Retrying(
        retry=retry_if_exception(_retriable),
        stop=stop,
        wait=wait,
        sleep=policy.sleep,
        before_sleep=before_sleep,
        reraise=True,
    )
    return retrying(action)
