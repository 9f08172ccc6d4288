"""The real main window, offscreen: first run, demo shop, keyboard, a screenshot."""

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from core.domain import CaseState
from core.rules.transitions import Action
from gui.board_load import build_rest, build_todo, group_rows
from gui.main_window import MainWindow
from gui.window_layout import TABS, WELCOME
from gui.window_loading import BATCH_GROUPS

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def open_window(qtbot, zh):
    made = []

    def make(service):
        window = MainWindow(service, "zh_CN")
        qtbot.addWidget(window)
        window.resize(1500, 900)
        window.show()
        qtbot.waitUntil(lambda: window.loaded_once, timeout=20_000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def test_first_run_shows_welcome_then_the_demo_shop(open_window, service, qtbot):
    window = open_window(service)
    assert window.stack.currentIndex() == WELCOME
    assert not window.detail_dock.isVisible()  # no empty panes on the first-run page
    window.welcome.demo_button.click()
    # To do shows first, then the other tables
    qtbot.waitUntil(lambda: window.cases_model.rowCount() > 0, timeout=20_000)
    assert window.stack.currentIndex() == TABS
    assert window.detail_dock.isVisible()
    assert window.todo_model.rowCount() > 0
    assert window.cases_model.rowCount() >= 30
    assert window.orders_model.rowCount() >= 150
    assert window.tabs.tabText(0).startswith("待办")


def test_window_with_demo_data_and_screenshot(open_window, demo_service, qtbot):
    window = open_window(demo_service)
    assert window.stack.currentIndex() == TABS
    assert window.panel.case is not None or window.panel.order is not None  # never empty
    assert "紧急" in window.status.urgent.text()
    QApplication.processEvents()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "main_window.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_one_countdown_timer_per_view_and_a_sweep_timer(open_window, demo_service):
    window = open_window(demo_service)
    names = [t.objectName() for t in window.findChildren(QTimer)]
    assert names.count("countdownTick") == 3
    assert names.count("sweepTimer") == 1


def test_rows_have_a_fixed_height(open_window, demo_service):
    from PySide6.QtWidgets import QHeaderView

    window = open_window(demo_service)
    for view in window.views:
        header = view.table.verticalHeader()
        assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
        assert header.sectionSize(0) == header.defaultSectionSize()


def test_enter_opens_the_case_and_agree_shortcut_acts(open_window, demo_service, qtbot):
    window = open_window(demo_service)
    window.show_tab(1)
    view = window.cases_view
    view.filter_bar.state.setCurrentIndex(view.filter_bar.state.findText("待商家处理"))
    assert view.proxy.rowCount() > 0
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    case = window.panel.case.case
    assert case.state is CaseState.AWAITING_MERCHANT
    assert window.menu_actions.case_actions[Action.AGREE].isEnabled()
    window.menu_actions.case_actions[Action.AGREE].trigger()
    stored = demo_service.case_detail(case.case_no, case.platform).case
    assert stored.state is not CaseState.AWAITING_MERCHANT
    row = window.cases_model.find(("case", case.platform.value, case.case_no))
    assert window.cases_model.row_at(row).args[0].state is stored.state
    assert not any(
        r.case_no == case.case_no and r.key[-1] == "merchant_handle" for r in window.todo_model.rows
    )
    window.menu_actions.undo.trigger()
    assert demo_service.case_detail(case.case_no, case.platform).case.state is case.state


def test_ctrl_f_focuses_the_search_box(open_window, demo_service, qtbot):
    window = open_window(demo_service)
    window.activateWindow()
    window.menu_actions.find.trigger()
    assert window.focusWidget() is window.current_view().filter_bar.search


def test_layout_is_remembered(open_window, demo_service, qtbot):
    window = open_window(demo_service)
    header = window.cases_view.table.horizontalHeader()
    header.resizeSection(2, 333)
    window.tabs.setCurrentIndex(2)
    window.close()
    again = open_window(demo_service)
    assert again.cases_view.table.horizontalHeader().sectionSize(2) == 333
    assert again.tabs.currentIndex() == 2


def test_missing_dialog_is_reported_not_fatal(open_window, demo_service, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window = open_window(demo_service)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a))
    assert window._dialog("no_such_dialog", "Nope") is None
    assert shown
    assert "gui.dialogs.no_such_dialog" in shown[0][2]


