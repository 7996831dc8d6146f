"""The one place where a Moodle reply (or a failure to get one) becomes data or an error.

Moodle reports most failures inside a JSON body that arrives with HTTP 200, so the status code
alone says little. ``classify_reply`` looks at everything — transport error, status, headers,
body — and either returns the decoded JSON or raises one of the ``cpdsync.errors.Moodle*``
classes, chosen by what the caller should do. Errors are told apart by Moodle's ``errorcode``,
never by message text (messages are localised and vary with debugging). Every message names
the web-service function, says what to do, and has the token scrubbed out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from cpdsync.errors import (
    CpdsyncError,
    MoodleError,
    MoodleFatalError,
    MoodleRequestError,
    MoodleRetriableError,
    MoodleSkippableError,
)

# A Moodle token is 32 lowercase hex digits; anything that looks like one is scrubbed too
# (private access keys, tokens of other users echoed back by a proxy).
_TOKEN_LIKE = re.compile(r"\b[0-9a-fA-F]{32}\b")
SCRUBBED = "[token removed]"


class MoodleEndpointError(MoodleRetriableError):
    """The address answers but is not a working Moodle web-service endpoint (404, a web page).

    Exit code 4 like every "cannot reach Moodle" error, but never retried: waiting does not
    fix a wrong URL or a login proxy.
    """


class MoodleErrorPageError(MoodleEndpointError):
    """HTTP 200 with a web page instead of JSON. Usually a setting (wrong address, login
    proxy, pending upgrade) but also what a web server or PHP shows for a passing fault, so it
    is retried like an outage; when it persists the run ends with the same advice, the retry
    budget (limits.RETRY_TOTAL_S) later."""


def scrub(text: str, token: str | None) -> str:
    """Return ``text`` with the token and every token-like 32-hex value replaced."""
    if token:
        text = text.replace(token, SCRUBBED)
    return _TOKEN_LIKE.sub(SCRUBBED, text)


# errorcode -> (class, what to tell the admin). ``{f}`` is the web-service function.
_SERVICE = "the cpdsync external service (Site administration > Server > Web services)"
_CODES: dict[str, tuple[type[MoodleError], str]] = {
    # Refused credentials, function or capability: exit 3, nothing to retry.
    "invalidtoken": (
        MoodleFatalError,
        "the token is invalid or expired: create a new token for the cpdsync user "
        "(Site administration > Server > Web services > Manage tokens) and update the token file",
    ),
    "accessexception": (
        MoodleFatalError,
        f"access denied: add {{f}} to {_SERVICE}; if it is listed there, the token has "
        "expired or is restricted to other IP addresses: create a new token",
    ),
    "nopermissions": (
        MoodleFatalError,
        "the cpdsync user lacks a capability for {f}: give its role the capability named in "
        "Moodle's message (see docs/moodle.md for the full list)",
    ),
    "criteriaerror": (
        MoodleFatalError,
        "the cpdsync user may not search on that criterion for {f}: give its role the "
        "capability the search needs, or search another way",
    ),
    "servicenotavailable": (
        MoodleFatalError,
        "the external service is missing or disabled: enable it in " + _SERVICE,
    ),
    "usernotallowed": (
        MoodleFatalError,
        "the cpdsync user is not an authorised user of the external service: add it there",
    ),
    "invalidlogin": (
        MoodleFatalError,
        "the user name or password is wrong, or the user is suspended",
    ),
    "sitepolicynotagreed": (
        MoodleFatalError,
        "the cpdsync user has not accepted the site policy: log in once as that user, or exempt it",
    ),
    # Moodle rejected the request itself: exit 1.
    "invalidparameter": (
        MoodleRequestError,
        "Moodle rejected the parameters of {f}; this Moodle version may expect others "
        "(turn on debugging to see which); please report it",
    ),
    "invalidrecord": (
        MoodleRequestError,
        "a record {f} needs does not exist; if the function itself is unknown, this Moodle "
        "lacks {f} (check the Moodle version, or install the plugin that provides it)",
    ),
    "codingerror": (MoodleRequestError, "Moodle reported a coding error in {f}; please report it"),
    "invalidresponse": (
        MoodleRequestError,
        "Moodle could not build its reply to {f}; check the Moodle error log",
    ),
    # Unavailable for now: exit 4, retried.
    "sitemaintenance": (
        MoodleRetriableError,
        "the site is in maintenance mode; cpdsync will try again later",
    ),
    "unavailable": (MoodleRetriableError, "Moodle is unavailable; cpdsync will try again later"),
    "ex_unabletolock": (
        MoodleRetriableError,
        "Moodle could not take a lock (busy cron or cache); cpdsync will try again later",
    ),
    "dbconnectionfailed": (
        MoodleRetriableError,
        "Moodle cannot reach its database; cpdsync will try again later",
    ),
    "dmlreadexception": (MoodleRetriableError, "Moodle's database read failed; will try again"),
    "dmlwriteexception": (MoodleRetriableError, "Moodle's database write failed; will try again"),
    # One record cannot be read; the run records a warning and goes on.
    "nocriteriaset": (
        MoodleSkippableError,
        "the course has completion enabled but no criteria: set criteria in the course's "
        "Course completion settings",
    ),
    "usernotenroled": (
        MoodleSkippableError,
        "the worker's enrolment is not active (ended, suspended or not started), so Moodle "
        "withholds completion status",
    ),
    "userdeleted": (MoodleSkippableError, "the worker's account was deleted"),
    "invaliduser": (MoodleSkippableError, "the worker's account does not exist"),
    "cannotviewreport": (
        MoodleSkippableError,
        "completion is disabled in the course, or the cpdsync role lacks report/completion:view",
    ),
    "requireloginerror": (
        MoodleSkippableError,
        "the cpdsync user cannot enter the course (hidden, or a course-level override); "
        "give its role moodle/course:view and moodle/course:viewhiddencourses",
    ),
    "errorcoursecontextnotvalid": (
        MoodleSkippableError,
        "the cpdsync user cannot enter one of the courses; give its role moodle/course:view "
        "and moodle/course:viewhiddencourses, and check course-level overrides",
    ),
    "coursehidden": (MoodleSkippableError, "the course is hidden from the cpdsync user"),
}


def error_for_code(
    wsfunction: str,
    errorcode: str,
    message: str | None,
    *,
    token: str | None = None,
    http_status: int | None = None,
) -> MoodleError:
    """Return the error for a Moodle ``errorcode`` (unknown codes are request errors)."""
    cls, advice = _CODES.get(
        errorcode,
        (
            MoodleRequestError,
            "Moodle refused {f} with an error cpdsync does not know; see its message",
        ),
    )
    said = f' (Moodle said: "{message.strip()}")' if message and message.strip() else ""
    text = scrub(f"{wsfunction}: {errorcode}{said}: {advice.format(f=wsfunction)}", token)
    return cls(text, wsfunction=wsfunction, errorcode=errorcode, http_status=http_status)


def error_code_class(errorcode: str) -> type[MoodleError]:
    """Return the class an ``errorcode`` maps to (unknown codes: MoodleRequestError)."""
    return _CODES.get(errorcode, (MoodleRequestError, ""))[0]


def classify_reply(
    wsfunction: str,
    *,
    url: str,
    response: requests.Response | None = None,
    failure: requests.RequestException | None = None,
    token: str | None = None,
) -> Any:
    """Return the decoded JSON of a successful reply; raise the Moodle* error it stands for.

    Exactly one of ``response`` and ``failure`` is given.
    """
    if failure is not None or response is None:
        raise _transport_error(wsfunction, url, failure, token) from failure
    status = response.status_code
    body = response.content or b""
    data, decoded = _decode(body)
    # Moodle's exception shape {exception, errorcode, message} and login/token.php's
    # {error, errorcode, ...}, whatever the HTTP status.
    if (
        decoded
        and isinstance(data, Mapping)
        and isinstance(data.get("errorcode"), str)
        and ("exception" in data or "error" in data)
    ):
        message = data.get("message", data.get("error"))
        raise error_for_code(
            wsfunction,
            data["errorcode"],
            message if isinstance(message, str) else None,
            token=token,
            http_status=status,
        )
    if status == 200 and decoded:
        return data
    raise _http_error(wsfunction, url, response, body, decoded, token)


def _decode(body: bytes) -> tuple[Any, bool]:
    if not body.strip():
        return None, False
    try:
        return json.loads(body), True
    except (ValueError, UnicodeDecodeError):
        return None, False


def _looks_truncated_json(body: bytes) -> bool:
    head = body.lstrip()[:1]
    return head in (b"{", b"[")


_Make = Callable[..., MoodleError]


def _http_error(
    wsfunction: str,
    url: str,
    response: requests.Response,
    body: bytes,
    decoded: bool,
    token: str | None,
) -> MoodleError:
    status = response.status_code
    kind = "an empty reply" if not body.strip() else "a web page, not JSON"

    def make(cls: type[MoodleError], text: str, **extra: Any) -> MoodleError:
        return cls(
            scrub(f"{wsfunction}: {text}", token),
            wsfunction=wsfunction,
            http_status=status,
            **extra,
        )

    if status in (429, 503) or status >= 500:
        return _server_error(make, url, response)
    if status == 200:
        return _page_error(make, url, body, kind)
    return _refusal_error(make, url, response, body, kind)


def _server_error(make: _Make, url: str, response: requests.Response) -> MoodleError:
    """Moodle (or what is in front of it) is busy or broken: every branch is retriable."""
    status = response.status_code
    if status in (429, 503):
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        reason = "is in maintenance or overloaded" if status == 503 else "is rate-limiting cpdsync"
        return make(
            MoodleRetriableError,
            f"Moodle at {url} {reason} (HTTP {status}); cpdsync will try again later",
            retry_after_s=wait,
        )
    return make(
        MoodleRetriableError,
        f"Moodle at {url} failed with HTTP {status}; cpdsync will try again later, "
        "and if it persists check the web server and Moodle error logs",
    )


def _page_error(make: _Make, url: str, body: bytes, kind: str) -> MoodleError:
    """HTTP 200 without a JSON reply: cut short (retriable) or a page that is not Moodle's."""
    if body.strip() and _looks_truncated_json(body):
        return make(
            MoodleRetriableError,
            "Moodle's reply was cut short (incomplete JSON); cpdsync will try again",
        )
    return make(
        MoodleErrorPageError,
        f"Moodle at {url} answered with {kind}: an upgrade may be pending, a login proxy may "
        "sit in front of Moodle, or moodle.url is not the Moodle site's address",
    )


