"""Every error reply captured from real Moodle maps to the right class and exit code."""

from __future__ import annotations

import json
import logging

import pytest
import requests
import responses

from cpdsync.connector.classify import (
    MoodleEndpointError,
    MoodleErrorPageError,
    classify_reply,
    error_for_code,
    retry_after_seconds,
    scrub,
)
from cpdsync.connector.retry import NO_RETRY
from cpdsync.errors import (
    MoodleError,
    MoodleFatalError,
    MoodleRequestError,
    MoodleRetriableError,
    MoodleSkippableError,
)
from tests.conftest import FIXTURES, FixtureReader
from tests.connector.helpers import ENDPOINT, TOKEN, URL, client

FATAL, REQUEST, RETRY, SKIP, ENDPOINT_ERR = (
    MoodleFatalError,
    MoodleRequestError,
    MoodleRetriableError,
    MoodleSkippableError,
    MoodleEndpointError,
)

# fixture file -> (HTTP status, headers, expected class, expected exit code)
MAINTENANCE_HEADERS = {"Retry-After": "300", "Content-Type": "text/html; charset=utf-8"}
EXPECTED: dict[str, tuple[int, dict[str, str], type[MoodleError], int]] = {
    "error__array_param_wrong_shape.json": (200, {}, REQUEST, 1),
    "error__empty_token.json": (200, {}, FATAL, 3),
    "error__function_not_in_service.json": (200, {}, FATAL, 3),
    "error__function_not_in_service_debug_on.json": (200, {}, FATAL, 3),
    "error__invalid_param_negative.json": (200, {}, REQUEST, 1),
    "error__invalid_param_value.json": (200, {}, REQUEST, 1),
    "error__invalid_param_value_debug_on.json": (200, {}, REQUEST, 1),
    "error__invalid_token.json": (200, {}, FATAL, 3),
    "error__invalid_token_debug_on.json": (200, {}, FATAL, 3),
    "error__maintenance_site.json": (200, {}, RETRY, 4),
    "error__max_input_vars_token_dropped.json": (200, {}, FATAL, 3),
    "error__missing_required_param.json": (200, {}, REQUEST, 1),
    "error__missing_required_param_debug_on.json": (200, {}, REQUEST, 1),
    "error__no_token_param.json": (200, {}, FATAL, 3),
    "error__no_wsfunction.json": (200, {}, REQUEST, 1),
    "error__nonexistent_function.json": (200, {}, REQUEST, 1),
    "error__unexpected_extra_param.json": (200, {}, REQUEST, 1),
    "error__maintenance_cli.html": (503, MAINTENANCE_HEADERS, RETRY, 4),
    "error__rest_protocol_disabled.html": (403, {}, FATAL, 3),
    "error__webservices_disabled.html": (403, {}, FATAL, 3),
    "error__soap_protocol_disabled.html": (200, {}, MoodleErrorPageError, 4),
    "error__wrong_path_404.html": (404, {}, ENDPOINT_ERR, 4),
    "error__wrong_protocol_path_404.html": (404, {}, ENDPOINT_ERR, 4),
    "error__format_default_xml.xml": (200, {}, MoodleErrorPageError, 4),
    "error__format_default_xml_exception.xml": (200, {}, MoodleErrorPageError, 4),
    "core_completion_get_activities_completion_status__missing_report_progress_view.json": (
        200,
        {},
        FATAL,
        3,
    ),
    "core_completion_get_course_completion_status__completion_disabled.json": (200, {}, SKIP, 1),
    "core_completion_get_course_completion_status__course_view_prohibited.json": (
        200,
        {},
        SKIP,
        1,
    ),
    "core_completion_get_course_completion_status__deleted_user.json": (200, {}, SKIP, 1),
    "core_completion_get_course_completion_status__ended_enrolment_admin.json": (200, {}, SKIP, 1),
    "core_completion_get_course_completion_status__ended_enrolment_completed.json": (
        200,
        {},
        SKIP,
        1,
    ),
    "core_completion_get_course_completion_status__future_enrolment.json": (200, {}, SKIP, 1),
    "core_completion_get_course_completion_status__missing_report_completion_view.json": (
        200,
        {},
        SKIP,
        1,
    ),
    "core_completion_get_course_completion_status__no_criteria.json": (200, {}, SKIP, 1),
    "core_completion_get_course_completion_status__nonexistent_course.json": (200, {}, REQUEST, 1),
    "core_completion_get_course_completion_status__nonexistent_user.json": (200, {}, SKIP, 1),
    "core_completion_get_course_completion_status__not_enrolled.json": (200, {}, SKIP, 1),
    "core_completion_get_course_completion_status__suspended_enrolment.json": (200, {}, SKIP, 1),
    "core_course_get_categories__by_idnumber_with_sub.json": (200, {}, FATAL, 3),
    "core_course_get_courses__ids_course_view_prohibited.json": (200, {}, SKIP, 1),
    "core_course_get_courses_by_field__invalid_field.json": (200, {}, REQUEST, 1),
    "core_enrol_get_enrolled_users__capability_denied.json": (200, {}, FATAL, 3),
    "core_enrol_get_enrolled_users__course_not_found.json": (200, {}, REQUEST, 1),
    "core_enrol_get_enrolled_users__withcapability.json": (200, {}, FATAL, 3),
    "core_reportbuilder_retrieve_report__nonexistent_report.json": (200, {}, REQUEST, 1),
    "core_user_get_users_by_field__invalid_field.json": (200, {}, REQUEST, 1),
    "core_cohort_get_cohorts__no_cohort_view.json": (200, {}, FATAL, 3),
    "core_cohort_get_cohort_members__no_cohort_view.json": (200, {}, FATAL, 3),
    "core_cohort_get_cohort_members__unknown_id.json": (200, {}, REQUEST, 1),
    "core_cohort_get_cohort_members__known_and_unknown.json": (200, {}, REQUEST, 1),
    "core_cohort_get_cohort_members__no_ids.json": (200, {}, REQUEST, 1),
    "local_cpdsync_get_users_with_field__unknown_field.json": (200, {}, REQUEST, 1),
    "core_webservice_get_site_info__expired_token_debug_on.json": (200, {}, FATAL, 3),
    "core_webservice_get_site_info__expired_token_first_call.json": (200, {}, FATAL, 3),
    "core_webservice_get_site_info__expired_token_second_call.json": (200, {}, FATAL, 3),
    "core_webservice_get_site_info__iprestricted_token.json": (200, {}, FATAL, 3),
    "core_webservice_get_site_info__iprestricted_token_debug_on.json": (200, {}, FATAL, 3),
    "login_token__maintenance_cli.html": (503, MAINTENANCE_HEADERS, RETRY, 4),
    "login_token__maintenance_site.json": (200, {}, RETRY, 4),
    "login_token__suspended_user.json": (200, {}, FATAL, 3),
    "login_token__unknown_service.json": (200, {}, FATAL, 3),
    "login_token__user_not_authorised.json": (200, {}, FATAL, 3),
    "login_token__wrong_password.json": (200, {}, FATAL, 3),
}


