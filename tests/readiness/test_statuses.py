"""Every status boundary of readiness v2 (docs/readiness.md, "Statuses"), pinned by date."""

from __future__ import annotations

from datetime import date

import pytest

from cpdsync.readiness.engine import assess
from cpdsync.readiness.inputs import ReadinessInput, ReadinessPolicy
from cpdsync.readiness.report_model import ReadinessReport, WorkerReadiness

from .builders import KSS_CF, NO_MAPPINGS, RULES, inputs, item

PEER_GROUP = {"cpd_type": "peer_discussion", "prompts_peer": True, "prompts_reflection": True}


def report(
    *people: ReadinessInput,
    as_of: date,
    policy: ReadinessPolicy | None = None,
    year: str | None = None,
) -> ReadinessReport:
    return assess(
        list(people),
        mappings=NO_MAPPINGS,
        offers=[],
        frameworks=KSS_CF,
        as_of=as_of,
        rules=RULES,
        registration_year=year,
        policy=policy,
    )


def one(person: ReadinessInput, as_of: date, **kwargs: object) -> WorkerReadiness:
    (worker,) = report(person, as_of=as_of, **kwargs).workers  # type: ignore[arg-type]
    return worker


def codes(worker: WorkerReadiness) -> list[str]:
    return [gap.code for gap in worker.gaps]


def gap_open() -> ReadinessInput:
    """A worker with one reflected piece in 2025-26: a statutory gap open."""
    return inputs(item(date(2026, 3, 1)))


def ready() -> ReadinessInput:
    return inputs(item(date(2026, 3, 1)), item(date(2026, 5, 1), peer_reflected=True))


@pytest.mark.parametrize(
    ("as_of", "days", "status"),
    [
        (date(2026, 8, 31), 91, "in_progress"),
        (date(2026, 9, 1), 90, "at_risk"),
    ],
)
def test_at_risk_from_1_september_with_the_default_91_days(
    as_of: date, days: int, status: str
) -> None:
    result = report(gap_open(), as_of=as_of)
    assert result.days_to_deadline == days
    assert result.workers[0].status == status


def test_at_risk_days_is_the_councils_to_choose() -> None:
    policy = ReadinessPolicy(at_risk_days=30)
    assert one(gap_open(), date(2026, 10, 31), policy=policy).status == "in_progress"  # 30 left
    assert one(gap_open(), date(2026, 11, 1), policy=policy).status == "at_risk"  # 29 left


def test_the_deadline_day_is_at_risk_and_1_december_is_missed_led_by_what_that_means() -> None:
    on_the_day = report(gap_open(), as_of=date(2026, 11, 30))
    assert (on_the_day.days_to_deadline, on_the_day.workers[0].status) == (0, "at_risk")
    after = report(gap_open(), as_of=date(2026, 12, 1))
    # The report moves to the new year, but it does not roll over silently.
    assert after.registration_year.label == "2026-27"
    worker = after.workers[0]
    assert worker.status == "missed"
    assert worker.previous_year is not None
    assert (worker.previous_year.label, worker.previous_year.outcome) == ("2025-26", "missed")
    assert codes(worker)[0] == "SWE_RENEWAL_MISSED"
    assert worker.gaps[0].severity == "statutory"
    message = worker.gaps[0].message
    assert "by 23:59 on 30 November 2026" in message
    assert "must not work as a social worker or call yourself one" in message
    assert "'social worker' is a protected title" in message
    assert "contact Social Work England today" in message
    assert "apply for restoration" in message and "£183 in 2026-27" in message
    assert "https://www.socialworkengland.org.uk/registration/return-to-the-register/" in message
    assert "cpdsync cpd renewal jo.smith@council.example --year 2025-26 --submitted" in message


def test_a_worker_who_met_the_rule_is_not_missed_on_1_december() -> None:
    worker = one(ready(), date(2026, 12, 1))
    assert worker.status == "in_progress"  # the new year's CPD, with a year to do it
    assert worker.previous_year is not None and worker.previous_year.outcome == "met"
    assert "SWE_RENEWAL_MISSED" not in codes(worker)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(date(2026, 12, 31), "missed"), (date(2027, 1, 1), "in_progress")],
)
def test_the_missed_notice_lasts_missed_notice_days_after_the_deadline(
    as_of: date, status: str
) -> None:
    assert one(gap_open(), as_of).status == status  # 31 days: through 31 December


