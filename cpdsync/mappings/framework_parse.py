"""Read one framework file, packaged or a council's, noting every problem as ``file:line``.

Both kinds are checked the same way: the keys a framework and its items may have, the dates it
is in force, how sure we are of each item's wording and where it was read. A problem never
stops the reading: each one is noted, and the framework is returned only when there were none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import yaml

from cpdsync.errors import Problem
from cpdsync.mappings.framework_types import (
    WORDINGS,
    Framework,
    FrameworkItem,
    FrameworkLevel,
    Wording,
)
from cpdsync.mappings.yamllines import LineDict, LineList, error_line, line_of, load_with_lines

FRAMEWORK_KEYS = (
    "id",
    "title",
    "publisher",
    "version",
    "licence",
    "licence_verified",
    "source",
    "in_force_from",
    "in_force_until",
    "superseded_by",
    "placeholder",
    "moodle_taxonomies",
    "notes",
    "items",
    "levels",
)
_REQUIRED = ("id", "title", "publisher", "version", "licence", "source", "items")
ITEM_KEYS = (
    "id",
    "title",
    "summary",
    "parent",
    "number",
    "wording",
    "source",
    "seen_at",
    "note",
    "placeholder",
)
LEVEL_KEYS = ("id", "order", "title", "stage", "wording", "note", "pathways")
# Ids go into mapping files, CSV cells and Moodle's idnumber: no spaces or separators.
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_URL_RE = re.compile(r"^https?://\S+$")


@dataclass
class _Node:
    """One mapping of the file and where its keys are, for messages."""

    data: LineDict
    path: str
    problems: list[Problem]

    def line(self, key: str | None = None) -> int:
        return line_of(self.data, key, self.data.line) or self.data.line

    def report(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(key), message))

    def check_keys(self, allowed: tuple[str, ...], what: str) -> None:
        for key in self.data:
            if key not in allowed:
                self.report(
                    str(key), f"unknown key {key!r} in {what}; allowed: {', '.join(allowed)}"
                )
        for key, line in self.data.duplicate_keys:
            self.problems.append(Problem(self.path, line, f"key {key!r} is given twice in {what}"))

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.report(None, f"{key}: is missing; every framework entry needs one")
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.report(key, f"{key}: must be text")
            return default
        return str(value).strip()

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if value is None or isinstance(value, bool):
            return bool(value)
        self.report(key, f"{key}: must be true or false, got {value!r}")
        return False

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.report(key, f"{key}: {value!r} is not a date; write it like 2027-03-31")
            return None

    def url(self, key: str, default: str | None = None) -> str | None:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not _URL_RE.match(value.strip()):
            self.report(key, f"{key}: {value!r} is not a web address (https://...)")
            return default
        return value.strip()


def parse_framework_text(text: str, path: str, problems: list[Problem]) -> Framework | None:
    """Return the framework in the YAML ``text`` of ``path``, or None after appending to
    ``problems`` every fault found, each with the line it is on."""
    before = len(problems)
    try:
        document = load_with_lines(text)
    except yaml.YAMLError as exc:
        problems.append(Problem(path, error_line(exc), "not valid YAML"))
        return None
    if not isinstance(document, LineDict):
        problems.append(Problem(path, 1, "a framework file is a mapping with id:, title:, items:"))
        return None
    framework = _framework(_Node(document, path, problems))
    problems[before:] = sorted(problems[before:], key=lambda p: p.line or 0)
    return framework if len(problems) == before else None


def _framework(node: _Node) -> Framework:
    node.check_keys(FRAMEWORK_KEYS, "a framework")
    for key in _REQUIRED:
        if key not in node.data:
            node.report(None, f"{key}: is missing; a framework needs {', '.join(_REQUIRED)}")
    framework_id = node.text("id", required=False)
    if framework_id and not _ID_RE.match(framework_id):
        node.report("id", f"id {framework_id!r} may hold only letters, digits, '.', '_' and '-'")
    source = node.url("source") or ""
    placeholder = node.flag("placeholder")
    items = _items(node, source, placeholder)
    start, until = node.day("in_force_from"), node.day("in_force_until")
    if start and until and until < start:
        node.report("in_force_until", "in_force_until is before in_force_from")
    successor = node.data.get("superseded_by")
    if successor is not None and (not isinstance(successor, str) or not successor.strip()):
        node.report("superseded_by", "superseded_by: must be a framework id")
        successor = None
    if successor and until is None:
        node.report(
            "superseded_by",
            "superseded_by needs in_force_until: the last day the framework is in force",
        )
    taxonomies = node.data.get("moodle_taxonomies") or ["competency"]
    if not isinstance(taxonomies, list) or not all(isinstance(t, str) for t in taxonomies):
        node.report("moodle_taxonomies", "moodle_taxonomies: must be a list of names")
        taxonomies = ["competency"]
    return Framework(
        id=framework_id,
        title=node.text("title", required=False),
        publisher=node.text("publisher", required=False),
        version=node.text("version", required=False),
        licence=node.text("licence", required=False),
        source=source,
        in_force_from=start,
        in_force_until=until,
        superseded_by=successor.strip() if isinstance(successor, str) else None,
        items=items,
        licence_verified=node.flag("licence_verified"),
        notes=node.text("notes", required=False),
        levels=_levels(node),
        moodle_taxonomies=tuple(taxonomies),
        placeholder=placeholder,
        origin=node.path,
        line=node.data.line,
    )


def _entries(node: _Node, key: str) -> list[_Node]:
    raw = node.data.get(key)
    if raw is None:
        return []
    if not isinstance(raw, LineList):
        node.report(key, f"{key}: must be a list of entries, each starting with -")
        return []
    found = []
    for index, entry in enumerate(raw):
        if isinstance(entry, LineDict):
            found.append(_Node(entry, node.path, node.problems))
        else:
            where = line_of(raw, index, node.line(key))
            node.problems.append(Problem(node.path, where, f"each entry of {key}: is a mapping"))
    return found


def _items(node: _Node, source: str, placeholder: bool) -> tuple[FrameworkItem, ...]:
    entries = _entries(node, "items")
    if placeholder and entries:
        node.report(
            "items",
            "a placeholder framework has no items (items: []); drop placeholder: true once "
            "its items are confirmed",
        )
    if not placeholder and not entries and isinstance(node.data.get("items"), list):
        node.report("items", "items: is empty; add the items, or mark it placeholder: true")
    items = [_item(entry, source) for entry in entries]
    seen: dict[str, int] = {}
    for entry, item in zip(entries, items, strict=True):
        if item.id in seen:
            entry.report("id", f"item id {item.id!r} is already used at line {seen[item.id]}")
        seen.setdefault(item.id, entry.line("id"))
    for entry, item in zip(entries, items, strict=True):
        if item.parent is not None and item.parent not in seen:
            entry.report("parent", f"parent {item.parent!r} is not an item of this framework")
    return tuple(items)


def _item(node: _Node, source: str) -> FrameworkItem:
    node.check_keys(ITEM_KEYS, "a framework item")
    item_id = node.text("id")
    if item_id and not _ID_RE.match(item_id):
        node.report("id", f"item id {item_id!r} may hold only letters, digits, '.', '_' and '-'")
    number = node.data.get("number")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
        node.report("number", f"number: must be a whole number or left out, got {number!r}")
        number = None
    parent = node.data.get("parent")
    return FrameworkItem(
        id=item_id,
        title=node.text("title"),
        summary=node.text("summary", required=False),
        wording=_wording(node),
        source=node.url("source", source) or source,
        parent=str(parent) if parent is not None else None,
        number=number,
        seen_at=node.url("seen_at"),
        note=node.text("note", required=False) or None,
        placeholder=node.flag("placeholder"),
    )


def _wording(node: _Node) -> Wording:
    value = node.data.get("wording")
    if value in WORDINGS:
        return cast("Wording", value)
    if value is None:
        node.report(None, f"wording: is missing; say {' | '.join(WORDINGS)}")
    else:
        node.report("wording", f"wording: {value!r} is not one of {', '.join(WORDINGS)}")
    return "unconfirmed"


def _levels(node: _Node) -> tuple[FrameworkLevel, ...]:
    return tuple(_level(entry) for entry in _entries(node, "levels"))


def _level(node: _Node) -> FrameworkLevel:
    node.check_keys(LEVEL_KEYS, "a framework level")
    order = node.data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        node.report("order", f"order: must be a whole number, got {order!r}")
        order = 0
    return FrameworkLevel(
        id=node.text("id"),
        order=order,
        title=node.text("title"),
        stage=node.text("stage", required=False),
        wording=_wording(node),
        note=node.text("note", required=False) or None,
        pathways=tuple(_level(entry) for entry in _entries(node, "pathways")),
    )


def id_lines(text: str) -> Mapping[str, int]:
    """Return the line of each item id in a framework file's ``text`` (for clash messages)."""
    try:
        document: Any = load_with_lines(text)
    except yaml.YAMLError:
        return {}
    items = document.get("items") if isinstance(document, LineDict) else None
    if not isinstance(items, LineList):
        return {}
    return {
        str(entry["id"]): line_of(entry, "id", entry.line) or entry.line
        for entry in items
        if isinstance(entry, LineDict) and "id" in entry
    }
