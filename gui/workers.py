"""Background work: loading the board, the 30-second sweep, filling the demo shop.

Contract: ``BoardWorker`` lives on its own QThread and owns its OWN Service on
the window's database (SQLAlchemy sessions never cross threads; the Database's
Engine is thread-safe and shared). Jobs are requested with ``request_*`` (queued
signals, so they run one at a time on the worker thread); results come back as
signals carrying plain rows built here, off the GUI thread. ``group_rows`` is
also used on the GUI thread after an action (a few queries).

With ``enable_reminders()`` every sweep first runs the reminder sweep
(core.reminders.ReminderService: due reminders, recorded as sent) and emits
``reminders_swept``; only then may ``service.sweep`` apply expiry outcomes.
``request_daily_backup`` makes today's backup (core.backups) here, never on the
GUI thread.

The periodic sweep is cheap when nothing happened: the worker remembers, per
order, the earliest deadline whose expiry moves a case (a timer with a
next_state), and calls ``service.sweep`` only once one of them has passed or
the row counts show that another process changed the database (then it
reloads everything).

Threading: everything except ``group_rows`` and the request methods runs on
the worker thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.deadlines import DeadlineStore
from core.domain import CaseKind, Platform
from core.reminders import ReminderService, SweepResult
from core.service import Service
from core.storage.reminders_store import ReminderStore
from gui.board_load import (
    GroupRows,
    build_after_stored,
    build_board,
    build_rest,
    build_todo,
    build_todo_stored,
    group_rows,
    no_gc,
)
from gui.models import rows as R

log = logging.getLogger(__name__)
MAX_GROUP_REFRESH = 2000  # beyond this many changed orders a sweep reloads everything
SWEEP_DUTY = 19  # after a sweep that took t seconds, the next waits at least 19 t


@dataclass(frozen=True)
class ReminderBatch:
    """One reminder sweep's result, plus the kinds of the cases it names individually."""

    result: SweepResult
    kinds: dict[tuple[str, str], CaseKind] = field(default_factory=dict)
    first: bool = False  # the first sweep ever on this database (nobody was "away")


