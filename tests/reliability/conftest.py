"""Reliability suite: crash, concurrency, bad input, backups, network and privacy checks.

Each test works in its own tmp folder and points SHOPCLOCK_DATA_DIR there, so nothing
touches the real user data folder. Figures (kills, operations, times) are printed;
run with ``-s`` to see them.
"""

from __future__ import annotations

import hashlib
import resource
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SHOPCLOCK_DATA_DIR", str(folder))
    return folder


def integrity(path: Path) -> list[str]:
    """PRAGMA integrity_check of a database file (read-only)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
        return [str(r[0]) for r in con.execute("PRAGMA integrity_check")]


def digest(db: Path) -> str:
    """sha256 over the database file and its -wal (what "unchanged" means here)."""
    h = hashlib.sha256()
    for p in (db, Path(f"{db}-wal")):
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.exists() else b"<absent>")
    return h.hexdigest()


def figures(title: str, **values: object) -> None:
    """Print one line of figures for the report."""
    shown = ", ".join(f"{k}={v}" for k, v in values.items())
    print(f"\n[reliability] {title}: {shown}")


class PeakMemory:
    """How much this process's resident memory grows at its peak during a block (KiB).

    Linux: the high-water mark is reset first (/proc/self/clear_refs) and read back
    (VmHWM), so earlier tests' peaks, or the spawning process's (ru_maxrss keeps that
    across exec), cannot hide the block's growth. Elsewhere: the ru_maxrss difference.
    """

    def __enter__(self) -> PeakMemory:
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
                refs.write("5")
            self._proc = True
            self._start = _status_kib("VmRSS")
        except OSError:
            self._proc = False
            self._start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.growth_kib = 0
        return self

    def __exit__(self, *exc) -> None:
        end = (
            _status_kib("VmHWM")
            if self._proc
            else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        )
        self.growth_kib = max(0, end - self._start)


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise OSError(f"no {field} in /proc/self/status")
