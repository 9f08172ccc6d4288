"""Turn the data rows under a header into Orders or Cases, or into row errors.

Contract: `validate_rows` looks at every row before anything is decided: each
cell is parsed, impossible facts are refused (received before shipped,
shipped before paid, refund above the order amount, negative money,
unreadable times, unknown status texts), and duplicate keys are reported on
every row involved, naming the other row. Only rows without any error become
domain objects. Douyin sub-order rows of one main order are merged into one
Order (amounts summed; shipped / received only once every sub-order is).

Memory stays bounded by the valid rows: rows arrive one at a time, every
error is counted but only the first ones are kept (`ErrorLog`), and a bad row
is dropped as soon as it is read, keeping only what the duplicate-key check
needs (`_Seen`) when it has a key. A good row keeps its parsed values and, of the
file's row, only the cells a later message can name (`_LATE`): its whole row of
cells (~30 strings) held for 100,000 rows was ~145 MiB at read_file's peak.

Threading: pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import Any

from core.domain import Case, Order, Platform, Shop
from core.importers import cells
from core.importers.cells import Cell, as_text, normalize_key
from core.importers.errors import ERRORS_KEPT, CellProblem, ErrorLog, RowError, row_error
from core.importers.header import HeaderMatch
from core.importers.objects import build, merge_sub_orders
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
_CHOICES_REMEMBERED = 1000  # per field
# Prices, empty cells and the same time in two columns of a row repeat in an export.
_REPEATING = frozenset({"money", "time"})
# the fields a message can name once every row was read (duplicate keys, an object
# that cannot be built, a shop's conflicting setting): a good row keeps their cells
_LATE = ("order_no", "case_no", "promised_aftersale_days")
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
    # the file's row: the cell each value came from is found again; None once a good
    # row was read (then ``late``: its cells at _Validator.late_positions)
    raw: Sequence[Cell] | None
    failed: list[str] | None = None  # the fields with an error; not None: the row is bad
    blocked: bool = False  # merged with a sub-order row that has errors
    late: tuple[Cell, ...] = ()


@dataclass(frozen=True, slots=True)
class _Seen:
    """What is left of a bad row that has a key: enough to be named as a duplicate."""

    row: int
    sub: object  # its sub-order number (Douyin), or None
    column: str  # the key's header text


@dataclass(frozen=True, slots=True)
class Outcome:
    rows_total: int
    shops: tuple[Shop, ...]
    orders: tuple[Order, ...]
    cases: tuple[Case, ...]
    errors: tuple[RowError, ...]  # the first ones by row (ErrorLog)
    errors_total: int
    rows_with_errors: int


class _Validator:
    def __init__(self, match: HeaderMatch, ctx: Context, max_errors: int) -> None:
        self.log = ErrorLog(max_errors)
        self.memos: dict[str, dict[str, object]] = {}  # kind -> cell text -> value
        self.key = "order_no" if match.preset.kind == "orders" else "case_no"
        self.match = match
        self.preset = match.preset
        self.ctx = ctx
        self.required = self.preset.required
        # per field: its candidate columns and its parser, looked up once, not per row
        self.plan = [
            (name, positions, len(positions) == 1, self.parser(name))
            for name, positions in match.columns.items()
        ]
        # the columns of the fields a later message can name (see keep_late)
        self.late_positions = sorted({pos for name in _LATE for pos in match.columns.get(name, ())})
        self.late_width = self.late_positions[-1] + 1 if self.late_positions else 0
        late = self.late_positions
        self.late_getter = itemgetter(*late) if len(late) > 1 else lambda raw: (raw[late[0]],)

    # -- naming -----------------------------------------------------------------
    def picked(self, row: _Row, field_name: str) -> tuple[Cell, int | None]:
        """The raw cell a field's value came from, and its column (for messages)."""
        positions = self.match.columns.get(field_name)
        if positions is None:
            return None, None
        raw = row.raw
        if raw is None:  # a good row after reading: its late cells only
            if field_name not in _LATE:
                raise LookupError(f"{field_name}: its cell was not kept (see _LATE)")
            raw = [None] * self.late_width
            for pos, cell in zip(self.late_positions, row.late, strict=True):
                raw[pos] = cell
        return _pick(raw, positions)

    def column_name(self, row: _Row, field_name: str) -> str:
        index = self.picked(row, field_name)[1]
        if index is not None and self.match.headers[index]:
            return self.match.headers[index]
        return self.preset.column(field_name).aliases[0]

    def fail(
        self, row: _Row, field_name: str, code: str, zh: str, en: str, value: str | None = None
    ) -> None:
        """One error; value None: the field's cell as shown (built only if kept)."""
        if row.failed is None:
            row.failed = []
            self.log.rows += 1
        row.failed.append(field_name)
        if self.log.count(row.row):
            shown = self.shown(row, field_name) if value is None else value
            column = self.column_name(row, field_name)
            self.log.keep(row_error(row.row, column, shown, code, zh, en))

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
                self.fail(row, name, problem.code, zh, en)
        for name in self.required:
            if values.get(name) is None and (row.failed is None or name not in row.failed):
                self.fail(row, name, "required", "必填项为空", "required value is empty", "")
        self.resolve_platform_and_shop(row)
        if self.preset.refine is not None:
            self.preset.refine(
                RowFixer(row.values, lambda f, c, zh, en: self.fail(row, f, c, zh, en, ""))
            )
        self.check_facts(row)
        return row

    def parser(self, name: str) -> Callable[[Cell], object]:
        kind = FIELD_TYPES[name]
        if kind in _REPEATING:  # one memo per kind: a row's paid and grouped times agree
            return cells.remembering(_PARSERS[kind], self.memos.setdefault(kind, {}))
        if kind != "choice":
            return _PARSERS[kind]
        found: dict[str, object] = {}  # cell text -> value or None: a file repeats a few
        choices = self.preset.choices[name]
        zh, en = _CHOICE_WORDS[name]

        def choice(cell: Cell) -> object:
            text = as_text(cell)
            if not text:
                return None
            value = found.get(text, found)
            if value is found:
                value = choices.get(normalize_key(text))
                if len(found) < _CHOICES_REMEMBERED:  # a junk file's texts are endless
                    found[text] = value
            if value is None:
                raise CellProblem("unknown_value", zh, en)
            return value

        return choice

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
                "shipped_before_paid",
                "发货时间早于付款时间",
                "shipped before it was paid",
            )
        if shipped and received and received < shipped:
            self.fail(
                row,
                "received_at",
                "received_before_shipped",
                "确认收货时间早于发货时间",
                "received before it was shipped",
            )
        applied, since = v.get("applied_at"), v.get("state_since")
        if applied and since and since < applied:
            self.fail(
                row,
                "state_since",
                "state_since_before_applied",
                "状态开始时间早于申请时间",
                "state began before the case was applied for",
            )
        refund, order_amount = v.get("amount_yuan"), v.get("order_amount_yuan")
        if isinstance(refund, int) and isinstance(order_amount, int) and refund > order_amount:
            self.fail(
                row,
                "amount_yuan",
                "refund_exceeds_order",
                f"退款金额大于订单金额 {cells.format_yuan(order_amount)} 元",
                f"refund is larger than the order amount {cells.format_yuan(order_amount)}",
            )

    # -- the whole file ---------------------------------------------------------
    def run(self, rows: Iterable[Sequence[Cell]]) -> Outcome:
        """Every row under the header, one at a time; a bad row is dropped at once."""
        start = self.match.row_index + 1
        good: list[_Row] = []  # the rows without errors so far, in file order
        seen: dict[object, dict[object, Any]] = {}  # see remember()
        rows_total = 0
        for index, raw in enumerate(islice(rows, start, None), start):
            if _blank(raw):
                continue
            rows_total += 1
            row = self.parse(index, raw)
            if row.values.get(self.key) is not None:
                self.remember(seen, row)
            if row.failed is None:
                self.keep_late(row)
                good.append(row)
        merged_away = self.join_keys(
            (number, group)
            for by_key in seen.values()
            for number, group in by_key.items()
            if type(group) is list
        )
        objects: list[tuple[_Row, Order | Case]] = []
        for row in good:
            if row.failed or row.blocked or id(row) in merged_away:
                continue
            try:
                objects.append((row, build(self.preset.kind, row.values)))
            except (TypeError, ValueError) as exc:
                zh, en = f"数据不一致：{exc}", f"inconsistent data: {exc}"
                self.fail(row, self.key, "invalid", zh, en)
        shops = self.collect_shops([row for row, _ in objects])
        valid = [obj for row, obj in objects if not row.failed]
        return Outcome(
            rows_total=rows_total,
            shops=shops,
            orders=tuple(o for o in valid if isinstance(o, Order)),
            cases=tuple(c for c in valid if isinstance(c, Case)),
            errors=self.log.kept(),
            errors_total=self.log.total,
            rows_with_errors=self.log.rows,
        )

    def keep_late(self, row: _Row) -> None:
        """Of a good row's cells, keep those of the _LATE fields only."""
        raw = row.raw
        if self.late_positions:
            if len(raw) >= self.late_width:
                row.late = self.late_getter(raw)
            else:  # a short row: its missing cells are empty
                row.late = tuple(raw[p] if p < len(raw) else None for p in self.late_positions)
        row.raw = None

    def remember(self, seen: dict[object, dict[object, Any]], row: _Row) -> None:
        """Note a row's key (platform -> key -> row or rows); of a bad row, a _Seen."""
        entry: _Row | _Seen = row
        if row.failed is not None:
            sub = self.preset.sub_order_field
            sub_number = row.values.get(sub) if sub else None
            entry = _Seen(row.row, sub_number, self.column_name(row, self.key))
        platform, number = row.values["platform"], row.values[self.key]
        by_key = seen.get(platform)
        if by_key is None:
            by_key = seen[platform] = {}
        before = by_key.setdefault(number, entry)
        if before is entry:
            return
        if type(before) is list:
            before.append(entry)
        else:
            by_key[number] = [before, entry]

    def join_keys(self, groups: Iterable[tuple[object, list[_Row | _Seen]]]) -> set[int]:
        """Report duplicate keys on every row involved; merge Douyin sub-orders.

        Returns the id() of the rows merged into the first of their group."""
        key, sub = self.key, self.preset.sub_order_field
        merged_away: set[int] = set()
        for number, group in groups:
            if sub:
                subs = [m.sub if isinstance(m, _Seen) else m.values.get(sub) for m in group]
                if None not in subs and len(set(subs)) == len(subs):
                    _merge_sub_orders(group)
                    merged_away.update(id(member) for member in group[1:])
                    continue
            for position, member in enumerate(group):
                other = group[1] if position == 0 else group[0]
                zh, en = f"与第{other.row}行重复", f"duplicates row {other.row}"
                if isinstance(member, _Row):
                    self.fail(member, key, "duplicate_key", zh, en, str(number))
                elif self.log.count(member.row):  # a bad row: counted among them already
                    self.log.keep(
                        row_error(member.row, member.column, str(number), "duplicate_key", zh, en)
                    )
        return merged_away

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
                    "conflicting_shop_setting",
                    f"与第{known[1].row}行的承诺售后天数 {known[0]} 不一致",
                    f"differs from {known[0]} days in row {known[1].row}",
                    str(value),
                )
        return tuple(
            Shop(platform, name, promised_aftersale_days=value)
            for (platform, name), (value, _) in days.items()
        )


