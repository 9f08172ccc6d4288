"""Backups: daily and pre-import copies, retention, copies under load, verified atomic restore."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from core.backups import (
    KEEP_DAYS_KEY,
    PRE_IMPORT_KEEP,
    backup_before_import,
    ensure_daily_backup,
    keep_days_setting,
    list_backups,
    prune_backups,
)
from core.importers import read_file
from core.service import Service
from core.storage import (
    BackupError,
    NotADatabase,
    Repository,
    SchemaTooNew,
    backup_now,
    open_database,
    restore_from,
)
from core.storage.backup import DamagedBackup
from tests.core.factories import order

from .conftest import digest, figures, integrity
from .test_bad_input import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DB = ROOT / "tests" / "fixtures" / "db" / "shopclock-0001.sqlite3"


def local(text: str) -> datetime:
    """A wall time in this machine's zone (the zone backup names are stamped in)."""
    return datetime.fromisoformat(text).astimezone()


def orders(prefix: str, n: int):
    return [order(order_no=f"{prefix}-{i:05d}", buyer_phone="13912345678") for i in range(n)]


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "data" / "shop.sqlite3")
    Repository(database).apply_import(orders=orders("B", 50), at=local("2026-03-01 10:00"))
    yield database
    database.close()


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- daily backups and retention -------------------------------------------------------


def test_one_daily_backup_per_local_day(db) -> None:
    first = ensure_daily_backup(db, local("2026-03-12 08:00"))
    assert first is not None
    assert first.name == "shopclock-20260312-080000-daily.sqlite3"
    assert ensure_daily_backup(db, local("2026-03-12 23:59")) is None
    second = ensure_daily_backup(db, local("2026-03-13 00:01"))
    assert second is not None
    assert "20260313" in second.name
    assert integrity(second) == ["ok"]
    if os.name == "posix":
        assert stat.S_IMODE(second.stat().st_mode) == 0o600
        assert stat.S_IMODE(second.parent.stat().st_mode) == 0o700


def test_concurrent_starts_make_exactly_one_daily_backup(db) -> None:
    now = local("2026-03-12 09:00")
    barrier = threading.Barrier(4)
    made, errors = [], []

    def start() -> None:
        other = open_database(db.path)  # its own engine, as another process would have
        try:
            barrier.wait()
            made.append(ensure_daily_backup(other, now))
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            other.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len([m for m in made if m is not None]) == 1
    assert len([b for b in list_backups(db.path.parent / "backups") if b.kind == "daily"]) == 1


def _fake_backup(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"SQLite format 3\x00")
    return path


def test_retention_prunes_expired_automatic_backups_only(db, tmp_path: Path) -> None:
    folder = db.path.parent / "backups"
    old = "20260101-120000"
    expired = [
        _fake_backup(folder, f"shopclock-{old}-{kind}.sqlite3")
        for kind in ("daily", "pre-import", "pre-restore", "pre-migrate")
    ]
    expired.append(_fake_backup(folder, f"shopclock-{old}-daily-2.sqlite3"))
    kept = [
        _fake_backup(folder, f"shopclock-{old}-manual.sqlite3"),  # made on purpose
        _fake_backup(folder, "shopclock-20260305-120000-daily.sqlite3"),  # 7 days old
        _fake_backup(folder, "notes.txt"),
        _fake_backup(folder, "shopclock-old.sqlite3"),
        _fake_backup(folder, f"my-shopclock-{old}-daily.sqlite3"),
        _fake_backup(folder, f"shopclock-{old}-daily.sqlite3.bak"),
        _fake_backup(folder, f"shopclock-{old}-Daily.sqlite3"),
        _fake_backup(folder, f"shopclock-{old}-daily.sqlite3-wal"),
    ]
    (folder / f"shopclock-{old}-pre-import-9.sqlite3").mkdir()  # a folder, not a file
    outside = _fake_backup(tmp_path / "elsewhere", "precious.sqlite3")
    link = folder / f"shopclock-{old}-pre-migrate-3.sqlite3"
    link.symlink_to(outside)
    gone_pid = subprocess.Popen([sys.executable, "-c", "pass"])
    gone_pid.wait()
    live, dead = os.getppid(), gone_pid.pid
    stale = _fake_backup(folder, f".shopclock-{old}-daily.sqlite3.{live}.partial")
    orphan = _fake_backup(folder, f".shopclock-20260312-085950-daily.sqlite3.{dead}.partial")
    fresh = _fake_backup(folder, f".shopclock-20260312-085959-daily.sqlite3.{live}.partial")
    now = local("2026-03-12 09:00")
    os.utime(stale, (now.timestamp() - 7200,) * 2)  # two hours old: whoever wrote it, stale
    for path in (orphan, fresh):
        os.utime(path, (now.timestamp() - 60,) * 2)

    made = ensure_daily_backup(db, now, keep_days=30)

    assert made is not None
    assert made.exists()
    assert not any(p.exists() for p in expired)
    assert all(p.exists() for p in kept)
    assert (folder / f"shopclock-{old}-pre-import-9.sqlite3").is_dir()
    assert link.is_symlink()
    assert outside.exists()
    assert not stale.exists()
    assert fresh.exists()  # its process is alive and may be writing it
    assert not orphan.exists() or os.name != "posix"  # its process is gone


