"""What the simulated functions answer: Moodle's quirks that cpdsync must cope with."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from cpdsync.simulator import Simulator, serve_in_thread
from tests.simulator.capture_site import NOW, capture_site

ENDPOINT = "/webservice/rest/server.php"


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with serve_in_thread(capture_site(), clock=lambda: float(NOW)) as running:
        yield running


def ws(sim: Simulator, wsfunction: str, **params: object) -> Any:
    data = {"wstoken": sim.token, "wsfunction": wsfunction, "moodlewsrestformat": "json"}
    reply = requests.post(sim.url + ENDPOINT, data={**data, **params}, timeout=5)
    assert reply.status_code == 200
    return reply.json()


def completion_time(sim: Simulator, userid: int, courseid: int) -> int:
    return next(
        c.timecompleted
        for c in sim.dataset.completions
        if (c.userid, c.courseid) == (userid, courseid)
    )


def test_criterion_times_carry_the_course_completion_time(sim: Simulator) -> None:
    for courseid, userid in ((2, 3), (4, 4), (6, 10)):
        status = ws(
            sim, "core_completion_get_course_completion_status", courseid=courseid, userid=userid
        )["completionstatus"]
        times = [c["timecompleted"] for c in status["completions"]]
        assert status["completed"] is True
        assert max(times) == completion_time(sim, userid, courseid)
        assert "timecompleted" not in status  # Moodle does not return the course's own time


@pytest.mark.parametrize(
    ("courseid", "userid", "errorcode"),
    [
        (2, 14, "usernotenroled"),  # enrolment ended, although the course was completed
        (2, 38, "usernotenroled"),  # enrolment starts in the future
        (3, 20, "usernotenroled"),  # enrolment suspended
        (2, 6, "usernotenroled"),  # never enrolled
        (12, 6, "cannotviewreport"),  # completion disabled
        (14, 3, "nocriteriaset"),
        (99999, 3, "invalidrecord"),
        (2, 99999, "invaliduser"),
    ],
)
def test_completion_status_refusals_match_moodle(
    sim: Simulator, courseid: int, userid: int, errorcode: str
) -> None:
    reply = ws(
        sim, "core_completion_get_course_completion_status", courseid=courseid, userid=userid
    )
    assert reply["errorcode"] == errorcode


def test_a_suspended_account_still_gets_its_completion(sim: Simulator) -> None:
    reply = ws(sim, "core_completion_get_course_completion_status", courseid=2, userid=39)
    assert reply["completionstatus"]["completed"] is True


def test_users_courses_lists_active_enrolments_only_and_no_completion_time(
    sim: Simulator,
) -> None:
    courses = {c["id"]: c for c in ws(sim, "core_enrol_get_users_courses", userid=14)}
    assert 2 not in courses  # completed, but the enrolment ended
    worker = {c["id"]: c for c in ws(sim, "core_enrol_get_users_courses", userid=3)}
    assert worker[2]["completed"] is True and worker[2]["progress"] == 100
    disabled = {c["id"]: c for c in ws(sim, "core_enrol_get_users_courses", userid=6)}[12]
    assert disabled["completed"] is None and disabled["progress"] is None
    assert worker[14]["completed"] is False and worker[14]["completionhascriteria"] is False
    assert worker[2]["idnumber"] == "KSS-CF-05-SAFEGUARDING"
    assert all("timecompleted" not in c for c in worker.values())
    assert ws(sim, "core_enrol_get_users_courses", userid=99999) == []


def test_enrolled_users_page_with_limitfrom_and_limitnumber_until_empty(sim: Simulator) -> None:
    seen: list[int] = []
    start = 0
    while True:
        page = ws(
            sim,
            "core_enrol_get_enrolled_users",
            courseid=2,
            **{
                "options[0][name]": "userfields",
                "options[0][value]": "id,email",
                "options[1][name]": "limitfrom",
                "options[1][value]": start,
                "options[2][name]": "limitnumber",
                "options[2][value]": 5,
            },
        )
        if not page:
            break
        assert set(page[0]) == {"id", "fullname", "email"}
        seen += [u["id"] for u in page]
        start += 5
    everyone = [u["id"] for u in ws(sim, "core_enrol_get_enrolled_users", courseid=2)]
    assert seen == everyone == sorted(everyone)
    assert {14, 38, 39} <= set(everyone)  # ended, future and suspended account included


def test_onlyactive_drops_inactive_enrolments_but_keeps_suspended_accounts(
    sim: Simulator,
) -> None:
    active = ws(
        sim,
        "core_enrol_get_enrolled_users",
        courseid=3,
        **{"options[0][name]": "onlyactive", "options[0][value]": 1},
    )
    ids = {u["id"] for u in active}
    assert not ids & {9, 20, 34}
    assert {39, 40, 41} <= ids
    assert all("suspended" not in u for u in active)


def test_users_by_field_matches_email_case_sensitively_and_reports_suspension(
    sim: Simulator,
) -> None:
    found = ws(
        sim,
        "core_user_get_users_by_field",
        field="email",
        **{
            "values[0]": "amara.okafor@council.example",
            "values[1]": "Megan.Price@council.example",
            "values[2]": "megan.price@council.example",
        },
    )
    assert [(u["id"], u["suspended"]) for u in found] == [(3, False), (39, True)]
    swe = {
        c["shortname"]: c["value"]
        for c in ws(sim, "core_user_get_users_by_field", field="id", **{"values[0]": 14})[0][
            "customfields"
        ]
    }
    assert swe["swenumber"] == " sw104455 "  # verbatim, not trimmed
    bad = ws(sim, "core_user_get_users_by_field", field="swenumber", **{"values[0]": "x"})
    assert bad["errorcode"] == "codingerror"


def test_get_users_with_an_unsupported_key_warns_and_returns_everyone(sim: Simulator) -> None:
    reply = ws(
        sim,
        "core_user_get_users",
        **{"criteria[0][key]": "swenumber", "criteria[0][value]": "SW123456"},
    )
    assert reply["warnings"][0]["warningcode"] == "invalidfieldparameter"
    assert {"guest", "admin", "cpdsync"} <= {u["username"] for u in reply["users"]}


def test_batch_stops_at_the_first_failing_sub_call(sim: Simulator) -> None:
    calls = [(2, 3), (2, 6), (2, 4)]
    params = {}
    for i, (course, user) in enumerate(calls):
        params[f"requests[{i}][function]"] = "core_completion_get_course_completion_status"
        params[f"requests[{i}][arguments]"] = json.dumps({"courseid": course, "userid": user})
    responses = ws(sim, "tool_mobile_call_external_functions", **params)["responses"]
    assert [r["error"] for r in responses] == [False, True]
    assert json.loads(responses[1]["exception"])["errorcode"] == "usernotenroled"
    first = json.loads(responses[0]["data"])
    assert first["completionstatus"]["completed"] is True


def test_messages_are_refused_per_item_not_as_an_exception(sim: Simulator) -> None:
    params = {
        "messages[0][touserid]": 3,
        "messages[0][text]": "hi",
        "messages[0][textformat]": 2,
        "messages[0][clientmsgid]": "m1",
        "messages[1][touserid]": 99999,
        "messages[1][text]": "hi",
    }
    sim.state.refuse_messages = True
    refused = ws(sim, "core_message_send_instant_messages", **params)
    assert [m["msgid"] for m in refused] == [-1, -1]
    assert all("errormessage" in m for m in refused)
    sim.state.refuse_messages = False
    sent = ws(sim, "core_message_send_instant_messages", **params)
    assert sent[0]["msgid"] > 0 and sent[0]["text"] == "<p>hi</p>"
    assert sent[1]["msgid"] == -1
    assert sim.messages[-1]["touserid"] == 3


def test_course_idnumber_is_withheld_without_course_update(sim: Simulator) -> None:
    course = ws(
        sim, "core_course_get_courses_by_field", field="idnumber", value="KSS-CF-05-SAFEGUARDING"
    )["courses"][0]
    assert course["id"] == 2 and "idnumber" not in course
    hours = {f["shortname"]: f for f in course["customfields"]}["cpdhours"]
    assert hours["valueraw"] == 6 and hours["value"] == "6.0"
    sim.state.capabilities = sim.state.capabilities | {"moodle/course:update"}
    try:
        full = ws(sim, "core_course_get_courses", **{"options[ids][0]": 2})[0]
    finally:
        sim.state.capabilities = sim.state.capabilities - {"moodle/course:update"}
    assert full["idnumber"] == "KSS-CF-05-SAFEGUARDING" and full["enablecompletion"] == 1
