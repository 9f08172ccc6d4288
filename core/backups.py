"""Automatic backups: one a day, one before every import, and how long they are kept.

Contract:
- ``ensure_daily_backup(db, now=None, keep_days=None)`` makes at most one "daily"
  backup per local calendar day (the machine's time zone, as in the file names) and
  returns it, or None when today's exists or the database is not a local file. It
  then prunes. Several processes may call it at once: the look for today's file and
  the copy happen under the database's write lock (BEGIN IMMEDIATE), so exactly one
  of them copies. The window and the command line call it at start.
- ``backup_before_import(db, now=None)`` makes a "pre-import" copy (Service.import_plan
  calls it before writing a non-empty plan) and keeps the newest ``PRE_IMPORT_KEEP``.
- ``prune_backups(folder, now, keep_days)`` deletes automatic backups (daily,
  pre-import, pre-restore, pre-migrate) whose time stamp is older than ``keep_days``,
  and copies a killed process left half-written (``.partial``: its process is gone, or
  it is older than an hour).
  It never deletes the newest backup, a manual backup (the operator made it on
  purpose), or any file whose name is not exactly one ShopClock writes — nor a
  symbolic link or a folder, whatever its name.
- ``keep_days_setting(repo)``: the setting ``backups.keep_days`` (whole days, 1–3650),
  else ``DEFAULT_KEEP_DAYS``.

The copies themselves are made by core.storage.backup.write_backup (online backup
API, checked, published atomically, 0600).

Threading: call from one thread per process (a worker thread in the GUI: a copy of a
large database takes a moment).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from core.storage import Database, Repository
from core.storage.backup import PARTIAL_SUFFIX, STAGING_PREFIX, backup_now

log = logging.getLogger("shopclock.backups")

KEEP_DAYS_KEY = "backups.keep_days"
DEFAULT_KEEP_DAYS = 30
MAX_KEEP_DAYS = 3650
PRE_IMPORT_KEEP = 10
STALE_PARTIAL = timedelta(hours=1)
DAILY, PRE_IMPORT, MANUAL = "daily", "pre-import", "manual"
AUTOMATIC_KINDS = frozenset({DAILY, PRE_IMPORT, "pre-restore", "pre-migrate"})

# shopclock-YYYYmmdd-HHMMSS-<kind>[-n].sqlite3, as core.storage.migrate.backup_path names them
_NAME = re.compile(r"^shopclock-(\d{8})-(\d{6})-([a-z]+(?:-[a-z]+)*)(?:-(\d+))?\.sqlite3$")
_PARTIAL = re.compile(
    r"^\.shopclock-.*\.sqlite3\.(\d+)" + re.escape(PARTIAL_SUFFIX) + r"(?:-wal|-shm|-journal)?$"
)


@dataclass(frozen=True, slots=True, order=True)
class BackupFile:
    """One of our backups; sorts oldest first."""

    taken: datetime  # local wall time from the name
    n: int  # the -2, -3 … suffix (1 without one)
    kind: str
    path: Path


def parse_backup_name(path: Path) -> BackupFile | None:
    """The backup a file name stands for, or None when ShopClock did not name it."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    day, clock, kind, n = match.groups()
    try:
        taken = datetime.strptime(day + clock, "%Y%m%d%H%M%S")  # noqa: DTZ007 - local wall time
    except ValueError:
        return None
    return BackupFile(taken, int(n or 1), kind, path)


def list_backups(folder: Path) -> list[BackupFile]:
    """Our backups in ``folder`` (regular files only), oldest first."""
    found = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        if path.is_symlink() or not path.is_file():
            continue
        parsed = parse_backup_name(path)
        if parsed is not None:
            found.append(parsed)
    return sorted(found)


def backups_folder(db: Database) -> Path | None:
    return None if db.path is None else db.path.parent / "backups"


def _local(now: datetime | None) -> datetime:
    """``now`` as naive local wall time (how the file names are stamped)."""
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return (now or datetime.now().astimezone()).astimezone().replace(tzinfo=None)


def prune_backups(folder: Path, now: datetime | None, keep_days: int) -> list[Path]:
    """Delete expired automatic backups and stale partial copies; return what was deleted."""
    if isinstance(keep_days, bool) or not isinstance(keep_days, int) or keep_days < 1:
        raise ValueError(f"keep_days must be a whole number of days >= 1, got {keep_days!r}")
    local = _local(now)
    cutoff = local - timedelta(days=keep_days)
    backups = list_backups(folder)
    removed: list[Path] = []
    for backup in backups[:-1]:  # the newest is never deleted
        if backup.kind in AUTOMATIC_KINDS and backup.taken < cutoff:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    removed.extend(_remove_stale_partials(folder, local))
    return removed


def _remove_stale_partials(folder: Path, local: datetime) -> list[Path]:
    removed = []
    if not folder.is_dir():
        return removed
    limit = (local - STALE_PARTIAL).timestamp()
    for path in folder.iterdir():
        match = _PARTIAL.match(path.name)
        if match is None or path.is_symlink() or not path.is_file():
            continue
        if path.stat().st_mtime < limit or not _alive(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    staging = folder.parent  # restore staging folders live next to the database
    for path in staging.glob(STAGING_PREFIX + "*"):
        if path.is_dir() and not path.is_symlink() and path.stat().st_mtime < limit:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    """Whether the process that named a partial copy may still be writing it (POSIX:
    asked; elsewhere assumed, and the copy is left for the age limit)."""
    if os.name != "posix" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours to signal
        return True
    return True


def keep_days_setting(repo: Repository) -> int:
    value = repo.get_setting(KEEP_DAYS_KEY)
    if value is None:
        return DEFAULT_KEEP_DAYS
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_KEEP_DAYS:
        return value
    log.warning(
        "setting %s=%r is not 1..%d days; using %d",
        KEEP_DAYS_KEY,
        value,
        MAX_KEEP_DAYS,
        DEFAULT_KEEP_DAYS,
    )
    return DEFAULT_KEEP_DAYS


def ensure_daily_backup(
    db: Database, now: datetime | None = None, keep_days: int | None = None
) -> Path | None:
    """Today's daily backup if there was none yet (see the module docstring).

    ``keep_days`` None: the ``backups.keep_days`` setting (default 30).
    """
    folder = backups_folder(db)
    if folder is None:
        return None
    if keep_days is None:
        keep_days = keep_days_setting(Repository(db))
    local = _local(now)
    made = None
    with db.engine.begin():  # BEGIN IMMEDIATE: one process at a time looks and copies
        today = local.date()
        if not any(b.kind == DAILY and b.taken.date() == today for b in list_backups(folder)):
            made = backup_now(db, now=now, kind=DAILY)
    prune_backups(folder, now, keep_days)
    return made


def backup_before_import(db: Database, now: datetime | None = None) -> Path | None:
    """A "pre-import" copy; only the newest PRE_IMPORT_KEEP of them are kept."""
    folder = backups_folder(db)
    if folder is None:
        return None
    made = backup_now(db, now=now, kind=PRE_IMPORT)
    _remove_stale_partials(folder, _local(now))
    older = [b for b in list_backups(folder) if b.kind == PRE_IMPORT and b.path != made]
    for backup in older[: max(0, len(older) - (PRE_IMPORT_KEEP - 1))]:
        backup.path.unlink(missing_ok=True)
    return made
