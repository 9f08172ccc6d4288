"""The `shopclock` command line end to end, through real subprocesses and a real SQLite file."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.clock import SHANGHAI
from core.service import Service
from tests.core.factories import case, order, sh, shop
from tests.fakes import FakeClock

NOW = "2026-03-11 09:00"  # Shanghai wall time


def run(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SHOPCLOCK_DATA_DIR": str(db.parent)}
    return subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def digest(db: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(db.parent.glob(db.name + "*")):
        h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "shop.sqlite3"
    service = Service.open(path, clock=FakeClock(sh(NOW)))
    service.save_manual(
        orders=[
            order("pinduoduo", order_no="260302-111", shipped_at="2026-03-03 15:00"),
            order("taobao", order_no="3000000000000000001", shop="淘店"),
        ],
        cases=[case("pinduoduo", kind="return_refund", case_no="PDD-1", order_no="260302-111")],
        at=sh(NOW),
    )
    service.repo.upsert_shops([shop("taobao", name="淘店")])
    service.close()
    return path


def test_due_json_has_the_documented_keys(db):
    result = run(db, "due", "--json", "--now", NOW)
    assert result.returncode == 0, result.stderr
    timers = json.loads(result.stdout)
    keys = {
        "platform",
        "shop",
        "order_no",
        "case_no",
        "timer",
        "actor",
        "due_at",
        "remaining_seconds",
        "on_expiry",
        "source",
        "rule_id",
        "clause",
        "amount_at_risk_fen",
    }
    assert all(keys <= set(t) for t in timers)
    by_case = {t["case_no"]: t for t in timers}
    pdd = by_case["PDD-1"]
    assert pdd["due_at"] == "2026-03-12T09:00:00+08:00"
    assert pdd["remaining_seconds"] == 24 * 3600
    assert pdd["on_expiry"] == "auto_refund_without_return"
    assert pdd["source"] == "rule"
    assert pdd["amount_at_risk_fen"] == 12_900
    ship = by_case[None]
    assert ship["order_no"] == "3000000000000000001"
    assert ship["timer"] == "ship_by"
    assert [t["due_at"] for t in timers] == sorted(t["due_at"] for t in timers)


def test_due_json_is_one_compact_line_of_plain_values(db):
    out = run(db, "due", "--json", "--now", NOW).stdout
    assert out.count("\n") == 1  # one line: no indentation
    assert out.endswith("\n")
    timers = json.loads(out)
    assert {(t["platform"], t["actor"], t["source"]) for t in timers} == {
        ("pinduoduo", "merchant", "rule"),
        ("taobao", "merchant", "rule"),
    }


def _documented(t, now) -> dict:
    """A timer in `due --json`, as documented (the plain way to write it)."""
    return {
        "platform": t.platform.value,
        "shop": t.shop,
        "order_no": t.order_no,
        "case_no": t.case_no,
        "timer": t.timer,
        "actor": t.actor.value,
        "due_at": t.due_at.astimezone(SHANGHAI).isoformat(),
        "remaining_seconds": int(t.remaining_seconds(now)),
        "on_expiry": t.on_expiry,
        "source": t.origin.value,
        "rule_id": t.rule_id,
        "clause": t.clause,
        "amount_at_risk_fen": t.amount_at_risk_fen,
        "informational": t.informational,
        "warnings": list(t.warnings),
    }


def test_timers_text_is_json_dumps_of_the_documented_objects(tmp_path):
    from core import demo
    from core.cli import timers_json, timers_text

    now = sh(NOW)
    service = Service.open(tmp_path / "demo.sqlite3", clock=FakeClock(now))
    demo.populate(service, orders=300, cases=150)
    timers = service.board().timers
    service.close()
    assert {t.informational for t in timers} == {True, False}
    assert any(t.warnings for t in timers)
    assert any(t.case_no is None for t in timers)
    want = [_documented(t, now) for t in timers]
    assert timers_text(timers, now) == json.dumps(want, ensure_ascii=False)
    assert timers_json(timers, now) == want


def test_due_filters_by_window_and_actor(db):
    soon = json.loads(run(db, "due", "--json", "--now", NOW, "--within", "12h").stdout)
    # PDD-1 is 24 h away; the Taobao ship-by (2026-03-04) is overdue and overdue counts as due
    assert [(t["case_no"], t["timer"]) for t in soon] == [(None, "ship_by")]
    overdue_included = json.loads(
        run(db, "due", "--json", "--now", "2026-03-12 08:00", "--within", "2h").stdout
    )
    assert {t["case_no"] for t in overdue_included} == {"PDD-1", None}
    buyers = json.loads(run(db, "due", "--json", "--now", NOW, "--actor", "buyer").stdout)
    assert buyers == []


def test_now_never_writes(db):
    before = digest(db)
    assert run(db, "due", "--now", "2027-01-01 00:00").returncode == 0
    assert run(db, "case", "PDD-1", "--now", "2027-01-01 00:00").returncode == 0
    assert digest(db) == before


def test_case_and_order_json(db):
    data = json.loads(run(db, "case", "PDD-1", "--json", "--now", NOW).stdout)
    assert data["state"] == "awaiting_merchant"
    assert data["assumed"] is False
    assert set(data["allowed_actions"]) == {"agree", "reject", "buyer_cancel", "note"}
    assert data["timers"][0]["rule_id"] == "return_refund.merchant_handle"
    assert data["events"][0]["source"] == "manual"
    o = json.loads(run(db, "order", "260302-111", "--json", "--now", NOW).stdout)
    assert set(o["eligibility"]) == {"refund_only", "return_refund", "exchange"}
    assert set(o["eligibility"]["refund_only"]) >= {"allowed", "until", "reason"}
    assert o["eligibility"]["refund_only"]["reason"] == "open_case"
    assert o["eligibility"]["exchange"]["reason"] in ("open_case", "not_received")


def test_act_after_the_deadline_or_in_the_future_is_refused_in_chinese(db):
    """Found by testing: reject was taken a day after the 48 h ran out (the platform had
    refunded by then), and an action dated next year was taken too."""
    before = digest(db)
    late = run(db, "act", "PDD-1", "reject", "--at", "2026-03-13 09:00", "--note", "已发货")
    assert late.returncode == 2
    assert "期限已过" in late.stderr
    assert "deadline_passed" in late.stderr
    future = run(db, "act", "PDD-1", "note", "--at", "2099-01-01 00:00", "--note", "x")
    assert future.returncode == 2
    assert "晚于现在" in future.stderr
    assert digest(db) == before
    in_time = run(db, "act", "PDD-1", "reject", "--at", "2026-03-12 08:59", "--note", "已发货")
    assert in_time.returncode == 0, in_time.stderr


def test_act_writes_and_refusal_writes_nothing(db):
    before = digest(db)
    refused = run(db, "act", "PDD-1", "confirm_refund", "--at", NOW)
    assert refused.returncode == 2
    assert "state_not_allowed" in refused.stderr
    no_reason = run(db, "act", "PDD-1", "reject", "--at", NOW)
    assert no_reason.returncode == 2
    assert "reason_required" in no_reason.stderr
    assert digest(db) == before
    ok = run(db, "act", "PDD-1", "reject", "--at", NOW, "--note", "商品已签收无质量问题")
    assert ok.returncode == 0, ok.stderr
    data = json.loads(run(db, "case", "PDD-1", "--json", "--now", NOW).stdout)
    assert data["state"] == "rejected"
    assert data["timers"][0]["timer"] == "buyer_after_rejection"
    assert data["timers"][0]["due_at"] == "2026-03-18T09:00:00+08:00"
    assert data["events"][-1]["note"] == "商品已签收无质量问题"


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--within", "soon"),
        ("due", "--now", "yesterday"),
        ("due", "--within", "99999999d"),
        ("due", "--within", "3651d"),
        ("due", "--within", "9" * 400),
        ("due", "--now", "9999-12-31 00:00", "--within", "2d"),
        ("act", "PDD-1", "dance"),
        ("case", "NO-SUCH-CASE"),
        ("order", "NO-SUCH-ORDER"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_writes_nothing(db, args):
    before = digest(db)
    result = run(db, *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert digest(db) == before


def test_sweep_records_assumed_outcomes_once(db):
    first = run(db, "sweep", "--now", "2026-03-20 00:00")
    assert first.returncode == 0, first.stderr
    assert "1 个期限" in first.stdout
    again = run(db, "sweep", "--now", "2026-03-20 00:00")
    assert "0 个期限" in again.stdout
    data = json.loads(run(db, "case", "PDD-1", "--json", "--now", "2026-03-20 00:00").stdout)
    assert data["state"] == "refunded"
    assert data["assumed"] is True
    assert data["events"][-1]["source"] == "rule"


def test_sweep_refuses_a_future_now_and_writes_nothing(db):
    before = digest(db)
    result = run(db, "sweep", "--now", "2099-12-31 12:00")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "不能晚于当前时间" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(db) == before
    assert not (db.parent / "backups").exists()  # not even the daily backup
    data = json.loads(run(db, "case", "PDD-1", "--json", "--now", NOW).stdout)
    assert (data["state"], data["assumed"]) == ("awaiting_merchant", False)


def test_due_within_at_the_cap_is_allowed(db):
    result = run(db, "due", "--json", "--now", NOW, "--within", "3650d")
    assert result.returncode == 0, result.stderr
    assert {t["case_no"] for t in json.loads(result.stdout)} == {"PDD-1", None}
    too_long = run(db, "due", "--within", "3651d")
    assert "最多 3650 天" in too_long.stderr


def _no_stray_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp") or ".csv" in p.name]


@pytest.mark.parametrize(
    ("name", "message", "named"),
    [
        ("o.txt", "导出文件名必须以 .csv 或 .xlsx 结尾", "o.txt"),
        ("nodir/o.csv", "文件夹不存在", "nodir"),
        ("nodir/o.txt", "导出文件名必须以 .csv 或 .xlsx 结尾", "nodir/o.txt"),
        ("folder.csv", "这是一个文件夹", "folder.csv"),
    ],
)
def test_export_to_a_bad_path_exits_2_in_chinese(db, tmp_path, name, message, named):
    out = tmp_path / "out"
    out.mkdir()
    (out / "folder.csv").mkdir()
    target = out / name
    before = digest(db)
    result = run(db, "export", "orders", str(target))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert f"：{out / named} / " in result.stderr  # names the path
    assert "内部错误" not in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(db) == before
    assert _no_stray_files(out) == ["folder.csv"]


def test_export_permission_error_exits_2_and_leaves_no_temporary_file(
    db, tmp_path, monkeypatch, capsys
):
    from core import cli, exporters

    def denied(path, columns, table):
        path.write_text("half", encoding="utf-8")  # the temporary file exists, then fails
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setenv("SHOPCLOCK_DATA_DIR", str(db.parent))
    monkeypatch.setattr(exporters, "_write_csv", denied)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "o.csv"
    assert cli.main(["--db", str(db), "export", "orders", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"没有权限写入：{target}" in err
    assert "内部错误" not in err
    assert list(out.iterdir()) == []


def test_export_timers_says_who_gave_the_deadline(tmp_path):
    db = tmp_path / "t.sqlite3"
    service = Service.open(db, clock=FakeClock(sh(NOW)))
    service.save_manual(
        orders=[
            order("pinduoduo", order_no="260310-1", paid_at="2026-03-10 10:00"),
            order(
                "pinduoduo",
                order_no="260310-2",
                paid_at="2026-03-10 10:00",
                ship_by="2026-03-12 18:00",
            ),
        ],
        cases=[],
        at=sh(NOW),
    )
    service.close()
    target = tmp_path / "timers.csv"
    result = run(db, "export", "timers", str(target), "--now", NOW)
    assert result.returncode == 0, result.stderr
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["order_no"]: r for r in csv.DictReader(handle)}
    rule, given = rows["260310-1"], rows["260310-2"]
    assert rule["期限来源"] == "按规则计算"
    assert rule["clause"]
    assert rule["source"]
    assert given["期限来源"] == "平台给出"
    assert (given["clause"], given["source"]) == ("", "")


def test_demo_creates_every_state(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert run(db, "demo").returncode == 0
    service = Service.open(db)
    try:
        states = {c.state.value for c in service.repo.cases()}
        assert len(service.repo.orders()) == 200
    finally:
        service.close()
    assert {
        "awaiting_merchant",
        "rejected",
        "awaiting_return",
        "return_shipped",
        "intervention",
        "refunded",
        "closed",
        "cancelled",
    } <= states


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_import_then_reimport_is_a_no_op(tmp_path):
    db = tmp_path / "imp.sqlite3"
    first = run(db, "import", str(FIXTURES / "pdd_orders_new_gbk.csv"), "--shop", "多多店")
    assert first.returncode == 0, first.stderr
    assert "新增" in first.stdout
    cases = run(db, "import", str(FIXTURES / "pdd_aftersales.csv"), "--shop", "多多店")
    assert cases.returncode == 0, cases.stderr
    before = digest(db)
    again = run(db, "import", str(FIXTURES / "pdd_aftersales.csv"), "--shop", "多多店")
    assert again.returncode == 0, again.stderr
    assert "新增 0，更新 0" in again.stdout
    assert digest(db) == before
    service = Service.open(db)
    try:
        assert all(c.pack_version for c in service.repo.cases())
    finally:
        service.close()


@pytest.mark.parametrize(
    "name",
    [
        "bad_dates.csv",
        "bad_negative.csv",
        "random_bytes.csv",
        "empty.csv",
        "bad_truncated.xlsx",
        "bad_missing_columns.csv",
    ],
)
def test_bad_import_file_exits_2_and_writes_nothing(db, name):
    before = digest(db)
    result = run(db, "import", str(FIXTURES / name))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr
    assert digest(db) == before


def test_backup_then_restore_brings_the_old_data_back(db):
    made = run(db, "backup")
    assert made.returncode == 0, made.stderr
    backups = sorted((db.parent / "backups").glob("*.sqlite3"))
    assert backups
    assert run(db, "act", "PDD-1", "agree", "--at", NOW).returncode == 0
    assert json.loads(run(db, "case", "PDD-1", "--json").stdout)["state"] == "awaiting_return"
    restored = run(db, "restore", str(backups[-1]))
    assert restored.returncode == 0, restored.stderr
    assert json.loads(run(db, "case", "PDD-1", "--json").stdout)["state"] == "awaiting_merchant"
    assert list((db.parent / "backups").glob("*pre-restore*"))


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    before = digest(db)
    result = run(db, "restore", str(junk))
    assert result.returncode == 2
    assert result.stderr.strip()
    assert digest(db) == before


def test_restore_over_a_damaged_database(db):
    assert run(db, "backup").returncode == 0
    backup = sorted((db.parent / "backups").glob("*manual*.sqlite3"))[-1]
    for sidecar in db.parent.glob(db.name + "-*"):
        sidecar.unlink()
    db.write_bytes(b"\x00garbage" * 512)
    assert run(db, "due").returncode == 2  # the damaged file is refused, not overwritten
    restored = run(db, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert list((db.parent / "backups").glob("*damaged*"))
    assert json.loads(run(db, "case", "PDD-1", "--json").stdout)["state"] == "awaiting_merchant"


def test_cli_makes_one_daily_backup_and_a_private_log(db):
    assert run(db, "due").returncode == 0
    assert run(db, "due").returncode == 0
    daily = list((db.parent / "backups").glob("*daily*.sqlite3"))
    assert len(daily) == 1
    log = db.parent / "logs" / "shopclock.log"
    assert log.is_file()
    if os.name == "posix":
        assert log.stat().st_mode & 0o777 == 0o600


def test_orders_with_timers_are_unshipped_or_have_a_case(db):
    service = Service.open(db)
    try:
        wanted = {(o.platform.value, o.order_no) for o in service.repo.orders_with_timers()}
        todo = service.todo()
    finally:
        service.close()
    # 260302-111 is shipped but has case PDD-1; the Taobao order is unshipped
    assert wanted == {("pinduoduo", "260302-111"), ("taobao", "3000000000000000001")}
    assert {t.case_no for t in todo.timers} == {"PDD-1", None}
    assert all(c.is_open for c in todo.cases)


# Text output: the window's Chinese words (core.texts_zh), never the codes `--json` keeps.


def line_with(text: str, needle: str) -> str:
    lines = [line for line in text.splitlines() if needle in line]
    assert len(lines) == 1, (needle, text)
    return lines[0]


def assert_no_codes(line: str, *codes: str) -> None:
    shown = [code for code in codes if code in line]
    assert not shown, f"codes {shown} in {line!r}"


def test_due_text_names_platform_timer_actor_and_outcome_in_chinese(db):
    result = run(db, "due", "--now", NOW)
    assert result.returncode == 0, result.stderr
    pdd = line_with(result.stdout, "PDD-1")
    assert pdd.startswith(
        "2026-03-12 09:00  还剩 1天00时00分  拼多多 测试店  订单 260302-111 售后 PDD-1"
    )
    assert "  商家处理期限（商家）  " in pdd
    assert "到期后：系统已直接退款，无需退货，钱货两失（推定）" in pdd
    assert "按规则计算（" in pdd
    assert_no_codes(
        pdd, "pinduoduo", "merchant_handle", "merchant", "auto_refund", "return_refund", "rule "
    )
    ship = line_with(result.stdout, "3000000000000000001")
    assert "已超时" in ship
    assert "淘宝 淘店" in ship
    assert "发货期限（商家）" in ship
    assert "到期后：发货超时，需按规则赔付买家（推定）" in ship
    assert_no_codes(ship, "taobao", "ship_by", "late_shipment_compensation")
    assert result.stdout.endswith("共 2 个计时器 / 2 timers\n")  # the bilingual summary stays


def test_case_and_order_text_speak_chinese(db):
    shown = run(db, "case", "PDD-1", "--now", NOW)
    assert shown.returncode == 0, shown.stderr
    head, event, timer, actions = shown.stdout.splitlines()
    assert head == "售后 PDD-1  订单 260302-111  拼多多 测试店  退货退款  状态 待商家处理"
    assert event == "  2026-03-11 09:00  平台（手动录入）  录入  → 待商家处理"
    assert "商家处理期限（商家）" in timer
    # the codes stay next to the words: they are what `shopclock act` takes
    assert actions == (
        "可用操作：同意退货（agree）、拒绝（reject）、买家已撤销（buyer_cancel）、添加备注（note）"
    )
    for line in (head, event, timer):
        assert_no_codes(line, "return_refund", "awaiting_merchant", "manual", "import", "->")

    o = run(db, "order", "260302-111", "--now", NOW)
    assert o.returncode == 0, o.stderr
    assert o.stdout.splitlines()[0] == "订单 260302-111  拼多多 测试店  ¥129.00"
    assert "  仅退款：不可申请：已有进行中的售后" in o.stdout
    assert "  退货退款：不可申请：已有进行中的售后" in o.stdout
    assert_no_codes(o.stdout, "pinduoduo", "refund_only", "open_case", "not_received")
    unshipped = run(db, "order", "3000000000000000001", "--now", NOW).stdout
    assert "  仅退款：可申请，截止时间待收货后确定" in unshipped
    assert "  换货：不可申请：尚未发货" in unshipped


def test_act_and_sweep_text_speak_chinese(db):
    refused = run(db, "act", "PDD-1", "reject", "--at", NOW)
    assert refused.returncode == 2
    assert "操作被拒绝：请填写原因（--note）" in refused.stderr
    done = run(db, "act", "PDD-1", "reject", "--at", NOW, "--note", "已签收无质量问题")
    assert done.returncode == 0, done.stderr
    head, timer = done.stdout.splitlines()
    assert head == "售后 PDD-1：商家拒绝：已签收无质量问题，待商家处理 → 商家已拒绝"
    assert timer.startswith("  买家修改或申请介入的期限（买家）  截止 2026-03-18 09:00  还剩 7天")
    assert_no_codes(done.stdout, "reject", "awaiting_merchant", "buyer_after_rejection", "->")

    swept = run(db, "sweep", "--now", "2026-03-20 00:00")
    assert swept.returncode == 0, swept.stderr
    assert swept.stdout.splitlines() == [
        "售后 PDD-1  拼多多  商家已拒绝 → 售后关闭：买家逾期，售后已关闭（推定）",
        "1 个期限已按规则处理 / 1 expiries recorded",
    ]
    history = run(db, "case", "PDD-1", "--now", "2026-03-20 00:00").stdout
    expired = line_with(history, "期限已过")
    assert expired == (
        "  2026-03-18 09:00  平台系统（按规则）  期限已过：买家逾期，售后已关闭（推定）"
        "  商家已拒绝 → 售后关闭"
    )
    assert "状态 售后关闭（按规则推定）" in history
    assert "可用操作：确认系统结果（confirm_outcome）、添加备注（note）" in history
    # `--json` still speaks codes
    data = json.loads(run(db, "case", "PDD-1", "--json", "--now", "2026-03-20 00:00").stdout)
    assert (data["state"], data["events"][-1]["action"]) == ("closed", "expire")
    assert data["allowed_actions"] == ["confirm_outcome", "note"]


def test_unknown_action_lists_the_words_and_the_codes(db):
    result = run(db, "act", "PDD-1", "dance")
    assert result.returncode == 2
    assert "未知操作「dance」，可用：同意（agree）、拒绝（reject）" in result.stderr


def test_text_lines_give_unknown_codes_back_as_themselves(tmp_path):
    """An old database or a newer rule pack: a code without a name prints as itself."""
    import dataclasses

    from core.cli import eligibility_line, event_line, timer_line
    from core.domain import CaseKind, Condition, Eligibility, Event, GoodsType, Ineligible

    now = sh(NOW)
    service = Service.open(tmp_path / "u.sqlite3", clock=FakeClock(now))
    service.save_manual(orders=[order("taobao", order_no="3000000000000000002")], cases=[], at=now)
    (timer,) = service.due(now)
    service.close()
    odd = dataclasses.replace(timer, timer="from_a_newer_pack", on_expiry="new_outcome")
    line = timer_line(odd, now)
    assert "from_a_newer_pack（商家）" in line
    assert "到期后：new_outcome" in line
    event = Event(
        platform=timer.platform,
        order_no=timer.order_no,
        case_no="X",
        action="merge",
        at=now,
        by=timer.actor,
        source="rule",
    )
    assert event_line(event) == "2026-03-11 09:00  商家（按规则）  merge"
    entered = dataclasses.replace(
        event, action="import", by="platform", source="manual", to_state="awaiting_merchant"
    )
    assert event_line(entered) == "2026-03-11 09:00  平台（手动录入）  录入  → 待商家处理"
    imported = dataclasses.replace(entered, source="import")
    assert event_line(imported) == "2026-03-11 09:00  平台（导入）  从平台导入  → 待商家处理"
    allowed = Eligibility(
        CaseKind.RETURN_REFUND,
        True,
        sh("2026-03-20 09:00"),
        conditions=(Condition.QUALITY_PROBLEM_ONLY,),
        no_reason_until=sh("2026-03-18 09:00"),
    )
    assert eligibility_line(CaseKind.RETURN_REFUND, allowed, None) == (
        "退货退款：可申请至 2026-03-20 09:00（仅限质量问题）；七天无理由退货至 2026-03-18 09:00"
    )
    special = Eligibility(CaseKind.EXCHANGE, False, None, reason=Ineligible.SPECIAL_GOODS)
    assert eligibility_line(CaseKind.EXCHANGE, special, GoodsType.FRESH) == (
        "换货：不可申请：生鲜类商品"
    )


def test_a_reader_that_stops_early_gets_no_internal_error(tmp_path: Path) -> None:
    """`shopclock due | head -1`: the pipe closes while due still writes."""
    db = tmp_path / "demo.sqlite3"
    assert run(db, "demo").returncode == 0
    env = {**os.environ, "SHOPCLOCK_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "--db", str(db), "due"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 1
    assert err == ""


# Failures of the disk, the database and the log: Chinese, no traceback, nothing changed.

NO_LEAKS = ("Traceback", "Logging error", "sqlalche.me", "INSERT", "UPDATE", "[SQL")


def assert_plain_chinese(stderr: str) -> None:
    leaked = [word for word in NO_LEAKS if word in stderr]
    assert not leaked, f"{leaked} in {stderr!r}"


def test_a_log_that_cannot_be_opened_is_said_once_and_the_command_runs(db):
    """Found by testing: a read-only data folder made every command, even `due`, print a
    Python traceback (the log could not be opened)."""
    (db.parent / "logs").write_text("not a folder", encoding="utf-8")
    (db.parent / "backups").write_text("not a folder", encoding="utf-8")  # backup fails too
    result = run(db, "due", "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("共 2 个计时器 / 2 timers\n")
    (line,) = result.stderr.splitlines()  # once, and nothing about the failed backup
    assert line.startswith(f"日志已关闭：无法打开日志 {db.parent / 'logs'}（")
    assert "命令照常执行" in line
    refused = run(db, "case", "NO-SUCH-CASE")
    assert refused.returncode == 2
    assert refused.stderr.count("日志已关闭") == 1
    assert_plain_chinese(refused.stderr)


def _events(db: Path) -> list:
    return json.loads(run(db, "case", "PDD-1", "--json", "--now", NOW).stdout)["events"]


@contextlib.contextmanager
def immutable(*paths: Path):
    """chattr +i (even root cannot write); skips the test where that is not possible."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("needs root and chattr")
    done: list[Path] = []
    try:
        for path in paths:
            if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
                pytest.skip(f"chattr +i does not work on {path}")
            done.append(path)
        yield
    finally:
        for path in done:
            subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_database_is_said_in_chinese_without_sql_or_buyer_data(db):
    before = _events(db)
    assert run(db, "due").returncode == 0  # the log and today's backup exist
    with immutable(db):
        reads = run(db, "due", "--now", NOW)
        assert reads.returncode == 0, reads.stderr
        assert reads.stdout.endswith("共 2 个计时器 / 2 timers\n")
        write = run(db, "act", "PDD-1", "note", "--at", NOW, "--note", "买家张三丰来电")
    assert write.returncode == 1, (write.stdout, write.stderr)
    assert write.stderr.startswith("数据库是只读的")
    assert f"详情见日志 {db.parent / 'logs' / 'shopclock.log'}" in write.stderr
    assert_plain_chinese(write.stderr)
    assert "张三丰" not in write.stderr
    log = (db.parent / "logs" / "shopclock.log").read_text(encoding="utf-8")
    assert "attempt to write a readonly database" in log
    assert "张三丰" not in log
    assert "INSERT" not in log
    assert _events(db) == before


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str):
    """A tmpfs of ``size`` mounted on ``folder``; skips where mounting is not possible."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:  # until ENOSPC: unbuffered, so closing writes nothing more
            handle.write(b"\0" * 4096)
    return filler


def test_a_full_disk_is_said_in_chinese_and_changes_nothing(tmp_path):
    """Found by testing: an English internal error with an sqlalche.me link, and on a
    completely full disk a "--- Logging error ---" traceback as well."""
    with tiny_disk(tmp_path / "disk", "2m") as disk:
        db = disk / "shop.sqlite3"
        service = Service.open(db, clock=FakeClock(sh(NOW)))
        service.save_manual(
            orders=[order("pinduoduo", order_no="260302-111", buyer_name="张三丰")],
            cases=[case("pinduoduo", case_no="PDD-1", order_no="260302-111")],
            at=sh(NOW),
        )
        service.close()
        before = _events(db)
        filler = fill(disk)
        result = run(db, "act", "PDD-1", "note", "--at", NOW, "--note", "买家张三丰来电")
        filler.unlink()
        assert result.returncode == 1, (result.stdout, result.stderr)
        assert result.stderr.splitlines()[-1].startswith("磁盘已满，未能完成，数据库没有改动")
        assert result.stderr.count("日志已关闭") <= 1  # the log could not be written either
        assert_plain_chinese(result.stderr)
        assert "张三丰" not in result.stderr
        assert _events(db) == before


def _sql_error(message: str):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    return OperationalError(
        "INSERT INTO orders (buyer_name, buyer_phone) VALUES (?, ?)",
        ("张三丰", "13812345678"),
        sqlite3.OperationalError(message),
    )


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (lambda: _sql_error("database is locked"), "数据库正被其他程序占用"),
        (lambda: _sql_error("attempt to write a readonly database"), "数据库是只读的"),
        (lambda: _sql_error("database or disk is full"), "磁盘已满"),
        (lambda: _sql_error("database disk image is malformed"), "数据库文件已损坏"),
        (lambda: _sql_error("no such table: orders"), "数据库出错"),
        (lambda: OSError(28, "No space left on device", "/data/shop.sqlite3-wal"), "磁盘已满"),
        (lambda: ValueError("张三丰 13812345678"), "内部错误（ValueError）"),
    ],
    ids=["locked", "read-only", "full", "damaged", "other", "enospc", "internal"],
)
def test_a_failing_write_names_the_kind_of_failure_never_the_sql_or_the_buyer(
    db, monkeypatch, capsys, error, said
):
    from core import cli
    from core.service import Service as RealService

    def failing(*args, **kwargs):
        raise error()

    monkeypatch.setenv("SHOPCLOCK_DATA_DIR", str(db.parent))
    monkeypatch.setattr(RealService, "act", failing)
    assert cli.main(["--db", str(db), "act", "PDD-1", "note", "--at", NOW, "--note", "x"]) == 1
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert line.startswith(said), line
    assert f"详情见日志 {db.parent / 'logs' / 'shopclock.log'}" in line
    assert_plain_chinese(err)
    assert "张三丰" not in err
    assert "13812345678" not in err


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--now", "0001-01-01"),
        ("due", "--now", "9999-12-31T23:59:59-12:00"),
        ("due", "--now", "1999-12-31 23:59", "--json"),
        ("due", "--now", "2100-01-01 00:00"),
        ("case", "PDD-1", "--now", "0001-01-01"),
        ("order", "260302-111", "--now", "9999-12-31T23:59:59-12:00"),
        ("export", "timers", "timers.csv", "--now", "0001-01-01"),
        ("sweep", "--now", "0001-01-01"),
        ("act", "PDD-1", "note", "--note", "x", "--at", "0001-01-01"),
    ],
)
def test_times_outside_the_years_an_import_accepts_are_bad_input(db, args):
    """Found by testing: --now 0001-01-01 gave an OverflowError as an internal error, and
    act --at 0001-01-01 the same with the SQL statement."""
    from core.importers.cells import FIRST_YEAR, LAST_YEAR

    before = digest(db)
    result = run(db, *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"不在 {FIRST_YEAR}–{LAST_YEAR} 年之间" in result.stderr
    assert "内部错误" not in result.stderr
    assert_plain_chinese(result.stderr)
    assert digest(db) == before


def test_times_at_the_ends_of_the_accepted_years_work(db):
    for now in ("2000-01-01 00:00", "2099-12-31T23:59:59-12:00"):
        result = run(db, "due", "--now", now, "--within", "3650d")
        assert result.returncode == 0, result.stderr


def test_import_skip_invalid_writes_the_valid_rows_lists_the_others_and_exits_0(db, tmp_path):
    """Found by testing: the valid rows were written, yet the exit code was 2, which the
    README reserves for "nothing written"."""
    result = run(db, "import", str(FIXTURES / "bad_unknown_status.csv"), "--skip-invalid")
    assert result.returncode == 0, result.stderr
    assert "售后：新增 1" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 4  # each error, then the summary
    assert lines[0].startswith("  第2行「售后状态」：无法识别的状态")
    assert lines[-1] == (
        "共 3 处错误（涉及 2 行），已跳过这 2 行，其余有效行已导入 / "
        "3 error(s) in 2 row(s); 2 row(s) skipped, the valid rows imported"
    )
    # nothing valid at all: a refusal that writes nothing, exit 2
    junk = tmp_path / "all_bad.csv"
    junk.write_text(
        "订单号,用户实付金额(元),支付时间\n260301-1,10.00,昨天\n260301-2,10.00,明天\n",
        encoding="utf-8",
    )
    before = digest(db)
    refused = run(db, "import", str(junk), "--skip-invalid")
    assert refused.returncode == 2, (refused.stdout, refused.stderr)
    assert "没有有效行，未写入任何数据" in refused.stderr
    assert digest(db) == before


def test_a_file_of_another_platform_names_the_shops_platform_in_chinese(db):
    before = digest(db)
    result = run(db, "import", str(FIXTURES / "pdd_aftersales.csv"), "--platform", "taobao")
    assert result.returncode == 2
    assert "与所选店铺的平台（淘宝）不符" in result.stderr
    assert "（taobao）不符" not in result.stderr
    assert digest(db) == before


def test_text_lines_show_a_timers_warnings_in_chinese(tmp_path):
    """Found by testing: `calendar_fallback:<year>` (Mon–Fri assumed) showed only in --json."""
    from datetime import date

    from core.calendar import WorkCalendar

    year = next(y for y in range(2026, 2100) if not WorkCalendar().covers(date(y, 1, 1)))
    now = f"{year - 1}-12-30 10:00"
    db = tmp_path / "w.sqlite3"
    service = Service.open(db, clock=FakeClock(sh(now)))
    service.save_manual(
        orders=[order("douyin", order_no="DY-1", shipped_at=f"{year - 1}-12-20 10:00")],
        cases=[
            case(
                "douyin",
                state="intervention",
                case_no="DYC-1",
                order_no="DY-1",
                applied_at=f"{year - 1}-12-28 10:00",
                state_since=f"{year - 1}-12-30 09:00",
            )
        ],
        at=sh(now),
    )
    service.close()
    said = f"  注意：节假日数据未覆盖{year}年，按周一至周五计算"
    for args in (("due",), ("case", "DYC-1"), ("order", "DY-1")):
        result = run(db, *args, "--now", now)
        assert result.returncode == 0, result.stderr
        review = line_with(result.stdout, "平台审核（平台）")
        assert review.endswith(said), review
        assert_no_codes(review, "calendar_fallback")
        assert line_with(result.stdout, "商家举证期限").count("注意") == 0
    data = json.loads(run(db, "due", "--json", "--now", now).stdout)
    assert [t["warnings"] for t in data] == [[], [f"calendar_fallback:{year}"]]
