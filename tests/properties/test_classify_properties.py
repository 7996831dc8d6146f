"""Whatever Moodle (or what stands in front of it) answers, the classifier returns data or
raises a typed cpdsync error, and never repeats the token."""

from __future__ import annotations

import json
from typing import Any

import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from requests.structures import CaseInsensitiveDict

from cpdsync.connector.classify import classify_reply
from cpdsync.errors import CpdsyncError

TOKEN = "0123456789abcdef0123456789abcdef"
URL = "https://moodle.example.test"
EXAMPLES = settings(max_examples=200, deadline=None)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
# Text that may carry the token, as an echoing proxy or a debug message would.
texts = st.one_of(
    st.text(max_size=60), st.just(TOKEN), st.text(max_size=20).map(lambda t: t + TOKEN)
)
exception_bodies = st.fixed_dictionaries(
    {
        "exception": texts,
        "errorcode": st.one_of(
            texts,
            st.sampled_from(
                [
                    "invalidtoken",
                    "sitemaintenance",
                    "usernotenroled",
                    "nocriteriaset",
                    "invalidparameter",
                ]
            ),
        ),
        "message": texts,
    },
    optional={"debuginfo": texts},
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    exception_bodies.map(lambda v: json.dumps(v).encode()),
    texts.map(lambda t: f"<html><body>{t}</body></html>".encode()),
    json_values.map(lambda v: json.dumps(v).encode()[: max(1, len(json.dumps(v)) // 2)]),
)
headers = st.dictionaries(
    st.sampled_from(["Retry-After", "Location", "Content-Type"]), texts, max_size=3
)


def response(status: int, body: bytes, extra: dict[str, str]) -> requests.Response:
    reply = requests.Response()
    reply.status_code = status
    reply._content = body
    reply.headers = CaseInsensitiveDict(extra)
    reply.url = URL + "/webservice/rest/server.php"
    return reply


@EXAMPLES
@given(status=st.integers(min_value=100, max_value=599), body=bodies, extra=headers)
def test_any_reply_becomes_data_or_a_typed_error_without_the_token(
    status: int, body: bytes, extra: dict[str, str]
) -> None:
    try:
        data: Any = classify_reply(
            "core_webservice_get_site_info",
            url=URL,
            response=response(status, body, extra),
            token=TOKEN,
        )
    except CpdsyncError as exc:
        assert TOKEN not in str(exc)
        assert TOKEN not in repr(exc.args)
        assert exc.message.startswith("core_webservice_get_site_info")
    else:
        assert status == 200
        assert data == json.loads(body)


failures = st.sampled_from(
    [
        requests.exceptions.ConnectionError,
        requests.exceptions.ConnectTimeout,
        requests.exceptions.ReadTimeout,
        requests.exceptions.SSLError,
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
        requests.exceptions.InvalidURL,
        requests.exceptions.TooManyRedirects,
        requests.exceptions.RequestException,
    ]
)


@EXAMPLES
@given(kind=failures, detail=texts)
def test_any_transport_failure_becomes_a_typed_error_without_the_token(
    kind: type[requests.RequestException], detail: str
) -> None:
    try:
        classify_reply("core_enrol_get_users_courses", url=URL, failure=kind(detail), token=TOKEN)
    except CpdsyncError as exc:
        assert TOKEN not in str(exc)
        assert exc.exit_code in (1, 3, 4)
    else:
        raise AssertionError("a transport failure returned data")
