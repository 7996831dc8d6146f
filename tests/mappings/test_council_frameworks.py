"""A council's own framework files (`[mappings] frameworks`): read beside the packaged ones,
checked the same way, every problem at file:line, and no id clashing with another framework."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpdsync.errors import InputFileError
from cpdsync.mappings import load_frameworks, load_mappings

COUNCIL = """\
id: NORTH-PS
title: North Council practice standards
publisher: North Council
version: '2026'
licence: North Council's own
source: https://north.example/practice-standards
items:
  - id: NORTH-PS-1
    title: Recording with families
    summary: Write records with families, in plain words.
    wording: confirmed
  - id: NORTH-PS-2
    title: Working with interpreters
    summary: Use interpreters well.
    wording: confirmed
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_council_framework_is_read_after_the_packaged_ones(tmp_path: Path) -> None:
    write(tmp_path, "north.yaml", COUNCIL)
    frameworks = load_frameworks([tmp_path])
    assert list(frameworks)[-1] == "NORTH-PS"
    north = frameworks["NORTH-PS"]
    assert north.origin == str(tmp_path / "north.yaml")
    assert [i.id for i in north.items] == ["NORTH-PS-1", "NORTH-PS-2"]
    assert "KSS-CF" in frameworks


def test_mappings_can_name_a_council_frameworks_items_and_cover_it(tmp_path: Path) -> None:
    council = write(tmp_path, "north.yaml", COUNCIL)
    mapping = write(
        tmp_path,
        "rules.yaml",
        """version: 1
rules:
  - match: {idnumber: "NP-*"}
    capabilities: [NORTH-PS-1]
roles:
  - id: sw
    assign: {default: true}
    coverage: {framework: NORTH-PS, min_items: 2, window: P3Y}
""",
    )
    mappings = load_mappings([mapping], load_frameworks([council]))
    assert mappings.rules[0].capabilities == ("NORTH-PS-1",)
    with pytest.raises(InputFileError, match="unknown capability id 'NORTH-PS-1'"):
        load_mappings([mapping])  # without the council's file the id is unknown


def test_every_problem_of_a_council_file_is_named_at_its_line(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "bad.yaml",
        """id: KSS-CF
title: Clash
publisher: p
version: '1'
licence: l
source: https://x.example
superseded_by: NOPE
items:
  - {id: KSS-CF-1, title: Clash, wording: confirmed}
  - {id: MY ITEM, title: spaces, wording: maybe}
""",
    )
    with pytest.raises(InputFileError) as caught:
        load_frameworks([bad])
    lines = [str(p) for p in caught.value.problems]
    name = str(bad)
    assert f"{name}:7: superseded_by needs in_force_until" in lines[0]
    assert any(
        line.startswith(f"{name}:10: item id 'MY ITEM' may hold only letters") for line in lines
    )
    assert f"{name}:10: wording: 'maybe' is not one of confirmed, paraphrase, unconfirmed" in lines


def test_a_council_framework_may_not_take_a_packaged_id_or_item_id(tmp_path: Path) -> None:
    clash = write(
        tmp_path,
        "clash.yaml",
        COUNCIL.replace("id: NORTH-PS\n", "id: KSS-CF\n").replace("id: NORTH-PS-2", "id: PCF-2"),
    )
    with pytest.raises(InputFileError) as caught:
        load_frameworks([clash])
    messages = [str(p) for p in caught.value.problems]
    assert messages[0].startswith(
        f"{clash}:1: framework id 'KSS-CF' is a packaged framework; give the council's framework "
        "an id of its own"
    )
    assert "item id 'PCF-2' is already an item of PCF" in messages[1]
    assert messages[1].startswith(f"{clash}:12:")


def test_two_council_files_may_not_declare_the_same_framework(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", COUNCIL)
    second = write(
        tmp_path, "b.yaml", COUNCIL.replace("NORTH-PS-1", "N-1").replace("NORTH-PS-2", "N-2")
    )
    with pytest.raises(InputFileError, match=f"{second}:1: framework id 'NORTH-PS' is declared in"):
        load_frameworks([first, second])


def test_a_council_framework_may_be_superseded_by_another(tmp_path: Path) -> None:
    newer = COUNCIL.replace("NORTH-PS", "NORTH-PS2")
    older = COUNCIL.replace(
        "items:\n", "in_force_until: 2026-12-31\nsuperseded_by: NORTH-PS2\nitems:\n"
    )
    folder = tmp_path / "fw"
    folder.mkdir()
    write(folder, "1-older.yaml", older)
    write(folder, "2-newer.yaml", newer)
    frameworks = load_frameworks([folder])
    assert frameworks["NORTH-PS"].superseded_by == "NORTH-PS2"
    write(
        folder,
        "3-bad.yaml",
        COUNCIL.replace("NORTH-PS", "OTHER").replace(
            "items:\n", "in_force_until: 2026-12-31\nsuperseded_by: NORTH-PS3\nitems:\n"
        ),
    )
    with pytest.raises(InputFileError, match="superseded_by names 'NORTH-PS3'.*did you mean"):
        load_frameworks([folder])


def test_a_missing_council_path_or_empty_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        load_frameworks([tmp_path / "nowhere.yaml", tmp_path])
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        f"{tmp_path / 'nowhere.yaml'}: no such file or folder; check mappings.frameworks",
        f"{tmp_path}: no .yaml or .yml framework files here",
    ]


def test_a_role_cannot_cover_a_placeholder_framework(tmp_path: Path) -> None:
    mapping = write(
        tmp_path,
        "roles.yaml",
        """version: 1
roles:
  - id: sw
    assign: {default: true}
    coverage: {framework: CF-ECS, min_items: 3, window: P3Y}
""",
    )
    with pytest.raises(InputFileError) as caught:
        load_mappings([mapping])
    assert [str(p) for p in caught.value.problems] == [
        f"{mapping}:5: CF-ECS is a declared placeholder: its structure is not confirmed, so "
        "cpdsync has no items of it to cover yet; keep the role's coverage on the framework in "
        "force until cpdsync ships its items"
    ]


def test_a_rule_cannot_name_a_placeholder_item(tmp_path: Path) -> None:
    mapping = write(
        tmp_path,
        "rules.yaml",
        """version: 1
rules:
  - match: {idnumber: "AD-*"}
    capabilities:
      - KSS-AD-MENTAL-CAPACITY
      - KSS-AD-UNIDENTIFIED
""",
    )
    with pytest.raises(InputFileError) as caught:
        load_mappings([mapping])
    assert [str(p) for p in caught.value.problems] == [
        f"{mapping}:6: KSS-AD-UNIDENTIFIED is a placeholder for an item the sources imply but "
        "do not name, so a course cannot evidence it; name the item the course does evidence"
    ]
