"""The packaged migrations create exactly the ORM schema, and versions are checked on open."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from cpdsync.errors import StorageError
from cpdsync.records.db import create_engine_for, migrate, normalise_url, open_database
from cpdsync.records.declarations import (
    EntryDeclaration,
    declare_entry,
    declare_renewal,
    renewals_submitted,
)
from cpdsync.records.migrate import alembic_config, current_revision, head_revision, upgrade
from cpdsync.records.schema import Base, CpdEntryRow, SiteRow, WorkerRow
from tests.records.rows import NOW


def test_a_fresh_database_migrates_to_the_head_revision(db_url: str) -> None:
    migrate(db_url)
    engine = sa.create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    engine.dispose()


def test_the_migrated_schema_matches_the_orm_models(db_url: str) -> None:
    migrate(db_url)
    engine = sa.create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_opening_twice_leaves_the_schema_as_it_is(db_url: str) -> None:
    open_database(db_url).close()
    database = open_database(db_url)
    with database.transaction() as session:
        assert session.execute(sa.text("SELECT count(*) FROM sites")).scalar_one() == 0
    database.close()


def test_a_database_behind_the_code_is_upgraded_in_place_with_a_log_line(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = sa.create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        # A database that predates the records schema: an older cpdsync's empty version table.
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
    engine.dispose()
    with caplog.at_level(logging.INFO, logger="cpdsync.records.migrate"):
        open_database(db_url).close()
    assert any("cpdsync schema" in record.getMessage() for record in caplog.records)
    engine = sa.create_engine(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    engine.dispose()


def test_a_database_ahead_of_the_code_is_refused(db_url: str) -> None:
    migrate(db_url)
    engine = sa.create_engine(normalise_url(db_url))
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StorageError, match=r"revision 9999.*newer cpdsync"):
        open_database(db_url)


def test_a_migration_interrupted_before_commit_leaves_no_half_schema(db_url: str) -> None:
    engine = create_engine_for(normalise_url(db_url))
    with pytest.raises(RuntimeError), engine.begin() as connection:
        upgrade(connection, "test database")
        raise RuntimeError("killed before the commit")
    with engine.connect() as connection:
        assert sa.inspect(connection).get_table_names() == []
    engine.dispose()
    open_database(db_url).close()


def _migrated_to(db_url: str, revision: str) -> sa.Engine:
    engine = create_engine_for(normalise_url(db_url))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return engine


# Rows written with SQL as an older cpdsync wrote them: the ORM models follow the head revision.
# No explicit ids: PostgreSQL's sequences must stay ahead of the rows.
_SITE_SQL = (
    "INSERT INTO sites (url, sitename, release, version, first_seen, last_seen) "
    "VALUES ('https://learning.council.example', 'Council', '4.5', '2024100700', :at, :at)"
)
_WORKER_SQL = (
    "INSERT INTO workers (site_id, moodle_id, username, email, idnumber, firstname, "
    'lastname, fullname, profile, suspended, "left", first_seen, last_seen) SELECT id, '
    ":moodle_id, :username, :email, :idnumber, '', '', :username, '{}', :false, :false, :at, "
    ":at FROM sites"
)
AT = datetime(2026, 10, 31, 9, 0, tzinfo=UTC)


def _write_council(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text(_SITE_SQL), {"at": AT})
        for number in (1, 2):
            connection.execute(
                sa.text(_WORKER_SQL),
                {
                    "moodle_id": 10 + number,
                    "username": f"worker{number}",
                    "email": f"worker{number}@council.example",
                    "idnumber": f"EMP{number:04d}",
                    "false": False,
                    "at": AT,
                },
            )
        connection.execute(
            sa.text(
                "INSERT INTO reminders_sent (worker_id, registration_year, threshold, sent_at, "
                "channel) SELECT id, '2025-26', '30d', :at, 'moodle' FROM workers "
                "WHERE moodle_id = 11"
            ),
            {"at": AT},
        )


def test_a_revision_0001_database_holding_reminders_upgrades_with_them_marked_sent(
    db_url: str,
) -> None:
    engine = _migrated_to(db_url, "0001")
    _write_council(engine)
    engine.dispose()

    open_database(db_url).close()

    engine = create_engine_for(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        rows = connection.execute(
            sa.text("SELECT registration_year, threshold, status FROM reminders_sent")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("2025-26", "30d", "sent")]


def test_a_revision_0002_database_holding_courses_upgrades_with_empty_summaries_and_listed(
    db_url: str,
) -> None:
    engine = create_engine_for(normalise_url(db_url))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        site_id = connection.execute(
            sa.text(
                "INSERT INTO sites (url, sitename, release, version, first_seen, last_seen) "
                "VALUES ('https://l.example', 'L', '4.5', '1', :at, :at) RETURNING id"
            ),
            {"at": AT},
        ).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO courses (site_id, moodle_id, shortname, fullname, idnumber, "
                "category_moodle_id, category_path, tags, customfields, first_seen, last_seen) "
                "VALUES (:site, 5, 'SG', 'Safeguarding', '', 0, '', '[]', '{}', :at, :at)"
            ),
            {"site": site_id, "at": AT},
        )
    engine.dispose()

    open_database(db_url).close()

    engine = create_engine_for(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        rows = connection.execute(
            sa.text("SELECT shortname, summary, missing_since FROM courses")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("SG", "", None)]


def _insert(connection: sa.Connection, table: str, **values: object) -> int:
    # The table as the database holds it at this revision, not as the ORM knows it today.
    found = sa.Table(table, sa.MetaData(), autoload_with=connection)
    return int(connection.execute(found.insert().values(**values)).inserted_primary_key[0])


def _populate_0002(connection: sa.Connection) -> None:
    """A worker with a CPD entry and a submitted reflection, written as revision 0002 knew
    them (plain SQL, so later columns elsewhere cannot get in the way)."""
    at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    site = _insert(
        connection,
        "sites",
        url="https://m.example",
        sitename="M",
        release="4.5",
        version="1",
        first_seen=at,
        last_seen=at,
    )
    worker = _insert(
        connection,
        "workers",
        site_id=site,
        moodle_id=3,
        username="jsmith",
        email="jo@council.example",
        idnumber="EMP1",
        firstname="Jo",
        lastname="Smith",
        fullname="Jo Smith",
        profile={},
        suspended=False,
        left=False,
        first_seen=at,
        last_seen=at,
    )
    entry = _insert(
        connection,
        "cpd_entries",
        worker_id=worker,
        source="manual",
        title="Supervision",
        activity_date=date(2026, 2, 2),
        cpd_type="supervision",
        capabilities=[],
        satisfies=[],
        reflection_included=False,
        peer_reflection_included=False,
        created_at=at,
        updated_at=at,
    )
    _insert(
        connection,
        "reflections",
        entry_id=entry,
        learnt="a",
        impact="b",
        status="submitted",
        created_at=at,
        updated_at=at,
    )


def test_a_populated_revision_0002_database_upgrades_to_declarations_with_its_rows(
    db_url: str,
) -> None:
    engine = create_engine_for(normalise_url(db_url))
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        _populate_0002(connection)
    engine.dispose()

    database = open_database(db_url)
    with database.transaction() as session:
        (entry,) = session.scalars(sa.select(CpdEntryRow)).all()
        assert entry.reflection is not None and entry.reflection.learnt == "a"
        assert entry.declaration is None
        assert (
            declare_entry(
                session, entry, EntryDeclaration(recorded_on_swe=True), actor="jo", now=NOW
            )
            == "declared"
        )
        assert (
            declare_renewal(
                session, entry.worker_id, "2025-26", submitted=True, actor="jo", now=NOW
            )
            == "declared"
        )
    with database.transaction() as session:
        (entry,) = session.scalars(sa.select(CpdEntryRow)).all()
        assert entry.declaration is not None and entry.declaration.recorded_on_swe
        assert [r.registration_year for r in renewals_submitted(session, [entry.worker_id])] == [
            "2025-26"
        ]
    database.close()
    engine = create_engine_for(normalise_url(db_url))
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    engine.dispose()


def test_a_revision_0004_database_upgrades_with_every_worker_on_the_roster(db_url: str) -> None:
    engine = _migrated_to(db_url, "0004_declarations")
    _write_council(engine)
    engine.dispose()

    open_database(db_url).close()

    engine = create_engine_for(normalise_url(db_url))
    with Session(engine) as session, session.begin():
        workers = session.scalars(sa.select(WorkerRow).order_by(WorkerRow.id)).all()
        assert [(w.moodle_id, w.on_roster, w.roster_sources) for w in workers] == [
            (11, True, []),
            (12, True, []),
        ]
        site = session.scalars(sa.select(SiteRow)).one()
        assert site.roster_digest is None
        # Two roster workers without a Moodle account may now be held side by side.
        for email in ("a@council.example", "b@council.example"):
            session.add(
                WorkerRow(
                    site_id=site.id,
                    moodle_id=None,
                    username="",
                    email=email,
                    first_seen=AT,
                    last_seen=AT,
                )
            )
    with engine.connect() as connection:
        held = connection.execute(sa.text("SELECT count(*) FROM workers")).scalar_one()
    engine.dispose()
    assert held == 4


def test_a_database_before_sites_and_privacy_with_workers_upgrades_with_none_erased(
    db_url: str,
) -> None:
    engine = _migrated_to(db_url, "0005_catalogue_evidence")
    _write_council(engine)
    engine.dispose()

    open_database(db_url).close()

    engine = create_engine_for(normalise_url(db_url))
    with Session(engine) as session:
        workers = session.scalars(sa.select(WorkerRow).order_by(WorkerRow.id)).all()
        assert [(w.email, w.erased_at) for w in workers] == [
            ("worker1@council.example", None),
            ("worker2@council.example", None),
        ]
    engine.dispose()
