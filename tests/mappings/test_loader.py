"""Loading mapping files: every problem in every file, each at its exact file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpdsync.errors import InputFileError
from cpdsync.mappings import load_mappings
from cpdsync.mappings.definitions import Duration, Location, Match
from tests.mappings.conftest import BROKEN, EXAMPLE, write

GOOD_TAIL = """requirements:
  - id: safeguarding-children
    title: Safeguarding children
    valid_for: P3Y
roles:
  - id: everyone
    assign: {default: true}
"""


def problems_of(paths: list[Path]) -> list[str]:
    with pytest.raises(InputFileError) as caught:
        load_mappings(paths)
    return [str(p) for p in caught.value.problems]


def rule_file(tmp_path: Path, rule_lines: str) -> Path:
    """A file whose rules section is ``rule_lines`` (starting on line 3), then a valid tail."""
    return write(tmp_path, "m.yaml", "version: 1\nrules:\n" + rule_lines + GOOD_TAIL)


def test_the_example_council_mapping_loads_whole() -> None:
    mappings = load_mappings([EXAMPLE])
    assert (len(mappings.rules), len(mappings.requirements), len(mappings.roles)) == (11, 4, 7)
    assert mappings.sources == (str(EXAMPLE / "council.yaml"),)
    first = mappings.rules[0]
    assert first.match == Match("idnumber", "MAN-SGREFRESH-CH")
    assert first.location == Location(str(EXAMPLE / "council.yaml"), 19)
    assert mappings.requirements[2].valid_for == Duration(years=1, text="P1Y")


def test_the_broken_example_reports_every_problem_in_one_run() -> None:
    c = BROKEN / "council.yaml"
    r = BROKEN / "rules.csv"
    assert problems_of([BROKEN]) == [
        f"{c}:6: unknown capability id 'KSS-CF-05'; did you mean KSS-CF-5?",
        f"{c}:12: cpd_hours must be a positive number of hours, got -2",
        f"{c}:14: this rule can never match: the earlier rule at {c}:10 (idnumber: 'SG-*') "
        "matches every course it would; move it above that rule or narrow the earlier one",
        f"{c}:16: unknown cpd_type 'workshop' (allowed: training_course, e_learning, "
        "peer_discussion, supervision, reading, conference, research, shadowing, other)",
        f"{c}:17: the pattern 'LEG-[12' opens a [ set at character 5 and never closes it; "
        "close it with ] or write [[] for a literal [",
        f"{c}:21: the rule satisfies 'safeguarding-kids', which no requirements: entry defines; "
        "did you mean safeguarding-children? (defined: data-protection, safeguarding-children)",
        f"{c}:22: reflection must be included or not_included, got yes/true",
        f"{c}:23: unknown key 'colour' in a rule; allowed: match, capabilities, cpd_hours, "
        "hours_from, cpd_type, satisfies, reflection, peer_reflection",
        f"{c}:27: valid_for: '3 years' is not an ISO 8601 duration; write years, months or days "
        "like P3Y, P18M, P1Y6M or P90D",
        f"{c}:29: no rule satisfies requirement 'data-protection'; add it to the satisfies: "
        "list of the rule for the course that renews it",
        f"{c}:32: requirement id 'safeguarding-children' is already defined at {c}:25",
        f"{c}:38: unknown framework 'KSS-CFF'; did you mean KSS-CF? "
        "(known: CF-ECS, KSS-AD, KSS-APS, KSS-CF, KSS-PL, KSS-PS, PCF, SWE-PS)",
        f"{c}:41: role 'everyone-else' is a second default role (the first is 'everyone' "
        f"at {c}:39); keep one",
        f"{r}:3: unknown capability id 'SWE-PS-4.99'; did you mean SWE-PS-4.8?",
        f"{r}:3: peer_reflection must be true or false, got 'maybe'",
    ]


def test_the_error_message_lists_every_problem_as_file_line_message() -> None:
    with pytest.raises(InputFileError) as caught:
        load_mappings([BROKEN])
    assert caught.value.exit_code == 2
    text = str(caught.value)
    assert text.startswith("15 problem(s) in 2 of 2 mapping file(s):\n")
    assert f"{BROKEN / 'council.yaml'}:6: unknown capability id 'KSS-CF-05'" in text


def test_a_yaml_syntax_error_is_reported_with_its_line_alongside_other_files(
    tmp_path: Path,
) -> None:
    write(tmp_path, "a.yaml", 'version: 1\nrules:\n  - match: {idnumber: "LDR-*"\n    x: 1\n')
    write(tmp_path, "b.yaml", "version: 2\n")
    found = problems_of([tmp_path])
    assert found[0].startswith(f"{tmp_path / 'a.yaml'}:4: not valid YAML: ")
    assert found[1] == f"{tmp_path / 'b.yaml'}:1: version must be 1, got 2"


def test_unknown_keys_are_named_with_the_allowed_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        "version: 1\nrule: []\nroles:\n  - id: r\n    asign: {default: true}\n",
    )
    assert problems_of([path]) == [
        f"{path}:2: unknown key 'rule' in a mapping file; allowed: version, rules, "
        "requirements, roles",
        f'{path}:4: a role needs assign: {{profile_field: {{jobrole: "Social Worker*"}}}} '
        "or assign: {default: true}",
        f"{path}:5: unknown key 'asign' in a role; allowed: id, title, assign, coverage",
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "  - match: {idnumber: X}\n    capabilities: [kss-cf-5]\n",
            "4: unknown capability id 'kss-cf-5'; did you mean KSS-CF-5?",
        ),
        (
            "  - match: {idnumber: X}\n    capabilities: [PCF-6, NOPE-1]\n",
            "4: unknown capability id 'NOPE-1'",
        ),
        ("  - match: {idnumber: X}\n    cpd_hours: 0\n", "4: cpd_hours must be a positive"),
        ("  - match: {idnumber: X}\n    cpd_hours: six\n", "4: cpd_hours must be a positive"),
        ("  - match: {idnumber: X}\n    cpd_hours: true\n", "4: cpd_hours must be a positive"),
        (
            "  - match: {idnumber: X}\n    cpd_hours: 2\n    hours_from: customfield.h\n",
            "5: give cpd_hours or hours_from, not both",
        ),
        (
            "  - match: {idnumber: X}\n    hours_from: cpdhours\n",
            "4: hours_from must name a course custom field",
        ),
        ("  - match: {idnumber: X}\n    cpd_type: elearning\n", "4: unknown cpd_type 'elearning'"),
        ("  - match: {idnumber: 'SG-[CH*'}\n", "3: the pattern 'SG-[CH*' opens a [ set"),
        ("  - match: {idnumber: ''}\n", "3: the pattern is empty"),
        ("  - match: {colour: red}\n", "3: cannot match on 'colour'"),
        ("  - match: {idnumber: A, shortname: B}\n", "3: match must name exactly one of"),
        ("  - capabilities: [PCF-1]\n", "3: a rule needs match: with one of"),
        ("  - match: {idnumber: X}\n    peer_reflection: 'no'\n", "4: peer_reflection must be"),
        (
            "  - match: {idnumber: X}\n    satisfies: [safeguarding-childre]\n",
            "4: the rule satisfies 'safeguarding-childre', which no requirements: entry "
            "defines; did you mean safeguarding-children?",
        ),
        (
            "  - match: {idnumber: X}\n    match: {idnumber: Y}\n",
            "4: key 'match' is given twice in one rule",
        ),
    ],
)
def test_each_bad_rule_is_reported_at_its_line(tmp_path: Path, rule: str, message: str) -> None:
    rules = rule + "    satisfies: [safeguarding-children]\n" if "satisfies" not in rule else rule
    path = rule_file(tmp_path, rules)
    found = problems_of([path])
    assert any(p.startswith(f"{path}:{message}") for p in found), found


@pytest.mark.parametrize(
    ("earlier", "later", "dead"),
    [
        ("{idnumber: '*'}", "{tag: x}", True),  # every course has an idnumber, even ''
        ("{tag: '*'}", "{tag: 'peer'}", True),
        ("{tag: '*'}", "{idnumber: 'PS-1'}", False),  # a course may have no tags
        ("{idnumber: 'SG-*'}", "{idnumber: 'SG-CH-01'}", True),
        ("{idnumber: 'sg-*'}", "{idnumber: 'SG-CH-01'}", True),  # globs ignore case
        ("{idnumber: 'SG-*'}", "{idnumber: 'SG-CH-*'}", False),  # not provable: no alarm
        ("{idnumber: 'SG-CH-*'}", "{idnumber: 'SG-*'}", False),
        ("{idnumber: 'SG-*'}", "{shortname: 'SG-CH-01'}", False),
        ("{idnumber: 'SG-*'}", "{idnumber: 'sg-*'}", True),
        ("{customfield.level: '*'}", "{customfield.level: '3'}", True),
        ("{customfield.level: '*'}", "{customfield.other: '3'}", False),
        ("{category: 'Safeguarding / *'}", "{category: 'Safeguarding / Children'}", True),
    ],
)
def test_a_rule_an_earlier_rule_always_beats_is_reported_and_no_other(
    tmp_path: Path, earlier: str, later: str, dead: bool
) -> None:
    rules = f"  - match: {earlier}\n    satisfies: [safeguarding-children]\n  - match: {later}\n"
    path = rule_file(tmp_path, rules)
    if dead:
        (only,) = problems_of([path])
        assert only.startswith(f"{path}:5: this rule can never match: the earlier rule at {path}:3")
    else:
        assert len(load_mappings([path]).rules) == 2


def test_requirement_and_role_faults_are_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        """version: 1
rules:
  - match: {idnumber: X}
    satisfies: [a, b]
