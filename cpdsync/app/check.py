"""`cpdsync check`: is the configuration usable? Mappings, the roster, Moodle, the token's
functions.

The connector is handed plain values (URL, token, strategy, report id); it never reads the
configuration."""

from __future__ import annotations

from dataclasses import dataclass

from cpdsync.app.council_frameworks import mappings_in_use
from cpdsync.app.roster import RosterSpec, roster_spec
from cpdsync.app.roster_check import RosterCheck, check_roster, unchecked_roster
from cpdsync.config import Settings
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.function_check import CheckReport, check_moodle
from cpdsync.connector.needs import roster_functions
from cpdsync.connector.site_reads import get_site
from cpdsync.errors import ConfigError, CpdsyncError, InputFileError, MoodleFatalError
from cpdsync.mappings import MappingSet


@dataclass(frozen=True)
class CheckOutcome:
    """Moodle's answers, the mapping files (or every problem found in them) and the roster."""

    moodle: CheckReport
    mappings: MappingSet | None
    mapping_problems: InputFileError | None
    roster: RosterCheck

    def failure(self) -> CpdsyncError | None:
        """Return the error the check ends with (invalid mappings first, then an unusable
        sync.report_id, then a required function the token may not call, then a roster that
        cannot be read), or None."""
        if self.mapping_problems is not None:
            return self.mapping_problems
        report = self.moodle
        if report.report_problem is not None:
            return ConfigError(
                f"report {report.report_id} (sync.report_id) cannot be used: "
                f"{report.report_problem}",
                key="sync.report_id",
            )
        if not report.ok:
            missing = report.missing_required
            return MoodleFatalError(
                f"the token may not call {len(missing)} required function(s): "
                f"{', '.join(missing)}; see the fixes above",
                wsfunction=missing[0],
                errorcode="accessexception",
            )
        return self.roster.problem


def check(settings: Settings) -> CheckOutcome:
    """Return what the mapping files and Moodle say about the configuration; raise Moodle*
    errors when Moodle refuses the token (exit 3) or cannot be reached (exit 4)."""
    # Mapping problems are reported alongside Moodle's answers so an admin sees everything in
    # one run; they still fail the check (exit 2) once Moodle has been reached.
    mapping_problems: InputFileError | None = None
    mappings: MappingSet | None = None
    try:
        mappings = mappings_in_use(settings.config.mappings)
    except InputFileError as exc:
        mapping_problems = exc
    spec, roster_problem = _roster_spec(settings, mappings)
    roster = unchecked_roster(spec, roster_problem)
    client = client_for(settings)
    report = check_site(settings, client)
    if spec is not None and spec.configured and roster.problem is None:
        roster = check_roster(client, get_site(client), spec)
    return CheckOutcome(report, mappings, mapping_problems, roster)


def _roster_spec(
    settings: Settings, mappings: MappingSet | None
) -> tuple[RosterSpec | None, InputFileError | None]:
    try:
        return roster_spec(settings.config.workers, mappings), None
    except InputFileError as exc:
        return None, exc


def client_for(settings: Settings) -> MoodleClient:
    """Return a client for the configured Moodle; raise ConfigError when URL or token is unset."""
    url, token = settings.require_moodle()
    moodle = settings.config.moodle
    return MoodleClient(url, token, timeout_s=moodle.timeout_s, max_in_flight=moodle.max_in_flight)


def check_site(settings: Settings, client: MoodleClient | None = None) -> CheckReport:
    """Return the site facts and which functions the token may call for the configured
    strategy, report and messages; raise ConfigError when URL or token is unset, Moodle*
    errors when Moodle refuses the token or cannot be reached."""
    config = settings.config
    workers = config.workers
    return check_moodle(
        client or client_for(settings),
        strategy=config.sync.strategy,
        report_id=config.sync.report_id,
        moodle_messages=config.notify.moodle_messages,
        roster_functions=roster_functions(
            cohorts=bool(workers.cohorts), profile_field=bool(workers.with_profile_field)
        ),
    )
