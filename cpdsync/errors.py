"""The one exception root of cpdsync, split by what the caller should do.

    CpdsyncError                      exit 1  the work failed
    ├── UsageError                    exit 2  bad flag, bad config, bad input file
    │   ├── ConfigError                       a config key or file (names the key/file)
    │   └── InputFileError                    problems in one or more input files (file:line)
    ├── NotFoundError                 exit 2  an unknown worker, CPD entry, framework …
    ├── LockHeldError                 exit 1  another sync of the same site is running
    ├── StorageError                  exit 1  the database failed (SQLAlchemy errors stop here)
    │   └── SchemaBehindError                 read-only, the schema is older than this cpdsync
    └── MoodleError                           anything the Moodle connector reports
        ├── MoodleFatalError          exit 3  refused credentials, function or capability
        │   └── MoodleRequestError    exit 1  Moodle rejected the request's parameters
        ├── MoodleRetriableError      exit 4  unreachable, unavailable, maintenance, timeout
        └── MoodleSkippableError      exit 1  one record cannot be read; the run goes on

The CLI turns any of these into one line on stderr and the exit code of the class, in one place.
Messages never contain the Moodle token: the connector scrubs every text it raises.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_MOODLE_REFUSED = 3
EXIT_MOODLE_UNAVAILABLE = 4


class CpdsyncError(Exception):
    """Root of every error cpdsync raises on purpose."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(CpdsyncError):
    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """A configuration problem; `key` is the dotted config key (e.g. ``moodle.url``) if known."""

    def __init__(self, message: str, *, key: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.path = path


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, reported as ``file:line: message``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class InputFileError(UsageError):
    """Every problem found in one or more input files, gathered before raising."""

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        head = summary or f"{len(lines)} problem(s) found"
        super().__init__(head + ":\n" + "\n".join(lines) if lines else head)


class NotFoundError(UsageError):
    pass


class LockHeldError(CpdsyncError):
    pass


class StorageError(CpdsyncError):
    pass


class SchemaBehindError(StorageError):
    """A database opened read-only has a schema older than this cpdsync, or none (``empty``);
    migrating it is a write, so the reader says how to migrate instead."""

    def __init__(self, message: str, *, empty: bool = False) -> None:
        super().__init__(message)
        self.empty = empty


class MoodleError(CpdsyncError):
    """Raised by the connector. Carries the web-service function and Moodle's error code."""

    def __init__(
        self,
        message: str,
        *,
        wsfunction: str | None = None,
        errorcode: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.wsfunction = wsfunction
        self.errorcode = errorcode
        self.http_status = http_status


class MoodleFatalError(MoodleError):
    exit_code = EXIT_MOODLE_REFUSED


class MoodleRequestError(MoodleFatalError):
    exit_code = EXIT_FAILED


class MoodleRetriableError(MoodleError):
    exit_code = EXIT_MOODLE_UNAVAILABLE

    def __init__(
        self,
        message: str,
        *,
        wsfunction: str | None = None,
        errorcode: str | None = None,
        http_status: int | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(
            message, wsfunction=wsfunction, errorcode=errorcode, http_status=http_status
        )
        self.retry_after_s = retry_after_s


class MoodleSkippableError(MoodleError):
    pass
