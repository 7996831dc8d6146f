"""The packaged frameworks: ids, dates in force, verified flags, and adding one as data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from cpdsync.errors import NotFoundError
from cpdsync.mappings import load_frameworks, resolve_capability
from cpdsync.mappings.frameworks import FrameworkDataError, get_framework, parse_framework


def test_the_six_frameworks_are_packaged_with_their_metadata() -> None:
    frameworks = load_frameworks()
    assert sorted(frameworks) == ["KSS-AD", "KSS-CF", "KSS-PL", "KSS-PS", "PCF", "SWE-PS"]
    for fw in frameworks.values():
        assert fw.title and fw.publisher and fw.version and fw.licence
        assert fw.source.startswith("https://")
        assert fw.items


def test_swe_standards_have_six_standards_with_sub_standards() -> None:
    swe = load_frameworks()["SWE-PS"]
    top = [item.id for item in swe.items if item.parent is None]
    assert top == [f"SWE-PS-{n}" for n in range(1, 7)]
    item = swe.item("SWE-PS-4.6")
    assert item is not None and item.parent == "SWE-PS-4" and item.verified


def test_kss_child_and_family_is_in_force_until_march_2027_then_superseded() -> None:
    kss = load_frameworks()["KSS-CF"]
    assert [i.id for i in kss.items] == [f"KSS-CF-{n}" for n in range(1, 11)]
    assert kss.valid_until == date(2027, 3, 31)
    assert kss.superseded_by == "CF-ECS"
    assert kss.in_force(date(2027, 3, 31))
    assert not kss.in_force(date(2027, 4, 1))


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


def test_verified_flags_are_kept_from_the_reference() -> None:
    kss = load_frameworks()["KSS-CF"]
    flags = {item.id: item.verified for item in kss.items}
    assert flags["KSS-CF-1"] is True
    assert flags["KSS-CF-2"] is False
    assert flags["KSS-CF-9"] is True
    assert kss.unverified_count == 8


def test_a_capability_id_resolves_across_frameworks() -> None:
    fw, item = resolve_capability("KSS-PS-7")
    assert fw.id == "KSS-PS"
    assert item.title == "Emotionally intelligent practice supervision"


def test_an_unknown_capability_id_suggests_the_closest_one() -> None:
    with pytest.raises(NotFoundError, match="did you mean KSS-CF-5"):
        resolve_capability("KSS-CF-05")


def test_an_unknown_framework_names_the_known_ones() -> None:
    with pytest.raises(NotFoundError, match=r"did you mean PCF\? \(known: KSS-AD"):
        get_framework("pcf")


def test_a_new_framework_is_added_as_a_data_file(tmp_path: Path) -> None:
    data = yaml.safe_load(
        """
id: CF-ECS
title: Child and family social worker early career standards
publisher: Department for Education
version: February 2026
licence: Open Government Licence v3.0
source: https://www.gov.uk/government/publications/child-and-family-social-worker-early-career-standards
valid_from: 2027-04-01
valid_until: null
superseded_by: null
items:
  - {id: CF-ECS-D1, title: Anti-discriminatory practice, summary: Practise fairly., verified: false}
"""
    )
    fw = parse_framework(data, "cf-ecs.yaml")
    assert fw.valid_from == date(2027, 4, 1)
    assert not fw.in_force(date(2027, 3, 31)) and fw.in_force(date(2027, 4, 1))
    assert fw.items[0].id == "CF-ECS-D1" and not fw.items[0].verified


def test_a_malformed_framework_file_is_named_in_the_error() -> None:
    with pytest.raises(FrameworkDataError, match="x.yaml: missing or bad value"):
        parse_framework({"id": "X"}, "x.yaml")
    items = [
        {"id": "A", "title": "a", "summary": "a", "verified": True, "parent": "Z"},
    ]
    base = {
        "id": "X",
        "title": "x",
        "publisher": "p",
        "version": "1",
        "licence": "l",
        "source": "s",
    }
    with pytest.raises(FrameworkDataError, match="unknown parent: A"):
        parse_framework({**base, "items": items}, "x.yaml")


def test_a_placeholder_item_is_kept_but_is_never_a_coverage_target() -> None:
    adults = load_frameworks()["KSS-AD"]
    placeholder = next(item for item in adults.items if item.id == "KSS-AD-UNIDENTIFIED")
    assert placeholder.placeholder and not placeholder.verified
    assert "KSS-AD-UNIDENTIFIED" not in adults.coverable_ids()
    assert len(adults.coverable_ids()) == len(adults.items) - 1