def _refusal_error(
    make: _Make, url: str, response: requests.Response, body: bytes, kind: str
) -> MoodleError:
    """A 3xx or 4xx: the address, a proxy or the web server's settings need fixing."""
    status = response.status_code
    if status == 403 and not body.strip():
        return make(
            MoodleFatalError,
            f"Moodle at {url} refused web-service calls (HTTP 403, empty reply): enable web "
            "services and the REST protocol (Site administration > Server > Web services > "
            "Overview)",
        )
    if status in (401, 403, 407):
        return make(
            MoodleFatalError,
            f"{url} refused the request with HTTP {status} and {kind}: a proxy or firewall in "
            "front of Moodle blocks it; allow POSTs to /webservice/rest/server.php",
        )
    if 300 <= status < 400:
        target = response.headers.get("Location", "another address")
        return make(
            MoodleEndpointError,
            f"{url} redirects (HTTP {status}) to {target}: set moodle.url to the address "
            "Moodle itself uses (its $CFG->wwwroot), so the POST body is not lost",
        )
    if status == 404:
        return make(
            MoodleEndpointError,
            f"{url}/webservice/rest/server.php was not found (HTTP 404): set moodle.url to "
            "the address of the Moodle site's front page",
        )
    if status == 413:
        return make(MoodleRequestError, "the request is too large for the web server (HTTP 413)")
    return make(
        MoodleEndpointError,
        f"{url} answered HTTP {status} with {kind}; check moodle.url and the web server",
    )


def _transport_error(
    wsfunction: str, url: str, failure: requests.RequestException | None, token: str | None
) -> CpdsyncError:
    if isinstance(failure, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return MoodleEndpointError(
            scrub(f"{wsfunction}: {url} is not a usable address; check moodle.url", token),
            wsfunction=wsfunction,
        )
    if isinstance(failure, requests.exceptions.SSLError):
        what = (
            "the TLS certificate could not be verified: install the CA certificate on this "
            "host or set REQUESTS_CA_BUNDLE"
        )
    elif isinstance(failure, requests.exceptions.ConnectTimeout):
        what = "the connection timed out: check moodle.url, DNS and firewalls"
    elif isinstance(failure, requests.exceptions.ReadTimeout):
        what = "Moodle did not answer in time (raise moodle.timeout_s if it is just slow)"
    elif isinstance(failure, requests.exceptions.ConnectionError):
        what = "cannot connect: check moodle.url, that Moodle is running, DNS and firewalls"
    else:
        what = f"the reply could not be read ({type(failure).__name__})"
    return MoodleRetriableError(
        scrub(f"{wsfunction}: Moodle at {url} is unreachable: {what}", token),
        wsfunction=wsfunction,
    )


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Return the wait a Retry-After header asks for, in seconds, or None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
