"""What `cpdsync simulator` says: where it listens, its call counts, a generated council."""

from __future__ import annotations

import json
from typing import Any, Protocol


class ListeningView(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def workers(self) -> int: ...
    @property
    def courses(self) -> int: ...
    @property
    def token_source(self) -> str: ...


class GeneratedView(Protocol):
    def as_json(self) -> dict[str, Any]: ...


def render_listening(sim: ListeningView) -> str:
    """Return the address, the size of the council served and where the token came from."""
    return (
        f"Moodle simulator at {sim.url} ({sim.workers} workers, {sim.courses} "
        f"courses; token: {sim.token_source}). Stop with Ctrl-C."
    )


def render_call_counts(stats: dict[str, Any]) -> str:
    """Return the call counts as one line of JSON, keys sorted."""
    return json.dumps(stats, sort_keys=True)


def render_generated(council: GeneratedView, *, as_json: bool) -> str:
    """Return what was written: one line of JSON, or a sentence with the counts."""
    summary = council.as_json()
    if as_json:
        return json.dumps(summary)
    return (
        f"wrote {summary['output']}: {summary['workers']} workers, {summary['courses']} courses, "
        f"{summary['enrolments']} enrolments, {summary['completions']} completions "
        f"({summary['bytes']} bytes)"
    )
