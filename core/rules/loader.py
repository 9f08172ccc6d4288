"""Load and validate rule packs (resources/rules/*.toml) into RulePacks and a RuleBook.

Contract: a pack file is checked whole before any RulePack is built; any error
refuses the file whole with a ``PackError`` naming the file and the key path
(``taobao.toml: rules[3].unit: 'hourz' is not one of …``). Unknown keys, wrong
types (a boolean is not a number), unknown enum values and codes are errors.
The schema is documented at the top of ``resources/rules/pinduoduo.toml``.

``extends = "<platform>"`` starts from that platform's validated pack: rules with
the same id replace, new ids are added; ``[eligibility]`` and ``[metrics]`` keys,
``[[penalties]]`` (by trigger) and ``[[special_periods]]`` (by id) merge over the
base. The base is the newest pack of that platform whose version is not newer
than the extending pack's own, or exactly ``extends_version`` when given, so a
pack version always denotes the same rules.

Threading: loading reads files; the results (RulePack, RuleBook) are immutable
and safe to share between threads.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import string
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Any

from core.domain import Actor, CaseKind, CaseState, Condition, Confidence, GoodsType, Platform
from core.rules.explain import PLACEHOLDERS
from core.rules.model import (
    Anchor,
    EligibilityPolicy,
    LimitChange,
    MoneyAtRisk,
    Penalty,
    Rule,
    RulePack,
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

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_METRIC = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")
_TOML_POS = re.compile(r"at line (\d+), column (\d+)")


class PackError(ValueError):
    """A rule pack (or overlay) file was refused.

    ``file``: the file as shown to the user; ``key``: the key path of the first
    problem (``rules[4].next_state``); ``message``: what is wrong with it;
    ``errors``: every (key, message) found in the file.
    """

    def __init__(
        self, file: str, key: str, message: str, *, errors: Sequence[tuple[str, str]] = ()
    ) -> None:
        self.file = file
        self.key = key
        self.message = message
        self.errors = tuple(errors) or ((key, message),)
        text = f"{file}: {key}: {message}"
        others = len(self.errors) - 1
        if others:
            text += f" (and {others} more error{'s' if others > 1 else ''})"
        super().__init__(text)


def version_key(version: str) -> tuple[int, ...]:
    """Version text to a comparable tuple: "2026.11.1" -> (2026, 11, 1)."""
    if not _VERSION.match(version):
        raise ValueError(f"not a version: {version!r}")
    return tuple(int(part) for part in version.split("."))


def default_rules_dir() -> Path:
    """resources/rules, from a checkout, an installed package or a frozen build."""
    root = files("resources")
    if not isinstance(root, Path):  # a zipped install would need extraction first
        raise RuntimeError(f"resources is not on the file system: {root!r}")
    return root / "rules"


# --------------------------------------------------------------------------- checking

_BAD = object()  # a converter's "this value was refused" (the error is recorded)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"date {value.isoformat()}"
    if isinstance(value, time):
        return f"time {value.isoformat()}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _sub(key: str, name: str) -> str:
    name = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
    return f"{key}.{name}" if key else name


class _Checker:
    """Collects every (key, message) of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[tuple[str, str]] = []

    def error(self, key: str, message: str) -> object:
        self.errors.append((key, message))
        return _BAD

    def raise_if_any(self) -> None:
        if self.errors:
            key, message = self.errors[0]
            raise PackError(self.file, key, message, errors=self.errors)

    def table(
        self,
        data: Any,
        key: str,
        spec: Mapping[str, Callable[[_Checker, Any, str], Any]],
        required: Iterable[str] = (),
    ) -> dict[str, Any] | None:
        """Convert a TOML table by `spec`; None if it is not a table."""
        if not isinstance(data, dict):
            self.error(key, f"expected a table, got {_describe(data)}")
            return None
        for name in data:
            if name not in spec:
                close = difflib.get_close_matches(name, list(spec), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.error(_sub(key, name), f"unknown key{hint}")
        for name in required:
            if name not in data:
                self.error(_sub(key, name), "missing (required)")
        out: dict[str, Any] = {}
        for name, convert in spec.items():
            if name in data:
                value = convert(self, data[name], _sub(key, name))
                if value is not _BAD:
                    out[name] = value
        return out

    def array_of_tables(self, data: Any, key: str) -> list[tuple[str, Any]]:
        if not isinstance(data, list):
            self.error(key, f"expected an array of tables ([[{key}]]), got {_describe(data)}")
            return []
        return [(f"{key}[{i}]", item) for i, item in enumerate(data)]


Converter = Callable[[_Checker, Any, str], Any]


def _text(chk: _Checker, value: Any, key: str) -> Any:
    if not isinstance(value, str):
        return chk.error(key, f"expected text, got {_describe(value)}")
    if not value.strip():
        return chk.error(key, "must not be empty")
    return value


def _identifier(chk: _Checker, value: Any, key: str) -> Any:
    value = _text(chk, value, key)
    if value is not _BAD and not _ID.match(value):
        return chk.error(key, f"{value!r} is not an id (lower-case a-z, 0-9, _ and dots)")
    return value


def _version(chk: _Checker, value: Any, key: str) -> Any:
    value = _text(chk, value, key)
    if value is not _BAD and not _VERSION.match(value):
        return chk.error(key, f'{value!r} is not a version like "2026.11.1"')
    return value


def _bool(chk: _Checker, value: Any, key: str) -> Any:
    if not isinstance(value, bool):
        return chk.error(key, f"expected true or false, got {_describe(value)}")
    return value


def _int(minimum: int) -> Converter:
    word = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"

    def convert(chk: _Checker, value: Any, key: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return chk.error(key, f"expected {word}, got {_describe(value)}")
        if value < minimum:
            return chk.error(key, f"expected {word}, got {value}")
        return value

    return convert


def _number(low: float = 0.0, high: float | None = None) -> Converter:
    word = f"a number > {low:g}" + (f" and <= {high:g}" if high is not None else "")

    def convert(chk: _Checker, value: Any, key: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return chk.error(key, f"expected {word}, got {_describe(value)}")
        if value <= low or (high is not None and value > high):
            return chk.error(key, f"expected {word}, got {value}")
        return float(value)

    return convert


def _any_number(chk: _Checker, value: Any, key: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return chk.error(key, f"expected a number, got {_describe(value)}")
    return float(value)


def _date(chk: _Checker, value: Any, key: str) -> Any:
    if isinstance(value, datetime) or not isinstance(value, date):
        return chk.error(key, f"expected a date like 2026-11-01, got {_describe(value)}")
    return value


def _choice(values: Sequence[str]) -> Converter:
    def convert(chk: _Checker, value: Any, key: str) -> Any:
        if not isinstance(value, str):
            return chk.error(key, f"expected text, got {_describe(value)}")
        if value not in values:
            return chk.error(key, f"{value!r} is not one of {', '.join(values)}")
        return value

    return convert


def _enum(cls: type[StrEnum]) -> Converter:
    names = [member.value for member in cls]
    check = _choice(names)

    def convert(chk: _Checker, value: Any, key: str) -> Any:
        value = check(chk, value, key)
        return value if value is _BAD else cls(value)

    return convert


def _array(item: Converter) -> Converter:
    def convert(chk: _Checker, value: Any, key: str) -> Any:
        if not isinstance(value, list):
            return chk.error(key, f"expected an array, got {_describe(value)}")
        out = []
        for i, element in enumerate(value):
            converted = item(chk, element, f"{key}[{i}]")
            if converted is _BAD:
                return _BAD
            if converted in out:
                return chk.error(f"{key}[{i}]", f"{element!r} is listed twice")
            out.append(converted)
        return tuple(out)

    return convert


def _placeholders(chk: _Checker, text: str, key: str) -> bool:
    try:
        fields = list(string.Formatter().parse(text))
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


def _explanation(chk: _Checker, value: Any, key: str) -> Any:
    value = _text(chk, value, key)
    if value is not _BAD and not _placeholders(chk, value, key):
        return _BAD
    return value


# --------------------------------------------------------------------------- the schema

_PACK = {
    "platform": _enum(Platform),
    "version": _version,
    "name_zh": _text,
    "name_en": _text,
    "extends": _enum(Platform),
    "extends_version": _version,
}

_RULE: dict[str, Converter] = {
    "id": _identifier,
    "timer": _choice(TIMER_CODES),
    "scope": _enum(Scope),
    "actor": _enum(Actor),
    "limit": _int(1),
    "unit": _enum(Unit),
    "on_expiry": _choice(OUTCOME_CODES),
    "clause": _text,
    "source": _text,
    "confidence": _enum(Confidence),
    "explain_zh": _explanation,
    "explain_en": _explanation,
    "anchor": _enum(Anchor),
    "states": _array(_enum(CaseState)),
    "kinds": _array(_enum(CaseKind)),
    "goods": _array(_enum(GoodsType)),
    "shipped_at_application": _bool,
    "next_state": _enum(CaseState),
    "cap": _choice(CAPS),
    "money_at_risk": _enum(MoneyAtRisk),
    "informational": _bool,
    "window_role": _enum(WindowRole),
    "opens": _enum(Anchor),
    "extend_by_promised_period": _bool,
    "min_limit_hours": _number(),
    "remind_before_hours": _array(_number()),
    "valid_from": _date,
    "valid_to": _date,
}
_RULE_REQUIRED = (
    "id", "timer", "scope", "actor", "on_expiry", "clause", "source", "confidence",
    "explain_zh", "explain_en",
)  # fmt: skip

_PENALTY = {
    "id": _identifier,
    "trigger": _choice(PENALTY_TRIGGERS),
    "clause": _text,
    "source": _text,
    "confidence": _enum(Confidence),
    "fixed_fen": _int(0),
    "rate": _number(0.0, 1.0),
    "min_fen": _int(0),
    "max_fen": _int(0),
}


def _customised(chk: _Checker, value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        return chk.error(key, f"expected a table, got {_describe(value)}")
    kinds, conditions = _enum(CaseKind), _array(_enum(Condition))
    out = {}
    for name, listed in value.items():
        kind = kinds(chk, name, _sub(key, name))
        converted = conditions(chk, listed, _sub(key, name))
        if kind is not _BAD and converted is not _BAD:
            out[kind] = converted
    return out


_ELIGIBILITY = {
    "max_cancellations": _int(1),
    "special_goods": _array(_enum(GoodsType)),
    "special_goods_excluded": _array(_enum(CaseKind)),
    "requires_shipped": _array(_enum(CaseKind)),
    "requires_received": _array(_enum(CaseKind)),
    "customised": _customised,
    "clause_special_goods": _text,
    "clause_cancellations": _text,
    "clause_customised": _text,
}


def _changes(chk: _Checker, value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        wanted = "a table of rule id = { limit, unit }"
        return chk.error(key, f"expected {wanted}, got {_describe(value)}")
    if not value:
        return chk.error(key, "a special period must change at least one rule")
    spec = {"limit": _int(1), "unit": _enum(Unit)}
    out = {}
    for rule_id, change in value.items():
        fields = chk.table(change, _sub(key, rule_id), spec, required=spec)
        if fields is not None and len(fields) == len(spec):
            out[rule_id] = LimitChange(**fields)
    return out


_PERIOD = {
    "id": _identifier,
    "name_zh": _text,
    "name_en": _text,
    "valid_from": _date,
    "valid_to": _date,
    "source": _text,
    "changes": _changes,
}


def _metrics(chk: _Checker, value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        return chk.error(key, f"expected a table, got {_describe(value)}")
    out = {}
    for name, number in value.items():
        if not _METRIC.match(name):
            chk.error(_sub(key, name), "metric names are lower-case a-z, 0-9 and _")
            continue
        converted = _any_number(chk, number, _sub(key, name))
        if converted is not _BAD:
            out[name] = converted
    return out


_TOP = ("pack", "eligibility", "metrics", "penalties", "rules", "special_periods")


# --------------------------------------------------------------------------- rules


def _rule(chk: _Checker, data: Any, key: str) -> Rule | None:
    before = len(chk.errors)
    fields = chk.table(data, key, _RULE, _RULE_REQUIRED)
    if fields is None or len(chk.errors) > before:
        return None
    scope: Scope = fields["scope"]

    def forbid(name: str, why: str) -> None:
        if name in fields:
            chk.error(_sub(key, name), why)

    if "limit" in fields and "unit" not in fields:
        chk.error(_sub(key, "unit"), "missing (required when limit is given)")
    if "limit" not in fields:
        for lang in ("zh", "en"):
            if "{limit}" in fields[f"explain_{lang}"]:
                chk.error(_sub(key, f"explain_{lang}"), "uses {limit} but the rule has no limit")
    if scope is Scope.CASE:
        if not fields.get("states"):
            chk.error(_sub(key, "states"), "a case rule needs the states it runs in")
    else:
        forbid("states", f"only case rules run in states (scope is {scope})")
        forbid("next_state", f"only case rules move a case (scope is {scope})")
        forbid("cap", f"only case rules are capped (scope is {scope})")
        forbid("shipped_at_application", f"only case rules know the application (scope is {scope})")
    if scope is Scope.WINDOW:
        if "window_role" not in fields:
            chk.error(_sub(key, "window_role"), "missing (required for scope window)")
        if not fields.get("kinds"):
            chk.error(_sub(key, "kinds"), "a window needs the kinds of request it limits")
        if fields.get("window_role") is WindowRole.REQUEST and "opens" not in fields:
            chk.error(_sub(key, "opens"), "missing (required for window_role request)")
    else:
        for name in ("window_role", "opens", "extend_by_promised_period"):
            forbid(name, f"only window rules have {name} (scope is {scope})")
    if fields.get("informational"):
        forbid("next_state", "an informational timer changes no state")
    minimum, limit = fields.get("min_limit_hours"), fields.get("limit")
    hours_per = {Unit.HOURS: 1, Unit.DAYS: 24}.get(fields.get("unit"))  # type: ignore[arg-type]
    if minimum is not None and limit is not None and hours_per and minimum > limit * hours_per:
        chk.error(_sub(key, "min_limit_hours"), f"{minimum:g} h is more than the limit itself")
    first, last = fields.get("valid_from"), fields.get("valid_to")
    if first and last and first > last:
        chk.error(_sub(key, "valid_to"), f"{last} is before valid_from {first}")
    if len(chk.errors) > before:
        return None
    fields.setdefault("limit", None)
    fields.setdefault("unit", Unit.HOURS)  # no limit: the unit only names a platform deadline
    return Rule(**fields)


def _meet(a: tuple, b: tuple, everything: type[StrEnum]) -> list:
    """Common members of two filters where empty means every member."""
    return [member for member in everything if (not a or member in a) and (not b or member in b)]


def _overlap(a: Rule, b: Rule) -> str | None:
    """How two rules could both run for one case/order/window, or None."""
    if a.scope is not b.scope or a.informational or b.informational:
        return None
    if a.scope is Scope.CASE:
        states = [state for state in a.states if state in b.states]
        if not states:
            return None
        where = f"state {states[0]}"
    elif a.scope is Scope.ORDER:
        if a.timer != b.timer:
            return None
        where = f"timer {a.timer}"
    else:
        if a.window_role is not b.window_role:
            return None
        where = f"window {a.window_role}"
    kinds = _meet(a.kinds, b.kinds, CaseKind)
    goods = _meet(a.goods, b.goods, GoodsType)
    if not kinds or not goods:
        return None
    if None not in (a.shipped_at_application, b.shipped_at_application) and (
        a.shipped_at_application != b.shipped_at_application
    ):
        return None
    start = max(a.valid_from or date.min, b.valid_from or date.min)
    end = min(a.valid_to or date.max, b.valid_to or date.max)
    if start > end:
        return None
    shipped = a.shipped_at_application
    shipped = b.shipped_at_application if shipped is None else shipped
    detail = f"{where}, kind {kinds[0]}, goods {goods[0]}"
    if shipped is not None:
        detail += ", shipped" if shipped else ", unshipped"
    return detail


# --------------------------------------------------------------------------- packs


def _display(path: Path) -> str:
    return f"archive/{path.name}" if path.parent.name == "archive" else path.name


def _read_toml(path: Path, display: str) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Notepad writes a BOM
    except OSError as exc:
        raise PackError(display, "(file)", f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise PackError(display, "(file)", f"not UTF-8 text ({exc.reason})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POS.search(str(exc))
        where = f"line {found.group(1)}" if found else "(syntax)"
        raise PackError(display, where, f"TOML syntax error: {exc}") from exc


def _select_base(
    candidates: Sequence[RulePack], platform: Platform, own: str, wanted: str | None
) -> RulePack | str:
    """The base pack for an extending pack, or why there is none."""
    if not candidates:
        return f"no {platform} pack to extend"
    if wanted is not None:
        match = [p for p in candidates if version_key(p.version) == version_key(wanted)]
        return match[0] if match else f"no {platform} pack with version {wanted}"
    older = [p for p in candidates if version_key(p.version) <= version_key(own)]
    if not older:
        found = ", ".join(p.version for p in candidates)
        return f"every {platform} pack ({found}) is newer than {own}; set extends_version"
    return max(older, key=lambda p: version_key(p.version))


def _penalties(chk: _Checker, data: Any) -> list[tuple[str, Penalty]]:
    penalties = []
    for key, item in chk.array_of_tables(data, "penalties"):
        before = len(chk.errors)
        fields = chk.table(item, key, _PENALTY, ("id", "trigger", "clause", "source", "confidence"))
        if fields is None:
            continue
        if ("fixed_fen" in fields) == ("rate" in fields) and len(chk.errors) == before:
            chk.error(key, "give exactly one of fixed_fen or rate")
        if "fixed_fen" in fields:
            for name in ("min_fen", "max_fen"):
                if name in fields:
                    chk.error(_sub(key, name), "only with rate")
        low, high = fields.get("min_fen"), fields.get("max_fen")
        if low is not None and high is not None and low > high:
            chk.error(_sub(key, "max_fen"), f"{high} is below min_fen {low}")
        if len(chk.errors) == before:
            penalties.append((key, Penalty(**fields)))
    return penalties


def _check_unique(chk: _Checker, items: list[tuple[str, Any]], attr: str, label: str) -> None:
    seen: dict[str, str] = {}
    for key, obj in items:
        value = getattr(obj, attr)
        if value in seen:
            chk.error(_sub(key, attr), f"{label} {value!r} is already used by {seen[value]}")
        seen.setdefault(value, key)


def _check_overlaps(chk: _Checker, rules: list[tuple[str, Rule]]) -> None:
    """Principle 1: one timer per state (and one per order timer, one window per role)."""
    for j, (key_b, rule_b) in enumerate(rules):
        for key_a, rule_a in rules[:j]:
            detail = _overlap(rule_a, rule_b)
            if detail:
                chk.error(
                    key_a if key_b.startswith("(") else key_b,  # "(taobao id 'x')": a base rule
                    f"rule {rule_b.id!r} overlaps {key_a} ({rule_a.id!r}) in {detail}: "
                    "one timer per state",
                )


def _build(
    data: dict[str, Any], display: str, bases: Callable[[Platform], Sequence[RulePack]]
) -> RulePack:
    chk = _Checker(display)
    for name in data:
        if name not in _TOP:
            chk.error(name, f"unknown key (expected one of {', '.join(_TOP)})")
    head: dict[str, Any] = {}
    if "pack" not in data:
        chk.error("pack", "missing (required)")
    else:
        required = ("platform", "version", "name_zh", "name_en")
        head = chk.table(data["pack"], "pack", _PACK, required) or {}
    extends = head.get("extends")
    if "extends_version" in head and extends is None:
        chk.error("pack.extends_version", "only with extends")

    eligibility = None
    if "eligibility" in data:
        eligibility = chk.table(data["eligibility"], "eligibility", _ELIGIBILITY)
    metrics = _metrics(chk, data.get("metrics", {}), "metrics")

    penalties = _penalties(chk, data.get("penalties", []))

    rules: list[tuple[str, Rule]] = []
    rule_items = chk.array_of_tables(data.get("rules", []), "rules")
    if extends is None and not rule_items and isinstance(data.get("rules", []), list):
        chk.error("rules", "missing (a pack needs at least one [[rules]] table)")
    for key, item in rule_items:
        rule = _rule(chk, item, key)
        if rule is not None:
            rules.append((key, rule))

    periods: list[tuple[str, SpecialPeriod]] = []
    for key, item in chk.array_of_tables(data.get("special_periods", []), "special_periods"):
        period = _period(chk, item, key, _PERIOD)
        if period is not None:
            periods.append((key, period))

    _check_unique(chk, rules, "id", "rule id")
    _check_unique(chk, penalties, "id", "penalty id")
    _check_unique(chk, penalties, "trigger", "penalty trigger")
    _check_unique(chk, periods, "id", "special period id")

    # the base pack, then merge
    base: RulePack | None = None
    if extends is not None and "platform" in head and "version" in head:
        if extends == head["platform"]:
            chk.error("pack.extends", "a pack cannot extend its own platform")
        else:
            found = _select_base(
                bases(extends), extends, head["version"], head.get("extends_version")
            )
            if isinstance(found, str):
                chk.error("pack.extends", found)
            else:
                base = found
    merged_rules = _merge_by(base.rules if base else (), rules, "id", f"{extends}")
    merged_periods = _merge_by(base.special_periods if base else (), periods, "id", f"{extends}")
    merged_penalties = _merge_by(base.penalties if base else (), penalties, "trigger", f"{extends}")

    _check_overlaps(chk, merged_rules)
    known = {rule.id for _, rule in merged_rules}
    for key, period in periods:
        for rule_id in period.changes:
            if rule_id not in known:
                chk.error(_sub(_sub(key, "changes"), rule_id), f"no rule {rule_id!r} in this pack")

    chk.raise_if_any()
    policy = base.eligibility if base else EligibilityPolicy()
    if eligibility:
        policy = dataclasses.replace(policy, **eligibility)
    return RulePack(
        platform=head["platform"],
        version=head["version"],
        name_zh=head["name_zh"],
        name_en=head["name_en"],
        source_file=display,
        rules=tuple(rule for _, rule in merged_rules),
        eligibility=policy,
        penalties=tuple(penalty for _, penalty in merged_penalties),
        special_periods=tuple(period for _, period in merged_periods),
        metrics={**(base.metrics if base else {}), **metrics},
    )


def _period(
    chk: _Checker, item: Any, key: str, spec: Mapping[str, Converter]
) -> SpecialPeriod | None:
    before = len(chk.errors)
    fields = chk.table(item, key, spec, required=_PERIOD)
    if fields is None or len(chk.errors) > before:
        return None
    first, last = fields["valid_from"], fields["valid_to"]
    if first > last:
        chk.error(_sub(key, "valid_to"), f"{last} is before valid_from {first}")
        return None
    fields.pop("platform", None)
    return SpecialPeriod(**fields)


def _merge_by(base: Sequence[Any], own: list[tuple[str, Any]], attr: str, origin: str) -> list:
    """Base items (keyed "(<origin> <value>)") replaced/extended by own items by `attr`."""
    replaced = {getattr(obj, attr): (key, obj) for key, obj in own}
    out = []
    for obj in base:
        value = getattr(obj, attr)
        out.append(replaced.pop(value, (f"({origin} {attr} {value!r})", obj)))
    seen = {getattr(obj, attr) for _, obj in out}
    out.extend((key, obj) for key, obj in own if getattr(obj, attr) not in seen)
    return out


def _sibling_bases(path: Path) -> Callable[[Platform], Sequence[RulePack]]:
    def bases(platform: Platform) -> Sequence[RulePack]:
        sibling = path.parent / f"{platform}.toml"
        if not sibling.is_file() or sibling.resolve() == path.resolve():
            return ()
        return (load_pack(sibling),)

    return bases


def load_pack(path: Path, *, base: RulePack | None = None) -> RulePack:
    """Parse and validate one pack file; raise PackError for any problem.

    An extending pack uses `base` when given, else ``<extends>.toml`` next to it.
    """
    path = Path(path)
    display = _display(path)
    data = _read_toml(path, display)
    if base is not None:
        return _build(data, display, lambda platform: (base,) if base.platform == platform else ())
    return _build(data, display, _sibling_bases(path))


def _declared(data: dict[str, Any], name: str) -> str | None:
    head = data.get("pack")
    value = head.get(name) if isinstance(head, dict) else None
    return value if isinstance(value, str) else None


def load_rulebook(
    directory: Path | None = None,
    *,
    overlay: Mapping[Platform, Sequence[SpecialPeriod]] | None = None,
) -> RuleBook:
    """Every ``*.toml`` in `directory` (default: resources/rules) and ``archive/*.toml``.

    Any broken file refuses the whole book (PackError); nothing is half-loaded.
    """
    directory = default_rules_dir() if directory is None else Path(directory)
    if not directory.is_dir():
        raise PackError(str(directory), "(directory)", "not a directory")
    paths = sorted(directory.glob("*.toml")) + sorted((directory / "archive").glob("*.toml"))
    if not paths:
        raise PackError(str(directory), "(directory)", "no rule packs (*.toml) found")
    pending = [(path, _display(path), _read_toml(path, _display(path))) for path in paths]
    built: list[RulePack] = []
    while pending:
        waiting = []
        for item in pending:
            extends = _declared(item[2], "extends")
            if extends and any(
                other is not item and _declared(other[2], "platform") == extends
                for other in pending
            ):
                waiting.append(item)  # its base is not built yet
                continue
            built.append(
                _build(item[2], item[1], lambda p: [pack for pack in built if pack.platform == p])
            )
        if len(waiting) == len(pending):
            raise PackError(waiting[0][1], "pack.extends", "circular extends")
        pending = waiting
    return RuleBook(built, overlay)


def load_overlay(path: Path) -> dict[Platform, tuple[SpecialPeriod, ...]]:
    """A user's file of special periods, ``[[special_periods]]`` each with a ``platform``.

    Rule ids are checked against the packs when the overlay joins a RuleBook.
    """
    path = Path(path)
    display = path.name
    data = _read_toml(path, display)
    chk = _Checker(display)
    for name in data:
        if name != "special_periods":
            chk.error(name, "unknown key (expected special_periods)")
    spec = {**_PERIOD, "platform": _enum(Platform)}
    found: dict[Platform, list[SpecialPeriod]] = {}
    seen: dict[tuple[Platform, str], str] = {}
    for key, item in chk.array_of_tables(data.get("special_periods", []), "special_periods"):
        platform = item.get("platform") if isinstance(item, dict) else None
        if isinstance(item, dict) and "platform" not in item:
            chk.error(_sub(key, "platform"), "missing (required)")
        period = _period(chk, item, key, spec)
        if period is None or platform is None:
            continue
        platform = Platform(platform)
        if (platform, period.id) in seen:
            other = seen[platform, period.id]
            chk.error(_sub(key, "id"), f"{period.id!r} is already used by {other}")
            continue
        seen[platform, period.id] = key
        found.setdefault(platform, []).append(period)
    chk.raise_if_any()
    return {platform: tuple(periods) for platform, periods in found.items()}


# --------------------------------------------------------------------------- the book


class RuleBook:
    """Every loaded pack version per platform, plus the user's special periods.

    ``pack(platform)`` is the newest version; ``pack(platform, version)`` the one
    a running timer was started under (unknown versions fall back to the newest:
    check ``has_version`` to warn). Versions compare numerically.
    """

    def __init__(
        self,
        packs: Iterable[RulePack],
        overlay: Mapping[Platform, Sequence[SpecialPeriod]] | None = None,
    ) -> None:
        by_platform: dict[Platform, dict[tuple[int, ...], RulePack]] = {}
        for pack in packs:
            versions = by_platform.setdefault(Platform(pack.platform), {})
            key = version_key(pack.version)
            if key in versions:
                raise PackError(
                    pack.source_file,
                    "pack.version",
                    f"{pack.platform} {pack.version} is already loaded from "
                    f"{versions[key].source_file}",
                )
            versions[key] = pack
        self._packs = {
            platform: tuple(versions[key] for key in sorted(versions))
            for platform, versions in by_platform.items()
        }
        self._overlay = {Platform(p): tuple(periods) for p, periods in (overlay or {}).items()}
        for platform, periods in self._overlay.items():
            known = {rule.id for pack in self._packs.get(platform, ()) for rule in pack.rules}
            for period in periods:
                for rule_id in period.changes:
                    if rule_id not in known:
                        raise PackError(
                            "overlay",
                            f"special_periods[{platform}:{period.id}].changes.{rule_id}",
                            f"no {platform} pack has a rule {rule_id!r}",
                        )

    def _versions(self, platform: Platform | str) -> tuple[RulePack, ...]:
        platform = Platform(platform)
        if platform not in self._packs:
            raise KeyError(f"no rule pack for {platform}")
        return self._packs[platform]

    def pack(self, platform: Platform | str, version: str | None = None) -> RulePack:
        packs = self._versions(platform)
        if version is not None:
            for pack in packs:
                if pack.version == version or _same_version(pack.version, version):
                    return pack
        return packs[-1]

    def has_version(self, platform: Platform | str, version: str) -> bool:
        try:
            packs = self._versions(platform)
        except KeyError:
            return False
        return any(_same_version(pack.version, version) for pack in packs)

    def versions(self, platform: Platform | str) -> tuple[str, ...]:
        """Oldest first."""
        return tuple(pack.version for pack in self._versions(platform))

    def special_periods(
        self, platform: Platform | str, version: str | None = None
    ) -> tuple[SpecialPeriod, ...]:
        """The pack's own periods plus the overlay's; an overlay period replaces one of the
        same id."""
        own = self.pack(platform, version).special_periods
        extra = self._overlay.get(Platform(platform), ())
        replaced = {period.id for period in extra}
        return tuple(p for p in own if p.id not in replaced) + extra

    def platforms(self) -> tuple[Platform, ...]:
        return tuple(platform for platform in Platform if platform in self._packs)

    def packs(self) -> tuple[RulePack, ...]:
        return tuple(pack for platform in self.platforms() for pack in self._packs[platform])

    def with_overlay(self, overlay: Mapping[Platform, Sequence[SpecialPeriod]]) -> RuleBook:
        """The same packs with another overlay (raises PackError if it names unknown rules)."""
        return RuleBook(self.packs(), overlay)


def _same_version(a: str, b: str) -> bool:
    try:
        return version_key(a) == version_key(b)
    except ValueError:
        return False
