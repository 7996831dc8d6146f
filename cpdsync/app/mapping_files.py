"""`cpdsync mappings …` and `cpdsync frameworks …`: check mapping files, show what they leave
uncovered, move rules to and from CSV, and read or export the packaged frameworks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cpdsync.app.held_courses import held_course_facts
from cpdsync.config import Settings
from cpdsync.mappings import Framework, MappingSet, load_frameworks, load_mappings
from cpdsync.mappings.coverage import CoverageReport, coverage_report, read_course_facts
from cpdsync.mappings.csvio import rules_to_csv, rules_to_yaml
from cpdsync.mappings.definitions import CourseFacts
from cpdsync.mappings.frameworks import get_framework
from cpdsync.mappings.loader import read_rules_file
from cpdsync.mappings.moodle_csv import framework_to_moodle_csv
from cpdsync.records.db import open_database


@dataclass(frozen=True)
class RulesText:
    """Rules written out as a file's text, and how many there are."""

    text: str
    rules: int


def validate_mappings(paths: Sequence[Path]) -> MappingSet:
    """Return the mappings the files and folders ``paths`` hold; raise InputFileError with
    every problem in them."""
    return load_mappings(list(paths))


def mapping_coverage(
    paths: Sequence[Path], courses_file: Path | None, settings: Callable[[], Settings]
) -> tuple[CoverageReport, MappingSet]:
    """Return what the mappings in ``paths`` leave uncovered, over the courses of
    ``courses_file`` or, without one, the courses synced into the database of ``settings()``
    (of the site at moodle.url; the settings are read only then). Raise InputFileError for bad
    mapping or course files and UsageError when no synced course is held."""
    mappings = load_mappings(list(paths))
    if courses_file is not None:
        courses = read_course_facts(courses_file)
    else:
        courses = _synced_courses(settings())
    return coverage_report(mappings, load_frameworks(), courses), mappings


def _synced_courses(settings: Settings) -> list[CourseFacts]:
    config = settings.config
    database = open_database(config.database.url)
    try:
        with database.transaction() as session:
            return held_course_facts(session, config.moodle.url)
    finally:
        database.close()


def rules_from_csv(csv_file: Path) -> RulesText:
    """Return the rules of a CSV spreadsheet as a YAML mapping file, every row checked; raise
    InputFileError naming each bad row."""
    rules = read_rules_file(csv_file)
    return RulesText(rules_to_yaml(rules, source=csv_file.name), len(rules))


def rules_to_spreadsheet(paths: Sequence[Path]) -> RulesText:
    """Return the rules of valid mapping files as CSV for a spreadsheet (cells a spreadsheet
    would run as a formula neutralised); raise InputFileError for invalid files."""
    mappings = load_mappings(list(paths))
    return RulesText(rules_to_csv(mappings.rules), len(mappings.rules))


def packaged_frameworks() -> list[Framework]:
    """Return the packaged frameworks in their order."""
    return list(load_frameworks().values())


def framework(framework_id: str) -> Framework:
    """Return one packaged framework; raise NotFoundError (with the closest id) when unknown."""
    return get_framework(framework_id)


def framework_for_moodle(framework_id: str) -> str:
    """Return a packaged framework as CSV for Moodle's competency framework import."""
    return framework_to_moodle_csv(get_framework(framework_id))
