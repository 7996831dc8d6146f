from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest

from cpdsync.errors import ConfigError
from cpdsync.mappings.definitions import MappingSet
from cpdsync.readiness.engine import assess
from cpdsync.readiness.inputs import CourseOffer, CpdItem, ReadinessInput
from cpdsync.readiness.report_model import Gap, ReadinessReport, WorkerReadiness
from cpdsync.timeutil import uk_date

from .builders import KSS_CF, MAPPINGS, NO_MAPPINGS, RULES, SAFEGUARDING, inputs, item, offer

AS_OF = date(2026, 11, 22)  # 2025-26, eight days before the deadline


def run(
    *people: ReadinessInput,
    as_of: date = AS_OF,
    mappings: MappingSet = NO_MAPPINGS,
    offers: Sequence[CourseOffer] = (),
    **kwargs: object,
) -> ReadinessReport:
    return assess(
        list(people),
        mappings=mappings,
        offers=list(offers),
        frameworks=KSS_CF,
        as_of=as_of,
        **{"rules": RULES, **kwargs},
    )


def one(*people: ReadinessInput, **kwargs: object) -> WorkerReadiness:
    report = run(*people, **kwargs)
    assert len(report.workers) == 1
    return report.workers[0]


def codes(result: WorkerReadiness) -> list[str]:
    return [gap.code for gap in result.gaps]


def names(gap: Gap) -> list[str]:
    return [course.name for course in gap.suggested_courses]


def ready_cpd(day: date = date(2026, 3, 1)) -> tuple[CpdItem, ...]:
    return (item(day), item(day, peer_reflected=True))


def test_two_reflected_pieces_with_one_peer_reflection_is_ready() -> None:
    result = one(inputs(item(date(2026, 3, 1)), item(date(2026, 5, 1), peer_reflected=True)))
    assert result.status == "ready"
    # v2: a ready worker still has the renewal steps in front of them.
    assert codes(result) == ["SWE_RENEWAL_STEPS"]
    assert result.gaps[0].severity == "renewal"
    assert result.cpd.model_dump() == {
        "activities": 2,
        "reflected": 2,
        "peer_reflected": 1,
        "required": 2,
        "peer_required": 1,
    }


def test_report_header_names_year_deadline_and_days_left() -> None:
    report = run(inputs())
    assert report.registration_year.label == "2025-26"
    assert report.registration_year.start == date(2025, 12, 1)
    assert report.deadline == date(2026, 11, 30)
    assert report.days_to_deadline == 8


def test_cpd_dated_30_november_counts_for_the_year_ending_that_day_not_the_next() -> None:
    # 23:30 UTC on 30 Nov 2025 is 23:30 GMT: still 30 November in the UK.
    late = uk_date(int(datetime(2025, 11, 30, 23, 30, tzinfo=UTC).timestamp()))
    early = uk_date(int(datetime(2025, 12, 1, 0, 30, tzinfo=UTC).timestamp()))
    assert (late, early) == (date(2025, 11, 30), date(2025, 12, 1))
    result = one(inputs(item(late), item(early, peer_reflected=True)))
    assert result.cpd.activities == 1
    assert result.cpd.peer_reflected == 1
    assert codes(result) == ["SWE_CPD_COUNT"]
    last_year = one(inputs(item(late), item(early)), as_of=date(2025, 11, 30))
    assert last_year.cpd.activities == 1


def test_summer_timestamp_near_midnight_is_dated_by_uk_time() -> None:
    # 23:30 UTC on 31 Aug 2026 is 00:30 BST on 1 September.
    day = uk_date(int(datetime(2026, 8, 31, 23, 30, tzinfo=UTC).timestamp()))
    result = one(inputs(item(day)))
    entry = result.detail.entries[0]
    assert entry.activity_date == date(2026, 9, 1)


def test_worker_who_joined_on_31_august_must_meet_the_cpd_rule() -> None:
    result = one(inputs(registered_on=date(2026, 8, 31)))
    assert result.status == "at_risk"
    assert codes(result)[:2] == ["SWE_CPD_COUNT", "SWE_PEER_REFLECTION"]
    assert result.cpd.required == 2


def test_worker_who_joined_on_1_september_is_exempt_and_owes_no_cpd() -> None:
    result = one(inputs(registered_on=date(2026, 9, 1)))
    assert result.status == "exempt"
    assert result.statutory_gaps == []
    assert (result.cpd.required, result.cpd.peer_required) == (0, 0)


