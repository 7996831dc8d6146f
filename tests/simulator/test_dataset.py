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
    assert dataset.courses[0].criteria == ["self"]
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


def test_reserved_ids_and_bad_json_are_refused(tmp_path: Path) -> None:
    data = capture_site_dict()
    data["users"][0]["id"] = 2
    with pytest.raises(InputFileError, match=r"users\[0\]\.id: 2 is reserved"):
        load_dataset(_write(tmp_path, data))
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "users": [,]\n}', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad.json:2: not valid JSON"):
        load_dataset(bad)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="cannot read the dataset"):
        load_dataset(tmp_path / "nope.json")
