"""Render a rule's explanation text with its limit ("商家应在48小时内处理…").

Contract: explanation texts come from the rule pack and may contain one
placeholder, ``{limit}``; the loader refuses any other. ``{limit}`` renders the
rule's own limit, or a shop override when ``limit``/``unit`` are passed.
Languages: ``zh`` and ``en`` (``zh_CN``, ``en-US`` … are accepted).

Threading: pure functions, safe from any thread.
"""

from __future__ import annotations

from core.rules.model import Rule, Unit

PLACEHOLDERS = frozenset({"limit"})

_ZH = {
    Unit.HOURS: "{n}小时",
    Unit.DAYS: "{n}天",
    Unit.WORKING_DAYS: "{n}个工作日",
    Unit.NEXT_MIDNIGHT: "次日零时起{n}天",
}
_EN = {
    Unit.HOURS: ("{n} hour", "{n} hours"),
    Unit.DAYS: ("{n} day", "{n} days"),
    Unit.WORKING_DAYS: ("{n} working day", "{n} working days"),
    Unit.NEXT_MIDNIGHT: ("{n} day from the next midnight", "{n} days from the next midnight"),
}
_NO_LIMIT = {"zh": "平台给出的时限", "en": "the deadline the platform gives"}


def _lang(lang: str) -> str:
    base = lang.replace("-", "_").split("_", 1)[0].lower()
    if base not in ("zh", "en"):
        raise ValueError(f"unsupported language {lang!r} (zh or en)")
    return base


def format_limit(limit: int, unit: Unit | str, lang: str = "zh") -> str:
    """48小时 / 7天 / 3个工作日 / 次日零时起7天; "48 hours" / "1 day" / "3 working days" …"""
    unit = Unit(unit)
    if _lang(lang) == "zh":
        return _ZH[unit].format(n=limit)
    one, many = _EN[unit]
    return (one if limit == 1 else many).format(n=limit)


def render_explanation(
    rule: Rule, lang: str = "zh", limit: int | None = None, unit: Unit | str | None = None
) -> str:
    """The rule's explanation in `lang` with ``{limit}`` filled in.

    `limit` and `unit` override the rule's own (a shop override or special
    period); each one left out is the rule's. A rule without a limit (the
    platform gives the deadline) renders ``{limit}`` as "平台给出的时限".
    """
    code = _lang(lang)
    text = rule.explain_zh if code == "zh" else rule.explain_en
    value = rule.limit if limit is None else limit
    if value is None:
        rendered = _NO_LIMIT[code]
    else:
        rendered = format_limit(value, rule.unit if unit is None else unit, code)
    return text.format(limit=rendered)
