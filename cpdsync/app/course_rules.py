"""Which mapping rule claims each stored course: every course matched once, on the facts a rule
can see (shortname, names, idnumber, category path, tags, custom fields)."""

from __future__ import annotations

from collections.abc import Iterable

from cpdsync.mappings import match_course
from cpdsync.mappings.definitions import CourseFacts, MappingSet, RuleMatch
from cpdsync.records.row_values import HeldCourse


def course_facts(course: HeldCourse) -> CourseFacts:
    """Return what a mapping rule can match on for a stored course."""
    return CourseFacts(
        courseid=course.moodle_id,
        shortname=course.shortname,
        fullname=course.fullname,
        idnumber=course.idnumber,
        category_path=course.category_path,
        tags=course.tags,
        customfields=dict(course.customfields),
    )


class CourseRules:
    """The rule matching each of ``courses`` under ``mappings``, each course matched at most
    once however often it is asked about (a run or a report asks once per completion)."""

    def __init__(self, mappings: MappingSet, courses: Iterable[HeldCourse]) -> None:
        self.mappings = mappings
        self.courses = {course.row_id: course for course in courses}
        self._matches: dict[int, RuleMatch | None] = {}

    def match(self, row_id: int) -> RuleMatch | None:
        """Return the rule claiming the stored course ``row_id``; None when no rule maps it or
        the course is not among those given."""
        if row_id not in self._matches:
            course = self.courses.get(row_id)
            found = match_course(self.mappings, course_facts(course)) if course else None
            self._matches[row_id] = found
        return self._matches[row_id]