def test_missed_notice_days_zero_turns_the_notice_off() -> None:
    policy = ReadinessPolicy(missed_notice_days=0)
    assert one(gap_open(), date(2026, 12, 1), policy=policy).status == "in_progress"


def test_a_renewal_declared_late_ends_the_missed_notice() -> None:
    worker = one(inputs(item(date(2026, 3, 1)), renewals=("2025-26",)), date(2026, 12, 1))
    assert worker.status == "in_progress"
    assert worker.previous_year is not None and worker.previous_year.outcome == "submitted"


@pytest.mark.parametrize(
    ("registered_on", "status"),
    [(date(2026, 8, 31), "at_risk"), (date(2026, 9, 1), "exempt"), (date(2026, 9, 20), "exempt")],
)
def test_joined_or_restored_on_or_after_1_september_is_exempt(
    registered_on: date, status: str
) -> None:
    # The profile field holds the date the worker joined or was last restored.
    worker = one(inputs(registered_on=registered_on), date(2026, 11, 22))
    assert worker.status == status


def test_restored_after_a_missed_deadline_is_no_longer_shown_as_missed() -> None:
    restored = inputs(item(date(2026, 3, 1)), registered_on=date(2026, 12, 10))
    worker = one(restored, date(2026, 12, 15))
    assert worker.status == "in_progress"
    assert worker.previous_year is not None and worker.previous_year.outcome == "exempt"


def test_a_draft_reflection_does_not_count_and_the_submitted_one_does() -> None:
    peer_draft = item(
        date(2026, 5, 1), reflected=False, peer_reflected=True, has_draft_reflection=True
    )
    drafted = one(inputs(item(date(2026, 3, 1)), peer_draft), date(2026, 11, 22))
    assert drafted.status == "at_risk"
    assert (drafted.cpd.reflected, drafted.cpd.peer_reflected) == (1, 0)
    assert "your draft is not submitted yet" in drafted.gaps[0].message
    submitted = one(
        inputs(item(date(2026, 3, 1)), item(date(2026, 5, 1), peer_reflected=True)),
        date(2026, 11, 22),
    )
    assert submitted.status == "ready"


def test_a_peer_discussion_course_counts_only_with_the_workers_own_peer_reflection() -> None:
    group = dict(title="Reflective practice group", **PEER_GROUP)
    # Completed, nothing written: the rule's prompts satisfy nothing (the old false "ready").
    bare = one(
        inputs(item(date(2026, 2, 2)), item(date(2026, 3, 3), reflected=False, **group)),
        date(2026, 11, 22),
    )
    assert bare.status == "at_risk"
    assert (bare.cpd.reflected, bare.cpd.peer_reflected) == (1, 0)
    peer_gap = next(g for g in bare.gaps if g.code == "SWE_PEER_REFLECTION")
    assert (
        "You took part in 'Reflective practice group' on 3 March 2026" in peer_gap.message
        and "write up your peer reflection" in peer_gap.message
    )
    # Reflected without the peer part: still no peer reflection.
    no_peer = one(
        inputs(item(date(2026, 2, 2)), item(date(2026, 3, 3), **group)), date(2026, 11, 22)
    )
    assert (no_peer.status, no_peer.cpd.peer_reflected) == ("at_risk", 0)
    # With the worker's own peer reflection: ready.
    written = one(
        inputs(item(date(2026, 2, 2)), item(date(2026, 3, 3), peer_reflected=True, **group)),
        date(2026, 11, 22),
    )
    assert (written.status, written.cpd.peer_reflected) == ("ready", 1)


def test_a_declaration_counts_while_it_stands_and_not_once_withdrawn() -> None:
    declared = item(date(2026, 3, 3), reflected=False, peer_recorded_on_swe=True)
    standing = one(inputs(item(date(2026, 2, 2)), declared), date(2026, 11, 22))
    assert (standing.status, standing.cpd.reflected, standing.cpd.peer_reflected) == ("ready", 2, 1)
    withdrawn = item(date(2026, 3, 3), reflected=False)  # both flags back to false
    after = one(inputs(item(date(2026, 2, 2)), withdrawn), date(2026, 11, 22))
    assert (after.status, after.cpd.reflected, after.cpd.peer_reflected) == ("at_risk", 1, 0)


