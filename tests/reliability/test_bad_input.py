"""Hostile input: import files, rule packs, calendar and shop settings, impossible facts.

The promise (STYLE.md, Data safety): a bad file gives a FileError or row errors — never
another exception — and committing it without --skip-invalid leaves the database
byte for byte as it was (sha256 of the file and its -wal).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.demo import populate
from core.domain import HolidayOverride, RuleOverride
from core.importers import ERRORS_KEPT, FileError, InvalidImport, read_file
from core.rules.loader import PackError, default_rules_dir, load_rulebook
from core.service import Service
from tests.core.factories import sh
from tests.fakes import FakeClock

from . import badfiles
from .conftest import PeakMemory, digest, figures

EXAMPLES = int(os.environ.get("SHOPCLOCK_FUZZ_EXAMPLES", "300"))
JUNK_ROWS = int(os.environ.get("SHOPCLOCK_JUNK_ROWS", "100000"))
ROOT = Path(__file__).resolve().parents[2]
NOW = sh("2026-03-11 09:00")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRIED: Counter = Counter()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory):
    """A demo shop on disk, shared by the fuzz examples (each must leave it unchanged)."""
    folder = tmp_path_factory.mktemp("fuzz")
    service = Service.open(folder / "shop.sqlite3", clock=FakeClock(NOW))
    populate(service)
    yield service, folder
    service.close()
    figures("fuzz", **{k: v for k, v in sorted(TRIED.items())}, lost=0)


def _try(service: Service, folder: Path, name: str, data: bytes, source: str) -> None:
    db = service.db.path
    path = folder / name
    path.write_bytes(data)
    before = digest(db)
    backups = sorted((db.parent / "backups").glob("*"))
    try:
        plan = read_file(path)
    except FileError as err:
        error: FileError | None = err
    else:
        error = None
    if error is not None:
        assert error.code
        assert error.message_zh
        assert error.message_en
        TRIED[f"{source}:file_error"] += 1
        assert digest(db) == before
        return
    if plan.errors:
        assert all(e.code and e.row >= 1 for e in plan.errors)
        with pytest.raises(InvalidImport):
            service.import_plan(plan)
        assert digest(db) == before
        assert sorted((db.parent / "backups").glob("*")) == backups  # nothing, not even a copy
        TRIED[f"{source}:row_errors"] += 1
    else:  # the hostile cells happened to be acceptable text: storing them must work
        service.import_plan(plan)
        TRIED[f"{source}:valid"] += 1


@pytest.mark.slow
@FUZZ
@given(file=badfiles.csv_files())
def test_hostile_csv_gives_file_or_row_errors_and_changes_nothing(shop, file) -> None:
    _try(*shop, *file, "csv")


@pytest.mark.slow
@FUZZ
@given(file=badfiles.xlsx_files())
def test_hostile_xlsx_gives_file_or_row_errors_and_changes_nothing(shop, file) -> None:
    _try(*shop, *file, "xlsx")


@pytest.mark.slow
@FUZZ
@given(file=badfiles.raw_files)
def test_random_bytes_give_a_file_error_and_change_nothing(shop, file) -> None:
    _try(*shop, *file, "raw")


# -- the command line, end to end ------------------------------------------------------


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SHOPCLOCK_DATA_DIR": str(db.parent), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "shop.sqlite3"
    service = Service.open(db, clock=FakeClock(NOW))
    populate(service)
    service.close()
    return db


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(badfiles.HOSTILE))
def test_cli_import_of_a_hostile_file_exits_2_and_changes_nothing(demo_db, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(badfiles.HOSTILE[name])
    before = digest(demo_db)
    result = cli(demo_db, "import", str(path))
    assert result.returncode == 2, (result.stdout, result.stderr[-2000:])
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert "内部错误" not in result.stderr
    assert digest(demo_db) == before
    assert not (demo_db.parent / "backups").exists()


def test_cli_counts_every_error_and_lists_the_first_ones(demo_db, tmp_path):
    """More bad rows than ERRORS_KEPT: the summary counts them all, the list is capped."""
    path = tmp_path / "junk.csv"
    rows = ERRORS_KEPT + 200
    badfiles.write_junk_csv(path, rows)
    total = read_file(path).errors_total
    before = digest(demo_db)
    result = cli(demo_db, "import", str(path))
    assert result.returncode == 2, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == ERRORS_KEPT + 1  # the kept errors, then the summary
    assert lines[0].startswith("第2行")  # strip() took the first indent
    assert total > rows
    assert lines[-1] == (
        f"共 {total:,} 处错误（涉及 {rows:,} 行），仅列出前 {ERRORS_KEPT:,} 处，"
        "未写入任何数据（可用 --skip-invalid 只导入有效行） / "
        f"{total:,} error(s) in {rows:,} row(s); only the first {ERRORS_KEPT:,} are listed; "
        "nothing written"
    )
    assert digest(demo_db) == before


def test_cli_refuses_impossible_facts_naming_the_reason(demo_db, tmp_path):
    orders = tmp_path / "orders.csv"
    shop, item, paid = ["pinduoduo", "多多鲜果铺"], ["橙", "10.00"], "2026-03-01 10:00"
    orders.write_text(
        badfiles.cells(
            badfiles.ORDER_COLUMNS[:9],
            [
                # received before it was shipped
                [*shop, "IMP-1", *item, paid, "", "2026-03-03 10:00", "2026-03-02 9:00"],
                # shipped before it was paid
                [*shop, "IMP-2", *item, "2026-03-05 10:00", "", "2026-03-03 10:00", ""],
                [*shop, "OK-1", *item, paid, "", "2026-03-02 10:00", "2026-03-04 9:00"],
            ],
        ),
        encoding="utf-8",
    )
    cases = tmp_path / "pdd_cases.csv"
    pending = ["橙", "仅退款", "买家申请退款，待商家处理", "2026-03-05 08:00:00"]
    cases.write_text(
        badfiles.cells(
            badfiles.PDD_CASES,
            [
                ["IMP-C1", "OK-1", *pending, "50.00", "30.00", "不想要了", "", "", ""],
                ["OK-C1", "OK-1", *pending, "10.00", "30.00", "不想要了", "", "", ""],
            ],
        ),
        encoding="utf-8",
    )
    before = digest(demo_db)
    refused = cli(demo_db, "import", str(orders))
    assert refused.returncode == 2
    assert "确认收货时间早于发货时间" in refused.stderr
    assert "received before it was shipped" in refused.stderr
    assert "发货时间早于付款时间" in refused.stderr
    assert "shipped before it was paid" in refused.stderr
    assert "第2行" in refused.stderr
    assert "第3行" in refused.stderr
    refused = cli(demo_db, "import", str(cases), "--shop", "多多鲜果铺")
    assert refused.returncode == 2
    assert "退款金额大于订单金额 30.00 元" in refused.stderr
    assert "refund is larger than the order amount 30.00" in refused.stderr
    assert digest(demo_db) == before  # nothing written, not even a pre-import backup
    assert not (demo_db.parent / "backups").exists()

    partial = cli(demo_db, "import", str(orders), "--skip-invalid")
    assert partial.returncode == 0  # the valid rows were written
    assert "新增 1" in partial.stdout
    assert "已跳过" in partial.stderr  # the rows left out are said
    partial = cli(demo_db, "import", str(cases), "--shop", "多多鲜果铺", "--skip-invalid")
    service = Service.open(demo_db)
    try:
        numbers = {o.order_no for o in service.repo.orders()}
        case_numbers = {c.case_no for c in service.repo.cases()}
    finally:
        service.close()
    assert "OK-1" in numbers
    assert not {"IMP-1", "IMP-2"} & numbers
    assert "OK-C1" in case_numbers
    assert "IMP-C1" not in case_numbers


# -- the big junk file -----------------------------------------------------------------


@pytest.mark.slow
def test_a_junk_csv_of_many_rows_is_validated_row_by_row(tmp_path, demo_db):
    """Every one of JUNK_ROWS (default 10^5; SHOPCLOCK_JUNK_ROWS=1000000 for the million)
    invalid rows is checked and its errors counted; the plan lists the first ERRORS_KEPT
    of them, so memory does not grow with the file; nothing is written. Prints time and
    memory."""
    path = tmp_path / "junk.csv"
    started = time.perf_counter()
    badfiles.write_junk_csv(path, JUNK_ROWS)
    written = time.perf_counter() - started
    started = time.perf_counter()
    with PeakMemory() as memory:
        plan = read_file(path)
    reading = time.perf_counter() - started
    assert plan.rows_total == plan.rows_with_errors == JUNK_ROWS  # every row
    assert plan.rows_valid == 0
    assert len(plan.errors) == ERRORS_KEPT
    shown = [e.row for e in plan.errors]
    assert shown == sorted(shown)
    assert set(shown) == set(range(2, shown[-1] + 1))  # the first rows, none left out
    per_row = Counter(shown[: shown.index(shown[-1])])  # whole rows: even with a number
    keyed, unkeyed = (JUNK_ROWS + 1) // 2, JUNK_ROWS // 2
    assert plan.errors_total == keyed * per_row[2] + unkeyed * per_row[3]
    assert memory.growth_kib < 100_000 + JUNK_ROWS // 2  # ~0.5 KiB a row at most
    before = digest(demo_db)  # with no connection open: no -wal file
    service = Service.open(demo_db)
    try:
        with pytest.raises(InvalidImport, match=f"仅列出前 {ERRORS_KEPT:,} 处"):
            service.import_plan(plan)
    finally:
        service.close()
    assert digest(demo_db) == before
    figures(
        "junk csv",
        rows=JUNK_ROWS,
        megabytes=f"{path.stat().st_size / 1e6:.0f}",
        write_seconds=f"{written:.1f}",
        read_file_seconds=f"{reading:.1f}",
        rows_per_second=f"{JUNK_ROWS / reading:.0f}",
        row_errors=plan.errors_total,
        listed=len(plan.errors),
        peak_growth_mib=f"{memory.growth_kib / 1024:.0f}",
        million_rows_estimate_seconds=f"{reading * 1_000_000 / JUNK_ROWS:.0f}",
    )


# -- rule packs, calendar corrections, shop overrides ----------------------------------


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    return folder


def test_a_broken_toml_pack_refuses_the_book_naming_file_and_line(rules_copy: Path) -> None:
    pack = rules_copy / "pinduoduo.toml"
    lines = pack.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "limit = = 48")
    pack.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_rulebook(rules_copy)
    assert "pinduoduo.toml" in str(err.value)
    assert "line 21" in str(err.value)


PACK_TEXT = (default_rules_dir() / "pinduoduo.toml").read_text(encoding="utf-8")


@st.composite
def mutated_packs(draw) -> bytes:
    text = PACK_TEXT
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 200)))
    how = draw(st.sampled_from(["cut", "replace", "insert", "bytes"]))
    if how == "cut":
        return text[:start].encode()
    if how == "bytes":
        return text[:start].encode() + draw(st.binary(max_size=40)) + text[end:].encode()
    junk = draw(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(['"', "[[rules]]", "limit = -1", "unit = 3", "= =", "\x00", "}"]),
        )
    )
    tail = text[end:] if how == "replace" else text[start:]
    return (text[:start] + junk + tail).encode("utf-8", "surrogatepass")


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(data=mutated_packs())
def test_a_mutated_pack_loads_or_is_refused_with_a_pack_error(tmp_path_factory, data) -> None:
    folder = tmp_path_factory.mktemp("rules")
    shutil.copytree(default_rules_dir(), folder, dirs_exist_ok=True)
    (folder / "pinduoduo.toml").write_bytes(data)
    try:
        load_rulebook(folder)
    except PackError as err:
        message = str(err)
    else:
        message = None
    if message is None:
        TRIED["pack:loaded"] += 1
    else:
        assert "pinduoduo.toml" in message
        TRIED["pack:refused"] += 1


@pytest.mark.parametrize(
    ("limit", "unit"),
    [(5, "hourz"), (-5, "hours"), (0, "hours"), (True, "hours")],
    ids=["unknown-unit", "negative-limit", "zero-limit", "bool-limit"],
)
def test_a_bad_shop_rule_override_is_refused_before_it_is_stored(demo_db, limit, unit) -> None:
    service = Service.open(demo_db, clock=FakeClock(NOW))
    before = digest(demo_db)
    try:
        with pytest.raises(ValueError, match=r"unit|limit"):
            RuleOverride("return_refund.merchant_handle", limit, unit)
        assert service.due()  # the board keeps working
        assert digest(demo_db) == before
    finally:
        service.close()


def test_an_override_for_a_rule_the_pack_lacks_is_ignored(demo_db) -> None:
    import dataclasses

    service = Service.open(demo_db, clock=FakeClock(NOW))
    try:
        shop = service.repo.shops()[0]
        bad = RuleOverride("no.such.rule", 5, "hours")  # a rule the pack does not have
        service.repo.upsert_shops([dataclasses.replace(shop, rule_overrides=(bad,))])
        assert service.due()  # an unknown rule id is ignored, the board works
    finally:
        service.close()


@pytest.mark.parametrize(
    ("day", "workday"),
    [("2026-13-01", True), (None, True), (date(2026, 5, 1), "yes")],
    ids=["text-day", "no-day", "text-workday"],
)
def test_a_bad_holiday_override_is_refused_with_a_clear_error(demo_db, day, workday) -> None:
    service = Service.open(demo_db, clock=FakeClock(NOW))
    before = digest(demo_db)
    try:
        with pytest.raises(TypeError, match=r"day|workday"):
            HolidayOverride(day, workday)
        assert digest(demo_db) == before
    finally:
        service.close()


def test_a_stored_holiday_table_survives_a_refused_row(demo_db) -> None:
    """A bad row cannot even be built, so the stored table is never half-replaced."""
    service = Service.open(demo_db, clock=FakeClock(NOW))
    try:
        good = [HolidayOverride(date(2026, 5, 9), True, "调休")]
        service.repo.set_holiday_overrides(good)
        for day, workday in (("2026-13-01", True), (None, True), (date(2026, 5, 1), "yes")):
            with pytest.raises(TypeError):
                service.repo.set_holiday_overrides([*good, HolidayOverride(day, workday)])
            assert service.repo.holiday_overrides() == good
    finally:
        service.close()
