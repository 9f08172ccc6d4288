"""Filters and instant search run in the proxy; the source keeps every row."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.domain import Urgency
from gui.models.filters import Filters, matcher
from gui.models.rows import Row
from tests.gui.helpers import board_view, loaded_models


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


# -- the matcher against the filters' meaning ------------------------------------------

# few words, so a term often meets two texts that together (not alone) hold it
_WORDS = st.sampled_from(["a", "b", "ab", "a b", "x\ty", "定制", "杨", "\n", ""])
_WHEN = st.sampled_from([None, *(datetime(2026, 11, d, tzinfo=UTC) for d in (1, 2, 3))])
_BANDS = st.sampled_from([None, *Urgency])


class _Bands:
    """The model's band(row), from a table: the matcher must ask it, not guess."""

    def __init__(self, bands: dict) -> None:
        self.bands = bands

    def band(self, row: Row):
        return self.bands[row.key]


def _meaning(row: Row, f: Filters, model: _Bands) -> bool:
    """What each filter means, check by check (the rule the matcher must keep)."""
    terms = f.text.lower().split()
    return (
        (not f.platform or row.platform == f.platform)
        and (not f.shop or row.shop == f.shop)
        and (not f.tags or bool(f.tags & row.tags))
        and (not f.actor or row.actor == f.actor)
        and (f.date_from is None or (row.date is not None and row.date >= f.date_from))
        and (f.date_to is None or (row.date is not None and row.date < f.date_to))
        and (f.urgency is None or model.band(row) is f.urgency)
        and all(any(t in part for part in row.search) for t in terms)
    )


