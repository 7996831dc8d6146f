"""Alembic environment for cpdsync's records schema.

cpdsync runs migrations itself (cpdsync.records.migrate), handing over an open connection in
``config.attributes["connection"]``; there is no alembic.ini to edit.
"""

from __future__ import annotations

from alembic import context

from cpdsync.records.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable by running the alembic CLI by hand
    raise RuntimeError("run migrations through `cpdsync.records.migrate.migrate(url)`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables for later migrations.
    render_as_batch=True,
    compare_type=True,
    # The whole upgrade is one transaction on both backends (see records/db.py for SQLite).
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