def test_calendar_warning_in_the_status_bar(open_window, demo_service):
    window = open_window(demo_service)
    window.status.set_calendar_years(["2027"])
    assert not window.status.calendar.isHidden()
    assert "节假日数据未覆盖2027年，按周一至周五计算" in window.status.calendar.text()


def test_to_do_is_usable_before_the_other_tables_and_an_action_meanwhile_is_kept(
    open_window, demo_service, qtbot
):
    """Stage 1 fills To do (the tabs of the others say …); stage 2's rows were read
    before the operator's action, which must survive them."""
    window = open_window(demo_service)
    first = build_todo(window.worker.service())
    stale_rest = build_rest(window.worker.service(), first)  # read before the action
    window._on_todo_loaded(first)
    assert window.todo_ready
    assert window.todo_model.rowCount() == len(first.todo)
    window.loaded_once = False  # as on the first load: the other tabs are still coming
    window._update_counts()
    assert window.tabs.tabText(1).endswith("(…)")
    case_row = next(r for r in first.todo if r.case_no and "merchant_handle" in r.key)
    platform, case_no = case_row.key[1], case_row.case_no
    window.open_case(platform, case_no)
    assert window.panel.do_action(Action.AGREE)  # the panel refreshes its order's rows
    window._on_loaded(stale_rest)
    stored = demo_service.case_detail(case_no, platform).case
    row = window.cases_model.row_at(window.cases_model.find(("case", platform, case_no)))
    assert row.args[0].state is stored.state is not CaseState.AWAITING_MERCHANT
    assert not any(r.key == case_row.key for r in window.todo_model.rows)
    assert window.loaded_once
    assert not window.tabs.tabText(1).endswith("(…)")


def test_a_sweep_of_many_orders_keeps_the_selected_row(open_window, demo_service, clock):
    window = open_window(demo_service)
    window.show_tab(2)  # orders
    view = window.orders_view
    view.table.setCurrentIndex(view.proxy.index(5, 0))
    chosen = view.current_key()
    clock.advance(timedelta(days=8))
    events = demo_service.sweep(clock.now())
    groups = sorted({(e.platform.value, e.order_no) for e in events})
    assert len(groups) > BATCH_GROUPS
    window._on_groups([group_rows(demo_service, p, o) for p, o in groups])
    assert view.current_key() == chosen
    states = {r.args[0].case_no: r.args[0].state for r in window.cases_model.rows}
    stored = {c.case_no: c.state for c in demo_service.repo.cases()}
    assert states == stored  # every swept case shows its new state


def test_tab_counts_follow_the_rows_the_table_shows(open_window, demo_service, qtbot):
    """The state filter, the search and an action each change what a tab shows."""
    window = open_window(demo_service)

    def count(i):
        return int(window.tabs.tabText(i).rsplit("(", 1)[1].rstrip(")"))

    cases = window.cases_view
    assert count(1) == cases.proxy.rowCount()
    open_cases = count(1)
    cases.filter_bar.state.setCurrentIndex(cases.filter_bar.state.findText("全部售后"))
    assert cases.proxy.rowCount() > open_cases
    assert count(1) == cases.proxy.rowCount()
    assert window.tabs.tabText(1) == f"售后 ({cases.proxy.rowCount()})"

    todo = window.todo_view
    everything = todo.proxy.rowCount()
    row = todo.proxy.source_row(0)
    todo.filter_bar.search.setText(row.case_no or row.order_no)
    qtbot.waitUntil(lambda: todo.proxy.rowCount() < everything, timeout=5_000)
    assert count(0) == todo.proxy.rowCount()
    todo.filter_bar.search.clear()
    qtbot.waitUntil(lambda: todo.proxy.rowCount() == everything, timeout=5_000)
    assert count(0) == everything

    # an action moves a case out of 待商家处理: that filter's count drops at once
    state = cases.filter_bar.state
    state.setCurrentIndex(state.findText("待商家处理"))
    before = count(1)
    assert before == cases.proxy.rowCount() > 0
    cases.table.setCurrentIndex(cases.proxy.index(0, 0))
    window.open_key(cases.current_key())
    assert window.panel.do_action(Action.AGREE)
    assert count(1) == cases.proxy.rowCount() == before - 1
    assert count(0) == todo.proxy.rowCount()