def test_exempt_worker_still_sees_local_gaps() -> None:
    result = one(inputs(registered_on=date(2026, 10, 1), swe_number=None))
    assert result.status == "exempt"
    assert codes(result) == ["SWE_NUMBER_MISSING"]


def test_one_reflected_piece_met_the_2020_21_rule() -> None:
    result = one(inputs(item(date(2021, 2, 1))), as_of=date(2021, 11, 1))
    assert result.status == "ready"
    assert (result.cpd.required, result.cpd.peer_required) == (1, 0)


def test_one_reflected_piece_does_not_meet_the_current_two_piece_rule() -> None:
    result = one(inputs(item(date(2022, 2, 1))), as_of=date(2022, 11, 1))
    assert result.status == "at_risk"
    assert codes(result) == ["SWE_CPD_COUNT", "SWE_PEER_REFLECTION"]
    assert (result.cpd.required, result.cpd.peer_required) == (2, 1)


def test_peer_reflection_on_a_draft_that_is_not_reflected_does_not_count() -> None:
    done = item(date(2026, 2, 1), title="Court skills")
    draft = item(
        date(2026, 4, 1),
        title="Reflective practice group",
        reflected=False,
        peer_reflected=True,
        has_draft_reflection=True,
    )
    result = one(inputs(done, draft))
    assert result.status == "at_risk"
    assert result.cpd.activities == 2
    assert (result.cpd.reflected, result.cpd.peer_reflected) == (1, 0)
    assert codes(result) == ["SWE_CPD_REFLECTION", "SWE_PEER_REFLECTION"]
    reflection, peer = result.gaps
    assert "'Reflective practice group'" in reflection.message
    assert "draft is not submitted" in reflection.message
    assert f"cpdsync cpd reflect {draft.entry_id}" in reflection.message
    # v2: the draft is named in the reflection gap; the peer gap offers the reflected piece.
    assert draft.entry_id in reflection.entries
    assert f"cpdsync cpd reflect {done.entry_id}" in peer.message


def test_peer_reflection_gap_suggests_peer_discussion_courses() -> None:
    offers = [
        offer(1, "Safeguarding level 3"),
        offer(2, "Reflective practice group", cpd_type="peer_discussion"),
        offer(3, "Group supervision", peer_reflection=True, reflection_included=True),
        offer(4, "Hidden peer session", peer_reflection=True, available=False),
    ]
    result = one(inputs(item(date(2026, 1, 5)), item(date(2026, 2, 5))), offers=offers)
    assert codes(result) == ["SWE_PEER_REFLECTION"]
    assert names(result.gaps[0]) == ["Group supervision", "Reflective practice group"]
    assert "8 days left" in result.gaps[0].message


def test_count_gap_suggests_courses_not_already_done_this_year() -> None:
    done = item(date(2026, 1, 5), peer_reflected=True, courseid=1)
    offers = [
        offer(1, "Already done"),
        offer(2, "Court skills"),
        offer(3, "Bundled reflection", reflection_included=True),
    ]
    result = one(inputs(done), offers=offers)
    assert codes(result) == ["SWE_CPD_COUNT"]
    gap = result.gaps[0]
    assert gap.severity == "statutory"
    assert names(gap) == ["Bundled reflection", "Court skills"]
    assert "1 piece of CPD" in gap.message and "at least 2" in gap.message
    assert "30 November 2026" in gap.message


def test_same_course_completed_twice_in_a_year_is_one_piece() -> None:
    first = item(date(2026, 1, 5), courseid=7)
    again = item(date(2026, 6, 5), courseid=7, peer_reflected=True)
    result = one(inputs(first, again))
    assert result.cpd.activities == 1
    assert result.cpd.peer_reflected == 1
    assert codes(result) == ["SWE_CPD_COUNT"]


def test_cpd_dated_after_as_of_does_not_count_yet() -> None:
    result = one(inputs(item(date(2026, 3, 1)), item(date(2026, 11, 25), peer_reflected=True)))
    assert result.cpd.activities == 1


