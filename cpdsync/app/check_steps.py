"""The steps of `cpdsync check`, in the order they run (``CHECK_STEPS``); see app/check.py.

A step takes the outcome so far, adds its lines and leaves facts for later steps. To check
something more (a roster source, say), write a step here and put it in ``CHECK_STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable

from cpdsync.app.check_outcome import CheckOutcome, Status
from cpdsync.app.council_frameworks import mappings_in_use
from cpdsync.app.roster import roster_spec
from cpdsync.app.roster_check import check_roster, unchecked_roster
from cpdsync.connector.capability_check import CapabilityFinding, probe_capabilities
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.function_check import check_moodle
from cpdsync.connector.needs import (
    PLUGIN_FUNCTION,
    STRATEGY_FUNCTIONS,
    outdated_plugin_functions,
    roster_functions,
)
from cpdsync.connector.strategies import SWEEPING_STRATEGIES, choose_strategy
from cpdsync.errors import (
    ConfigError,
    CpdsyncError,
    InputFileError,
    MoodleError,
    MoodleFatalError,
    StorageError,
)
from cpdsync.records.schema_state import inspect_schema

CheckStep = Callable[[CheckOutcome], None]
MIGRATE = "the next `cpdsync sync` applies it"


def check_config(outcome: CheckOutcome) -> None:
    """The Moodle URL and token are set (the file itself was read before the check began)."""
    settings = outcome.settings
    where = str(settings.source) if settings.source else "no file; defaults and environment"
    try:
        url, token = settings.require_moodle()
    except ConfigError as exc:
        outcome.add("config", "fail", exc.message, fix=f"set {exc.key}", error=exc)
        return
    outcome.add("config", "ok", f"read from {where}; Moodle at {url}")
    if outcome.client is None:
        moodle = settings.config.moodle
        outcome.client = MoodleClient(
            url, token, timeout_s=moodle.timeout_s, max_in_flight=moodle.max_in_flight
        )


def check_mappings(outcome: CheckOutcome) -> None:
    """The mapping files load, or every problem is listed at file:line."""
    try:
        mappings = mappings_in_use(outcome.settings.config.mappings)
    except InputFileError as exc:
        outcome.mapping_problems = exc
        for problem in exc.problems:
            outcome.add("mappings", "fail", str(problem), error=exc)
        return
    outcome.mappings = mappings
    outcome.add(
        "mappings",
        "ok",
        f"{len(mappings.rules)} rules, {len(mappings.requirements)} requirements, "
        f"{len(mappings.roles)} roles from {len(mappings.sources)} file(s)",
    )


def check_database(outcome: CheckOutcome) -> None:
    """The database is reached and its schema is this version's or one it can migrate; nothing
    is created or migrated here."""
    try:
        state = inspect_schema(outcome.settings.config.database.url)
    except StorageError as exc:
        error = ConfigError(exc.message, key="database.url")
        outcome.add("database", "fail", exc.message, fix="fix database.url", error=error)
        return
    outcome.database = state
    if not state.exists or state.revision is None:
        outcome.add(
            "database", "ok", f"{state.where}: no cpdsync schema yet; the first sync creates it"
        )
    elif state.current:
        outcome.add("database", "ok", f"{state.where}: schema {state.revision}, current")
    elif state.known:
        text = (
            f"{state.where}: schema {state.revision}; this cpdsync needs {state.head} ({MIGRATE})"
        )
        outcome.add("database", "info", text)
    else:
        text = (
            f"{state.where}: schema {state.revision}, written by a newer cpdsync "
            f"(this one knows up to {state.head})"
        )
        error = ConfigError(text, key="database.url")
        outcome.add("database", "fail", text, fix="upgrade cpdsync", error=error)


def check_moodle_functions(outcome: CheckOutcome) -> None:
    """Moodle is reached, accepts the token, and lets it call what the strategy needs."""
    if outcome.client is None:
        return
    sync = outcome.settings.config.sync
    try:
        report = check_moodle(
            outcome.client,
            strategy=sync.strategy,
            report_id=sync.report_id,
            moodle_messages=outcome.settings.config.notify.moodle_messages,
            roster_functions=_roster_functions(outcome),
        )
    except MoodleError as exc:
        outcome.add("moodle", "fail", exc.message, error=exc)
        return
    site = outcome.site = report.site
    outcome.moodle = report
    if site is None:  # pragma: no cover - check_moodle always reads the site
        return
    outcome.add("moodle", "ok", f"{report.sitename}, release {report.release}")
    for item in report.functions:
        status: Status = "ok" if item.callable else ("fail" if item.required else "info")
        error = _function_error(item.name) if status == "fail" else None
        kind = "required" if item.required else "optional"
        text = f"{item.name} ({kind}): {item.purpose}"
        outcome.add("functions", status, text, fix=item.fix, error=error)
    if report.report_problem is not None:
        text = f"report {report.report_id} (sync.report_id) cannot be used: {report.report_problem}"
        outcome.add("functions", "fail", text, error=ConfigError(text, key="sync.report_id"))
    try:
        outcome.strategy = choose_strategy(sync.strategy, site, report_id=sync.report_id)
    except CpdsyncError:
        return  # the missing functions are the lines above
    outcome.add("functions", "ok", f"completion strategy {sync.strategy}: {outcome.strategy}")


def _roster_functions(outcome: CheckOutcome) -> tuple[str, ...]:
    workers = outcome.settings.config.workers
    return roster_functions(
        cohorts=bool(workers.cohorts), profile_field=bool(workers.with_profile_field)
    )


def _function_error(name: str) -> MoodleFatalError:
    return MoodleFatalError(
        f"the token may not call {name}, which the sync needs; see the fix above",
        wsfunction=name,
        errorcode="accessexception",
    )


def check_capabilities(outcome: CheckOutcome) -> None:
    """What the integration role lacks, as far as Moodle's answers tell, and what it costs."""
    if outcome.client is None or outcome.site is None:
        return
    needs_status = outcome.strategy in SWEEPING_STRATEGIES
    try:
        findings = probe_capabilities(
            outcome.client,
            outcome.site,
            needs_status=needs_status,
            swe_field=outcome.settings.config.moodle.swe_number_field,
        )
    except MoodleError as exc:
        if exc.exit_code in (3, 4):  # the token refused, or Moodle gone, since site info
            outcome.add("capabilities", "fail", f"could not probe: {exc.message}", error=exc)
        else:
            outcome.add("capabilities", "warn", f"could not probe: {exc.message}")
        return
    outcome.capabilities = findings
    for finding in findings:
        _capability_line(outcome, finding)


