"""Turn the data rows under a header into Orders or Cases, or into row errors.

Contract: `validate_rows` looks at every row before anything is decided: each
cell is parsed, impossible facts are refused (received before shipped,
shipped before paid, refund above the order amount, negative money,
unreadable times, unknown status texts), and duplicate keys are reported on
every row involved, naming the other row. Only rows without any error become
domain objects. Douyin sub-order rows of one main order are merged into one
Order (amounts summed; shipped / received only once every sub-order is).

Threading: pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.domain import Case, Order, Platform, Shop
from core.importers import cells
from core.importers.cells import Cell, as_text, normalize_key
from core.importers.errors import CellProblem, RowError, row_error
from core.importers.header import HeaderMatch
from core.importers.presets import FIELD_TYPES, RowFixer

_PARSERS = {
    "text": cells.parse_text,
    "id": cells.parse_id,
    "money": cells.parse_money_fen,
    "time": cells.parse_time,
    "bool": cells.parse_bool,
    "count": cells.parse_count,
}
_CHOICE_WORDS = {
    "platform": ("无法识别的平台", "unknown platform"),
    "goods_type": ("无法识别的商品类型", "unknown goods type"),
    "kind": ("无法识别的售后类型", "unknown case type"),
    "state": ("无法识别的状态", "unknown status"),
    "cs_active": ("无法识别的客服介入状态", "unknown customer-service status"),
}
_TMALL_WORDS = ("天猫", "tmall")
_TAOBAO_WORDS = ("淘宝", "taobao", "集市")


@dataclass(frozen=True, slots=True)
class Context:
    default_shop: str
    default_platform: Platform | None


@dataclass(slots=True)
class _Row:
    row: int  # Excel row number
    values: dict[str, object]
    raw: Sequence[Cell]  # the file's row: the cell each value came from is found again
    errors: list[RowError] = field(default_factory=list)
    blocked: bool = False  # merged with a sub-order row that has errors


@dataclass(frozen=True, slots=True)
class Outcome:
    rows_total: int
    shops: tuple[Shop, ...]
    orders: tuple[Order, ...]
    cases: tuple[Case, ...]
    errors: tuple[RowError, ...]


class _Validator:
    def __init__(self, match: HeaderMatch, ctx: Context) -> None:
        self.match = match
        self.preset = match.preset
        self.ctx = ctx
        self.required = self.preset.required
        # per field: its candidate columns and its parser, looked up once, not per row
        self.plan = [
            (name, positions, len(positions) == 1, self.parser(name))
            for name, positions in match.columns.items()
        ]

    # -- naming -----------------------------------------------------------------
    def picked(self, row: _Row, field_name: str) -> tuple[Cell, int | None]:
        """The raw cell a field's value came from, and its column (for messages)."""
        positions = self.match.columns.get(field_name)
        return (None, None) if positions is None else _pick(row.raw, positions)

    def column_name(self, row: _Row, field_name: str) -> str:
        index = self.picked(row, field_name)[1]
        if index is not None and self.match.headers[index]:
            return self.match.headers[index]
        return self.preset.column(field_name).aliases[0]

    def fail(self, row: _Row, field_name: str, value: str, code: str, zh: str, en: str) -> None:
        row.errors.append(
            row_error(row.row, self.column_name(row, field_name), value, code, zh, en)
        )

    def shown(self, row: _Row, field_name: str) -> str:
        """The cell as the user sees it (computed only for messages)."""
        return as_text(self.picked(row, field_name)[0])

    # -- one row ----------------------------------------------------------------
    def parse(self, index: int, raw: Sequence[Cell]) -> _Row:
        row = _Row(index + 1, {}, raw)
        values, width = row.values, len(raw)
        for name, positions, single, convert in self.plan:
            if single:
                pos = positions[0]
                cell: Cell = raw[pos] if pos < width else None
            else:
                cell, pos = _pick(raw, positions)
            try:
                values[name] = convert(cell)
            except CellProblem as problem:
                zh, en = problem.zh, problem.en
                if problem.code == "id_lost_digits":  # name the cell to fix in Excel
                    ref = f"{_column_letter(pos)}{row.row}"
                    zh, en = f"{zh}（单元格 {ref}）", f"{en} (cell {ref})"
                self.fail(row, name, self.shown(row, name), problem.code, zh, en)
        for name in self.required:
            if values.get(name) is None and not self.failed(row, name):
                self.fail(row, name, "", "required", "必填项为空", "required value is empty")
        self.resolve_platform_and_shop(row)
        if self.preset.refine is not None:
            self.preset.refine(
                RowFixer(row.values, lambda f, c, zh, en: self.fail(row, f, "", c, zh, en))
            )
        self.check_facts(row)
        return row

    def parser(self, name: str) -> Callable[[Cell], object]:
        kind = FIELD_TYPES[name]
        if kind != "choice":
            return _PARSERS[kind]
        found: dict[str, object] = {}  # cell text -> value: a file repeats a few status texts

        def choice(cell: Cell) -> object:
            text = as_text(cell)
            if not text:
                return None
            value = found.get(text)
            if value is None:
                value = found[text] = self.preset.choices[name].get(normalize_key(text))
            if value is None:
                zh, en = _CHOICE_WORDS[name]
                raise CellProblem("unknown_value", zh, en)
            return value

        return choice

    def failed(self, row: _Row, name: str) -> bool:
        column = self.column_name(row, name)
        return any(e.column == column for e in row.errors)

    def resolve_platform_and_shop(self, row: _Row) -> None:
        values = row.values
        platform = values.get("platform") or self.preset.platform
        if platform is None:
            hint = normalize_key(str(values.get("shop_type") or ""))
            if any(w in hint for w in _TMALL_WORDS):
                platform = Platform.TMALL
            elif any(w in hint for w in _TAOBAO_WORDS):
                platform = Platform.TAOBAO
            else:
                platform = self.ctx.default_platform
        values["platform"] = platform
        values["shop"] = values.get("shop") or self.ctx.default_shop

    def check_facts(self, row: _Row) -> None:
        v = row.values
        paid, shipped, received = v.get("paid_at"), v.get("shipped_at"), v.get("received_at")
        if paid and shipped and shipped < paid:
            self.fail(
                row,
                "shipped_at",
                self.shown(row, "shipped_at"),
                "shipped_before_paid",
                "发货时间早于付款时间",
                "shipped before it was paid",
            )
        if shipped and received and received < shipped:
            self.fail(
                row,
                "received_at",
                self.shown(row, "received_at"),
                "received_before_shipped",
                "确认收货时间早于发货时间",
                "received before it was shipped",
            )
        applied, since = v.get("applied_at"), v.get("state_since")
        if applied and since and since < applied:
            self.fail(
                row,
                "state_since",
                self.shown(row, "state_since"),
                "state_since_before_applied",
                "状态开始时间早于申请时间",
                "state began before the case was applied for",
            )
        refund, order_amount = v.get("amount_yuan"), v.get("order_amount_yuan")
        if isinstance(refund, int) and isinstance(order_amount, int) and refund > order_amount:
            self.fail(
                row,
                "amount_yuan",
                self.shown(row, "amount_yuan"),
                "refund_exceeds_order",
                f"退款金额大于订单金额 {cells.format_yuan(order_amount)} 元",
                f"refund is larger than the order amount {cells.format_yuan(order_amount)}",
            )

    # -- the whole file ---------------------------------------------------------
    def run(self, rows: Sequence[Sequence[Cell]]) -> Outcome:
        parsed = [
            self.parse(index, raw)
            for index, raw in enumerate(rows)
            if index > self.match.row_index and not _blank(raw)
        ]
        key = "order_no" if self.preset.kind == "orders" else "case_no"
        survivors = self.join_keys(parsed, key)
        objects: list[tuple[_Row, Order | Case]] = []
        for row in survivors:
            if row.errors or row.blocked:
                continue
            try:
                objects.append((row, self.build(row)))
            except (TypeError, ValueError) as exc:
                self.fail(
                    row,
                    key,
                    self.shown(row, key),
                    "invalid",
                    f"数据不一致：{exc}",
                    f"inconsistent data: {exc}",
                )
        shops = self.collect_shops([row for row, _ in objects])
        valid = [obj for row, obj in objects if not row.errors]
        errors = tuple(e for row in parsed for e in row.errors)
        return Outcome(
            rows_total=len(parsed),
            shops=shops,
            orders=tuple(o for o in valid if isinstance(o, Order)),
            cases=tuple(c for c in valid if isinstance(c, Case)),
            errors=tuple(sorted(errors, key=lambda e: e.row)),
        )

    def join_keys(self, parsed: list[_Row], key: str) -> list[_Row]:
        """Report duplicate keys on every row involved; merge Douyin sub-orders."""
        groups: dict[tuple[object, object], list[_Row]] = {}
        for row in parsed:
            if row.values.get(key) is not None:
                groups.setdefault((row.values["platform"], row.values[key]), []).append(row)
        merged_away: set[int] = set()
        for group in groups.values():
            if len(group) < 2:
                continue
            sub = self.preset.sub_order_field
            subs = [row.values.get(sub) for row in group] if sub else []
            if sub and None not in subs and len(set(subs)) == len(subs):
                _merge_sub_orders(group)
                merged_away.update(id(row) for row in group[1:])
                continue
            for position, row in enumerate(group):
                other = group[1] if position == 0 else group[0]
                self.fail(
                    row,
                    key,
                    str(row.values[key]),
                    "duplicate_key",
                    f"与第{other.row}行重复",
                    f"duplicates row {other.row}",
                )
        return [row for row in parsed if id(row) not in merged_away]

    def build(self, row: _Row) -> Order | Case:
        v = row.values
        if self.preset.kind == "orders":
            return Order(
                platform=v["platform"], shop=v["shop"], order_no=v["order_no"],
                amount_fen=v["amount_yuan"], paid_at=v["paid_at"], title=v.get("title") or "",
                group_success_at=v.get("group_success_at"), ship_by=v.get("ship_by"),
                shipped_at=v.get("shipped_at"), received_at=v.get("received_at"),
                goods_type=v.get("goods_type") or "normal",
                customised=bool(v.get("customised")), presale=bool(v.get("presale")),
                buyer_name=v.get("buyer_name") or "", buyer_phone=v.get("buyer_phone") or "",
                buyer_address=v.get("buyer_address") or "",
            )  # fmt: skip
        return Case(
            platform=v["platform"], shop=v["shop"], case_no=v["case_no"],
            order_no=v["order_no"], kind=v["kind"], state=v["state"],
            applied_at=v["applied_at"], state_since=v.get("state_since") or v["applied_at"],
            amount_fen=v["amount_yuan"], reason=v.get("reason") or "",
            platform_deadline=v.get("platform_deadline"),
            cancellation_count=v.get("cancellation_count") or 0,
            shipped_at_application=v.get("shipped_at_application"),
            tracking_no=v.get("tracking_no") or "",
        )  # fmt: skip

    def collect_shops(self, rows: list[_Row]) -> tuple[Shop, ...]:
        """One Shop per (platform, name); a promised after-sales period must agree."""
        days: dict[tuple[Platform, str], tuple[int | None, _Row]] = {}
        for row in rows:
            shop_key = (row.values["platform"], row.values["shop"])
            value = row.values.get("promised_aftersale_days")
            known = days.get(shop_key)
            if known is None or (known[0] is None and value is not None):
                days[shop_key] = (value, row)
            elif value is not None and value != known[0]:
                self.fail(
                    row,
                    "promised_aftersale_days",
                    str(value),
                    "conflicting_shop_setting",
                    f"与第{known[1].row}行的承诺售后天数 {known[0]} 不一致",
                    f"differs from {known[0]} days in row {known[1].row}",
                )
        return tuple(
            Shop(platform, name, promised_aftersale_days=value)
            for (platform, name), (value, _) in days.items()
        )


