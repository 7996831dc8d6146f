"""Reminders: record whether each was sent, refused by Moodle, or is still being sent.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

A reminder's row is written ("sending") and committed before the Moodle call, then marked
"sent" or "refused", so a message is never sent twice (at-most-once delivery). Rows from before
this revision were all sent.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminders_sent") as batch:
        batch.add_column(sa.Column("status", sa.String(20), nullable=False, server_default="sent"))


def downgrade() -> None:
    with op.batch_alter_table("reminders_sent") as batch:
        batch.drop_column("status")
