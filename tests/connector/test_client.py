"""The client: POST only, token first and only in the body, retries only when they help."""

from __future__ import annotations

import json
import logging
import threading
from urllib.parse import parse_qsl

import pytest
import requests
import responses

from cpdsync.connector import limits
from cpdsync.connector.client import MoodleClient
from cpdsync.connector.retry import RetryPolicy
from cpdsync.errors import (
    MoodleFatalError,
    MoodleRequestError,
    MoodleRetriableError,
    MoodleSkippableError,
)
from tests.conftest import FixtureReader
from tests.connector.helpers import ENDPOINT, TOKEN, Sleeps, client, policy

MAINTENANCE_HEADERS = {"Retry-After": "300"}


def _body(call: responses.Call) -> list[tuple[str, str]]:
    raw = call.request.body
    text = raw.decode() if isinstance(raw, bytes) else str(raw)
    return parse_qsl(text, keep_blank_values=True)


@responses.activate
def test_call_posts_token_function_and_format_first_then_bracket_params(
    moodle_fixture: FixtureReader,
) -> None:
    responses.add(
        responses.POST, ENDPOINT, body=moodle_fixture.bytes("error__max_input_vars_exceeded.json")
    )
    result = client().call("core_user_get_users_by_field", {"field": "id", "values": [3, 39]})
    assert result == []
    sent = responses.calls[0]
    assert sent.request.method == "POST"
    assert TOKEN not in (sent.request.url or "")
    assert _body(sent) == [
        ("wstoken", TOKEN),
        ("wsfunction", "core_user_get_users_by_field"),
        ("moodlewsrestformat", "json"),
        ("field", "id"),
        ("values[0]", "3"),
        ("values[1]", "39"),
    ]


@responses.activate
def test_maintenance_then_site_maintenance_then_success_is_retried_until_it_succeeds(
    moodle_fixture: FixtureReader, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    responses.add(
        responses.POST,
        ENDPOINT,
        body=moodle_fixture.bytes("error__maintenance_cli.html"),
        status=503,
        headers=MAINTENANCE_HEADERS,
    )
    responses.add(
        responses.POST, ENDPOINT, body=moodle_fixture.bytes("error__maintenance_site.json")
    )
    responses.add(
        responses.POST,
        ENDPOINT,
        body=moodle_fixture.bytes("core_webservice_get_site_info__cpdsync.json"),
    )
    fake = FakeTime()
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        fake.sleep(seconds)

    moodle = client(retry=RetryPolicy(sleep=sleep, clock=fake.clock, jitter=lambda upper: 0.0))
    info = moodle.call("core_webservice_get_site_info")
    assert info["sitename"] == "Lab Council LMS"
    assert moodle.calls["core_webservice_get_site_info"] == 3
    # Retry-After: 300 is honoured up to the cap; then plain backoff (jitter fixed at 0).
    assert waits == [limits.RETRY_AFTER_CAP_S, limits.BACKOFF_BASE_S]
    assert "maintenance" in caplog.text
    assert TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("error__invalid_token.json", MoodleFatalError),
        ("error__function_not_in_service.json", MoodleFatalError),
        ("error__invalid_param_value.json", MoodleRequestError),
        ("core_completion_get_course_completion_status__no_criteria.json", MoodleSkippableError),
        ("error__wrong_path_404.html", MoodleRetriableError),
    ],
)
@responses.activate
def test_errors_that_waiting_cannot_fix_are_never_retried(
    name: str,
    expected: type[Exception],
    moodle_fixture: FixtureReader,
    caplog: pytest.LogCaptureFixture,
) -> None:
    status = 404 if name.endswith("404.html") else 200
    responses.add(responses.POST, ENDPOINT, body=moodle_fixture.bytes(name), status=status)
    sleeps = Sleeps()
    moodle = client(sleeps)
    with pytest.raises(expected) as caught:
        moodle.call("core_webservice_get_site_info")
    assert moodle.calls["core_webservice_get_site_info"] == 1
    assert len(responses.calls) == 1
    assert sleeps.waits == []
    assert TOKEN not in str(caught.value)
    assert TOKEN not in caplog.text


@responses.activate
def test_a_refused_connection_is_retried_up_to_the_attempt_cap_then_exits_4(
    caplog: pytest.LogCaptureFixture,
) -> None:
    responses.add(responses.POST, ENDPOINT, body=requests.exceptions.ConnectionError("refused"))
    sleeps = Sleeps()
    moodle = client(sleeps)
    with pytest.raises(MoodleRetriableError) as caught:
        moodle.call("core_webservice_get_site_info")
    assert caught.value.exit_code == 4
    assert moodle.calls["core_webservice_get_site_info"] == limits.RETRY_ATTEMPTS
    assert len(sleeps.waits) == limits.RETRY_ATTEMPTS - 1
    assert TOKEN not in str(caught.value)
    assert TOKEN not in caplog.text


