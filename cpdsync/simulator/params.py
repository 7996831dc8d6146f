"""Moodle's parameter handling: PHP's bracket form decoding and Moodle's strict validation.

PHP turns ``criteria[0][key]=x&options[ids][0]=2`` into nested arrays before Moodle sees them;
Moodle then checks the arrays against each function's declared parameters and refuses a
missing, extra or badly typed value with ``invalidparameter``. Both steps are reproduced here so
that a client which encodes parameters wrongly fails against the simulator as it would against
a real site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

PhpArray = dict[str, Any]
ScalarType = Literal["int", "bool", "float", "raw", "alpha", "alphanumext"]

_KEY = re.compile(r"\[([^\]]*)\]")
_CLEAN = {
    "alpha": re.compile(r"[A-Za-z]*"),
    "alphanumext": re.compile(r"[A-Za-z0-9_-]*"),
}


class InvalidParameter(Exception):
    """A parameter does not match the function's declaration (Moodle's ``invalidparameter``)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# ---------------------------------------------------------------------------------------------
# Decoding


def decode_php_form(pairs: Iterable[tuple[str, str]]) -> PhpArray:
    """Return the nested structure PHP builds from form ``pairs``, lists where keys are 0..n-1.

    As in PHP: the name's first ``[`` starts the brackets, ``[]`` appends, a later assignment
    to the same key wins, and a scalar is replaced by an array when brackets follow.
    """
    root: PhpArray = {}
    for raw_key, value in pairs:
        head, bracket, rest = raw_key.partition("[")
        if not head:
            continue  # PHP drops variables whose name starts with a bracket
        keys = [head]
        if bracket:
            keys += _KEY.findall("[" + rest)
        _assign(root, keys, value)
    # The top level is always named parameters, even if they happen to be 0, 1, …
    return {key: _listify(value) for key, value in root.items()}


def _assign(target: PhpArray, keys: list[str], value: str) -> None:
    for i, key in enumerate(keys):
        if key == "":
            ints = [int(k) for k in target if k.lstrip("-").isdigit()]
            key = str(max(ints) + 1 if ints else 0)
        if i == len(keys) - 1:
            target[key] = value
            return
        child = target.get(key)
        if not isinstance(child, dict):
            child = {}
            target[key] = child
        target = child


def _listify(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    items = {k: _listify(v) for k, v in value.items()}
    if items and list(items) == [str(i) for i in range(len(items))]:
        return list(items.values())
    return items


# ---------------------------------------------------------------------------------------------
# Declarations and validation


@dataclass(frozen=True)
class Value:
    """One scalar parameter (external_value). ``default`` is used when it is not required."""

    type: ScalarType
    required: bool = True
    default: Any = None


@dataclass(frozen=True)
class Single:
    """A structure with named keys (external_single_structure)."""

    keys: Mapping[str, Value | Single | Multiple] = field(default_factory=dict)
    required: bool = True
    default: Any = None


@dataclass(frozen=True)
class Multiple:
    """A list of one kind of item (external_multiple_structure); PHP keys are ignored."""

    item: Value | Single | Multiple
    required: bool = True
    default: Any = None


Spec = Value | Single | Multiple

OPTIONAL = object()  # default meaning "leave the key out" (Moodle's VALUE_OPTIONAL)


def validate(params: Any, spec: Single, where: str = "") -> dict[str, Any]:
    """Return ``params`` cleaned and with defaults filled in; raise InvalidParameter if it does
    not match ``spec`` exactly (missing, extra or badly typed keys)."""
    result = _check(params, spec, where)
    assert isinstance(result, dict)  # noqa: S101 - a Single always yields a dict
    return result


def _check(value: Any, spec: Spec, where: str) -> Any:
    if isinstance(spec, Value):
        return _scalar(value, spec.type, where)
    if isinstance(spec, Multiple):
        if isinstance(value, dict):
            value = list(value.values())
        if not isinstance(value, list):
            raise InvalidParameter(f"{where or 'parameters'}: only arrays accepted")
        return [_check(item, spec.item, f"{where}[{i}]") for i, item in enumerate(value)]
    if value == [] or value == "":
        value = {}
    if not isinstance(value, dict):
        raise InvalidParameter(f"{where or 'parameters'}: only arrays accepted")
    extra = [k for k in value if k not in spec.keys]
    if extra:
        raise InvalidParameter(f"Unexpected keys ({', '.join(extra)}) detected in parameter array")
    out: dict[str, Any] = {}
    for key, sub in spec.keys.items():
        path = f"{where}[{key}]" if where else key
        if key in value:
            out[key] = _check(value[key], sub, path)
        elif sub.required:
            raise InvalidParameter(f"Missing required key in single structure: {key}")
        elif sub.default is not OPTIONAL:
            out[key] = sub.default
    return out


def _scalar(value: Any, kind: ScalarType, where: str) -> Any:
    if isinstance(value, dict | list):
        raise InvalidParameter(f"{where}: a scalar was expected, an array was given")
    if value is None:
        raise InvalidParameter(f"{where}: null is not allowed")
    text = _php_string(value)
    if kind == "int":
        if re.fullmatch(r"-?\d+", text) and str(int(text)) == text:
            return int(text)
    elif kind == "bool":
        if text in ("0", "1", ""):
            return text == "1"
    elif kind == "float":
        try:
            return float(text)
        except ValueError:
            pass
    elif kind == "raw" or _CLEAN[kind].fullmatch(text):
        return text
    raise InvalidParameter(
        f'{where} => Invalid external api parameter: the value is "{text}", '
        f'the server was expecting "{kind}" type'
    )


def _php_string(value: Any) -> str:
    # Arguments inside tool_mobile_call_external_functions arrive as JSON values; PHP compares
    # their string forms, so 2, "2" and true ("1") are all acceptable ints.
    if value is True:
        return "1"
    if value is False:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
