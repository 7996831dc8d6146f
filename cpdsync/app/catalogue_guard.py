"""A catalogue read that would empty most of what is held is suspicious, not news.

Moodle answers a token that lost a capability, a half-restored site or a misbehaving proxy
with replies that are valid but nearly empty. Applied, such a reply would stop cpdsync
following most courses and workers, or blank the idnumbers the mapping rules match on, until
the next good sync. So before a refreshed catalogue is applied it is compared with the one the
last refresh held; when more than half of the held courses or workers vanish, or more than half
of the held course idnumbers come back blank (at least two either way), the read is logged and
not applied: the run follows the held catalogue, keeps the catalogue cursor where it was (so
the next run reads again), and ends ``partial`` with a warning naming what looked wrong. If the
change is real (courses or workers really were removed), ``cpdsync sync --accept-catalogue``
applies it once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from cpdsync.app.refresh_policy import Catalogue
from cpdsync.connector.facts import MoodleCourse

log = logging.getLogger("cpdsync.sync")

SUSPICIOUS = "catalogue_suspicious"
SHARE = 0.5  # more than this share of what is held, vanishing at once, is suspicious
AT_LEAST = 2  # ... and at least this many (one course deleted is ordinary)
ACCEPT = "if Moodle is right, run `cpdsync sync --accept-catalogue` once to apply it"


def _too_many(lost: int, held: int) -> bool:
    return lost >= AT_LEAST and lost > held * SHARE


def shrink_reasons(held: Catalogue, fresh: Catalogue, *, workers: bool = True) -> list[str]:
    """Return why ``fresh`` (read from Moodle) would empty most of ``held`` (the last refresh's
    catalogue): one sentence per kind (courses, and workers when ``workers``), none when it
    looks ordinary."""
    kinds = [("courses", {c.id for c in held.courses}, {c.id for c in fresh.courses})]
    if workers:
        kinds.append(("workers", {w.id for w in held.workers}, {w.id for w in fresh.workers}))
    reasons = []
    for kind, before, after in kinds:
        lost = len(before - after)
        if _too_many(lost, len(before)):
            reasons.append(
                f"Moodle listed {len(before) - lost} of the {len(before)} {kind} cpdsync holds "
                f"({lost} missing at once)"
            )
    return reasons


def blanked_idnumbers(held: Sequence[MoodleCourse], fresh: Sequence[MoodleCourse]) -> str | None:
    """Return why ``fresh`` looks wrong when it blanks most held course idnumbers, else None.
    An idnumber Moodle did not give (None) is unknown, not blank, and never counts."""
    known = {c.id: c.idnumber for c in held if c.idnumber}
    now = {c.id: c.idnumber for c in fresh}
    blanked = [cid for cid in known if now.get(cid) == ""]
    if not _too_many(len(blanked), len(known)):
        return None
    return (
        f"Moodle gave an empty idnumber for {len(blanked)} of the {len(known)} courses whose "
        "idnumber cpdsync holds"
    )


def refusal(reasons: Sequence[str]) -> str:
    """Return the run warning's text for a catalogue read not applied for ``reasons``, and log
    it."""
    text = (
        "the catalogue Moodle returned was not applied: "
        + "; ".join(reasons)
        + ". The courses and workers held are followed instead; check the cpdsync role's "
        "capabilities with `cpdsync check`; " + ACCEPT
    )
    log.warning("%s", text)
    return text
