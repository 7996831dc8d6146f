"""The report strategy: strict dates, the documented columns, the integration user's settings."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import responses

from cpdsync.connector.facts import MoodleCourse, MoodleWorker, SiteFacts
from cpdsync.connector.report_strategy import (
    ReportTimeError,
    fetch_report,
    parse_report_time,
    read_report,
)
from cpdsync.connector.strategies import fetch_completions
from cpdsync.errors import ConfigError, MoodleError
from cpdsync.simulator.report_functions import format_userdate
from tests.conftest import FixtureReader
from tests.connector.helpers import URL, FakeMoodle, client
from tests.plugin.conftest import Council


def utc(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        # British Summer Time: 22:33 BST is 21:33 UTC (the captured report's first cell).
        ("Wednesday, 22 October 2025, 10:33 PM", utc(2025, 10, 22, 21, 33)),
        # Greenwich Mean Time in winter.
        ("Monday, 10 March 2025, 7:34 PM", utc(2025, 3, 10, 19, 34)),
        ("Thursday, 1 January 2026, 12:05 AM", utc(2026, 1, 1, 0, 5)),
        ("Thursday, 1 January 2026, 12:05 PM", utc(2026, 1, 1, 12, 5)),
        # The repeated hour when clocks go back is read as its first (BST) occurrence.
        ("Sunday, 26 October 2025, 1:30 AM", utc(2025, 10, 26, 0, 30)),
    ],
)
def test_report_times_are_read_as_uk_local_time(text: str, stamp: int) -> None:
    assert parse_report_time(text) == stamp


@pytest.mark.parametrize(
    "text",
    [
        "Tuesday, 22 October 2025, 10:33 PM",  # wrong weekday
        "Wednesday, 22 October 2025, 22:33",  # 24-hour clock
        "Wednesday, 22 Oct 2025, 10:33 PM",  # abbreviated month
        "mercredi, 22 octobre 2025, 10:33 PM",  # another language
        "Wednesday, 22 October 2025, 10:33 PM BST",  # trailing text
        "Wednesday, 02 October 2025, 10:33 PM",  # leading zero Moodle removes
        "Sunday, 29 March 2026, 1:30 AM",  # skipped when the clocks go forward
        "Monday, 31 February 2025, 1:00 PM",
        "22/10/2025 22:33",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ReportTimeError):
        parse_report_time(text)


def test_the_simulator_formats_times_as_the_parser_reads_them() -> None:
    for stamp in (utc(2025, 10, 22, 21, 33), utc(2026, 1, 1, 0, 5), utc(2026, 7, 22, 4, 43)):
        assert parse_report_time(format_userdate(stamp)) == stamp


def test_the_captured_report_has_other_columns_and_is_refused_with_how_to_fix_it(
    moodle_fixture: FixtureReader,
) -> None:
    with responses.RequestsMock() as mock:
        moodle = FakeMoodle(mock)
        moodle.on(
            "core_reportbuilder_retrieve_report",
            moodle_fixture.text("core_reportbuilder_retrieve_report__page0.json"),
        )
        with pytest.raises(ConfigError) as caught:
            read_report(client(), 1)

    message = str(caught.value)
    assert "'Email address'" in message
    assert "['Username', 'Course short name', 'Time completed']" in message
    assert "docs/moodle-plugin.md" in message
    assert caught.value.key == "sync.report_id"


SITE = SiteFacts(
    url=URL,
    sitename="Lab Council LMS",
    release="4.5",
    version="2024100700",
    userid=45,
    functions=frozenset({"core_reportbuilder_retrieve_report"}),
)


def _user_reply(moodle_fixture: FixtureReader, **settings: str) -> str:
    user = json.loads(moodle_fixture.text("core_user_get_users_by_field__idnumber.json"))[0]
    user.update({"id": 45, "username": "cpdsync", **settings})
    return json.dumps([user])


@pytest.mark.parametrize(
    ("settings", "fix"),
    [
        ({}, "timezone Europe/London, not Server timezone"),  # as captured: "99"
        ({"timezone": "Europe/London", "lang": "en_us"}, "preferred language English (en)"),
        ({"timezone": "Europe/Paris"}, "timezone Europe/London, not 'Europe/Paris'"),
    ],
)
def test_the_integration_users_language_and_timezone_are_checked_before_reading(
    moodle_fixture: FixtureReader, settings: dict[str, str], fix: str
) -> None:
    with responses.RequestsMock() as mock:
        moodle = FakeMoodle(mock)
        moodle.on("core_user_get_users_by_field", _user_reply(moodle_fixture, **settings))
        with pytest.raises(ConfigError) as caught:
            fetch_report(
                client(), site=SITE, workers=[], courses=[], known=set(), since=None,
                now=lambda: 0, report_id=1,
            )  # fmt: skip

    assert fix in str(caught.value)
    assert [name for name, _ in moodle.seen] == ["core_user_get_users_by_field"]


def _worker(uid: int, username: str) -> MoodleWorker:
    return MoodleWorker(uid, username, f"{username}@x", "", "", "", username, False)


def _course(cid: int, shortname: str) -> MoodleCourse:
    return MoodleCourse(cid, shortname, shortname, "", 1, True, True)


def test_a_time_that_is_not_a_moodle_date_stops_the_run_naming_the_row(
    moodle_fixture: FixtureReader,
) -> None:
    page = {
        "details": {"name": "CPD Sync completions", "sourcename": "Course participants"},
        "data": {
            "headers": ["Username", "Course short name", "Time completed"],
            "rows": [
                {"columns": ["amara.okafor", "SAFE", "Wednesday, 22 October 2025, 10:33 PM"]},
                {"columns": ["amara.okafor", "LAW", "22/10/2025 22:33"]},
            ],
            "totalrowcount": 2,
        },
        "warnings": [],
    }
    with responses.RequestsMock() as mock:
        moodle = FakeMoodle(mock)
        moodle.on(
            "core_user_get_users_by_field",
            _user_reply(moodle_fixture, timezone="Europe/London"),
        )
        moodle.on("core_reportbuilder_retrieve_report", json.dumps(page))
        with pytest.raises(ConfigError) as caught:
            fetch_report(
                client(), site=SITE, workers=[_worker(3, "amara.okafor")],
                courses=[_course(2, "SAFE"), _course(4, "LAW")], known=set(), since=None,
                now=lambda: 0, report_id=1,
            )  # fmt: skip

    assert "row 2" in str(caught.value)
    assert "22/10/2025 22:33" in str(caught.value)


def test_the_simulated_report_gives_every_completion_with_its_time_to_the_minute(
    small_council: Council,
) -> None:
    dataset = small_council.sim.dataset
    batch = fetch_completions(
        small_council.client,
        "report",
        site=small_council.site,
        workers=small_council.workers,
        courses=small_council.courses,
        known=set(),
        since=None,
        report_id=1,
    )

    # Completions on ended enrolments are included: the report lists every enrolment.
    enrolled = {(e.userid, e.courseid) for e in dataset.enrolments}
    expected = {
        (c.userid, c.courseid, c.timecompleted - c.timecompleted % 60)
        for c in dataset.completions
        if (c.userid, c.courseid) in enrolled
    }
    got = {(o.userid, o.courseid, o.timecompleted) for o in batch.observations}
    assert got == expected
    assert {o.source for o in batch.observations} == {"report"}
    assert batch.warnings == []


def test_a_held_completion_the_report_lists_as_not_complete_is_reported(
    small_council: Council,
) -> None:
    dataset = small_council.sim.dataset
    gone = dataset.completions[0]
    small_council.sim.replace_dataset(
        dataset.model_copy(update={"completions": dataset.completions[1:]})
    )
    held = {(c.userid, c.courseid) for c in dataset.completions}

    batch = fetch_completions(
        small_council.client,
        "report",
        site=small_council.site,
        workers=small_council.workers,
        courses=small_council.courses,
        known=held,
        since=None,
        report_id=1,
    )

    assert batch.reported_incomplete == {(gone.userid, gone.courseid)}


def test_an_unknown_report_id_is_refused_by_moodle(small_council: Council) -> None:
    with pytest.raises(MoodleError) as caught:
        read_report(small_council.client, 99)
    assert caught.value.errorcode == "invalidrecord"
