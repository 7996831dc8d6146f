"""The council generator: reproducible, realistic, and the shipped sample is its output."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from cpdsync.cli import main
from cpdsync.errors import UsageError
from cpdsync.simulator import load_dataset, load_sample_council
from cpdsync.simulator.generate import dumps, generate

AS_OF = dt.date(2026, 11, 22)
LONDON = ZoneInfo("Europe/London")


def test_regenerating_the_sample_council_gives_the_shipped_file(tmp_path: Path) -> None:
    out = tmp_path / "sample.json"
    result = CliRunner().invoke(
        main,
        [
            "simulator",
            "generate",
            "--workers",
            "40",
            "--courses",
            "30",
            "--seed",
            "1",
            "--as-of",
            "2026-11-22",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    shipped = resources.files("cpdsync.simulator").joinpath("data", "sample-council.json")
    assert out.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    council = load_sample_council()
    assert len(council.users) == 42  # 40 workers and 2 new starters


def test_same_seed_same_council_other_seed_other_council() -> None:
    one = dumps(generate(workers=60, courses=20, seed=3, as_of=AS_OF))
    assert one == dumps(generate(workers=60, courses=20, seed=3, as_of=AS_OF))
    assert one != dumps(generate(workers=60, courses=20, seed=4, as_of=AS_OF))


def test_generated_council_follows_the_published_scheme(tmp_path: Path) -> None:
    data = generate(workers=400, courses=40, years=3, seed=2, as_of=AS_OF)
    path = tmp_path / "c.json"
    path.write_text(dumps(data), encoding="utf-8")
    assert load_dataset(path) == data  # valid against the dataset format
    prefixes = {re.sub(r"-\d+$", "", c.idnumber) for c in data.courses}
    assert {
        "SG-CH",
        "SG-AD",
        "PS",
        "LEG",
        "LDR",
        "RPG",
        "INFO",
        "MAN-SGREFRESH-CH",
        "MAN-SGREFRESH-AD",
        "MAN-DATAPROT",
        "MAN-MCA",
    } <= prefixes
    assert any(not c.enablecompletion for c in data.courses)
    assert any(c.enablecompletion and not c.criteria for c in data.courses)
    rpg = [c for c in data.courses if c.idnumber.startswith("RPG-")]
    assert all(c.criteria == ["role"] and "peer-discussion" in c.tags for c in rpg)
    emails = [u.email for u in data.users]
    assert len(set(emails)) == len(emails)
    assert all(e.endswith(".gov.uk") for e in emails)
    swe = [u.customfields.get("swenumber") for u in data.users]
    assert any(s is None for s in swe)
    assert any(s and not re.fullmatch(r"SW\d{6}", s) for s in swe)
    assert any(u.suspended for u in data.users)
    assert any(e.timeend for e in data.enrolments)  # workers who left
    new = [u for u in data.users if u.customfields["sweregistered"] >= "2026-09-01"]
    assert new


def test_completions_never_pass_the_as_of_date_and_rush_before_the_deadline() -> None:
    data = generate(workers=300, courses=30, years=2, seed=5, as_of=AS_OF)
    days = [dt.datetime.fromtimestamp(c.timecompleted, LONDON).date() for c in data.completions]
    assert max(days) < AS_OF
    assert min(days) >= dt.date(2024, 12, 1)
    autumn = sum(1 for d in days if d.month in (10, 11))
    assert autumn > len(days) / 4  # two months of twelve hold over a quarter
    this_year = {
        c.userid for c, d in zip(data.completions, days, strict=True) if d >= dt.date(2025, 12, 1)
    }
    assert len(this_year) < len(data.users)  # some did nothing this year


def test_sizes_out_of_range_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="--courses must be at least 12"):
        generate(workers=10, courses=3)


def test_the_roster_cohort_holds_new_starters_without_enrolments_and_not_the_leavers() -> None:
    data = generate(workers=60, courses=20, seed=3, as_of=AS_OF)
    (cohort,) = data.cohorts
    assert (cohort.idnumber, cohort.name) == ("SW-REGISTERED", "Registered social workers")
    enrolled = {e.userid for e in data.enrolments}
    starters = [u for u in data.users if u.id not in enrolled]
    assert len(starters) == 3  # one in 20, and never fewer than two
    assert {u.id for u in starters} <= set(cohort.members)
    # They joined the register before this year's window opened, so CPD is due from them.
    assert all(u.customfields["sweregistered"] < "2026-09-01" for u in starters)
    assert all(u.customfields["swenumber"].startswith("SW") for u in starters)
    ended = {u for u in enrolled if all(e.timeend for e in data.enrolments if e.userid == u)}
    assert ended and not ended & set(cohort.members)  # leavers are off the roster
    assert set(cohort.members) == {u.id for u in data.users} - ended


def test_the_sample_council_has_two_new_starters_in_its_roster_cohort() -> None:
    council = load_sample_council()
    enrolled = {e.userid for e in council.enrolments}
    starters = [u.username for u in council.users if u.id not in enrolled]
    assert starters == ["niall.hughes", "aaron.roberts"]
    assert {43, 44} <= set(council.cohorts[0].members)
