"""What `cpdsync check` reports: the site, and for each function cpdsync needs whether the
token may call it and, if not, what the Moodle admin must do."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import SiteFacts
from cpdsync.connector.needs import (
    COMMON_FUNCTIONS,
    FUNCTIONS,
    MESSAGE_FUNCTION,
    REPORT_FUNCTION,
    STRATEGY_FUNCTIONS,
    how_to_allow,
)
from cpdsync.connector.report_strategy import verify_report
from cpdsync.connector.site_reads import get_site
from cpdsync.errors import ConfigError, MoodleRequestError, MoodleSkippableError


@dataclass(frozen=True)
class FunctionCheck:
    name: str
    required: bool
    callable: bool
    purpose: str
    fix: str | None


@dataclass
class CheckReport:
    url: str
    sitename: str
    release: str
    version: str
    strategy: str
    functions: list[FunctionCheck] = field(default_factory=list)
    # Set when sync.report_id names a report: whether it can drive the report strategy.
    report_id: int | None = None
    report_problem: str | None = None
    site: SiteFacts | None = None  # what site info said; not part of the JSON

    @property
    def ok(self) -> bool:
        return all(f.callable for f in self.functions if f.required)

    @property
    def missing_required(self) -> list[str]:
        return [f.name for f in self.functions if f.required and not f.callable]

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["site"]
        data["functions_ok"] = self.ok
        return data


def check_moodle(
    moodle: MoodleClient,
    *,
    strategy: str,
    report_id: int | None = None,
    moodle_messages: bool = False,
    roster_functions: tuple[str, ...] = (),
) -> CheckReport:
    """Return the site facts and which needed functions the token may call, for the completion
    ``strategy`` (auto needs the standard strategy's functions), the report ``report_id`` names,
    the ``roster_functions`` reading the roster needs and, when ``moodle_messages``, sending
    messages; raise Moodle* errors when Moodle refuses
    the token (exit 3) or cannot be reached (exit 4)."""
    site = get_site(moodle)
    # For auto the standard strategy's functions are the minimum; the others make it better.
    required = set(COMMON_FUNCTIONS) | set(
        STRATEGY_FUNCTIONS["standard" if strategy == "auto" else strategy]
    )
    if moodle_messages:
        required.add(MESSAGE_FUNCTION)
    required.update(roster_functions)
    report = CheckReport(
        url=moodle.url,
        sitename=site.sitename,
        release=site.release,
        version=site.version,
        strategy=strategy,
        site=site,
    )
    if report_id is not None:
        report.report_id = report_id
        if REPORT_FUNCTION not in site.functions:
            report.report_problem = how_to_allow(REPORT_FUNCTION)
        else:
            try:
                verify_report(moodle, site, report_id)
            except (ConfigError, MoodleRequestError, MoodleSkippableError) as exc:
                # An unknown report id comes back as Moodle's invalidrecord.
                report.report_problem = exc.message
    for name, need in FUNCTIONS.items():
        allowed = name in site.functions
        report.functions.append(
            FunctionCheck(
                name=name,
                required=name in required,
                callable=allowed,
                purpose=need.purpose,
                fix=None if allowed else how_to_allow(name),
            )
        )
    return report
