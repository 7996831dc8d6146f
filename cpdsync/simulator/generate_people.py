"""The people of a generated council (cpdsync/simulator/generate.py): its workers, and the new
starters who joined in the last weeks and are enrolled on nothing yet."""

from __future__ import annotations

import datetime as dt
import random

from cpdsync.simulator.council_scheme import (
    FIRST_NAMES,
    JOB_ROLE_WEIGHTS,
    JOB_ROLES,
    LAST_NAMES,
    TEAMS,
)
from cpdsync.simulator.dataset import User

FIRST_USER_ID = 3  # 1 and 2 are Moodle's guest and admin


def workers(rng: random.Random, total: int, council: str, as_of: dt.date) -> list[User]:
    domain = f"{council.lower()}.gov.uk"
    renewal_start = year_start(as_of)
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


def new_starters(rng: random.Random, count: int, users: list[User], as_of: dt.date) -> list[User]:
    """Return ``count`` social workers who joined the council in the last weeks, after the
    ``users``: enrolled on nothing yet, alternately experienced (on the register for years)
    and newly qualified (registered this year, before the window opened, so CPD is due)."""
    domain = users[0].email.rpartition("@")[2] if users else "council.gov.uk"
    taken = {u.username for u in users}
    numbers = {u.customfields.get("swenumber", "") for u in users}
    opened = year_start(as_of)
    starters: list[User] = []
    for i in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        username, n = f"{first}.{last}".lower(), 1
        while username in taken:
            n += 1
            username = f"{first}.{last}{n}".lower()
        taken.add(username)
        if i % 2 == 0:
            joined = dt.date(rng.randrange(2008, opened.year), rng.randrange(1, 13), 1)
            role = JOB_ROLES[1]
        else:
            joined = opened + dt.timedelta(days=rng.randrange(60, 240))
            joined = min(joined, as_of - dt.timedelta(days=30))
            role = JOB_ROLES[0]
        swe = f"SW{rng.randrange(100000, 999999)}"
        while swe in numbers:
            swe = f"SW{rng.randrange(100000, 999999)}"
        numbers.add(swe)
        number = len(users) + i + 1
        starters.append(
            User(
                id=FIRST_USER_ID + number - 1,
                username=username,
                firstname=first,
                lastname=last,
                email=f"{username}@{domain}",
                idnumber=f"EMP{number:04d}",
                customfields={
                    "swenumber": swe,
                    "sweregistered": joined.isoformat(),
                    "jobrole": role,
                    "team": rng.choice(TEAMS),
                },
            )
        )
    return starters


def year_start(day: dt.date) -> dt.date:
    """Return 1 December opening the registration year that holds ``day``."""
    return dt.date(day.year if day.month == 12 else day.year - 1, 12, 1)