def test_a_taken_name_is_never_overwritten(db) -> None:
    from core.storage.backup import write_backup

    folder = db.path.parent / "backups"
    target = folder / "shopclock-20260312-090000-manual.sqlite3"
    _fake_backup(folder, target.name)  # another process published this name first
    written = write_backup(db.path, target)
    assert written.name == "shopclock-20260312-090000-manual-2.sqlite3"
    assert target.read_bytes() == b"SQLite format 3\x00"
    assert [b.n for b in list_backups(folder)] == [1, 2]
    assert not list(folder.glob(".*"))  # the partial copy is gone


def test_retention_never_deletes_the_newest_backup(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    files = [_fake_backup(folder, f"shopclock-2025010{d}-120000-daily.sqlite3") for d in (1, 2, 3)]
    removed = prune_backups(folder, local("2026-12-31 00:00"), keep_days=1)
    assert sorted(removed) == files[:2]
    assert files[2].exists()


def test_keep_days_comes_from_the_setting(db) -> None:
    repo = Repository(db)
    folder = db.path.parent / "backups"
    ten_days = _fake_backup(folder, "shopclock-20260302-120000-daily.sqlite3")
    five_days = _fake_backup(folder, "shopclock-20260307-120000-daily.sqlite3")
    assert keep_days_setting(repo) == 30
    repo.set_setting(KEEP_DAYS_KEY, 7)
    ensure_daily_backup(db, local("2026-03-12 12:00"))
    assert not ten_days.exists()
    assert five_days.exists()
    for bad in ("abc", 0, -3, True, 10**6, 7.5, None):
        repo.set_setting(KEEP_DAYS_KEY, bad)
        assert keep_days_setting(repo) == 30
    with pytest.raises(ValueError, match="keep_days"):
        ensure_daily_backup(db, local("2026-03-13 12:00"), keep_days=0)


def test_no_automatic_backup_of_a_server_database() -> None:
    from sqlalchemy import create_engine, make_url

    from core.storage import Database

    server = Database(
        engine=create_engine("sqlite://"), url=make_url("postgresql://shop@db/x"), path=None
    )
    assert ensure_daily_backup(server, local("2026-03-12 12:00")) is None
    assert backup_before_import(server) is None
    server.close()


# -- before every import ---------------------------------------------------------------


def _orders_file(folder: Path, prefix: str, n: int) -> Path:
    from core.exporters import export_orders

    path = folder / f"{prefix}.csv"
    export_orders(orders(prefix, n), path, reveal=True)
    return path


def test_each_import_is_preceded_by_a_backup_of_the_state_before(db, tmp_path: Path) -> None:
    service = Service(db)
    folder = db.path.parent / "backups"
    for i in range(PRE_IMPORT_KEEP + 3):
        before = Repository(db).counts()["orders"]
        service.import_plan(read_file(_orders_file(tmp_path, f"I{i}", 3)))
        newest = [b for b in list_backups(folder) if b.kind == "pre-import"][-1]
        with closing(sqlite3.connect(newest.path)) as con:
            assert con.execute("SELECT count(*) FROM orders").fetchone()[0] == before
    pre_import = [b for b in list_backups(folder) if b.kind == "pre-import"]
    assert len(pre_import) == PRE_IMPORT_KEEP


def test_no_backup_for_a_refused_or_empty_import(db, tmp_path: Path) -> None:
    from core.importers import InvalidImport

    service = Service(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        _orders_file(tmp_path, "X", 2).read_text(encoding="utf-8-sig") + "taobao,店,,,abc,\n",
        encoding="utf-8",
    )
    plan = read_file(bad)
    assert plan.errors
    with pytest.raises(InvalidImport):
        service.import_plan(plan)
    header_only = tmp_path / "header.csv"
    header_only.write_text(bad.read_text(encoding="utf-8").splitlines()[0] + "\n")
    service.import_plan(read_file(header_only))
    assert not (db.path.parent / "backups").exists()
    service.import_plan(plan, skip_invalid=True)  # this one writes: copy first
    assert [b.kind for b in list_backups(db.path.parent / "backups")] == ["pre-import"]


# -- copies while another process writes -----------------------------------------------


@pytest.mark.slow
def test_backup_while_another_process_writes_is_whole_and_opens(tmp_path: Path) -> None:
    from tests.reliability.test_two_writers import _seed

    db_path = tmp_path / "data" / "shop.sqlite3"
    _seed(db_path)
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(db_path), "w1", "1500"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
    writer.stdin.write("go\n")
    writer.stdin.flush()
    copies = []
    with open_database(db_path) as live:
        while writer.poll() is None and len(copies) < 40:
            copies.append(backup_now(live, kind="manual"))
            time.sleep(0.05)
    _out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    seen = []
    for copy in copies:
        assert integrity(copy) == ["ok"]
        with open_database(copy) as opened:
            seen.append(Repository(opened).counts()["events"])
    assert seen == sorted(seen)  # each copy is a later snapshot
    assert len(set(seen)) > 3  # the writer really wrote between copies
    figures("backup under load", copies=len(copies), events_seen=f"{seen[0]}..{seen[-1]}")


# -- restore ---------------------------------------------------------------------------


def _corrupt(path: Path) -> None:
    """Overwrite the b-tree page of the orders table (the header stays valid)."""
    with closing(sqlite3.connect(path)) as con:
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'orders'").fetchone()
        size = con.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as fh:
        fh.seek(size * (root[0] - 1) + 8)
        fh.write(b"\x00\xff\x13\x37" * 64)


def _bad_files(db, tmp_path: Path) -> dict[str, tuple[Path, type[Exception]]]:
    good = backup_now(db)
    shutil.move(good, tmp_path / "good.sqlite3")
    good = tmp_path / "good.sqlite3"
    corrupt = tmp_path / "corrupt.sqlite3"
    shutil.copyfile(good, corrupt)
    _corrupt(corrupt)
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    foreign = tmp_path / "foreign.sqlite3"
    with closing(sqlite3.connect(foreign)) as con, con:
        con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB)")
    stolen_version = tmp_path / "version_only.sqlite3"
    with closing(sqlite3.connect(good)) as src, closing(sqlite3.connect(stolen_version)) as dst:
        rev = src.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        dst.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        dst.execute("INSERT INTO alembic_version VALUES (?)", (rev,))
        dst.execute("CREATE TABLE photos (id INTEGER)")
        dst.commit()
    too_new = tmp_path / "too_new.sqlite3"
    shutil.copyfile(good, too_new)
    with closing(sqlite3.connect(too_new)) as con, con:
        con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(8192))
    return {
        "corrupt": (corrupt, DamagedBackup),
        "truncated": (truncated, BackupError),
        "foreign": (foreign, NotADatabase),
        "version_only": (stolen_version, NotADatabase),
        "too_new": (too_new, SchemaTooNew),
        "junk": (junk, NotADatabase),
    }


