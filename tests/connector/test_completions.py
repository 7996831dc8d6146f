"""Plugin-free completion discovery over captured replies."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import responses

from cpdsync.connector.facts import MoodleCourse, MoodleWorker, SiteFacts
from cpdsync.connector.needs import PLUGIN_FUNCTION
from cpdsync.connector.strategies import FETCHERS, choose_strategy, fetch_completions
from cpdsync.errors import ConfigError, MoodleFatalError
from tests.conftest import FixtureReader
from tests.connector.helpers import TOKEN, FakeMoodle, client

STATUS = "core_completion_get_course_completion_status"
BATCH = "tool_mobile_call_external_functions"
USERS_COURSES = "core_enrol_get_users_courses"
COMMON = {
    "core_webservice_get_site_info",
    "core_course_get_courses_by_field",
    "core_course_get_categories",
    "core_enrol_get_enrolled_users",
    "core_user_get_users_by_field",
    USERS_COURSES,
}
NOW = 1_800_000_000


def site(*functions: str) -> SiteFacts:
    return SiteFacts(
        url="https://moodle.example.test",
        sitename="Lab",
        release="4.5",
        version="2024100700",
        userid=45,
        functions=frozenset(COMMON | set(functions)),
    )


def course(cid: int) -> MoodleCourse:
    return MoodleCourse(
        id=cid,
        shortname=f"C{cid}",
        fullname=f"C{cid}",
        idnumber="",
        categoryid=1,
        visible=True,
        enablecompletion=True,
    )


WORKER = MoodleWorker(
    id=3,
    username="amara.okafor",
    email="a@x",
    idnumber="EMP0001",
    firstname="",
    lastname="",
    fullname="Amara Okafor",
    suspended=False,
)
COURSES = [course(c) for c in (2, 3, 6, 14)]


@pytest.fixture
def moodle() -> Iterator[FakeMoodle]:
    with responses.RequestsMock() as mock:
        yield FakeMoodle(mock)


def test_auto_prefers_plugin_then_report_then_batched_then_standard() -> None:
    assert choose_strategy("auto", site(PLUGIN_FUNCTION, BATCH, STATUS)) == "plugin"
    assert (
        choose_strategy(
            "auto", site("core_reportbuilder_retrieve_report", BATCH, STATUS), report_id=4
        )
        == "report"
    )
    assert (
        choose_strategy("auto", site("core_reportbuilder_retrieve_report", BATCH, STATUS))
        == "batched"
    )
    assert choose_strategy("auto", site(STATUS)) == "standard"


def test_an_explicit_strategy_without_its_functions_names_what_to_add() -> None:
    with pytest.raises(MoodleFatalError) as caught:
        choose_strategy("batched", site(STATUS))
    assert f"add {BATCH} to the cpdsync external service" in str(caught.value)
    assert caught.value.exit_code == 3
    with pytest.raises(MoodleFatalError, match=STATUS):
        choose_strategy("auto", site())


def test_report_strategy_needs_a_report_id() -> None:
    with pytest.raises(ConfigError, match="sync.report_id"):
        choose_strategy("report", site("core_reportbuilder_retrieve_report"))


def test_each_plugin_free_strategy_has_a_fetcher() -> None:
    assert {"standard", "batched"} <= set(FETCHERS)


def _status_by_course(moodle_fixture: FixtureReader) -> dict[str, str]:
    return {
        "2": moodle_fixture.text(f"{STATUS}__completed_self.json"),
        "3": moodle_fixture.text(f"{STATUS}__completed_activity_criteria.json"),
        "11": moodle_fixture.text(f"{STATUS}__no_criteria.json"),
    }


def test_standard_reads_status_only_for_new_completions_and_dates_them_by_latest_criterion(
    moodle: FakeMoodle, moodle_fixture: FixtureReader, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    replies = json.loads(moodle_fixture.text(f"{USERS_COURSES}__worker.json"))
    # Course 3 completed and new; 2 completed but already known; 14 (no criteria) completed:
    # nothing to ask, it is dated when seen; 11 completed, but its status answers
    # nocriteriaset (criteria removed since), to show a skippable error becomes a warning.
    for item in replies:
        if item["id"] in (11, 14):
            item["completed"] = True
    moodle.on(USERS_COURSES, json.dumps(replies))
    statuses = _status_by_course(moodle_fixture)
    moodle.on(STATUS, lambda params: statuses[params["courseid"]])
    moodle_client = client()
    batch = fetch_completions(
        moodle_client,
        "standard",
        site=site(STATUS),
        workers=[WORKER],
        courses=[*COURSES, course(11)],
        known={(3, 2)},
        since=None,
        now=lambda: NOW,
    )
    asked = sorted(int(p["courseid"]) for f, p in moodle.seen if f == STATUS)
    assert asked == [3, 11]
    assert sorted((o.courseid, o.timecompleted, o.source) for o in batch.observations) == [
        (3, 1772244898, "criteria_latest"),
        (14, NOW, "observed"),
    ]
    assert (3, 6) in batch.reported_incomplete
    assert [(w.code, w.courseid) for w in batch.warnings] == [("nocriteriaset", 11)]
    assert batch.strategy == "standard"
    assert all(TOKEN not in w.message for w in batch.warnings)
    assert TOKEN not in caplog.text


def test_a_completion_without_any_criterion_time_is_dated_when_observed(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    moodle.on(USERS_COURSES, json.dumps([{"id": 2, "completed": True}]))
    status = {
        "completionstatus": {
            "completed": True,
            "aggregation": 1,
            "completions": [{"type": 7, "complete": True, "timecompleted": None}],
        },
        "warnings": [],
    }
    moodle.on(STATUS, json.dumps(status))
    batch = fetch_completions(
        client(),
        "standard",
        site=site(STATUS),
        workers=[WORKER],
        courses=COURSES,
        known=set(),
        since=None,
        now=lambda: NOW,
    )
    assert [(o.timecompleted, o.source) for o in batch.observations] == [(NOW, "observed")]


def users_courses_batch(courses: list[dict[str, object]], then: object) -> object:
    """A BATCH handler: each core_enrol_get_users_courses sub-call answers ``courses``; any
    other batch goes to ``then``."""

    def reply(params: dict[str, str]) -> str:
        if params.get("requests[0][function]") != USERS_COURSES:
            return then(params)  # type: ignore[operator,no-any-return]
        count = sum(1 for key in params if key.endswith("[function]"))
        item = {"error": False, "data": json.dumps(courses)}
        return json.dumps({"responses": [item] * count})

    return reply


def test_batched_resubmits_after_the_failing_sub_call_and_warns_about_it(
    moodle: FakeMoodle, moodle_fixture: FixtureReader
) -> None:
    workers = [
        MoodleWorker(
            id=u,
            username=f"u{u}",
            email="",
            idnumber="",
            firstname="",
            lastname="",
            fullname="",
            suspended=False,
        )
        for u in (3, 6, 4)
    ]
    stops = moodle_fixture.text(f"{BATCH}__batch_stops_at_error.json")
    rest = json.loads(moodle_fixture.text(f"{BATCH}__batch_completion_5.json"))
    rest["responses"] = rest["responses"][1:2]
    replies = iter([stops, json.dumps(rest)])
    moodle.on(BATCH, users_courses_batch([{"id": 2, "completed": True}], lambda p: next(replies)))
    moodle_client = client()
    batch = fetch_completions(
        moodle_client,
        "batched",
        site=site(STATUS, BATCH),
        workers=workers,
        courses=COURSES,
        known=set(),
        since=None,
        now=lambda: NOW,
    )
    batches = [p for f, p in moodle.seen if f == BATCH and STATUS in p["requests[0][function]"]]
    assert len(batches) == 2
    assert json.loads(batches[0]["requests[2][arguments]"]) == {"courseid": 2, "userid": 4}
    # The second request carries only the sub-call Moodle never ran.
    assert json.loads(batches[1]["requests[0][arguments]"]) == {"courseid": 2, "userid": 4}
    assert "requests[1][function]" not in batches[1]
    assert [(o.userid, o.timecompleted) for o in batch.observations] == [
        (3, 1761168806),
        (4, 1741635253),
    ]
    assert [(w.code, w.userid, w.courseid) for w in batch.warnings] == [("usernotenroled", 6, 2)]


def test_a_fatal_sub_call_error_stops_the_batched_fetch(moodle: FakeMoodle) -> None:
    refused = json.dumps(
        {
            "responses": [
                {
                    "error": True,
                    "exception": json.dumps(
                        {"errorcode": "accessexception", "module": "webservice"}
                    ),
                }
            ]
        }
    )
    moodle.on(BATCH, users_courses_batch([{"id": 2, "completed": True}], lambda p: refused))
    with pytest.raises(MoodleFatalError) as caught:
        fetch_completions(
            client(),
            "batched",
            site=site(STATUS, BATCH),
            workers=[WORKER],
            courses=COURSES,
            known=set(),
            since=None,
        )
    assert f"add {STATUS} to the cpdsync external service" in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_an_unknown_strategy_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        fetch_completions(
            client(), "psychic", site=site(), workers=[], courses=[], known=set(), since=None
        )
