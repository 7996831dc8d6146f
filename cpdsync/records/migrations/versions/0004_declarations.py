"""Declarations: a CPD entry recorded on the worker's SWE account, and a renewal submitted.

Revision ID: 0004_declarations
Revises: 0007_course_summary
Create Date: 2026-11-30

Two new tables, nothing else changed: a database of any earlier revision upgrades with its rows
as they are, and every worker starts with no declarations.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_declarations"
down_revision = "0007_course_summary"
branch_labels = None
depends_on = None


def _ts(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "entry_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("recorded_on_swe", sa.Boolean(), nullable=False),
        sa.Column("peer_recorded_on_swe", sa.Boolean(), nullable=False),
        sa.Column("declared_by", sa.String(255), nullable=False),
        _ts("declared_at"),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["cpd_entries.id"], name="fk_entry_declarations_entry_id_cpd_entries"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_entry_declarations"),
        sa.UniqueConstraint("entry_id", name="uq_entry_declarations_entry_id"),
    )
    op.create_table(
        "renewal_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("registration_year", sa.String(20), nullable=False),
        sa.Column("submitted", sa.Boolean(), nullable=False),
        sa.Column("declared_by", sa.String(255), nullable=False),
        _ts("declared_at"),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["workers.id"], name="fk_renewal_declarations_worker_id_workers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_renewal_declarations"),
        sa.UniqueConstraint(
            "worker_id",
            "registration_year",
            name="uq_renewal_declarations_worker_id_registration_year",
        ),
    )
    op.create_index("ix_renewal_declarations_worker_id", "renewal_declarations", ["worker_id"])


def downgrade() -> None:
    op.drop_index("ix_renewal_declarations_worker_id", table_name="renewal_declarations")
    op.drop_table("renewal_declarations")
    op.drop_table("entry_declarations")
