"""The phases of a sync, announced as they start and finish, for a progress display.

A run goes through ``catalogue`` (the site and who and what to follow), ``completions`` (read
from Moodle and stored), ``derive`` (CPD entries, retention) and, once readiness is pushed to
the plugin, ``push``. Whoever watches (a terminal display or log lines, render/progress.py)
implements ``PhaseListener``; the sync never waits on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol

PHASES = ("catalogue", "completions", "derive", "push")


class PhaseListener(Protocol):
    """Told when each phase of a run starts and finishes, with what it counted."""

    def started(self, phase: str, calls: Callable[[], int]) -> None:
        """``phase`` began; ``calls`` returns the Moodle calls made so far (for a live view)."""

    def finished(self, phase: str, counts: Mapping[str, int], seconds: float) -> None:
        """``phase`` ended after ``seconds`` with ``counts`` (e.g. workers, read, new)."""

    def failed(self, phase: str, seconds: float) -> None:
        """``phase`` was stopped by an error (reported elsewhere)."""


class Silent:
    """The listener of a run nobody watches."""

    def started(self, phase: str, calls: Callable[[], int]) -> None:
        return None

    def finished(self, phase: str, counts: Mapping[str, int], seconds: float) -> None:
        return None

    def failed(self, phase: str, seconds: float) -> None:
        return None


class PhaseCounts(dict[str, int]):
    """What a phase counted, filled in by the phase as it goes."""


@contextmanager
def phase(listener: PhaseListener, name: str, calls: Callable[[], int]) -> Iterator[PhaseCounts]:
    """Announce phase ``name`` to ``listener`` around the block, with the counts the block
    fills in and how long it took."""
    counts = PhaseCounts()
    start = time.monotonic()
    listener.started(name, calls)
    try:
        yield counts
    except BaseException:
        listener.failed(name, time.monotonic() - start)
        raise
    listener.finished(name, counts, time.monotonic() - start)
