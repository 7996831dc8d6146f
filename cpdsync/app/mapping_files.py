"""`cpdsync mappings …` and `cpdsync frameworks …`: check mapping files, show what they leave
uncovered, move rules to and from CSV, and read or export the packaged frameworks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cpdsync.app.council_frameworks import frameworks_in_use
from cpdsync.app.held_courses import held_course_facts
from cpdsync.config import MappingsSettings, Settings
from cpdsync.errors import Problem
from cpdsync.mappings import Framework, MappingSet, load_frameworks, load_mappings
from cpdsync.mappings.coverage import CoverageReport, coverage_report, read_course_facts
from cpdsync.mappings.csvio import rules_to_csv, rules_to_yaml
from cpdsync.mappings.definitions import CourseFacts
from cpdsync.mappings.frameworks import get_framework
from cpdsync.mappings.loader import read_rules_file
from cpdsync.mappings.moodle_csv import framework_to_moodle_csv
from cpdsync.mappings.supersession import supersession_warnings
from cpdsync.records.db import open_database


@dataclass(frozen=True)
class RulesText:
    """Rules written out as a file's text, and how many there are."""

    text: str
    rules: int


@dataclass(frozen=True)
class Validation:
    """Valid mappings, and the warnings that do not fail them (dated ``as_of``)."""

    mappings: MappingSet
    warnings: list[Problem]
    as_of: date


def validate_mappings(
    paths: Sequence[Path], framework_paths: Sequence[Path], *, as_of: date
) -> Validation:
    """Return the mappings the files and folders ``paths`` hold, checked against the packaged
    frameworks and the council's ``framework_paths``, with a warning for each rule or role
    that targets a framework ending within six months of ``as_of`` or already ended; raise
    InputFileError with every problem in them."""
    frameworks = load_frameworks(framework_paths)
    mappings = load_mappings(list(paths), frameworks)
    return Validation(mappings, supersession_warnings(mappings, frameworks, as_of), as_of)


def mapping_coverage(
    paths: Sequence[Path], courses_file: Path | None, settings: Callable[[], Settings]
) -> tuple[CoverageReport, MappingSet]:
    """Return what the mappings in ``paths`` leave uncovered, over the courses of
    ``courses_file`` or, without one, the courses synced into the database of ``settings()``
    (of the site at moodle.url), against the frameworks in use. Raise InputFileError for bad
    mapping, framework or course files and UsageError when no synced course is held."""
    frameworks = frameworks_in_use(settings().config.mappings)
    mappings = load_mappings(list(paths), frameworks)
    if courses_file is not None:
        courses = read_course_facts(courses_file)
    else:
        courses = _synced_courses(settings())
    return coverage_report(mappings, frameworks, courses), mappings


def _synced_courses(settings: Settings) -> list[CourseFacts]:
    config = settings.config
    database = open_database(config.database.url)
    try:
        with database.transaction() as session:
            return held_course_facts(session, config.moodle.url)
    finally:
        database.close()


def rules_from_csv(csv_file: Path, frameworks: dict[str, Framework]) -> RulesText:
    """Return the rules of a CSV spreadsheet as a YAML mapping file, every row checked against
    ``frameworks``; raise InputFileError naming each bad row."""
    rules = read_rules_file(csv_file, frameworks)
    return RulesText(rules_to_yaml(rules, source=csv_file.name), len(rules))


def rules_to_spreadsheet(paths: Sequence[Path], frameworks: dict[str, Framework]) -> RulesText:
    """Return the rules of valid mapping files as CSV for a spreadsheet (cells a spreadsheet
    would run as a formula neutralised); raise InputFileError for invalid files."""
    mappings = load_mappings(list(paths), frameworks)
    return RulesText(rules_to_csv(mappings.rules), len(mappings.rules))


def known_frameworks(settings: MappingsSettings) -> list[Framework]:
    """Return the packaged frameworks, then the council's own, in their order."""
    return list(frameworks_in_use(settings).values())


def framework(framework_id: str, settings: MappingsSettings) -> Framework:
    """Return one framework, packaged or the council's; raise NotFoundError (with the closest
    id) when unknown."""
    return get_framework(framework_id, frameworks_in_use(settings))


@dataclass(frozen=True)
class MoodleExport:
    """A framework as Moodle's import file, and the framework it came from (for warnings)."""

    framework: Framework
    text: str


def framework_for_moodle(framework_id: str, settings: MappingsSettings) -> MoodleExport:
    """Return a framework as CSV for Moodle's competency framework import; raise UsageError for
    a placeholder framework and NotFoundError for an unknown one."""
    found = framework(framework_id, settings)
    return MoodleExport(found, framework_to_moodle_csv(found))
