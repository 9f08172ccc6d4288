"""Case / order detail (the right-hand dock): facts, timers, windows, timeline, actions.

Contract: shows ``service.case_detail`` or ``service.order_detail``. The action
buttons are exactly ``CaseDetail.allowed`` (core's guards); each goes through
``service.act`` and a refusal shows the Refusal code's text in the panel. After
any change the panel emits ``acted(platform, order_no)`` so the window refreshes
that order's rows. The buyer's name, phone and address are masked (core.privacy);
the 显示 button (``reveal_button``) shows them in full for the case or order on
screen only, until another one is opened (never in lists). ``ask`` supplies the
reason / tracking number / note (a QInputDialog by default; tests replace it).

Threading: GUI thread only; the window's own Service.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.domain import Actor, Platform
from core.rules.transitions import Action, ActionRefused, actor_of
from core.rules.urgency import DEFAULT_THRESHOLDS, UrgencyThresholds
from gui import countdown, fmt, labels
from gui import detail_render as D
from gui.detail_timeline import Timeline
from gui.flow_layout import FlowLayout
from gui.models.builders import assumed_text
from gui.models.rows import outcomes_from_events

if TYPE_CHECKING:
    from core.service import Service

log = logging.getLogger(__name__)
Answer = tuple[str, str] | None  # (note, tracking number), None when cancelled
NEEDS_TEXT = (Action.REJECT, Action.REJECT_RETURN, Action.NOTE, Action.BUYER_SHIP_RETURN)


class DetailPanel(QWidget):
    acted = Signal(str, str)  # platform, order_no
    open_case_requested = Signal(str, str)  # platform, case_no
    allowed_changed = Signal(object)  # tuple[Action, ...]

    def __init__(self, service: Service | None, lang: str = "zh_CN", parent: QWidget | None = None):
        super().__init__(parent)
        self._service = service
        self._lang = lang
        self._dark = False
        self.thresholds: UrgencyThresholds = DEFAULT_THRESHOLDS
        self.ask: Callable[[Action], Answer] = self._ask_dialog
        self.case = None  # CaseDetail shown, or None
        self.order = None  # OrderDetail shown, or None
        self._timer_labels: list[tuple[QLabel, object, str]] = []
        self._shown: tuple | None = None  # ("case"|"order", platform, number) on screen
        self._revealed: tuple | None = None  # the one whose buyer data is shown in full

        self._stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)
        self._empty = QLabel(self.tr("Select a case or an order to see its deadlines."), self)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._stack.addWidget(self._empty)
        scroll = _FitScroll(self)
        self._scroll = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._stack.addWidget(scroll)
        body = QWidget(scroll)
        self._page = body  # labels are made with their final parent: reparenting hides
        scroll.setWidget(body)
        self._body = QVBoxLayout(body)

        self.title = QLabel(body)
        self.title.setObjectName("detailTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = self._label(body)
        self.message = self._label(body)
        self.message.setObjectName("detailMessage")
        self.message.hide()
        self._buttons = QWidget(body)
        self._grid = QVBoxLayout(self._buttons)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.undo_button = QPushButton(self.tr("Undo last step"), body)
        self.undo_button.setObjectName("undo")
        self.undo_button.setToolTip(self.tr("Undo the last change made by hand (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        self._timers = QVBoxLayout()
        self._facts = QFormLayout()
        self._facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.reveal_button = QPushButton(self.tr("Show"), body)
        self.reveal_button.setObjectName("reveal")
        self.reveal_button.setToolTip(
            self.tr("Show the buyer's full name, phone and address until another case is opened")
        )
        self.reveal_button.clicked.connect(self.on_reveal_clicked)
        self.eligibility = self._label(body)
        self.timeline = Timeline(body)
        self.timeline.case_activated.connect(self.open_case_requested)

        for widget in (self.title, self.subtitle, self.message, self._buttons, self.undo_button):
            self._body.addWidget(widget)
        self._section(self.tr("Deadlines"))
        self._body.addLayout(self._timers)
        self._section(self.tr("Order"))
        self._body.addLayout(self._facts)
        self._body.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._section(self.tr("What the buyer can still request"))
        self._body.addWidget(self.eligibility)
        self._section(self.tr("History"))
        self._body.addWidget(self.timeline)
        self._body.addStretch(1)

    def _label(self, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setVisible(True)  # counted by the layout now, not after a queued show
        return label

    def _section(self, text: str) -> None:
        label = QLabel(f"<b>{html.escape(text)}</b>", self)
        label.setContentsMargins(0, label.fontMetrics().height() // 2, 0, 0)
        self._body.addWidget(label)

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self.tick()

    # -- showing ------------------------------------------------------------------------

    def clear(self) -> None:
        self.case = self.order = None
        self._shown = self._revealed = None
        self._timer_labels = []
        self._stack.setCurrentIndex(0)
        self.allowed_changed.emit(())

    def attach(self, service: Service) -> None:
        """The service a window started from its snapshot gets once the database is
        open (gui.start_snapshot); until then nothing can be shown."""
        self._service = service

    def show_case(self, platform: Platform | str, case_no: str) -> bool:
        if self._service is None:
            return False
        from core.service import NotFound  # the database layer is loaded with the service

        try:
            detail = self._service.case_detail(case_no, Platform(platform))
        except NotFound:
            self.clear()
            return False
        self.case, self.order = detail, None
        c = detail.case
        self._showing(("case", c.platform, c.case_no))
        self.title.setText(f"{labels.kind(c.kind)} · {c.case_no}")
        # an assumed state named as the Cases list names it: by the rule's outcome
        state = (
            assumed_text(c, outcomes_from_events(detail.events))
            if c.assumed
            else labels.state(c.state)
        )
        parts = [
            state,
            f"{labels.platform(c.platform)} · {c.shop}",
            self.tr("Refund %1").replace("%1", fmt.money(c.amount_fen)),
            self.tr("Applied %1").replace("%1", fmt.long_time(c.applied_at)),
        ]
        if c.reason:
            parts.append(self.tr("Reason: %1").replace("%1", c.reason))
        if c.tracking_no:
            parts.append(self.tr("Return tracking no. %1").replace("%1", c.tracking_no))
        self.subtitle.setText(" · ".join(html.escape(p) for p in parts))
        timers = D.with_shown_open(detail.timers, detail.shown_open_at)
        self._fill(timers, detail.shop, detail.order, detail.eligibility, detail.events)
        self._set_buttons(detail.allowed, c.kind)
        self.undo_button.setVisible(True)
        self._stack.setCurrentIndex(1)
        self.allowed_changed.emit(detail.allowed)
        return True

    def show_order(self, platform: Platform | str, order_no: str) -> bool:
        if self._service is None:
            return False
        from core.service import NotFound

        try:
            detail = self._service.order_detail(order_no, Platform(platform))
        except NotFound:
            self.clear()
            return False
        self.case, self.order = None, detail
        o = detail.order
        self._showing(("order", o.platform, o.order_no))
        self.title.setText(self.tr("Order %1").replace("%1", o.order_no))
        self.subtitle.setText(html.escape(f"{labels.platform(o.platform)} · {o.shop}"))
        self._fill(detail.timers, detail.shop, o, detail.eligibility, detail.events)
        self.timeline.set_cases(detail.cases)
        self._set_buttons((), None)
        self.undo_button.setVisible(False)
        self._stack.setCurrentIndex(1)
        self.allowed_changed.emit(())
        return True

    def reload(self) -> None:
        if self.case is not None:
            self.show_case(self.case.case.platform, self.case.case.case_no)
        elif self.order is not None:
            self.show_order(self.order.order.platform, self.order.order.order_no)

    def _showing(self, shown: tuple) -> None:
        """A reveal lasts while the same case or order stays on screen (reloads too)."""
        self._shown = shown
        if self._revealed != shown:
            self._revealed = None

    def on_reveal_clicked(self) -> None:
        self._revealed = self._shown
        self.reload()

    def _fill(self, timers, shop, order, eligibility, events) -> None:
        self.message.hide()
        _clear_layout(self._timers)
        self._timer_labels = []
        engine = self._service.engine
        for timer in timers:
            # one wrapped label per timer (nested layouts of wrapped labels get squashed)
            box = self._label(self._page)
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setMargin(box.fontMetrics().height() // 2)
            why = D.explanation(self._service.book, engine, timer, shop, self._lang)
            self._timers.addWidget(box)
            self._timer_labels.append((box, timer, why))
        if not timers:
            idle = self._label(self._page)
            idle.setText(html.escape(self.tr("No deadline is running.")))
            self._timers.addWidget(idle)
        _clear_form(self._facts)
        revealed = self._revealed is not None and self._revealed == self._shown
        self.reveal_button.setVisible(D.has_buyer_data(order) and not revealed)
        for name, value in D.order_facts(order, reveal=revealed):
            field = self._label(self._page)
            field.setText(html.escape(value))
            self._facts.addRow(name, field)
        lines = D.eligibility_lines(eligibility, order.goods_type if order else None)
        self.eligibility.setText("<br>".join(html.escape(x) for x in lines) or "—")
        self.timeline.set_events(events, revealed)
        self.tick()
        self._scroll.fit()

    def tick(self) -> None:
        """Refresh the remaining times (called with the tables' tick)."""
        if not self._timer_labels:
            return
        now = self._service.clock.now()
        resized = False
        for label, timer, why in self._timer_labels:
            text = D.timer_html(timer, why, now, self.thresholds, self._dark)
            resized |= len(text) != len(label.text())
            label.setText(text)
        if resized:  # "59:59" -> "已超时 1分" may wrap differently
            self._scroll.fit()

    # -- actions ------------------------------------------------------------------------

    def _set_buttons(self, allowed, kind) -> None:
        """Merchant actions first, then what the buyer or the platform did; lines wrap."""
        _clear_layout(self._grid)
        mine = [a for a in allowed if actor_of(a) in (Actor.MERCHANT, Actor.OPERATOR)]
        theirs = [a for a in allowed if a not in mine]
        made: list[QPushButton] = []
        for group in (mine, theirs):
            if not group:
                continue
            if group is theirs:
                caption = QLabel(
                    self.tr("Record what the buyer or the platform did:"), self._buttons
                )
                caption.setWordWrap(True)
                self._grid.addWidget(caption)
            line = QWidget(self._buttons)
            flow = FlowLayout(line)
            flow.setContentsMargins(0, 0, 0, 0)
            for action in group:
                button = QPushButton(labels.action(action, kind), line)
                button.setObjectName(f"action_{action.value}")
                button.setDefault(group is mine and action is group[0])
                button.clicked.connect(lambda _=False, a=action: self.do_action(a))
                flow.addWidget(button)
                made.append(button)
            self._grid.addWidget(line)
        self._buttons.setVisible(bool(allowed))
        # New buttons join the end of the window's tab chain, after 撤销上一步 and the
        # history: put them back where they are shown, first in the panel.
        chain = [*made, self.undo_button, self.reveal_button]
        chain += [self.timeline.cases, self.timeline.events]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def allowed(self) -> tuple[Action, ...]:
        return self.case.allowed if self.case is not None else ()

    def do_action(self, action: Action) -> bool:
        if self.case is None:
            return False
        case = self.case.case
        note = tracking = ""
        if action in NEEDS_TEXT:
            answer = self.ask(action)
            if answer is None:
                return False
            note, tracking = answer
        from core.storage import ConcurrentChange

        try:
            self._service.act(
                case.case_no, action, platform=case.platform, note=note, tracking_no=tracking
            )
        except ActionRefused as err:
            self.show_message(labels.refusal(err.code), error=True)
            return False
        except ConcurrentChange:
            self.show_message(self.tr("Someone else changed this case; it was reloaded."), True)
            self.reload()
            return False
        self.acted.emit(case.platform.value, case.order_no)
        self.reload()
        self.show_message(self.tr("Recorded: %1").replace("%1", labels.event(action.value)))
        return True

    def undo(self) -> bool:
        if self.case is None:
            return False
        case = self.case.case
        from core.storage import ChangedSince

        try:
            undone = self._service.undo(case.case_no, case.platform)
        except ChangedSince:
            self.show_message(
                self.tr("Cannot undo: the case was imported or edited after that step."), True
            )
            return False
        if undone is None:
            self.show_message(
                self.tr("Nothing to undo: the last change was not made by hand."), True
            )
            return False
        self.acted.emit(case.platform.value, case.order_no)
        self.reload()
        self.show_message(self.tr("Undone: %1").replace("%1", labels.event(undone.action)))
        return True

    def show_message(self, text: str, error: bool = False) -> None:
        color = countdown.alert_color(self._dark).name() if error else ""
        style = f' style="color:{color}"' if color else ""
        self.message.setText(f"<b{style}>{html.escape(text)}</b>")
        self.message.show()

    def _ask_dialog(self, action: Action) -> Answer:
        title = labels.action(action)
        if action is Action.BUYER_SHIP_RETURN:
            text, ok = QInputDialog.getText(self, title, self.tr("Return tracking number:"))
            return ("", text) if ok else None
        prompt = self.tr("Note:") if action is Action.NOTE else self.tr("Reason (required):")
        text, ok = QInputDialog.getMultiLineText(self, title, prompt)
        return (text, "") if ok else None


class _FitScroll(QScrollArea):
    """A scroll area whose page is as tall as its wrapped labels need at this width.

    QScrollArea sizes a resizable page by its minimum size, which ignores
    heightForWidth: wrapped labels were squeezed on top of each other.
    """

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        page = self.widget()
        layout = page.layout() if page is not None else None
        if layout is None:
            return
        width = self.viewport().width()
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = layout.totalMinimumSize().height()
        page.setMinimumHeight(height)


def _clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def _clear_form(form: QFormLayout) -> None:
    while form.rowCount():
        form.removeRow(0)