def test_unreflected_piece_is_named_with_the_command_to_reflect() -> None:
    bare = item(date(2026, 3, 1), title="Domestic abuse awareness", reflected=False)
    result = one(inputs(bare, item(date(2026, 4, 1), peer_reflected=True)))
    assert codes(result) == ["SWE_CPD_REFLECTION"]
    gap = result.gaps[0]
    assert gap.suggested_courses == []
    assert "'Domestic abuse awareness' (1 March 2026" in gap.message
    assert f"`cpdsync cpd reflect {bare.entry_id}`" in gap.message


def test_extra_unreflected_piece_does_not_block_a_ready_worker() -> None:
    result = one(inputs(*ready_cpd(), item(date(2026, 6, 1), reflected=False)))
    assert result.status == "ready"
    assert result.cpd.activities == 3


def test_on_the_deadline_day_an_open_gap_is_still_at_risk() -> None:
    report = run(inputs(), as_of=date(2026, 11, 30))
    assert report.days_to_deadline == 0
    assert report.workers[0].status == "at_risk"
    assert "that is today" in report.workers[0].gaps[0].message


def test_after_the_deadline_an_open_gap_is_missed() -> None:
    # v2: not_ready is gone; a past year's open gap is "missed", led by what that means.
    report = run(
        inputs(item(date(2026, 3, 1))), as_of=date(2026, 12, 1), registration_year="2025-26"
    )
    assert report.days_to_deadline == -1
    assert report.registration_year.label == "2025-26"
    worker = report.workers[0]
    assert worker.status == "missed"
    assert codes(worker)[:2] == ["SWE_RENEWAL_MISSED", "SWE_CPD_COUNT"]
    assert "has passed" in worker.gaps[1].message


def test_after_the_deadline_a_worker_who_met_the_rule_stays_ready() -> None:
    report = run(inputs(*ready_cpd()), as_of=date(2027, 1, 10), registration_year="2025-26")
    assert report.workers[0].status == "ready"
    (steps,) = report.workers[0].gaps
    assert steps.code == "SWE_RENEWAL_STEPS"
    assert "cannot see whether you also submitted the application form" in steps.message


def test_suspended_worker_is_still_assessed_because_registration_does_not_pause() -> None:
    result = one(inputs(suspended=True))
    assert result.status == "at_risk"
    assert result.detail.suspended
    assert "SWE_CPD_COUNT" in codes(result)


def test_worker_who_left_is_left_out_unless_asked_for() -> None:
    gone = inputs(left=True, suspended=True)
    assert run(gone).workers == []
    assert len(run(gone, include_left=True).workers) == 1


def test_requirement_expiring_the_day_after_the_deadline_is_no_gap() -> None:
    # Done 1 Dec 2023, valid for 3 years: expires 1 Dec 2026, after the 30 Nov deadline.
    done = item(
        date(2023, 12, 1), satisfies=(SAFEGUARDING.id,), capabilities=("KSS-CF-1", "KSS-CF-2")
    )
    result = one(inputs(*ready_cpd(), done), mappings=MAPPINGS, as_of=date(2026, 9, 1))
    assert codes(result) == ["SWE_RENEWAL_STEPS"]
    view = result.detail.requirements[0]
    assert (view.expires, view.state) == (date(2026, 12, 1), "valid")


def test_requirement_expiring_on_the_deadline_day_is_flagged_with_courses() -> None:
    done = item(
        date(2023, 11, 30), satisfies=(SAFEGUARDING.id,), capabilities=("KSS-CF-1", "KSS-CF-2")
    )
    offers = [offer(9, "Safeguarding refresher", satisfies=(SAFEGUARDING.id,))]
    result = one(
        inputs(*ready_cpd(), done),
        mappings=MAPPINGS,
        offers=offers,
        as_of=date(2026, 9, 1),
    )
    assert result.status == "ready"  # a council requirement never blocks renewal
    assert codes(result) == ["SWE_RENEWAL_STEPS", "MANDATORY_EXPIRING"]
    gap = result.gaps[1]
    assert gap.severity == "local"
    assert "expires on 30 November 2026" in gap.message
    assert names(gap) == ["Safeguarding refresher"]


def test_requirement_past_its_expiry_is_expired_and_one_never_done_is_missing() -> None:
    old = item(
        date(2022, 1, 10), satisfies=(SAFEGUARDING.id,), capabilities=("KSS-CF-1", "KSS-CF-2")
    )
    expired = one(inputs(*ready_cpd(), old), mappings=MAPPINGS)
    # 2022 is outside P3Y
    assert codes(expired) == ["SWE_RENEWAL_STEPS", "MANDATORY_EXPIRED", "KSS_COVERAGE"]
    assert "expired on 10 January 2025" in expired.gaps[1].message
    missing = one(inputs(*ready_cpd()), mappings=MAPPINGS)
    assert "MANDATORY_MISSING" in codes(missing)


