"""The CPD and council gaps of the readiness report (docs/readiness.md) in words a social worker
understands, with the entries they concern and the courses that close them.

Every message says what is missing, by when, and what to do next, naming the exact command. A
course whose rule prompts a reflection or a peer discussion (``reflection: included``,
``peer_reflection: true``) only words the gap ("you took part in … on 3 March: write up your
peer reflection") and ranks suggestions; only the worker's own words or declarations count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cpdsync.readiness.calendar import RegistrationYear
from cpdsync.readiness.inputs import CourseOffer, CpdItem
from cpdsync.readiness.offers import pick
from cpdsync.readiness.report_model import (
    SEVERITY,
    CoverageView,
    Gap,
    GapCode,
    RequirementView,
    SuggestedCourse,
    plural,
)
from cpdsync.readiness.superseded import EndedFramework
from cpdsync.timeutil import uk_day

MAX_NAMED_ENTRIES = 6


@dataclass(frozen=True)
class Context:
    year: RegistrationYear
    as_of: date
    offers: tuple[CourseOffer, ...]  # available courses for this worker's role and site
    # Framework item id -> title, so workers read "Safeguarding", not an id; ids are the
    # fallback when a title is not known.
    item_titles: Mapping[str, str] = field(default_factory=dict)
    # Frameworks with a last day in force, by id (readiness/superseded.py).
    ended: Mapping[str, EndedFramework] = field(default_factory=dict)
    who: str = "WORKER"  # the worker as commands name them (their email)

    def item_label(self, item_id: str) -> str:
        title = self.item_titles.get(item_id)
        return f"{title} ({item_id})" if title else item_id

    def deadline_text(self) -> str:
        return f"23:59 on {uk_day(self.year.deadline)}"

    def by_deadline(self) -> str:
        left = self.year.days_to_deadline(self.as_of)
        if left < 0:
            return f"by the deadline, {self.deadline_text()}, which has passed"
        if left == 0:
            return f"by {self.deadline_text()} - that is today"
        return f"by {self.deadline_text()} ({plural(left, 'day')} left)"


def gap(
    code: GapCode,
    message: str,
    courses: Iterable[SuggestedCourse] = (),
    entries: Iterable[int] = (),
) -> Gap:
    return Gap(
        code=code,
        severity=SEVERITY[code],
        message=message,
        entries=list(entries),
        suggested_courses=list(courses),
    )


def entry_name(item: CpdItem) -> str:
    return f"'{item.title}' ({uk_day(item.activity_date)}, entry {item.entry_id})"


def _named(items: Sequence[CpdItem], describe: Callable[[CpdItem], str]) -> str:
    text = "; ".join(describe(item) for item in items[:MAX_NAMED_ENTRIES])
    more = len(items) - MAX_NAMED_ENTRIES
    return text + (f"; and {plural(more, 'other')}" if more > 0 else "")


def cpd_count(ctx: Context, have: int, need: int, done_courses: set[int]) -> Gap:
    missing = need - have
    year = ctx.year
    return gap(
        "SWE_CPD_COUNT",
        f"You have {plural(have, 'piece')} of CPD dated between {uk_day(year.start)} and "
        f"{uk_day(year.end)}; Social Work England needs at least {need} different pieces "
        f"{ctx.by_deadline()}. Record {plural(missing, 'more piece')}: complete one of the "
        "courses below, or add CPD done outside Moodle (supervision, reading, a conference) "
        f"with `cpdsync cpd add {ctx.who}`, then write its reflection.",
        pick(
            ctx.offers,
            lambda o: o.courseid not in done_courses,
            lambda o: 2 * o.reflection_included + o.peer_reflection,
        ),
    )


def _reflection_rank(item: CpdItem) -> tuple[int, date, int]:
    # Closest to counting first: a draft, then a course that asked for a reflection.
    nearness = 0 if item.has_draft_reflection else (1 if item.prompts_reflection else 2)
    return (nearness, item.activity_date, item.entry_id)


def _needs_reflection(item: CpdItem) -> str:
    if item.has_draft_reflection:
        return entry_name(item) + " - your draft is not submitted yet"
    if item.prompts_reflection or item.prompts_peer:
        return entry_name(item) + " - the course asked for your reflection: write it up"
    return entry_name(item)


def cpd_reflection(ctx: Context, unreflected: Sequence[CpdItem], still_needed: int) -> Gap:
    ranked = sorted(unreflected, key=_reflection_rank)
    first = ranked[0].entry_id
    return gap(
        "SWE_CPD_REFLECTION",
        "A piece of CPD only counts once you have written what you learnt and the impact on "
        "your practice, or recorded it in your Social Work England account. "
        f"{plural(still_needed, 'more reflected piece')} needed {ctx.by_deadline()}. "
        f"Needing a reflection: {_named(ranked, _needs_reflection)}. Write one with "
        f"`cpdsync cpd reflect ENTRY` (for example `cpdsync cpd reflect {first}`); if you have "
        "already recorded it in your Social Work England account, say so with "
        f"`cpdsync cpd reflect {first} --recorded-on-swe`.",
        entries=[item.entry_id for item in ranked],
    )


def _took_part(item: CpdItem) -> str:
    day = uk_day(item.activity_date)
    return f"you took part in '{item.title}' on {day} (entry {item.entry_id})"


def peer_reflection(ctx: Context, pieces: Sequence[CpdItem], need: int) -> Gap:
    prompted = [p for p in pieces if p.prompts_peer and not p.peer_reflected]
    done = {p.courseid for p in pieces if p.courseid is not None}  # write those up instead
    reflected = [p for p in pieces if p.reflected and not p.peer_reflected and not p.prompts_peer]
    parts = [
        f"At least {plural(need, 'piece')} of your CPD must include a peer reflection - what "
        "you learnt from discussing it with a peer such as a social work colleague, your "
        f"supervisor or another professional who knows your practice - {ctx.by_deadline()}."
    ]
    if prompted:
        first = prompted[0].entry_id
        took_part = _named(prompted, _took_part)
        parts.append(
            f"{took_part[0].upper()}{took_part[1:]}: write up your peer reflection with "
            f"`cpdsync cpd reflect {first}` (or, if it is already in your Social Work England "
            f"account with its peer reflection, `cpdsync cpd reflect {first} "
            "--peer-recorded-on-swe`)."
        )
    if reflected:
        parts.append(
            "You can add a peer reflection to a piece you have already reflected on, e.g. "
            f"{entry_name(reflected[0])}, with `cpdsync cpd reflect {reflected[0].entry_id}`."
        )
    parts.append(
        "Or join one of the peer discussion sessions below, or record a supervision or team "
        f"reflection with `cpdsync cpd add {ctx.who}`."
    )
    return gap(
        "SWE_PEER_REFLECTION",
        " ".join(parts),
        pick(
            ctx.offers,
            lambda o: (
                (o.peer_reflection or o.cpd_type == "peer_discussion") and o.courseid not in done
            ),
            lambda o: 2 * o.peer_reflection + o.reflection_included,
        ),
        entries=[p.entry_id for p in prompted] + [p.entry_id for p in reflected[:1]],
    )


def roster_no_moodle_account(sources: Sequence[str]) -> Gap:
    where = f" ({', '.join(sources)})" if sources else ""
    return gap(
        "ROSTER_NO_MOODLE_ACCOUNT",
        f"You are on the council's roster of social workers{where}, but no Moodle account was "
        "found with your email or staff number, so none of your Moodle courses can count here. "
        "Ask your Moodle administrator to create your account, or HR to correct the roster. "
        "CPD done elsewhere still counts: record it with `cpdsync cpd add`.",
    )


def swe_number_missing() -> Gap:
    return gap(
        "SWE_NUMBER_MISSING",
        "Your Social Work England registration number (like SW123456) is missing or unreadable "
        "in your Moodle profile. Add it to your profile, or ask your Moodle administrator to, "
        "so your CPD can be matched to your registration.",
    )


def requirement(ctx: Context, view: RequirementView) -> Gap | None:
    courses = pick(ctx.offers, lambda o: view.id in o.satisfies, lambda o: 0)
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
    uncovered = set(view.uncovered)
    courses = pick(
        ctx.offers,
        lambda o: bool(uncovered.intersection(o.capabilities)),
        lambda o: len(uncovered.intersection(o.capabilities)),
    )
    return gap(
        "KSS_COVERAGE",
        f"The council asks {role_name} to cover at least {view.min_items} items of "
        f"{view.framework} with CPD dated since {uk_day(view.window_start)}; yours covers "
        f"{len(view.covered)}. Not yet covered: {shown}. "
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
