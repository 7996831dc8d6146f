"""The benchmark's council: generated once, reproducibly, and grown by new completions."""

from __future__ import annotations

import random
import time

from cpdsync.simulator import Dataset
from cpdsync.simulator.dataset import Completion, Enrolment
from cpdsync.simulator.generate import generate

SEED = 2026


def make_council(workers: int, courses: int, years: int = 3) -> Dataset:
    """Return the generated council (same sizes and seed, same council)."""
    return generate(workers=workers, courses=courses, years=years, seed=SEED)


def with_new_completions(base: Dataset, share: float, seed: int = SEED) -> tuple[Dataset, int]:
    """Return ``base`` plus ``share`` × its completion count of new completions, each on a new
    active enrolment of an active worker in a completable course they have not completed,
    dated an hour ago; and how many were added."""
    rng = random.Random(seed)
    wanted = max(1, round(len(base.completions) * share))
    taken = {(e.userid, e.courseid) for e in base.enrolments}
    users = [u.id for u in base.users if not u.suspended]
    courses = [c.id for c in base.courses if c.enablecompletion and c.criteria and c.visible]
    now = int(time.time())
    enrolments = list(base.enrolments)
    completions = list(base.completions)
    added = 0
    while added < wanted:
        pair = (rng.choice(users), rng.choice(courses))
        if pair in taken:
            continue
        taken.add(pair)
        enrolments.append(Enrolment(userid=pair[0], courseid=pair[1], timestart=now - 30 * 86400))
        completions.append(Completion(userid=pair[0], courseid=pair[1], timecompleted=now - 3600))
        added += 1
    grown = base.model_copy(update={"enrolments": enrolments, "completions": completions})
    return grown, added
