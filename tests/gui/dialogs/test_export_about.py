"""Export (written off the GUI thread, re-imports unchanged) and About."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread, Slot

import core
from core.domain import Case, CaseKind, CaseState, Order, Platform
from core.importers import commit_plan, read_file
from core.service import Service
from gui.dialogs._common import run_job
from gui.dialogs.about_dialog import AboutDialog
from gui.dialogs.export_dialog import ExportDialog

PAID = datetime(2026, 3, 8, 2, 0, tzinfo=UTC)


@pytest.fixture
def stored(service):
    orders = [
        Order(
            Platform.PINDUODUO,
            "多多鲜果铺",
            "240308-000000000000001",
            5_990,
            PAID,
            buyer_name="陈小明",
            buyer_phone="13712345678",
        ),
        Order(Platform.TAOBAO, "淘淘家居小店", "3901234567890123456", 12_990, PAID, title="=SUM"),
    ]
    case = Case(
        Platform.PINDUODUO,
        "多多鲜果铺",
        "AS-9",
        "240308-000000000000001",
        CaseKind.REFUND_ONLY,
        CaseState.AWAITING_MERCHANT,
        PAID,
        PAID,
        2_000,
        reason="不想要了",
    )
    service.save_manual(orders=orders, cases=[case])
    return orders, case


def run_export(qtbot, dialog, path, what: int, fmt: int, reveal: bool = False) -> None:
    dialog.what_group.button(what).setChecked(True)
    dialog.reveal.setChecked(reveal)
    dialog.format_group.button(fmt).setChecked(True)
    dialog.path_edit.setText(str(path))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)


@pytest.mark.parametrize(("fmt", "suffix"), [(0, ".csv"), (1, ".xlsx")])
def test_export_writes_a_file_that_reimports(qtbot, service, stored, tmp_path, clock, fmt, suffix):
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    orders_file, cases_file = tmp_path / f"orders{suffix}", tmp_path / f"cases{suffix}"
    run_export(qtbot, dialog, orders_file, 0, fmt, reveal=True)  # lossless
    assert dialog.result_label.text() == f"已导出 2 行到 {orders_file}"
    assert dialog.exported
    again = ExportDialog(service, None)
    qtbot.addWidget(again)
    run_export(qtbot, again, cases_file, 1, fmt)

    fresh = Service.open(tmp_path / "fresh.sqlite3", clock=clock)
    try:
        for path in (orders_file, cases_file):
            plan = read_file(path)
            assert plan.errors == ()
            commit_plan(plan, fresh.repo, at=clock.now())
        assert sorted(fresh.repo.orders(), key=lambda o: o.order_no) == sorted(
            stored[0], key=lambda o: o.order_no
        )
        (case,) = fresh.repo.cases()
        assert (case.case_no, case.amount_fen, case.reason) == ("AS-9", 2_000, "不想要了")
    finally:
        fresh.close()


@pytest.mark.parametrize("reveal", [False, True])
def test_buyer_details_are_masked_unless_asked_for(qtbot, service, stored, tmp_path, reveal):
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    run_export(qtbot, dialog, tmp_path / "orders.csv", 0, 0, reveal)
    text = (tmp_path / "orders.csv").read_text(encoding="utf-8-sig")
    assert ("13712345678" in text) is reveal
    assert ("137****5678" in text) is not reveal


def test_running_deadlines_are_exported(qtbot, service, stored, tmp_path):
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    run_export(qtbot, dialog, tmp_path / "timers.csv", 2, 0)
    text = (tmp_path / "timers.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("platform,shop,order_no,case_no,timer")
    assert "merchant_handle" in text


def test_an_existing_file_is_replaced_only_when_the_operator_says_so(
    qtbot, service, stored, tmp_path
):
    """The suggested name repeats each day: a second export wrote over the first
    without asking (found by exploratory testing)."""
    target = tmp_path / "orders.csv"
    target.write_text("mine", encoding="utf-8")
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    asked: list[Path] = []
    dialog.confirm_replace = lambda path: asked.append(path) or False
    run_export(qtbot, dialog, target, 0, 0)
    assert asked == [target]
    assert target.read_text(encoding="utf-8") == "mine"
    assert not dialog.exported
    dialog.confirm_replace = lambda path: asked.append(path) or True
    run_export(qtbot, dialog, target, 0, 0)
    assert dialog.exported
    assert target.read_text(encoding="utf-8-sig").startswith("platform,")
    fresh = tmp_path / "new.csv"
    dialog2 = ExportDialog(service, None)
    qtbot.addWidget(dialog2)
    dialog2.confirm_replace = lambda path: pytest.fail("asked about a new file")
    run_export(qtbot, dialog2, fresh, 0, 0)
    assert fresh.exists()


def test_a_wrong_suffix_or_folder_is_refused_inline(qtbot, service, tmp_path):
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "x.txt"))
    dialog.export_button.click()
    assert dialog.path_error.text() == "文件名必须以 .csv 结尾。"
    dialog.path_edit.setText(str(tmp_path / "missing" / "x.csv"))
    dialog.export_button.click()
    assert dialog.path_error.text() == "文件夹不存在。"
    assert not dialog.running


def test_choosing_xlsx_changes_the_suggested_name(qtbot, service):
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    assert dialog.path_edit.text().endswith("ShopClock-订单-20260310.csv")
    dialog.format_group.button(1).setChecked(True)
    dialog.what_group.button(1).setChecked(True)
    assert dialog.path_edit.text().endswith("ShopClock-售后单-20260310.xlsx")


def test_about_shows_versions_and_where_the_data_is(qtbot, service):
    dialog = AboutDialog(service, None)
    qtbot.addWidget(dialog)
    details = dialog.details()
    assert f"版本： {core.__version__}" in details
    pack = service.book.pack(Platform.PINDUODUO)
    assert f"{pack.name_zh}： {pack.version}" in details
    assert str(service.db.path) in details
    assert "PySide6：" in details


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.threads: list[QThread] = []
        self.results: list[object] = []

    @Slot(object)
    def on_done(self, value: object) -> None:
        self.threads.append(QThread.currentThread())
        self.results.append(value)

    @Slot(object)
    def on_failed(self, exc: object) -> None:
        self.threads.append(QThread.currentThread())
        self.results.append(exc)


def test_jobs_run_off_the_gui_thread_and_report_on_it(qtbot, qapp):
    receiver = _Receiver()
    worker_threads: list[QThread] = []

    def job() -> int:
        worker_threads.append(QThread.currentThread())
        return 42

    def failing() -> int:
        raise ValueError("boom")

    run_job(job, receiver.on_done, receiver.on_failed)
    run_job(failing, receiver.on_done, receiver.on_failed)
    qtbot.waitUntil(lambda: len(receiver.results) == 2)
    assert worker_threads[0] is not qapp.thread()
    assert all(t is qapp.thread() for t in receiver.threads)
    assert 42 in receiver.results
    assert any(isinstance(r, ValueError) for r in receiver.results)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_an_os_error_is_reported_in_chinese_with_the_path(qtbot, service, stored):
    """/proc is a folder where no file can be made: the OS says ENOENT."""
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    run_export(qtbot, dialog, "/proc/exp.csv", 0, 0)
    assert dialog.result_label.text() == "导出失败：无法写入 /proc/exp.csv：文件夹不存在"
    assert not dialog.exported


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EACCES, "没有写入权限：{path}"),
        (errno.EROFS, "没有写入权限：{path}"),
        (errno.ENOSPC, "无法写入 {path}：磁盘已满"),
        (errno.EISDIR, "{path} 是文件夹，不是文件"),
    ],
)
def test_known_os_errors_are_explained_in_chinese(qtbot, service, tmp_path, code, reason):
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    dialog.target = tmp_path / "orders.csv"
    # core writes a temporary file first: the message names the operator's file
    dialog.on_export_failed(OSError(code, os.strerror(code), str(tmp_path / ".orders.csv.1.tmp")))
    path = tmp_path / "orders.csv"
    assert dialog.result_label.text() == "导出失败：" + reason.format(path=path)


def test_an_unknown_os_error_keeps_the_systems_text(qtbot, service, tmp_path):
    dialog = ExportDialog(service, None)
    qtbot.addWidget(dialog)
    dialog.target = tmp_path / "orders.csv"
    dialog.on_export_failed(OSError(errno.EIO, "Input/output error"))
    assert dialog.result_label.text() == "导出失败：Input/output error"
