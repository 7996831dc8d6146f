"""Holding a chosen call, so a test can act at a known point of a client's run.

A hold names the N-th request to arrive after it was set (of one wsfunction, or of any). When
that request arrives, its serving thread stops before answering until the hold is released:
the client is then certainly waiting on Moodle at that point of its run, whatever the machine's
load, and the test can kill it, change the site, or start a second client.
"""

from __future__ import annotations

import threading


class CallHold:
    """One held call: ``wait`` for it to arrive, then ``release`` it."""

    def __init__(self, number: int, wsfunction: str | None) -> None:
        if number < 1:
            raise ValueError(f"calls are counted from 1, not {number}")
        self.number = number
        self.wsfunction = wsfunction
        self.seen = 0  # matching requests so far, guarded by the board's lock
        self._arrived = threading.Event()
        self._released = threading.Event()

    def wait(self, timeout: float) -> bool:
        """Return True once the held call has arrived, False if ``timeout`` seconds pass first."""
        return self._arrived.wait(timeout)

    @property
    def arrived(self) -> bool:
        return self._arrived.is_set()

    def release(self) -> None:
        """Let the held call be answered (as it would have been, from the site as it is now)."""
        self._released.set()

    def block(self) -> None:
        """Called by the serving thread of the held request: signal arrival, wait for release."""
        self._arrived.set()
        self._released.wait()


class HoldBoard:
    """The holds set on one simulator, matched against each request as it arrives."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holds: list[CallHold] = []

    def add(self, number: int, wsfunction: str | None = None) -> CallHold:
        hold = CallHold(number, wsfunction)
        with self._lock:
            self._holds.append(hold)
        return hold

    def match(self, wsfunction: str) -> list[CallHold]:
        """Count one arriving request; return the holds it is the target of (usually none)."""
        targets = []
        with self._lock:
            for hold in self._holds:
                if hold.seen < hold.number and hold.wsfunction in (None, wsfunction):
                    hold.seen += 1
                    if hold.seen == hold.number:
                        targets.append(hold)
        return targets

    def release_all(self) -> None:
        """Release every hold, arrived or not, and forget them (the simulator is stopping)."""
        with self._lock:
            holds, self._holds = self._holds, []
        for hold in holds:
            hold.release()
