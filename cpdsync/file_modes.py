"""File permissions a council may set for what cpdsync writes (`reports.file_mode`)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator


def report_mode(value: str) -> str:
    """Return an octal file mode written as four digits (``640`` -> ``0640``); raise ValueError
    when it is not octal, or would make a report executable, writable by everyone or unreadable
    by its owner."""
    text = value.strip()
    if not re.fullmatch(r"0?[0-7]{3}", text):
        raise ValueError(f"{value!r} is not a file mode; write it in octal, like 0640")
    mode = int(text, 8)
    if mode & 0o111 or mode & 0o002 or not mode & 0o400:
        raise ValueError(
            f"{value!r}: a report must be readable by its owner, and neither executable "
            "nor writable by everyone; use e.g. 0640 or 0600"
        )
    return f"{mode:04o}"


# A config value holding a report file mode, checked and normalised by report_mode.
ReportMode = Annotated[str, AfterValidator(report_mode)]
