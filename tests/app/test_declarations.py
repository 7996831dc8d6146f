"""Declarations: a piece recorded on the worker's SWE account, a renewal submitted; each
audited with who and when, each counting in readiness only while it stands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpdsync.app.cpd import add_manual_entry, list_entries, reflect_and_declare
from cpdsync.app.readiness_inputs import course_rules, readiness_inputs
from cpdsync.app.reflections_csv import import_reflections
from cpdsync.app.rules import known_year, packaged_rules
from cpdsync.errors import InputFileError, UsageError
from cpdsync.mappings.definitions import MappingSet
from cpdsync.readiness.engine import assess
from cpdsync.readiness.report_model import WorkerReadiness
from cpdsync.records.cpd import ReflectionText
from cpdsync.records.db import Database
from cpdsync.records.declarations import EntryDeclaration, declare_renewal
from cpdsync.records.schema import AuditRow, EntryDeclarationRow, ReflectionRow
from tests.app.facts import MAPPINGS, NOW, T_PEER, load_facts, observation

JO = "jo.smith@council.example"
SAM = "sam.lee@council.example"
AS_OF = date(2026, 11, 22)


def _readiness(session: Session, email: str = JO) -> WorkerReadiness:
    inputs = readiness_inputs(session, course_rules(session, MAPPINGS), workers=[email])
    report = assess(
        inputs,
        mappings=MappingSet(),
        offers=[],
        frameworks={},
        as_of=AS_OF,
        rules=packaged_rules(),
    )
    return report.workers[0]


def _jo_with_two_pieces(database: Database) -> tuple[int, int]:
    """Jo's reflective practice group (14 January 2026) and a supervision she added."""
    load_facts(database, [observation(3, 6, T_PEER)])
    with database.transaction() as session:
        added = add_manual_entry(
            session,
            worker_text=JO,
            title="Supervision: risk",
            activity_date=date(2026, 3, 2),
            cpd_type="supervision",
            hours=1.0,
            capabilities=[],
            actor="jo",
            now=NOW,
        )
        _, entries = list_entries(session, JO)
        group = next(e.id for e in entries if e.title == "Reflective practice group")
        return group, added.id


def _declare(
    session: Session, entry: int, change: EntryDeclaration, *, worker: str | None = JO
) -> str | None:
    outcome = reflect_and_declare(
        session,
        entry_id=entry,
        worker_text=worker,
        text=None,
        declaration=change,
        actor="jo",
        now=NOW,
    )
    return outcome.declaration


def test_pieces_declared_recorded_on_swe_count_without_text_until_withdrawn(
    database: Database,
) -> None:
    group, supervision = _jo_with_two_pieces(database)
    with database.transaction() as session:
        before = _readiness(session)
        assert (before.status, before.cpd.reflected, before.cpd.peer_reflected) == ("at_risk", 0, 0)
        assert _declare(session, group, EntryDeclaration(peer_recorded_on_swe=True)) == "declared"
        assert _declare(session, supervision, EntryDeclaration(recorded_on_swe=True)) == "declared"
        ready = _readiness(session)
        assert (ready.status, ready.cpd.reflected, ready.cpd.peer_reflected) == ("ready", 2, 1)
        assert session.scalars(select(ReflectionRow)).all() == []  # no words were needed
        withdrawn = EntryDeclaration(recorded_on_swe=False)
        assert _declare(session, group, withdrawn) == "withdrawn"
        after = _readiness(session)
        assert (after.status, after.cpd.reflected, after.cpd.peer_reflected) == ("at_risk", 1, 0)
        assert [g.code for g in after.statutory_gaps] == [
            "SWE_CPD_REFLECTION",
            "SWE_PEER_REFLECTION",
        ]
        audit = session.scalars(
            select(AuditRow).where(AuditRow.entity == "entry_declaration").order_by(AuditRow.id)
        ).all()
    assert [(a.action, a.actor, a.at) for a in audit] == [
        ("declared", "jo", NOW),
        ("declared", "jo", NOW),
        ("withdrawn", "jo", NOW),
    ]
    assert audit[2].before == {
        "entry_id": group,
        "recorded_on_swe": True,
        "peer_recorded_on_swe": True,
    }
    assert audit[2].after == {
        "entry_id": group,
        "recorded_on_swe": False,
        "peer_recorded_on_swe": False,
    }


def test_a_declaration_on_another_workers_entry_is_refused_and_nothing_written(
    database: Database,
) -> None:
    group, _ = _jo_with_two_pieces(database)
    with (
        pytest.raises(UsageError, match=f"CPD entry {group} belongs to another worker"),
        database.transaction() as session,
    ):
        _declare(session, group, EntryDeclaration(recorded_on_swe=True), worker=SAM)
    with database.transaction() as session:
        assert session.scalars(select(EntryDeclarationRow)).all() == []


