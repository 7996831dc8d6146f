"""A simulated council whose service holds the companion plugin's functions, and a client for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pydantic import SecretStr

from cpdsync.connector.client import MoodleClient
from cpdsync.connector.facts import MoodleCourse, MoodleWorker, SiteFacts
from cpdsync.connector.site_reads import get_courses, get_site, get_workers
from cpdsync.simulator.dataset import Dataset
from cpdsync.simulator.dispatch import default_service
from cpdsync.simulator.generate import generate
from cpdsync.simulator.server import DEFAULT_TOKEN, Simulator, serve_in_thread

PLUGIN_SERVICE = (
    *default_service(),
    "local_cpdsync_get_course_completions",
    "local_cpdsync_get_completion_counts",
)


@dataclass
class Council:
    sim: Simulator
    client: MoodleClient
    site: SiteFacts
    workers: list[MoodleWorker]
    courses: list[MoodleCourse]


def open_council(
    dataset: Dataset, functions: tuple[str, ...] = PLUGIN_SERVICE
) -> Iterator[Council]:
    with serve_in_thread(dataset, functions=functions) as sim:
        client = MoodleClient(sim.url, SecretStr(DEFAULT_TOKEN))
        try:
            site = get_site(client)
            courses = get_courses(client)
            workers, _ = get_workers(client, courses, batched=True)
            yield Council(sim, client, site, workers, courses)
        finally:
            client.close()


@pytest.fixture(scope="module")
def big_council() -> Iterator[Council]:
    """The 2,000 workers x 300 courses council docs/performance.md measures the plugin path
    against. Its workers are read in batches: the same list as one call per course, in a
    fraction of the calls, and these tests are about reading completions."""
    dataset = generate(workers=2000, courses=300, seed=7, as_of=dt.date(2026, 11, 22))
    yield from open_council(dataset)


@pytest.fixture
def small_council() -> Iterator[Council]:
    dataset = generate(workers=40, courses=20, seed=3, as_of=dt.date(2026, 11, 22))
    yield from open_council(dataset)