def _merge_sub_orders(group: list[_Row | _Seen]) -> None:
    """A sub-order row with errors blocks the whole order; else fold them into the first."""
    head = group[0]
    if not isinstance(head, _Row):
        return  # the first row is bad: none of the order is imported
    if all(isinstance(member, _Row) for member in group):
        merge_sub_orders([member.values for member in group])
    else:
        head.blocked = True


def _pick(raw: Sequence[Cell], positions: tuple[int, ...]) -> tuple[Cell, int]:
    """A field's cell and column: its only column, or the first non-empty of several."""
    if len(positions) == 1:
        return (raw[positions[0]] if positions[0] < len(raw) else None), positions[0]
    for candidate in positions:
        if candidate < len(raw) and as_text(raw[candidate]):
            return raw[candidate], candidate
    return None, positions[0]


def _blank(raw: Sequence[Cell]) -> bool:
    if raw and type(raw[0]) is str and raw[0] and not raw[0][0].isspace():
        return False  # the usual data row, told without a generator
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in raw)


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def validate_rows(
    rows: Iterable[Sequence[Cell]],
    match: HeaderMatch,
    ctx: Context,
    *,
    max_errors: int = ERRORS_KEPT,
) -> Outcome:
    """The rows of the whole file, title and header rows included (read once, in order)."""
    return _Validator(match, ctx, max_errors).run(rows)
