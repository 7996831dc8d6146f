"""Moodle's form encoding: PHP bracket syntax for nested lists and structures.

``{"criteria": [{"key": "email"}]}`` becomes ``criteria[0][key]=email``; booleans are sent as
``1``/``0``. The token, function name and reply format always come first, because PHP's
``max_input_vars`` silently drops variables past its limit, and a dropped ``wstoken`` turns
into a misleading ``invalidtoken``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cpdsync.connector.limits import MAX_POST_VARS
from cpdsync.errors import MoodleRequestError


def flatten_params(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Return ``params`` as ordered (name, value) pairs in PHP bracket syntax.

    Raise MoodleRequestError when a value has a type Moodle cannot receive.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        _flatten_value(name, value, pairs)
    return pairs


def _flatten_value(name: str, value: Any, pairs: list[tuple[str, str]]) -> None:
    if isinstance(value, bool):
        pairs.append((name, "1" if value else "0"))
    elif isinstance(value, int | float | str):
        pairs.append((name, str(value)))
    elif isinstance(value, Mapping):
        pairs.extend(flatten_params(value, name))
    elif isinstance(value, Sequence):
        for index, item in enumerate(value):
            _flatten_value(f"{name}[{index}]", item, pairs)
    else:
        raise MoodleRequestError(
            f"parameter {name} has type {type(value).__name__}, which cannot be sent to Moodle; "
            "this is a cpdsync bug, please report it"
        )


def encode_request(
    token: str,
    wsfunction: str,
    params: Mapping[str, Any],
    *,
    max_vars: int = MAX_POST_VARS,
) -> list[tuple[str, str]]:
    """Return the POST body pairs: wstoken, wsfunction, moodlewsrestformat, then ``params``.

    Raise MoodleRequestError when the request would exceed ``max_vars`` variables, because PHP
    would drop the excess without an error.
    """
    pairs = [
        ("wstoken", token),
        ("wsfunction", wsfunction),
        ("moodlewsrestformat", "json"),
        *flatten_params(params),
    ]
    if len(pairs) > max_vars:
        raise MoodleRequestError(
            f"{wsfunction}: the request has {len(pairs)} form variables, more than the limit of "
            f"{max_vars}; PHP's max_input_vars would silently drop the rest. Send the values in "
            "smaller chunks (this is a cpdsync bug, please report it)",
            wsfunction=wsfunction,
        )
    return pairs
