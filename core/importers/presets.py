"""Import presets: which export a file is, and what each of its columns means.

Contract: `PRESETS` maps a preset name to a frozen `Preset`. A preset lists
its columns (our field name, the header texts the platform has used for it,
most preferred first, and whether the field is required), extra header texts
that only help recognise the export (`hints`), the status / kind lookup
tables for its choice fields, and an optional `refine` step for platform
logic that spans several columns. Header texts come from the platforms'
seller back-end exports as reproduced in public seller guides and
open-source ERP code; see resources/templates/README.md.

Threading: immutable module data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from core.domain import TERMINAL_STATES, CaseKind, CaseState, Platform
from core.importers import statuses

# What every field parses as. "choice" fields use the preset's lookup tables.
FIELD_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "platform": "choice",
        "shop": "text",
        "shop_type": "text",
        "order_no": "id",
        "sub_order_no": "id",
        "case_no": "id",
        "tracking_no": "id",
        "title": "text",
        "reason": "text",
        "buyer_name": "text",
        "buyer_phone": "text",
        "buyer_address": "text",
        "amount_yuan": "money",
        "order_amount_yuan": "money",
        "paid_at": "time",
        "group_success_at": "time",
        "ship_by": "time",
        "shipped_at": "time",
        "received_at": "time",
        "applied_at": "time",
        "state_since": "time",
        "platform_deadline": "time",
        "evidence_deadline": "time",
        "goods_type": "choice",
        "kind": "choice",
        "state": "choice",
        "cs_active": "choice",
        "customised": "bool",
        "presale": "bool",
        "return_needed": "bool",
        "shipped_at_application": "bool",
        "promised_aftersale_days": "count",
        "cancellation_count": "count",
        "assumed": "bool",
    }
)


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    aliases: tuple[str, ...]  # header texts, most preferred first
    required: bool = False


class RowFixer:
    """What a preset's `refine` step may read and change for one row."""

    def __init__(self, values: dict[str, object], fail: Callable[[str, str, str, str], None]):
        self.values = values
        self._fail = fail

    def fail(self, field_name: str, code: str, zh: str, en: str) -> None:
        self._fail(field_name, code, zh, en)


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    label_zh: str
    label_en: str
    platform: Platform | None  # None: the file says (platform column) or Taobao/Tmall hint
    kind: Literal["orders", "cases"]
    columns: tuple[Column, ...]
    hints: tuple[str, ...] = ()
    choices: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    refine: Callable[[RowFixer], None] | None = None
    sub_order_field: str | None = None  # rows sharing order_no are sub-orders (Douyin)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns if c.required)

    def column(self, field_name: str) -> Column:
        for col in self.columns:
            if col.field == field_name:
                return col
        raise KeyError(field_name)


def _cols(*specs: tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], bool]) -> tuple:
    return tuple(Column(s[0], s[1], s[2] if len(s) > 2 else False) for s in specs)


_SHOP_ALIASES = ("店铺", "店铺名称")
ASSUMED_HEADER = "按规则推定"  # the case template's column for Case.assumed (是 / 否)


def _words(text: str) -> tuple[str, ...]:
    """Hint headers, space-separated (none of them contains a space)."""
    return tuple(text.split())


def _taobao_refund_refine(row: RowFixer) -> None:
    """Kind from 是否需要退货 when there is no type column; 客服介入 -> intervention;
    in intervention the merchant's deadline is 举证超时, otherwise 超时时间."""
    values = row.values
    if values.get("kind") is None:
        needed = values.get("return_needed")
        if needed is None:
            row.fail(
                "return_needed",
                "required",
                "缺少售后类型：需要「是否需要退货」或「售后类型」",
                "no case type: needs 是否需要退货 or 售后类型",
            )
        else:
            values["kind"] = CaseKind.RETURN_REFUND if needed else CaseKind.REFUND_ONLY
    state = values.get("state")
    if values.get("cs_active") and state is not None and state not in TERMINAL_STATES:
        values["state"] = state = CaseState.INTERVENTION
    if state is CaseState.INTERVENTION:
        values["platform_deadline"] = values.get("evidence_deadline")


_PLATFORM_CHOICES = {"platform": statuses.PLATFORMS, "goods_type": statuses.GOODS_TYPES}

