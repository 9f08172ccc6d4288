"""commit_plan against the real storage: all or nothing, and idempotent."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.domain import Platform, RuleOverride, Shop
from core.importers import InvalidImport, commit_plan, read_file
from core.storage import Database, Repository, open_database

AT = datetime(2024, 3, 5, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing here may touch the real user data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("SHOPCLOCK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.sqlite3")
    yield database
    database.close()


@pytest.fixture
def repo(db: Database) -> Repository:
    return Repository(db)


def written(path: Path, *lines: str) -> Path:
    """A UTF-8 CSV file of these lines."""
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def fingerprint(db: Database) -> dict[str, str]:
    assert db.path is not None
    files = [db.path, db.path.with_name(db.path.name + "-wal")]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


def test_import_writes_every_row(fixtures: Path, repo: Repository) -> None:
    orders = read_file(fixtures / "pdd_orders_new_gbk.csv", shop="果园小铺")
    cases = read_file(fixtures / "pdd_aftersales.csv", shop="果园小铺")
    first = commit_plan(orders, repo, at=AT)
    second = commit_plan(cases, repo, at=AT)
    assert (first.orders_inserted, second.cases_inserted) == (3, 7)
    assert sorted(repo.orders(), key=lambda o: o.order_no) == sorted(
        orders.orders, key=lambda o: o.order_no
    )
    stored = {c.case_no: c for c in repo.cases()}
    assert all(stored[c.case_no] == c for c in cases.cases)
    assert repo.shops() == [Shop(Platform.PINDUODUO, "果园小铺")]


def test_reimport_is_a_no_op(fixtures: Path, db: Database, repo: Repository) -> None:
    for name in ("douyin_orders.xlsx", "taobao_refunds.csv"):
        commit_plan(read_file(fixtures / name), repo, at=AT)
    before = (repo.orders(), repo.cases(), repo.counts(), repo.shops())
    files = fingerprint(db)
    for name in ("douyin_orders.xlsx", "taobao_refunds.csv"):
        result = commit_plan(read_file(fixtures / name), repo, at=datetime(2024, 3, 6, tzinfo=UTC))
        assert not result.changed
    assert (repo.orders(), repo.cases(), repo.counts(), repo.shops()) == before
    assert fingerprint(db) == files


@pytest.mark.parametrize("name", ["bad_dates.csv", "bad_duplicates.csv", "bad_negative.csv"])
def test_bad_file_leaves_the_database_byte_for_byte_unchanged(
    fixtures: Path, db: Database, repo: Repository, name: str
) -> None:
    commit_plan(read_file(fixtures / "pdd_orders_new_gbk.csv"), repo, at=AT)
    files = fingerprint(db)
    plan = read_file(fixtures / name)
    assert plan.errors
    assert plan.orders  # valid rows exist, and still nothing may be written
    with pytest.raises(InvalidImport) as info:
        commit_plan(plan, repo, at=AT)
    assert info.value.errors == plan.errors
    assert fingerprint(db) == files
    assert len(repo.orders()) == 3


def test_skip_invalid_writes_only_the_valid_rows(fixtures: Path, repo: Repository) -> None:
    plan = read_file(fixtures / "bad_dates.csv")
    result = commit_plan(plan, repo, skip_invalid=True, at=AT)
    assert result.orders_inserted == 1
    assert [o.order_no for o in repo.orders()] == ["240301-000000000000005"]


def test_a_file_never_resets_the_shops_own_settings(fixtures: Path, repo: Repository) -> None:
    configured = Shop(
        Platform.PINDUODUO, "果园小铺", promised_aftersale_days=30,
        rule_overrides=(RuleOverride("pdd.merchant_handle", 24, "hours"),),
    )  # fmt: skip
    repo.upsert_shops([configured])
    commit_plan(read_file(fixtures / "pdd_orders_new_gbk.csv", shop="果园小铺"), repo, at=AT)
    assert repo.shops() == [configured]


def test_template_days_update_a_stored_shop(tmp_path: Path, repo: Repository) -> None:
    repo.upsert_shops([Shop(Platform.TAOBAO, "小林家居", rule_overrides=())])
    path = written(
        tmp_path / "orders.csv",
        "platform,shop,order_no,amount_yuan,paid_at,promised_aftersale_days",
        "taobao,小林家居,3712345678901234567,12.00,2024-03-01 10:00,30",
    )
    commit_plan(read_file(path), repo, at=AT)
    assert repo.shops() == [Shop(Platform.TAOBAO, "小林家居", promised_aftersale_days=30)]


def test_commit_needs_an_aware_time(fixtures: Path, repo: Repository) -> None:
    with pytest.raises(ValueError, match="aware"):
        commit_plan(read_file(fixtures / "pdd_aftersales.csv"), repo, at=datetime(2024, 3, 5))


def test_a_platform_export_keeps_what_it_has_no_column_for(
    tmp_path: Path, repo: Repository
) -> None:
    """Our template says the order is 定制 fruit of 果园小铺; a Pinduoduo export of the
    same order (no 商品类型, 定制 or 店铺 column, no shop chosen) adds its shipping
    time and changes nothing else. A shop chosen for the file does move it."""
    template = written(
        tmp_path / "template.csv",
        "platform,shop,order_no,amount_yuan,paid_at,goods_type,customised",
        "pinduoduo,果园小铺,261101-000000000000001,34.90,2024-03-01 10:00,fruit,yes",
    )
    export = written(
        tmp_path / "pdd.csv",
        "订单号,商品,用户实付金额(元),支付时间,发货时间",
        "261101-000000000000001,橙子,34.90,2024-03-01 10:00:00,2024-03-01 18:00:00",
    )
    commit_plan(read_file(template), repo, at=AT)
    plan = read_file(export)
    assert plan.supplied is not None
    assert {"goods_type", "customised", "shop"}.isdisjoint(plan.supplied)
    commit_plan(plan, repo, at=AT)
    after = repo.get_order(Platform.PINDUODUO, "261101-000000000000001")
    assert (after.goods_type.value, after.customised, after.shop) == ("fruit", True, "果园小铺")
    assert after.title == "橙子"
    assert after.shipped_at is not None
    commit_plan(read_file(export, shop="新店"), repo, at=AT)
    assert repo.get_order(Platform.PINDUODUO, "261101-000000000000001").shop == "新店"
