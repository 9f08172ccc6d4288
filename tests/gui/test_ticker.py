"""The 1-second tick: one dataChanged for the visible countdown cells, nothing else."""

from datetime import timedelta

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QSignalSpy

from core.domain import Urgency
from gui.models.base import BACKGROUND, DISPLAY, FOREGROUND
from gui.ticker import TIMER_NAME, visible_rows
from tests.gui.helpers import board_view


@pytest.fixture
def view(qtbot, demo_service, clock):
    board = board_view(qtbot, demo_service, clock, "todo")
    board.resize(900, 300)  # fewer rows than the model has: the viewport cuts
    board.show()
    qtbot.waitExposed(board)
    return board


def test_one_named_timer_per_view_ticking_each_second(view):
    timers = [t for t in view.findChildren(QTimer) if t.objectName() == TIMER_NAME]
    assert len(timers) == 1
    assert timers[0].interval() == 1000
    assert timers[0].isActive()
    view.hide()
    assert not timers[0].isActive()  # no ticking while not shown
    view.show()
    assert timers[0].isActive()


def test_countdown_advances_when_the_clock_moves(view, clock):
    index = view.proxy.index(0, view.model.COUNTDOWN)
    before = index.data()
    clock.advance(timedelta(seconds=75))
    view.ticker.tick()
    after = index.data()
    assert before != after


def test_tick_emits_only_for_visible_countdown_cells(view, clock):
    first, last = visible_rows(view.table)
    assert first == 0
    assert 0 < last < view.proxy.rowCount() - 1, "the test needs rows below the viewport"
    proxy_spy = QSignalSpy(view.proxy.dataChanged)
    source_spy = QSignalSpy(view.model.dataChanged)
    clock.advance(timedelta(seconds=1))
    view.ticker.tick()
    assert proxy_spy.count() == 1
    assert source_spy.count() == 0
    top_left, bottom_right, roles = proxy_spy.at(0)
    col = view.model.COUNTDOWN
    assert (top_left.row(), top_left.column()) == (first, col)
    assert (bottom_right.row(), bottom_right.column()) == (last, col)
    assert sorted(roles) == sorted([DISPLAY, FOREGROUND, BACKGROUND])


def test_tick_follows_scrolling(view, clock):
    view.table.verticalScrollBar().setValue(view.table.verticalScrollBar().maximum())
    first, last = visible_rows(view.table)
    assert first > 0
    assert last == view.proxy.rowCount() - 1
    spy = QSignalSpy(view.proxy.dataChanged)
    view.ticker.tick()
    assert spy.at(0)[0].row() == first


def test_ticks_never_reorder_rows(view, clock):
    rows = [view.proxy.source_row(r).key for r in range(view.proxy.rowCount())]
    for _ in range(30):
        clock.advance(timedelta(minutes=11))
        view.ticker.tick()
    assert [view.proxy.source_row(r).key for r in range(view.proxy.rowCount())] == rows


def test_a_deadline_passing_repaints_its_what_cell_once(view, clock):
    view.ticker.tick()  # remembers "now"
    row = next(
        r
        for r in range(visible_rows(view.table)[1] + 1)
        if view.proxy.source_row(r).deadline > clock.now()
    )
    clock.set(view.proxy.source_row(row).deadline + timedelta(milliseconds=1))
    spy = QSignalSpy(view.proxy.dataChanged)
    view.ticker.tick()
    cells = [(spy.at(i)[0].row(), spy.at(i)[0].column()) for i in range(spy.count())]
    assert (row, view.model.WHAT) in cells
    spy2 = QSignalSpy(view.proxy.dataChanged)
    clock.advance(timedelta(seconds=1))
    view.ticker.tick()
    assert spy2.count() == 1  # only the countdown column again


def test_an_urgency_band_filter_follows_the_clock_once_a_minute(view, clock, monkeypatch):
    view.proxy.set_filters(urgency=Urgency.OVERDUE)
    before = view.proxy.rowCount()
    later = max(r.deadline for r in view.model.rows if r.deadline and r.running)
    clock.set(later + timedelta(seconds=30))  # every running deadline has passed
    view.ticker.tick()
    after = view.proxy.rowCount()
    assert after > before  # the rows that fell overdue joined the band
    shown = {view.proxy.source_row(r).key for r in range(after)}
    assert all(r.key in shown for r in view.model.rows if r.running and r.deadline)
    asked = []
    monkeypatch.setattr(view.proxy, "refilter", lambda: asked.append(clock.now()))
    clock.advance(timedelta(seconds=50))
    view.ticker.tick()  # within the minute: not asked again
    assert asked == []
    clock.advance(timedelta(seconds=10))
    view.ticker.tick()
    assert asked == [clock.now()]
    view.proxy.set_filters(urgency=None)
    clock.advance(timedelta(minutes=5))
    view.ticker.tick()  # no band chosen: nothing to follow
    assert len(asked) == 1
