"""Workers: mark a worker whose records were erased (UK GDPR erasure and retention).

Revision ID: 0006_sites_and_privacy
Revises: 0005_catalogue_evidence
Create Date: 2026-11-30

An erased worker's row stays, stripped of personal data, with ``erased_at`` set, so the next
sync (which still sees them in Moodle) never brings their data back. Rows from before this
revision were not erased. Several sites need no schema change: every row already names its
site.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sites_and_privacy"
down_revision = "0005_catalogue_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("erased_at")
