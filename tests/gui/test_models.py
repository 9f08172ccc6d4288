"""The table models: Qt's model tester, absolute deadlines, stable sorting."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from core.domain import Urgency
from gui.board_load import group_rows
from gui.models.base import BACKGROUND, DEADLINE_ROLE, KEY_ROLE, SORT_ROLE
from tests.gui.helpers import MODELS, loaded_models


@pytest.fixture
def models(qapp, demo_service, clock):
    return loaded_models(demo_service, clock)


@pytest.mark.parametrize("name", list(MODELS))
def test_models_and_proxies_pass_the_model_tester(qtmodeltester, models, name):
    model, proxy = models[name]
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(proxy, force_py=True)


@pytest.mark.parametrize("name", list(MODELS))
def test_empty_models_pass_the_model_tester(qtmodeltester, clock, name):
    qtmodeltester.check(MODELS[name](clock), force_py=True)


def test_todo_lists_every_running_merchant_timer_most_urgent_first(models, demo_service):
    model, proxy = models["todo"]
    running = [t for t in demo_service.board().timers if t.actor.value == "merchant"]
    running = [t for t in running if not t.informational]
    timer_rows = [r for r in model.rows if r.key[0] == "timer"]
    assert len(timer_rows) == len(running)
    deadlines = [proxy.index(r, model.COUNTDOWN).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert deadlines == sorted(deadlines)


def test_countdown_comes_from_the_clock_not_the_row(models, clock):
    model, _ = models["todo"]
    index = model.index(0, model.COUNTDOWN)
    before = index.data()
    clock.advance(timedelta(seconds=61))
    assert index.data() != before
    assert index.data(DEADLINE_ROLE) == model.row_at(0).deadline


def test_sorting_stays_stable_while_time_passes(models, clock):
    model, proxy = models["todo"]
    proxy.sort(model.COUNTDOWN, Qt.SortOrder.AscendingOrder)
    keys = [proxy.index(r, 0).data(KEY_ROLE) for r in range(proxy.rowCount())]
    for _ in range(5):
        clock.advance(timedelta(minutes=37))
        for r in range(proxy.rowCount()):  # what a tick repaints
            proxy.index(r, model.COUNTDOWN).data()
    assert [proxy.index(r, 0).data(KEY_ROLE) for r in range(proxy.rowCount())] == keys


def test_sort_by_money_then_back_by_deadline(models):
    model, proxy = models["todo"]
    proxy.sort(7, Qt.SortOrder.DescendingOrder)
    money = [model.row_at(r).sort[7] for r in range(model.rowCount())]
    assert money == sorted(money, reverse=True)
    proxy.sort(model.COUNTDOWN, Qt.SortOrder.AscendingOrder)
    due = [model.row_at(r).deadline_ts for r in range(model.rowCount())]
    assert due == sorted(due)


def test_urgency_colours_follow_core_bands(models, clock):
    model, _ = models["todo"]
    row = next(i for i, r in enumerate(model.rows) if r.key[0] == "timer")
    index = model.index(row, model.COUNTDOWN)
    deadline = model.row_at(row).deadline
    clock.set(deadline - timedelta(hours=13))
    assert model.band(model.row_at(row)) is Urgency.OK
    assert index.data(BACKGROUND) is None
    clock.set(deadline - timedelta(hours=1))
    assert model.band(model.row_at(row)) is Urgency.URGENT
    urgent = index.data(BACKGROUND)
    clock.set(deadline + timedelta(minutes=5))
    assert index.data(BACKGROUND) != urgent
    assert index.data().startswith(("Overdue", "已超时", "Just", "刚刚"))


def test_expired_row_says_what_the_platform_did(zh, models, clock):
    model, _ = models["todo"]
    row = next(
        i for i, r in enumerate(model.rows) if r.key[0] == "timer" and "自动" in r.expired_text
    )
    what = model.index(row, model.WHAT)
    assert "自动" not in what.data()
    clock.set(model.row_at(row).deadline + timedelta(seconds=1))
    assert "（推定）" in what.data()


def test_replace_group_updates_in_place_and_keeps_order(models, demo_service):
    from gui.board_load import group_rows

    model, _ = models["cases"]
    row = model.row_at(3)
    fresh = group_rows(demo_service, row.platform, row.order_no)
    keys = [r.key for r in model.rows]
    model.replace_group(row.group, fresh.cases)
    assert [r.key for r in model.rows] == keys
    assert model.row_at(3) is not row
    assert model.row_at(3).key == row.key


def test_status_stats_count_urgent_overdue_and_money_today(models, clock):
    model, _ = models["todo"]
    stats = model.stats()
    now = clock.now()
    running = [r for r in model.rows if r.running]
    missed = [r for r in model.rows if "confirm" in r.tags]  # rows a rule already settled
    assert missed, "the demo board must hold an assumed outcome for this test to mean much"
    assert stats.overdue == sum(r.deadline <= now for r in running) + len(missed)
    urgent = now + model.thresholds.urgent
    assert stats.urgent == sum(now < r.deadline <= urgent for r in running)
    assert stats.at_risk_today_fen >= 0


def test_to_do_puts_what_can_still_be_saved_before_what_a_rule_settled(models, clock):
    """Confirmations of outcomes a rule already applied come after every running
    deadline (oldest first among them), so an overdue backlog never buries the next
    deadline that can still be met."""
    _model, proxy = models["todo"]
    keys = [proxy.source_row(r).key[0] for r in range(proxy.rowCount())]
    assert "confirm" in keys
    first_confirm = keys.index("confirm")
    assert set(keys[:first_confirm]) == {"timer"}
    assert set(keys[first_confirm:]) == {"confirm"}
    settled = [proxy.source_row(r) for r in range(first_confirm, proxy.rowCount())]
    assert [r.deadline for r in settled] == sorted(r.deadline for r in settled)
    assert all(r.deadline <= clock.now() for r in settled)


@pytest.mark.parametrize("name", list(MODELS))
def test_many_orders_replaced_at_once_equal_one_by_one(qtmodeltester, demo_service, clock, name):
    """A sweep that moves many orders: replace_groups (one pass) holds the rows that
    replace_group order by order gives, sorted, and the model stays valid."""
    one, many = (loaded_models(demo_service, clock)[name][0] for _ in range(2))
    clock.advance(timedelta(days=8))
    events = demo_service.sweep(clock.now())
    groups = sorted({(e.platform.value, e.order_no) for e in events})
    assert len(groups) > 8  # what the window batches
    fresh = [group_rows(demo_service, p, o) for p, o in groups]
    for g in fresh:
        one.replace_group(g.group, getattr(g, name))
    many.replace_groups({g.group: getattr(g, name) for g in fresh})
    # the same rows (replace_group leaves a changed row where it was; the batch sorts)
    assert sorted((r.key, r.args) for r in many.rows) == sorted((r.key, r.args) for r in one.rows)
    due = [r.deadline_ts for r in many.rows]
    assert due == sorted(due)
    qtmodeltester.check(many, force_py=True)


def test_a_deadline_an_export_contradicts_shows_no_outcome(zh, service, clock, tmp_path):
    """The export imported after the rule's deadline still showed 待商家处理: the To-do
    and Cases rows keep saying what to do, not 系统已直接退款…（推定）."""
    from gui.board_load import build_board
    from gui.models.rows import TODO_COLUMNS
    from tests.core.factories import import_return_cases

    applied = {"A1": "2026-03-05 10:00:00", "A2": "2026-03-10 09:00:00"}
    import_return_cases(service, tmp_path, applied)
    clock.advance(timedelta(days=2))  # A2's deadline (03-12 09:00) passes as well
    board = build_board(service)
    todo = {r.case_no: r for r in board.todo}
    assert todo["A1"].expired_text == ""  # the platform had not acted at the import
    assert "推定" in todo["A2"].expired_text  # no export since A2's deadline: it did
    assert "退货" in todo["A1"].cells[TODO_COLUMNS.index("what")]
    cases = {r.case_no: r for r in board.cases}
    assert cases["A1"].expired_text == ""
    assert "推定" in cases["A2"].expired_text
