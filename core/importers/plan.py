"""Read a whole export into an ImportPlan; commit a plan in one transaction.

Contract: `read_file` never writes anything and never lets a library
exception escape: it returns an `ImportPlan` (valid objects, the number of
errors and of bad rows, and the first `max_errors` errors themselves) or
raises `FileError`. It reads the rows one at a time and drops a bad row at
once, so a million junk rows need no more memory than a few valid ones.
`commit_plan` writes nothing and raises `InvalidImport` while the plan has
errors, unless `skip_invalid`;
otherwise it hands the valid rows to the repository's `apply_import`, which
writes them in one transaction keyed on platform + number, so importing the
same file again changes nothing.

Threading: `read_file` is pure apart from reading the file and may run on a
worker thread; `commit_plan` follows the repository's threading rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any, Protocol

from core.domain import Case, Order, Platform, Shop, Source, require_aware
from core.gcpause import paused_gc
from core.importers.cells import Cell, as_text
from core.importers.detect import read_rows
from core.importers.errors import ERRORS_KEPT, FileError, InvalidImport, RowError, error_summary
from core.importers.header import HEADER_SEARCH_ROWS, HeaderMatch, find_header
from core.importers.validate import Context, validate_rows

DEFAULT_SHOP = "默认店铺"
_TAOBAO_FAMILY = (Platform.TAOBAO, Platform.TMALL)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    preset: str
    platform: Platform | None  # None when the file mixes platforms
    kind: str  # "orders" | "cases"
    encoding: str
    header_row: int  # 1-based
    rows_total: int  # non-empty rows under the header
    shops: tuple[Shop, ...]
    orders: tuple[Order, ...]
    cases: tuple[Case, ...]
    errors: tuple[RowError, ...]  # the first errors by row, at most read_file's max_errors
    errors_total: int  # every error counted, listed or not
    rows_with_errors: int  # rows with at least one error
    # the Order / Case fields the file (or the chosen shop) gives; None: all of them.
    # A stored record keeps the others: an export without a 商品类型 column must not
    # make a stored fruit order normal goods, nor one without 店铺 move it to 默认店铺.
    supplied: frozenset[str] | None = None

    @property
    def rows_valid(self) -> int:
        return len(self.orders) + len(self.cases)

    def error_summary(self) -> tuple[str, str]:
        """(zh, en): 共 1,150,000 处错误（涉及 100,000 行），仅列出前 1,000 处 / 1,150,000 …"""
        return error_summary(self.errors_total, self.rows_with_errors, len(self.errors))


class ImportTarget(Protocol):
    """What commit_plan needs: core.storage's Repository."""

    def get_shop(self, platform: Platform, name: str) -> Shop | None: ...

    def apply_import(
        self,
        *,
        shops: Sequence[Shop],
        orders: Sequence[Order],
        cases: Sequence[Case],
        source: Source,
        at: datetime,
        supplied: frozenset[str] | None = None,
    ) -> Any: ...


def read_file(
    path: Path | str,
    *,
    preset: str | None = None,
    shop: str | None = None,
    mapping: Mapping[str, str] | None = None,
    platform: Platform | str | None = None,
    max_errors: int = ERRORS_KEPT,
) -> ImportPlan:
    """Read and validate a whole export file.

    preset: force a preset by name instead of detecting it from the headers.
    shop: the shop name for rows without a 店铺 column (default 默认店铺).
    mapping: our field name -> the file's header text, for columns with unknown names.
    platform: the chosen shop's platform (decides Taobao vs Tmall for Taobao exports).
    max_errors: how many row errors the plan lists (all are counted); at least 1.
    """
    path = Path(path)
    with paused_gc():  # ~10 objects per valid row, all kept: see core.gcpause
        stream = read_rows(path)
        head = list(islice(stream.rows, HEADER_SEARCH_ROWS))
        match = find_header(head, preset=preset, mapping=mapping)
        default_platform = _default_platform(match, head, shop, platform)
        ctx = Context((shop or "").strip() or DEFAULT_SHOP, default_platform)
        rows = chain(head, stream.rows)
        outcome = validate_rows(rows, match, ctx, max_errors=max_errors)
    produced = {o.platform for o in (*outcome.orders, *outcome.cases)}
    plan_platform = produced.pop() if len(produced) == 1 else None
    if not produced and plan_platform is None:  # nothing valid: say what the file is
        plan_platform = default_platform
    return ImportPlan(
        preset=match.preset.name,
        platform=plan_platform,
        kind=match.preset.kind,
        encoding=stream.encoding,
        header_row=match.row_index + 1,
        rows_total=outcome.rows_total,
        shops=outcome.shops,
        orders=outcome.orders,
        cases=outcome.cases,
        errors=outcome.errors,
        errors_total=outcome.errors_total,
        rows_with_errors=outcome.rows_with_errors,
        supplied=_supplied(match, shop_given=bool((shop or "").strip())),
    )


