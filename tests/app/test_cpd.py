"""CPD added by hand, reflections and the CSV import: checked, audited, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from cpdsync.app.cpd import add_manual_entry, list_entries, reflect
from cpdsync.app.readiness_inputs import course_rules, readiness_inputs
from cpdsync.app.reflections_csv import import_reflections
from cpdsync.app.rules import packaged_rules
from cpdsync.errors import InputFileError, NotFoundError, UsageError
from cpdsync.readiness.calendar import year_by_label
from cpdsync.records.cpd import ReflectionText
from cpdsync.records.db import Database
from cpdsync.records.schema import AuditRow, CpdEntryRow, ReflectionRow
from tests.app.facts import MAPPINGS, NOW, T_PEER, load_facts, observation

JO = "jo.smith@council.example"
SAM = "sam.lee@council.example"


def _entry_ids(database: Database, email: str) -> list[int]:
    with database.transaction() as session:
        _, entries = list_entries(session, email)
    return [entry.id for entry in entries]


def test_a_reflection_is_saved_audited_and_counts_once_submitted(database: Database) -> None:
    load_facts(database, [observation()])
    (entry_id,) = _entry_ids(database, JO)
    draft = ReflectionText("Thresholds", "Earlier referrals", "Talked it through", "PSW", True)
    with database.transaction() as session:
        args = {"entry_id": entry_id, "worker_text": JO, "actor": "jo", "now": NOW}
        assert reflect(session, text=draft, **args) == "created"  # type: ignore[arg-type]
        (item,) = readiness_inputs(session, course_rules(session, MAPPINGS), workers=[JO])[0].cpd
        assert (item.reflected, item.peer_reflected, item.has_draft_reflection) == (
            False,
            False,
            True,
        )
        submitted = ReflectionText("Thresholds", "Earlier referrals", "Talked it through", "PSW")
        assert reflect(session, text=submitted, **args) == "updated"  # type: ignore[arg-type]
        assert reflect(session, text=submitted, **args) == "unchanged"  # type: ignore[arg-type]
        (item,) = readiness_inputs(session, course_rules(session, MAPPINGS), workers=[JO])[0].cpd
        assert (item.reflected, item.peer_reflected) == (True, True)
        audit = session.scalars(
            select(AuditRow).where(AuditRow.entity == "reflection").order_by(AuditRow.id)
        ).all()
    assert [(a.action, a.actor) for a in audit] == [("created", "jo"), ("updated", "jo")]
    assert audit[1].before is not None and audit[1].before["status"] == "draft"


def test_a_reflection_on_another_workers_entry_is_refused(database: Database) -> None:
    load_facts(database, [observation()])
    (entry_id,) = _entry_ids(database, JO)
    with (
        pytest.raises(UsageError, match=f"CPD entry {entry_id} belongs to another worker"),
        database.transaction() as session,
    ):
        reflect(
            session,
            entry_id=entry_id,
            worker_text=SAM,
            text=ReflectionText("a", "b"),
            actor="sam",
            now=NOW,
        )
    with database.transaction() as session:
        assert session.scalars(select(ReflectionRow)).all() == []


def test_a_peer_reflection_without_the_peers_role_is_refused(database: Database) -> None:
    load_facts(database, [observation()])
    (entry_id,) = _entry_ids(database, JO)
    with pytest.raises(UsageError, match="peer's role"), database.transaction() as session:
        reflect(
            session,
            entry_id=entry_id,
            worker_text=JO,
            text=ReflectionText("a", "b", peer_reflection="talked"),
            actor="jo",
            now=NOW,
        )


def test_cpd_added_by_hand_is_audited_and_listed_in_its_year(database: Database) -> None:
    load_facts(database, [observation(3, 6, T_PEER)])
    with database.transaction() as session:
        entry = add_manual_entry(
            session,
            worker_text="SW104455",
            title="Supervision: risk",
            activity_date=date(2026, 2, 10),
            cpd_type="supervision",
            hours=1.5,
            capabilities=["KSS-CF-5"],
            actor="manager",
            now=NOW,
        )
        action = session.scalars(
            select(AuditRow.action).where(AuditRow.entity_id == entry.id)
        ).one()
        assert action == "added"
    with database.transaction() as session:
        _, entries = list_entries(
            session, JO, year_by_label("2025-26", rules=packaged_rules().calendar)
        )
        _, earlier = list_entries(
            session, JO, year_by_label("2024-25", rules=packaged_rules().calendar)
        )
    assert [(e.source, e.cpd_type) for e in entries] == [
        ("moodle", "peer_discussion"),
        ("manual", "supervision"),
    ]
    # v2: the peer discussion's rule prompts a peer reflection; nothing is written yet.
    assert (entries[0].reflection, entries[0].prompts) == ("none", "peer")
    assert earlier == []


def test_an_unknown_capability_is_refused_with_the_closest_id(database: Database) -> None:
    load_facts(database)
    with pytest.raises(NotFoundError, match="did you mean KSS-CF-5"), database.transaction() as s:
        add_manual_entry(
            s,
            worker_text=JO,
            title="Reading",
            activity_date=date(2026, 2, 10),
            cpd_type="reading",
            hours=None,
            capabilities=["kss-cf-5"],
            actor="jo",
            now=NOW,
        )
    with database.transaction() as session:
        assert session.scalars(select(CpdEntryRow)).all() == []


def test_an_unknown_cpd_type_is_refused_with_the_known_ones(database: Database) -> None:
    load_facts(database)
    with pytest.raises(UsageError, match="did you mean conference"), database.transaction() as s:
        add_manual_entry(
            s,
            worker_text=JO,
            title="Conference",
            activity_date=date(2026, 2, 10),
            cpd_type="conferance",
            hours=None,
            capabilities=[],
            actor="jo",
            now=NOW,
        )


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reflections.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_with_bad_rows_reports_each_by_line_and_imports_nothing(
    database: Database, tmp_path: Path
) -> None:
    load_facts(database, [observation(), observation(4, 5)])
    jo_entry, sam_entry = _entry_ids(database, JO)[0], _entry_ids(database, SAM)[0]
    path = _csv(
        tmp_path,
        "entry,worker,learnt,impact,peer_reflection,peer_role,status\n"
        f"{jo_entry},{JO},Thresholds,Earlier referrals,,,submitted\n"
        f"{sam_entry},{JO},Stolen,Nope,,,\n"
        "9999,nobody@council.example,x,y,,,\n"
        f'{sam_entry},{SAM},"Multi\nline",,Talked,,finished\n'
        f"{jo_entry},{JO},Again,Twice,,,\n",
    )
    with pytest.raises(InputFileError) as caught, database.transaction() as session:
        import_reflections(session, path, actor="lnd", now=NOW)
    lines = [(p.line, p.message) for p in caught.value.problems]
    assert [line for line, _ in lines] == [3, 4, 5, 5, 5, 7]
    assert "belongs to another worker" in lines[0][1]
    assert "no CPD entry 9999" in lines[1][1]
    assert "status 'finished'" in lines[2][1]
    assert "impact on practice is empty" in lines[3][1]
    assert "peer's role" in lines[4][1]
    assert "already on line 2" in lines[5][1]
    assert "nothing was imported" in str(caught.value)
    with database.transaction() as session:
        assert session.scalars(select(ReflectionRow)).all() == []
        assert session.scalars(select(AuditRow).where(AuditRow.entity == "reflection")).all() == []


def test_a_good_csv_imports_every_row_with_the_actor_in_the_audit_log(
    database: Database, tmp_path: Path
) -> None:
    load_facts(database, [observation(), observation(4, 5)])
    jo_entry, sam_entry = _entry_ids(database, JO)[0], _entry_ids(database, SAM)[0]
    path = _csv(
        tmp_path,
        "\ufeffentry,worker,learnt,impact,peer_reflection,peer_role\n"
        f"{jo_entry},EMP0001,Thresholds,Earlier referrals,Talked it through,PSW\n"
        f"{sam_entry},slee,Risk,Better plans,,\n",
    )
    with database.transaction() as session:
        result = import_reflections(session, path, actor="lnd", now=NOW)
    assert (result.rows, result.created) == (2, 2)
    with database.transaction() as session:
        actors = session.scalars(select(AuditRow.actor).where(AuditRow.entity == "reflection"))
        assert list(actors) == ["lnd", "lnd"]
        again = import_reflections(session, path, actor="lnd", now=NOW)
    assert again.unchanged == 2


def test_a_csv_with_unknown_or_missing_columns_is_refused(
    database: Database, tmp_path: Path
) -> None:
    load_facts(database)
    path = _csv(tmp_path, "entry,worker,learned,impact\n1,x,y,z\n")
    with (
        pytest.raises(InputFileError, match=r"reflections.csv:1: missing column\(s\): learnt"),
        database.transaction() as session,
    ):
        import_reflections(session, path, actor="lnd", now=NOW)
