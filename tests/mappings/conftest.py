"""Shared inputs for the mapping tests: the example files and a sample council's courses."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpdsync.mappings.definitions import CourseFacts

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "mappings"
BROKEN = REPO / "examples" / "broken"


def course(
    courseid: int,
    idnumber: str,
    category: str,
    *,
    tags: tuple[str, ...] = (),
    hours: str | None = "3",
) -> CourseFacts:
    return CourseFacts(
        courseid=courseid,
        shortname=idnumber.lower(),
        fullname=f"Course {idnumber}",
        idnumber=idnumber,
        category_path=category,
        tags=tags,
        customfields={"cpdhours": hours} if hours is not None else {},
    )


@pytest.fixture
def council_courses() -> list[CourseFacts]:
    """One course of each kind the sample council runs."""
    return [
        course(1, "SG-CH-01", "Safeguarding / Children"),
        course(2, "SG-AD-01", "Safeguarding / Adults"),
        course(3, "PS-01", "Practice Skills"),
        course(4, "LEG-01", "Legal"),
        course(5, "LDR-01", "Leadership"),
        course(6, "MAN-SGREFRESH-CH", "Mandatory", hours="1.5"),
        course(7, "MAN-SGREFRESH-AD", "Mandatory"),
        course(8, "MAN-DATAPROT", "Mandatory", hours=None),
        course(9, "MAN-MCA", "Mandatory"),
        course(10, "RPG-01", "Reflective Practice", tags=("peer-discussion",), hours="2"),
        course(11, "INFO-01", "Information", hours=None),
    ]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
