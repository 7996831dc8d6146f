"""Whatever a mapping file holds — YAML or CSV, well-formed or not — loading it returns valid
mappings or raises a typed cpdsync error; it never fails with an unhandled exception."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cpdsync.errors import CpdsyncError, InputFileError
from cpdsync.mappings import MappingSet, load_mappings
from cpdsync.mappings.csvio import CSV_COLUMNS
from cpdsync.mappings.frameworks import load_frameworks
from cpdsync.mappings.loader import read_rules_file

EXAMPLES = settings(max_examples=150, deadline=None)
FRAMEWORKS = load_frameworks()  # loaded once: the packaged data is not what is under test

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["SG-*", "KSS-CF-5", "PCF-5", "P3Y", "P-1D", "included", "customfield.cpdhours"]
    ),
)
keys = st.one_of(
    st.text(max_size=10),
    st.sampled_from(
        [
            "version",
            "rules",
            "requirements",
            "roles",
            "match",
            "idnumber",
            "capabilities",
            "cpd_hours",
            "hours_from",
            "cpd_type",
            "satisfies",
            "reflection",
            "peer_reflection",
            "id",
            "title",
            "valid_for",
            "assign",
            "coverage",
            "default",
            "profile_field",
        ]
    ),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


def load_text(name: str, text: str) -> MappingSet | None:
    """Load ``text`` as the one mapping file ``name``; return the mappings or None when it
    raised a typed error (asserting it is one)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            return load_mappings([path], FRAMEWORKS)
        except InputFileError as exc:
            assert exc.problems, "an input error must list at least one problem"
            assert all(str(p).startswith(str(path)) for p in exc.problems), exc.message
            return None
        except CpdsyncError:
            return None


@EXAMPLES
@given(document=documents)
def test_any_yaml_document_loads_or_is_refused_with_file_and_line(document: object) -> None:
    load_text("council.yaml", yaml.safe_dump(document, allow_unicode=True))


@EXAMPLES
@given(text=st.text(max_size=300))
def test_any_text_as_a_yaml_mapping_file_loads_or_is_refused(text: str) -> None:
    load_text("council.yaml", text)


@EXAMPLES
@given(text=st.text(max_size=300))
def test_any_text_as_a_csv_rules_file_loads_or_is_refused(text: str) -> None:
    load_text("rules.csv", text)


cells = st.one_of(
    st.text(max_size=15),
    st.sampled_from(
        [
            "idnumber",
            "shortname",
            "category",
            "SG-*",
            "KSS-CF-5",
            "KSS-CF-5;PCF-5",
            "6",
            "-1",
            "1e400",
            "customfield.cpdhours",
            "training_course",
            "included",
            "true",
            "no",
            "=1+1",
        ]
    ),
)


@EXAMPLES
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=len(CSV_COLUMNS) + 2), max_size=5))
def test_any_rows_under_the_csv_header_load_or_are_refused_row_by_row(
    rows: list[list[str]],
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        try:
            rules = read_rules_file(path, FRAMEWORKS)
        except InputFileError as exc:
            assert all(p.path == str(path) for p in exc.problems), exc.message
        else:
            assert len(rules) <= len(rows)  # blank rows are skipped
