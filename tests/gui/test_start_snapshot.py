"""gui.start_snapshot: To do saved when the window quits and painted first at the next
start — only while the database provably holds what it shows; anything else starts
as before."""

from __future__ import annotations

import dataclasses
import marshal
import os
import sqlite3
import sys
import zlib
from datetime import timedelta

import pytest

from core import demo
from core.deadlines import DeadlineStore
from core.paths import start_snapshot_path
from core.rules.transitions import Action
from core.service import Service
from gui import settings, start_snapshot
from gui.board_load import build_todo_stored

ROW_FIELDS = (
    "key", "deadline", "merchant", "expired_text", "platform", "shop", "tags", "actor", "date",
    "search", "amount_fen", "running", "case_no", "order_no", "settled", "deadline_ts",
)  # fmt: skip


@pytest.fixture
def shop(tmp_path, clock):
    """The demo shop with its deadlines stored, as the window leaves them after a load."""
    path = (tmp_path / "shop.sqlite3").resolve()
    service = Service.open(path, clock=clock)
    demo.populate(service, clock.now())
    DeadlineStore(service).refresh()
    yield service, path
    service.close()


def _open_case(service: Service):
    """A case the merchant can still agree to (its row is in To do)."""
    for case in service.repo.cases():
        detail = service.case_detail(case.case_no, case.platform)
        if Action.AGREE in detail.allowed and detail.timers:
            return case
    raise AssertionError("the demo shop has no case awaiting the merchant")


def test_the_snapshot_gives_back_to_do_as_the_first_load_builds_it(shop, qapp):
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    snapshot = start_snapshot.load(path)
    assert snapshot is not None
    first = build_todo_stored(service)
    assert len(first.todo) > 20
    assert [r.key for r in snapshot.rows] == [r.key for r in first.todo]
    for got, want in zip(snapshot.rows, first.todo, strict=True):
        for name in ROW_FIELDS:
            assert getattr(got, name) == getattr(want, name), (want.key, name)
        assert got.cells == want.cells
        assert got.sort == want.sort
    assert snapshot.shops == first.shops
    assert snapshot.counts == first.counts
    assert snapshot.calendar_years == first.calendar_years
    assert snapshot.empty is False
    assert snapshot.lang == "zh_CN"
    assert snapshot.thresholds == settings.thresholds(service)


def _other(path, clock) -> Service:
    """Another program on the same database (the command line, a second PC's copy of
    ShopClock on a shared folder is not SQLite, so: another process's connection)."""
    return Service.open(path, clock=clock)


def _act(service, clock):
    case = _open_case(service)
    service.act(case.case_no, Action.AGREE, platform=case.platform)


def _act_and_store(service, clock):
    _act(service, clock)
    DeadlineStore(service).refresh()  # nothing stale any more, but a new write token


def _edit_order(service, clock):
    order = service.repo.orders()[0]
    service.save_manual(orders=[dataclasses.replace(order, title="改过的标题")])


def _new_shop(service, clock):
    shop = service.repo.shops()[0]
    service.repo.upsert_shops([dataclasses.replace(shop, name=shop.name + "二店")])


def _thresholds(service, clock):
    service.repo.set_setting(settings.SOON_KEY, 24)


def _language(service, clock):
    service.repo.set_setting(settings.DB_LANGUAGE_KEY, "en")


@pytest.mark.parametrize(
    "write",
    [_act, _act_and_store, _edit_order, _new_shop, _thresholds, _language],
    ids=["action", "action-then-store", "order-edit", "new-shop", "thresholds", "language"],
)
def test_any_change_by_another_program_means_no_snapshot(shop, clock, qapp, write):
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    assert start_snapshot.load(path) is not None
    other = _other(path, clock)
    try:
        write(other, clock)
    finally:
        other.close()
    assert start_snapshot.load(path) is None


def test_the_language_of_this_start_must_be_the_snapshots(shop, qapp):
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    assert start_snapshot.load(path, "en") is None
    assert start_snapshot.load(path, "zh-CN") is not None


def test_other_code_means_no_snapshot(shop, qapp, monkeypatch):
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    monkeypatch.setattr(start_snapshot, "_code_digest", "another build")
    assert start_snapshot.load(path) is None