_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["pinduoduo", "taobao"]),
        st.sampled_from(["甲店", "乙店"]),
        st.frozensets(st.sampled_from(["open", "refunded", "closed"]), max_size=2),
        st.sampled_from(["", "merchant", "buyer"]),
        _WHEN,
        st.lists(_WORDS, max_size=3).map(tuple),
        _BANDS,
    ),
    max_size=30,
)
_FILTERS = st.builds(
    Filters,
    platform=st.sampled_from(["", "pinduoduo", "taobao"]),
    shop=st.sampled_from(["", "甲店"]),
    tags=st.frozensets(st.sampled_from(["open", "refunded"]), max_size=2),
    actor=st.sampled_from(["", "buyer"]),
    urgency=_BANDS,
    date_from=_WHEN,
    date_to=_WHEN,
    text=st.lists(_WORDS, max_size=3).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(rows=_ROWS, f=_FILTERS)
def test_the_matcher_keeps_exactly_the_rows_the_filters_mean(rows, f) -> None:
    _check_matcher(rows, f)


@settings(max_examples=300, deadline=None)
@example(rows=[("taobao", "甲店", frozenset(), "", None, ("a", "b"), None)], text="ab")
@given(rows=_ROWS, text=st.lists(_WORDS, max_size=3).map(" ".join))
def test_a_search_term_is_found_within_one_text_of_a_row(rows, text) -> None:
    # the search alone, as typed (any filter else on would hide most rows from it)
    _check_matcher(rows, Filters(text=text))


def _check_matcher(rows, f: Filters) -> None:
    made = [
        Row(("order", platform, str(i)), tuple, (), platform=platform, shop=shop, tags=tags,
            actor=actor, date=date, search=search)
        for i, (platform, shop, tags, actor, date, search, _band) in enumerate(rows)
    ]  # fmt: skip
    model = _Bands({r.key: band for r, (*_, band) in zip(made, rows, strict=True)})
    accept = matcher(f, model)  # type: ignore[arg-type]
    for row in made:
        got = True if accept is None else accept(row)
        assert got == _meaning(row, f, model), (row, f)


def test_the_chosen_row_stays_chosen_while_a_search_keeps_it(qtbot, demo_service, clock):
    view = board_view(qtbot, demo_service, clock, "orders")
    model = view.model
    view.show()
    row = model.rows[len(model.rows) // 2]
    assert view.select_key(row.key)
    view.proxy.set_filters(text=row.order_no[-6:])  # narrows, keeps the chosen row
    assert 0 < view.proxy.rowCount() < model.rowCount()
    assert view.current_key() == row.key
    view.proxy.set_filters(text="")  # every row back: still the same one
    assert view.proxy.rowCount() == model.rowCount()
    assert view.current_key() == row.key
    view.proxy.set_filters(text="没有这样的订单")
    assert view.current_key() is None


def test_choosing_an_urgency_in_the_bar_shows_the_rows_in_that_band(qtbot, demo_service, clock):
    """Through the combo box, as the user chooses: a QComboBox gives a str enum back as
    a plain str, which no row's band is (the list stayed empty)."""
    view = board_view(qtbot, demo_service, clock, "todo")
    model = view.model
    combo = view.filter_bar.urgency
    seen = 0
    for index in range(1, combo.count()):
        combo.setCurrentIndex(index)
        band = view.proxy.filters.urgency
        assert isinstance(band, Urgency)
        expected = [r.key for r in model.rows if model.band(r) is band]
        assert [view.proxy.source_row(i).key for i in range(view.proxy.rowCount())] == expected
        seen += bool(expected)
    assert seen >= 2  # the demo has rows in several bands: the check above compared rows
    combo.setCurrentIndex(0)
    assert view.proxy.filters.urgency is None
    assert view.proxy.rowCount() == model.rowCount()


def test_only_the_merchants_deadlines_count_under_an_urgency(models, clock):
    """Found by testing: 紧急 on the Cases tab listed a buyer's timer with under an hour
    left (grey in the table) while the status bar counted only the merchant's."""
    model, proxy = models["cases"]
    buyers = [r for r in model.rows if r.deadline is not None and not r.merchant]
    assert buyers  # the demo has cases on the buyer's clock
    clock.set(min(r.deadline for r in buyers) - timedelta(minutes=30))
    for band in Urgency:
        proxy.set_filters(urgency=band)
        assert all(r.merchant for r in shown(proxy)), band
    assert all(model.band(r) is None for r in buyers)


def test_custom_dates_start_from_todays_date_by_the_clock(qtbot, demo_service, clock):
    """Found by testing: 自定义日期… showed the day the window was made (by the PC's
    calendar, not the clock): after days in the tray, or on a FakeClock, it listed
    another day's rows, here none at all."""
    from gui import fmt

    view = board_view(qtbot, demo_service, clock, "todo")
    bar = view.filter_bar
    today = fmt.local(clock.now()).date()
    bar.dates.setCurrentIndex(bar.dates.findData("custom"))
    assert bar.date_from.date().toPython() == bar.date_to.date().toPython() == today
    rows = shown(view.proxy)
    assert rows
    assert all(fmt.local(r.date).date() == today for r in rows)

    clock.advance(timedelta(days=2))
    bar.dates.setCurrentIndex(0)
    bar.dates.setCurrentIndex(bar.dates.findData("custom"))
    assert bar.date_from.date().toPython() == today + timedelta(days=2)


def test_a_shop_name_on_two_platforms_is_two_shops_in_the_filter(qtbot, zh, service, clock):
    """Found by testing: a 旗舰店 on Taobao and one on Pinduoduo are listed as two
    entries, but choosing either showed the orders of both."""
    from core.domain import Platform
    from gui.board_load import build_board
    from tests.core.factories import order

    service.save_manual(
        orders=[
            order(Platform.TAOBAO, shop="旗舰店", order_no="T-1"),
            order(Platform.PINDUODUO, shop="旗舰店", order_no="P-1"),
            order(Platform.PINDUODUO, shop="旗舰店", order_no="P-2"),
        ]
    )
    view = board_view(qtbot, service, clock, "orders")
    bar = view.filter_bar
    bar.set_shops(build_board(service).shops)
    assert [bar.shop.itemText(i) for i in range(1, bar.shop.count())] == [
        "旗舰店（拼多多）",
        "旗舰店（淘宝）",
    ]
    bar.shop.setCurrentIndex(2)
    assert [r.order_no for r in shown(view.proxy)] == ["T-1"]
    bar.set_shops(build_board(service).shops)  # a reload keeps the choice
    assert bar.shop.currentText() == "旗舰店（淘宝）"
    bar.shop.setCurrentIndex(1)
    assert sorted(r.order_no for r in shown(view.proxy)) == ["P-1", "P-2"]
    bar.platform.setCurrentIndex(bar.platform.findData("taobao"))
    assert shown(view.proxy) == []  # Taobao and a Pinduoduo shop: nothing is both