def _capability_line(outcome: CheckOutcome, finding: CapabilityFinding) -> None:
    text = f"{finding.capability}: {finding.seen}"
    if finding.held is not False:
        outcome.add("capabilities", "ok", text)
        return
    fix = f"give the cpdsync role {finding.capability} (costs now: {finding.cost})"
    if not finding.stops:
        outcome.add("capabilities", "warn", text, fix=fix)
        return
    error = MoodleFatalError(
        f"the cpdsync role lacks {finding.capability}: {finding.cost}", errorcode="nopermissions"
    )
    outcome.add("capabilities", "fail", text, fix=fix, error=error)


def check_plugin(outcome: CheckOutcome) -> None:
    """The companion plugin's version, when the strategy or the roster uses it (site info gives
    each function's version)."""
    site = outcome.site
    if site is None or PLUGIN_FUNCTION not in site.functions:
        return
    version = site.versions.get(PLUGIN_FUNCTION) or "unknown"
    strategy = outcome.strategy or ""
    used_functions = STRATEGY_FUNCTIONS.get(strategy, ()) + _roster_functions(outcome)
    old = outdated_plugin_functions(used_functions, site)
    if not old:
        uses = any(name.startswith("local_cpdsync_") for name in used_functions)
        used = "used" if uses else "not used by this strategy or roster"
        outcome.add("plugin", "ok", f"local_cpdsync version {version} ({used})")
        return
    for name, found, needed in old:
        text = f"{name} is at version {found}; cpdsync needs {needed} or later"
        error = MoodleFatalError(text, wsfunction=name, errorcode="pluginversion")
        outcome.add(
            "plugin", "fail", text, fix="upgrade local_cpdsync (docs/moodle-plugin.md)", error=error
        )


def check_workers(outcome: CheckOutcome) -> None:
    """Where the workers come from: the roster ([workers], docs/roster.md), each source with how
    many it names, or the warning that without one nobody unenrolled is seen."""
    try:
        spec = roster_spec(outcome.settings.config.workers, outcome.mappings)
    except InputFileError as exc:
        outcome.roster = unchecked_roster(None, exc)
        for problem in exc.problems:
            outcome.add("workers", "fail", str(problem), error=exc)
        return
    roster = unchecked_roster(spec, None)
    if spec.configured and outcome.client is not None and outcome.site is not None:
        roster = check_roster(outcome.client, outcome.site, spec)
    outcome.roster = roster
    if not roster.configured:
        for warning in roster.warnings:
            outcome.add("workers", "warn", warning)
        return
    if roster.problem is not None:
        outcome.add("workers", "fail", roster.problem.message, error=roster.problem)
        return
    if roster.workers is None:
        outcome.add("workers", "info", "the roster was not read: Moodle was not reached")
        return
    outcome.add("workers", "ok", f"{roster.workers} workers on the roster")
    for source in roster.sources:
        outcome.add("workers", "info", source)
    for item in roster.without_account:
        outcome.add(
            "workers",
            "warn",
            f"on the HR roster without a Moodle account: {item}",
            fix="make the account or correct the row (until then the worker is in every "
            "report as ROSTER_NO_MOODLE_ACCOUNT)",
        )
    for warning in roster.warnings:
        outcome.add("workers", "warn", warning)


CHECK_STEPS: list[CheckStep] = [
    check_config,
    check_mappings,
    check_database,
    check_moodle_functions,
    check_capabilities,
    check_plugin,
    check_workers,
]