@pytest.mark.parametrize(
    "kind", ["corrupt", "truncated", "foreign", "version_only", "too_new", "junk"]
)
def test_restore_refuses_a_bad_file_and_touches_nothing(db, tmp_path: Path, kind: str) -> None:
    bad, expected = _bad_files(db, tmp_path)[kind]
    folder = db.path.parent
    db.engine.dispose()  # no -wal now: the digest is the file itself
    listing = {p: names(p) for p in (folder, folder / "backups")}
    before, source = digest(db.path), sha(bad)
    with pytest.raises((expected, NotADatabase, BackupError)) as err:
        restore_from(db, bad)
    assert isinstance(err.value, expected) or kind == "truncated"
    db.engine.dispose()
    assert digest(db.path) == before
    assert sha(bad) == source
    assert {p: names(p) for p in listing} == listing  # no safety copy, no staging left
    assert [o.order_no for o in Repository(db).orders()][:1] == ["B-00000"]


def test_cli_restore_refuses_a_damaged_backup(db, tmp_path: Path) -> None:
    bad, _ = _bad_files(db, tmp_path)["corrupt"]
    path = db.path
    db.close()
    before = digest(path)
    result = cli(path, "restore", str(bad))
    assert result.returncode == 2
    assert "损坏" in result.stderr
    assert "damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(path) == before


