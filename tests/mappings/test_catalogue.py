"""The packaged frameworks: ids, dates in force, the wording state and source of every item,
the placeholders, and reading a framework file with every problem at file:line."""

from __future__ import annotations

from datetime import date

import pytest

from cpdsync.errors import NotFoundError
from cpdsync.mappings import load_frameworks, resolve_capability
from cpdsync.mappings.frameworks import FrameworkDataError, get_framework, parse_framework

PACKAGED = ["CF-ECS", "KSS-AD", "KSS-APS", "KSS-CF", "KSS-PL", "KSS-PS", "PCF", "SWE-PS"]

# Per framework: (confirmed, paraphrase, unconfirmed) after checking the items against the
# publishers' pages. Before, a single `verified` flag said true for 2, 3, 2, 1, 7 and 22 items.
WORDING = {
    "KSS-CF": (0, 0, 10),
    "KSS-AD": (0, 0, 11),
    "KSS-PS": (0, 0, 8),
    "KSS-PL": (0, 0, 6),
    "PCF": (4, 0, 5),
    "SWE-PS": (11, 5, 40),
    "CF-ECS": (0, 0, 0),
    "KSS-APS": (0, 0, 0),
}


def test_the_packaged_frameworks_carry_their_metadata_and_a_source_per_item() -> None:
    frameworks = load_frameworks()
    assert sorted(frameworks) == PACKAGED
    for fw in frameworks.values():
        assert fw.title and fw.publisher and fw.version and fw.licence
        assert fw.source.startswith("https://")
        assert fw.origin == "packaged"
        assert bool(fw.items) != fw.placeholder
        for item in fw.items:
            assert item.source.startswith("https://"), item.id
            assert item.wording in ("confirmed", "paraphrase", "unconfirmed")


def test_wording_counts_per_framework() -> None:
    frameworks = load_frameworks()
    for fw_id, (confirmed, paraphrase, unconfirmed) in WORDING.items():
        assert frameworks[fw_id].wording_counts() == {
            "confirmed": confirmed,
            "paraphrase": paraphrase,
            "unconfirmed": unconfirmed,
        }, fw_id


def test_confirmed_items_name_the_publishers_page_they_were_read_on() -> None:
    for fw in load_frameworks().values():
        for item in fw.items:
            if item.wording != "unconfirmed":
                host = item.source.split("/")[2].removeprefix("www.")
                assert host in ("basw.co.uk", "socialworkengland.org.uk"), item.id
            if item.seen_at:
                assert item.wording == "unconfirmed", item.id


def test_swe_standards_have_six_standards_and_swes_own_labels_for_standard_4() -> None:
    swe = load_frameworks()["SWE-PS"]
    top = [item.id for item in swe.items if item.parent is None]
    assert top == [f"SWE-PS-{n}" for n in range(1, 7)]
    item = swe.item("SWE-PS-4.6")
    assert item is not None and item.parent == "SWE-PS-4"
    assert (item.title, item.wording) == ("Reflection", "confirmed")
    four = swe.item("SWE-PS-4.4")
    assert four is not None and four.title == "Subject knowledge and awareness of current issues"
    assert four.source == (
        "https://www.socialworkengland.org.uk/cpd/subject-knowledge-and-awareness-of-current-issues/"
    )
    label = swe.item("SWE-PS-1.2")
    assert label is not None and label.wording == "paraphrase"


def test_swe_5_5_is_a_placeholder_never_counted_as_confirmed() -> None:
    swe = load_frameworks()["SWE-PS"]
    item = swe.item("SWE-PS-5.5")
    assert item is not None and item.placeholder and item.wording == "unconfirmed"
    assert "SWE-PS-5.5" not in swe.coverable_ids()


def test_kss_child_and_family_is_in_force_until_march_2027_then_cf_ecs() -> None:
    frameworks = load_frameworks()
    kss = frameworks["KSS-CF"]
    assert [i.id for i in kss.items] == [f"KSS-CF-{n}" for n in range(1, 11)]
    assert kss.in_force_until == date(2027, 3, 31)
    assert kss.superseded_on == date(2027, 4, 1)
    assert kss.superseded_by == "CF-ECS"
    assert kss.in_force(date(2027, 3, 31))
    assert not kss.in_force(date(2027, 4, 1))
    ecs = frameworks["CF-ECS"]
    assert ecs.placeholder and ecs.items == ()
    assert ecs.in_force_from == date(2027, 4, 1)
    assert ecs.source == (
        "https://www.gov.uk/government/publications/child-and-family-social-worker-early-career-standards"
    )
    assert not ecs.in_force(date(2027, 3, 31)) and ecs.in_force(date(2027, 4, 1))


def test_the_adults_practice_supervisor_statement_is_declared_not_modelled() -> None:
    aps = load_frameworks()["KSS-APS"]
    assert aps.placeholder and aps.items == ()
    assert "11 December 2018" in aps.version
    assert "Not modelled" in aps.notes