requirements:
  - id: a
    title: A
    valid_for: P0Y
    roles: [nobody]
  - id: b
    valid_for: P1Y2X
  - id: a
    title: A again
roles:
  - id: r1
    assign: {profile_field: {team: "Child[ren"}}
  - id: r2
    assign: {default: false}
  - id: r3
    assign: {default: true}
    coverage: {framework: KSS-CF, min_items: 11, window: P3Y}
  - id: r3
    assign: {profile_field: {team: "Adults*"}}
    coverage: {framework: PCF, min_items: 0, window: 3y, extra: 1}
""",
    )
    assert problems_of([path]) == [
        f"{path}:8: valid_for: 'P0Y' is a zero duration; give a period such as P3Y",
        f"{path}:10: a requirement needs a title",
        f"{path}:11: valid_for: 'P1Y2X' is not an ISO 8601 duration; write years, months or "
        "days like P3Y, P18M, P1Y6M or P90D",
        f"{path}:12: requirement id 'a' is already defined at {path}:6",
        f"{path}:16: the pattern 'Child[ren' opens a [ set at character 6 and never closes it; "
        "close it with ] or write [[] for a literal [",
        f"{path}:18: default must be true",
        f"{path}:21: min_items is 11 but KSS-CF has only 10 items, so the target can never be met",
        f"{path}:22: role id 'r3' is already defined at {path}:19",
        f"{path}:24: unknown key 'extra' in coverage; allowed: framework, min_items, window",
        f"{path}:24: min_items must be a whole number of at least 1, got 0",
        f"{path}:24: window: '3y' is not an ISO 8601 duration; write years, months or days like "
        "P3Y, P18M, P1Y6M or P90D",
    ]


def test_a_requirement_naming_an_unknown_role_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "m.yaml",
        "version: 1\nrules:\n  - match: {idnumber: X}\n    satisfies: [a]\n"
        "requirements:\n  - id: a\n    title: A\n    roles: [social-wroker]\n"
        "roles:\n  - id: social-worker\n    assign: {default: true}\n",
    )
    assert problems_of([path]) == [
        f"{path}:8: the requirement applies to role 'social-wroker', which no roles: entry "
        "defines; did you mean social-worker? (defined: social-worker)"
    ]


def test_empty_files_missing_version_and_missing_paths_are_reported(tmp_path: Path) -> None:
    empty = write(tmp_path, "a.yaml", "# nothing yet\n")
    no_version = write(tmp_path, "b.yaml", "rules: []\n")
    listy = write(tmp_path, "c.yaml", "- 1\n")
    missing = tmp_path / "nope"
    assert problems_of([tmp_path, missing]) == [
        f"{missing}: no such file or folder; check mappings.paths",
        f"{empty}: the file is empty; start it with version: 1",
        f"{no_version}:1: the file has no version:; add version: 1 at the top",
        f"{listy}:1: a mapping file is a mapping with version:, rules:, requirements:, roles:",
    ]


def test_files_load_in_name_order_and_rules_keep_file_order(tmp_path: Path) -> None:
    write(tmp_path, "20-second.yaml", "version: 1\nrules:\n  - match: {idnumber: B}\n")
    write(tmp_path, "10-first.yaml", "version: 1\nrules:\n  - match: {idnumber: A}\n")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "x.csv", "match,pattern\nidnumber,C\n")
    write(tmp_path, "notes.txt", "ignored")
    mappings = load_mappings([tmp_path])
    assert [r.match.pattern for r in mappings.rules] == ["A", "B", "C"]
    assert mappings.sources == tuple(
        str(tmp_path / n) for n in ("10-first.yaml", "20-second.yaml", "sub/x.csv")
    )


def test_csv_rules_report_faults_at_their_row_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.csv",
        'match,pattern,capabilities,colour\nidnumber,A,PCF-6,\n\nidnumber,"B\nC",PCF-66,\n'
        "tag,x,PCF-1,,extra\n",
    )
    assert problems_of([path]) == [
        f"{path}:1: unknown column 'colour'; allowed: match, pattern, capabilities, cpd_hours, "
        "hours_from, cpd_type, satisfies, reflection, peer_reflection",
        f"{path}:4: unknown capability id 'PCF-66'; did you mean PCF-6?",
        f"{path}:6: the row has 5 cells but the header 4",
    ]


def test_a_set_is_returned_whole_or_not_at_all(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "version: 1\nrules:\n  - match: {idnumber: A}\n")
    write(tmp_path, "b.yaml", "version: 1\nrules:\n  - match: {idnumber: B}\n    cpd_hours: -1\n")
    with pytest.raises(InputFileError) as caught:
        load_mappings([tmp_path])
    assert len(caught.value.problems) == 1
