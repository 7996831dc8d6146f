"""Frameworks, course-mapping rules, roles and council requirements — see docs/mappings.md."""

from cpdsync.mappings.definitions import CourseFacts, MappingSet, Role, RuleMatch
from cpdsync.mappings.frameworks import (
    Framework,
    FrameworkItem,
    load_frameworks,
    resolve_capability,
)
from cpdsync.mappings.loader import load_mappings
from cpdsync.mappings.matching import assign_role, match_course

__all__ = [
    "CourseFacts",
    "Framework",
    "FrameworkItem",
    "MappingSet",
    "Role",
    "RuleMatch",
    "assign_role",
    "load_frameworks",
    "load_mappings",
    "match_course",
    "resolve_capability",
]
