"""Each gap of the readiness report (docs/readiness.md) in words a social worker understands,
with the courses that close it.

Every message says what is missing, by when, and what to do next. Suggested courses are the
available Moodle courses whose mapping rule would close the gap, best first, at most
``MAX_SUGGESTIONS`` of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cpdsync.readiness.calendar import RegistrationYear
from cpdsync.readiness.inputs import CourseOffer, CpdItem
from cpdsync.readiness.report_model import (
    SEVERITY,
    CoverageView,
    Gap,
    GapCode,
    RequirementView,
    plural,
)
from cpdsync.readiness.superseded import EndedFramework
from cpdsync.timeutil import uk_day

MAX_SUGGESTIONS = 5
MAX_NAMED_ENTRIES = 6


@dataclass(frozen=True)
class Context:
    year: RegistrationYear
    as_of: date
    offers: tuple[CourseOffer, ...]  # available courses only
    # Framework item id -> title, so workers read "Safeguarding", not an id; ids are the
    # fallback when a title is not known.
    item_titles: Mapping[str, str] = field(default_factory=dict)
    # Frameworks with a last day in force, by id (readiness/superseded.py).
    ended: Mapping[str, EndedFramework] = field(default_factory=dict)

    def item_label(self, item_id: str) -> str:
        title = self.item_titles.get(item_id)
        return f"{title} ({item_id})" if title else item_id

    def by_deadline(self) -> str:
        deadline = f"23:59 on {uk_day(self.year.deadline)}"
        left = self.year.days_to_deadline(self.as_of)
        if left < 0:
            return (
                f"by the deadline, {deadline}, which has passed: contact Social Work England "
                "now about your registration"
            )
        if left == 0:
            return f"by {deadline} - that is today"
        return f"by {deadline} ({plural(left, 'day')} left)"


def gap(code: GapCode, message: str, courses: Iterable[str] = ()) -> Gap:
    return Gap(code=code, severity=SEVERITY[code], message=message, suggested_courses=list(courses))


def _pick(
    offers: Sequence[CourseOffer],
    keep: Callable[[CourseOffer], bool],
    score: Callable[[CourseOffer], int],
) -> list[str]:
    chosen = sorted((o for o in offers if keep(o)), key=lambda o: (-score(o), o.fullname))
    names: list[str] = []
    for offer in chosen:
        if offer.fullname not in names:
            names.append(offer.fullname)
    return names[:MAX_SUGGESTIONS]


def _entry(item: CpdItem) -> str:
    return f"'{item.title}' ({uk_day(item.activity_date)}, entry {item.entry_id})"


def cpd_count(ctx: Context, have: int, need: int, done_courses: set[int]) -> Gap:
    missing = need - have
    year = ctx.year
    return gap(
        "SWE_CPD_COUNT",
        f"You have {plural(have, 'piece')} of CPD dated between {uk_day(year.start)} and "
        f"{uk_day(year.end)}; Social Work England needs at least {need} different pieces "
        f"{ctx.by_deadline()}. Record {plural(missing, 'more piece')}: complete one of the "
        "courses below, or add CPD done outside Moodle (supervision, reading, a conference) "
        "with `cpdsync cpd add`, then write its reflection.",
        _pick(
            ctx.offers,
            lambda o: o.courseid not in done_courses,
            lambda o: 2 * o.reflection_included + o.peer_reflection,
        ),
    )


def cpd_reflection(ctx: Context, unreflected: Sequence[CpdItem], still_needed: int) -> Gap:
    named = "; ".join(
        _entry(item) + (" - your draft is not submitted yet" if item.has_draft_reflection else "")
        for item in unreflected[:MAX_NAMED_ENTRIES]
    )
    more = len(unreflected) - MAX_NAMED_ENTRIES
    if more > 0:
        named += f"; and {plural(more, 'other')}"
    first = unreflected[0].entry_id
    return gap(
        "SWE_CPD_REFLECTION",
        f"A piece of CPD only counts once you have written what you learnt and the impact on "
        f"your practice. {plural(still_needed, 'more reflected piece')} needed "
        f"{ctx.by_deadline()}. Needing a reflection: {named}. Write one with "
        f"`cpdsync cpd reflect ENTRY` (for example `cpdsync cpd reflect {first}`), then copy it "
        "into your Social Work England account.",
    )


def peer_reflection(
    ctx: Context, reflected: Sequence[CpdItem], pending: Sequence[CpdItem], need: int
) -> Gap:
    parts = [
        f"At least {plural(need, 'piece')} of your CPD must include a peer reflection - what "
        "you learnt from discussing it with a peer such as a social work colleague, your "
        f"supervisor or another professional who knows your practice - {ctx.by_deadline()}."
    ]
    if pending:
        parts.append(
            "These peer discussions will count once their reflection is finished and "
            "submitted: " + "; ".join(_entry(i) for i in pending[:MAX_NAMED_ENTRIES]) + "."
        )
    if reflected:
        parts.append(
            "You can add a peer reflection to a piece you have already reflected on, e.g. "
            f"{_entry(reflected[0])}, with `cpdsync cpd reflect {reflected[0].entry_id}`."
        )
    parts.append(
        "Or join one of the peer discussion sessions below, or record a supervision or "
        "team reflection with `cpdsync cpd add`."
    )
    return gap(
        "SWE_PEER_REFLECTION",
        " ".join(parts),
        _pick(
            ctx.offers,
            lambda o: o.peer_reflection or o.cpd_type == "peer_discussion",
            lambda o: 2 * o.peer_reflection + o.reflection_included,
        ),
    )


def swe_number_missing() -> Gap:
    return gap(
        "SWE_NUMBER_MISSING",
        "Your Social Work England registration number (like SW123456) is missing or unreadable "
        "in your Moodle profile. Add it to your profile, or ask your Moodle administrator to, "
        "so your CPD can be matched to your registration.",
    )


def requirement(ctx: Context, view: RequirementView) -> Gap | None:
    courses = _pick(ctx.offers, lambda o: view.id in o.satisfies, lambda o: 0)
    take = "Book one of the courses below." if courses else "Ask L&D which course to book."
    if view.state == "missing":
        return gap(
            "MANDATORY_MISSING",
            f"The council asks you to complete '{view.title}' and there is no record of it. "
            + take,
            courses,
        )
    if view.last_done is None or view.expires is None:  # only a missing requirement lacks them
        return None
    if view.state == "expired":
        return gap(
            "MANDATORY_EXPIRED",
            f"Your '{view.title}' training (last done {uk_day(view.last_done)}) expired on "
            f"{uk_day(view.expires)}. Refresh it as soon as you can. " + take,
            courses,
        )
    if view.state == "expiring":
        return gap(
            "MANDATORY_EXPIRING",
            f"Your '{view.title}' training (last done {uk_day(view.last_done)}) expires on "
            f"{uk_day(view.expires)}, before the renewal deadline of "
            f"{uk_day(ctx.year.deadline)}. Refresh it before then. " + take,
            courses,
        )
    return None


def coverage(ctx: Context, view: CoverageView, role_name: str) -> Gap:
    shown = "; ".join(ctx.item_label(i) for i in view.uncovered[:10]) + (
        " and more" if len(view.uncovered) > 10 else ""
    )
    covered = len(view.covered)
    uncovered = set(view.uncovered)
    courses = _pick(
        ctx.offers,
        lambda o: bool(uncovered.intersection(o.capabilities)),
        lambda o: len(uncovered.intersection(o.capabilities)),
    )
    return gap(
        "KSS_COVERAGE",
        f"The council asks {role_name} to cover at least {view.min_items} items of "
        f"{view.framework} with CPD dated since {uk_day(view.window_start)}; yours covers "
        f"{covered}. Not yet covered: {shown}. "
        + (
            "The courses below cover some of them."
            if courses
            else "Talk to your supervisor or L&D about CPD that covers them."
        ),
        courses,
    )


def unmapped(count: int) -> Gap:
    return gap(
        "UNMAPPED_COMPLETIONS",
        f"{plural(count, 'Moodle course completion')} of yours "
        f"{'is' if count == 1 else 'are'} not mapped to CPD yet, so "
        f"{'it does' if count == 1 else 'they do'} not appear in this report. L&D can map the "
        "course (see `cpdsync mappings coverage`); or record it yourself with `cpdsync cpd add`.",
    )
