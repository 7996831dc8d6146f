"""A site's health in a monitor's four states: what puts it in each, and the thresholds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cpdsync.app import health as h
from cpdsync.errors import UsageError
from cpdsync.records.run_log import RunRecord

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LIMITS = h.Thresholds(warning_s=7200, critical_s=14400)


def _run(outcome: str, hours_ago: float, error: str | None = None) -> RunRecord:
    finished = NOW - timedelta(hours=hours_ago)
    return RunRecord(1, "https://m.example", finished, finished, outcome, "batched", error=error)


def _states(alerts: list[h.Alert]) -> list[str]:
    return [alert.state for alert in alerts]


def test_thresholds_default_to_two_and_four_intervals_and_read_ages() -> None:
    assert h.thresholds(timedelta(hours=1), None, None) == h.Thresholds(7200, 14400)
    assert h.thresholds(timedelta(hours=1), "90m", "1d") == h.Thresholds(5400, 86400)
    assert h.thresholds(timedelta(hours=1), "600", "3h") == h.Thresholds(600, 10800)


@pytest.mark.parametrize(
    ("warning", "critical", "message"),
    [
        ("soon", None, "--warning 'soon' is not an age"),
        (None, "0h", "--critical '0h' is not an age"),
        ("3h", "2h", "must be less than --critical"),
    ],
)
def test_bad_thresholds_are_usage_errors_naming_the_option(
    warning: str | None, critical: str | None, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        h.thresholds(timedelta(hours=1), warning, critical)


def test_no_run_yet_is_critical() -> None:
    assert _states(h.run_alerts([], None, LIMITS, NOW)) == [h.CRITICAL]


def test_a_recent_good_run_is_ok_and_an_ageing_one_warns_then_goes_critical() -> None:
    for hours, expected in ((1, []), (3, [h.WARNING]), (5, [h.CRITICAL])):
        runs = [_run("ok", hours)]
        last_good = runs[0].finished
        assert _states(h.run_alerts(runs, last_good, LIMITS, NOW)) == expected


def test_a_failed_last_run_warns_and_runs_that_never_succeeded_are_critical() -> None:
    good = NOW - timedelta(hours=1)
    alerts = h.run_alerts(
        [_run("failed", 0, "Moodle unreachable"), _run("ok", 1)], good, LIMITS, NOW
    )
    assert _states(alerts) == [h.WARNING]
    assert alerts[0].text == "the last run failed: Moodle unreachable"
    assert _states(h.run_alerts([_run("failed", 0)], None, LIMITS, NOW)) == [
        h.WARNING,
        h.CRITICAL,
    ]


def test_most_completions_unmapped_warns_and_half_does_not() -> None:
    def metrics(unmapped: int, completed: int) -> h.Metrics:
        return h.Metrics(10, completed, completed - unmapped, unmapped, completed, 0, 0)

    assert _states(h.mapping_alerts(metrics(20282, 20282), LIMITS)) == [h.WARNING]
    assert h.mapping_alerts(metrics(5, 10), LIMITS) == []
    assert h.mapping_alerts(metrics(0, 0), LIMITS) == []


def test_the_worst_state_wins_and_leads_the_alerts() -> None:
    alerts = [h.Alert(h.WARNING, "a"), h.Alert(h.CRITICAL, "b"), h.Alert(h.UNKNOWN, "c")]
    health = h.health_of(alerts, None, LIMITS)
    assert health.state == h.CRITICAL and health.exit_code == 2
    assert [a.text for a in health.alerts] == ["b", "a", "c"]
    assert h.health_of([], None, LIMITS).exit_code == 0
    assert h.unknown("no config").exit_code == 3
