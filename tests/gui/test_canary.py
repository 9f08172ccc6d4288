"""PySide6 6.12.0 on Python 3.11 leaks a reference to True per emit (PITFALLS.md)."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ticked = Signal(int)


def test_signal_emits_do_not_leak_references_to_true(qapp):
    emitter = _Emitter()
    seen = []
    emitter.ticked.connect(seen.append)
    before = sys.getrefcount(True)
    for i in range(5000):
        emitter.ticked.emit(i)
    assert len(seen) == 5000
    assert sys.getrefcount(True) >= before - 10, "this PySide6 build drops references to True"
