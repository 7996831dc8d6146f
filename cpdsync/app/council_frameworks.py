"""The frameworks and mappings a council's configuration puts in use: the packaged frameworks
with the council's own framework files (``mappings.frameworks``), and the mapping files
(``mappings.paths``) checked against them."""

from __future__ import annotations

from cpdsync.config import MappingsSettings
from cpdsync.mappings import Framework, MappingSet, load_frameworks, load_mappings


def frameworks_in_use(settings: MappingsSettings) -> dict[str, Framework]:
    """Return the packaged frameworks and the council's own; raise InputFileError with every
    problem in the council's framework files."""
    return load_frameworks(settings.frameworks)


def mappings_in_use(
    settings: MappingsSettings, frameworks: dict[str, Framework] | None = None
) -> MappingSet:
    """Return the mapping files' rules, requirements and roles checked against ``frameworks``
    (default: those in use); raise InputFileError with every problem."""
    known = frameworks if frameworks is not None else frameworks_in_use(settings)
    return load_mappings(settings.paths, known)
