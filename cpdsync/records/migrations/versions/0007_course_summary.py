"""Courses: keep the summary Moodle gives each course.

Revision ID: 0007_course_summary
Revises: 0002
Create Date: 2026-11-22

The SWE-form export describes a piece of CPD from the course's own summary and the worker's
words. Courses held from before this revision get an empty summary until the next catalogue
read fills it in.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_course_summary"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.add_column(sa.Column("summary", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("summary")
