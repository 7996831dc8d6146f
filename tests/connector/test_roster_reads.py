"""Roster reads over replies captured from a real Moodle 4.5 (the roster captures in
tests/fixtures/moodle/README.md): cohorts, members, user look-ups, the plugin's users."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import responses

from cpdsync.connector.roster_reads import (
    find_users,
    get_cohort_members,
    get_cohorts,
    get_users,
    get_users_with_field,
)
from cpdsync.errors import MoodleFatalError, MoodleRequestError
from tests.conftest import FixtureReader
from tests.connector.helpers import FakeMoodle, client


@pytest.fixture
def moodle() -> Iterator[FakeMoodle]:
    with responses.RequestsMock() as mock:
        yield FakeMoodle(mock)


def test_cohorts_come_with_their_idnumber_and_name(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on("core_cohort_get_cohorts", moodle_fixture.text("core_cohort_get_cohorts__all.json"))
    (cohort,) = get_cohorts(client())
    assert (cohort.id, cohort.idnumber, cohort.name) == (
        1,
        "SW-REGISTERED",
        "Registered social workers",
    )
    assert moodle.seen == [("core_cohort_get_cohorts", {})]


def test_without_moodle_cohort_view_the_error_names_the_capability(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "core_cohort_get_cohorts",
        moodle_fixture.text("core_cohort_get_cohorts__no_cohort_view.json"),
    )
    with pytest.raises(MoodleFatalError) as caught:
        get_cohorts(client())
    assert caught.value.exit_code == 3
    assert caught.value.errorcode == "nopermissions"
    assert "moodle/cohort:view" in caught.value.message


def test_members_of_every_cohort_come_in_one_call(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "core_cohort_get_cohort_members",
        moodle_fixture.text("core_cohort_get_cohort_members__one.json"),
    )
    members = get_cohort_members(client(), [1])
    assert len(members[1]) == 41
    assert {43, 44} <= set(members[1])  # the new starters with no enrolment
    assert moodle.seen == [("core_cohort_get_cohort_members", {"cohortids[0]": "1"})]
    assert get_cohort_members(client(), []) == {}


def test_an_unknown_cohort_id_is_a_request_error(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "core_cohort_get_cohort_members",
        moodle_fixture.text("core_cohort_get_cohort_members__known_and_unknown.json"),
    )
    with pytest.raises(MoodleRequestError) as caught:
        get_cohort_members(client(), [1, 999])
    assert caught.value.errorcode == "invalidrecord"


def test_users_by_id_carry_their_profile_and_a_warning_for_each_id_moodle_withholds(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "core_user_get_users_by_field",
        moodle_fixture.text("core_user_get_users_by_field__new_starters.json"),
    )
    workers, warnings = get_users(client(), [44, 43, 31, 77])
    assert [w.id for w in workers] == [31, 43, 44]
    assert workers[1].username == "niall.hughes"
    assert workers[1].profile["swenumber"] == "SW418992"
    assert workers[1].profile["sweregistered"] == "2014-04-01"
    assert [(w.code, w.userid) for w in warnings] == [("userunreadable", 77)]
    assert moodle.seen[0][1]["field"] == "id"


def test_user_look_ups_are_batched_when_the_token_may_batch(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    found = moodle_fixture.text("core_user_get_users_by_field__new_starters.json")

    def batch(params: dict[str, str]) -> str:
        count = sum(1 for key in params if key.endswith("[function]"))
        return json.dumps({"responses": [{"error": False, "data": found}] * count})

    moodle.on("tool_mobile_call_external_functions", batch)
    workers = find_users(client(), "id", [str(i) for i in range(1, 450)], batched=True)
    assert [w.id for w in workers] == [31, 43, 44]
    # 449 ids in chunks of 200: three sub-calls, one request.
    assert len(moodle.seen) == 1
    assert moodle.seen[0][1]["requests[2][function]"] == "core_user_get_users_by_field"


def test_the_plugin_roster_by_profile_field_is_read_page_by_page(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    first = json.loads(moodle_fixture.text("local_cpdsync_get_users_with_field__page.json"))
    last = {"users": [], "nextafterid": first["nextafterid"], "hasmore": False}
    moodle.on(
        "local_cpdsync_get_users_with_field",
        lambda params: json.dumps(first if params["afterid"] == "0" else last),
    )
    workers = get_users_with_field(client(), "swenumber")
    assert [w.id for w in workers] == [4, 5, 6]
    assert workers[0].profile == {
        "jobrole": "Social Worker",
        "swenumber": "SW623619",
        "sweregistered": "2022-01-16",
        "team": "Mental Health",
    }
    assert [p["afterid"] for _, p in moodle.seen] == ["0", "6"]
    assert moodle.seen[0][1]["field"] == "swenumber"


def test_an_unknown_profile_field_is_moodles_invalidparameter(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "local_cpdsync_get_users_with_field",
        moodle_fixture.text("local_cpdsync_get_users_with_field__unknown_field.json"),
    )
    with pytest.raises(MoodleRequestError) as caught:
        get_users_with_field(client(), "nosuchfield")
    assert caught.value.errorcode == "invalidparameter"


def test_roster_members_are_read_through_the_plugin_when_it_is_there(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "local_cpdsync_get_users", moodle_fixture.text("local_cpdsync_get_users__userids.json")
    )
    workers, warnings = get_users(client(), [43, 44, 9999], plugin=True)
    assert [w.username for w in workers] == ["niall.hughes", "aaron.roberts"]
    assert [w.userid for w in warnings] == [9999]
    assert moodle.seen[0][1]["userids[2]"] == "9999"
