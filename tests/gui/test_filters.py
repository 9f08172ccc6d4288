"""Filters and instant search run in the proxy; the source keeps every row."""

from datetime import timedelta

import pytest

from core.domain import Urgency
from gui.models.filters import Filters
from tests.gui.helpers import loaded_models


@pytest.fixture
def models(qapp, demo_service, clock):
    return loaded_models(demo_service, clock)


def shown(proxy):
    return [proxy.source_row(r) for r in range(proxy.rowCount())]


def test_platform_and_shop(models):
    model, proxy = models["orders"]
    proxy.set_filters(platform="taobao")
    rows = shown(proxy)
    assert rows
    assert all(r.platform == "taobao" for r in rows)
    shop = rows[0].shop
    proxy.set_filters(platform="", shop=shop)
    assert all(r.shop == shop for r in shown(proxy))
    proxy.set_filters(Filters())
    assert proxy.rowCount() == model.rowCount()


def test_search_matches_numbers_titles_and_buyers(models, demo_service):
    _model, proxy = models["orders"]
    order = demo_service.board().orders[17]
    for text in (order.order_no[-8:], order.title[:4], order.buyer_name):
        proxy.set_filters(text=text)
        assert any(r.order_no == order.order_no for r in shown(proxy)), text
    proxy.set_filters(text="没有这样的商品 xyz")
    assert proxy.rowCount() == 0


def test_case_states_and_whose_move(models):
    _model, proxy = models["cases"]
    proxy.set_filters(tags=frozenset({"open"}))
    assert all(r.args[0].is_open for r in shown(proxy))
    proxy.set_filters(tags=frozenset({"refunded"}))
    assert {r.args[0].state.value for r in shown(proxy)} == {"refunded"}
    proxy.set_filters(tags=frozenset(), actor="buyer")
    rows = shown(proxy)
    assert rows
    assert all(r.actor == "buyer" for r in rows)


def test_urgency_band_follows_the_clock(models, clock):
    _model, proxy = models["todo"]
    proxy.set_filters(urgency=Urgency.OVERDUE)
    before = proxy.rowCount()
    clock.advance(timedelta(days=3))
    proxy.refilter()
    assert proxy.rowCount() > before


def test_date_range(models, clock):
    model, proxy = models["cases"]
    now = clock.now()
    proxy.set_filters(date_from=now - timedelta(hours=24), date_to=now)
    rows = shown(proxy)
    assert 0 < len(rows) < model.rowCount()
    assert all(now - timedelta(hours=24) <= r.date < now for r in rows)


def test_sorting_through_the_proxy_sorts_the_source(models):
    from PySide6.QtCore import Qt

    _model, proxy = models["orders"]
    proxy.set_filters(platform="pinduoduo")
    proxy.sort(9, Qt.SortOrder.DescendingOrder)
    paid = [r.date for r in shown(proxy)]
    assert paid == sorted(paid, reverse=True)


def test_search_ignores_case_and_each_word_may_hit_another_column(models, demo_service):
    _model, proxy = models["cases"]
    case = next(c for c in demo_service.board().cases if any(ch.isalpha() for ch in c.case_no))
    proxy.set_filters(text=case.case_no[:6].lower())
    assert any(r.case_no == case.case_no for r in shown(proxy))
    order = next(o for o in demo_service.board().orders if o.order_no == case.order_no)
    proxy.set_filters(text=f"{case.case_no[-5:]} {order.title[:2]}")
    assert any(r.case_no == case.case_no for r in shown(proxy))
    proxy.set_filters(text=f"{case.case_no[-5:]} 没有这样的商品")
    assert not any(r.case_no == case.case_no for r in shown(proxy))
