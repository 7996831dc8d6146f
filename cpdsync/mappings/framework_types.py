"""What a framework is: its items, how sure cpdsync is of each item's wording, and the dates the
framework is in force. Built by framework_parse.py from the packaged files and a council's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

# confirmed: the title was read, as written, on the publisher's own page (the item's source);
# paraphrase: the item was read there, but the title is cpdsync's short label for it;
# unconfirmed: not read on the publisher's page (perhaps seen on a third party's, ``seen_at``).
Wording = Literal["confirmed", "paraphrase", "unconfirmed"]
WORDINGS: tuple[Wording, ...] = ("confirmed", "paraphrase", "unconfirmed")
PACKAGED = "packaged"


@dataclass(frozen=True)
class FrameworkItem:
    """One statement, standard or domain: the id mapping files name as a capability."""

    id: str
    title: str
    summary: str
    wording: Wording
    source: str  # the publisher's page where the wording was read, or is to be checked
    parent: str | None = None
    number: int | None = None  # only where a source showed it
    seen_at: str | None = None  # a third-party page showing the title
    note: str | None = None
    # An item the sources imply but do not name: shown, never a mapping or coverage target.
    placeholder: bool = False

    @property
    def confirmed(self) -> bool:
        return self.wording == "confirmed"


@dataclass(frozen=True)
class FrameworkLevel:
    """A career level of a framework (the PCF has nine, from entry to strategic)."""

    id: str
    order: int
    title: str
    stage: str
    wording: Wording
    note: str | None = None
    pathways: tuple[FrameworkLevel, ...] = ()


@dataclass(frozen=True)
class Framework:
    """A framework and the dates it is in force (inclusive; None is open-ended).

    A ``placeholder`` framework is declared with its source but has no items yet, because its
    structure is not confirmed: nothing can be mapped to it or exported from it.
    """

    id: str
    title: str
    publisher: str
    version: str
    licence: str
    source: str
    in_force_from: date | None
    in_force_until: date | None
    superseded_by: str | None
    items: tuple[FrameworkItem, ...]
    licence_verified: bool = False
    notes: str = ""
    levels: tuple[FrameworkLevel, ...] = ()
    moodle_taxonomies: tuple[str, ...] = ("competency",)
    placeholder: bool = False
    origin: str = PACKAGED  # "packaged", or the council file it was read from
    line: int | None = None

    def item(self, item_id: str) -> FrameworkItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def in_force(self, on: date) -> bool:
        """Return whether the framework applies on ``on`` (open-ended when a date is unset)."""
        started = self.in_force_from is None or self.in_force_from <= on
        return started and (self.in_force_until is None or on <= self.in_force_until)

    @property
    def superseded_on(self) -> date | None:
        """Return the first day the framework is no longer in force, if it ends."""
        return self.in_force_until + timedelta(days=1) if self.in_force_until else None

    def coverable_ids(self) -> list[str]:
        """Return the ids a role's coverage target counts: every item but placeholders."""
        return [item.id for item in self.items if not item.placeholder]

    def wording_counts(self) -> dict[str, int]:
        """Return how many items are confirmed, paraphrase and unconfirmed, in that order."""
        return {state: sum(1 for i in self.items if i.wording == state) for state in WORDINGS}

    @property
    def unconfirmed_count(self) -> int:
        """The items whose title is not the publisher's confirmed wording."""
        return sum(1 for item in self.items if not item.confirmed)
