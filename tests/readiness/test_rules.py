from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from cpdsync.app.rules import packaged_rules
from cpdsync.errors import ConfigError
from cpdsync.readiness.swe_rules import parse_rules, rules_from_yaml


def _packaged() -> dict[str, Any]:
    text = resources.files("cpdsync.readiness").joinpath("data/swe-rules.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def test_2019_20_and_2020_21_need_one_piece_and_no_peer_reflection() -> None:
    rules = packaged_rules()
    for label in ("2019-20", "2020-21"):
        cpd = rules.for_year(label).cpd
        assert (cpd.min_pieces, cpd.min_peer_reflected) == (1, 0)


def test_from_2021_22_two_pieces_with_one_peer_reflection_are_needed() -> None:
    rules = packaged_rules()
    for label in ("2021-22", "2024-25", "2025-26", "2030-31"):
        cpd = rules.for_year(label).cpd
        assert (cpd.min_pieces, cpd.min_peer_reflected) == (2, 1)


def test_every_rule_names_its_sources() -> None:
    rules = packaged_rules()
    assert all(rule.sources for rule in rules.cpd_requirement)
    assert all(rule.sources for rule in rules.new_registrant_exemption)
    assert rules.calendar.sources


def test_a_rule_change_is_a_data_change_with_its_effective_year() -> None:
    data = _packaged()
    data["cpd_requirement"].append(
        {"from_year": "2027-28", "min_pieces": 3, "min_peer_reflected": 2, "sources": ["x"]}
    )
    rules = parse_rules(data)
    assert rules.for_year("2026-27").cpd.min_pieces == 2
    assert rules.for_year("2027-28").cpd.min_pieces == 3
    assert rules.for_year("2028-29").cpd.min_peer_reflected == 2


def test_a_year_before_any_rule_is_refused_with_the_earliest_year() -> None:
    with pytest.raises(ConfigError, match="2018-19.*earliest is 2019-20"):
        packaged_rules().for_year("2018-19")


def test_damaged_rules_data_names_the_bad_key() -> None:
    data = _packaged()
    data["cpd_requirement"][0]["from_year"] = "2019"
    data["cpd_requirement"][1]["min_pieces"] = -1
    with pytest.raises(ConfigError) as caught:
        parse_rules(data)
    assert "cpd_requirement.0.from_year" in str(caught.value)
    assert "cpd_requirement.1.min_pieces" in str(caught.value)


def test_the_swe_form_fields_are_listed_in_form_order() -> None:
    fields = [f.field for f in packaged_rules().cpd_form.fields]
    assert fields[:6] == [
        "title",
        "date",
        "type_of_cpd",
        "description_and_relevance",
        "what_you_learnt",
        "impact_on_practice",
    ]
    assert "peer_reflection" in fields


def test_rules_text_that_is_not_yaml_or_not_rules_is_refused_naming_its_source() -> None:
    with pytest.raises(ConfigError, match=r"^council-rules.yaml: not valid YAML"):
        rules_from_yaml("version: [1\n", source="council-rules.yaml")
    with pytest.raises(ConfigError, match=r"^council-rules.yaml: .*calendar"):
        rules_from_yaml("version: 1\n", source="council-rules.yaml")


def test_the_packaged_rules_parse_from_their_text_as_they_load() -> None:
    text = resources.files("cpdsync.readiness").joinpath("data/swe-rules.yaml").read_text("utf-8")
    assert rules_from_yaml(text, source="swe-rules.yaml") == packaged_rules()


def test_2026_27_is_provisional_with_a_note_and_earlier_years_are_not() -> None:
    rules = packaged_rules()
    assert not rules.for_year("2025-26").cpd.provisional
    later = rules.for_year("2026-27").cpd
    assert later.provisional and "consult" in later.note
    assert (later.min_pieces, later.min_peer_reflected) == (2, 1)  # assumed until SWE changes it
    assert rules.for_year("2027-28").cpd.provisional


def test_a_provisional_rule_without_a_note_is_refused() -> None:
    data = _packaged()
    data["cpd_requirement"][-1]["note"] = " "
    with pytest.raises(ConfigError, match="provisional rule needs a note"):
        parse_rules(data)


def test_restoration_fees_are_swes_table_and_no_amount_beyond_it() -> None:
    renewal = packaged_rules().renewal
    assert [renewal.restoration_fee_in(y) for y in ("2025-26", "2026-27", "2027-28")] == [
        180,
        183,
        187,
    ]
    assert renewal.restoration_fee_in("2024-25") is None
    assert renewal.restoration_fee_in("2030-31") is None
    assert [step.split()[0] for step in renewal.steps] == ["record", "submit", "pay"]


def test_the_calendar_no_longer_cites_the_page_that_describes_the_old_grace_period() -> None:
    sources = packaged_rules().calendar.sources
    assert "https://www.socialworkengland.org.uk/cpd/registration-renewal-and-cpd/" not in sources
    assert any("registration-renewal-and-cpd-progress-reports-2024" in s for s in sources)
    text = resources.files("cpdsync.readiness").joinpath("data/swe-rules.yaml").read_text("utf-8")
    assert '"Joined or restored to the register' in text