def test_kss_adults_mental_capacity_is_point_5_and_no_unseen_number_is_shown() -> None:
    adults = load_frameworks()["KSS-AD"]
    numbers = {item.id: item.number for item in adults.items}
    assert numbers["KSS-AD-MENTAL-CAPACITY"] == 5
    assert numbers["KSS-AD-ETHICS-LEADERSHIP"] == 10
    assert numbers["KSS-AD-ASYE-CAPABILITY"] == 11
    assert numbers["KSS-AD-ASSESSMENT"] is None  # never seen with a number


def test_pcf_has_nine_domains_and_nine_levels() -> None:
    pcf = load_frameworks()["PCF"]
    assert [i.id for i in pcf.items] == [f"PCF-{n}" for n in range(1, 10)]
    assert [level.order for level in pcf.levels] == list(range(1, 10))
    advanced = pcf.levels[7]
    assert [p.id for p in advanced.pathways] == [
        "PCF-L-ADV-PRACTITIONER",
        "PCF-L-ADV-EDUCATOR",
        "PCF-L-ADV-MANAGER",
    ]
    wording = {item.id: item.wording for item in pcf.items}
    assert wording["PCF-3"] == "confirmed" and wording["PCF-7"] == "unconfirmed"


def test_a_capability_id_resolves_across_frameworks() -> None:
    fw, item = resolve_capability("KSS-PS-7")
    assert fw.id == "KSS-PS"
    assert item.title == "Emotionally intelligent practice supervision"


def test_an_unknown_capability_id_suggests_the_closest_one() -> None:
    with pytest.raises(NotFoundError, match="did you mean KSS-CF-5"):
        resolve_capability("KSS-CF-05")


def test_an_unknown_framework_names_the_known_ones() -> None:
    with pytest.raises(NotFoundError, match=r"did you mean PCF\? \(known: CF-ECS, KSS-AD"):
        get_framework("pcf")


def test_a_new_framework_is_added_as_a_data_file() -> None:
    fw = parse_framework(
        """
id: LOCAL-X
title: A council framework
publisher: The council
version: '2026'
licence: The council's own
source: https://council.example/frameworks/x
in_force_from: 2027-04-01
items:
  - {id: LOCAL-X-1, title: Practise fairly, summary: Fairly., wording: confirmed}
""",
        "x.yaml",
    )
    assert fw.in_force_from == date(2027, 4, 1)
    assert not fw.in_force(date(2027, 3, 31)) and fw.in_force(date(2027, 4, 1))
    item = fw.items[0]
    assert item.id == "LOCAL-X-1" and item.confirmed
    assert item.source == "https://council.example/frameworks/x"  # the framework's by default


def test_a_malformed_framework_file_names_every_problem_with_its_line() -> None:
    text = """id: X
title: x
publisher: p
version: '1'
licence: l
source: not a url
in_force_until: 31/03/2027
superseded_by: Y
colour: blue
items:
  - {id: A, title: a, wording: verified}
  - id: B
    title: b
    wording: confirmed
    parent: Z
  - {id: A, title: again, wording: unconfirmed}
"""
    with pytest.raises(FrameworkDataError) as caught:
        parse_framework(text, "x.yaml")
    message = str(caught.value)
    assert "x.yaml:6: source: 'not a url' is not a web address" in message
    assert "x.yaml:7: in_force_until: '31/03/2027' is not a date; write it like 2027-03-31" in (
        message
    )
    assert "x.yaml:9: unknown key 'colour' in a framework" in message
    assert "x.yaml:11: wording: 'verified' is not one of confirmed, paraphrase, unconfirmed" in (
        message
    )
    assert "x.yaml:15: parent 'Z' is not an item of this framework" in message
    assert "x.yaml:16: item id 'A' is already used at line 11" in message


def test_a_placeholder_framework_may_not_have_items_and_a_real_one_must() -> None:
    base = "id: X\ntitle: x\npublisher: p\nversion: '1'\nlicence: l\nsource: https://x.example\n"
    with pytest.raises(FrameworkDataError, match="x.yaml:8: a placeholder framework has no items"):
        parse_framework(
            base + "placeholder: true\nitems:\n  - {id: A, title: a, wording: confirmed}\n",
            "x.yaml",
        )
    with pytest.raises(FrameworkDataError, match="x.yaml:7: items: is empty"):
        parse_framework(base + "items: []\n", "x.yaml")


def test_a_placeholder_item_is_kept_but_is_never_a_coverage_target() -> None:
    adults = load_frameworks()["KSS-AD"]
    placeholder = next(item for item in adults.items if item.id == "KSS-AD-UNIDENTIFIED")
    assert placeholder.placeholder and placeholder.wording == "unconfirmed"
    assert "KSS-AD-UNIDENTIFIED" not in adults.coverable_ids()
    assert len(adults.coverable_ids()) == len(adults.items) - 1