def _merge_sub_orders(group: list[_Row]) -> None:
    """Fold Douyin sub-order rows into the first: the order is shipped / received
    only when every sub-order is, at the last one; its ship-by is the earliest."""
    first = group[0].values
    values = [row.values for row in group]
    amounts = [v.get("amount_yuan") for v in values]
    if all(isinstance(a, int) for a in amounts):
        first["amount_yuan"] = sum(amounts)
    titles = [str(v["title"]) for v in values if v.get("title")]
    first["title"] = "；".join(dict.fromkeys(titles))
    for name, pick in (("paid_at", min), ("ship_by", min)):
        known = [v[name] for v in values if v.get(name) is not None]
        first[name] = pick(known) if known else None
    for name in ("shipped_at", "received_at"):
        times = [v.get(name) for v in values]
        first[name] = None if None in times else max(times)
    group[0].blocked = any(row.errors for row in group)


def _pick(raw: Sequence[Cell], positions: tuple[int, ...]) -> tuple[Cell, int]:
    """A field's cell and column: its only column, or the first non-empty of several."""
    if len(positions) == 1:
        return (raw[positions[0]] if positions[0] < len(raw) else None), positions[0]
    for candidate in positions:
        if candidate < len(raw) and as_text(raw[candidate]):
            return raw[candidate], candidate
    return None, positions[0]


def _blank(raw: Sequence[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in raw)


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def validate_rows(rows: Sequence[Sequence[Cell]], match: HeaderMatch, ctx: Context) -> Outcome:
    return _Validator(match, ctx).run(rows)