def _is_error_fixture(name: str) -> bool:
    path = FIXTURES / "moodle" / name
    if path.suffix in (".html", ".xml"):
        return True
    if path.suffix != ".json":
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and "errorcode" in data


def test_every_error_fixture_has_an_expected_class() -> None:
    error_files = {p.name for p in (FIXTURES / "moodle").iterdir() if _is_error_fixture(p.name)}
    assert error_files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@responses.activate
def test_error_fixture_maps_to_its_class_and_exit_code(
    name: str, moodle_fixture: FixtureReader, caplog: pytest.LogCaptureFixture
) -> None:
    status, headers, expected, exit_code = EXPECTED[name]
    responses.add(
        responses.POST, ENDPOINT, body=moodle_fixture.bytes(name), status=status, headers=headers
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(MoodleError) as caught:
        client(retry=NO_RETRY).call("core_webservice_get_site_info")
    assert type(caught.value) is expected
    assert caught.value.exit_code == exit_code
    assert caught.value.wsfunction == "core_webservice_get_site_info"
    assert "core_webservice_get_site_info" in str(caught.value)
    assert TOKEN not in str(caught.value)
    assert TOKEN not in caplog.text


def test_maintenance_reply_carries_the_retry_after_it_asked_for(
    moodle_fixture: FixtureReader,
) -> None:
    with responses.RequestsMock() as mock:
        mock.add(
            responses.POST,
            ENDPOINT,
            body=moodle_fixture.bytes("error__maintenance_cli.html"),
            status=503,
            headers=MAINTENANCE_HEADERS,
        )
        with pytest.raises(MoodleRetriableError) as caught:
            client(retry=NO_RETRY).call("core_webservice_get_site_info")
    assert caught.value.retry_after_s == 300.0


def test_function_not_in_service_says_to_add_it_to_the_external_service(
    moodle_fixture: FixtureReader,
) -> None:
    body = json.loads(moodle_fixture.text("error__function_not_in_service.json"))
    error = error_for_code("core_course_get_contents", body["errorcode"], body["message"])
    assert "add core_course_get_contents to the cpdsync external service" in str(error)


def test_invalid_token_says_to_create_a_new_token() -> None:
    error = error_for_code("core_webservice_get_site_info", "invalidtoken", "Invalid token")
    assert "create a new token for the cpdsync user" in str(error)


def test_token_echoed_in_a_message_is_scrubbed() -> None:
    body = {
        "exception": "moodle_exception",
        "errorcode": "invalidtoken",
        "message": f"Invalid token {TOKEN} and another {'a' * 32}",
    }
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, ENDPOINT, json=body)
        with pytest.raises(MoodleFatalError) as caught:
            client(retry=NO_RETRY).call("core_webservice_get_site_info")
    assert TOKEN not in str(caught.value)
    assert "a" * 32 not in str(caught.value)


