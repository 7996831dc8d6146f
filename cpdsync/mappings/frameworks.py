"""The packaged frameworks (SWE standards, KSS, PCF): versioned data, never code.

Each framework is one YAML file in ``cpdsync/mappings/framework_data/``. A new framework — the child
and family early career standards of February 2026, say — is added by dropping a file there.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from cpdsync.errors import CpdsyncError, NotFoundError

_PACKAGE = "cpdsync.mappings"
_DATA_DIR = "framework_data"


@dataclass(frozen=True)
class FrameworkItem:
    """One statement, standard or domain: the id mapping files name as a capability."""

    id: str
    title: str
    summary: str
    verified: bool
    parent: str | None = None
    number: int | None = None
    verification_note: str | None = None
    # An item the sources imply but do not name: shown, never a coverage target.
    placeholder: bool = False


@dataclass(frozen=True)
class FrameworkLevel:
    """A career level of a framework (the PCF has nine, from entry to strategic)."""

    id: str
    order: int
    title: str
    stage: str
    verified: bool
    note: str | None = None
    pathways: tuple[FrameworkLevel, ...] = ()


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    publisher: str
    version: str
    licence: str
    source: str
    valid_from: date | None
    valid_until: date | None
    superseded_by: str | None
    items: tuple[FrameworkItem, ...]
    licence_verified: bool = False
    notes: str = ""
    levels: tuple[FrameworkLevel, ...] = ()
    moodle_taxonomies: tuple[str, ...] = ("competency",)

    def item(self, item_id: str) -> FrameworkItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def in_force(self, on: date) -> bool:
        """Return whether the framework applies on ``on`` (open-ended when a date is unset)."""
        started = self.valid_from is None or self.valid_from <= on
        return started and (self.valid_until is None or on <= self.valid_until)

    def coverable_ids(self) -> list[str]:
        """Return the ids a role's coverage target counts: every item but placeholders."""
        return [item.id for item in self.items if not item.placeholder]

    @property
    def unverified_count(self) -> int:
        return sum(1 for item in self.items if not item.verified)


class FrameworkDataError(CpdsyncError):
    """A packaged framework file is malformed: a defect of the installed package."""


def parse_framework(data: Any, source: str) -> Framework:
    """Return the framework described by one parsed YAML document.

    Raise FrameworkDataError naming ``source`` and the key when the document is malformed.
    """
    if not isinstance(data, dict):
        raise FrameworkDataError(f"{source}: a framework file must be a mapping")
    try:
        items = tuple(_item(raw) for raw in data["items"])
        levels = tuple(_level(raw) for raw in data.get("levels") or ())
        framework = Framework(
            id=str(data["id"]),
            title=str(data["title"]),
            publisher=str(data["publisher"]),
            version=str(data["version"]),
            licence=str(data["licence"]),
            source=str(data["source"]),
            valid_from=_date(data.get("valid_from")),
            valid_until=_date(data.get("valid_until")),
            superseded_by=data.get("superseded_by"),
            items=items,
            licence_verified=bool(data.get("licence_verified", False)),
            notes=str(data.get("notes") or ""),
            levels=levels,
            moodle_taxonomies=tuple(data.get("moodle_taxonomies") or ("competency",)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise FrameworkDataError(f"{source}: missing or bad value: {exc}") from exc
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise FrameworkDataError(f"{source}: duplicate item ids {', '.join(duplicates)}")
    orphans = [item.id for item in items if item.parent is not None and item.parent not in ids]
    if orphans:
        raise FrameworkDataError(f"{source}: items with an unknown parent: {', '.join(orphans)}")
    return framework


def _item(raw: dict[str, Any]) -> FrameworkItem:
    return FrameworkItem(
        id=str(raw["id"]),
        title=str(raw["title"]),
        summary=str(raw["summary"]),
        verified=bool(raw["verified"]),
        parent=raw.get("parent"),
        number=raw.get("number"),
        verification_note=raw.get("verification_note"),
        placeholder=bool(raw.get("placeholder", False)),
    )


def _level(raw: dict[str, Any]) -> FrameworkLevel:
    return FrameworkLevel(
        id=str(raw["id"]),
        order=int(raw.get("order", 0)),
        title=str(raw["title"]),
        stage=str(raw.get("stage", "")),
        verified=bool(raw["verified"]),
        note=raw.get("note"),
        pathways=tuple(_level(p) for p in raw.get("pathways") or ()),
    )


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def load_frameworks() -> dict[str, Framework]:
    """Return every packaged framework by id, in file-name order; raise FrameworkDataError when a
    packaged file is malformed or two files declare the same framework id."""
    return dict(_read_packaged())  # a copy: the cached one is shared by every caller


@cache
def _read_packaged() -> dict[str, Framework]:
    found: dict[str, Framework] = {}
    folder = resources.files(_PACKAGE).joinpath(_DATA_DIR)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith((".yaml", ".yml")):
            continue
        framework = parse_framework(yaml.safe_load(entry.read_text(encoding="utf-8")), entry.name)
        if framework.id in found:
            raise FrameworkDataError(f"{entry.name}: framework id {framework.id} is declared twice")
        found[framework.id] = framework
    return found


def starter_mapping_text() -> str:
    """Return the commented starter mapping file `cpdsync init` writes."""
    return resources.files(_PACKAGE).joinpath("templates", "starter.yaml").read_text("utf-8")


def capability_index(
    frameworks: dict[str, Framework],
) -> dict[str, tuple[Framework, FrameworkItem]]:
    """Return every item id across ``frameworks`` with the framework and item it names."""
    return {item.id: (fw, item) for fw in frameworks.values() for item in fw.items}


def resolve_capability(
    capability_id: str, frameworks: dict[str, Framework] | None = None
) -> tuple[Framework, FrameworkItem]:
    """Return the framework and item named by ``capability_id`` (e.g. ``KSS-CF-5``); raise
    NotFoundError with the closest known id when no framework has it."""
    index = capability_index(frameworks if frameworks is not None else load_frameworks())
    if capability_id in index:
        return index[capability_id]
    hint = suggest(capability_id, list(index))
    raise NotFoundError(f"unknown capability id {capability_id!r}{hint}")


def get_framework(framework_id: str) -> Framework:
    """Return the packaged framework ``framework_id``; raise NotFoundError listing the ids."""
    frameworks = load_frameworks()
    if framework_id in frameworks:
        return frameworks[framework_id]
    hint = suggest(framework_id, list(frameworks))
    known = ", ".join(frameworks)
    raise NotFoundError(f"unknown framework {framework_id!r}{hint} (known: {known})")


def suggest(name: str, known: list[str]) -> str:
    """Return ``; did you mean X?`` for the closest of ``known`` to ``name``, or ``""``."""
    by_upper = {k.upper(): k for k in known}
    if name.upper() in by_upper:
        return f"; did you mean {by_upper[name.upper()]}?"
    close = difflib.get_close_matches(name.upper(), list(by_upper), n=1, cutoff=0.6)
    return f"; did you mean {by_upper[close[0]]}?" if close else ""
