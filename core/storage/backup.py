"""Backups and restores: the mechanisms (the policy — one a day, before imports, how long
they are kept — is core.backups; the ``shopclock backup`` / ``restore`` commands call these).

- ``write_backup(source, target)`` copies a live database with sqlite3's online backup
  API (one step: a consistent snapshot of committed data while other processes keep
  writing) into a hidden ``.<name>.<pid>.partial`` file next to ``target``, checks the
  copy (``PRAGMA quick_check``), fsyncs it and only then publishes it under its final
  name (a hard link that never overwrites; ``-2``, ``-3`` … when the name is taken).
  A file named ``shopclock-*.sqlite3`` is therefore always a whole backup, even when
  the process is killed mid-copy; what a kill leaves is a ``.partial`` file, which
  core.backups prunes. Files are 0600, folders 0700.
- ``verify_backup(file)`` accepts only a ShopClock database this version can read that
  passes ``PRAGMA integrity_check`` and has ShopClock's tables; it reads the file
  read-only and never writes a byte to it.
- ``restore_from(db, file)``: verify the file, copy it to a private staging file,
  migrate the copy if it is older and check it again, save the current database as
  ``...-pre-restore.sqlite3``, then copy the staged database into the live one with
  ONE backup-API step. That step is one write transaction on the live file: every
  other connection (in this or another process) sees either the old data or the
  restored data, never a mix, and a crash during it leaves the old data. The file is
  never renamed over, which would cut other processes' open connections off from
  their WAL. A refused restore writes nothing anywhere.
- ``restore_file(path, file)`` is the same for a database file that no longer opens (the
  damaged file is kept as ``...-damaged.sqlite3``, then the staged one renamed over it).

Only SQLite databases; a shared PostgreSQL server is backed up by its admin.

Threading: call from one thread; other connections may stay open (they see the
restored data on their next transaction).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy import URL

from core.storage.engine import BUSY_TIMEOUT_MS, Database, make_engine
from core.storage.errors import NotADatabase, StorageError
from core.storage.migrate import (
    SchemaState,
    alembic_config,
    backup_path,
    check_schema,
    create_private_file,
    make_private_dir,
    probe_sqlite_file,
    script_directory,
    upgrade_to_head,
)

PARTIAL_SUFFIX = ".partial"
STAGING_PREFIX = ".shopclock-restore-"
# Tables every ShopClock schema since 0001 has; a file without them is not ours.
CORE_TABLES = ("shops", "orders", "cases", "events", "settings", "holiday_overrides")
_KIND = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


class BackupError(StorageError):
    """A backup or restore that cannot be done (nothing was changed)."""

    def __init__(self, detail_zh: str, detail_en: str) -> None:
        super().__init__(f"{detail_zh} / {detail_en}")


class DamagedBackup(BackupError):
    """The file is a ShopClock database but damaged: restoring it was refused."""

    def __init__(self, path: Path, problems: tuple[str, ...]) -> None:
        self.path = path
        self.problems = problems
        shown = "; ".join(problems[:3])
        super().__init__(
            f"备份文件“{path}”已损坏（完整性检查未通过），未作任何修改。",
            f"the backup file “{path}” is damaged (integrity check failed: {shown}); "
            "nothing was changed.",
        )


class DamagedDatabase(BackupError):
    """A copy of the live database failed its check: the database itself is damaged.
    What needed the copy (a backup, the safety copy before an import) was not done."""

    def __init__(self, path: Path, problems: tuple[str, ...]) -> None:
        self.path = path
        self.problems = problems
        shown = "; ".join(problems[:3])
        super().__init__(
            f"数据库“{path}”已损坏（完整性检查未通过），未作任何修改。请从备份恢复"
            "（设置 → 数据，或 shopclock restore）。",
            f"the database “{path}” is damaged (integrity check failed: {shown}); nothing "
            "was changed. Restore a backup (Settings → Data, or shopclock restore).",
        )


def _require_file(db: Database) -> Path:
    if db.path is None:
        raise BackupError(
            "只能备份本机的 SQLite 数据库文件；服务器数据库请由管理员备份。",
            "only a local SQLite database file can be backed up here; "
            "back up a database server with its own tools.",
        )
    return db.path


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _readonly_uri(path: Path) -> str:
    """Read without writing a byte: a WAL file nobody has open is read as immutable
    (a read-only WAL reader would otherwise leave empty -wal / -shm files behind)."""
    uri = _uri(path, "ro")
    with path.open("rb") as fh:
        header = fh.read(20)
    if len(header) > 18 and header[18] == 2 and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def _fsync(path: Path, *, directory: bool = False) -> None:
    if directory and os.name != "posix":
        return  # Windows cannot open a folder to fsync it
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


def _numbered(target: Path) -> tuple[str, int]:
    """``shopclock-…-manual-3`` -> (``shopclock-…-manual``, 3); no suffix counts as 1."""
    base, _, number = target.stem.rpartition("-")
    if base and number.isdigit():
        return base, int(number)
    return target.stem, 1


def next_backup_path(db_path: Path, kind: str, now: datetime | None = None) -> Path:
    """Like core.storage.migrate.backup_path, but the ``-n`` suffix goes past the highest
    one in use for that second and kind, so a name freed by pruning is never handed out
    again (a reused name would sort as the oldest copy and be pruned first)."""
    first = backup_path(db_path, kind, now)
    base, _ = _numbered(first)
    pattern = re.compile(re.escape(base) + r"(?:-(\d+))?\.sqlite3$")
    used = [
        int(m.group(1) or 1)
        for p in (first.parent.glob(base + "*.sqlite3") if first.parent.is_dir() else ())
        if (m := pattern.match(p.name))
    ]
    if not used:
        return first.with_name(f"{base}.sqlite3")
    return first.with_name(f"{base}-{max(used) + 1}.sqlite3")


def _publish(tmp: Path, target: Path) -> Path:
    """Give the finished copy its final name without ever replacing another file."""
    base, n = _numbered(target)
    candidate = target
    while True:
        try:
            os.link(tmp, candidate)
        except FileExistsError:
            pass
        except OSError:  # no hard links here (FAT, some network shares): rename
            if not candidate.exists():
                os.replace(tmp, candidate)
                return candidate
        else:
            tmp.unlink()
            return candidate
        n += 1
        candidate = target.with_name(f"{base}-{n}{target.suffix}")


def write_backup(source: Path, target: Path, *, check: bool = True) -> Path:
    """Copy the live database ``source`` to ``target`` (see the module docstring).

    Returns the path written (``target``, or ``target`` with ``-2`` … if taken).
    Raises DamagedDatabase when the copy fails its check (the copy is the database as
    it is: ``source`` is damaged); nothing is left behind then. ``check=False`` keeps
    such a copy (the safety copy of a damaged database before a restore).
    """
    source, target = Path(source), Path(target)
    make_private_dir(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    _remove_with_sidecars(tmp)  # left by a killed process that had our pid
    create_private_file(tmp)
    try:
        with (
            closing(sqlite3.connect(_uri(source, "rw"), uri=True, timeout=10)) as src,
            closing(sqlite3.connect(tmp)) as dst,
        ):
            src.backup(dst)  # one step: a consistent snapshot of committed data
            if check:
                found = tuple(r[0] for r in dst.execute("PRAGMA quick_check(5)"))
                if found != ("ok",):
                    raise DamagedDatabase(source, found)
        _fsync(tmp)
        written = _publish(tmp, target)
        _fsync(target.parent, directory=True)
    except BaseException:
        _remove_with_sidecars(tmp)
        raise
    return written


def backup_now(db: Database, *, now: datetime | None = None, kind: str = "manual") -> Path:
    """Write ``backups/shopclock-YYYYmmdd-HHMMSS-<kind>.sqlite3``; return its path."""
    if not _KIND.match(kind):
        raise ValueError(f"backup kind must be lower-case words joined by '-', got {kind!r}")
    path = _require_file(db)
    return write_backup(path, next_backup_path(path, kind, now))


def verify_backup(file: Path | str) -> SchemaState:
    """Check that ``file`` can be restored; raise NotADatabase / SchemaTooNew /
    DamagedBackup otherwise. Reads the file only."""
    source = Path(file)
    state = probe_sqlite_file(source)
    check_schema(state, script_directory(alembic_config()), source)
    if not state.revisions:
        raise NotADatabase(source, "no ShopClock schema version")
    try:
        with closing(sqlite3.connect(_readonly_uri(source), uri=True)) as con:
            problems = tuple(str(r[0]) for r in con.execute("PRAGMA integrity_check(5)"))
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise DamagedBackup(source, (str(exc),)) from exc
    if problems != ("ok",):
        raise DamagedBackup(source, problems)
    missing = [t for t in CORE_TABLES if t not in names]
    if missing:
        raise NotADatabase(source, "missing tables: " + ", ".join(missing))
    return state


def _stage(source: Path, folder: Path) -> Path:
    """A private, checked, up-to-date copy of ``source`` inside ``folder``."""
    staged = folder / "staged.sqlite3"
    create_private_file(staged)
    try:
        with (
            closing(sqlite3.connect(_readonly_uri(source), uri=True)) as src,
            closing(sqlite3.connect(staged)) as dst,
        ):
            src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise DamagedBackup(source, (str(exc),)) from exc
    cfg = alembic_config()
    state = probe_sqlite_file(staged)
    if check_schema(state, script_directory(cfg), source):
        engine = make_engine(URL.create("sqlite+pysqlite", database=str(staged)))
        try:
            upgrade_to_head(engine, cfg, source)
        finally:
            engine.dispose()
    verify_backup(staged)
    return staged


def restore_from(db: Database, file: Path | str, *, now: datetime | None = None) -> Path:
    """Replace the database's contents with the backup ``file``.

    Raises NotADatabase / SchemaTooNew / DamagedBackup / BackupError when ``file``
    cannot be restored; then nothing was written anywhere. Returns the safety copy
    of the database as it was before the restore (unchecked: a damaged database,
    which a restore is there to mend, is kept as it was).
    """
    path = _require_file(db)
    source = Path(file).expanduser().resolve()
    if source == path:
        raise BackupError("不能用数据库自身来恢复。", "cannot restore a database from itself.")
    if not source.is_file():
        raise BackupError(f"找不到备份文件“{source}”。", f"backup file “{source}” not found.")
    verify_backup(source)
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=path.parent))  # 0700
    try:
        staged = _stage(source, folder)
        # the database as it is, even damaged (a restore is how a damaged one is mended)
        safety = write_backup(path, next_backup_path(path, "pre-restore", now), check=False)
        with (
            closing(sqlite3.connect(_readonly_uri(staged), uri=True)) as src,
            closing(
                sqlite3.connect(_uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            ) as dst,
        ):
            src.backup(dst)  # one step: the live file changes in a single transaction
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    db.engine.dispose()  # pooled connections start afresh
    return safety


def restore_file(path: Path | str, file: Path | str, *, now: datetime | None = None) -> Path:
    """Restore the backup ``file`` over a database file that cannot be opened at all
    (damaged, or not a database any more), which ``restore_from`` needs open.

    The backup is verified and staged as in ``restore_from``; the damaged file (and its
    -wal / -shm) is copied to ``backups/…-damaged.sqlite3`` — kept, never pruned —
    then the staged file is renamed over it. Only for a file no process has open (none
    can: it does not open). Returns the copy of the damaged file. A refused backup
    changes nothing.
    """
    target = Path(path).expanduser().resolve()
    source = Path(file).expanduser().resolve()
    if source == target:
        raise BackupError("不能用数据库自身来恢复。", "cannot restore a database from itself.")
    if not source.is_file():
        raise BackupError(f"找不到备份文件“{source}”。", f"backup file “{source}” not found.")
    verify_backup(source)
    make_private_dir(target.parent)
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    try:
        staged = _stage(source, folder)
        aside = next_backup_path(target, "damaged", now)
        make_private_dir(aside.parent)
        for suffix in ("", "-wal", "-shm", "-journal"):
            old = Path(f"{target}{suffix}")
            if old.is_file():
                copy = Path(f"{aside}{suffix}")
                create_private_file(copy)
                shutil.copyfile(old, copy)
        for suffix in ("-wal", "-shm", "-journal"):  # an old WAL must not meet the new file
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        _fsync(staged)
        os.replace(staged, target)
        _fsync(target.parent, directory=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return aside
