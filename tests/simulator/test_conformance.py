"""The simulator answers each captured request with the keys, nesting and JSON types that real
Moodle 4.5 answered (tests/fixtures/moodle). Every captured request is either replayed here or
listed in NOT_REPLAYED with the reason, so a new capture cannot be silently ignored."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from cpdsync.simulator import Simulator, serve_in_thread
from cpdsync.simulator.dispatch import default_service
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES
from tests.simulator.capture_site import NOW, capture_site

FIXTURES = Path(__file__).parents[1] / "fixtures" / "moodle"
ENTRY = re.compile(
    r"^### `(?P<name>[^`]+)`\n"
    r"- Request: `(?P<method>GET|POST) (?P<path>\S+)` with `(?P<query>[^`]*)`",
    re.M,
)


@dataclass(frozen=True)
class Setup:
    """How the simulator must be set up to stand in for the captured site for one request."""

    token: str | None = None  # None: the simulator's own token
    grant: frozenset[str] = frozenset()
    revoke: frozenset[str] = frozenset()
    refuse_messages: bool = True  # the integration user's messages were refused
    maintenance: bool = False
    empty_ok: frozenset[str] = field(default_factory=lambda: frozenset({"contacts"}))


SETUPS: dict[str, Setup] = {
    "error__invalid_token.json": Setup(token="0123456789abcdef0123456789abcdef"),
    "error__invalid_token_debug_on.json": Setup(token="0123456789abcdef0123456789abcdef"),
    "error__empty_token.json": Setup(token=""),
    "error__maintenance_site.json": Setup(maintenance=True),
    "core_course_get_courses__ids_with_course_update.json": Setup(
        grant=frozenset({"moodle/course:update"})
    ),
    "core_course_get_courses__ids_admin.json": Setup(grant=frozenset({"moodle/course:update"})),
    "core_course_get_courses_by_field__idnumber_with_course_update.json": Setup(
        grant=frozenset({"moodle/course:update"})
    ),
    "core_enrol_get_enrolled_users__with_viewfullnames.json": Setup(
        grant=frozenset({"moodle/site:viewfullnames"})
    ),
    "core_user_get_users__by_auth_and_lastname_with_viewfullnames.json": Setup(
        grant=frozenset({"moodle/site:viewfullnames"})
    ),
    "core_enrol_get_enrolled_users__without_viewalldetails.json": Setup(
        revoke=frozenset({"moodle/user:viewalldetails"})
    ),
    "core_user_get_users_by_field__without_viewalldetails.json": Setup(
        revoke=frozenset({"moodle/user:viewalldetails"})
    ),
    "core_completion_get_course_completion_status__missing_report_completion_view.json": Setup(
        revoke=frozenset({"report/completion:view"})
    ),
    "core_completion_get_activities_completion_status__missing_report_progress_view.json": Setup(
        revoke=frozenset({"report/progress:view"})
    ),
    "core_message_send_instant_messages__to_worker_admin.json": Setup(refuse_messages=False),
    **{
        name: Setup(revoke=frozenset({"moodle/cohort:view"}))
        for name in (
            "core_cohort_get_cohorts__no_cohort_view.json",
            "core_cohort_get_cohort_members__no_cohort_view.json",
            "tool_mobile_call_external_functions__cohort_members_no_cohort_view.json",
        )
    },
}

# Captured requests not replayed, and why. Everything else in the README index is replayed.
NOT_REPLAYED: dict[str, str] = {
    "core_webservice_get_site_info__admin.json": "admin token (site admin)",
    "core_webservice_get_site_info__expired_token_debug_on.json": "token expiry not simulated",
    "core_webservice_get_site_info__expired_token_first_call.json": "token expiry not simulated",
    "core_webservice_get_site_info__expired_token_second_call.json": "token expiry not simulated",
    "core_webservice_get_site_info__iprestricted_token.json": "IP restriction not simulated",
    "core_webservice_get_site_info__iprestricted_token_debug_on.json": "IP restriction",
    "core_course_get_courses__ids_course_view_prohibited.json": "per-course prohibits",
    "core_course_get_courses_by_field__idnumber_admin.json": "admin token (site admin)",
    "core_course_get_categories__by_idnumber_admin.json": "admin token (category:manage)",
    "core_enrol_get_enrolled_users__capability_denied.json": "per-course prohibits",
    "core_enrol_get_users_courses__worker_course_view_prohibited.json": "per-course prohibits",
    "core_completion_get_course_completion_status__course_view_prohibited.json": "prohibits",
    "core_completion_get_course_completion_status__deleted_user.json": "no deleted users",
    "error__function_not_in_service_debug_on.json": "site debugging not simulated",
    "error__invalid_param_value_debug_on.json": "site debugging not simulated",
    "error__missing_required_param_debug_on.json": "site debugging not simulated",
    "error__max_input_vars_exceeded.json": "PHP max_input_vars not simulated",
    "error__max_input_vars_token_dropped.json": "PHP max_input_vars not simulated",
    "core_user_get_users_by_field__4990_values.json": "request elided in the index",
    "tool_mobile_call_external_functions__batch_120.json": "request elided in the index",
    "core_user_get_users_by_field__new_starters.json": "its site's users have no city, country "
    "or institution, which Moodle then leaves out; the simulator's users always have them",
}
NOT_SERVED_PREFIXES = (
    "core_competency_",
    "tool_lp_",
    "core_course_search_courses",
    "core_course_get_course_module",
    "core_reportbuilder_",
    "login_token__",
)
# Every function the simulator must serve faithfully has at least one replayed capture.
MUST_COVER = {
    "core_webservice_get_site_info",
    "core_course_get_categories",
    "core_course_get_courses",
    "core_course_get_courses_by_field",
    "core_enrol_get_enrolled_users",
    "core_user_get_users_by_field",
    "core_user_get_users",
    "core_enrol_get_users_courses",
    "core_completion_get_course_completion_status",
    "core_completion_get_activities_completion_status",
    "tool_mobile_call_external_functions",
    "core_message_send_instant_messages",
    "core_cohort_get_cohorts",
    "core_cohort_get_cohort_members",
    "local_cpdsync_get_users",
    "local_cpdsync_get_users_with_field",
}
# The plugin functions the replayed site serves besides the core ones.
PLUGIN_SERVED = ("local_cpdsync_get_users", "local_cpdsync_get_users_with_field")


@dataclass(frozen=True)
class Capture:
    name: str
    method: str
    path: str
    pairs: tuple[tuple[str, str], ...]

    @property
    def wsfunction(self) -> str:
        return dict(self.pairs).get("wsfunction", "")


def _captures() -> list[Capture]:
    text = (FIXTURES / "README.md").read_text(encoding="utf-8")
    found = []
    for m in ENTRY.finditer(text):
        pairs = tuple(
            tuple(part.split("=", 1)) if "=" in part else (part, "")
            for part in m["query"].split("&")
        )
        found.append(Capture(m["name"], m["method"], m["path"], pairs))  # type: ignore[arg-type]
    return found


CAPTURES = _captures()


def _replayable(capture: Capture) -> bool:
    return (
        capture.path == "/webservice/rest/server.php"
        and capture.name.endswith(".json")
        and capture.name not in NOT_REPLAYED
        and not capture.name.startswith(NOT_SERVED_PREFIXES)
        and "..." not in " ".join(v for _, v in capture.pairs)
    )


REPLAYED = [c for c in CAPTURES if _replayable(c)]


# -- shapes --------------------------------------------------------------------------------


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "object"


@dataclass
class Shape:
    """The merged shape of every value seen at one place in a reply."""

    types: set[str] = field(default_factory=set)
    required: set[str] | None = None  # object keys present every time
    keys: dict[str, Shape] = field(default_factory=dict)
    items: Shape | None = None
    saw_empty_list: bool = False

    def add(self, value: Any) -> None:
        self.types.add(_type(value))
        if isinstance(value, dict):
            self.required = set(value) if self.required is None else self.required & set(value)
            for key, sub in value.items():
                self.keys.setdefault(key, Shape()).add(sub)
        elif isinstance(value, list):
            self.saw_empty_list = self.saw_empty_list or not value
            for item in value:
                if self.items is None:
                    self.items = Shape()
                self.items.add(item)


def shape_of(value: Any) -> Shape:
    shape = Shape()
    shape.add(value)
    return shape


def mismatches(ours: Any, theirs: Shape, where: str, empty_ok: frozenset[str]) -> Iterator[str]:
    """Yield each place where ``ours`` differs from Moodle's shape."""
    kind = _type(ours)
    if kind not in theirs.types:
        yield f"{where}: {kind}, Moodle gave {'/'.join(sorted(theirs.types))}"
        return
    if isinstance(ours, dict):
        required, allowed = theirs.required or set(), set(theirs.keys)
        for key in sorted(required - set(ours)):
            yield f"{where}.{key}: missing"
        for key in sorted(set(ours) - allowed):
            yield f"{where}.{key}: Moodle has no such key"
        for key, value in ours.items():
            if key in theirs.keys:
                yield from mismatches(value, theirs.keys[key], f"{where}.{key}", empty_ok)
    elif isinstance(ours, list):
        name = where.rsplit(".", 1)[-1].split("[")[0]
        if theirs.items is None:
            if ours and name not in empty_ok:
                yield f"{where}: Moodle gave an empty list, the simulator {len(ours)} items"
            return
        if not ours and not theirs.saw_empty_list and name not in empty_ok:
            yield f"{where}: empty, so its items cannot be compared with Moodle's"
        for i, item in enumerate(ours):
            yield from mismatches(item, theirs.items, f"{where}[{i}]", empty_ok)


