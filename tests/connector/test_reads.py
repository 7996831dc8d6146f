"""Typed reads over payloads captured from real Moodle 4.5."""

from __future__ import annotations

import json

import pytest
import responses

from cpdsync.connector.facts import MoodleCourse
from cpdsync.connector.site_reads import get_categories, get_courses, get_site, get_workers
from cpdsync.errors import MoodleFatalError, MoodleRequestError
from tests.conftest import FixtureReader
from tests.connector.helpers import TOKEN, FakeMoodle, client


@pytest.fixture
def moodle() -> FakeMoodle:
    with responses.RequestsMock() as mock:
        yield FakeMoodle(mock)


def test_site_facts_list_the_functions_the_token_may_call(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "core_webservice_get_site_info",
        moodle_fixture.text("core_webservice_get_site_info__cpdsync.json"),
    )
    site = get_site(client())
    assert site.sitename == "Lab Council LMS"
    assert site.release == "4.5 (Build: 20241007)"
    assert site.version == "2024100700"
    assert site.userid == 45
    assert "tool_mobile_call_external_functions" in site.functions
    assert len(site.functions) == 19


def test_categories_carry_their_parent_path(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "core_course_get_categories", moodle_fixture.text("core_course_get_categories__all.json")
    )
    paths = {c.id: c.path for c in get_categories(client())}
    assert paths[3] == "Safeguarding / Children"
    assert paths[2] == "Safeguarding"


def test_courses_leave_out_the_front_page_and_take_idnumbers_from_enrolments(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "core_course_get_courses_by_field",
        moodle_fixture.text("core_course_get_courses_by_field__all.json"),
    )
    enrolled = json.loads(moodle_fixture.text("core_enrol_get_enrolled_users__default.json"))
    moodle.on("core_enrol_get_enrolled_users", lambda params: json.dumps(enrolled[:1]))
    moodle.on(
        "core_enrol_get_users_courses",
        moodle_fixture.text("core_enrol_get_users_courses__worker.json"),
    )
    moodle_client = client()
    courses = {c.id: c for c in get_courses(moodle_client)}
    assert 1 not in courses
    assert courses[2].idnumber == "KSS-CF-05-SAFEGUARDING"
    assert courses[2].enablecompletion is True
    assert courses[12].enablecompletion is False
    assert courses[13].visible is False
    assert courses[2].customfields == {"cpdhours": "6", "cpdprovider": "Workforce Development"}
    assert courses[3].customfields["cpdhours"] == "3.5"
    assert "cpdhours" not in courses[12].customfields
    assert courses[2].summary == (
        "<p>Safeguarding Children: Child Protection Enquiries (Section 47). Counts towards CPD "
        "for Social Work England registration.</p>"
    )
    # One worker's course list resolved every course that worker is in, in one round.
    assert moodle_client.calls["core_enrol_get_users_courses"] < len(courses)
    enrolled_call = next(p for f, p in moodle.seen if f == "core_enrol_get_enrolled_users")
    assert enrolled_call["options[1][name]"] == "limitnumber"


def test_workers_are_paged_and_carry_suspended_flag_and_profile_verbatim(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    pages = {
        "0": moodle_fixture.text("core_enrol_get_enrolled_users__userfields_paged_p0.json"),
        "5": moodle_fixture.text("core_enrol_get_enrolled_users__userfields_paged_p1.json"),
    }
    moodle.on(
        "core_enrol_get_enrolled_users", lambda params: pages.get(params["options[1][value]"], "[]")
    )
    moodle.on(
        "core_user_get_users_by_field",
        moodle_fixture.text("core_user_get_users_by_field__id_incl_deleted_missing.json"),
    )
    course = MoodleCourse(
        id=2,
        shortname="S",
        fullname="S",
        idnumber="",
        categoryid=3,
        visible=True,
        enablecompletion=True,
    )
    off = MoodleCourse(
        id=12,
        shortname="N",
        fullname="N",
        idnumber="",
        categoryid=5,
        visible=True,
        enablecompletion=False,
    )
    moodle_client = client()
    workers, warnings = get_workers(moodle_client, [course, off], page_size=5)
    by_id = {w.id: w for w in workers}
    assert by_id[3].profile["swenumber"] == "SW207189"
    assert by_id[3].suspended is False
    # Two full pages of 5, then an empty page ends the paging.
    assert moodle_client.calls["core_enrol_get_enrolled_users"] == 3
    assert len(workers) == 10
    assert all(p["courseid"] == "2" for f, p in moodle.seen if f == "core_enrol_get_enrolled_users")
    # Users Moodle did not return in users_by_field are reported, not guessed.
    assert {w.userid for w in warnings} == set(by_id) - {3, 39, 42}
    assert all(w.code == "userunreadable" for w in warnings)


def test_a_reply_with_the_wrong_shape_names_the_function(moodle: FakeMoodle) -> None:
    moodle.on("core_webservice_get_site_info", '{"unexpected": true}')
    with pytest.raises(MoodleRequestError) as caught:
        get_site(client())
    assert "Moodle's reply to core_webservice_get_site_info did not have the expected shape" in str(
        caught.value
    )
    assert TOKEN not in str(caught.value)


def test_a_capability_refusal_on_enrolled_users_stops_the_read(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(
        "core_enrol_get_enrolled_users",
        moodle_fixture.text("core_enrol_get_enrolled_users__capability_denied.json"),
    )
    course = MoodleCourse(
        id=2,
        shortname="S",
        fullname="S",
        idnumber="",
        categoryid=3,
        visible=True,
        enablecompletion=True,
    )
    with pytest.raises(MoodleFatalError) as caught:
        get_workers(client(), [course])
    assert caught.value.exit_code == 3
    assert TOKEN not in str(caught.value)
