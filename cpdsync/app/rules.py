"""The SWE renewal rules cpdsync ships, read once from the packaged data file.

The readiness functions take these rules as an argument (they do no I/O); every use case that
assesses readiness, plans reminders or lays out the SWE form passes ``packaged_rules()``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources

from cpdsync.errors import ConfigError, UsageError
from cpdsync.readiness.calendar import RegistrationYear, year_by_label, year_of
from cpdsync.readiness.swe_rules import SweRules, rules_from_yaml
from cpdsync.timeutil import uk_day

PACKAGE = "cpdsync.readiness"
RULES_FILE = "data/swe-rules.yaml"


@lru_cache(maxsize=1)
def packaged_rules() -> SweRules:
    """Return the SWE rules packaged with cpdsync; raise ConfigError if the file is damaged."""
    text = resources.files(PACKAGE).joinpath(RULES_FILE).read_text("utf-8")
    return rules_from_yaml(text, source=f"{PACKAGE.replace('.', '/')}/{RULES_FILE}")


def known_year(label: str, *, today: date) -> RegistrationYear:
    """Return the registration year ``label`` (like ``2025-26``) when SWE's rules cover it and
    it has begun by ``today``; raise UsageError saying which years exist otherwise."""
    rules = packaged_rules()
    year = year_by_label(label, rules=rules.calendar)
    current = year_of(today, rules=rules.calendar)
    first = rules.calendar.first_year.label
    try:
        rules.for_year(year.label)
    except ConfigError:
        raise UsageError(
            f"registration year {year.label} does not exist: Social Work England's first "
            f"registration year was {first}; give a year from {first} to {current.label}"
        ) from None
    if year.start > today:
        raise UsageError(
            f"registration year {year.label} has not begun (it starts on {uk_day(year.start)}); "
            f"give a year from {first} to {current.label}"
        )
    return year
