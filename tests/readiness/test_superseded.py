"""FRAMEWORK_SUPERSEDED: a local gap once a framework the worker's role covers, or their recent
CPD is mapped to, has stopped being in force; tested on the last day in force, the day it is
superseded and the day after."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from cpdsync.app.report import ended_frameworks
from cpdsync.mappings import load_frameworks
from cpdsync.mappings.definitions import Coverage, Duration, MappingSet, Role, RoleAssign
from cpdsync.readiness.engine import assess
from cpdsync.readiness.report_model import WorkerReadiness
from cpdsync.readiness.superseded import EndedFramework
from tests.readiness.builders import KSS_CF, NO_MAPPINGS, ROLE, RULES, inputs, item

# A framework whose last day in force is ``LAST``: superseded from ``LAST + 1 day``.
LAST = date(2026, 3, 31)
ENDED = {
    "KSS-CF": EndedFramework(
        id="KSS-CF",
        title="KSS for child and family practitioners",
        last_day=LAST,
        successor="CF-ECS",
        successor_title="Child and family social worker early career standards",
    )
}
COVERS_KSS = MappingSet(
    roles=(
        Role(
            id=ROLE,
            title="child and family social workers",
            assign=RoleAssign(default=True),
            coverage=Coverage(
                framework="KSS-CF", min_items=1, window=Duration(years=3, text="P3Y")
            ),
        ),
    )
)


def _assess(as_of: date, *cpd: object, mappings: MappingSet = NO_MAPPINGS) -> WorkerReadiness:
    report = assess(
        [inputs(*cpd)],  # type: ignore[arg-type]
        mappings=mappings,
        offers=[],
        frameworks=KSS_CF,
        as_of=as_of,
        rules=RULES,
        ended=ENDED,
    )
    return report.workers[0]


def _superseded(worker: WorkerReadiness) -> list[str]:
    return [g.message for g in worker.gaps if g.code == "FRAMEWORK_SUPERSEDED"]


def test_a_role_covering_the_framework_gets_the_gap_from_the_day_it_is_superseded() -> None:
    covered = item(date(2025, 12, 10), capabilities=("KSS-CF-3",))
    on_last_day = _assess(LAST, covered, mappings=COVERS_KSS)
    assert _superseded(on_last_day) == []
    superseded_today = _assess(LAST + timedelta(days=1), covered, mappings=COVERS_KSS)
    superseded_yesterday = _assess(LAST + timedelta(days=2), covered, mappings=COVERS_KSS)
    for worker in (superseded_today, superseded_yesterday):
        (message,) = _superseded(worker)
        assert message.startswith(
            "KSS for child and family practitioners (KSS-CF) stopped being in force after "
            "31 March 2026, replaced by Child and family social worker early career standards "
            "(CF-ECS) from 1 April 2026. Your role's framework target still names KSS-CF."
        )
        assert "This does not affect your registration" in message
        gap = next(g for g in worker.gaps if g.code == "FRAMEWORK_SUPERSEDED")
        assert gap.severity == "local"


def test_the_gap_is_local_and_never_changes_the_status() -> None:
    pieces = [
        item(date(2026, 2, 1), capabilities=("KSS-CF-3",)),
        item(date(2026, 2, 2), peer_reflected=True),
    ]
    before = _assess(LAST, *pieces, mappings=COVERS_KSS)
    after = _assess(LAST + timedelta(days=1), *pieces, mappings=COVERS_KSS)
    assert before.status == after.status == "ready"
    # v2: a ready worker also has the renewal steps in front of them.
    assert [g.code for g in after.gaps] == ["SWE_RENEWAL_STEPS", "FRAMEWORK_SUPERSEDED"]


def test_cpd_mapped_to_the_framework_after_its_last_day_gets_the_gap() -> None:
    day_after = LAST + timedelta(days=1)
    late = item(day_after, capabilities=("KSS-CF-5",), title="Neglect update")
    assert _superseded(_assess(day_after - timedelta(days=1), late)) == []  # not done yet
    (message,) = _superseded(_assess(day_after, late))
    assert "CPD you did since is still mapped to it: 'Neglect update' (1 April 2026)." in message
    assert "role's framework target" not in message


def test_cpd_done_while_the_framework_was_in_force_does_not_raise_it() -> None:
    in_force = item(LAST, capabilities=("KSS-CF-5",))
    unrelated = item(LAST + timedelta(days=3), capabilities=("SWE-PS-4.6",))
    assert _superseded(_assess(LAST + timedelta(days=10), in_force, unrelated)) == []


def test_no_ended_frameworks_means_no_gap() -> None:
    late = item(LAST + timedelta(days=5), capabilities=("KSS-CF-5",))
    report = assess(
        [replace(inputs(late))],
        mappings=COVERS_KSS,
        offers=[],
        frameworks=KSS_CF,
        as_of=LAST + timedelta(days=10),
        rules=RULES,
    )
    assert all(g.code != "FRAMEWORK_SUPERSEDED" for g in report.workers[0].gaps)


def test_the_packaged_kss_cf_ends_on_31_march_2027_for_the_engine() -> None:
    ended = ended_frameworks(load_frameworks())
    assert list(ended) == ["KSS-CF"]
    kss = ended["KSS-CF"]
    assert kss.last_day == date(2027, 3, 31)
    assert (kss.successor, kss.successor_title) == (
        "CF-ECS",
        "Child and family social worker early career standards",
    )
