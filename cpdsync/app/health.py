"""How healthy a site's syncing is, in a monitor's terms: the four states of a Nagios plugin.

The states, worst first, and what puts a site in each (docs/deploy.md, Monitor it):

- CRITICAL: no sync has succeeded yet, or the last good run is older than the critical age;
- WARNING: the last good run is older than the warning age, the last run failed, most
  completions are mapped to no CPD (a starter mapping that maps nothing is not healthy), the
  mapping files cannot be read, or the database needs migrating;
- UNKNOWN: the state cannot be read (no config, database unreachable, a newer schema);
- OK: none of these.

The warning and critical ages apply to one metric, the age of the last good (``ok`` or
``partial``) run; by default two and four sync intervals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cpdsync.errors import UsageError
from cpdsync.records.run_log import RunRecord
from cpdsync.render.check_line import age_words

OK, WARNING, CRITICAL, UNKNOWN = "OK", "WARNING", "CRITICAL", "UNKNOWN"
# Exit codes of the Nagios plugin guidelines, read by Nagios, Icinga, Zabbix and Sensu alike.
STATE_EXIT = {OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3}
_SEVERITY = (OK, UNKNOWN, WARNING, CRITICAL)  # how a worse state wins when several apply

WARNING_INTERVALS = 2
CRITICAL_INTERVALS = 4

_AGE = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_AGE_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Thresholds:
    """Alert when the last good run is older than ``warning_s`` (WARNING) or ``critical_s``
    (CRITICAL) seconds."""

    warning_s: int
    critical_s: int
    # "Most completions unmapped": WARNING above this share of completed (worker, course)
    # pairs that no rule turns into CPD.
    unmapped_share: float = 0.5


def thresholds(interval: timedelta, warning: str | None, critical: str | None) -> Thresholds:
    """Return the thresholds from ``--warning``/``--critical`` (seconds, or a number with s, m,
    h or d), defaulting to two and four ``interval``s; raise UsageError when one is not an age
    or the warning is not below the critical."""
    step = int(interval.total_seconds())
    chosen = Thresholds(
        warning_s=parse_age(warning, "--warning") if warning else step * WARNING_INTERVALS,
        critical_s=parse_age(critical, "--critical") if critical else step * CRITICAL_INTERVALS,
    )
    if chosen.warning_s >= chosen.critical_s:
        raise UsageError(
            f"--warning ({chosen.warning_s} s) must be less than --critical "
            f"({chosen.critical_s} s): both are ages of the last good run"
        )
    return chosen


def parse_age(text: str, option: str) -> int:
    """Return the seconds of an age such as ``7200``, ``90m`` or ``2h``; raise UsageError
    naming ``option`` otherwise."""
    match = _AGE.match(text)
    if not match or int(match.group(1)) == 0:
        raise UsageError(
            f"{option} {text!r} is not an age; write seconds or a whole number with s, m, h "
            "or d, e.g. 2h"
        )
    return int(match.group(1)) * _AGE_UNITS[match.group(2)]


@dataclass(frozen=True)
class Metrics:
    """What a monitor graphs (the perfdata); None where it could not be determined."""

    last_good_age_s: int | None
    completions: int
    cpd_entries: int
    unmapped: int  # (worker, course) pairs completed that no rule turns into CPD
    completed: int  # (worker, course) pairs with an un-reset completion
    statutory_gap_workers: int | None
    reminders_unknown: int

    @property
    def unmapped_share(self) -> float | None:
        """Return the share of completed pairs no rule maps (0–1), None when none is held."""
        return self.unmapped / self.completed if self.completed else None


@dataclass(frozen=True)
class Alert:
    """One reason for a state other than OK, and that state."""

    state: str
    text: str


@dataclass(frozen=True)
class Health:
    """A site's state for a monitor, the alerts behind it (worst first), and the metrics."""

    state: str
    alerts: tuple[Alert, ...]
    metrics: Metrics | None
    thresholds: Thresholds | None

    @property
    def exit_code(self) -> int:
        return STATE_EXIT[self.state]


def worst(states: Sequence[str]) -> str:
    """Return the worst of ``states`` (OK when there is none)."""
    return max(states, key=_SEVERITY.index, default=OK)


def health_of(
    alerts: Sequence[Alert], metrics: Metrics | None, limits: Thresholds | None
) -> Health:
    """Return the health these alerts give, alerts worst first."""
    ordered = sorted(alerts, key=lambda p: -_SEVERITY.index(p.state))
    return Health(worst([p.state for p in ordered]), tuple(ordered), metrics, limits)


def unknown(message: str) -> Health:
    """Return the health of a site whose state could not be read, and why."""
    return health_of([Alert(UNKNOWN, message)], None, None)


def run_alerts(
    runs: Sequence[RunRecord], last_good: datetime | None, limits: Thresholds, now: datetime
) -> list[Alert]:
    """Return what the recent runs (newest first) and the finish of the last good run say is
    wrong: no sync yet, none succeeded, the last good one is too old, or the last one failed."""
    if not runs:
        return [Alert(CRITICAL, "no sync has run yet: run `cpdsync sync` or start the timer")]
    alerts = []
    if runs[0].outcome == "failed":
        alerts.append(
            Alert(WARNING, f"the last run failed: {runs[0].error or 'no error was recorded'}")
        )
    age = good_age(last_good, now)
    if age is None:
        alerts.append(Alert(CRITICAL, "no sync has succeeded yet"))
    elif age > limits.critical_s:
        alerts.append(Alert(CRITICAL, f"the last good run was {age_words(age)} ago"))
    elif age > limits.warning_s:
        alerts.append(Alert(WARNING, f"the last good run was {age_words(age)} ago"))
    return alerts


def good_age(last_good: datetime | None, now: datetime) -> int | None:
    """Return the whole seconds since the last good run finished (None when there is none)."""
    if last_good is None:
        return None
    return max(0, int((now - last_good).total_seconds()))


def mapping_alerts(metrics: Metrics, limits: Thresholds) -> list[Alert]:
    """Warn when most completions are mapped to no CPD (a mapping that maps nothing)."""
    share = metrics.unmapped_share
    if share is None or share <= limits.unmapped_share:
        return []
    return [
        Alert(
            WARNING,
            f"most completions are not mapped to CPD ({metrics.unmapped} of {metrics.completed}, "
            f"{share:.0%}): add mapping rules (see `cpdsync mappings coverage`)",
        )
    ]