def test_the_digest_follows_the_source_files(monkeypatch, tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(start_snapshot, "_code_digest", None)
    monkeypatch.setattr(start_snapshot, "_files", lambda _root: [tmp_path / "a.py"])
    before = start_snapshot.code_digest()
    (tmp_path / "a.py").write_text("x = 22\n")
    monkeypatch.setattr(start_snapshot, "_code_digest", None)
    assert start_snapshot.code_digest() != before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xffnot marshal at all",
        marshal.dumps([1, 2, 3]),
        "truncated",
        "a flipped bit",
        "rows of the wrong shape",
    ],
    ids=["empty", "garbage", "a list", "truncated", "flipped", "bad rows"],
)
def test_a_damaged_snapshot_is_ignored(shop, qapp, content):
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    target = start_snapshot_path(path)
    if content == "truncated":
        content = target.read_bytes()[: target.stat().st_size // 2]
    elif content == "a flipped bit":
        blob = bytearray(target.read_bytes())
        blob[len(blob) // 2] ^= 0x10
        content = bytes(blob)
    elif content == "rows of the wrong shape":  # a checksum that holds: read, then refused
        data = marshal.loads(start_snapshot._checked(target.read_bytes()))
        data["rows"] = [("timer", "x")] * 3
        payload = marshal.dumps(data)
        content = b"%s%08x\n%s" % (start_snapshot.MAGIC, zlib.crc32(payload), payload)
    target.write_bytes(content)
    assert start_snapshot.load(path) is None


def test_no_snapshot_without_current_stored_deadlines(tmp_path, clock, qapp):
    """A database whose deadlines were never stored (the first start after an import):
    nothing to save, and an older snapshot goes."""
    path = (tmp_path / "fresh.sqlite3").resolve()
    service = Service.open(path, clock=clock)
    try:
        demo.populate(service, clock.now())
        target = start_snapshot_path(path)
        target.parent.mkdir()
        target.write_bytes(b"an old snapshot")
        assert start_snapshot.save(service, path, "zh_CN") is False
        assert not target.exists()
        assert start_snapshot.load(path) is None
    finally:
        service.close()


def test_a_missing_or_foreign_database_means_no_snapshot(shop, qapp, tmp_path):
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    service.close()
    moved = path.with_name("moved.sqlite3")
    os.replace(path, moved)
    assert start_snapshot.load(path) is None  # and no empty file was made in its place
    assert not path.exists()
    with sqlite3.connect(path) as conn:  # a file of the same name that is not ours
        conn.execute("CREATE TABLE t (x)")
    assert start_snapshot.load(path) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_snapshot_is_the_users_alone(shop, qapp):
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    target = start_snapshot_path(path)
    assert target.parent == path.parent / "cache"
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.parent.stat().st_mode & 0o777 == 0o700


def test_a_deadline_that_passed_since_shows_overdue(shop, clock, qapp):
    """The snapshot holds deadlines, not remaining times: read a day later, its rows
    count down from the clock like the first load's."""
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    clock.advance(timedelta(days=1))
    snapshot = start_snapshot.load(path)
    assert snapshot is not None
    assert any(r.deadline < clock.now() for r in snapshot.rows if r.running)


# -- the window ----------------------------------------------------------------------


def _window_from_snapshot(qtbot, path, clock):
    from gui.main_window import MainWindow

    snapshot = start_snapshot.load(path)
    assert snapshot is not None
    window = MainWindow(None, "zh_CN", clock=clock, database=str(path))
    qtbot.addWidget(window)
    window.show_snapshot(snapshot)
    return window, snapshot


def test_before_its_database_opens_the_window_shows_the_snapshot_and_nothing_breaks(
    shop, clock, qtbot
):
    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    window, snapshot = _window_from_snapshot(qtbot, path, clock)
    assert window.service is None
    assert window.worker is None
    assert window.todo_model.rowCount() == len(snapshot.rows)
    assert window.tables_shown()
    case = _open_case(service)
    assert window.panel.show_case(case.platform, case.case_no) is False
    window.open_key(window.todo_view.current_key())
    window.refresh()
    window.on_settings()  # no dialog without a database
    window.open_demo()
    from gui.app import on_message
    from gui.single_instance import RAISE

    on_message(window, RAISE, case.case_no)  # a second launch with --case: brought forward
    window.close()  # quitting before the database opened


def test_an_action_taken_while_the_first_load_runs_is_not_undone_by_it(
    shop, clock, qtbot, monkeypatch
):
    """The window is usable from the snapshot as soon as its database is open, while
    the first load still runs: a change made then must survive the load's rows, which
    may have been read before it."""
    import threading

    from gui import workers

    service, path = shop
    assert start_snapshot.save(service, path, "zh_CN")
    window, _snapshot = _window_from_snapshot(qtbot, path, clock)
    read, gate = threading.Event(), threading.Event()
    real = workers.build_todo_stored

    def read_then_wait(worker_service):
        rows = real(worker_service)
        read.set()
        gate.wait(20)
        return rows

    monkeypatch.setattr(workers, "build_todo_stored", read_then_wait)
    window.attach(service)
    assert read.wait(20)  # To do read, not yet handed to the window
    case = _open_case(service)
    group = (case.platform.value, case.order_no)

    def shown_keys():
        rows = window.todo_model._rows
        return {r.key for r in rows if (r.platform, r.order_no) == group}

    before = shown_keys()
    service.act(case.case_no, Action.AGREE, platform=case.platform)
    window.refresh_group(*group)
    from gui.board_load import group_rows

    truth = {r.key for r in group_rows(service, *group).todo}
    assert truth != before
    assert shown_keys() == truth
    gate.set()
    qtbot.waitUntil(lambda: window.todo_ready, timeout=20_000)
    assert shown_keys() == truth
    qtbot.waitUntil(lambda: window.loaded_once, timeout=20_000)
    assert shown_keys() == truth
    window.close()


_ENTRY = """
import json, sys
import gui.main as gm
seen = {}
def patch():
    import gui.app as ga
    attach = ga._attach
    def watched(running, options):
        seen['sqlalchemy'] = 'sqlalchemy' in sys.modules
        seen['rows'] = running.window.todo_model.rowCount()
        seen['page'] = running.window.stack.currentWidget().objectName()
        seen['painted'] = running.window.isVisible()
        attach(running, options)
        seen['attached'] = running.window.service is not None
    ga._attach = watched
run = gm.preload_core
def preload(**kwargs):
    seen['preload'] = kwargs
    run(**kwargs)
    patch()
    if sys.argv[3] == 'fail':  # the database cannot be opened after the first paint
        import core.service
        from PySide6.QtWidgets import QMessageBox
        def broken(*args, **kwargs):
            raise RuntimeError('disk on fire')
        core.service.Service.open = broken
        QMessageBox.critical = staticmethod(lambda *a, **k: seen.setdefault('box', a[2]))
gm.preload_core = preload
code = gm.main(['--db', sys.argv[1], '--screenshot', sys.argv[2]])
print(json.dumps(seen))
raise SystemExit(code)
"""


def _start_twice(path, tmp_path, second: str = "") -> list[tuple[int, dict]]:
    """`shopclock --db FILE --screenshot …` twice in fresh interpreters (offscreen, own
    settings): (exit code, what the patched start saw) of each."""
    import json
    import subprocess

    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
    )
    runs = []
    for i, how in enumerate(("", second)):
        shot = str(tmp_path / f"shot{i}.png")
        done = subprocess.run(
            [sys.executable, "-c", _ENTRY, str(path), shot, how or "-"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        lines = done.stdout.strip().splitlines()
        assert lines, done.stderr[-3000:]
        runs.append((done.returncode, json.loads(lines[-1])))
    return runs


def test_the_real_start_paints_the_snapshot_before_it_imports_the_database_layer(shop, tmp_path):
    """`shopclock --db FILE` twice: the first run writes the snapshot when it quits,
    the second paints it before SQLAlchemy is imported, then opens the database."""
    service, path = shop
    service.close()
    (code0, first), (code1, second) = _start_twice(path, tmp_path)
    assert (code0, code1) == (0, 0)
    assert start_snapshot_path(path).is_file()  # written when the window quit
    assert first == {"preload": {"snapshot": False}}  # no snapshot yet: as before
    assert second["preload"] == {"snapshot": True}
    assert second["sqlalchemy"] is False
    assert second["rows"] > 20
    assert second["painted"] is True
    assert second["attached"] is True


def test_an_empty_shop_starts_from_its_snapshot_too(tmp_path, clock):
    """The snapshot of an empty shop shows the welcome page, not To do: the database
    must open after that page's first paint as well."""
    path = (tmp_path / "empty.sqlite3").resolve()
    service = Service.open(path, clock=clock)
    DeadlineStore(service).refresh()
    service.close()
    (code0, _first), (code1, second) = _start_twice(path, tmp_path)
    assert (code0, code1) == (0, 0)
    assert second["preload"] == {"snapshot": True}
    assert second["page"] == "welcome"
    assert second["attached"] is True


def test_a_database_that_fails_to_open_after_the_first_paint_is_said_and_exits_1(shop, tmp_path):
    service, path = shop
    service.close()
    (code0, _first), (code1, second) = _start_twice(path, tmp_path, "fail")
    assert code0 == 0
    assert code1 == 1
    assert second["painted"] is True
    assert second["attached"] is False
    assert "disk on fire" in second["box"]


def test_quitting_empties_the_tables_before_the_snapshot_is_built(shop, clock, qtbot, monkeypatch):
    """gui.app.shutdown lets go of the tables' rows before it builds the snapshot from
    the stored deadlines: with a big shop both at once made the process's peak memory
    (the benchmark's 351 MB against 294 while it ran). The snapshot is as complete."""
    from gui import app as gui_app
    from gui.main_window import MainWindow

    service, path = shop
    window = MainWindow(service, "zh_CN", clock=clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded_once, timeout=20_000)
    shown = window.todo_model.rowCount()
    assert shown > 20
    assert window.orders_model.rowCount() > 0
    seen = []
    real = start_snapshot.save

    def save(*args):
        seen.append([m.rowCount() for m in window.models])
        return real(*args)

    monkeypatch.setattr(start_snapshot, "save", save)
    running = gui_app.Running(qtbot, service, window, None, None, db_path=path)
    gui_app.shutdown(running)
    assert seen == [[0, 0, 0]]
    snapshot = start_snapshot.load(path)
    assert snapshot is not None
    assert len(snapshot.rows) == shown
