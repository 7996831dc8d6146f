"""What Moodle reported, as the values records stores (and a held catalogue back as what the
connector's strategies follow). Workers are translated in worker_values.py, because their role
and team come from the mappings."""

from __future__ import annotations

from cpdsync.connector.facts import (
    CategoryFacts,
    CompletionObservation,
    MoodleCourse,
    MoodleWorker,
    SiteFacts,
)
from cpdsync.records.row_values import (
    CategoryValues,
    CompletionValues,
    CourseValues,
    HeldCourse,
    SiteValues,
    WorkerValues,
)


def site_values(site: SiteFacts) -> SiteValues:
    """Return the stored values of the site Moodle described."""
    return SiteValues(
        url=site.url, sitename=site.sitename, release=site.release, version=str(site.version)
    )


def category_values(category: CategoryFacts) -> CategoryValues:
    """Return the stored values of one course category."""
    return CategoryValues(
        moodle_id=category.id, name=category.name, parent=category.parent, path=category.path
    )


def course_values(course: MoodleCourse) -> CourseValues:
    """Return the stored values of one course."""
    return CourseValues(
        moodle_id=course.id,
        shortname=course.shortname,
        fullname=course.fullname,
        idnumber=course.idnumber,
        category_moodle_id=course.categoryid,
        visible=course.visible,
        enablecompletion=course.enablecompletion,
        tags=tuple(course.tags),
        customfields=dict(course.customfields),
        summary=course.summary,
    )


def completion_values(observation: CompletionObservation) -> CompletionValues:
    """Return the stored values of one completion Moodle reported."""
    return CompletionValues(
        worker_moodle_id=observation.userid,
        course_moodle_id=observation.courseid,
        timecompleted=observation.timecompleted,
        date_source=observation.source,
    )


def followed_course(course: HeldCourse) -> MoodleCourse:
    """Return a held course as the course a strategy follows."""
    return MoodleCourse(
        id=course.moodle_id,
        shortname=course.shortname,
        fullname=course.fullname,
        idnumber=course.idnumber,
        categoryid=course.category_moodle_id,
        visible=course.visible,
        enablecompletion=course.enablecompletion,
        tags=course.tags,
        customfields=dict(course.customfields),
    )


def followed_worker(worker: WorkerValues) -> MoodleWorker:
    """Return a held worker as the worker a strategy follows, with the profile fields Moodle
    gave (so the role is derived again under the current mappings)."""
    return MoodleWorker(
        id=worker.moodle_id,
        username=worker.username,
        email=worker.email,
        idnumber=worker.idnumber,
        firstname=worker.firstname,
        lastname=worker.lastname,
        fullname=worker.fullname,
        suspended=worker.suspended,
        profile=dict(worker.profile),
    )
