"""`cpdsync check`: the whole chain a sync needs, tested in one run, one line per finding.

The steps, in order, are ``CHECK_STEPS`` (app/check_steps.py): configuration, mapping files,
database (reached and read, never created or migrated), Moodle (site and functions), the
integration role's capabilities, the companion plugin's version, and where the workers come
from. Each step adds lines to the outcome (app/check_outcome.py) and may leave facts for the
steps after it (the client, the site); a failure in one never hides the others.
"""

from __future__ import annotations

from cpdsync.app.check_outcome import CheckLine, CheckOutcome
from cpdsync.app.check_steps import CHECK_STEPS
from cpdsync.config import Settings
from cpdsync.connector.client import MoodleClient

__all__ = ["CheckLine", "CheckOutcome", "check"]


def check(settings: Settings, client: MoodleClient | None = None) -> CheckOutcome:
    """Run every check step and return the outcome; raise nothing a step can report (an
    unreachable Moodle or database is a failing line, see ``CheckOutcome.failure``)."""
    outcome = CheckOutcome(settings, client=client)
    for step in CHECK_STEPS:
        step(outcome)
    return outcome
