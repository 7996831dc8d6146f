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
  INFO-NN (completion disabled); one course has completion enabled with no criteria.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from cpdsync.errors import UsageError
from cpdsync.simulator.dataset import (
    Category,
    Completion,
    Course,
    Criterion,
    Dataset,
    Enrolment,
    SiteInfo,
    User,
)

LONDON = ZoneInfo("Europe/London")
FIRST_USER_ID = 3  # 1 and 2 are Moodle's guest and admin
FIRST_COURSE_ID = 2  # 1 is the front page
MIN_COURSES = 12

JOB_ROLES = (
    "Newly Qualified Social Worker (ASYE)",
    "Social Worker",
    "Senior Social Worker",
    "Advanced Practitioner",
    "Practice Supervisor",
    "Team Manager",
)
JOB_ROLE_WEIGHTS = (10, 45, 20, 10, 8, 7)
TEAMS = (
    "Children North",
    "Children South",
    "Children Disability",
    "Fostering and Adoption",
    "Adults East",
    "Adults West",
    "Mental Health",
)
COUNCILS = ("Northmoor", "Eastvale", "Westbridge", "Southholme", "Ashcombe", "Kingsford")
FIRST_NAMES = tuple(
    [
        "Amara",
        "Ben",
        "Chloe",
        "Daniel",
        "Esther",
        "Farah",
        "George",
        "Hannah",
        "Imran",
        "Jade",
        "Kwame",
        "Laura",
        "Megan",
        "Nadia",
        "Oliver",
        "Priya",
        "Rhys",
        "Sophie",
        "Tariq",
        "Uma",
        "Victoria",
        "William",
        "Yasmin",
        "Zainab",
        "Aaron",
        "Bethany",
        "Callum",
        "Deborah",
        "Emeka",
        "Fiona",
        "Grace",
        "Harvey",
        "Isla",
        "Joseph",
        "Keisha",
        "Liam",
        "Maryam",
        "Niall",
        "Olivia",
        "Patrick",
        "Rosa",
        "Samuel",
        "Thomas",
        "Abigail",
        "Bilal",
        "Ciara",
        "Dylan",
        "Eleanor",
        "Femi",
        "Gemma",
    ]
)
LAST_NAMES = tuple(
    [
        "Okafor",
        "Whitfield",
        "Hughes",
        "Kowalski",
        "Mensah",
        "Ahmed",
        "Pemberton",
        "Clarke",
        "Hussain",
        "Taylor",
        "Boateng",
        "Evans",
        "Price",
        "Khan",
        "Walsh",
        "Patel",
        "Morgan",
        "Green",
        "Begum",
        "Roberts",
        "Nowak",
        "Campbell",
        "Adeyemi",
        "Lewis",
        "Wright",
        "Murphy",
        "Singh",
        "Edwards",
        "Thompson",
        "Ali",
        "Walker",
        "Robinson",
        "Wood",
        "Jackson",
        "Harris",
        "Martin",
        "Cooper",
        "Ward",
        "Turner",
        "Hill",
        "Scott",
        "Baker",
        "Carter",
        "Mitchell",
        "Parker",
        "Bennett",
        "Shah",
        "Collins",
        "Stewart",
        "Reid",
    ]
)

