from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.storage import Database, Repository, open_database

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "db"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing in this suite may touch the real user data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("SHOPCLOCK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "shop.sqlite3")
    yield database
    database.close()


@pytest.fixture
def repo(db: Database) -> Repository:
    return Repository(db)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
