"""The initial records schema.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Written out by hand (not generated at run time) so that a migration never depends on the
models of a later version. Timestamps are ``timestamp with time zone`` (UTC).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _pk() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _site_fk(table: str, *, nullable: bool = False) -> list[Any]:
    return [
        sa.Column("site_id", sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=f"fk_{table}_site_id_sites"),
    ]


def upgrade() -> None:
    op.create_table(
        "sites",
        _pk(),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("sitename", sa.String(500), nullable=False),
        sa.Column("release", sa.String(200), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        _ts("first_seen"),
        _ts("last_seen"),
        sa.PrimaryKeyConstraint("id", name="pk_sites"),
        sa.UniqueConstraint("url", name="uq_sites_url"),
    )
    op.create_table(
        "audit_log",
        _pk(),
        sa.Column("entity", sa.String(50), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        _ts("at"),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_entity_entity_id", "audit_log", ["entity", "entity_id"])
    op.create_table(
        "categories",
        _pk(),
        *_site_fk("categories"),
        sa.Column("moodle_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("parent", sa.BigInteger(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_categories"),
        sa.UniqueConstraint("site_id", "moodle_id", name="uq_categories_site_id_moodle_id"),
    )
    op.create_index("ix_categories_site_id", "categories", ["site_id"])
    op.create_table(
        "courses",
        _pk(),
        *_site_fk("courses"),
        sa.Column("moodle_id", sa.BigInteger(), nullable=False),
        sa.Column("shortname", sa.String(255), nullable=False),
        sa.Column("fullname", sa.String(1000), nullable=False),
        sa.Column("idnumber", sa.String(255), nullable=False),
        sa.Column("category_moodle_id", sa.BigInteger(), nullable=False),
        sa.Column("category_path", sa.Text(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("customfields", sa.JSON(), nullable=False),
        sa.Column("visible", sa.Boolean(), nullable=True),
        sa.Column("enablecompletion", sa.Boolean(), nullable=True),
        _ts("first_seen"),
        _ts("last_seen"),
        sa.PrimaryKeyConstraint("id", name="pk_courses"),
        sa.UniqueConstraint("site_id", "moodle_id", name="uq_courses_site_id_moodle_id"),
    )
    op.create_index("ix_courses_site_id", "courses", ["site_id"])
    op.create_table(
        "cursors",
        _pk(),
        *_site_fk("cursors"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        _ts("updated"),
        sa.PrimaryKeyConstraint("id", name="pk_cursors"),
        sa.UniqueConstraint("site_id", "name", name="uq_cursors_site_id_name"),
    )
    op.create_table(
        "sync_runs",
        _pk(),
        *_site_fk("sync_runs", nullable=True),
        sa.Column("site_url", sa.String(500), nullable=False),
        _ts("started"),
        _ts("finished", nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("strategy", sa.String(30), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("calls", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_runs"),
    )
    op.create_index("ix_sync_runs_site_id", "sync_runs", ["site_id"])
    op.create_index("ix_sync_runs_started", "sync_runs", ["started"])
    op.create_table(
        "workers",
        _pk(),
        *_site_fk("workers"),
        sa.Column("moodle_id", sa.BigInteger(), nullable=False),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("idnumber", sa.String(255), nullable=False),
        sa.Column("firstname", sa.String(255), nullable=False),
        sa.Column("lastname", sa.String(255), nullable=False),
        sa.Column("fullname", sa.String(500), nullable=False),
        sa.Column("swe_number_raw", sa.String(100), nullable=True),
        sa.Column("swe_number", sa.String(20), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("role", sa.String(100), nullable=True),
        sa.Column("team", sa.String(255), nullable=True),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("left", sa.Boolean(), nullable=False),
        _ts("first_seen"),
        _ts("last_seen"),
        sa.PrimaryKeyConstraint("id", name="pk_workers"),
        sa.UniqueConstraint("site_id", "moodle_id", name="uq_workers_site_id_moodle_id"),
    )
    for column in ("email", "idnumber", "site_id", "swe_number", "team", "username"):
        op.create_index(f"ix_workers_{column}", "workers", [column])
    op.create_table(
        "completions",
        _pk(),
        *_site_fk("completions"),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("timecompleted", sa.BigInteger(), nullable=False),
        sa.Column("date_source", sa.String(30), nullable=False),
        _ts("first_seen"),
        _ts("last_seen"),
        _ts("reset_observed_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name="fk_completions_course_id_courses"
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["workers.id"], name="fk_completions_worker_id_workers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_completions"),
        sa.UniqueConstraint(
            "site_id",
            "worker_id",
            "course_id",
            "timecompleted",
            name="uq_completions_site_id_worker_id_course_id_timecompleted",
        ),
    )
    for column in ("course_id", "site_id", "worker_id"):
        op.create_index(f"ix_completions_{column}", "completions", [column])
    op.create_table(
        "reminders_sent",
        _pk(),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("registration_year", sa.String(20), nullable=False),
        sa.Column("threshold", sa.String(50), nullable=False),
        _ts("sent_at"),
        sa.Column("channel", sa.String(50), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["workers.id"], name="fk_reminders_sent_worker_id_workers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminders_sent"),
        sa.UniqueConstraint(
            "worker_id",
            "registration_year",
            "threshold",
            name="uq_reminders_sent_worker_id_registration_year_threshold",
        ),
    )
    op.create_table(
        "cpd_entries",
        _pk(),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("completion_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("activity_date", sa.Date(), nullable=False),
        sa.Column("hours", sa.Double(), nullable=True),
        sa.Column("cpd_type", sa.String(50), nullable=False),
        sa.Column("capabilities", sa.JSON(), nullable=False),
        sa.Column("satisfies", sa.JSON(), nullable=False),
        sa.Column("reflection_included", sa.Boolean(), nullable=False),
        sa.Column("peer_reflection_included", sa.Boolean(), nullable=False),
        sa.Column("rule_location", sa.Text(), nullable=True),
        _ts("derived_at", nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        _ts("retired_at", nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["completion_id"], ["completions.id"], name="fk_cpd_entries_completion_id_completions"
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["workers.id"], name="fk_cpd_entries_worker_id_workers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cpd_entries"),
        sa.UniqueConstraint("completion_id", name="uq_cpd_entries_completion_id"),
    )
    op.create_index("ix_cpd_entries_worker_id", "cpd_entries", ["worker_id"])
    op.create_table(
        "reflections",
        _pk(),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("learnt", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=False),
        sa.Column("peer_reflection", sa.Text(), nullable=True),
        sa.Column("peer_role", sa.String(255), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["cpd_entries.id"], name="fk_reflections_entry_id_cpd_entries"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reflections"),
        sa.UniqueConstraint("entry_id", name="uq_reflections_entry_id"),
    )


def downgrade() -> None:
    for table in (
        "reflections",
        "cpd_entries",
        "reminders_sent",
        "completions",
        "workers",
        "sync_runs",
        "cursors",
        "courses",
        "categories",
        "audit_log",
        "sites",
    ):
        op.drop_table(table)
