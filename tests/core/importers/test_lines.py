"""detect._lines splits a CSV text where io.StringIO(newline="") would, chunk or not."""

from __future__ import annotations

import io
import random

import pytest

from core.importers import detect

PIECES = ["a", ",", '"', "\r", "\n", "\r\n", "中", "x", "\u2028", "\v", "\x85", "\f"]


@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 20])
def test_lines_are_the_lines_stringio_gives(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(detect, "_CHUNK", chunk)
    rng = random.Random(chunk)
    for n in range(3000):
        pieces = PIECES if n % 2 else PIECES[:8]  # half without the other line breaks
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(40)))
        assert list(detect._lines(text)) == list(io.StringIO(text, newline="")), repr(text)
