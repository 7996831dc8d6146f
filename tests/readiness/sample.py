"""A small team report used by the renderer tests: a worker in each status the renewal
window shows (ready, at risk twice, submitted, exempt)."""

from __future__ import annotations

from datetime import date

from cpdsync.readiness.engine import assess
from cpdsync.readiness.report_model import ReadinessReport, WorkerReadiness

from .builders import KSS_CF, MAPPINGS, RULES, SAFEGUARDING, inputs, item, offer

AS_OF = date(2026, 11, 22)


def team_report(as_of: date = AS_OF, **kwargs: object) -> ReadinessReport:
    ready = inputs(
        item(
            date(2026, 2, 3),
            title="Court skills",
            capabilities=("KSS-CF-1", "SWE-PS-3.1"),
            learnt="How to give evidence.\nKeep notes.",
            impact="Clearer statements.",
        ),
        item(
            date(2026, 4, 9),
            title="Reflective practice group",
            cpd_type="peer_discussion",
            peer_reflected=True,
            capabilities=("KSS-CF-2",),
            learnt="Listening.",
            impact="Better visits.",
            peer_reflection="Talked it through.",
            peer_role="Supervisor",
        ),
        item(date(2024, 1, 9), satisfies=(SAFEGUARDING.id,), title="Safeguarding refresher"),
        name="Asha Ready",
        key=1,
        email="asha@council.example",
    )
    at_risk = inputs(
        item(
            date(2026, 5, 1),
            title='=HYPERLINK("http://x")',
            reflected=False,
            has_draft_reflection=True,
        ),
        name="Ben <b>Risk</b> & Co",
        key=2,
        email="ben@council.example",
        swe_number=None,
        unmapped=1,
    )
    exempt = inputs(
        name="Cara New", key=3, registered_on=date(2026, 9, 15), email="cara@council.example"
    )
    suspended = inputs(
        name="Dev Suspended", key=4, suspended=True, email="dev@council.example", team="Adults"
    )
    submitted = inputs(
        item(date(2026, 1, 12), title="Care planning"),
        item(date(2026, 6, 2), title="Peer supervision", peer_reflected=True),
        name="Eve Submitted",
        key=5,
        email="eve@council.example",
        renewals=("2025-26",),
    )
    offers = [
        offer(11, "Group supervision", peer_reflection=True, reflection_included=True),
        offer(12, "Safeguarding children refresher", satisfies=(SAFEGUARDING.id,)),
        offer(13, "Child development", capabilities=("KSS-CF-3",)),
    ]
    return assess(
        [ready, at_risk, exempt, suspended, submitted],
        mappings=MAPPINGS,
        offers=offers,
        frameworks=KSS_CF,
        as_of=as_of,
        **{"rules": RULES, **kwargs},  # type: ignore[arg-type]
    )


def by_name(report: ReadinessReport, name: str) -> WorkerReadiness:
    """The worker of ``report`` whose name starts with ``name`` (reports sort by urgency)."""
    return next(w for w in report.workers if w.worker.name.startswith(name))
