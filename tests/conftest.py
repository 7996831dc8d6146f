"""Shared fixtures: a fresh database per test, on SQLite always and on PostgreSQL when
CPDSYNC_TEST_POSTGRES_URL is set (CI sets it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_URL = os.environ.get("CPDSYNC_TEST_POSTGRES_URL", "")
FIXTURES = Path(__file__).parent / "fixtures"

BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def pytest_report_header() -> str:
    return "cpdsync storage backends under test: " + ", ".join(BACKENDS)


def _psycopg_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A SQLAlchemy URL to an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cpdsync.db'}"
        return
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(_psycopg_url(POSTGRES_URL))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield _psycopg_url(POSTGRES_URL) + f"{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def moodle_fixture() -> FixtureReader:
    return FixtureReader(FIXTURES / "moodle")


class FixtureReader:
    """Reads payloads captured from a real Moodle 4.5 (copied into tests/fixtures/moodle)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def text(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def bytes(self, name: str) -> bytes:
        return (self.root / name).read_bytes()
