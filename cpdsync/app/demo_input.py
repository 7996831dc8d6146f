"""What the sample council's workers write and declare in the demo, so that its readiness shows
every status a council meets in the renewal window.

The sample council's Moodle data is fixed (completions up to November 2026), and the demo
assesses it on a fixed date, 22 November 2026, so it looks the same on any day. Its workers
act as people do, each in one of a few ways (``PERSONAS``), dealt in turn to the workers with
at least two pieces of CPD in 2025-26 (by email, so extra workers in the sample data only add
rows): some write their reflections, some declare pieces recorded on their Social Work England
account, one declares the renewal submitted, some leave a draft or forget the peer reflection,
some do nothing. For the year before, most declare their renewal submitted and some wrote
reflections, as a council importing its records would have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from cpdsync.app.cpd import list_entries
from cpdsync.app.rules import packaged_rules
from cpdsync.app.worker_values import find_worker
from cpdsync.readiness.calendar import RegistrationYear, year_of
from cpdsync.records.cpd import EntryView, ReflectionText, get_entry, save_reflection
from cpdsync.records.declarations import EntryDeclaration, declare_entry, declare_renewal
from cpdsync.records.worker_reads import worker_emails
from cpdsync.timeutil import UK

DEMO_DATE = date(2026, 11, 22)  # in the 2025-26 renewal window, 8 days before the deadline
ACTOR = "demo"


@dataclass
class DemoInput:
    """How many reflections, entry declarations and renewal declarations the demo wrote."""

    reflections: int = 0
    declarations: int = 0
    renewals: int = 0


@dataclass(frozen=True)
class _Worker:
    session: Session
    email: str
    worker_id: int
    entries: list[EntryView]  # this year's, oldest first, peer discussions first
    now: datetime
    tally: DemoInput
    voice: int  # which of the sample wordings this worker writes in

    def reflect(self, view: EntryView, *, peer: bool, draft: bool = False) -> None:
        entry = get_entry(self.session, view.id)
        text = _text(view.title, peer, draft, self.voice)
        save_reflection(self.session, entry, text, actor=ACTOR, now=self.now)
        self.tally.reflections += 1

    def declare(self, view: EntryView, *, peer: bool) -> None:
        entry = get_entry(self.session, view.id)
        change = EntryDeclaration(recorded_on_swe=True, peer_recorded_on_swe=peer or None)
        declare_entry(self.session, entry, change, actor=ACTOR, now=self.now)
        self.tally.declarations += 1

    def renew(self, label: str, now: datetime) -> None:
        declare_renewal(self.session, self.worker_id, label, submitted=True, actor=ACTOR, now=now)
        self.tally.renewals += 1


# Each sample worker writes in their own words, as real ones do: SWE looks for records that
# are the same from one worker to the next. 6 x 6 voices, more than the sample workers.
_LEARNT = (
    "'{title}' made me question how quickly I settle on a first explanation.",
    "From '{title}' I took a clearer sense of where my duties begin and end.",
    "'{title}' gave me words for something I had only half noticed on visits.",
    "'{title}' showed me how much the families I see rely on what I write down.",
    "The case studies in '{title}' were closer to my caseload than I expected.",
    "'{title}' reminded me to ask what the person thinks is going wrong, first.",
)
_IMPACT = (
    "I now plan each visit around what the person wants to get out of it.",
    "My case notes separate what I saw from what I concluded.",
    "I check my hypotheses with a colleague before I write an assessment up.",
    "I explain my role and its limits at the first meeting, not later.",
    "I write my analysis before my recommendations, so the reasons are visible.",
    "I share the plan with the family in writing after each review.",
)
_PEER = (
    "My supervisor pointed out where I had moved from facts to opinion.",
    "A colleague in the team meeting suggested a simpler way to explain it to families.",
    "Talking it through with a senior practitioner showed me where to apply it first.",
)


def _text(title: str, peer: bool, draft: bool, voice: int) -> ReflectionText:
    return ReflectionText(
        learnt=_LEARNT[voice % len(_LEARNT)].format(title=title),
        impact=_IMPACT[(voice // len(_LEARNT)) % len(_IMPACT)],
        peer_reflection=_PEER[voice % len(_PEER)] if peer else None,
        peer_role="Practice supervisor" if peer else None,
        draft=draft,
    )


def _writes_both(w: _Worker) -> None:  # ready: two reflections, the first with a peer
    w.reflect(w.entries[0], peer=True)
    w.reflect(w.entries[1], peer=False)


def _submits(w: _Worker) -> None:  # submitted: reflections written and the renewal declared
    _writes_both(w)
    w.renew(year_of(w.now.date(), rules=packaged_rules().calendar).label, w.now)


def _declares(w: _Worker) -> None:  # ready: both recorded on SWE, one with its peer reflection
    w.declare(w.entries[0], peer=True)
    w.declare(w.entries[1], peer=False)


def _drafts(w: _Worker) -> None:  # at risk: one reflection left as a draft
    w.reflect(w.entries[0], peer=True, draft=True)
    w.reflect(w.entries[1], peer=False)


def _forgets_peer(w: _Worker) -> None:  # at risk: two reflections, no peer reflection
    w.reflect(w.entries[0], peer=False)
    w.reflect(w.entries[1], peer=False)


def _nothing(w: _Worker) -> None:  # at risk: completions only, nothing written
    return None


PERSONAS: tuple[Callable[[_Worker], None], ...] = (
    _writes_both,
    _forgets_peer,
    _declares,
    _nothing,
    _drafts,
    _submits,
    _writes_both,
    _nothing,
)


def _year_entries(session: Session, email: str, year: RegistrationYear) -> list[EntryView]:
    _, entries = list_entries(session, email, year)
    live = [e for e in entries if e.retired is None]
    # One entry per course title, peer discussions first (where a peer reflection belongs).
    unique = list({e.title: e for e in live}.values())
    return sorted(unique, key=lambda e: (e.prompts != "peer", e.activity_date, e.id))


def write_demo_input(session: Session) -> DemoInput:
    """Write the sample workers' reflections and declarations for 2025-26 and 2024-25 (see the
    module's docstring); return how many of each were written."""
    calendar = packaged_rules().calendar
    year = year_of(DEMO_DATE, rules=calendar)
    previous = year_of(year.start - timedelta(days=1), rules=calendar)
    now = datetime.combine(DEMO_DATE, time(9), tzinfo=UK)
    last_year_now = datetime.combine(previous.deadline - timedelta(days=15), time(9), tzinfo=UK)
    tally = DemoInput()
    dealt = 0
    for email in worker_emails(session):
        row = find_worker(session, email)
        entries = _year_entries(session, email, year)
        worker = _Worker(session, email, row.id, entries, now, tally, voice=dealt)
        joined = row.registered_on
        if joined is None or joined < date(previous.end.year, 9, 1):
            _last_year(worker, previous, last_year_now, dealt)
        if len(entries) >= 2:
            PERSONAS[dealt % len(PERSONAS)](worker)
            dealt += 1
    return tally


def _last_year(worker: _Worker, previous: RegistrationYear, now: datetime, dealt: int) -> None:
    """Most workers declared last year's renewal submitted; every fourth wrote reflections."""
    old = _year_entries(worker.session, worker.email, previous)
    if dealt % 4 == 3 and len(old) >= 2:
        past = _Worker(
            worker.session, worker.email, worker.worker_id, old, now, worker.tally, worker.voice
        )
        _writes_both(past)
    else:
        worker.renew(previous.label, now)