_PRESET_LIST = (
    Preset(
        name="pdd_orders",
        label_zh="拼多多订单导出",
        label_en="Pinduoduo order export",
        platform=Platform.PINDUODUO,
        kind="orders",
        columns=_cols(
            ("order_no", ("订单号",), True),
            ("amount_yuan", ("用户实付金额(元)", "商品总价(元)"), True),
            ("paid_at", ("支付时间", "订单成交时间"), True),
            ("title", ("商品", "商品名称")),
            ("group_success_at", ("成团时间",)),
            ("ship_by", ("承诺发货时间",)),
            ("shipped_at", ("发货时间",)),
            ("received_at", ("确认收货时间",)),
            ("buyer_name", ("收货人",)),
            ("buyer_phone", ("手机", "收货人手机号")),
            ("buyer_address", ("详细地址", "收货地址")),
            ("shop", _SHOP_ALIASES),
        ),
        hints=_words(
            "订单状态 售后状态 商品数量(件) 商品规格 商品id 样式ID "
            "商家编码-SKU维度 商家编码-规格维度 商家编码-商品维度 快递单号 快递公司 "
            "商家实收金额(元) 店铺优惠折扣(元) 平台优惠折扣(元) 邮费(元) "
            "多多支付立减金额(元) 买家留言 商家备注"
        ),
    ),
    Preset(
        name="pdd_aftersales",
        label_zh="拼多多售后导出",
        label_en="Pinduoduo after-sales export",
        platform=Platform.PINDUODUO,
        kind="cases",
        columns=_cols(
            ("case_no", ("售后编号", "售后单号"), True),
            ("order_no", ("订单编号", "订单号"), True),
            ("kind", ("售后类型",), True),
            ("state", ("售后状态",), True),
            ("applied_at", ("申请时间", "售后申请时间"), True),
            ("amount_yuan", ("退款金额(元)", "退款金额", "申请退款金额(元)"), True),
            ("order_amount_yuan", ("订单金额(元)", "订单金额", "用户实付金额(元)")),
            ("reason", ("售后原因", "申请原因", "退款原因")),
            ("platform_deadline", ("处理截止时间", "截止时间", "超时时间")),
            ("tracking_no", ("退货物流单号", "退货运单号", "退货快递单号")),
            ("shop", _SHOP_ALIASES),
        ),
        hints=_words("商品名称 商品id 售后数量 订单状态 发货状态 退货物流公司 买家昵称 更新时间"),
        choices={"kind": statuses.PDD_KINDS, "state": statuses.PDD_STATES},
    ),
    Preset(
        name="taobao_orders",
        label_zh="淘宝/天猫订单导出（ExportOrderList）",
        label_en="Taobao/Tmall order export (ExportOrderList)",
        platform=None,
        kind="orders",
        columns=_cols(
            ("order_no", ("订单编号",), True),
            ("amount_yuan", ("买家实际支付金额", "总金额"), True),
            ("paid_at", ("订单付款时间", "付款时间"), True),
            ("title", ("宝贝标题",)),
            ("ship_by", ("承诺发货时间",)),
            ("shipped_at", ("发货时间",)),
            ("received_at", ("确认收货时间",)),
            ("buyer_name", ("收货人姓名",)),
            ("buyer_phone", ("联系手机",)),
            ("buyer_address", ("收货地址",)),
            ("shop", ("店铺名称",)),
            ("shop_type", ("店铺类型",)),
        ),
        hints=_words(
            "买家会员名 买家支付宝账号 买家应付货款 买家应付邮费 买家支付积分 返点积分 "
            "买家实际支付积分 订单状态 买家留言 运送方式 联系电话 订单创建时间 宝贝种类 "
            "物流单号 物流公司 订单备注 宝贝总数量 店铺Id 订单关闭原因"
        ),
    ),
    Preset(
        name="taobao_refunds",
        label_zh="淘宝/天猫退款导出",
        label_en="Taobao/Tmall refund export",
        platform=None,
        kind="cases",
        columns=_cols(
            ("case_no", ("退款编号",), True),
            ("order_no", ("订单编号",), True),
            ("state", ("退款状态",), True),
            ("applied_at", ("退款的申请时间", "买家申请退款时间", "申请时间"), True),
            ("amount_yuan", ("买家退款金额", "退款金额"), True),
            ("order_amount_yuan", ("买家实际支付金额",)),
            ("kind", ("售后类型", "退款类型")),
            ("return_needed", ("是否需要退货",)),
            ("reason", ("买家退款原因", "退款原因")),
            ("platform_deadline", ("超时时间",)),
            ("evidence_deadline", ("举证超时",)),
            ("cs_active", ("客服介入状态",)),
            ("tracking_no", ("退货物流单号",)),
            ("shop", ("店铺名称",)),
            ("shop_type", ("店铺类型",)),
        ),
        hints=_words(
            "支付宝交易号 订单付款时间 商品id 商品编码 退款完结时间 宝贝标题 "
            "手工退款/系统退款 货物状态 退货物流信息 发货物流信息 卖家真实姓名 "
            "卖家退货地址 退货物流公司 买家退款说明 买家退货时间 责任方 售中或售后 "
            "商家备注 完结时间 部分退款/全部退款 审核操作人 是否零秒响应 退款操作人 "
            "退款原因标签"
        ),
        choices={
            "kind": statuses.TAOBAO_KINDS,
            "state": statuses.TAOBAO_STATES,
            "cs_active": statuses.TAOBAO_CS_ACTIVE,
        },
        refine=_taobao_refund_refine,
    ),
    Preset(
        name="douyin_orders",
        label_zh="抖店订单导出",
        label_en="Douyin shop order export",
        platform=Platform.DOUYIN,
        kind="orders",
        columns=_cols(
            ("order_no", ("主订单编号", "订单编号"), True),
            ("sub_order_no", ("子订单编号",)),
            ("amount_yuan", ("订单应付金额", "实付金额", "订单实付金额"), True),
            ("paid_at", ("支付完成时间", "支付时间"), True),
            ("title", ("选购商品", "商品名称")),
            ("ship_by", ("承诺发货时间", "预计发货时间", "最晚发货时间")),
            ("shipped_at", ("发货时间",)),
            ("received_at", ("确认收货时间", "完成时间", "订单完成时间")),
            ("buyer_name", ("收件人",)),
            ("buyer_phone", ("收件人手机号", "收件人电话")),
            ("buyer_address", ("详细地址",)),
            ("shop", ("店铺名称", "店铺")),
        ),
        hints=_words(
            "商品ID 商品数量 商品金额 商品规格 商家编码 订单提交时间 订单状态 "
            "售后状态 取消原因 运费 优惠总金额 支付方式 省 市 区 街道 买家留言 "
            "商家备注 快递信息 达人ID 达人昵称 订单类型 流量来源"
        ),
        sub_order_field="sub_order_no",
    ),
    Preset(
        name="shopclock_orders",
        label_zh="售后时钟订单模板",
        label_en="ShopClock order template",
        platform=None,
        kind="orders",
        columns=_cols(
            ("platform", ("platform", "平台"), True),
            ("shop", ("shop", "店铺")),
            ("order_no", ("order_no", "订单号"), True),
            ("title", ("title", "商品标题")),
            ("amount_yuan", ("amount_yuan", "金额(元)", "实付金额(元)"), True),
            ("paid_at", ("paid_at", "付款时间", "支付时间"), True),
            ("ship_by", ("ship_by", "承诺发货时间")),
            ("shipped_at", ("shipped_at", "发货时间")),
            ("received_at", ("received_at", "确认收货时间")),
            ("goods_type", ("goods_type", "商品类型")),
            ("customised", ("customised", "定制", "是否定制")),
            ("promised_aftersale_days", ("promised_aftersale_days", "承诺售后天数")),
            # Optional, written by export_orders so an export re-imports losslessly.
            ("group_success_at", ("group_success_at", "成团时间")),
            ("presale", ("presale", "预售")),
            ("buyer_name", ("buyer_name", "收货人")),
            ("buyer_phone", ("buyer_phone", "收货人手机")),
            ("buyer_address", ("buyer_address", "收货地址")),
        ),
        choices=_PLATFORM_CHOICES,
    ),
    Preset(
        name="shopclock_cases",
        label_zh="售后时钟售后单模板",
        label_en="ShopClock case template",
        platform=None,
        kind="cases",
        columns=_cols(
            ("platform", ("platform", "平台"), True),
            ("shop", ("shop", "店铺")),
            ("case_no", ("case_no", "售后单号", "售后编号"), True),
            ("order_no", ("order_no", "订单号"), True),
            ("kind", ("kind", "售后类型"), True),
            ("state", ("state", "售后状态"), True),
            ("applied_at", ("applied_at", "申请时间"), True),
            ("state_since", ("state_since", "状态开始时间")),
            ("amount_yuan", ("amount_yuan", "退款金额(元)"), True),
            ("reason", ("reason", "售后原因")),
            ("platform_deadline", ("platform_deadline", "平台截止时间")),
            # Optional, written by export_cases so an export re-imports losslessly.
            ("cancellation_count", ("cancellation_count", "撤销次数")),
            ("shipped_at_application", ("shipped_at_application", "申请时已发货")),
            ("tracking_no", ("tracking_no", "退货物流单号")),
            # 是: the state is an outcome the rules assumed (RULES.md principle 5), not
            # yet confirmed by a platform export or the operator
            ("assumed", (ASSUMED_HEADER, "assumed")),
        ),
        choices={
            **_PLATFORM_CHOICES,
            "kind": statuses.SHOPCLOCK_KINDS,
            "state": statuses.SHOPCLOCK_STATES,
        },
    ),
)

PRESETS: Mapping[str, Preset] = MappingProxyType({p.name: p for p in _PRESET_LIST})

# The template columns, in order (the optional extras follow them in exports).
ORDER_TEMPLATE_COLUMNS = PRESETS["shopclock_orders"].fields[:12]
CASE_TEMPLATE_COLUMNS = PRESETS["shopclock_cases"].fields[:11]