# (idnumber prefix, category key, title stems, tags)
TRACKS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "SG-CH": (
        "children",
        (
            "Child Protection Enquiries (Section 47)",
            "Neglect: Recognition and Response",
            "Contextual Safeguarding",
            "Child Sexual Exploitation",
            "Domestic Abuse and Children",
            "Working Together to Safeguard Children",
            "Harmful Practices and FGM",
        ),
        ("safeguarding", "children"),
    ),
    "SG-AD": (
        "adults",
        (
            "Section 42 Enquiries",
            "Self-Neglect and Hoarding",
            "Financial Abuse",
            "Modern Slavery",
            "Making Safeguarding Personal",
            "Domestic Abuse and Adults",
        ),
        ("safeguarding", "adults"),
    ),
    "PS": (
        "practice",
        (
            "Direct Work with Children",
            "Strengths-Based Practice",
            "Motivational Interviewing",
            "Trauma-Informed Practice",
            "Assessment and Analysis",
            "Recording with Care",
            "Working with Families in Conflict",
            "Anti-Racist Practice",
        ),
        ("practice-skills",),
    ),
    "LEG": (
        "legal",
        (
            "Court Skills and Report Writing",
            "The Care Act 2014",
            "Public Law Outline",
            "Deprivation of Liberty Safeguards",
            "Human Rights in Practice",
            "The Children Act 1989",
        ),
        ("legal",),
    ),
    "LDR": (
        "leadership",
        (
            "Reflective Supervision",
            "Leading Practice Improvement",
            "Managing Caseloads Safely",
            "Coaching Skills for Practice Supervisors",
        ),
        ("leadership",),
    ),
}
MANDATORY: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "MAN-SGREFRESH-CH",
        "Safeguarding Children Refresher",
        ("mandatory", "safeguarding", "children"),
    ),
    ("MAN-SGREFRESH-AD", "Safeguarding Adults Refresher", ("mandatory", "safeguarding", "adults")),
    ("MAN-DATAPROT", "Data Protection and Information Sharing", ("mandatory",)),
    ("MAN-MCA", "Mental Capacity Act in Practice", ("mandatory", "legal", "adults")),
)
HOURS = ("1.5", "3", "3", "6", "6", "12")
PROVIDERS = (
    "Workforce Development",
    "Legal Services",
    "Principal Social Worker",
    "Research in Practice",
)
# Relative share of a year's completions per month, December first: a rush before 30 November.
MONTH_WEIGHTS = (4, 3, 6, 6, 6, 5, 4, 3, 7, 10, 18, 16)
MONTHS = (12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)


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
    users = _users(rng, workers, council, as_of)
    enrolments, completions = _activity(rng, users, course_list, years, as_of)
    return Dataset(
        site=SiteInfo(sitename=f"{council} Council Learning Zone"),
        users=users,
        categories=categories,
        courses=course_list,
        enrolments=enrolments,
        completions=completions,
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


def _courses(rng: random.Random, total: int, cat: dict[str, int]) -> list[Course]:
    category_of = {
        "children": cat["Children"],
        "adults": cat["Adults"],
        "practice": cat["Practice Skills"],
        "legal": cat["Legal"],
        "leadership": cat["Leadership"],
    }
    out: list[Course] = []

    def add(
        idnumber: str, fullname: str, categoryid: int, tags: tuple[str, ...], **kw: Any
    ) -> None:
        custom = kw.pop("customfields", None)
        if custom is None:
            custom = {"cpdhours": rng.choice(HOURS), "cpdprovider": rng.choice(PROVIDERS)}
        out.append(
            Course(
                id=FIRST_COURSE_ID + len(out),
                shortname=idnumber,
                fullname=fullname,
                idnumber=idnumber,
                categoryid=categoryid,
                customfields=custom,
                tags=list(tags),
                **kw,
            )
        )

    for idnumber, title, tags in MANDATORY:
        add(idnumber, title, cat["Mandatory"], tags)
    n_info = max(1, total // 15)
    n_rpg = max(2, total // 10)
    for i in range(n_rpg):
        add(
            f"RPG-{i + 1:02d}",
            f"Reflective Practice Group {i + 1}",
            cat["Reflective Practice"],
            ("peer-discussion",),
            criteria=["role"],
            customfields={"cpdhours": "1.5", "cpdprovider": "Principal Social Worker"},
        )
    counters = dict.fromkeys(TRACKS, 0)
    tracks = list(TRACKS)
    remaining = total - len(out) - n_info
    for i in range(remaining):
        prefix = tracks[i % len(tracks)]
        key, stems, tags = TRACKS[prefix]
        counters[prefix] += 1
        n = counters[prefix]
        stem = stems[(n - 1) % len(stems)]
        title = stem if n <= len(stems) else f"{stem} (part {(n - 1) // len(stems) + 1})"
        criteria: list[Criterion] = ["activity"] if n % 4 == 2 else ["self"]
        if prefix == "PS" and n == 3:
            criteria = []  # completion enabled, no criteria: Moodle answers nocriteriaset
        add(
            f"{prefix}-{n:02d}",
            title,
            category_of[key],
            tags,
            criteria=criteria,
            visible=not (prefix == "LEG" and n == 4),
        )
    for i in range(n_info):
        add(
            f"INFO-{i + 1:02d}",
            f"Service Information Pack {i + 1}",
            cat["Practice Skills"],
            (),
            enablecompletion=False,
            criteria=[],
            customfields={"cpdprovider": "Workforce Development"},
        )
    return out


def _users(rng: random.Random, total: int, council: str, as_of: dt.date) -> list[User]:
    domain = f"{council.lower()}.gov.uk"
    renewal_start = _year_start(as_of)
    window_open = dt.date(renewal_start.year + 1, 9, 1)
    users: list[User] = []
    taken: set[str] = set()
    numbers: set[str] = set()
    for i in range(total):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        base = f"{first}.{last}".lower()
        username, n = base, 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
        taken.add(username)
        number = f"{rng.randrange(100000, 999999)}"
        while number in numbers:
            number = f"{rng.randrange(100000, 999999)}"
        numbers.add(number)
        roll = rng.random()
        swe = f"SW{number}"
        if roll < 0.03:
            swe = ""
        elif roll < 0.045:
            swe = rng.choice((f" sw{number} ", f"SW-{number}", f"sw{number}"))
        if rng.random() < 0.03 and window_open <= as_of:
            joined = window_open + dt.timedelta(days=rng.randrange((as_of - window_open).days + 1))
            role = JOB_ROLES[0]
        else:
            joined = dt.date(rng.randrange(2004, renewal_start.year), rng.randrange(1, 13), 1)
            joined += dt.timedelta(days=rng.randrange(28))
            role = rng.choices(JOB_ROLES, JOB_ROLE_WEIGHTS)[0]
        custom = {
            "swenumber": swe,
            "sweregistered": joined.isoformat(),
            "jobrole": role,
            "team": rng.choice(TEAMS),
        }
        users.append(
            User(
                id=FIRST_USER_ID + i,
                username=username,
                firstname=first,
                lastname=last,
                email=f"{username}@{domain}",
                idnumber=f"EMP{i + 1:04d}",
                suspended=rng.random() < 0.02,
                customfields={k: v for k, v in custom.items() if v},
            )
        )
    return users


def _year_start(day: dt.date) -> dt.date:
    """Return 1 December opening the registration year that holds ``day``."""
    return dt.date(day.year if day.month == 12 else day.year - 1, 12, 1)


def _timestamp(day: dt.date, rng: random.Random) -> int:
    moment = dt.datetime.combine(day, dt.time(rng.randrange(8, 18), rng.randrange(60)), LONDON)
    return int(moment.timestamp())


def _activity(
    rng: random.Random, users: list[User], courses: list[Course], years: int, as_of: dt.date
) -> tuple[list[Enrolment], list[Completion]]:
    completable = [c for c in courses if c.enablecompletion and c.criteria]
    peer = [c for c in completable if "peer-discussion" in c.tags]
    other = [c for c in completable if c not in peer]
    idle = [c for c in courses if c not in completable]
    current = _year_start(as_of)
    first_year = current.year - years + 1
    latest = as_of - dt.timedelta(days=1)  # completion times stay before the as-of date
    enrolments: list[Enrolment] = []
    completions: list[Completion] = []
    for user in users:
        joined = dt.date.fromisoformat(user.customfields["sweregistered"])
        left = rng.random() < 0.03
        done: set[int] = set()
        for year in range(first_year, current.year + 1):
            start = max(dt.date(year, 12, 1), joined)
            end = min(dt.date(year + 1, 11, 30), latest)
            if start > end:
                continue
            is_current = year == current.year
            roll = rng.random()
            pieces = 0 if roll < 0.08 else 1 if roll < 0.18 else rng.randrange(2, 6)
            chosen = rng.sample(other, min(pieces, len(other)))
            if peer and rng.random() < (0.7 if is_current else 0.8):
                chosen.append(rng.choice(peer))
            for course in chosen:
                if course.id in done:
                    continue
                done.add(course.id)
                day = _completion_day(rng, year, start, end)
                when = _timestamp(day, rng)
                enrolments.append(
                    Enrolment(
                        userid=user.id,
                        courseid=course.id,
                        timestart=when - rng.randrange(7, 60) * 86400,
                    )
                )
                completions.append(
                    Completion(userid=user.id, courseid=course.id, timecompleted=when)
                )
        for course in rng.sample(other + idle, 2):  # enrolled, not (yet) complete
            if course.id not in done:
                done.add(course.id)
                status: Literal["active", "suspended"] = (
                    "suspended" if rng.random() < 0.05 else "active"
                )
                start_ts = _timestamp(latest - dt.timedelta(days=rng.randrange(1, 90)), rng)
                if rng.random() < 0.04:
                    start_ts = _timestamp(as_of + dt.timedelta(days=rng.randrange(5, 40)), rng)
                enrolments.append(
                    Enrolment(userid=user.id, courseid=course.id, status=status, timestart=start_ts)
                )
        if left:
            leave = _timestamp(latest - dt.timedelta(days=rng.randrange(1, 120)), rng)
            for i, e in enumerate(enrolments):
                if e.userid == user.id:
                    enrolments[i] = e.model_copy(
                        update={"timeend": max(leave, e.timestart + 86400)}
                    )
    return enrolments, completions


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
    parts = ["{", f'  "site": {json.dumps(data["site"])},']
    sections = ["users", "categories", "courses", "enrolments", "completions"]
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
