"""Pause Python's cyclic garbage collector while a bulk step builds many objects.

Reading or importing 100,000 rows keeps every row it builds; each automatic
collection on the way rescans all of them, and the full ones grow with the heap:
about a quarter of `read_file`'s time for a 100,000-row export. The objects built
here hold no reference cycles, so nothing is lost by collecting once afterwards
(the next automatic collection does that).

Contract: `paused_gc()` disables automatic collection for its block and restores
the state it found, so it nests (inside `gui.board_load.no_gc` it changes nothing).

Threading: the collector is process-wide: while one thread is inside the block no
thread collects automatically. Two threads overlapping may re-enable it early for
the other, which costs time, never correctness.
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
