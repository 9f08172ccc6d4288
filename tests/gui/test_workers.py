"""The board worker: its own Service, rows built off the GUI thread, a cheap sweep."""

from datetime import timedelta

import pytest
from PySide6.QtCore import QObject, Signal, Slot

from gui.board_load import (
    build_after_stored,
    build_board,
    build_rest,
    build_todo,
    build_todo_stored,
    sweep_dues,
)
from gui.workers import BoardWorker


class Relay(QObject):
    """Receives the worker's signals on the GUI thread (queued), like the window does."""

    loaded = Signal(object)
    groups_changed = Signal(object)

    @Slot(object)
    def on_loaded(self, rows):
        self.loaded.emit(rows)

    @Slot(object)
    def on_groups(self, groups):
        self.groups_changed.emit(groups)


@pytest.fixture
def worker(qapp, demo_service):
    w = BoardWorker(demo_service)
    w.relay = Relay()
    w.loaded.connect(w.relay.on_loaded)
    w.groups_changed.connect(w.relay.on_groups)
    yield w
    w.stop()


def test_worker_has_its_own_service_on_the_same_database(worker, demo_service):
    own = worker.service()
    assert own is not demo_service
    assert own.db is demo_service.db


def test_load_happens_on_the_worker_thread(qtbot, worker, demo_service):
    with qtbot.waitSignal(worker.relay.loaded, timeout=20_000) as got:
        worker.request_load()
    rows = got.args[0]
    assert len(rows.orders) == len(demo_service.board().orders)
    due = [r.deadline_ts for r in rows.todo]
    assert due == sorted(due)  # presorted for the models' first sort


def test_sweep_applies_a_passed_deadline_and_refreshes_that_order(qtbot, worker, clock):
    with qtbot.waitSignal(worker.relay.loaded, timeout=20_000) as got:
        worker.request_load()
    group, due = min(got.args[0].sweep_due.items(), key=lambda item: item[1])
    clock.advance(timedelta(seconds=due - clock.now().timestamp() + 1))
    with qtbot.waitSignal(worker.relay.groups_changed, timeout=20_000) as changed:
        worker.request_sweep()
    groups = {g.group: g for g in changed.args[0]}
    assert group in groups
    assert any("assumed" in r.tags for r in groups[group].cases)


def test_sweep_is_skipped_while_no_deadline_passed(worker, demo_service, monkeypatch):
    calls = []
    service = worker.service()
    monkeypatch.setattr(service, "sweep", lambda *a, **k: calls.append(1) or [])
    worker._on_load()  # direct call: runs here, synchronously
    worker._on_sweep()
    assert calls == []


def test_sweep_dues_only_count_state_changing_case_timers(demo_service):
    board = demo_service.board()
    dues = sweep_dues(board.timers)
    relevant = [t for t in board.timers if t.case_no and t.next_state and not t.informational]
    assert set(dues) == {(t.platform.value, t.order_no) for t in relevant}
    assert all(t.timer != "ship_by" for t in relevant)


def test_build_board_marks_an_empty_database(service):
    assert build_board(service).empty


def test_a_load_sends_to_do_first_then_every_table(qtbot, worker, demo_service):
    """Stage 1 carries exactly the To-do rows of the full board; stage 2 reuses them."""
    seen: list[str] = []
    worker.todo_loaded.connect(lambda _r: seen.append("todo"))
    worker.loaded.connect(lambda _r: seen.append("all"))
    first_rows = []
    worker.todo_loaded.connect(first_rows.append)
    with qtbot.waitSignal(worker.relay.loaded, timeout=20_000) as got:
        worker.request_load()
    # the relay was connected first: its signal may end the wait before the queued
    # calls connected after it ran (this test failed ~1 run in 8 on the old code too)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5_000)
    assert seen == ["todo", "all"]
    full = got.args[0]
    assert full.todo is first_rows[0].todo
    expected = build_board(demo_service)
    assert [r.key for r in full.todo] == [r.key for r in expected.todo]
    assert [r.key for r in full.cases] == [r.key for r in expected.cases]
    assert [r.key for r in full.orders] == [r.key for r in expected.orders]
    assert len(full.orders) == len(demo_service.board().orders)
    assert first_rows[0].counts == demo_service.repo.counts()