def test_scrub_removes_a_token_that_is_not_hex() -> None:
    assert "s3cret-token" not in scrub("bad s3cret-token here", "s3cret-token")


def test_moodle_exception_with_a_non_200_status_is_still_classified_by_errorcode() -> None:
    with responses.RequestsMock() as mock:
        mock.add(
            responses.POST,
            ENDPOINT,
            status=500,
            json={"exception": "x", "errorcode": "nocriteriaset", "message": "No criteria"},
        )
        with pytest.raises(MoodleSkippableError):
            client(retry=NO_RETRY).call("core_completion_get_course_completion_status")


@pytest.mark.parametrize(
    ("status", "body", "headers", "expected"),
    [
        (200, b'{"sitename": "Lab', {}, MoodleRetriableError),
        (200, b"<html>Upgrade pending</html>", {}, MoodleErrorPageError),
        (502, b"<html>Bad gateway</html>", {}, MoodleRetriableError),
        (429, b"", {"Retry-After": "7"}, MoodleRetriableError),
        (302, b"", {"Location": "https://elsewhere.example/"}, MoodleEndpointError),
        (401, b"<html>Sign in</html>", {}, MoodleFatalError),
        (413, b"", {}, MoodleRequestError),
        (418, b"teapot", {}, MoodleEndpointError),
    ],
)
def test_transport_level_replies_map_to_what_the_caller_should_do(
    status: int, body: bytes, headers: dict[str, str], expected: type[MoodleError]
) -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, ENDPOINT, status=status, body=body, headers=headers)
        with pytest.raises(MoodleError) as caught:
            client(retry=NO_RETRY).call("core_webservice_get_site_info")
    assert type(caught.value) is expected
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "failure",
    [
        requests.exceptions.ConnectionError("refused"),
        requests.exceptions.ConnectTimeout("connect timed out"),
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.SSLError("bad certificate"),
        requests.exceptions.ChunkedEncodingError("cut"),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_requests_exceptions_never_escape_the_connector(failure: Exception) -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, ENDPOINT, body=failure)
        with pytest.raises(MoodleRetriableError) as caught:
            client(retry=NO_RETRY).call("core_webservice_get_site_info")
    assert caught.value.exit_code == 4
    assert URL in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_an_invalid_url_is_an_endpoint_error() -> None:
    with pytest.raises(MoodleEndpointError):
        classify_reply(
            "core_webservice_get_site_info",
            url="nonsense",
            failure=requests.exceptions.InvalidURL("bad"),
        )


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 22, 6, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Sun, 22 Nov 2026 06:01:00 GMT", now=now) == 60.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
