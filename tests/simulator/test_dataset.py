"""Loading a dataset: every problem is reported with the file and the JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpdsync.errors import InputFileError
from cpdsync.simulator import load_dataset
from tests.simulator.capture_site import capture_site_dict


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "council.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_sound_dataset_loads_with_defaults_applied(tmp_path: Path) -> None:
    dataset = load_dataset(_write(tmp_path, capture_site_dict()))
    assert dataset.courses[1].criteria == ["self"]
    assert dataset.enrolments[0].status == "active"


def test_every_problem_is_reported_with_file_and_path(tmp_path: Path) -> None:
    data = capture_site_dict()
    data["users"][0]["colour"] = "blue"
    data["users"][2]["id"] = data["users"][1]["id"]
    data["enrolments"].append({"userid": 999, "courseid": 2})
    data["completions"].append({"userid": 3, "courseid": 777, "timecompleted": 1})
    path = _write(tmp_path, data)
    with pytest.raises(InputFileError) as caught:
        load_dataset(path)
    assert f"{path}: users[0].colour: Extra inputs are not permitted" in str(caught.value)
    messages = [p.message for p in caught.value.problems]
    n = len(data["enrolments"]) - 1
    assert "users[2].id: duplicate id 4 (first at users[1])" in messages
    assert f"enrolments[{n}].userid: no user with id 999" in messages
    m = len(data["completions"]) - 1
    assert f"completions[{m}].courseid: no course with id 777" in messages


def test_the_guest_user_is_reserved_and_bad_json_is_refused(tmp_path: Path) -> None:
    data = capture_site_dict()
    data["users"][0]["id"] = 1
    data["users"][1]["username"] = "guest"
    with pytest.raises(InputFileError) as caught:
        load_dataset(_write(tmp_path, data))
    messages = [p.message for p in caught.value.problems]
    assert "users[0].id: 1 is reserved for Moodle's own record; use another" in messages
    assert "users[1].username: guest is reserved for Moodle's own record; use another" in messages
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "users": [,]\n}', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad.json:2: not valid JSON"):
        load_dataset(bad)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="cannot read the dataset"):
        load_dataset(tmp_path / "nope.json")


def test_what_a_real_export_holds_loads_as_it_is(tmp_path: Path) -> None:
    data = capture_site_dict()
    data["site"]["shortname"] = "lab"
    data["users"].insert(0, {**data["users"][0], "id": 2, "username": "admin", "idnumber": ""})
    ended_before_start = {"userid": 4, "courseid": 7, "timestart": 2000, "timeend": 1000}
    teacher = {"userid": 43, "courseid": 6, "roles": ["editingteacher"]}
    partial = {"userid": 5, "courseid": 6, "criteria_done": 1}
    data["enrolments"] += [ended_before_start, teacher, partial]
    dataset = load_dataset(_write(tmp_path, data))
    assert dataset.site.shortname == "lab"
    assert dataset.users[0].username == "admin"
    assert not dataset.enrolments[-3].is_active(1500)
    assert dataset.enrolments[-2].roles == ["editingteacher"]
    assert dataset.enrolments[-1].criteria_done == 1


def test_more_criteria_met_than_the_course_has_is_refused(tmp_path: Path) -> None:
    data = capture_site_dict()
    data["enrolments"].append({"userid": 5, "courseid": 6, "criteria_done": 3})
    n = len(data["enrolments"]) - 1
    with pytest.raises(InputFileError) as caught:
        load_dataset(_write(tmp_path, data))
    assert [p.message for p in caught.value.problems] == [
        f"enrolments[{n}].criteria_done: 3, but course 6 has 2 completion criteria"
    ]
