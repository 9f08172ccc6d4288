"""The command line's Chinese (core.texts_zh) is the window's Chinese, code for code.

The window names a code through gui/labels.py (code -> English source string) and
the Qt catalogue resources/translations/shopclock_main_zh_CN.ts (source -> Chinese,
context "labels"); the command line cannot load Qt, so core.texts_zh repeats the
Chinese. These tests read both and fail when they drift apart, when a table lacks
a code, and when a code the command line prints has no Chinese name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from enum import StrEnum
from pathlib import Path

import pytest

from core import texts_zh as zh
from core.domain import (
    Actor,
    CaseKind,
    CaseState,
    Condition,
    GoodsType,
    Ineligible,
    Platform,
    Source,
    TimerOrigin,
)
from core.rules.engine import PLATFORM_DEADLINE_TIMER
from core.rules.schema import OUTCOME_CODES, TIMER_CODES
from core.rules.transitions import EXPIRE, PLATFORM_PENDING, Action, Refusal
from gui import labels

TS_FILE = Path(__file__).resolve().parents[2] / "resources/translations/shopclock_main_zh_CN.ts"

# core.texts_zh table -> the gui.labels table that names the same codes in the window
PAIRS = {
    "PLATFORMS": labels.PLATFORMS,
    "KINDS": labels.KINDS,
    "STATES": labels.STATES,
    "ACTORS": labels.ACTORS,
    "SOURCES": labels.SOURCES,
    "ORIGINS": labels.ORIGINS,
    "GOODS": labels.GOODS,
    "ACTIONS": labels.ACTIONS,
    "AGREE_BY_KIND": labels.AGREE_BY_KIND,
    "EVENTS": labels.EVENTS,
    "REFUSALS": labels.REFUSALS,
    "TIMERS": labels.TIMERS,
    "OUTCOMES": labels.OUTCOMES,
    "INELIGIBLE": labels.INELIGIBLE,
    "CONDITIONS": labels.CONDITIONS,
    "WARNINGS": labels.WARNINGS,
}


def window_chinese() -> dict[str, str]:
    """The finished translations of context "labels": English source -> Chinese."""
    found = {}
    for context in ET.parse(TS_FILE).getroot().iter("context"):
        if context.findtext("name") != labels.CONTEXT:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in (
                "unfinished",
                "obsolete",
                "vanished",
            ):
                continue  # Qt shows the English for these: nothing to agree with
            found[message.findtext("source")] = translation.text or ""
    return found


WINDOW = window_chinese()


def as_the_cli_says_it(text: str) -> str:
    """A button's trailing "…" means "a dialog opens": the command line has no dialog."""
    return text.removesuffix("…")


@pytest.mark.parametrize("table", sorted(PAIRS))
def test_each_name_is_the_windows_translation_of_the_code(table):
    ours, gui = getattr(zh, table), PAIRS[table]
    assert set(ours) == set(gui), f"{table}: codes differ from gui.labels.{table}"
    wrong = {}
    for code, source in gui.items():
        assert source in WINDOW, f"{table}[{code!r}]: {source!r} has no finished translation"
        if ours[code] != as_the_cli_says_it(WINDOW[source]):
            wrong[str(code)] = (ours[code], WINDOW[source])
    assert not wrong, f"core.texts_zh.{table} differs from the window (ours, window): {wrong}"


def test_the_comparison_would_see_a_drift(monkeypatch):
    """The check above is not vacuous: a changed word in core is caught."""
    monkeypatch.setitem(zh.STATES, CaseState.REFUNDED, "已退款")
    with pytest.raises(AssertionError, match="STATES"):
        test_each_name_is_the_windows_translation_of_the_code("STATES")


# every enum the command line prints -> the core.texts_zh table that names its members
ENUM_TABLES = [
    (Platform, "PLATFORMS"),
    (CaseKind, "KINDS"),
    (CaseState, "STATES"),
    (Actor, "ACTORS"),
    (Source, "SOURCES"),
    (TimerOrigin, "ORIGINS"),
    (GoodsType, "GOODS"),
    (Action, "ACTIONS"),
    (CaseKind, "AGREE_BY_KIND"),
    (Refusal, "REFUSALS"),
    (Refusal, "REFUSAL_TEXT"),
    (Ineligible, "INELIGIBLE"),
    (Condition, "CONDITIONS"),
]