def test_stage_two_takes_the_records_stage_one_read(demo_service):
    first = build_todo(demo_service)
    rest = build_rest(demo_service, first)
    stage_one = {id(o) for o in first.orders}
    order_args = [r.args[0] for r in rest.orders]
    assert sum(id(o) in stage_one for o in order_args) == len(first.orders)  # one object each
    assert len(order_args) == len({(o.platform, o.order_no) for o in order_args})


def _content(rows):
    """What the rows show and match, not the objects they were made of."""
    return sorted((r.key, r.deadline, r.expired_text, r.cells, r.search, r.tags) for r in rows)


def test_a_later_load_paints_to_do_from_the_stored_deadlines(qtbot, worker, demo_service):
    """The first load computes and then stores the deadlines; the next one builds To
    do from them (no timer computed), and stage 2 — every timer computed — keeps
    those rows because they are the same."""
    firsts = []
    worker.todo_loaded.connect(firsts.append)
    with qtbot.waitSignal(worker.relay.loaded, timeout=20_000):
        worker.request_load()
    assert firsts[0].complete  # nothing was stored yet: computed
    # stored after that load (after its rows were sent)
    qtbot.waitUntil(lambda: build_todo_stored(demo_service) is not None, timeout=20_000)
    with qtbot.waitSignal(worker.relay.loaded, timeout=20_000) as got:
        worker.request_load()
    stored = firsts[1]
    assert not stored.complete
    computed = build_board(demo_service)
    assert _content(stored.todo) == _content(computed.todo)
    full = got.args[0]
    assert full.todo is stored.todo  # the same rows: the window keeps them
    assert [r.key for r in full.cases] == [r.key for r in computed.cases]
    assert [r.key for r in full.orders] == [r.key for r in computed.orders]
    assert full.sweep_due == computed.sweep_due


def test_stage_one_reads_no_record_but_the_cases_to_confirm(demo_service, monkeypatch):
    """Stage 1 from the store: the timers and what the rows show come from the stored
    deadlines; only the cases to confirm (and their orders) are read as records."""
    from core.deadlines import DeadlineStore

    DeadlineStore(demo_service).refresh()
    repo = type(demo_service.repo)
    for name in ("orders", "cases", "orders_with_timers", "cases_with_timers"):
        monkeypatch.setattr(repo, name, lambda *_a, **_k: pytest.fail("read records"))
    first = build_todo_stored(demo_service)
    monkeypatch.undo()
    assert first is not None
    assert any(r.settled for r in first.todo)  # the demo shop has cases to confirm
    assert _content(first.todo) == _content(build_board(demo_service).todo)


def test_stage_two_keeps_stage_one_rows_made_of_its_own_records(demo_service):
    """Kept rows take stage 2's Order and Case objects in place of stage 1's briefs:
    one copy of each record, the same cells."""
    from core.deadline_rows import CaseBrief, OrderBrief
    from core.deadlines import DeadlineStore

    DeadlineStore(demo_service).refresh()
    first = build_todo_stored(demo_service)
    shown = _content(first.todo)
    rest = build_after_stored(demo_service, first)
    assert rest.todo is first.todo
    assert _content(rest.todo) == shown
    assert not any(isinstance(a, OrderBrief | CaseBrief) for r in rest.todo for a in r.args)
    orders = {id(r.args[0]) for r in rest.orders}
    todo_orders = [r.args[2] if r.key[0] == "timer" else r.args[1] for r in rest.todo]
    assert all(id(o) in orders for o in todo_orders if o is not None)
    # the search texts too: the records' own strings, not the briefs'
    lower = [
        (r, o)
        for r, o in zip(rest.todo, todo_orders, strict=True)
        if o and o.title.lower() == o.title
    ]
    assert len(lower) > len(rest.todo) // 2
    assert all(any(part is o.title for part in r.search) for r, o in lower)
    assert len(rest.cases) == len({r.key for r in rest.cases}) == len(demo_service.repo.cases())