def test_restore_of_an_older_schema_is_migrated_before_it_replaces(db) -> None:
    safety = restore_from(db, FIXTURE_DB)
    assert Repository(db).counts()["orders"] == 3
    assert integrity(db.path) == ["ok"]
    with closing(sqlite3.connect(safety)) as con:
        assert con.execute("SELECT count(*) FROM orders").fetchone() == (50,)
    assert sha(FIXTURE_DB) == sha(FIXTURE_DB)  # read-only: the fixture is unchanged
    assert not list(db.path.parent.glob(".shopclock-restore-*"))


@pytest.mark.slow
def test_restore_racing_a_reader_shows_old_or_new_never_a_mix(db, tmp_path: Path) -> None:
    repo = Repository(db)
    backup = backup_now(db)  # 50 B orders
    repo.apply_import(orders=orders("A", 400), at=local("2026-03-02 10:00"))  # live: 450
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.reader", str(db.path), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert reader.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    restore_from(db, backup)
    time.sleep(0.5)
    stop.touch()
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    seen = {tuple(map(int, k.split(","))): v for k, v in __import__("json").loads(out).items()}
    assert set(seen) == {(450, 400), (50, 0)}, seen  # both states, nothing in between
    assert repo.counts()["orders"] == 50
    figures("restore race", reads=sum(seen.values()), states=seen)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX")
def test_a_restore_killed_at_any_moment_leaves_old_or_new(db, tmp_path: Path) -> None:
    from tests.reliability import crash_worker

    old = backup_now(db)  # 50 B orders
    Repository(db).apply_import(orders=orders("A", 300), at=local("2026-03-02 10:00"))
    new = backup_now(db)  # 350
    db.close()
    states = {50: old, 350: new}
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.reliability.crash_worker"])
    rng = random.Random(7)
    kills = finished = 0
    current = 350
    for _ in range(40):
        target = 50 if current == 350 else 350
        proc = ctx.Process(
            target=crash_worker.restore_worker, args=(str(db.path), str(states[target]))
        )
        proc.start()
        proc.join(rng.uniform(0.0, 0.12))
        if proc.exitcode is None:
            proc.kill()
            kills += 1
        proc.join(30)
        finished += proc.exitcode == 0
        assert proc.exitcode in (0, -signal.SIGKILL)
        assert integrity(db.path) == ["ok"]
        with open_database(db.path) as opened:
            current = Repository(opened).counts()["orders"]
        assert current in (50, 350)
    figures("restore kills", kills=kills, finished=finished, mixed_states=0)
    assert kills > 5


def test_restore_over_a_database_that_no_longer_opens(db, tmp_path: Path) -> None:
    from core.storage.backup import restore_file

    good = backup_now(db)  # 50 B orders
    path = db.path
    db.close()
    with path.open("r+b") as fh:
        fh.write(b"garbage!" * 4)  # the header is gone: open_database refuses the file
    damaged = path.read_bytes()
    with pytest.raises(NotADatabase):
        open_database(path)
    bad = tmp_path / "corrupt-backup.sqlite3"
    shutil.copyfile(good, bad)
    _corrupt(bad)
    with pytest.raises(DamagedBackup):
        restore_file(path, bad)
    assert path.read_bytes() == damaged  # a refused backup changes nothing
    kept = restore_file(path, good)
    assert kept.name.endswith("-damaged.sqlite3")
    assert kept.read_bytes() == damaged  # the evidence is kept
    with open_database(path) as reopened:
        assert Repository(reopened).counts()["orders"] == 50
    assert integrity(path) == ["ok"]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob(".shopclock-restore-*"))