# -- replay --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with serve_in_thread(
        capture_site(), clock=lambda: float(NOW), functions=default_service() + PLUGIN_SERVED
    ) as running:
        yield running


def _replay(sim: Simulator, capture: Capture) -> requests.Response:
    setup = SETUPS.get(capture.name, Setup())
    sim.state.capabilities = (DEFAULT_CAPABILITIES | setup.grant) - setup.revoke
    sim.state.refuse_messages = setup.refuse_messages
    sim.set_maintenance(setup.maintenance)
    pairs = []
    for key, value in capture.pairs:
        if key == "wstoken":
            value = sim.token if setup.token is None else setup.token
        pairs.append((key, value))
    url = sim.url + capture.path
    if capture.method == "GET":
        return requests.get(url, params=pairs, timeout=10)
    return requests.post(url, data=pairs, timeout=10)


@pytest.mark.parametrize("capture", REPLAYED, ids=lambda c: c.name)
def test_simulator_reply_has_the_shape_moodle_gave(sim: Simulator, capture: Capture) -> None:
    theirs = json.loads((FIXTURES / capture.name).read_text(encoding="utf-8"))
    reply = _replay(sim, capture)
    assert reply.status_code == 200
    assert reply.headers["Content-type"] == "application/json"
    ours = reply.json()
    setup = SETUPS.get(capture.name, Setup())
    problems = list(mismatches(ours, shape_of(theirs), "reply", setup.empty_ok))
    if isinstance(theirs, dict) and "errorcode" in theirs:
        assert ours == theirs, "error bodies must match Moodle's word for word"
    if capture.wsfunction == "tool_mobile_call_external_functions":
        # The sub-call replies are JSON inside strings: compare those shapes too.
        for i, (mine, real) in enumerate(zip(ours["responses"], theirs["responses"], strict=True)):
            key = "data" if "data" in real else "exception"
            problems += mismatches(
                json.loads(mine[key]),
                shape_of(json.loads(real[key])),
                f"[{i}].{key}",
                setup.empty_ok,
            )
    assert not problems, "\n".join(problems)


