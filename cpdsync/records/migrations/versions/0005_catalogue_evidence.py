"""Courses: when a complete course list from Moodle first left a held course out.

Revision ID: 0005_catalogue_evidence
Revises: 0003_roster
Create Date: 2026-11-30

A course is known to have left Moodle (deleted, or hidden from the token) only when a complete
course list omits it; until this revision nothing recorded that, and a course simply stayed as
it was. Rows from before this revision were all listed, so the column starts empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_catalogue_evidence"
down_revision = "0003_roster"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("missing_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("missing_since")
