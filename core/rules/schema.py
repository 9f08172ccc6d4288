"""The rule-pack schema: what each table of a pack file may hold.

Contract: the field specs (``PACK``, ``RULE``, ``PENALTY``, ``ELIGIBILITY``,
``PERIOD``) and the code lists (``TIMER_CODES``, ``OUTCOME_CODES``,
``PENALTY_TRIGGERS``, ``CAPS``) are the whole vocabulary of a pack file, as
documented at the top of ``resources/rules/pinduoduo.toml``. ``rule``,
``penalties``, ``period`` and ``metrics`` check one table (or array of tables)
including the rules between its fields, record every problem on the Checker,
and return model objects only for items without problems. Checks across
tables (unique ids, extends, overlaps) are in build.py.

Threading: pure functions over parsed TOML.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from datetime import date
from typing import Any

from core.domain import Actor, CaseKind, CaseState, Condition, Confidence, GoodsType, Platform
from core.rules.checks import (
    BAD,
    Checker,
    Converter,
    array_of,
    boolean,
    calendar_date,
    describe,
    identifier,
    integer,
    member_of,
    number,
    one_of,
    sub,
    text,
    version,
)
from core.rules.explain import PLACEHOLDERS
from core.rules.model import (
    Anchor,
    LimitChange,
    MoneyAtRisk,
    Penalty,
    Rule,
    Scope,
    SpecialPeriod,
    Unit,
    WindowRole,
)

TIMER_CODES = (
    "merchant_handle",
    "buyer_after_rejection",
    "buyer_ship_return",
    "merchant_confirm_return",
    "merchant_evidence",
    "platform_review",
    "refund_arrival",
    "intervention_available",
    "ship_by",
    "refund_only_window",
    "return_refund_window",
    "exchange_window",
    "no_reason_window",
)
OUTCOME_CODES = (
    "auto_refund",
    "auto_refund_without_return",
    "auto_agree_return",
    "buyer_overdue_closed",
    "platform_decides",
    "platform_rules_for_buyer",
    "late_shipment_compensation",
    "no_new_request",
    "info",
    "intervention_available",
)
PENALTY_TRIGGERS = ("late_shipment", "out_of_stock", "warranty_breach")
CAPS = ("ship_by",)

TOP = ("pack", "eligibility", "metrics", "penalties", "rules", "special_periods")

_METRIC = re.compile(r"^[a-z][a-z0-9_]*$")


def _placeholders(chk: Checker, value: str, key: str) -> bool:
    try:
        fields = list(string.Formatter().parse(value))
    except ValueError as exc:
        chk.error(key, f"bad braces ({exc}); the only placeholder is {{limit}}")
        return False
    ok = True
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            chk.error(key, f"unknown placeholder {{{name}}}; the only placeholder is {{limit}}")
            ok = False
    return ok


def _explanation(chk: Checker, value: Any, key: str) -> Any:
    value = text(chk, value, key)
    if value is not BAD and not _placeholders(chk, value, key):
        return BAD
    return value


def _customised(chk: Checker, value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        return chk.error(key, f"expected a table, got {describe(value)}")
    kinds, conditions = member_of(CaseKind), array_of(member_of(Condition))
    out = {}
    for name, listed in value.items():
        kind = kinds(chk, name, sub(key, name))
        converted = conditions(chk, listed, sub(key, name))
        if kind is not BAD and converted is not BAD:
            out[kind] = converted
    return out


def _changes(chk: Checker, value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        wanted = "a table of rule id = { limit, unit }"
        return chk.error(key, f"expected {wanted}, got {describe(value)}")
    if not value:
        return chk.error(key, "a special period must change at least one rule")
    spec = {"limit": integer(1), "unit": member_of(Unit)}
    out = {}
    for rule_id, change in value.items():
        fields = chk.table(change, sub(key, rule_id), spec, required=spec)
        if fields is not None and len(fields) == len(spec):
            out[rule_id] = LimitChange(**fields)
    return out


PACK = {
    "platform": member_of(Platform),
    "version": version,
    "name_zh": text,
    "name_en": text,
    "extends": member_of(Platform),
    "extends_version": version,
}
PACK_REQUIRED = ("platform", "version", "name_zh", "name_en")

RULE: dict[str, Converter] = {
    "id": identifier,
    "timer": one_of(TIMER_CODES),
    "scope": member_of(Scope),
    "actor": member_of(Actor),
    "limit": integer(1),
    "unit": member_of(Unit),
    "on_expiry": one_of(OUTCOME_CODES),
    "clause": text,
    "source": text,
    "confidence": member_of(Confidence),
    "explain_zh": _explanation,
    "explain_en": _explanation,
    "anchor": member_of(Anchor),
    "states": array_of(member_of(CaseState)),
    "kinds": array_of(member_of(CaseKind)),
    "goods": array_of(member_of(GoodsType)),
    "shipped_at_application": boolean,
    "next_state": member_of(CaseState),
    "cap": one_of(CAPS),
    "money_at_risk": member_of(MoneyAtRisk),
    "informational": boolean,
    "window_role": member_of(WindowRole),
    "opens": member_of(Anchor),
    "extend_by_promised_period": boolean,
    "min_limit_hours": number(),
    "remind_before_hours": array_of(number()),
    "valid_from": calendar_date,
    "valid_to": calendar_date,
}
RULE_REQUIRED = (
    "id", "timer", "scope", "actor", "on_expiry", "clause", "source", "confidence",
    "explain_zh", "explain_en",
)  # fmt: skip

PENALTY = {
    "id": identifier,
    "trigger": one_of(PENALTY_TRIGGERS),
    "clause": text,
    "source": text,
    "confidence": member_of(Confidence),
    "fixed_fen": integer(0),
    "rate": number(0.0, 1.0),
    "min_fen": integer(0),
    "max_fen": integer(0),
}
PENALTY_REQUIRED = ("id", "trigger", "clause", "source", "confidence")

ELIGIBILITY = {
    "max_cancellations": integer(1),
    "special_goods": array_of(member_of(GoodsType)),
    "special_goods_excluded": array_of(member_of(CaseKind)),
    "requires_shipped": array_of(member_of(CaseKind)),
    "requires_received": array_of(member_of(CaseKind)),
    "customised": _customised,
    "clause_special_goods": text,
    "clause_cancellations": text,
    "clause_customised": text,
}

PERIOD = {
    "id": identifier,
    "name_zh": text,
    "name_en": text,
    "valid_from": calendar_date,
    "valid_to": calendar_date,
    "source": text,
    "changes": _changes,
}
OVERLAY_PERIOD = {**PERIOD, "platform": member_of(Platform)}  # a user's overlay file


def _date_order(chk: Checker, key: str, first: date | None, last: date | None) -> bool:
    """False (error recorded at ``key.valid_to``) when `last` is before `first`."""
    if first and last and first > last:
        chk.error(sub(key, "valid_to"), f"{last} is before valid_from {first}")
        return False
    return True


def metrics(chk: Checker, value: Any, key: str) -> dict[str, float]:
    """``[metrics]``: metric name = number; bad entries are left out."""
    if not isinstance(value, dict):
        chk.error(key, f"expected a table, got {describe(value)}")
        return {}
    convert = number(low=None)
    out = {}
    for name, given in value.items():
        if not _METRIC.match(name):
            chk.error(sub(key, name), "metric names are lower-case a-z, 0-9 and _")
            continue
        converted = convert(chk, given, sub(key, name))
        if converted is not BAD:
            out[name] = converted
    return out


def rule(chk: Checker, data: Any, key: str) -> Rule | None:
    """One ``[[rules]]`` table, with the rules between its fields (by scope)."""
    before = len(chk.errors)
    fields = chk.clean_table(data, key, RULE, RULE_REQUIRED)
    if fields is None:
        return None
    scope: Scope = fields["scope"]

    def forbid(name: str, why: str) -> None:
        if name in fields:
            chk.error(sub(key, name), why)

    if "limit" in fields and "unit" not in fields:
        chk.error(sub(key, "unit"), "missing (required when limit is given)")
    if "limit" not in fields:
        for lang in ("zh", "en"):
            if "{limit}" in fields[f"explain_{lang}"]:
                chk.error(sub(key, f"explain_{lang}"), "uses {limit} but the rule has no limit")
    if scope is Scope.CASE:
        if not fields.get("states"):
            chk.error(sub(key, "states"), "a case rule needs the states it runs in")
    else:
        forbid("states", f"only case rules run in states (scope is {scope})")
        forbid("next_state", f"only case rules move a case (scope is {scope})")
        forbid("cap", f"only case rules are capped (scope is {scope})")
        forbid("shipped_at_application", f"only case rules know the application (scope is {scope})")
    if scope is Scope.WINDOW:
        if "window_role" not in fields:
            chk.error(sub(key, "window_role"), "missing (required for scope window)")
        if not fields.get("kinds"):
            chk.error(sub(key, "kinds"), "a window needs the kinds of request it limits")
        if fields.get("window_role") is WindowRole.REQUEST and "opens" not in fields:
            chk.error(sub(key, "opens"), "missing (required for window_role request)")
    else:
        for name in ("window_role", "opens", "extend_by_promised_period"):
            forbid(name, f"only window rules have {name} (scope is {scope})")
    if fields.get("informational"):
        forbid("next_state", "an informational timer changes no state")
    minimum, limit = fields.get("min_limit_hours"), fields.get("limit")
    hours_per = {Unit.HOURS: 1, Unit.DAYS: 24}.get(fields.get("unit"))  # type: ignore[arg-type]
    if minimum is not None and limit is not None and hours_per and minimum > limit * hours_per:
        chk.error(sub(key, "min_limit_hours"), f"{minimum:g} h is more than the limit itself")
    _date_order(chk, key, fields.get("valid_from"), fields.get("valid_to"))
    if len(chk.errors) > before:
        return None
    fields.setdefault("limit", None)
    fields.setdefault("unit", Unit.HOURS)  # no limit: the unit only names a platform deadline
    return Rule(**fields)


def penalties(chk: Checker, data: Any) -> list[tuple[str, Penalty]]:
    """``[[penalties]]``: exactly one of fixed_fen or rate; min/max_fen only with rate."""
    found = []
    for key, item in chk.array_of_tables(data, "penalties"):
        before = len(chk.errors)
        fields = chk.table(item, key, PENALTY, PENALTY_REQUIRED)
        if fields is None:
            continue
        if ("fixed_fen" in fields) == ("rate" in fields) and len(chk.errors) == before:
            chk.error(key, "give exactly one of fixed_fen or rate")
        if "fixed_fen" in fields:
            for name in ("min_fen", "max_fen"):
                if name in fields:
                    chk.error(sub(key, name), "only with rate")
        low, high = fields.get("min_fen"), fields.get("max_fen")
        if low is not None and high is not None and low > high:
            chk.error(sub(key, "max_fen"), f"{high} is below min_fen {low}")
        if len(chk.errors) == before:
            found.append((key, Penalty(**fields)))
    return found


def period(
    chk: Checker, item: Any, key: str, spec: Mapping[str, Converter] = PERIOD
) -> SpecialPeriod | None:
    """One special period; `spec` is OVERLAY_PERIOD for an overlay file (platform dropped)."""
    fields = chk.clean_table(item, key, spec, required=PERIOD)
    if fields is None or not _date_order(chk, key, fields["valid_from"], fields["valid_to"]):
        return None
    fields.pop("platform", None)
    return SpecialPeriod(**fields)
