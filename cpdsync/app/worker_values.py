"""A worker's values as stored, normalised from what Moodle's profile gives (SWE number, join
date, role, team), and finding a worker by what a person types."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy.orm import Session

from cpdsync.connector.facts import MoodleWorker
from cpdsync.mappings import MappingSet, assign_role
from cpdsync.records import lookup
from cpdsync.records.row_values import WorkerValues
from cpdsync.records.schema import WorkerRow
from cpdsync.timeutil import uk_date

# SWE registration numbers are "SW" and digits (numbers carried over from the HCPC have 5 or 6).
_SWE_NUMBER = re.compile(r"^SW(\d{4,7})$")
_SEPARATORS = re.compile(r"[\s\-_./]+")


def normalise_swe_number(raw: str | None) -> str | None:
    """Return the SWE number in the form ``SW123456`` (" sw104455 ", "SW-118822" both work);
    None when ``raw`` is empty or not an SWE number."""
    if raw is None:
        return None
    text = _SEPARATORS.sub("", raw).upper()
    match = _SWE_NUMBER.match(text)
    return f"SW{match.group(1)}" if match else None


def parse_profile_date(raw: str | None) -> date | None:
    """Return the date a profile field holds: ``YYYY-MM-DD``, ``DD/MM/YYYY`` (UK order) or a
    Moodle date field's Unix seconds (taken as a Europe/London date); None when empty or
    unreadable (zero is Moodle's "not set")."""
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    if text.isdigit():
        seconds = int(text)
        return uk_date(seconds) if seconds > 0 else None
    for layout in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


# The Moodle profile fields a worker's team is read from, first found wins. The simulator and
# many councils' Moodles keep it in a custom field "team"; core Moodle has "department".
TEAM_FIELDS = ("team", "department")


def worker_values(
    worker: MoodleWorker,
    *,
    swe_number_field: str,
    swe_registered_field: str,
    mappings: MappingSet,
) -> WorkerValues:
    """Return what is stored of one worker: the SWE number normalised beside the raw one, the
    join date, the role (``assign_role`` on the profile fields) and the team."""
    profile = {key: str(value) for key, value in worker.profile.items()}
    raw_number = profile.get(swe_number_field)
    role = assign_role(mappings, profile)
    team = next((profile[f].strip() for f in TEAM_FIELDS if profile.get(f, "").strip()), None)
    return WorkerValues(
        moodle_id=worker.id,
        username=worker.username,
        email=worker.email,
        idnumber=worker.idnumber,
        firstname=worker.firstname,
        lastname=worker.lastname,
        fullname=worker.fullname or f"{worker.firstname} {worker.lastname}".strip(),
        suspended=worker.suspended,
        swe_number_raw=raw_number if raw_number and raw_number.strip() else None,
        swe_number=normalise_swe_number(raw_number),
        registered_on=parse_profile_date(profile.get(swe_registered_field)),
        role=role.id if role else None,
        team=team,
        profile=profile,
    )


def find_worker(session: Session, text: str, *, site_id: int | None = None) -> WorkerRow:
    """Return the one worker ``text`` names: an email (any case), Moodle username, staff
    idnumber or SWE number in any common spelling, of site ``site_id`` (any when None); raise
    NotFoundError saying what was tried, or listing the candidates when it names workers on
    more than one site."""
    return lookup.find_worker(session, text, normalise_swe_number(text.strip()), site_id=site_id)
