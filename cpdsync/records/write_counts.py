"""What each write reports back to the sync run: how many records it added, changed or kept."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Self


@dataclass
class Counts:
    """How many records a write added, changed or found unchanged; ``skipped`` were not written.

    ``skipped_because`` names each skipped record and why; the run lists them as its warnings,
    so they are not part of the counts' JSON.
    """

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_because: list[str] = field(default_factory=list)
    # How many records the run read from Moodle for this write; None when it read none (the
    # write took what was held), and left out of the JSON then.
    read: int | None = None

    def as_json(self) -> dict[str, int]:
        data = {"read": self.read} if self.read is not None else {}
        data.update(
            (item.name, getattr(self, item.name))
            for item in fields(self)
            if item.name not in ("skipped_because", "read")
        )
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """Return the counts a run record stored (a number missing from it is 0; ``read``
        stays None)."""
        counts = cls()
        for item in fields(cls):
            if item.name != "skipped_because" and data.get(item.name) is not None:
                setattr(counts, item.name, int(data[item.name]))
        return counts


@dataclass
class RosterCounts(Counts):
    """Who is on the roster after a roster read: ``new`` put on it, ``changed`` named by other
    sources or given a Moodle account, ``unchanged``; ``left_out`` taken off it (kept, left
    out of reports); ``no_moodle_account`` on it without a Moodle account."""

    left_out: int = 0
    no_moodle_account: int = 0


@dataclass
class EntryCounts(Counts):
    """Counts of the CPD entries derived in a run: also the completions no rule maps
    (``unmapped``) and the entries retired."""

    unmapped: int = 0
    retired: int = 0
