"""A realistic demo shop, relative to `now`, for first runs and benchmarks.

Contract: `generate` is deterministic for a given (now, sizes, seed) and
returns plain domain objects; `populate` stores them. The default size is
three shops (Pinduoduo, Taobao, Douyin), ~200 orders and ~40 cases spread
over every case state and every urgency band. Scaled up (100,000 orders,
30,000 cases) it feeds the benchmarks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.domain import (
    Case,
    CaseKind,
    CaseState,
    GoodsType,
    Order,
    Platform,
    Shop,
)

SHOPS = (
    Shop(Platform.PINDUODUO, "多多鲜果铺", promised_aftersale_days=None),
    Shop(Platform.TAOBAO, "淘淘家居小店", promised_aftersale_days=30),
    Shop(Platform.DOUYIN, "抖音好物馆", promised_aftersale_days=None),
)

TITLES = {
    Platform.PINDUODUO: [
        ("四川爱媛38号果冻橙 5斤装", GoodsType.FRUIT),
        ("云南高山红富士苹果 10斤", GoodsType.FRUIT),
        ("加厚珊瑚绒毛毯 1.5×2米", GoodsType.NORMAL),
        ("不锈钢保温杯 500ml", GoodsType.NORMAL),
        ("儿童纯棉睡衣两件套", GoodsType.NORMAL),
        ("定制姓名刻字钥匙扣", GoodsType.NORMAL),
    ],
    Platform.TAOBAO: [
        ("北欧风实木床头柜", GoodsType.NORMAL),
        ("全棉四件套 1.8米床", GoodsType.NORMAL),
        ("可折叠收纳箱 3个装", GoodsType.NORMAL),
        ("视频会员月卡（虚拟）", GoodsType.VIRTUAL),
        ("记忆棉护颈枕", GoodsType.NORMAL),
    ],
    Platform.DOUYIN: [
        ("网红手撕面包 2斤整箱", GoodsType.FRESH),
        ("蓝牙降噪耳机", GoodsType.NORMAL),
        ("冰丝防晒袖套 3双", GoodsType.NORMAL),
        ("空气炸锅 5L大容量", GoodsType.NORMAL),
        ("定制情侣手机壳", GoodsType.NORMAL),
    ],
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰"]
PLACES = [
    "广东省广州市天河区",
    "浙江省杭州市西湖区",
    "四川省成都市武侯区",
    "江苏省南京市鼓楼区",
    "山东省济南市历下区",
    "湖北省武汉市洪山区",
]
REASONS = [
    "不想要了",
    "质量问题",
    "与描述不符",
    "发错货",
    "收到商品破损",
    "尺码不合适",
    "未按约定时间发货",
]

# state -> kinds it can have (exchange and return-refund need shipped goods)
STATE_KINDS = {
    CaseState.AWAITING_MERCHANT: (CaseKind.REFUND_ONLY, CaseKind.RETURN_REFUND, CaseKind.EXCHANGE),
    CaseState.REJECTED: (CaseKind.REFUND_ONLY, CaseKind.RETURN_REFUND),
    CaseState.AWAITING_RETURN: (CaseKind.RETURN_REFUND, CaseKind.EXCHANGE),
    CaseState.RETURN_SHIPPED: (CaseKind.RETURN_REFUND, CaseKind.EXCHANGE),
    CaseState.INTERVENTION: (CaseKind.REFUND_ONLY, CaseKind.RETURN_REFUND),
    CaseState.REFUNDED: (CaseKind.REFUND_ONLY, CaseKind.RETURN_REFUND),
    CaseState.CLOSED: (CaseKind.RETURN_REFUND, CaseKind.EXCHANGE),
    CaseState.CANCELLED: (CaseKind.REFUND_ONLY, CaseKind.RETURN_REFUND),
}
# how long ago the current state began, per state (hours): spreads timers over urgency bands
STATE_AGE_HOURS = {
    CaseState.AWAITING_MERCHANT: (0.5, 6, 20, 36, 46.5, 47.6, 50),
    CaseState.REJECTED: (2, 30, 100, 160, 167),
    CaseState.AWAITING_RETURN: (5, 50, 120, 166),
    CaseState.RETURN_SHIPPED: (3, 48, 150, 166.5),
    CaseState.INTERVENTION: (1, 13, 23),
    CaseState.REFUNDED: (2, 30, 90),
    CaseState.CLOSED: (10, 70),
    CaseState.CANCELLED: (5, 40),
}


@dataclass(frozen=True, slots=True)
class DemoData:
    shops: tuple[Shop, ...]
    orders: tuple[Order, ...]
    cases: tuple[Case, ...]


def _order_no(platform: Platform, day: datetime, n: int, rng: random.Random) -> str:
    if platform is Platform.PINDUODUO:
        return f"{day:%y%m%d}-{rng.randrange(10**14, 10**15)}{n % 10}"
    prefix = "6" if platform is Platform.DOUYIN else "3"
    return prefix + f"{rng.randrange(10**17, 10**18)}"


def _buyer(rng: random.Random) -> tuple[str, str, str]:
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}"
    address = f"{rng.choice(PLACES)}{rng.randrange(1, 300)}号{rng.randrange(1, 30)}栋"
    return name, phone, address


def _make_order(rng: random.Random, shop: Shop, now: datetime, n: int, phase: str) -> Order:
    title, goods = rng.choice(TITLES[shop.platform])
    customised = title.startswith("定制")
    age_h = {"unshipped": rng.uniform(1, 47), "shipped": rng.uniform(30, 120)}.get(
        phase, rng.uniform(100, 400)
    )
    paid = now - timedelta(hours=age_h)
    shipped = received = None
    if phase in ("shipped", "received"):
        shipped = paid + timedelta(hours=rng.uniform(4, 30))
    if phase == "received":  # confirmed in the past, however soon after shipping
        received = min(shipped + timedelta(hours=rng.uniform(30, 80)), now - timedelta(hours=1))
    ship_by = None
    if shop.platform is Platform.PINDUODUO and rng.random() < 0.5:
        ship_by = paid + timedelta(hours=48)  # 承诺发货时间 from the export
    name, phone, address = _buyer(rng)
    return Order(
        platform=shop.platform,
        shop=shop.name,
        order_no=_order_no(shop.platform, paid, n, rng),
        amount_fen=rng.randrange(990, 39_900, 10),
        paid_at=paid,
        title=title,
        ship_by=ship_by,
        shipped_at=shipped,
        received_at=received,
        goods_type=goods,
        customised=customised,
        buyer_name=name,
        buyer_phone=phone,
        buyer_address=address,
    )


def generate(now: datetime, *, orders: int = 200, cases: int = 40, seed: int = 7) -> DemoData:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC).replace(microsecond=0)
    rng = random.Random(seed)
    made: list[Order] = []
    for n in range(orders):
        shop = SHOPS[n % len(SHOPS)]
        phase = rng.choices(["unshipped", "shipped", "received"], weights=[2, 3, 5])[0]
        made.append(_make_order(rng, shop, now, n, phase))
    states = list(STATE_KINDS)
    made_cases: list[Case] = []
    used: set[str] = set()
    # A buyer asks for a return once the goods are on their way and for an exchange once
    # they arrived (what every platform's pack requires of these kinds), and some time
    # before now: the pools hold the orders where that is so.
    settled = now - timedelta(hours=1)
    pools = {
        CaseKind.REFUND_ONLY: made,
        CaseKind.RETURN_REFUND: [o for o in made if o.shipped_at and o.shipped_at <= settled],
        CaseKind.EXCHANGE: [o for o in made if o.received_at and o.received_at <= settled],
    }
    for n in range(min(cases, len(made))):
        state = states[n % len(states)]
        kind = rng.choice(STATE_KINDS[state])
        pool = pools[kind]
        order = next(
            (o for o in rng.sample(pool, min(len(pool), 20)) if o.order_no not in used), None
        )
        if order is None:
            continue
        used.add(order.order_no)
        ages = STATE_AGE_HOURS[state]
        since = now - timedelta(hours=rng.choice(ages))
        applied = since - timedelta(
            hours=0 if state is CaseState.AWAITING_MERCHANT else rng.uniform(2, 40)
        )
        goods_at = {CaseKind.RETURN_REFUND: order.shipped_at, CaseKind.EXCHANGE: order.received_at}
        applied = max(applied, (goods_at.get(kind) or order.paid_at) + timedelta(minutes=10))
        since = max(since, applied)
        made_cases.append(
            Case(
                platform=order.platform,
                shop=order.shop,
                case_no=f"{order.platform.value[:2].upper()}{rng.randrange(10**11, 10**12)}",
                order_no=order.order_no,
                kind=kind,
                state=state,
                applied_at=applied,
                state_since=since,
                amount_fen=order.amount_fen if rng.random() < 0.8 else order.amount_fen // 2,
                reason=rng.choice(REASONS),
                cancellation_count=1 if state is CaseState.CANCELLED else 0,
            )
        )
    return DemoData(SHOPS, tuple(made), tuple(made_cases))


def populate(service, now: datetime | None = None, **sizes):
    """Store a demo shop (one transaction), then let passed deadlines take their outcome.
    Stored as entered by hand, not as an export: an export imported now would say each
    case was still open now, and keep the deadlines that passed before it from taking
    their outcome (Service.shown_open) — the demo's history is that they did."""
    from core.domain import Source

    now = now or service.clock.now()
    data = generate(now, **sizes)
    result = service.repo.apply_import(
        shops=data.shops, orders=data.orders, cases=data.cases, source=Source.MANUAL, at=now
    )
    service.sweep(now)
    return result
