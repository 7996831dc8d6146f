"""A realistic, reproducible council for the simulator: ``cpdsync simulator generate``.

The same arguments always give the same file. The scheme (profile fields, categories, course
idnumber prefixes, tags, custom fields) is what the example mappings are written against:

- profile fields ``swenumber`` (``SW`` + 6 digits, ~3% missing, a few verbatim oddities),
  ``sweregistered`` (YYYY-MM-DD; ~3% joined on or after 1 September of the renewal year),
  ``jobrole`` and ``team``;
- categories Safeguarding (Children, Adults), Practice Skills, Legal, Leadership, Mandatory,
  Reflective Practice;
- course idnumbers SG-CH-NN, SG-AD-NN, PS-NN, LEG-NN, LDR-NN, MAN-SGREFRESH-CH,
  MAN-SGREFRESH-AD, MAN-DATAPROT, MAN-MCA, RPG-NN (peer discussion, completed by role) and
  INFO-NN (completion disabled); one course has completion enabled with no criteria;
- a cohort ``SW-REGISTERED`` of the registered social workers: everyone but the workers who
  left, plus new starters (about 1 in 20, at least two) who joined the council in the last
  weeks and have no enrolments yet — the workers a roster must not lose.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from cpdsync.errors import UsageError
from cpdsync.simulator import generate_people as people
from cpdsync.simulator.council_scheme import (
    COUNCILS,
    HOURS,
    MANDATORY,
    MONTH_WEIGHTS,
    MONTHS,
    PROVIDERS,
    SUMMARY_FOCUS,
    TRACKS,
)
from cpdsync.simulator.dataset import (
    Category,
    Cohort,
    Completion,
    Course,
    Criterion,
    Dataset,
    Enrolment,
    SiteInfo,
    User,
)

LONDON = ZoneInfo("Europe/London")
FIRST_COURSE_ID = 2  # 1 is the front page
MIN_COURSES = 12
ROSTER_COHORT = ("SW-REGISTERED", "Registered social workers")


def generate(
    *, workers: int, courses: int, years: int = 3, seed: int = 1, as_of: dt.date | None = None
) -> Dataset:
    """Return a council of ``workers`` and ``courses`` with ``years`` registration years of
    completions up to ``as_of``; raise UsageError when a size is out of range."""
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    if courses < MIN_COURSES:
        raise UsageError(f"--courses must be at least {MIN_COURSES}, not {courses}")
    if years < 1:
        raise UsageError(f"--years must be at least 1, not {years}")
    as_of = as_of or dt.datetime.now(LONDON).date()
    rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not security
    council = rng.choice(COUNCILS)
    categories = _categories()
    course_list = _courses(rng, courses, {c.name: c.id for c in categories})
    users = people.workers(rng, workers, council, as_of)
    enrolments, completions, leavers = _activity(rng, users, course_list, years, as_of)
    # Drawn last, so the rest of the council is the same as without them.
    starters = people.new_starters(rng, max(2, workers // 20), users, as_of)
    idnumber, name = ROSTER_COHORT
    members = [u.id for u in users if u.id not in leavers] + [u.id for u in starters]
    return Dataset(
        site=SiteInfo(sitename=f"{council} Council Learning Zone"),
        users=users + starters,
        categories=categories,
        courses=course_list,
        enrolments=enrolments,
        completions=completions,
        cohorts=[Cohort(id=1, idnumber=idnumber, name=name, members=members)],
    )


def _categories() -> list[Category]:
    names = [
        ("Safeguarding", 0),
        ("Children", 2),
        ("Adults", 2),
        ("Practice Skills", 0),
        ("Legal", 0),
        ("Leadership", 0),
        ("Mandatory", 0),
        ("Reflective Practice", 0),
    ]
    return [Category(id=i + 2, name=n, parent=p) for i, (n, p) in enumerate(names)]


class _CourseList:
    """The courses made so far, numbered from FIRST_COURSE_ID in the order they are added."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.courses: list[Course] = []

    def add(
        self, idnumber: str, fullname: str, categoryid: int, tags: tuple[str, ...], **kw: Any
    ) -> None:
        custom = kw.pop("customfields", None)
        if custom is None:
            custom = {"cpdhours": self.rng.choice(HOURS), "cpdprovider": self.rng.choice(PROVIDERS)}
        focus = SUMMARY_FOCUS.get(tags[0] if tags else "", SUMMARY_FOCUS[""])
        provider = custom.get("cpdprovider", "the council")
        summary = (
            f"<p><strong>{html.escape(fullname)}</strong>, run by {provider}.</p><p>{focus}</p>"
        )
        self.courses.append(
            Course(
                id=FIRST_COURSE_ID + len(self.courses),
                shortname=idnumber,
                fullname=fullname,
                idnumber=idnumber,
                categoryid=categoryid,
                customfields=custom,
                tags=list(tags),
                summary=summary,
                **kw,
            )
        )


