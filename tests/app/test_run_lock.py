"""The run lock holds across processes on both backends and names its holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from cpdsync.app.run_lock import lock_key, run_lock
from cpdsync.errors import LockHeldError

# Each test starts a process: `make test` runs them, `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

SITE = "http://127.0.0.1:9/moodle"

_HOLDER = """
import sys
from cpdsync.app.run_lock import run_lock
with run_lock(sys.argv[1], sys.argv[2]):
    print("locked", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def holder(db_url: str) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of SITE until it is killed."""
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, db_url, SITE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "locked"
            yield proc
        finally:
            proc.kill()
            proc.wait(timeout=30)


def test_second_process_is_refused_and_told_who_holds_the_lock(
    db_url: str, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(LockHeldError) as caught, run_lock(db_url, SITE):
        pytest.fail("the lock was granted twice")
    assert f"process {holder.pid} on " in caught.value.message
    assert " since 20" in caught.value.message
    assert caught.value.exit_code == 1


def test_lock_of_a_killed_holder_is_released(db_url: str, holder: subprocess.Popen[str]) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    entered = False
    with run_lock(db_url, SITE):
        entered = True
    assert entered


def test_another_site_waits_only_on_sqlite_where_one_file_takes_one_writer(
    db_url: str, holder: subprocess.Popen[str]
) -> None:
    other = "https://other.example.gov.uk"
    if db_url.startswith("sqlite"):
        with pytest.raises(LockHeldError), run_lock(db_url, other):
            pass
    else:
        entered = False
        with run_lock(db_url, other):
            entered = True
        assert entered


def test_lock_is_released_at_the_end_of_the_block(db_url: str) -> None:
    with run_lock(db_url, SITE):
        pass
    with run_lock(db_url, SITE), pytest.raises(LockHeldError), run_lock(db_url, SITE):
        pass


def test_lock_key_ignores_case_and_trailing_slash_but_not_the_site() -> None:
    assert lock_key("https://Learning.example.gov.uk/") == lock_key(
        "https://learning.example.gov.uk"
    )
    assert lock_key("https://a.example") != lock_key("https://b.example")
    assert -(2**63) <= lock_key("https://a.example") < 2**63
