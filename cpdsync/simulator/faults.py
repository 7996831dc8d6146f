"""Deterministic faults: the same seed and the same order of requests give the same faults.

Each request draws once from a seeded generator. With probability ``rate`` it gets one fault,
chosen evenly among the kinds below; a maintenance fault opens a window of several requests
answered with Moodle's ``sitemaintenance`` body, as when an admin switches maintenance on.
"""

from __future__ import annotations

import random
import threading
from enum import Enum


class Fault(Enum):
    UNAVAILABLE = "503"  # HTTP 503, Retry-After, Moodle's maintenance HTML page
    SLOW = "slow"  # the reply comes after the client's timeout
    TRUNCATED = "truncated"  # a JSON body cut short
    HTML = "html"  # an HTML error page from the web server
    MAINTENANCE = "maintenance"  # sitemaintenance JSON for a window of requests


MAINTENANCE_WINDOW = 3  # requests answered with sitemaintenance once a window opens


class FaultPlan:
    """Draws the fault (or none) for each request, thread-safely and reproducibly."""

    def __init__(self, rate: float = 0.0, seed: int = 0) -> None:
        self._random = random.Random(seed)  # noqa: S311 - reproducible faults, not security
        self._lock = threading.Lock()
        self._window = 0
        self.rate = rate

    def set_rate(self, rate: float) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault rate must be between 0 and 1, not {rate}")
        with self._lock:
            self.rate = rate

    def draw(self) -> Fault | None:
        """Return the fault for the next request, or None for a normal answer."""
        with self._lock:
            if self._window > 0:
                self._window -= 1
                return Fault.MAINTENANCE
            roll = self._random.random()
            kind = self._random.choice(list(Fault))
            if roll >= self.rate:
                return None
            if kind is Fault.MAINTENANCE:
                self._window = MAINTENANCE_WINDOW - 1
            return kind