def test_every_captured_request_is_replayed_or_explained() -> None:
    unexplained = [
        c.name
        for c in CAPTURES
        if c not in REPLAYED
        and c.name not in NOT_REPLAYED
        and not c.name.startswith(NOT_SERVED_PREFIXES)
        and c.name.endswith(".json")
        and c.path == "/webservice/rest/server.php"
    ]
    assert not unexplained
    assert len(REPLAYED) > 100


def test_replayed_captures_cover_every_function_the_simulator_must_serve() -> None:
    assert {c.wsfunction for c in REPLAYED} >= MUST_COVER


def test_reply_without_json_format_is_moodle_xml(sim: Simulator) -> None:
    sim.state.capabilities = DEFAULT_CAPABILITIES
    sim.set_maintenance(False)
    error = requests.post(
        sim.url + "/webservice/rest/server.php",
        data={
            "wstoken": sim.token,
            "wsfunction": "core_completion_get_course_completion_status",
            "courseid": "2",
        },
        timeout=10,
    )
    assert error.headers["Content-type"] == "application/xml; charset=utf-8"
    assert error.content == (FIXTURES / "error__format_default_xml_exception.xml").read_bytes()
    info = requests.post(
        sim.url + "/webservice/rest/server.php",
        data={"wstoken": sim.token, "wsfunction": "core_webservice_get_site_info"},
        timeout=10,
    )
    # Both documents are our own: a captured fixture and the simulator's loopback reply.
    real = ET.fromstring((FIXTURES / "error__format_default_xml.xml").read_bytes())  # noqa: S314
    mine = ET.fromstring(info.content)  # noqa: S314

    def keys(root: ET.Element) -> list[str]:
        return [k.attrib["name"] for k in root.findall("./SINGLE/KEY")]

    # The XML also lists optional keys whose value is null; JSON leaves them out.
    assert keys(mine) == [
        k for k in keys(real) if k not in ("userhomepageurl", "usersessionscount")
    ]
