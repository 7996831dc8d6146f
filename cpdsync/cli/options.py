"""What the commands share: date parameters, common options, and writing a command's output."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from cpdsync.errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType[date]):
    """A UK calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(
                f"{value!r} is not a date; write it as YYYY-MM-DD, like 2026-11-22", param, ctx
            )


def as_of_option(help_text: str) -> Callable[[F], F]:
    """``--as-of YYYY-MM-DD``: the UK date a command acts as on (None: today in the UK)."""
    return click.option("--as-of", "as_of", type=DateParam(), help=help_text)


def json_option(help_text: str) -> Callable[[F], F]:
    """``--json``: print JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def site_option() -> Callable[[F], F]:
    """``--site URL``: the Moodle site a report covers, when the database holds several."""
    return click.option(
        "--site",
        metavar="URL",
        help="The Moodle site to report on (default: moodle.url, or the database's only site).",
    )


def output_option(help_text: str, **kwargs: Any) -> Callable[[F], F]:
    """``--output PATH``: the file a command writes instead of printing."""
    return click.option(
        "--output", type=click.Path(dir_okay=False, path_type=Path), help=help_text, **kwargs
    )


# Reports hold staff personal data: the owner writes, the group (a web server, a share)
# reads, others get nothing, whatever the umask (reports.file_mode changes it).
REPORT_MODE = 0o640


def write_output(
    text: str,
    output: Path | None,
    *,
    new_file: bool = False,
    encoding: str = "utf-8",
    mode: int = REPORT_MODE,
) -> None:
    """Print ``text`` when ``output`` is None or ``-``, otherwise write it to ``output`` whole
    or not at all (a temporary file beside it, then a rename).

    A report replaces an existing file and gets ``mode`` (reports.file_mode; 0640 by default).
    A ``new_file`` (a mapping or framework file for others to read) never replaces one and
    gets the permissions the umask gives. Raise UsageError naming the path and the reason when
    it cannot be written.
    """
    if output is None or str(output) == "-":
        # Bytes, so CSV line ends reach a pipe exactly as they would reach a file.
        click.echo(text.encode("utf-8"), nl=False)
        return
    target = output.expanduser()
    temp: str | None = None
    try:
        # The temp file is created 0600, and opened up only once it is whole.
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        with os.fdopen(fd, "w", encoding=encoding, errors="replace", newline="") as handle:
            handle.write(text)
        if new_file:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
            # A hard link fails when the name is taken, so an existing file is never replaced.
            os.link(temp, target)
            os.unlink(temp)
        else:
            os.chmod(temp, mode)
            os.replace(temp, target)
        temp = None
    except FileExistsError:
        raise UsageError(f"{output} already exists; choose another --output or remove it") from None
    except OSError as exc:
        raise UsageError(
            f"cannot write --output {output}: {exc.strerror or exc}; choose a file in a "
            "folder that exists and you may write to (nothing was written)"
        ) from None
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
