"""What counts towards a registration year's CPD rule, and a year's outcome at its deadline.

Pure. A piece counts for a year when its UK date is inside the year and not after ``as_of``;
the same Moodle course twice in a year is one piece (SWE asks for *different* pieces). A piece
is reflected and peer-reflected only by the worker's own words or declarations
(``CpdItem.reflected``, ``CpdItem.peer_reflected``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cpdsync.readiness.calendar import RegistrationYear
from cpdsync.readiness.inputs import CpdItem, ReadinessInput, WorkerInfo
from cpdsync.readiness.report_model import Outcome
from cpdsync.readiness.swe_rules import YearRules, parse_month_day


def is_exempt(worker: WorkerInfo, year: RegistrationYear, rules: YearRules) -> bool:
    """Return True when the worker joined, or was restored to, the register on or after the
    exemption day (1 September) of ``year``'s renewal, or later.

    A date after the deadline exempts too: nothing was due from that registration.
    """
    if rules.exemption is None or worker.registered_on is None:
        return False
    month, day = parse_month_day(rules.exemption.joined_on_or_after)
    return worker.registered_on >= date(year.end.year, month, day)


def counted_pieces(items: Sequence[CpdItem], year: RegistrationYear, as_of: date) -> list[CpdItem]:
    """Return the distinct pieces of CPD that count for ``year`` as of ``as_of``, by date."""
    best: dict[tuple[str, int], CpdItem] = {}
    for item in items:
        if not year.contains(item.activity_date) or item.activity_date > as_of:
            continue
        key = ("course", item.courseid) if item.courseid is not None else ("entry", item.entry_id)
        current = best.get(key)
        if current is None or _strength(item) > _strength(current):
            best[key] = item
    return sorted(best.values(), key=lambda i: (i.activity_date, i.entry_id))


def _strength(item: CpdItem) -> tuple[bool, bool, date]:
    return (item.peer_reflected, item.reflected, item.activity_date)


@dataclass(frozen=True)
class Tally:
    """The year's pieces and how far they go towards the rule."""

    pieces: tuple[CpdItem, ...]
    need: int
    peer_need: int

    @property
    def reflected(self) -> list[CpdItem]:
        return [p for p in self.pieces if p.reflected]

    @property
    def peer_reflected(self) -> list[CpdItem]:
        return [p for p in self.pieces if p.peer_reflected]

    @property
    def met(self) -> bool:
        """The rule is met: enough reflected pieces, enough of them peer-reflected."""
        return len(self.reflected) >= self.need and len(self.peer_reflected) >= self.peer_need


def tally(
    items: Sequence[CpdItem], year: RegistrationYear, as_of: date, rules: YearRules, exempt: bool
) -> Tally:
    """Return the pieces counting for ``year`` as of ``as_of`` against its rule (none needed
    when ``exempt``)."""
    return Tally(
        pieces=tuple(counted_pieces(items, year, as_of)),
        need=0 if exempt else rules.cpd.min_pieces,
        peer_need=0 if exempt else rules.cpd.min_peer_reflected,
    )


def year_outcome(one: ReadinessInput, year: RegistrationYear, rules: YearRules) -> Outcome:
    """Return how ``year``'s renewal ended for the worker, as of its deadline: submitted when
    declared, exempt, met when the CPD rule was met (renewal not declared), else missed.

    The worker's reflections and declarations are taken as they stand now: cpdsync cannot see
    when a piece was recorded on SWE, only what the worker says.
    """
    if year.label in one.renewals:
        return "submitted"
    exempt = is_exempt(one.worker, year, rules)
    if exempt:
        return "exempt"
    return "met" if tally(one.cpd, year, year.end, rules, exempt).met else "missed"
