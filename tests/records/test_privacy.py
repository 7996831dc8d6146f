"""Every table that holds a worker's data is exported and erased by records/privacy.py."""

from __future__ import annotations

from cpdsync.records.privacy import WORKER_TABLES
from cpdsync.records.schema import Base


def _holding_worker_data() -> set[str]:
    """Return the tables that reach a worker row through foreign keys (a worker's completions,
    entries, reflections, reminders, and whatever a later revision hangs off them)."""
    found = {"workers"}
    grew = True
    while grew:
        grew = False
        for table in Base.metadata.sorted_tables:
            if table.name in found:
                continue
            if any(fk.column.table.name in found for fk in table.foreign_keys):
                found.add(table.name)
                grew = True
    return found


def test_every_table_holding_a_workers_data_is_handled_by_the_privacy_module() -> None:
    missing = _holding_worker_data() - set(WORKER_TABLES)
    assert not missing, (
        f"tables {sorted(missing)} hold workers' data: export them in "
        "records/privacy.worker_data, erase them in erase_worker, and add them to WORKER_TABLES"
    )