def test_cases_in_platform_intervention_are_the_platforms_move(open_window, demo_service):
    from core.domain import Actor
    from gui import labels
    from gui.models.rows import CASE_COLUMNS

    window = open_window(demo_service)
    in_intervention = {
        (c.platform.value, c.case_no)
        for c in demo_service.board().cases
        if c.state is CaseState.INTERVENTION
    }
    assert in_intervention
    cases = window.cases_view
    bar = cases.filter_bar
    bar.state.setCurrentIndex(bar.state.findText(labels.state(CaseState.INTERVENTION)))
    assert cases.proxy.rowCount() == len(in_intervention)
    whose = CASE_COLUMNS.index("whose")
    cells = {cases.proxy.index(r, whose).data() for r in range(cases.proxy.rowCount())}
    assert "" not in cells
    assert None not in cells

    bar.state.setCurrentIndex(bar.state.findText("全部售后"))
    bar.actor.setCurrentIndex(bar.actor.findData(Actor.PLATFORM.value))
    rows = [cases.proxy.source_row(r) for r in range(cases.proxy.rowCount())]
    model = cases.model
    no_merchant_clock = {
        k for k in in_intervention if model.row_at(model.find(("case", *k))).actor == "platform"
    }
    assert no_merchant_clock  # the demo has intervention cases with no merchant's timer
    assert {(row.platform, row.case_no) for row in rows} == no_merchant_clock
    for r in range(cases.proxy.rowCount()):
        assert cases.proxy.index(r, whose).data() == labels.actor(Actor.PLATFORM)


def test_after_an_action_the_table_never_highlights_a_record_the_panel_does_not_show(
    open_window, demo_service
):
    """Agreeing takes the case off To do: Qt moved the highlight to the next row while
    the details panel still showed the agreed case (and the case shortcuts acted on it)."""
    from gui.board_view import record_key

    window = open_window(demo_service)
    window.show_tab(0)  # an earlier test may have left another tab remembered
    window.detail_dock.show()
    view = window.todo_view
    rows = range(view.proxy.rowCount())
    row = next(r for r in rows if view.proxy.source_row(r).key[-1] == "merchant_handle")
    view.table.setCurrentIndex(view.proxy.index(row, 0))
    case = window.panel.case.case
    shown = ("case", case.platform.value, case.case_no)
    assert record_key(view.current_key()) == shown
    assert window.panel.do_action(Action.AGREE)
    assert window.panel.case.case.case_no == case.case_no  # the result stays on screen
    assert view.current_key() is None
    assert not view.table.selectionModel().hasSelection()
    # the Cases tab keeps its own row (the case's row stays, with its new state)
    cases = window.cases_view
    cases.table.setCurrentIndex(cases.proxy.index(0, 0))
    other = cases.current_key()
    window.panel.undo()
    assert cases.current_key() == other


def test_quitting_from_the_tray_keeps_the_details_pane_for_the_next_start(
    open_window, demo_service
):
    """Closed to the tray (hidden), then 退出 from the tray menu: the layout saved at
    that second close must not take the hidden window's invisible dock for "the operator
    closed the details pane"."""
    window = open_window(demo_service)
    assert window.detail_dock.isVisible()
    window.close_to_tray = True
    window.close()  # to the tray: hidden, still running
    assert not window.isVisible()
    window.quit_app()
    again = MainWindow(demo_service, "zh_CN")
    try:
        assert again._dock_wanted is True
    finally:
        again.close()
