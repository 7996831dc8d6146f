"""The roster: workers without a Moodle account, who is on the roster, and what named them.

Revision ID: 0003_roster
Revises: 0004_declarations
Create Date: 2026-11-30

An HR roster may list a social worker no Moodle account matches: they are stored as a worker
without a Moodle id, so reports still show them. ``on_roster`` decides who reports show once a
roster is configured (every worker held before this revision was shown, so all start on it);
``roster_sources`` says what named each worker; ``sites.roster_digest`` which roster definition
the last catalogue refresh followed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_roster"
down_revision = "0004_declarations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.alter_column("moodle_id", existing_type=sa.BigInteger(), nullable=True)
        batch.add_column(
            sa.Column("on_roster", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column("roster_sources", sa.JSON(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("roster_digest", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("roster_digest")
    op.execute("DELETE FROM workers WHERE moodle_id IS NULL")
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("roster_sources")
        batch.drop_column("on_roster")
        batch.alter_column("moodle_id", existing_type=sa.BigInteger(), nullable=False)
