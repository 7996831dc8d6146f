"""The HR roster CSV: what a spreadsheet saves is read, anything else refused whole with
every problem as file:line, and rows matched to Moodle users by idnumber or email."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpdsync.app.roster import match_rows
from cpdsync.app.roster_file import load_roster
from cpdsync.connector.facts import MoodleWorker
from cpdsync.errors import InputFileError
from cpdsync.mappings.definitions import Role, RoleAssign

ROLES = (
    Role("child-and-family-sw", RoleAssign(default=True), title="Children and families SW"),
    Role("adults-sw", RoleAssign(profile_field="jobrole", pattern="Adult*"), title="Adults SW"),
)


def write(tmp_path: Path, data: str | bytes, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputFileError) as caught:
        load_roster(path, ROLES)
    assert caught.value.exit_code == 2
    return [str(p) for p in caught.value.problems]


def test_a_roster_gives_each_row_with_its_line_team_and_role_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Email,IDNumber,Team,Role,Name\n"
        "jo.smith@council.gov.uk,EMP0001,Children North,adults-sw,Jo Smith\n"
        "\n"
        ",EMP0099,,children and families sw,\n",
    )
    roster = load_roster(path, ROLES)
    first, second = roster.rows
    assert (first.line, first.email, first.idnumber, first.team, first.role, first.name) == (
        2,
        "jo.smith@council.gov.uk",
        "EMP0001",
        "Children North",
        "adults-sw",
        "Jo Smith",
    )
    assert (second.line, second.email, second.idnumber, second.team, second.role) == (
        4,
        None,
        "EMP0099",
        None,
        "child-and-family-sw",  # a role's title names it too
    )
    assert roster.where(second) == f"{path}:4"
    assert len(roster.digest) == 64


@pytest.mark.parametrize(
    "data",
    [
        # What Excel saves as "CSV UTF-8": a byte-order mark.
        b"\xef\xbb\xbfemail;team\r\njo.smith@council.gov.uk;Children North\r\n",
        # A European-locale spreadsheet: semicolons.
        b"email;team\njo.smith@council.gov.uk;Children North\n",
        # Tab-separated text.
        b"email\tteam\njo.smith@council.gov.uk\tChildren North\n",
    ],
    ids=["bom", "semicolons", "tabs"],
)
def test_what_a_spreadsheet_saves_is_read_the_same(tmp_path: Path, data: bytes) -> None:
    (row,) = load_roster(write(tmp_path, data), ROLES).rows
    assert (row.email, row.team) == ("jo.smith@council.gov.uk", "Children North")


def test_windows_1252_is_refused_at_its_line_with_the_fix(tmp_path: Path) -> None:
    data = "email,name\njo@council.gov.uk,Jo\nrene@council.gov.uk,René Dupont\n"
    (message,) = problems(write(tmp_path, data.encode("cp1252")))
    assert message.startswith(f"{tmp_path / 'roster.csv'}:3: not UTF-8 text (byte 0xE9")
    assert "CSV UTF-8" in message


def test_every_problem_is_listed_by_line_and_nothing_is_taken(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "email,idnumber,role\n"
        "jo@council.gov.uk,EMP1,\n"
        "JO@Council.gov.uk,EMP2,\n"  # the same email in another case
        ",,\n"  # blank: skipped
        "not-an-email,,\n"
        "sam@council.gov.uk,emp1,\n"  # the same idnumber in another case
        "kim@council.gov.uk,EMP3,team manager\n"
        "lee@council.gov.uk,EMP4\n",
    )
    where = str(path)
    assert problems(path) == [
        f"{where}:3: email 'JO@Council.gov.uk' is already on line 2",
        f"{where}:5: 'not-an-email' is not an email address",
        f"{where}:6: idnumber 'emp1' is already on line 2",
        f"{where}:7: role 'team manager' is not a role of the mapping files "
        "(child-and-family-sw, adults-sw)",
        f"{where}:8: 2 cells, the header has 3",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", "1: no header row; the first row must name the columns"),
        (
            "jo@council.gov.uk,Children North\n",
            "1: the header names neither email nor idnumber; add one of them",
        ),
        ("email,teams\n", "1: unknown column(s): 'teams' (the columns are email, idnumber, "),
        ("email,team,email\n", "1: column 'email' appears twice"),
        ("email,team\n", "1: the roster lists no worker; add a row per worker"),
        ("email\n,\n", "1: the roster lists no worker"),
        ("idnumber\n\n", "1: the roster lists no worker"),
        ('email,name\nx@y.uk,"Smith, Jo\n', "2: not valid CSV"),
    ],
    ids=["empty", "no-header", "unknown-column", "twice", "no-rows", "blank", "blank2", "quote"],
)
def test_a_file_without_a_usable_header_or_rows_is_refused(
    tmp_path: Path, data: str, expected: str
) -> None:
    found = problems(write(tmp_path, data))
    assert found[0].startswith(f"{tmp_path / 'roster.csv'}:{expected}"), found


def test_an_unreadable_roster_is_named(tmp_path: Path) -> None:
    (message,) = problems(tmp_path / "missing.csv")
    assert message == f"{tmp_path / 'missing.csv'}: cannot read: No such file or directory"


def worker(uid: int, email: str, idnumber: str = "") -> MoodleWorker:
    return MoodleWorker(uid, f"user{uid}", email, idnumber, "F", "L", "F L", False)


def test_rows_match_by_idnumber_else_email_in_any_case(tmp_path: Path) -> None:
    roster = load_roster(
        write(
            tmp_path,
            "email,idnumber\nJo.Smith@Council.gov.uk,\n,emp0002\nnew@council.gov.uk,EMP9\n",
        ),
        ROLES,
    )
    matched, unmatched = match_rows(
        roster, [worker(3, "jo.smith@council.gov.uk"), worker(4, "sam@x.uk", "EMP0002")]
    )
    assert {uid: row.line for uid, row in matched.items()} == {3: 2, 4: 3}
    assert [row.line for row in unmatched] == [4]


def test_rows_naming_two_users_or_one_user_twice_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "email,idnumber\njo@x.uk,EMP2\nkim@x.uk,\n,EMP3\nshared@x.uk,\n",
    )
    roster = load_roster(path, ROLES)
    with pytest.raises(InputFileError) as caught:
        match_rows(
            roster,
            [
                worker(3, "jo@x.uk", "EMP1"),
                worker(4, "sam@x.uk", "EMP2"),
                worker(5, "kim@x.uk", "EMP3"),
                worker(6, "shared@x.uk"),
                worker(7, "Shared@x.uk"),
            ],
        )
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: idnumber 'EMP2' is Moodle user 'user4' but email 'jo@x.uk' is 'user3'; "
        "correct one of them",
        f"{path}:4: names Moodle user 'user5', as line 3 does",
        f"{path}:5: email 'shared@x.uk' belongs to 2 Moodle users (user6, user7); add "
        "their idnumber to the row",
    ]
