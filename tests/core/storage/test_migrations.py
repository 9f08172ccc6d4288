"""Schema migrations: fresh databases, old fixtures, newer or foreign files, backups."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import threading
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from core.domain import CaseState, HolidayOverride, Platform, RuleOverride, Source
from core.storage import NotADatabase, Repository, SchemaTooNew, open_database
from core.storage.backup import next_backup_path, write_backup
from core.storage.engine import _open
from core.storage.migrate import MIGRATIONS_DIR, alembic_config
from core.storage.models import Base

from .conftest import FIXTURES, sha256

FIXTURE_0001 = FIXTURES / "shopclock-0001.sqlite3"
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def revision_of(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as con:
        return [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]


def copy_fixture(tmp_path: Path, name: str = "shopclock.sqlite3") -> Path:
    target = tmp_path / name
    shutil.copyfile(FIXTURE_0001, target)
    return target


def test_empty_database_is_migrated_to_head(tmp_path: Path) -> None:
    with open_database(tmp_path / "new.sqlite3") as db:
        assert db.path is not None
        assert revision_of(db.path) == [HEAD]
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []  # models == migrations
    assert not (tmp_path / "backups").exists()  # nothing to back up


def test_zero_byte_file_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with open_database(path) as db:
        assert Repository(db).counts()["orders"] == 0


def test_migrations_downgrade_and_upgrade_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "cycle.sqlite3"
    with open_database(path) as db:
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
            command.upgrade(cfg, "head")
    assert revision_of(path) == [HEAD]


def test_fixture_of_revision_0001_opens_and_keeps_its_data(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    with open_database(path) as db:
        repo = Repository(db)
        assert repo.counts() == {
            "shops": 2,
            "orders": 3,
            "cases": 2,
            "open_cases": 2,
            "events": 3,
        }
        shop = repo.get_shop("pinduoduo", "果园直发旗舰店")
        assert shop is not None
        assert shop.rule_overrides == (
            RuleOverride("pdd.refund_only.merchant_handle", 24, "hours"),
        )
        tb = repo.get_order("taobao", "3712345678901234567")
        assert tb is not None
        assert tb.amount_fen == 129900
        assert tb.paid_at == datetime(2026, 2, 27, 13, 5, 0, 123456, tzinfo=UTC)
        assert (tb.customised, tb.presale, tb.buyer_name) == (True, True, "李四")
        pdd = repo.find_orders("260301-0123456789012345")[0]
        assert pdd.buyer_address == "江西省赣州市××路1号"
        assert repo.find_orders("6912345678901234567")[0].platform is Platform.DOUYIN
        c = repo.get_case("pinduoduo", "9001234567890123456")
        assert c is not None
        assert (c.state, c.reason, c.shipped_at_application) == (
            CaseState.AWAITING_MERCHANT,
            "坏果/烂果",
            True,
        )
        history = repo.events("taobao", case_no="TB-AS-77")
        assert [e.source for e in history] == [Source.IMPORT, Source.MANUAL]
        assert history[-1].data == {"address": "浙江省杭州市余杭区××仓"}
        assert repo.get_setting("reminders.hours_before") == [24, 6, 1]
        assert repo.holiday_overrides()[0] == HolidayOverride(date(2026, 2, 28), True, "调休上班")
        # undo information written by 0001 still works
        undone = repo.undo_last_event("taobao", "TB-AS-77")
        assert undone is not None
        assert undone.action == "agree_return"
        restored = repo.get_case("taobao", "TB-AS-77")
        assert restored is not None
        assert restored.state is CaseState.AWAITING_MERCHANT
    assert revision_of(path) == [HEAD]


def test_unknown_revision_raises_schema_too_new_and_leaves_file_alone(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    digest = sha256(path)
    with pytest.raises(SchemaTooNew) as info:
        open_database(path)
    assert info.value.revisions == ("9999_from_the_future",)
    message = str(info.value)
    assert message.index("更新版本") < message.index("newer ShopClock")
    assert sha256(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shopclock.sqlite3"]


def test_unknown_revision_in_a_wal_database_creates_no_side_files(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("UPDATE alembic_version SET version_num = 'ffff'")
    digest = sha256(path)
    with pytest.raises(SchemaTooNew):
        open_database(path)
    assert sha256(path) == digest
    assert not Path(f"{path}-wal").exists()
    assert not Path(f"{path}-shm").exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (os.urandom(8192), "不是售后时钟的数据库文件"),
        ("订单号,金额\n3712345678901234567,12.90\n".encode(), "不是售后时钟的数据库文件"),
        # right magic, garbage after it: a damaged database, which a backup can replace
        (b"SQLite format 3\x00" + os.urandom(4080), "已损坏，无法打开"),
    ],
    ids=["random", "csv", "corrupt-header"],
)
def test_not_a_database_is_rejected_and_left_alone(
    tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "orders.sqlite3"
    path.write_bytes(content)
    digest = sha256(path)
    with pytest.raises(NotADatabase) as info:
        open_database(path)
    assert info.value.path == path.resolve()
    assert said in str(info.value)
    assert info.value.damaged is (said == "已损坏，无法打开")
    assert sha256(path) == digest
    assert not (tmp_path / "backups").exists()


def test_someone_elses_sqlite_database_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("CREATE TABLE orders (id INTEGER, whatever TEXT)")
    digest = sha256(path)
    with pytest.raises(NotADatabase):
        open_database(path)
    assert sha256(path) == digest


# -- pending migrations and backups ----------------------------------------------------

REVISION_0002 = '''"""test-only revision"""
import sqlalchemy as sa
from alembic import op

revision = "probe"
down_revision = "HEAD"  # replaced by the real head: the probe is always the next revision
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders") as batch:  # a table rebuild on SQLite
        batch.add_column(sa.Column("probe", sa.Text(), nullable=True))
        batch.alter_column("title", existing_type=sa.Text(), nullable=True)


def downgrade():
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("probe")
'''


@pytest.fixture
def migrations_with_0002(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    probe = REVISION_0002.replace('"HEAD"', repr(HEAD))
    (folder / "versions" / "0002_probe.py").write_text(probe)
    return folder


def test_pending_migration_writes_a_backup_first(
    tmp_path: Path, migrations_with_0002: Path
) -> None:
    path = copy_fixture(tmp_path)
    digest = sha256(path)
    with _open(path, migrations_with_0002) as db:
        assert Repository(db).counts()["orders"] == 3  # data survived the table rebuild
    assert revision_of(path) == ["probe"]
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1
    backup = backups[0]
    assert backup.name.startswith("shopclock-")
    assert backup.name.endswith("-pre-migrate.sqlite3")
    assert revision_of(backup) == ["0001"]
    with closing(sqlite3.connect(backup)) as con:
        assert con.execute("SELECT count(*) FROM orders").fetchone() == (3,)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    if os.name == "posix":
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert sha256(path) != digest

    # this ShopClock (whose head is HEAD) must now refuse the file and not touch it
    digest = sha256(path)
    with pytest.raises(SchemaTooNew):
        open_database(path)
    assert sha256(path) == digest


def test_backup_is_consistent_while_another_connection_writes(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite3"
    open_database(path).close()
    stop, busy = threading.Event(), threading.Event()

    def writer() -> None:
        with closing(sqlite3.connect(path, timeout=10, isolation_level=None)) as con:
            i = 0
            while not stop.is_set():
                con.execute("BEGIN IMMEDIATE")
                con.execute("INSERT INTO settings (key, value) VALUES (?, '1')", (f"k{i}",))
                con.execute("INSERT INTO settings (key, value) VALUES (?, '2')", (f"j{i}",))
                con.execute("COMMIT")
                i += 1
                if i == 50:
                    busy.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert busy.wait(10)
        copies = [write_backup(path, next_backup_path(path, "pre-migrate")) for _ in range(3)]
    finally:
        stop.set()
        thread.join()
    assert len({c.name for c in copies}) == 3  # same second: -2, -3 suffixes
    for copy in copies:
        with closing(sqlite3.connect(copy)) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            keys = {r[0] for r in con.execute("SELECT key FROM settings")}
        assert len(keys) >= 100
        assert all(f"j{k[1:]}" in keys for k in keys if k.startswith("k"))  # whole commits
        if os.name == "posix":
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_failing_migration_rolls_back_completely(
    tmp_path: Path, migrations_with_0002: Path
) -> None:
    script = migrations_with_0002 / "versions" / "0002_probe.py"
    script.write_text(
        script.read_text().replace(
            "nullable=True)\n\n\ndef downgrade",
            'nullable=True)\n    raise RuntimeError("boom")\n\n\ndef downgrade',
        )
    )
    path = copy_fixture(tmp_path)
    with pytest.raises(RuntimeError, match="boom"):
        _open(path, migrations_with_0002)
    assert revision_of(path) == ["0001"]
    with closing(sqlite3.connect(path)) as con:
        columns = [r[1] for r in con.execute("PRAGMA table_info(orders)")]
        assert "probe" not in columns
        assert con.execute("SELECT count(*) FROM orders").fetchone() == (3,)
    assert len(list((tmp_path / "backups").iterdir())) == 1
    with open_database(path) as db:  # still usable by this version
        assert Repository(db).counts()["orders"] == 3


def test_head_read_from_the_files_equals_alembics_heads(migrations_with_0002: Path) -> None:
    """The start-up fast path reads heads without Alembic; it must agree with Alembic."""
    from core.storage.migrate import head_revisions, script_directory

    for location in (MIGRATIONS_DIR, migrations_with_0002):
        heads = set(script_directory(alembic_config(location)).get_heads())
        assert head_revisions(location) == heads


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "head.sqlite3"
    open_database(path).close()
    code = (
        "import sys\n"
        "from core.storage import open_database, Repository\n"
        f"db = open_database({str(path)!r})\n"
        "Repository(db).counts()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
