"""PHP's bracket decoding and Moodle's strict parameter validation."""

from __future__ import annotations

import pytest

from cpdsync.simulator.params import (
    OPTIONAL,
    InvalidParameter,
    Multiple,
    Single,
    Value,
    decode_php_form,
    validate,
)


def test_brackets_decode_into_nested_lists_and_dicts_as_php_does() -> None:
    form = decode_php_form(
        [
            ("criteria[0][key]", "email"),
            ("criteria[0][value]", "a@b.c"),
            ("criteria[1][key]", "auth"),
            ("criteria[1][value]", "manual"),
            ("options[ids][0]", "2"),
            ("options[ids][1]", "6"),
            ("courseid", "5"),
        ]
    )
    assert form == {
        "criteria": [{"key": "email", "value": "a@b.c"}, {"key": "auth", "value": "manual"}],
        "options": {"ids": ["2", "6"]},
        "courseid": "5",
    }


def test_empty_brackets_append_and_later_values_win() -> None:
    form = decode_php_form([("v[]", "a"), ("v[]", "b"), ("x", "1"), ("x", "2")])
    assert form == {"v": ["a", "b"], "x": "2"}


def test_sparse_keys_stay_a_dict_and_top_level_names_stay_names() -> None:
    assert decode_php_form([("v[5]", "a"), ("v[7]", "b"), ("0", "z")]) == {
        "v": {"5": "a", "7": "b"},
        "0": "z",
    }


SPEC = Single(
    {
        "courseid": Value("int"),
        "flag": Value("bool", required=False, default=False),
        "values": Multiple(Value("raw"), required=False, default=[]),
        "note": Value("raw", required=False, default=OPTIONAL),
    }
)


def test_validation_casts_values_and_fills_defaults() -> None:
    assert validate({"courseid": "-5", "values": {"3": "x", "9": "y"}}, SPEC) == {
        "courseid": -5,
        "flag": False,
        "values": ["x", "y"],
    }


@pytest.mark.parametrize(
    "params",
    [
        {},  # missing required key
        {"courseid": "abc"},  # not an int
        {"courseid": "2.0"},
        {"courseid": "2", "foo": "bar"},  # an extra key
        {"courseid": "2", "values": "a@b.c"},  # a scalar where a list is expected
        {"courseid": ["2"]},  # a list where a scalar is expected
        {"courseid": "2", "flag": "yes"},
    ],
)
def test_parameters_that_moodle_refuses_are_refused(params: dict[str, object]) -> None:
    with pytest.raises(InvalidParameter):
        validate(params, SPEC)


def test_json_arguments_of_a_batched_call_accept_numbers_and_numeric_strings() -> None:
    assert validate({"courseid": 2}, SPEC)["courseid"] == 2
    assert validate({"courseid": "2"}, SPEC)["courseid"] == 2
