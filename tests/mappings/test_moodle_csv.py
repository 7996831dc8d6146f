"""The Moodle competency framework import layout (admin/tool/lpimportcsv, Moodle 4.5)."""

from __future__ import annotations

import csv
import io

import pytest

from cpdsync.errors import UsageError
from cpdsync.mappings import load_frameworks
from cpdsync.mappings.moodle_csv import framework_to_moodle_csv

# framework_importer::list_required_headers() with the strings of lang/en/tool_lpimportcsv.php.
MOODLE_45_HEADER = (
    '"Parent ID number","ID number","Short name",Description,"Description format",'
    '"Scale values","Scale configuration","Rule type (optional)","Rule outcome (optional)",'
    '"Rule config (optional)","Cross-referenced competency ID numbers",'
    '"Exported ID (optional)","Is framework",Taxonomy'
)


def rows(framework_id: str) -> tuple[str, list[list[str]]]:
    text = framework_to_moodle_csv(load_frameworks()[framework_id])
    return text, list(csv.reader(io.StringIO(text, newline="")))


def test_the_header_is_moodles_byte_for_byte() -> None:
    text, _ = rows("KSS-CF")
    assert text.split("\n", 1)[0] == MOODLE_45_HEADER


def test_the_first_row_is_the_framework_with_a_scale() -> None:
    _, table = rows("KSS-CF")
    framework = table[1]
    assert len(framework) == 14
    assert framework[:3] == [
        "",
        "KSS-CF",
        "Post-qualifying standard: knowledge and skills statement for child and family "
        "practitioners",
    ]
    assert framework[4:7] == [
        "1",
        "Not yet competent,Competent",
        '[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}]',
    ]
    assert framework[12:] == ["1", "competency"]


def test_every_item_is_a_competency_row_in_the_exporters_column_order() -> None:
    _, table = rows("KSS-CF")
    items = table[2:]
    assert [row[1] for row in items] == [f"KSS-CF-{n}" for n in range(1, 11)]
    for row in items:
        assert len(row) == 14
        assert row[0] == ""  # top level
        assert row[4] == "1"
        assert row[5:12] == ["", "", "", "0", "null", "", ""]
        assert row[12:] == ["", ""]
    # Every KSS-CF item is unconfirmed: the description says so, for the people who read it.
    assert all("not yet confirmed against the published source" in row[3] for row in items)


def test_item_descriptions_say_how_sure_the_title_is() -> None:
    _, table = rows("SWE-PS")
    by_id = {row[1]: row[3] for row in table[2:]}
    assert "(" not in by_id["SWE-PS-4.6"].split("</p>", 1)[1]  # confirmed: nothing added
    assert "a short label, not the published wording" in by_id["SWE-PS-1.2"]  # paraphrase
    assert "not yet confirmed" in by_id["SWE-PS-2.4"]  # unconfirmed


def test_sub_standards_name_their_parent_and_levels_get_taxonomies() -> None:
    _, table = rows("SWE-PS")
    framework, items = table[1], table[2:]
    assert framework[13] == "domain,competency"
    by_id = {row[1]: row for row in items}
    assert by_id["SWE-PS-4"][0] == ""
    assert by_id["SWE-PS-4.6"][0] == "SWE-PS-4"
    assert by_id["SWE-PS-1"][2] == (
        "Promote the rights, strengths and wellbeing of people, families and communities"
    )


def test_every_packaged_framework_exports_but_a_placeholder_is_refused() -> None:
    exported = 0
    for fw_id, fw in load_frameworks().items():
        if fw.placeholder:
            with pytest.raises(UsageError, match=f"{fw_id} is a declared placeholder"):
                rows(fw_id)
            continue
        _, table = rows(fw_id)
        assert len(table) == len(fw.items) + 2
        exported += 1
    assert exported == 6
