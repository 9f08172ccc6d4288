"""core.gcpause: the block's objects go to the oldest generation, never frozen for good."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from core.gcpause import paused_gc


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    if not was_enabled:
        gc.disable()


def in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


def test_what_the_block_built_skips_the_young_generations_and_cycles_still_go() -> None:
    with paused_gc():
        assert not gc.isenabled()
        kept = [object() for _ in range(3)]
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle, dropped below
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert not in_generation(kept, 0)
    assert not in_generation(kept, 1)
    assert in_generation(kept, 2)
    gone = weakref.ref(a)
    del a, b
    gc.collect()
    assert gone() is None  # not frozen: a full collection frees the cycle


def test_what_someone_froze_stays_frozen() -> None:
    frozen = [object()]
    gc.freeze()
    count = gc.get_freeze_count()
    with paused_gc():
        built = [object()]
    assert gc.isenabled()
    gc.disable()  # no young collection may move `built` before it is looked for
    assert gc.get_freeze_count() == count
    assert not in_generation(frozen, 2)  # still in the permanent generation
    assert in_generation(built, 0)  # a plain pause: left to the young collections


def test_nested_inside_a_pause_it_changes_nothing() -> None:
    gc.disable()
    with paused_gc():
        built = [object()]
    assert not gc.isenabled()
    assert in_generation(built, 0)
