"""The detail panel's history (events) and, for an order, its after-sales cases.

Contract: rich-text labels that wrap inside the panel (no scroll area inside the
panel's own scroll area); a click on a case number emits
``case_activated(platform, case_no)``.

Threading: GUI thread only.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.domain import Case, Event
from gui import detail_render as D
from gui import fmt, labels

_CELL = 'style="padding:1px 8px 1px 0; vertical-align:top"'


def _label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    return label


def _row(cells: Sequence[str], bold: bool = False) -> str:
    tag = "th" if bold else "td"
    return "<tr>" + "".join(f'<{tag} {_CELL} align="left">{c}</{tag}>' for c in cells) + "</tr>"


class Timeline(QWidget):
    case_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.cases = _label(self)
        self.cases.setObjectName("orderCases")
        self.cases.linkActivated.connect(self._on_link)
        self.events = _label(self)
        self.events.setObjectName("timeline")
        layout.addWidget(self.cases)
        layout.addWidget(self.events)
        self.cases.hide()
        self.event_rows: list[tuple[str, str, str, str]] = []
        self.case_rows: list[tuple[str, str]] = []

    def set_events(self, events: Sequence[Event], reveal: bool = False) -> None:
        self.event_rows = [D.event_texts(ev, reveal) for ev in events]
        if not self.event_rows:
            self.events.setText("—")
        else:
            head = [self.tr("Time"), self.tr("Who"), self.tr("What"), self.tr("Source")]
            body = [_row([html.escape(c) for c in row]) for row in reversed(self.event_rows)]
            self.events.setText("<table>" + _row(head, bold=True) + "".join(body) + "</table>")
        self.cases.hide()
        self.case_rows = []

    def set_cases(self, cases: Sequence[Case]) -> None:
        self.case_rows = [(c.platform.value, c.case_no) for c in cases]
        rows = [
            _row(
                [
                    f'<a href="case:{c.platform.value}:{html.escape(c.case_no)}">'
                    f"{html.escape(c.case_no)}</a>",
                    html.escape(labels.kind(c.kind)),
                    html.escape(labels.state(c.state, assumed=c.assumed)),
                    html.escape(fmt.short_time(c.applied_at)),
                ]
            )
            for c in cases
        ]
        head = [self.tr("Case no."), self.tr("Type"), self.tr("State"), self.tr("Applied")]
        self.cases.setText("<table>" + _row(head, bold=True) + "".join(rows) + "</table>")
        self.cases.setVisible(bool(cases))

    def _on_link(self, link: str) -> None:
        kind, _, rest = link.partition(":")
        platform, _, case_no = rest.partition(":")
        if kind == "case" and case_no:
            self.case_activated.emit(platform, case_no)
