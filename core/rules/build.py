"""Parsed TOML of one pack file -> one validated RulePack.

Contract: ``build`` checks the whole file (schema.py for each table; here the
checks across tables: unique ids and triggers, ``extends``, rule overlaps,
special periods naming known rules) and raises one ``PackError`` listing every
problem, or returns a RulePack; it never returns a half-checked pack.

``extends = "<platform>"`` starts from that platform's validated pack: rules with
the same id replace, new ids are added; ``[eligibility]`` and ``[metrics]`` keys,
``[[penalties]]`` (by trigger) and ``[[special_periods]]`` (by id) merge over the
base. The base is the newest pack of that platform whose version is not newer
than the extending pack's own, or exactly ``extends_version`` when given, so a
pack version always denotes the same rules. Items taken from the base are
keyed ``(<platform> <attr> '<value>')`` in messages.

Threading: pure; the bases are asked for through the given callable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from core.domain import CaseKind, GoodsType, Platform
from core.rules import schema
from core.rules.checks import Checker, sub, version_key
from core.rules.model import EligibilityPolicy, Rule, RulePack, Scope

Bases = Callable[[Platform], Sequence[RulePack]]  # the loaded packs of a platform


def build(data: dict[str, Any], display: str, bases: Bases) -> RulePack:
    """The RulePack of one parsed file shown as `display`; PackError if anything is wrong."""
    chk = Checker(display)
    for name in data:
        if name not in schema.TOP:
            chk.error(name, f"unknown key (expected one of {', '.join(schema.TOP)})")
    head: dict[str, Any] = {}
    if "pack" not in data:
        chk.error("pack", "missing (required)")
    else:
        head = chk.table(data["pack"], "pack", schema.PACK, schema.PACK_REQUIRED) or {}
    extends = head.get("extends")
    if "extends_version" in head and extends is None:
        chk.error("pack.extends_version", "only with extends")

    eligibility = None
    if "eligibility" in data:
        eligibility = chk.table(data["eligibility"], "eligibility", schema.ELIGIBILITY)
    metrics = schema.metrics(chk, data.get("metrics", {}), "metrics")

    penalties = schema.penalties(chk, data.get("penalties", []))

    rules: list[tuple[str, Rule]] = []
    rule_items = chk.array_of_tables(data.get("rules", []), "rules")
    if extends is None and not rule_items and isinstance(data.get("rules", []), list):
        chk.error("rules", "missing (a pack needs at least one [[rules]] table)")
    for key, item in rule_items:
        rule = schema.rule(chk, item, key)
        if rule is not None:
            rules.append((key, rule))

    periods = []
    for key, item in chk.array_of_tables(data.get("special_periods", []), "special_periods"):
        period = schema.period(chk, item, key)
        if period is not None:
            periods.append((key, period))

    _check_unique(chk, rules, "id", "rule id")
    _check_unique(chk, penalties, "id", "penalty id")
    _check_unique(chk, penalties, "trigger", "penalty trigger")
    _check_unique(chk, periods, "id", "special period id")

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
    origin = str(extends)
    merged_rules = _merge_by(base.rules if base else (), rules, "id", origin)
    merged_periods = _merge_by(base.special_periods if base else (), periods, "id", origin)
    merged_penalties = _merge_by(base.penalties if base else (), penalties, "trigger", origin)

    _check_overlaps(chk, merged_rules)
    known = {rule.id for _, rule in merged_rules}
    for key, period in periods:
        for rule_id in period.changes:
            if rule_id not in known:
                chk.error(sub(sub(key, "changes"), rule_id), f"no rule {rule_id!r} in this pack")

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


def _check_unique(chk: Checker, items: list[tuple[str, Any]], attr: str, label: str) -> None:
    seen: dict[str, str] = {}
    for key, obj in items:
        value = getattr(obj, attr)
        if value in seen:
            chk.error(sub(key, attr), f"{label} {value!r} is already used by {seen[value]}")
        seen.setdefault(value, key)


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


def _check_overlaps(chk: Checker, rules: list[tuple[str, Rule]]) -> None:
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
