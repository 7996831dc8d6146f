"""Logging for the long-running daemon: journald-friendly text, or JSON lines for shippers.

journald stamps every line itself, so text lines carry no timestamp. When stderr is connected
to the journal (systemd sets ``$JOURNAL_STREAM`` to its device and inode) each line starts with
a ``<N>`` syslog priority, which journald turns into the entry's level; on a terminal the level
is written as a plain word instead.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any, Literal, TextIO

from cpdsync.timeutil import iso_from_unix

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[str, ...] = ("text", "json")

# syslog priorities (RFC 5424) of the logging levels.
_SYSLOG_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}

# Attributes every LogRecord has; anything else was passed with extra= and is kept as a field.
_STANDARD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def _priority(levelno: int) -> int:
    for level, priority in sorted(_SYSLOG_PRIORITY.items(), reverse=True):
        if levelno >= level:
            return priority
    return 7


def stream_is_journal(stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Return True when ``stream`` is the journal stream systemd named in $JOURNAL_STREAM."""
    env = os.environ if environ is None else environ
    device_inode = env.get("JOURNAL_STREAM", "")
    if ":" not in device_inode:
        return False
    try:
        stat = os.fstat(stream.fileno())
    except (OSError, ValueError):
        return False
    return device_inode == f"{stat.st_dev}:{stat.st_ino}"


def _extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS}


class TextFormatter(logging.Formatter):
    """``<6>message`` for journald, ``INFO message`` elsewhere; never a timestamp."""

    def __init__(self, *, syslog_prefix: bool) -> None:
        super().__init__()
        self.syslog_prefix = syslog_prefix

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        if self.syslog_prefix:
            # journald keeps a multi-line message as one entry only when it arrives as one line.
            return f"<{_priority(record.levelno)}>" + message.replace("\n", " | ")
        return f"{record.levelname} {message}"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message and any extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": iso_from_unix(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        entry.update(_extra_fields(record))
        return json.dumps(entry, default=str, sort_keys=False)


def configure_logging(
    log_format: LogFormat, *, stream: TextIO | None = None, level: int = logging.INFO
) -> None:
    """Send every cpdsync log record to ``stream`` (stderr) in ``log_format``, replacing any
    handler installed before."""
    out = sys.stderr if stream is None else stream
    handler = logging.StreamHandler(out)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter(syslog_prefix=stream_is_journal(out)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
