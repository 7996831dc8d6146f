"""A sync's phases as people see them: a live display on a terminal, one log line each
elsewhere (the journal, a cron mail, a CI log). Both write to stderr, never stdout, so
`cpdsync sync --json` prints its JSON alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from types import TracebackType

from rich.console import Console
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

log = logging.getLogger("cpdsync.progress")


def counts_words(counts: Mapping[str, int]) -> str:
    """Return ``40 workers, 30 courses`` for a phase's counts (``nothing`` when none)."""
    return ", ".join(f"{number} {name.replace('_', ' ')}" for name, number in counts.items()) or (
        "nothing"
    )


class _CallsColumn(ProgressColumn):
    """The Moodle calls made so far, read at each refresh."""

    def render(self, task: Task) -> Text:
        calls: Callable[[], int] | None = task.fields.get("calls")
        return Text(f"{calls() if calls else 0} Moodle calls", style="progress.data.speed")


class TerminalPhases:
    """A spinner per phase with the Moodle calls made and the time taken, each phase left on
    screen with what it counted; use as a context manager around the sync."""

    def __init__(self, console: Console | None = None) -> None:
        self.progress = Progress(
            SpinnerColumn(finished_text="[green]done"),
            TextColumn("{task.description}"),
            _CallsColumn(),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
        )
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> TerminalPhases:
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def started(self, phase: str, calls: Callable[[], int]) -> None:
        before = calls()
        self.tasks[phase] = self.progress.add_task(
            f"{phase}…", total=1, calls=lambda: calls() - before
        )

    def finished(self, phase: str, counts: Mapping[str, int], seconds: float) -> None:
        description = f"{phase}: {counts_words(counts)}"
        self.progress.update(self.tasks[phase], completed=1, description=description)

    def failed(self, phase: str, seconds: float) -> None:
        self.progress.update(self.tasks[phase], description=f"{phase}: stopped", completed=1)


class LogPhases:
    """One log line per finished phase, with its counts, Moodle calls and time."""

    def __init__(self, logger: logging.Logger = log) -> None:
        self.logger = logger
        self.calls: dict[str, tuple[Callable[[], int], int]] = {}

    def started(self, phase: str, calls: Callable[[], int]) -> None:
        self.calls[phase] = (calls, calls())

    def _calls(self, phase: str) -> int:
        calls, before = self.calls.get(phase, (lambda: 0, 0))
        return calls() - before

    def finished(self, phase: str, counts: Mapping[str, int], seconds: float) -> None:
        self.logger.info(
            "%s: %s; %d Moodle calls in %.1f s",
            phase,
            counts_words(counts),
            self._calls(phase),
            seconds,
            extra={"phase": phase, "counts": dict(counts), "seconds": round(seconds, 3)},
        )

    def failed(self, phase: str, seconds: float) -> None:
        self.logger.info("%s: stopped by an error after %.1f s", phase, seconds)
