"""Pause Python's cyclic garbage collector while a bulk step builds many objects.

Reading or importing 100,000 rows keeps every row it builds; each automatic
collection on the way rescans all of them, and the full ones grow with the heap:
about a quarter of `read_file`'s time for a 100,000-row export. The objects built
here hold no reference cycles, so nothing is lost by collecting once afterwards
(the next automatic collection does that).

The window's start is the same kind of step: importing SQLAlchemy, PySide6 and
ShopClock's ~300 modules builds objects that live as long as the process (modules,
classes, functions), and the full collections on the way rescan the whole heap each
time. ``pause_start_up()`` (gui.main.preload_core's first call) stops automatic collection;
``end_start_up()`` freezes what start-up built (``gc.freeze``: later collections
skip it) and collects automatically again.

Contract: `paused_gc()` disables automatic collection for its block and restores
the state it found, so it nests (inside `gui.board_load.no_gc` it changes nothing).
`pause_start_up()` / `end_start_up()` do nothing when collection was already off.

Threading: the collector is process-wide: while one thread is inside the block no
thread collects automatically. Two threads overlapping may re-enable it early for
the other, which costs time, never correctness. The start-up pause is no block: it
must end before a second thread starts (a thread that found collection off would
leave it off), so the window ends it before it makes its worker thread.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_start_up_paused = False  # pause_start_up() turned automatic collection off


def pause_start_up() -> None:
    """No automatic collection until ``end_start_up()`` (call before the imports)."""
    global _start_up_paused
    if gc.isenabled():
        gc.disable()
        _start_up_paused = True


def end_start_up() -> None:
    """Freeze what start-up built and collect automatically again (if paused here)."""
    global _start_up_paused
    if _start_up_paused:
        _start_up_paused = False
        gc.freeze()
        gc.enable()