@pytest.mark.parametrize(
    ("enum", "table"), ENUM_TABLES, ids=[f"{e.__name__}-{t}" for e, t in ENUM_TABLES]
)
def test_every_member_of_each_printed_enum_has_a_chinese_name(enum: type[StrEnum], table: str):
    missing = [m.value for m in enum if m not in getattr(zh, table)]
    assert not missing, f"{enum.__name__}: no Chinese in core.texts_zh.{table} for {missing}"


def test_every_timer_outcome_and_event_code_has_a_chinese_name(book):
    timers = set(TIMER_CODES) | {PLATFORM_DEADLINE_TIMER}
    outcomes = set(OUTCOME_CODES) | {PLATFORM_PENDING}
    for pack in book.packs():  # the shipped packs use only schema codes, all named
        timers |= {r.timer for r in pack.rules}
        outcomes |= {r.on_expiry for r in pack.rules}
    events = {a.value for a in Action} | {EXPIRE, "import"}
    assert timers - set(zh.TIMERS) == set()
    assert outcomes - set(zh.OUTCOMES) == set()
    assert events - set(zh.EVENTS) == set()


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_name_is_chinese():
    for table in [*PAIRS, "REFUSAL_TEXT"]:
        for code, text in getattr(zh, table).items():
            assert CJK.search(text), f"{table}[{code!r}] = {text!r} is not Chinese"


def test_refusals_add_only_the_option_to_use():
    for code, text in zh.REFUSAL_TEXT.items():
        assert text.startswith(zh.REFUSALS[code])
    assert "--tracking）" in zh.REFUSAL_TEXT[Refusal.TRACKING_REQUIRED]  # `act --tracking`
    assert "--at" in zh.REFUSAL_TEXT[Refusal.DEADLINE_PASSED]


def test_lookups_accept_members_and_stored_strings_and_give_unknown_codes_back():
    assert zh.platform(Platform.DOUYIN) == zh.platform("douyin") == "抖店"
    assert zh.state("awaiting_merchant") == "待商家处理"
    assert zh.timer("a_timer_from_a_newer_pack") == "a_timer_from_a_newer_pack"
    assert zh.outcome("surprise") == "surprise"
    assert zh.state(None) == ""
    assert zh.kind(["not", "hashable"]) == "['not', 'hashable']"
    assert zh.action(Action.AGREE) == "同意"
    assert zh.action("agree", CaseKind.EXCHANGE) == "同意换货"
    assert zh.ineligible(Ineligible.SPECIAL_GOODS, GoodsType.FRESH) == "生鲜类商品"
    assert zh.ineligible("special_goods") == "特殊类商品"
    assert zh.refusal("brand_new_refusal") == "brand_new_refusal"


def test_warnings_with_data_are_the_windows_translation():
    """``calendar_fallback:<year>`` and ``special_period:<id>``: the window fills the
    same %1 into its translated sentence (gui.labels.warning)."""
    assert WINDOW[labels.CALENDAR_FALLBACK] == zh.CALENDAR_FALLBACK
    assert WINDOW[labels.SPECIAL_PERIOD] == zh.SPECIAL_PERIOD
    assert zh.warning("calendar_fallback:2027") == "节假日数据未覆盖2027年，按周一至周五计算"
    assert zh.warning("special_period:double11") == "特殊时期规则生效：double11"
    assert zh.warning("fact_unknown:goods") == "商品类型未知，按最早的期限显示"
    assert zh.warning("from_a_newer_engine") == "from_a_newer_engine"


def test_every_warning_the_engine_gives_has_a_chinese_name():
    from core import calendar
    from core.rules import engine

    codes = {v for k, v in vars(engine).items() if k.startswith("W_")}
    with_data = {code.removesuffix(":") for code in codes if code.endswith(":")}
    with_data.add(calendar.CALENDAR_FALLBACK)
    assert codes - with_data - {c + ":" for c in with_data} == set(zh.WARNINGS)
    assert with_data == set(zh.WARNINGS_WITH_DATA)