class BoardWorker(QObject):
    todo_loaded = Signal(object)  # TodoRows: stage 1 of a load (gui.board_load)
    loaded = Signal(object)  # BoardRows: every table
    groups_changed = Signal(object)  # list[GroupRows]
    reminders_swept = Signal(object)  # ReminderBatch (only once enable_reminders was called)
    demo_ready = Signal()
    failed = Signal(str)
    _load = Signal()
    _sweep = Signal()
    _demo = Signal()
    _backup = Signal()
    _changed = Signal(object, object)  # group, sweep_due

    def __init__(self, main_service: Service) -> None:
        super().__init__()
        self._main = main_service
        self._service: Service | None = None
        self._counts: dict[str, int] | None = None
        self._dues: dict[R.Group, float] = {}
        self._next_sweep = 0.0  # time.monotonic() before which no sweep runs
        self._reminders: ReminderService | None = None
        self._reminders_on = False
        self._next_reminders = 0.0  # time.monotonic() before which no reminder sweep runs
        self.reminder_duty = SWEEP_DUTY  # tests set 0: every request sweeps
        self.use_stored = True  # To do first from the stored deadlines (core.deadlines)
        self._thread = QThread()
        self._thread.setObjectName("boardWorker")
        self.moveToThread(self._thread)
        self._load.connect(self._on_load)
        self._sweep.connect(self._on_sweep)
        self._demo.connect(self._on_demo)
        self._backup.connect(self._on_backup)
        self._changed.connect(self._on_changed)
        self._thread.start()

    # -- GUI thread -------------------------------------------------------------------

    def request_load(self) -> None:
        self._load.emit()

    def request_sweep(self) -> None:
        self._sweep.emit()

    def request_demo(self) -> None:
        self._demo.emit()

    def request_daily_backup(self) -> None:
        """Today's backup of the database file, if there is none yet (core.backups)."""
        self._backup.emit()

    def enable_reminders(self) -> None:
        """From now on every sweep runs the reminder sweep first (call before sweeping)."""
        self._reminders_on = True

    def note_change(self, rows: GroupRows) -> None:
        """The window changed one order itself: new baseline counts, new sweep deadline."""
        self._changed.emit(rows.group, rows.sweep_due)

    def stop(self) -> None:
        self._thread.quit()
        self._thread.wait()

    # -- worker thread ----------------------------------------------------------------

    def service(self) -> Service:
        if self._service is None:
            main = self._main
            self._service = Service(main.db, book=main.book, clock=main.clock)
        return self._service

    def _reload(self, service: Service) -> None:
        """The board as stored, To do first; the window asks for the sweep once it has
        painted it. To do comes from the stored deadlines when they are current
        (``build_todo_stored``); stage 2 then computes every timer and keeps stage 1's
        To-do rows only if they are the same. Afterwards the stored deadlines are
        brought up to date for the next start (core.deadlines)."""
        first = build_todo_stored(service) if self.use_stored else None
        if first is None:
            first = build_todo(service)
            self._dues = dict(first.sweep_due)
        self._counts = first.counts
        self.todo_loaded.emit(first)
        if first.complete:
            rest = build_rest(service, first)
        else:  # keeps stage 1's To-do rows if the computed ones are the same
            rest = build_after_stored(service, first)
            self._dues = dict(rest.sweep_due)
        self.loaded.emit(rest)
        if self.use_stored:
            try:
                DeadlineStore(service).refresh()
            except Exception:  # a cache: the next start computes instead
                log.exception("storing the deadlines failed")

    @Slot()
    def _on_load(self) -> None:
        try:
            self._reload(self.service())
        except Exception as err:  # shown to the operator; the window stays usable
            log.exception("loading the board failed")
            self.failed.emit(str(err))

    @Slot()
    def _on_sweep(self) -> None:
        try:
            service = self.service()
            now = service.clock.now()  # one instant: no deadline passes between the two
            if self._reminders_on:
                self._sweep_reminders(service, now)
            if service.repo.counts() != self._counts:
                self._reload(service)  # another process (import, command line) wrote
            else:
                self._apply_passed(service, now)
        except Exception as err:
            log.exception("the periodic sweep failed")
            self.failed.emit(str(err))

    def _state_deadline_passed(self, now: datetime) -> bool:
        return bool(self._dues) and min(self._dues.values()) <= now.timestamp()

    def _sweep_reminders(self, service: Service, now: datetime) -> None:
        """Which reminders are due, recorded as sent (core.reminders), BEFORE service.sweep.

        service.sweep replaces an expired timer by the next state's timers; swept
        first, its at-expiry reminder (and the outcome a summary counts) is not lost.
        Like the expiry sweep it keeps to ~5 % of a core, but never lets service.sweep
        run first.
        """
        if time.monotonic() < self._next_reminders and not self._state_deadline_passed(now):
            return
        started = time.monotonic()
        try:
            if self._reminders is None or self._reminders.service is not service:
                self._reminders = ReminderService(service, ReminderStore(service.db))
            first = self._reminders.store.last_sweep() is None
            result = self._reminders.sweep(now)
            kinds = {
                (r.platform.value, r.case_no): case.kind
                for r in result.individual
                if r.case_no and (case := service.repo.get_case(r.platform, r.case_no))
            }
        except Exception:  # the tables still show every deadline; try again next tick
            log.exception("the reminder sweep failed")
            return
        finally:
            cost = time.monotonic() - started
            self._next_reminders = time.monotonic() + cost * self.reminder_duty
        self.reminders_swept.emit(ReminderBatch(result, kinds, first))

    def _apply_passed(self, service: Service, now_at: datetime | None = None) -> None:
        """service.sweep() of the orders whose state-changing deadline passed, once one
        has: ``_dues`` holds every order's earliest such deadline (a case's expiry needs
        a main timer with a next state, which ``sweep_dues`` counts). The next sweep
        waits SWEEP_DUTY times as long as this one took (at most ~5 % of a core).
        Meanwhile the tables already show what the platform did for every passed
        deadline.
        ``now_at``: the instant the reminder sweep used (default: the clock's now).
        """
        at = now_at or service.clock.now()
        now = at.timestamp()
        if not self._dues or min(self._dues.values()) > now:
            return
        if time.monotonic() < self._next_sweep:
            return
        started = time.monotonic()
        passed = {g for g, due in self._dues.items() if due <= now}
        with no_gc():
            # only the orders whose state-changing deadline passed (a full sweep reads
            # every open case: ~1 s and ~50 MB at once for a 100,000-order shop)
            events = service.sweep(at, orders=[(Platform(p), o) for p, o in sorted(passed)])
            groups = passed | {(e.platform.value, e.order_no) for e in events}
            if len(groups) > MAX_GROUP_REFRESH:
                result = build_board(service)
                self._counts, self._dues = result.counts, dict(result.sweep_due)
                self.loaded.emit(result)
                return
            changed = [group_rows(service, p, o) for p, o in sorted(groups)]
        for rows in changed:
            self._set_due(rows.group, rows.sweep_due)
        self._counts = service.repo.counts()
        cost = time.monotonic() - started
        self._next_sweep = time.monotonic() + cost * SWEEP_DUTY
        if events:
            self.groups_changed.emit(changed)

    def _set_due(self, group: R.Group, due: float | None) -> None:
        if due is None:
            self._dues.pop(group, None)
        else:
            self._dues[group] = due

    @Slot(object, object)
    def _on_changed(self, group: R.Group, due: float | None) -> None:
        try:
            self._set_due(group, due)
            self._counts = self.service().repo.counts()
        except Exception:
            log.exception("reading row counts failed")

    @Slot()
    def _on_backup(self) -> None:
        try:
            from core.backups import ensure_daily_backup

            service = self.service()
            made = ensure_daily_backup(service.db, service.clock.now())
            if made is not None:
                log.info("daily backup %s", made.name)
        except Exception:  # a full disk must not stop the window; the log says why
            log.exception("the daily backup failed")

    @Slot()
    def _on_demo(self) -> None:
        try:
            from core import demo

            demo.populate(self.service())
            self.demo_ready.emit()
            self._reload(self.service())
        except Exception as err:
            log.exception("creating the demo shop failed")
            self.failed.emit(str(err))
