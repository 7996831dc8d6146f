"""What `cpdsync worker erase` prints."""

from __future__ import annotations

from typing import Protocol


class ErasedView(Protocol):
    @property
    def completions(self) -> int: ...
    @property
    def cpd_entries(self) -> int: ...
    @property
    def reflections(self) -> int: ...
    @property
    def declarations(self) -> int: ...
    @property
    def reminders_sent(self) -> int: ...
    @property
    def audit_scrubbed(self) -> int: ...


class ErasureView(Protocol):
    @property
    def worker_id(self) -> int: ...
    @property
    def counts(self) -> ErasedView: ...
    @property
    def moodle(self) -> str: ...


def render_erasure(erasure: ErasureView) -> str:
    """Return what was erased, what was kept without personal data, and what is left to do
    in Moodle."""
    counts = erasure.counts
    return (
        f"erased worker {erasure.worker_id}: {counts.completions} completions, "
        f"{counts.cpd_entries} CPD entries, {counts.reflections} reflections, "
        f"{counts.declarations} declarations, {counts.reminders_sent} reminders; "
        f"{counts.audit_scrubbed} audit entries kept without personal data\n"
        f"note: {erasure.moodle}"
    )


def erasure_json(erasure: ErasureView) -> dict[str, object]:
    """Return the erasure as `worker erase --json` prints it."""
    counts = erasure.counts
    return {
        "worker_id": erasure.worker_id,
        "completions": counts.completions,
        "cpd_entries": counts.cpd_entries,
        "reflections": counts.reflections,
        "declarations": counts.declarations,
        "reminders_sent": counts.reminders_sent,
        "audit_scrubbed": counts.audit_scrubbed,
        "moodle": erasure.moodle,
    }