def test_stage_two_rebuilds_to_do_when_a_title_changed_after_stage_one(demo_service):
    """Another program renames an order To do shows between the two stages: stage 2
    reads the new title and rebuilds To do."""
    import sqlite3

    from core.deadlines import DeadlineStore

    DeadlineStore(demo_service).refresh()
    first = build_todo_stored(demo_service)
    row = next(r for r in first.todo if r.key[0] == "timer")
    with sqlite3.connect(demo_service.db.path) as con:
        con.execute(
            "UPDATE orders SET title = '改过的标题' WHERE platform = ? AND order_no = ?",
            (row.platform, row.order_no),
        )
    rest = build_after_stored(demo_service, first)
    assert rest.todo is not first.todo
    assert "改过的标题" in next(r for r in rest.todo if r.key == row.key).cells
    assert "改过的标题" not in row.cells
    assert _content(rest.todo) == _content(build_board(demo_service).todo)


def test_stage_two_rebuilds_to_do_rows_that_changed_after_stage_one(demo_service):
    from core.deadlines import DeadlineStore

    DeadlineStore(demo_service).refresh()
    first = build_todo_stored(demo_service)
    case = next(c for c in demo_service.repo.cases(open_only=True) if not c.assumed)
    allowed = demo_service.case_detail(case.case_no, case.platform).allowed
    demo_service.act(case.case_no, allowed[0], platform=case.platform, note="n", tracking_no="T")
    # stage 1's records are what it read; the acted-on order is re-read by the window
    # itself (_acted_groups); the store itself is stale for that order now
    again = build_todo_stored(demo_service)  # the one changed order recomputed first
    assert _content(again.todo) == _content(build_board(demo_service).todo)
    assert _content(again.todo) != _content(first.todo)


def test_stage_two_rebuilds_to_do_when_what_it_computed_differs(demo_service):
    """Another program marks a case stage 1 did not read as assumed: stage 2 reads it,
    and To do gets its confirmation row."""
    import sqlite3

    from core.deadlines import DeadlineStore

    DeadlineStore(demo_service).refresh()
    first = build_todo_stored(demo_service)
    held = {(c.platform, c.case_no) for c in first.cases}
    case = next(
        c
        for c in demo_service.repo.cases(open_only=True)
        if (c.platform, c.case_no) not in held and not c.assumed
    )
    with sqlite3.connect(demo_service.db.path) as con:
        con.execute(
            "UPDATE cases SET assumed = 1 WHERE platform = ? AND case_no = ?",
            (case.platform.value, case.case_no),
        )
    rest = build_after_stored(demo_service, first)
    assert rest.todo is not first.todo
    assert any(r.case_no == case.case_no and r.settled for r in rest.todo)
    assert not any(r.case_no == case.case_no and r.settled for r in first.todo)


@pytest.mark.parametrize("stored", [False, True], ids=["computed", "stored deadlines"])
def test_a_case_an_export_showed_open_past_its_deadline_is_not_swept_over_and_over(
    qapp, tmp_path, monkeypatch, stored
):
    """The sweep leaves such a case alone (the platform had not acted: Service.shown_open),
    so its passed deadline must not keep the order "due": every 30-s sweep read and
    rebuilt those orders again (336 orders, 0.79 s a sweep, on the benchmark's data)."""
    from core.deadlines import DeadlineStore
    from core.domain import Platform
    from core.service import Service
    from gui.board_load import group_rows
    from tests.core.factories import import_return_cases, sh
    from tests.fakes import FakeClock

    clock = FakeClock(sh("2026-03-10 12:00"))
    service = Service.open(tmp_path / "shop.sqlite3", clock=clock)
    import_return_cases(service, tmp_path, {"A1": "2026-03-05 10:00:00"})  # 48 h ended 03-07
    if stored:
        DeadlineStore(service).refresh()
    clock.advance(timedelta(hours=1))
    worker = BoardWorker(service)
    try:
        worker.use_stored = stored
        worker._on_load()  # direct call: runs here, synchronously
        assert not worker._state_deadline_passed(clock.now())  # none the sweep acts on
        calls = []
        own = worker.service()
        monkeypatch.setattr(own, "sweep", lambda *a, **k: calls.append(1) or [])
        worker._apply_passed(own)
        assert calls == []
        case = service.repo.get_case(Platform.PINDUODUO, "A1")
        assert group_rows(service, Platform.PINDUODUO, case.order_no).sweep_due is None
        # still shown overdue in To do, where the operator answers it
        assert any(r.case_no == "A1" for r in build_todo(service).todo)
    finally:
        worker.stop()
        service.close()
