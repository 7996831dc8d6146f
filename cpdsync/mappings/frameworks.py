"""The frameworks (SWE standards, KSS, PCF): versioned data, never code.

Each packaged framework is one YAML file in ``cpdsync/mappings/framework_data/``; a council adds
its own with ``[mappings] frameworks`` (files or folders), read and checked the same way
(framework_parse.py). A council's framework may not take the id of a packaged one, nor an item
id another framework already uses: a mapping names items by id alone.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

from cpdsync.errors import CpdsyncError, InputFileError, NotFoundError, Problem
from cpdsync.mappings.framework_parse import id_lines, parse_framework_text
from cpdsync.mappings.framework_types import (
    PACKAGED,
    WORDINGS,
    Framework,
    FrameworkItem,
    FrameworkLevel,
    Wording,
)

__all__ = [
    "WORDINGS",
    "Framework",
    "FrameworkDataError",
    "FrameworkItem",
    "FrameworkLevel",
    "Wording",
    "capability_index",
    "get_framework",
    "load_frameworks",
    "resolve_capability",
    "suggest",
]

_PACKAGE = "cpdsync.mappings"
_DATA_DIR = "framework_data"
_SUFFIXES = (".yaml", ".yml")


class FrameworkDataError(CpdsyncError):
    """A packaged framework file is malformed: a defect of the installed package."""


def parse_framework(text: str, source: str) -> Framework:
    """Return the framework in the YAML ``text`` read from ``source``; raise FrameworkDataError
    naming every problem (``source:line: message``)."""
    problems: list[Problem] = []
    framework = parse_framework_text(text, source, problems)
    if framework is None:
        raise FrameworkDataError("\n".join(str(p) for p in problems))
    return framework


def load_frameworks(council: Iterable[Path | str] = ()) -> dict[str, Framework]:
    """Return every packaged framework by id, then the council's framework files ``council``
    (files or folders); raise InputFileError with every problem in the council's files, and
    FrameworkDataError when a packaged file is malformed."""
    found = dict(_read_packaged())  # a copy: the cached one is shared by every caller
    paths = [Path(p) for p in council]
    if paths:
        found.update(_read_council(paths, found))
    return found


@cache
def _read_packaged() -> dict[str, Framework]:
    found: dict[str, Framework] = {}
    folder = resources.files(_PACKAGE).joinpath(_DATA_DIR)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(_SUFFIXES):
            continue
        framework = replace(
            parse_framework(entry.read_text(encoding="utf-8"), entry.name), origin=PACKAGED
        )
        if framework.id in found:
            raise FrameworkDataError(f"{entry.name}: framework id {framework.id} is declared twice")
        found[framework.id] = framework
    unknown = [
        f"{fw.id} is superseded by {fw.superseded_by}, which is not packaged"
        for fw in found.values()
        if fw.superseded_by and fw.superseded_by not in found
    ]
    if unknown:
        raise FrameworkDataError("; ".join(unknown))
    return found


def _council_files(paths: list[Path], problems: list[Problem]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in _SUFFIXES)
            if not inside:
                problems.append(Problem(str(path), None, "no .yaml or .yml framework files here"))
            files += inside
        elif path.is_file():
            files.append(path)
        else:
            problems.append(
                Problem(str(path), None, "no such file or folder; check mappings.frameworks")
            )
    return list(dict.fromkeys(files))


def _read_council(paths: list[Path], packaged: dict[str, Framework]) -> dict[str, Framework]:
    problems: list[Problem] = []
    known = dict(packaged)
    owner = {item.id: fw.id for fw in packaged.values() for item in fw.items}
    added: dict[str, Framework] = {}
    for file in _council_files(paths, problems):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(file), None, f"cannot read the file: {exc}"))
            continue
        framework = parse_framework_text(text, str(file), problems)
        if framework is None:
            continue
        if _clashes(framework, known, owner, id_lines(text), problems):
            continue
        known[framework.id] = added[framework.id] = framework
        owner.update({item.id: framework.id for item in framework.items})
    for fw in added.values():
        if fw.superseded_by and fw.superseded_by not in known:
            problems.append(
                Problem(
                    fw.origin,
                    fw.line,
                    f"superseded_by names {fw.superseded_by!r}, which is no framework cpdsync "
                    f"knows{suggest(fw.superseded_by, list(known))}",
                )
            )
    if problems:
        files = len({p.path for p in problems})
        raise InputFileError(
            problems, summary=f"{len(problems)} problem(s) in {files} council framework file(s)"
        )
    return added


def _clashes(
    framework: Framework,
    known: dict[str, Framework],
    owner: dict[str, str],
    item_lines: Mapping[str, int],
    problems: list[Problem],
) -> bool:
    """Note a council framework whose id, or an item id, another framework already uses."""
    before = len(problems)
    if framework.id in known:
        other = known[framework.id]
        where = (
            "a packaged framework" if other.origin == PACKAGED else f"declared in {other.origin}"
        )
        problems.append(
            Problem(
                framework.origin,
                framework.line,
                f"framework id {framework.id!r} is {where}; give the council's framework an id "
                "of its own (for example with the council's initials in front)",
            )
        )
    for item in framework.items:
        if item.id in owner:
            problems.append(
                Problem(
                    framework.origin,
                    item_lines.get(item.id, framework.line),
                    f"item id {item.id!r} is already an item of {owner[item.id]}; mapping files "
                    "name items by id alone, so each id must be unique across frameworks",
                )
            )
    return len(problems) > before


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


def get_framework(framework_id: str, frameworks: dict[str, Framework] | None = None) -> Framework:
    """Return the framework ``framework_id`` of ``frameworks`` (default: the packaged ones);
    raise NotFoundError listing the ids."""
    frameworks = frameworks if frameworks is not None else load_frameworks()
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
