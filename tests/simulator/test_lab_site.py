"""The simulator holding a real Moodle's export answers as that Moodle did (fixtures/moodle/lab).

The export loads unchanged (the admin, the integration user, teachers, partly met criteria, an
enrolment ending before it starts, the site's short name), and each captured reply is replayed
against it at the capture's time: same shape, and the same facts (what cpdsync reads: ids, the
hidden course left out or refused, who is tracked, which criteria are met and when).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from cpdsync.simulator import Simulator, load_dataset, serve_in_thread
from cpdsync.simulator.site_state import DEFAULT_CAPABILITIES, VIEW_HIDDEN
from tests.simulator.test_conformance import ENTRY, Capture, mismatches, shape_of

LAB = Path(__file__).parents[1] / "fixtures" / "moodle" / "lab"
CAPTURED_AT = int(
    re.search(r"at Unix time \*\*(\d+)\*\*", (LAB / "README.md").read_text("utf-8"))[1]  # type: ignore[index]
)
WITHOUT_VIEW_HIDDEN = "_without_viewhiddencourses"


def _captures() -> list[Capture]:
    found = []
    for m in ENTRY.finditer((LAB / "README.md").read_text(encoding="utf-8")):
        pairs = tuple(tuple(part.split("=", 1)) for part in m["query"].split("&"))
        found.append(Capture(m["name"], m["method"], m["path"], pairs))  # type: ignore[arg-type]
    return found


CAPTURES = _captures()


def _courses(reply: Any) -> Any:
    return [
        (c["id"], c["shortname"], c["fullname"], c["categoryid"], c["visible"])
        for c in reply["courses"]
    ]


def _users_courses(reply: Any) -> Any:
    keys = ("id", "idnumber", "visible", "completed", "completionusertracked", "progress")
    return [tuple(c[k] for k in keys) for c in reply]


def _status(reply: Any) -> Any:
    status = reply["completionstatus"]
    return status["completed"], [
        (c["type"], c["complete"], c["timecompleted"]) for c in status["completions"]
    ]


FACTS = {
    "core_webservice_get_site_info": lambda r: (
        r["sitename"],
        r["userid"],
        r["username"],
        r["release"],
        sorted(f["name"] for f in r["functions"] if "activities" not in f["name"]),
    ),
    "core_course_get_courses_by_field": _courses,
    "core_course_get_categories": lambda r: [(c["id"], c["coursecount"]) for c in r],
    "core_enrol_get_enrolled_users": lambda r: [
        (u["id"], [role["shortname"] for role in u["roles"]]) for u in r
    ],
    "core_enrol_get_users_courses": _users_courses,
    "core_completion_get_course_completion_status": _status,
    "core_completion_get_activities_completion_status": lambda r: [
        (s["state"], s["timecompleted"], s["istrackeduser"]) for s in r["statuses"]
    ],
    "core_user_get_users_by_field": lambda r: [(u["id"], u["username"]) for u in r],
}


def test_the_export_of_a_real_site_loads_unchanged() -> None:
    dataset = load_dataset(LAB / "export.json")
    assert dataset.site.shortname == "lab"
    assert [u.username for u in dataset.users[:2]] == ["admin", "cpdsync"]
    roles = {(e.userid, e.courseid): e.roles for e in dataset.enrolments}
    assert roles[(60, 27)] == ["editingteacher"]
    assert {(e.userid, e.criteria_done) for e in dataset.enrolments if e.criteria_done} == {
        (6, 1),
        (7, 1),
    }
    ended_early = [e for e in dataset.enrolments if e.timeend and e.timeend < e.timestart]
    assert [(e.userid, e.courseid) for e in ended_early] == [(10, 12)]
    assert (len(dataset.users), len(dataset.courses), len(dataset.completions)) == (43, 31, 363)


# Fields the simulator gives every user (from the first capture site) that the lab's users lack.
INVENTED = ("city", "country", "institution")


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    dataset = load_dataset(LAB / "export.json")
    info = json.loads((LAB / "core_webservice_get_site_info__lab.json").read_text("utf-8"))
    service = [f["name"] for f in info["functions"]] + [
        "core_completion_get_activities_completion_status"  # added for two captures
    ]
    with serve_in_thread(dataset, functions=service, clock=lambda: float(CAPTURED_AT)) as running:
        yield running


def _replay(sim: Simulator, capture: Capture) -> Any:
    caps = set(DEFAULT_CAPABILITIES) | {"moodle/site:viewfullnames"}  # as the lab role
    if capture.name.endswith(WITHOUT_VIEW_HIDDEN + ".json"):
        caps.discard(VIEW_HIDDEN)
    sim.state.capabilities = frozenset(caps)
    pairs = [(k, sim.token if k == "wstoken" else v) for k, v in capture.pairs]
    reply = requests.post(sim.url + capture.path, data=pairs, timeout=10)
    assert reply.status_code == 200
    return reply.json()


def test_every_lab_capture_is_replayed() -> None:
    files = {p.name for p in LAB.glob("*.json")} - {"export.json", "plugin_free_sync.json"}
    assert {c.name for c in CAPTURES} == files
    assert {c.wsfunction for c in CAPTURES} == set(FACTS)


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda c: c.name)
def test_the_simulator_answers_as_the_real_site_did(sim: Simulator, capture: Capture) -> None:
    theirs = json.loads((LAB / capture.name).read_text(encoding="utf-8"))
    ours = _replay(sim, capture)
    if isinstance(theirs, dict) and "errorcode" in theirs:
        assert ours == theirs
        return
    problems = [
        p
        for p in mismatches(ours, shape_of(theirs), "reply", frozenset({"contacts"}))
        if not p.endswith(tuple(f".{key}: Moodle has no such key" for key in INVENTED))
    ]
    assert not problems, "\n".join(problems)
    facts = FACTS[capture.wsfunction]
    assert facts(ours) == facts(theirs)
