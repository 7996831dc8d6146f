"""Daemon logs: journald priorities without timestamps, or JSON lines."""

from __future__ import annotations

import io
import json
import logging
import os
import tempfile
from collections.abc import Iterator

import pytest

from cpdsync.app.log_setup import configure_logging, stream_is_journal


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_text_logs_name_the_level_and_carry_no_timestamp() -> None:
    out = io.StringIO()
    configure_logging("text", stream=out)
    logging.getLogger("cpdsync.daemon").warning("Moodle is in maintenance")
    assert out.getvalue() == "WARNING Moodle is in maintenance\n"


def test_text_logs_to_the_journal_use_syslog_priorities() -> None:
    with tempfile.TemporaryFile("w+") as stream:
        stat = os.fstat(stream.fileno())
        os.environ["JOURNAL_STREAM"] = f"{stat.st_dev}:{stat.st_ino}"
        try:
            assert stream_is_journal(stream)
            configure_logging("text", stream=stream)
            logging.getLogger("cpdsync.daemon").error("sync failed:\ntoken revoked")
            logging.getLogger("cpdsync.daemon").info("next sync in 3600 s")
        finally:
            del os.environ["JOURNAL_STREAM"]
        stream.seek(0)
        assert stream.read() == "<3>sync failed: | token revoked\n<6>next sync in 3600 s\n"


def test_json_logs_are_one_object_per_line_with_extra_fields() -> None:
    out = io.StringIO()
    configure_logging("json", stream=out)
    logging.getLogger("cpdsync.daemon").info("sync finished", extra={"outcome": "ok", "run_id": 7})
    entry = json.loads(out.getvalue())
    assert entry["level"] == "info"
    assert entry["message"] == "sync finished"
    assert entry["outcome"] == "ok"
    assert entry["run_id"] == 7
    assert entry["time"].endswith("Z")
