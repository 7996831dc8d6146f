"""Frameworks, course-mapping rules, roles and council requirements — see docs/mappings.md."""

from cpdsync.mappings.catalogue import Framework, FrameworkItem, load_frameworks, resolve_capability
from cpdsync.mappings.loader import load_mappings
from cpdsync.mappings.matching import assign_role, match_course
from cpdsync.mappings.model import CourseFacts, MappingSet, Role, RuleMatch

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