def _courses(rng: random.Random, total: int, cat: dict[str, int]) -> list[Course]:
    made = _CourseList(rng)
    for idnumber, title, tags in MANDATORY:
        made.add(idnumber, title, cat["Mandatory"], tags)
    n_info = max(1, total // 15)
    n_rpg = max(2, total // 10)
    for i in range(n_rpg):
        made.add(
            f"RPG-{i + 1:02d}",
            f"Reflective Practice Group {i + 1}",
            cat["Reflective Practice"],
            ("peer-discussion",),
            criteria=["role"],
            customfields={"cpdhours": "1.5", "cpdprovider": "Principal Social Worker"},
        )
    _track_courses(made, total - len(made.courses) - n_info, cat)
    for i in range(n_info):
        made.add(
            f"INFO-{i + 1:02d}",
            f"Service Information Pack {i + 1}",
            cat["Practice Skills"],
            (),
            enablecompletion=False,
            criteria=[],
            customfields={"cpdprovider": "Workforce Development"},
        )
    return made.courses


def _track_courses(made: _CourseList, count: int, cat: dict[str, int]) -> None:
    """Add ``count`` courses taking the tracks in turn, each track's titles in turn."""
    category_of = {
        "children": cat["Children"],
        "adults": cat["Adults"],
        "practice": cat["Practice Skills"],
        "legal": cat["Legal"],
        "leadership": cat["Leadership"],
    }
    counters = dict.fromkeys(TRACKS, 0)
    tracks = list(TRACKS)
    for i in range(count):
        prefix = tracks[i % len(tracks)]
        key, stems, tags = TRACKS[prefix]
        counters[prefix] += 1
        n = counters[prefix]
        stem = stems[(n - 1) % len(stems)]
        title = stem if n <= len(stems) else f"{stem} (part {(n - 1) // len(stems) + 1})"
        criteria: list[Criterion] = ["activity"] if n % 4 == 2 else ["self"]
        if prefix == "PS" and n == 3:
            criteria = []  # completion enabled, no criteria: Moodle answers nocriteriaset
        made.add(
            f"{prefix}-{n:02d}",
            title,
            category_of[key],
            tags,
            criteria=criteria,
            visible=not (prefix == "LEG" and n == 4),
        )


def _timestamp(day: dt.date, rng: random.Random) -> int:
    moment = dt.datetime.combine(day, dt.time(rng.randrange(8, 18), rng.randrange(60)), LONDON)
    return int(moment.timestamp())


@dataclass
class _Activity:
    """What a generated council's workers did: shared by the steps of ``_activity``."""

    rng: random.Random
    peer: list[Course]  # completable peer-discussion courses
    other: list[Course]  # other completable courses
    idle: list[Course]  # courses nobody can complete
    as_of: dt.date
    latest: dt.date  # completion times stay before the as-of date
    enrolments: list[Enrolment] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)


def _activity(
    rng: random.Random, users: list[User], courses: list[Course], years: int, as_of: dt.date
) -> tuple[list[Enrolment], list[Completion], set[int]]:
    """Return the enrolments and completions of ``users``, and the ids of those who left."""
    completable = [c for c in courses if c.enablecompletion and c.criteria]
    peer = [c for c in completable if "peer-discussion" in c.tags]
    other = [c for c in completable if c not in peer]
    idle = [c for c in courses if c not in completable]
    work = _Activity(rng, peer, other, idle, as_of, as_of - dt.timedelta(days=1))
    current = people.year_start(as_of)
    first_year = current.year - years + 1
    leavers: set[int] = set()
    for user in users:
        joined = dt.date.fromisoformat(user.customfields["sweregistered"])
        left = rng.random() < 0.03
        done: set[int] = set()
        for year in range(first_year, current.year + 1):
            _complete_year(work, user, year, year == current.year, joined, done)
        _enrol_unfinished(work, user, done)
        if left:
            _leave(work, user)
            leavers.add(user.id)
    return work.enrolments, work.completions, leavers


def _complete_year(
    work: _Activity, user: User, year: int, is_current: bool, joined: dt.date, done: set[int]
) -> None:
    """Enrol ``user`` on, and complete, a few courses in registration year ``year``."""
    rng = work.rng
    start = max(dt.date(year, 12, 1), joined)
    end = min(dt.date(year + 1, 11, 30), work.latest)
    if start > end:
        return
    roll = rng.random()
    pieces = 0 if roll < 0.08 else 1 if roll < 0.18 else rng.randrange(2, 6)
    chosen = rng.sample(work.other, min(pieces, len(work.other)))
    if work.peer and rng.random() < (0.7 if is_current else 0.8):
        chosen.append(rng.choice(work.peer))
    for course in chosen:
        if course.id in done:
            continue
        done.add(course.id)
        day = _completion_day(rng, year, start, end)
        when = _timestamp(day, rng)
        work.enrolments.append(
            Enrolment(
                userid=user.id,
                courseid=course.id,
                timestart=when - rng.randrange(7, 60) * 86400,
            )
        )
        work.completions.append(Completion(userid=user.id, courseid=course.id, timecompleted=when))


def _enrol_unfinished(work: _Activity, user: User, done: set[int]) -> None:
    """Enrol ``user`` on two courses not (yet) complete, a few of them starting later."""
    rng = work.rng
    for course in rng.sample(work.other + work.idle, 2):
        if course.id not in done:
            done.add(course.id)
            status: Literal["active", "suspended"] = (
                "suspended" if rng.random() < 0.05 else "active"
            )
            start_ts = _timestamp(work.latest - dt.timedelta(days=rng.randrange(1, 90)), rng)
            if rng.random() < 0.04:
                start_ts = _timestamp(work.as_of + dt.timedelta(days=rng.randrange(5, 40)), rng)
            work.enrolments.append(
                Enrolment(userid=user.id, courseid=course.id, status=status, timestart=start_ts)
            )


def _leave(work: _Activity, user: User) -> None:
    """End every enrolment of ``user``, who left the council recently."""
    leave = _timestamp(work.latest - dt.timedelta(days=work.rng.randrange(1, 120)), work.rng)
    for i, e in enumerate(work.enrolments):
        if e.userid == user.id:
            work.enrolments[i] = e.model_copy(update={"timeend": max(leave, e.timestart + 86400)})


def _completion_day(rng: random.Random, year: int, start: dt.date, end: dt.date) -> dt.date:
    days = []
    weights = []
    for month, weight in zip(MONTHS, MONTH_WEIGHTS, strict=True):
        first = dt.date(year if month == 12 else year + 1, month, 1)
        if first > end or _month_end(first) < start:
            continue
        days.append((max(first, start), min(_month_end(first), end)))
        weights.append(weight)
    low, high = rng.choices(days, weights)[0]
    return low + dt.timedelta(days=rng.randrange((high - low).days + 1))


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def dumps(dataset: Dataset) -> str:
    """Return the dataset as JSON text, one record per line so diffs stay readable."""
    data = dataset.model_dump(mode="json")
    # Optional keys at their defaults are left out, as a council written before them had them.
    if data["site"]["shortname"] is None:
        del data["site"]["shortname"]
    for row in data["enrolments"]:
        if row["roles"] == ["student"]:
            del row["roles"]
        if row["criteria_done"] == 0:
            del row["criteria_done"]
    parts = ["{", f'  "site": {json.dumps(data["site"])},']
    sections = ["users", "categories", "courses", "enrolments", "completions", "cohorts"]
    for i, key in enumerate(sections):
        rows = ",\n".join(f"    {json.dumps(row)}" for row in data[key])
        tail = "," if i < len(sections) - 1 else ""
        parts.append(f'  "{key}": [\n{rows}\n  ]{tail}' if rows else f'  "{key}": []{tail}')
    parts.append("}")
    return "\n".join(parts) + "\n"


def write(dataset: Dataset, output: Path) -> int:
    """Write ``dataset`` to ``output`` and return its size in bytes; raise UsageError if the
    file cannot be written."""
    text = dumps(dataset)
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from exc
    return len(text.encode("utf-8"))