def test_reflect_with_neither_text_nor_declaration_says_what_to_type(database: Database) -> None:
    group, _ = _jo_with_two_pieces(database)
    with pytest.raises(UsageError) as caught, database.transaction() as session:
        _declare(session, group, EntryDeclaration())
    assert f"`cpdsync cpd reflect {group} --learnt TEXT --impact TEXT`" in str(caught.value)
    assert f"`cpdsync cpd reflect {group} --recorded-on-swe`" in str(caught.value)


def test_the_entry_number_alone_names_the_worker(database: Database) -> None:
    group, _ = _jo_with_two_pieces(database)
    with database.transaction() as session:
        outcome = reflect_and_declare(
            session,
            entry_id=group,
            worker_text=None,
            text=ReflectionText("Listening first", "Calmer visits", "Heard others", "peer"),
            declaration=EntryDeclaration(),
            actor="jo",
            now=NOW,
        )
    assert (outcome.worker, outcome.reflection, outcome.declaration) == (JO, "created", None)


def test_a_renewal_declared_then_withdrawn_moves_the_status_back(database: Database) -> None:
    group, supervision = _jo_with_two_pieces(database)
    with database.transaction() as session:
        _declare(session, group, EntryDeclaration(peer_recorded_on_swe=True))
        _declare(session, supervision, EntryDeclaration(recorded_on_swe=True))
        jo = _readiness(session)
        assert jo.status == "ready"
        assert [g.code for g in jo.gaps] == ["SWE_RENEWAL_STEPS"]
        worker_id = jo.detail.key
        assert (
            declare_renewal(session, worker_id, "2025-26", submitted=True, actor="jo", now=NOW)
            == "declared"
        )
        assert (
            declare_renewal(session, worker_id, "2025-26", submitted=True, actor="jo", now=NOW)
            == "unchanged"
        )
        submitted = _readiness(session)
        assert (submitted.status, submitted.gaps) == ("submitted", [])
        assert submitted.detail.renewal is not None
        assert submitted.detail.renewal.declared_by == "jo"
        assert (
            declare_renewal(session, worker_id, "2025-26", submitted=False, actor="lnd", now=NOW)
            == "withdrawn"
        )
        assert _readiness(session).status == "ready"
        audit = session.scalars(
            select(AuditRow).where(AuditRow.entity == "renewal_declaration").order_by(AuditRow.id)
        ).all()
    assert [(a.action, a.actor) for a in audit] == [("declared", "jo"), ("withdrawn", "lnd")]
    assert audit[1].after == {
        "worker_id": worker_id,
        "registration_year": "2025-26",
        "submitted": False,
    }


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (
            "2018-19",
            "registration year 2018-19 does not exist: .* first registration year was 2019-20",
        ),
        ("2027-28", "registration year 2027-28 has not begun .*1 December 2027"),
        ("2025-2026", "is not a registration year; write it like 2025-26"),
    ],
)
def test_a_year_that_does_not_exist_is_refused(label: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        known_year(label, today=AS_OF)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reflections.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_declarations_need_no_text_and_are_audited_as_the_importer(
    database: Database, tmp_path: Path
) -> None:
    group, supervision = _jo_with_two_pieces(database)
    path = _csv(
        tmp_path,
        "entry,worker,recorded_on_swe,peer_recorded_on_swe\n"
        f"{group},{JO},yes,yes\n"
        f"{supervision},{JO},Yes,\n",
    )
    with database.transaction() as session:
        result = import_reflections(session, path, actor="lnd", now=NOW)
        assert (result.rows, result.created, result.declarations) == (2, 0, 2)
        assert _readiness(session).status == "ready"
        actors = session.scalars(
            select(AuditRow.actor).where(AuditRow.entity == "entry_declaration")
        )
        assert list(actors) == ["lnd", "lnd"]


def test_csv_declaration_values_other_than_yes_or_no_are_refused_by_line(
    database: Database, tmp_path: Path
) -> None:
    group, supervision = _jo_with_two_pieces(database)
    path = _csv(
        tmp_path,
        "entry,worker,learnt,impact,recorded_on_swe\n"
        f"{group},{JO},,,maybe\n"
        f"{supervision},{JO},,,no\n"
        f"{supervision + 1000},{JO},,,\n",
    )
    with pytest.raises(InputFileError) as caught, database.transaction() as session:
        import_reflections(session, path, actor="lnd", now=NOW)
    found = [(p.line, p.message) for p in caught.value.problems]
    assert found[0] == (2, "recorded_on_swe 'maybe' is not yes or no")
    # Line 3 withdraws what was never declared: a valid row. Line 4 says nothing at all.
    assert [line for line, _ in found] == [2, 4, 4, 4]
    assert "nothing was imported" in str(caught.value)
    with database.transaction() as session:
        assert session.scalars(select(EntryDeclarationRow)).all() == []