def commit_plan(
    plan: ImportPlan, repo: ImportTarget, *, skip_invalid: bool = False, at: datetime
) -> Any:
    """Write the plan's valid rows in one transaction; refuse a plan with errors."""
    require_aware(at, "at")
    if plan.errors_total and not skip_invalid:
        raise InvalidImport(plan.errors, plan.errors_total, plan.rows_with_errors)
    return repo.apply_import(
        shops=_changed_shops(plan.shops, repo),
        orders=plan.orders,
        cases=plan.cases,
        source=Source.IMPORT,
        at=at,
        supplied=plan.supplied,
    )


# preset field -> the Order / Case field it gives (the others give the same name)
_FIELD_OF = {"amount_yuan": "amount_fen"}


def _supplied(match: HeaderMatch, *, shop_given: bool) -> frozenset[str]:
    """The record fields a file gives: its matched columns', its platform (a preset
    or a row always says it), and the shop when the file has a column or one was chosen."""
    names = {_FIELD_OF.get(name, name) for name in match.columns}
    names.add("platform")
    if shop_given:
        names.add("shop")
    return frozenset(names)


def _changed_shops(shops: Sequence[Shop], repo: ImportTarget) -> tuple[Shop, ...]:
    """New shops, and stored shops whose promised after-sales days the file changes.

    A file never knows a shop's rule overrides, and a platform export never knows
    its promised days: a stored shop keeps them (storage replaces the whole row).
    """
    changed = []
    for shop in shops:
        stored = repo.get_shop(shop.platform, shop.name)
        if stored is None:
            changed.append(shop)
        elif shop.promised_aftersale_days not in (None, stored.promised_aftersale_days):
            changed.append(replace(stored, promised_aftersale_days=shop.promised_aftersale_days))
    return tuple(changed)


def _default_platform(
    match: HeaderMatch,
    rows: Sequence[Sequence[Cell]],
    shop: str | None,
    platform: Platform | str | None,
) -> Platform | None:
    preset = match.preset
    chosen = _platform_arg(platform)
    if preset.platform is not None:
        if chosen is not None and chosen is not preset.platform:
            raise _platform_mismatch(preset.label_zh, preset.label_en, chosen)
        return preset.platform
    if "platform" in preset.fields:  # our template: every row names its platform
        return chosen
    # A Taobao-family export: Tmall if the shop says so or the title rows mention 天猫.
    if chosen is not None:
        if chosen not in _TAOBAO_FAMILY:
            raise _platform_mismatch(preset.label_zh, preset.label_en, chosen)
        return chosen
    above = " ".join(as_text(c) for row in rows[: match.row_index] for c in row)
    if "天猫" in above or "天猫" in (shop or "") or "tmall" in above.lower():
        return Platform.TMALL
    return Platform.TAOBAO


def _platform_arg(platform: Platform | str | None) -> Platform | None:
    if platform is None or platform == "":
        return None
    try:
        return Platform(platform)
    except ValueError as exc:
        raise FileError(
            "bad_platform",
            f"未知的平台「{platform}」。",
            f"Unknown platform {platform!r}.",
        ) from exc


def _platform_mismatch(label_zh: str, label_en: str, chosen: Platform) -> FileError:
    from core.texts_zh import platform as platform_zh

    return FileError(
        "platform_mismatch",
        f"这个文件是「{label_zh}」，与所选店铺的平台（{platform_zh(chosen)}）不符。",
        f"This file is a {label_en}, which does not match the chosen shop's platform "
        f"({chosen.value}).",
        {"platform": chosen.value},
    )