def test_a_renewal_declared_is_submitted_and_withdrawn_is_ready_again() -> None:
    declared = one(inputs(*ready().cpd, renewals=("2025-26",)), date(2026, 11, 22))
    assert (declared.status, declared.gaps) == ("submitted", [])
    withdrawn = one(ready(), date(2026, 11, 22))
    assert withdrawn.status == "ready"
    (steps,) = withdrawn.gaps
    assert steps.code == "SWE_RENEWAL_STEPS" and steps.severity == "renewal"
    assert "Submit the registration renewal application form" in steps.message
    assert "Pay the registration fee" in steps.message
    assert (
        "cpdsync cpd renewal jo.smith@council.example --year 2025-26 --submitted" in steps.message
    )


def test_the_renewal_steps_name_the_pieces_not_yet_declared_on_swe() -> None:
    declared = item(date(2026, 3, 3), reflected=False, peer_recorded_on_swe=True)
    worker = one(inputs(item(date(2026, 2, 2), title="Court skills"), declared), date(2026, 11, 22))
    (steps,) = worker.gaps
    assert "not yet declared recorded there: 'Court skills'" in steps.message
    assert steps.entries == [worker.detail.entries[1].entry_id]


def test_previous_year_outcomes_and_none_before_swes_first_year() -> None:
    people = [
        inputs(
            item(date(2025, 2, 1)), item(date(2025, 3, 1), peer_reflected=True), key=1, name="A Met"
        ),
        inputs(key=2, name="B Missed"),
        inputs(key=3, name="C Submitted", renewals=("2024-25",)),
        inputs(key=4, name="D Exempt", registered_on=date(2025, 9, 1)),
    ]
    found = {
        w.worker.name: w.previous_year.outcome
        for w in report(*people, as_of=date(2026, 11, 22)).workers
        if w.previous_year
    }
    assert found == {
        "A Met": "met",
        "B Missed": "missed",
        "C Submitted": "submitted",
        "D Exempt": "exempt",
    }
    first = one(inputs(), date(2020, 3, 1))
    assert first.previous_year is None


def test_a_past_year_reports_its_outcome_as_of_its_deadline() -> None:
    late = item(date(2026, 1, 10), peer_reflected=True)  # dated in 2025-26, too late for 2024-25
    people = [
        inputs(
            item(date(2025, 2, 1)), item(date(2025, 3, 1), peer_reflected=True), key=1, name="A"
        ),
        inputs(item(date(2025, 2, 1)), late, key=2, name="B"),
        inputs(key=3, name="C", renewals=("2024-25",)),
    ]
    past = report(*people, as_of=date(2026, 11, 22), year="2024-25")
    assert past.registration_year.label == "2024-25"
    assert past.days_to_deadline < 0
    statuses = {w.worker.name: w.status for w in past.workers}
    assert statuses == {"A": "ready", "B": "missed", "C": "submitted"}
    assert [w.worker.name for w in past.workers] == ["B", "A", "C"]  # most urgent first
    missed = next(w for w in past.workers if w.worker.name == "B")
    assert codes(missed)[0] == "SWE_RENEWAL_MISSED"
    assert "30 November 2025" in missed.gaps[0].message


def test_a_years_rules_can_be_provisional_with_a_note_for_workers() -> None:
    settled = report(gap_open(), as_of=date(2026, 11, 30))
    assert (
        settled.registration_year.rules_provisional,
        settled.registration_year.provisional_note,
    ) == (
        False,
        None,
    )
    provisional = report(gap_open(), as_of=date(2026, 12, 1))
    assert provisional.registration_year.rules_provisional
    note = provisional.registration_year.provisional_note or ""
    assert "plans to consult on changing its CPD requirements in 2026-27" in note
    assert "reported by Community Care" in note


def test_team_views_are_most_urgent_first_then_by_name() -> None:
    people = [
        inputs(*ready().cpd, key=1, name="Ann Ready"),
        inputs(key=2, name="Zed Risk"),
        inputs(key=3, name="Bea Exempt", registered_on=date(2026, 9, 2)),
        inputs(*ready().cpd, key=4, name="Cal Submitted", renewals=("2025-26",)),
        inputs(key=5, name="Amy Risk"),
    ]
    order = [(w.worker.name, w.status) for w in report(*people, as_of=date(2026, 11, 22)).workers]
    assert order == [
        ("Amy Risk", "at_risk"),
        ("Zed Risk", "at_risk"),
        ("Ann Ready", "ready"),
        ("Cal Submitted", "submitted"),
        ("Bea Exempt", "exempt"),
    ]