class FakeTime:
    """A clock that moves only when the code under test waits or a request times out."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_an_unreachable_moodle_gives_up_within_a_minute_with_default_limits() -> None:
    fake = FakeTime()

    def timing_out(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        fake.now += limits.CONNECT_TIMEOUT_S  # each attempt spends the whole connect timeout
        raise requests.exceptions.ConnectTimeout("timed out")

    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, ENDPOINT, callback=timing_out)
        moodle = client(retry=RetryPolicy(sleep=fake.sleep, clock=fake.clock))
        with pytest.raises(MoodleRetriableError):
            moodle.call("core_webservice_get_site_info")
    assert fake.now < 60.0
    assert moodle.calls["core_webservice_get_site_info"] >= 2


def test_retry_waits_never_exceed_the_remaining_budget() -> None:
    retry = RetryPolicy(total_s=10.0, jitter=lambda upper: upper)
    error = MoodleRetriableError("x", retry_after_s=300.0)
    assert retry.wait_before(1, error, elapsed_s=4.0) == 6.0
    assert retry.wait_before(5, None, elapsed_s=11.0) == 0.0


def test_too_many_form_variables_are_refused_before_sending() -> None:
    with responses.RequestsMock() as mock:
        with pytest.raises(MoodleRequestError) as caught:
            client().call(
                "core_user_get_users_by_field", {"field": "id", "values": list(range(1000))}
            )
        assert len(mock.calls) == 0
    assert "max_input_vars" in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_call_many_runs_at_most_max_in_flight_at_once_and_keeps_order() -> None:
    lock = threading.Lock()
    state = {"now": 0, "peak": 0}
    release = threading.Event()

    def reply(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
            if state["peak"] >= 2:
                release.set()
        release.wait(timeout=5)
        with lock:
            state["now"] -= 1
        userid = dict(parse_qsl(str(request.body)))["userid"]
        return 200, {}, json.dumps([{"userid": int(userid)}])

    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, ENDPOINT, callback=reply)
        moodle = client(max_in_flight=2)
        results = moodle.call_many(
            [("core_enrol_get_users_courses", {"userid": n}) for n in range(8)]
        )
    assert [r[0]["userid"] for r in results] == list(range(8))
    assert state["peak"] == 2
    assert moodle.calls["core_enrol_get_users_courses"] == 8


def test_call_many_returns_errors_in_place_of_results(moodle_fixture: FixtureReader) -> None:
    with responses.RequestsMock() as mock:
        mock.add(
            responses.POST,
            ENDPOINT,
            body=moodle_fixture.bytes(
                "core_completion_get_course_completion_status__no_criteria.json"
            ),
        )
        mock.add(
            responses.POST,
            ENDPOINT,
            body=moodle_fixture.bytes(
                "core_completion_get_course_completion_status__completed_self.json"
            ),
        )
        results = client(max_in_flight=1).call_many(
            [
                ("core_completion_get_course_completion_status", {"courseid": 14, "userid": 3}),
                ("core_completion_get_course_completion_status", {"courseid": 2, "userid": 3}),
            ]
        )
    assert isinstance(results[0], MoodleSkippableError)
    assert results[1]["completionstatus"]["completed"] is True
    assert TOKEN not in str(results[0])


def test_client_builds_its_own_pooled_session_when_none_is_given() -> None:
    from pydantic import SecretStr

    moodle = MoodleClient("https://moodle.example.test/", SecretStr(TOKEN), max_in_flight=6)
    adapter = moodle.session.get_adapter("https://moodle.example.test")
    assert adapter._pool_maxsize == 6  # type: ignore[attr-defined]
    assert moodle.endpoint == ENDPOINT
    moodle.close()


def test_policy_helper_fixes_jitter() -> None:
    assert policy(Sleeps()).jitter(10.0) == 0.0


def test_a_closed_port_on_loopback_ends_in_exit_4(caplog: pytest.LogCaptureFixture) -> None:
    import socket

    from pydantic import SecretStr

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The port is closed again now: connections are refused at once.
    caplog.set_level(logging.DEBUG)
    sleeps = Sleeps()
    moodle = MoodleClient(f"http://127.0.0.1:{port}", SecretStr(TOKEN), retry=policy(sleeps))
    with pytest.raises(MoodleRetriableError) as caught:
        moodle.call("core_webservice_get_site_info")
    moodle.close()
    assert caught.value.exit_code == 4
    assert "unreachable" in str(caught.value)
    assert len(sleeps.waits) == limits.RETRY_ATTEMPTS - 1
    assert TOKEN not in str(caught.value)
    assert TOKEN not in caplog.text
