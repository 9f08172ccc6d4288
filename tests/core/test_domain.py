"""Domain objects refuse facts no shop can have."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.domain import MAX_AMOUNT_FEN, Case, CaseKind, CaseState, Order, Platform

PAID = datetime(2024, 3, 1, tzinfo=UTC)


def test_the_ceiling_itself_is_an_amount() -> None:
    assert Order(Platform.PINDUODUO, "s", "1", MAX_AMOUNT_FEN, PAID).amount_fen == MAX_AMOUNT_FEN


@pytest.mark.parametrize("fen", [MAX_AMOUNT_FEN + 1, 2**63, -1])
def test_amounts_past_the_ceiling_or_negative_are_refused(fen: int) -> None:
    """An amount past SQLite's INTEGER used to fail only when written (OverflowError)."""
    with pytest.raises(ValueError, match="amount_fen"):
        Order(Platform.PINDUODUO, "s", "1", fen, PAID)
    with pytest.raises(ValueError, match="amount_fen"):
        Case(Platform.PINDUODUO, "s", "c", "1", CaseKind.REFUND_ONLY,
             CaseState.AWAITING_MERCHANT, PAID, PAID, fen)  # fmt: skip
