"""The plugin strategy end to end against the simulator serving local_cpdsync's functions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cpdsync.connector.plugin_strategy import (
    COMPLETIONS_FUNCTION,
    COUNTS_FUNCTION,
    read_completions,
)
from cpdsync.connector.strategies import choose_strategy, fetch_completions
from cpdsync.errors import MoodleFatalError, MoodleRequestError
from cpdsync.simulator.dataset import Completion, Dataset
from cpdsync.simulator.dispatch import default_service
from tests.plugin.conftest import Council, open_council

# A 2,000-worker council: `make test` runs these, `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

Truth = set[tuple[int, int, int]]


def truth(dataset: Dataset) -> Truth:
    return {(c.userid, c.courseid, c.timecompleted) for c in dataset.completions}


def fetch(council: Council, *, known: set[tuple[int, int]], since: int | None) -> object:
    return fetch_completions(
        council.client,
        "plugin",
        site=council.site,
        workers=council.workers,
        courses=council.courses,
        known=known,
        since=since,
    )


def calls_during(council: Council, action: object) -> tuple[object, int]:
    before = sum(council.client.calls.values())
    result = action() if callable(action) else action
    return result, sum(council.client.calls.values()) - before


def test_auto_chooses_the_plugin_when_site_info_lists_its_function(big_council: Council) -> None:
    assert choose_strategy("auto", big_council.site) == "plugin"


def test_full_read_returns_exactly_the_councils_completions_in_a_few_calls(
    big_council: Council,
) -> None:
    batch, calls = calls_during(big_council, lambda: fetch(big_council, known=set(), since=None))

    got = {(o.userid, o.courseid, o.timecompleted) for o in batch.observations}  # type: ignore[attr-defined]
    assert got == truth(big_council.sim.dataset)
    assert len(batch.observations) == len(got)  # type: ignore[attr-defined]
    assert {o.source for o in batch.observations} == {"plugin"}  # type: ignore[attr-defined]
    assert batch.reported_incomplete == set()  # type: ignore[attr-defined]
    assert len(big_council.sim.dataset.completions) > 20_000
    assert calls <= 24


def test_incremental_read_with_no_changes_makes_at_most_three_calls(big_council: Council) -> None:
    held = {(u, c) for u, c, _ in truth(big_council.sim.dataset)}
    latest = max(c.timecompleted for c in big_council.sim.dataset.completions)

    batch, calls = calls_during(
        big_council, lambda: fetch(big_council, known=held, since=latest + 1)
    )

    assert batch.observations == []  # type: ignore[attr-defined]
    assert batch.reported_incomplete == set()  # type: ignore[attr-defined]
    assert calls <= 3


def test_incremental_read_returns_completions_from_since_with_their_times(
    small_council: Council,
) -> None:
    completions = small_council.sim.dataset.completions
    since = sorted(c.timecompleted for c in completions)[len(completions) // 2]
    held = {(c.userid, c.courseid) for c in completions}

    batch = fetch(small_council, known=held, since=since)

    expected = {
        (c.userid, c.courseid, c.timecompleted) for c in completions if c.timecompleted >= since
    }
    assert {(o.userid, o.courseid, o.timecompleted) for o in batch.observations} == expected  # type: ignore[attr-defined]


def test_a_deleted_completion_is_reported_by_an_incremental_read_through_the_counts(
    small_council: Council,
) -> None:
    dataset = small_council.sim.dataset
    held = {(c.userid, c.courseid) for c in dataset.completions}
    gone = dataset.completions[0]
    small_council.sim.replace_dataset(
        dataset.model_copy(update={"completions": dataset.completions[1:]})
    )
    latest = max(c.timecompleted for c in dataset.completions)

    batch = fetch(small_council, known=held, since=latest + 1)

    assert batch.reported_incomplete == {(gone.userid, gone.courseid)}  # type: ignore[attr-defined]
    assert small_council.client.calls[COUNTS_FUNCTION] == 1


def test_a_full_read_reports_every_held_completion_moodle_no_longer_holds(
    small_council: Council,
) -> None:
    dataset = small_council.sim.dataset
    held = {(c.userid, c.courseid) for c in dataset.completions}
    kept = dataset.completions[2:]
    small_council.sim.replace_dataset(dataset.model_copy(update={"completions": kept}))

    batch = fetch(small_council, known=held, since=None)

    gone = {(c.userid, c.courseid) for c in dataset.completions[:2]}
    assert batch.reported_incomplete == gone  # type: ignore[attr-defined]


def test_a_recompletion_after_a_reset_comes_back_with_its_new_time(small_council: Council) -> None:
    dataset = small_council.sim.dataset
    first = dataset.completions[0]
    latest = max(c.timecompleted for c in dataset.completions)
    again = Completion(userid=first.userid, courseid=first.courseid, timecompleted=latest + 600)
    small_council.sim.replace_dataset(
        dataset.model_copy(update={"completions": [*dataset.completions[1:], again]})
    )
    held = {(c.userid, c.courseid) for c in dataset.completions}

    batch = fetch(small_council, known=held, since=latest + 1)

    assert [(o.userid, o.courseid, o.timecompleted) for o in batch.observations] == [  # type: ignore[attr-defined]
        (first.userid, first.courseid, latest + 600)
    ]
    assert batch.reported_incomplete == set()  # type: ignore[attr-defined]


def test_small_pages_read_every_completion_once_across_equal_times(small_council: Council) -> None:
    dataset = small_council.sim.dataset
    # Several completions at one second, so pages end inside a tie.
    tied = [c.model_copy(update={"timecompleted": 1_700_000_000}) for c in dataset.completions[:7]]
    small_council.sim.replace_dataset(
        dataset.model_copy(update={"completions": tied + dataset.completions[7:]})
    )

    rows = list(read_completions(small_council.client, page_size=3))

    assert len(rows) == len(dataset.completions)
    assert len({row.id for row in rows}) == len(rows)
    assert [(r.timecompleted, r.id) for r in rows] == sorted((r.timecompleted, r.id) for r in rows)


def test_one_course_can_be_read_alone(small_council: Council) -> None:
    courseid = small_council.sim.dataset.completions[0].courseid

    rows = list(read_completions(small_council.client, courseid=courseid))

    expected = sum(1 for c in small_council.sim.dataset.completions if c.courseid == courseid)
    assert len(rows) == expected
    assert {row.course for row in rows} == {courseid}


def test_an_out_of_range_limit_is_refused_as_moodle_refuses_it(small_council: Council) -> None:
    with pytest.raises(MoodleRequestError) as caught:
        small_council.client.call(COMPLETIONS_FUNCTION, {"limit": 0})
    assert caught.value.errorcode == "invalidparameter"


def test_a_limit_above_the_maximum_is_lowered(small_council: Council) -> None:
    reply = small_council.client.call(COMPLETIONS_FUNCTION, {"limit": 10**6})
    assert len(reply["completions"]) == len(small_council.sim.dataset.completions)
    assert reply["hasmore"] is False


@pytest.fixture
def council_without_plugin(small_council: Council) -> Iterator[Council]:
    yield from open_council(small_council.sim.dataset, functions=default_service())


def test_without_the_plugin_in_the_service_its_function_is_refused(
    council_without_plugin: Council,
) -> None:
    assert choose_strategy("auto", council_without_plugin.site) != "plugin"
    with pytest.raises(MoodleFatalError) as caught:
        council_without_plugin.client.call(COMPLETIONS_FUNCTION, {})
    assert caught.value.errorcode == "accessexception"
