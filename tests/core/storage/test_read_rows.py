"""Reading orders and cases from the driver's rows (convert.row_reader): the objects are
exactly what the checked constructors make, field by field and type by type."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC

import pytest
from sqlalchemy import update

from core.domain import Case, CaseKind, CaseState, GoodsType, Order, Platform, unchecked_maker
from core.storage import Repository
from core.storage.models import CASES
from tests.core.factories import case, order, sh

NOW = sh("2026-03-12 12:00")


def _same(got, want) -> None:
    assert got == want
    for f in fields(want):  # == lets 1 pass for True and "taobao" for Platform.TAOBAO
        assert type(getattr(got, f.name)) is type(getattr(want, f.name)), f.name


def test_rows_read_back_have_the_domain_types(repo: Repository) -> None:
    orders = [
        order(Platform.TAOBAO, order_no="1", customised=True, presale=False),
        order(
            Platform.PINDUODUO,
            order_no="2",
            goods_type=GoodsType.FRESH,
            group_success_at=sh("2026-03-10 10:00"),
            shipped_at=sh("2026-03-11 10:00"),
            received_at=sh("2026-03-12 10:00"),
        ),
    ]
    cases = [
        case(Platform.TAOBAO, case_no="C-1", order_no="1", shipped_at_application=None),
        case(
            Platform.PINDUODUO,
            case_no="C-2",
            order_no="2",
            kind=CaseKind.RETURN_REFUND,
            state=CaseState.REFUNDED,
            shipped_at_application=False,
            assumed=True,
            platform_deadline=sh("2026-03-13 10:00"),
        ),
    ]
    repo.apply_import(orders=orders, cases=cases, at=NOW)
    got_orders = {o.order_no: o for o in repo.orders()}
    got_cases = {c.case_no: c for c in repo.cases()}
    for want in orders:
        _same(got_orders[want.order_no], want)
        assert got_orders[want.order_no].paid_at.tzinfo is UTC
    for want in cases:
        _same(got_cases[want.case_no], want)
    # one string object for a text repeated across rows
    assert got_cases["C-1"].shop is got_cases["C-2"].shop


def test_an_unknown_stored_value_is_an_error_not_a_text(repo: Repository, db) -> None:
    repo.apply_import(orders=[order()], cases=[case()], at=NOW)
    with db.engine.begin() as conn:
        conn.execute(update(CASES).values(state="no_such_state"))
    with pytest.raises(ValueError, match="no_such_state"):
        repo.cases()


def test_unchecked_maker_equals_the_constructor() -> None:
    want = case(Platform.TAOBAO, case_no="C-9", platform_deadline=sh("2026-03-13 10:00"))
    values = [getattr(want, f.name) for f in fields(Case)]
    _same(unchecked_maker(Case)(values), want)
    with pytest.raises(ValueError, match="values to unpack"):  # one value per field
        unchecked_maker(Order)(values[:3])