def test_requirement_for_another_role_does_not_apply() -> None:
    result = one(inputs(*ready_cpd(), role="adult-sw"), mappings=MAPPINGS)
    assert codes(result) == ["SWE_RENEWAL_STEPS"]
    assert result.detail.requirements == ()


def test_coverage_gap_lists_uncovered_items_and_courses_that_cover_them() -> None:
    offers = [
        offer(1, "Child development", capabilities=("KSS-CF-3",)),
        offer(2, "Direct work", capabilities=("KSS-CF-1",)),
        offer(3, "Comms and development", capabilities=("KSS-CF-2", "KSS-CF-3")),
    ]
    recent = item(date(2026, 2, 1), capabilities=("KSS-CF-1",), satisfies=(SAFEGUARDING.id,))
    too_old = item(date(2023, 11, 22), capabilities=("KSS-CF-2",))
    result = one(
        inputs(recent, too_old, item(date(2026, 3, 1), peer_reflected=True)),
        mappings=MAPPINGS,
        offers=offers,
    )
    assert codes(result) == ["SWE_RENEWAL_STEPS", "KSS_COVERAGE"]
    coverage = result.detail.coverage
    assert coverage is not None
    assert coverage.window_start == date(2023, 11, 23)
    assert coverage.covered == ("KSS-CF-1",)
    gap = result.gaps[1]
    assert gap.severity == "local"
    assert "yours covers 1" in gap.message and "KSS-CF-2" in gap.message
    assert names(gap) == ["Comms and development", "Child development"]


def test_coverage_gap_names_items_by_title_when_titles_are_known() -> None:
    recent = item(date(2026, 2, 1), capabilities=("KSS-CF-1",), satisfies=(SAFEGUARDING.id,))
    result = one(
        inputs(recent, item(date(2026, 3, 1), peer_reflected=True)),
        mappings=MAPPINGS,
        item_titles={"KSS-CF-2": "Communication"},
    )
    gap = result.gaps[1]
    assert gap.code == "KSS_COVERAGE"
    assert "Communication (KSS-CF-2)" in gap.message
    assert "; KSS-CF-3" in gap.message  # no title known: the id alone


def test_coverage_of_an_unknown_framework_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="framework KSS-CF"):
        assess([inputs()], mappings=MAPPINGS, offers=[], frameworks={}, as_of=AS_OF, rules=RULES)


def test_missing_swe_number_and_unmapped_completions_are_not_statutory() -> None:
    result = one(inputs(*ready_cpd(), swe_number=None, unmapped=2))
    assert result.status == "ready"
    assert [(g.code, g.severity) for g in result.gaps] == [
        ("SWE_RENEWAL_STEPS", "renewal"),
        ("SWE_NUMBER_MISSING", "local"),
        ("UNMAPPED_COMPLETIONS", "info"),
    ]
    assert "2 Moodle course completions of yours are not mapped" in result.gaps[2].message


def test_workers_come_out_in_name_order() -> None:
    report = run(inputs(name="Zara Y", key=2), inputs(name="amir X", key=3))
    assert [w.worker.name for w in report.workers] == ["amir X", "Zara Y"]


def test_a_roster_worker_with_no_enrolment_and_no_cpd_is_at_risk_with_the_count_gap() -> None:
    result = one(inputs())
    assert result.status == "at_risk"
    assert codes(result) == ["SWE_CPD_COUNT", "SWE_PEER_REFLECTION"]
    assert result.cpd.activities == 0
    assert "0 pieces of CPD" in result.gaps[0].message


def test_a_roster_worker_without_a_moodle_account_is_told_so_and_not_to_fix_a_profile() -> None:
    result = one(inputs(swe_number=None, moodle_account=False, roster_sources=("roster.csv:14",)))
    assert codes(result) == ["SWE_CPD_COUNT", "SWE_PEER_REFLECTION", "ROSTER_NO_MOODLE_ACCOUNT"]
    gap = result.gaps[2]
    assert gap.severity == "local"
    assert "(roster.csv:14)" in gap.message and "no Moodle account was found" in gap.message
