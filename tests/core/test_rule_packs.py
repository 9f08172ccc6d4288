"""The shipped rule packs encode RULES.md; the loader refuses broken packs whole."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from core.domain import Actor, CaseKind, CaseState, Confidence, GoodsType, Platform
from core.rules.explain import format_limit, render_explanation
from core.rules.loader import (
    PackError,
    RuleBook,
    default_rules_dir,
    load_overlay,
    load_pack,
    load_rulebook,
)
from core.rules.model import Anchor, MoneyAtRisk, Scope, Unit, WindowRole

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "packs"
RULES_DIR = Path(__file__).resolve().parents[2] / "resources" / "rules"


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rulebook()


def copy_packs(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in RULES_DIR.glob("*.toml"):
        shutil.copy(path, target / path.name)
    return target


# --------------------------------------------------------------------------- shipped packs


def test_default_dir_is_the_checkout_resources() -> None:
    assert default_rules_dir().resolve() == RULES_DIR.resolve()


def test_all_four_packs_load(book: RuleBook) -> None:
    assert book.platforms() == (
        Platform.PINDUODUO,
        Platform.TAOBAO,
        Platform.TMALL,
        Platform.DOUYIN,
    )
    for platform in book.platforms():
        pack = book.pack(platform)
        assert pack.version == "2026.11.1"
        assert pack.source_file == f"{platform}.toml"
        assert pack.name_zh
        assert pack.name_en
        assert pack.special_periods == ()  # no real notice text yet


# (id, timer, actor, limit, unit, on_expiry, next_state, confidence)
H, D, WD, NM = Unit.HOURS, Unit.DAYS, Unit.WORKING_DAYS, Unit.NEXT_MIDNIGHT
M, B, P = Actor.MERCHANT, Actor.BUYER, Actor.PLATFORM
S, C, L = Confidence.SEED, Confidence.COMMON, Confidence.LOW
REFUNDED, CLOSED, AWAITING_RETURN = CaseState.REFUNDED, CaseState.CLOSED, CaseState.AWAITING_RETURN

# fmt: off
EXPECTED = {
    Platform.PINDUODUO: [
        ("ship_by", "ship_by", M, 48, H, "late_shipment_compensation", None, C),
        ("refund_only.merchant_handle.unshipped", "merchant_handle", M, 48, H,
         "auto_refund", REFUNDED, S),
        ("refund_only.merchant_handle", "merchant_handle", M, 48, H, "auto_refund", REFUNDED, S),
        ("return_refund.merchant_handle", "merchant_handle", M, 48, H,
         "auto_refund_without_return", REFUNDED, S),
        ("exchange.merchant_handle", "merchant_handle", M, 48, H,
         "auto_agree_return", AWAITING_RETURN, C),
        ("buyer_after_rejection", "buyer_after_rejection", B, 7, D,
         "buyer_overdue_closed", CLOSED, S),
        ("buyer_ship_return", "buyer_ship_return", B, 7, D, "buyer_overdue_closed", CLOSED, S),
        ("return_refund.merchant_confirm_return", "merchant_confirm_return", M, 7, D,
         "auto_refund", REFUNDED, C),
        ("exchange.merchant_confirm_return", "merchant_confirm_return", M, 7, D,
         "auto_refund", REFUNDED, L),
        ("intervention.evidence", "merchant_evidence", M, None, H, "platform_decides", None, S),
        ("refund_only_window", "refund_only_window", B, 15, D, "no_new_request", None, S),
        ("return_refund_window", "return_refund_window", B, 15, D, "no_new_request", None, S),
        ("exchange_window", "exchange_window", B, 7, D, "no_new_request", None, C),
        ("no_reason_window", "no_reason_window", B, 7, NM, "no_new_request", None, S),
    ],
    Platform.TAOBAO: [
        ("ship_by", "ship_by", M, 48, H, "late_shipment_compensation", None, L),
        ("refund.merchant_handle.unshipped", "merchant_handle", M, 48, H,
         "auto_refund", REFUNDED, C),
        ("refund_only.merchant_handle.shipped", "merchant_handle", M, 5, D,
         "auto_refund", REFUNDED, C),
        ("refund_only.merchant_handle.shipped.virtual", "merchant_handle", M, 3, D,
         "auto_refund", REFUNDED, C),
        ("return_refund.merchant_handle", "merchant_handle", M, 5, D,
         "auto_agree_return", AWAITING_RETURN, C),
        ("return_refund.merchant_handle.virtual", "merchant_handle", M, 3, D,
         "auto_agree_return", AWAITING_RETURN, C),
        ("buyer_after_rejection", "buyer_after_rejection", B, 7, D,
         "buyer_overdue_closed", CLOSED, L),
        ("buyer_ship_return", "buyer_ship_return", B, 7, D, "buyer_overdue_closed", CLOSED, C),
        ("merchant_confirm_return", "merchant_confirm_return", M, 10, D,
         "auto_refund", REFUNDED, C),
        ("intervention_available", "intervention_available", B, 72, H,
         "intervention_available", None, S),
        ("intervention.evidence", "merchant_evidence", M, None, H, "platform_decides", None, C),
        ("refund_only_window", "refund_only_window", B, 15, D, "no_new_request", None, S),
        ("return_refund_window", "return_refund_window", B, 15, D, "no_new_request", None, S),
        ("exchange_window", "exchange_window", B, 15, D, "no_new_request", None, S),
        ("no_reason_window", "no_reason_window", B, 7, NM, "no_new_request", None, C),
    ],
    Platform.DOUYIN: [
        ("ship_by", "ship_by", M, 48, H, "late_shipment_compensation", None, L),
        ("refund_only.merchant_handle.unshipped", "merchant_handle", M, 24, H,
         "auto_refund", REFUNDED, L),
        ("refund_only.merchant_handle", "merchant_handle", M, 48, H, "auto_refund", REFUNDED, C),
        ("return_refund.merchant_handle", "merchant_handle", M, 48, H,
         "auto_agree_return", AWAITING_RETURN, C),
        ("buyer_after_rejection", "buyer_after_rejection", B, 7, D,
         "buyer_overdue_closed", CLOSED, C),
        ("buyer_ship_return", "buyer_ship_return", B, 7, D, "buyer_overdue_closed", CLOSED, C),
        ("merchant_confirm_return", "merchant_confirm_return", M, 7, D, "auto_refund", REFUNDED, C),
        ("merchant_evidence", "merchant_evidence", M, 24, H,
         "platform_rules_for_buyer", REFUNDED, C),
        ("platform_review", "platform_review", P, 3, WD, "info", None, S),
        ("refund_arrival", "refund_arrival", P, 7, WD, "info", None, S),
        ("refund_only_window", "refund_only_window", B, 15, D, "no_new_request", None, L),
        ("return_refund_window", "return_refund_window", B, 15, D, "no_new_request", None, L),
        ("exchange_window", "exchange_window", B, 15, D, "no_new_request", None, L),
        ("no_reason_window", "no_reason_window", B, 7, NM, "no_new_request", None, C),
    ],
}
# fmt: on
EXPECTED[Platform.TMALL] = EXPECTED[Platform.TAOBAO]


@pytest.mark.parametrize("platform", list(EXPECTED))
def test_every_rules_md_row_has_a_rule(book: RuleBook, platform: Platform) -> None:
    pack = book.pack(platform)
    got = [
        (r.id, r.timer, r.actor, r.limit, r.unit, r.on_expiry, r.next_state, r.confidence)
        for r in pack.rules
    ]
    assert got == EXPECTED[platform]


def test_pinduoduo_details(book: RuleBook) -> None:
    pack = book.pack("pinduoduo")
    ship = pack.rule("ship_by")
    assert (ship.scope, ship.anchor, ship.money_at_risk) == (
        Scope.ORDER,
        Anchor.PAID,
        MoneyAtRisk.LATE_SHIPMENT_PENALTY,
    )
    unshipped = pack.rule("refund_only.merchant_handle.unshipped")
    assert unshipped.shipped_at_application is False
    assert unshipped.cap == "ship_by"
    assert unshipped.min_limit_hours == 24
    assert unshipped.clause == "2.2, 2.3"
    shipped = pack.rule("refund_only.merchant_handle")
    assert (shipped.shipped_at_application, shipped.cap, shipped.clause) == (True, None, "2.2")
    rr = pack.rule("return_refund.merchant_handle")
    assert rr.money_at_risk is MoneyAtRisk.REQUESTED_AND_GOODS
    assert rr.min_limit_hours == 24
    assert pack.rule("exchange.merchant_handle").money_at_risk is MoneyAtRisk.NONE
    assert pack.rule("buyer_after_rejection").states == (CaseState.REJECTED,)
    assert pack.rule("buyer_after_rejection").clause == "2.4, 2.5, 3.3, 3.4"
    evidence = pack.rule("intervention.evidence")
    assert (evidence.limit, evidence.next_state) == (None, None)
    assert evidence.states == (CaseState.INTERVENTION,)
    for rule_id, opens, extend in (
        ("refund_only_window", Anchor.PAID, True),
        ("return_refund_window", Anchor.SHIPPED, True),
        ("exchange_window", Anchor.RECEIVED, False),
    ):
        window = pack.rule(rule_id)
        assert (window.window_role, window.opens, window.anchor) == (
            WindowRole.REQUEST,
            opens,
            Anchor.RECEIVED,
        )
        assert window.extend_by_promised_period is extend
    assert pack.rule("no_reason_window").window_role is WindowRole.NO_REASON
    policy = pack.eligibility
    assert policy.max_cancellations == 3
    assert policy.special_goods == (
        GoodsType.FRUIT,
        GoodsType.FRESH,
        GoodsType.VIRTUAL,
        GoodsType.CAR,
    )
    assert policy.special_goods_excluded == (CaseKind.RETURN_REFUND, CaseKind.EXCHANGE)
    assert policy.requires_shipped == (CaseKind.RETURN_REFUND,)
    assert policy.requires_received == (CaseKind.EXCHANGE,)
    assert [c.value for c in policy.customised[CaseKind.REFUND_ONLY]] == [
        "quality_problem_only",
        "not_during_production",
    ]
    assert pack.penalty("late_shipment").amount_fen(10_000) == 300
    assert pack.penalty("warranty_breach").amount_fen(10_000) == 10_000
    assert dict(pack.metrics) == {"warn_multiple": 3.0, "severe_multiple": 5.0}


def test_taobao_goods_split_and_informational(book: RuleBook) -> None:
    pack = book.pack("taobao")
    non_virtual = (GoodsType.NORMAL, GoodsType.FRUIT, GoodsType.FRESH, GoodsType.CAR)
    assert pack.rule("refund_only.merchant_handle.shipped").goods == non_virtual
    assert pack.rule("refund_only.merchant_handle.shipped.virtual").goods == (GoodsType.VIRTUAL,)
    assert pack.rule("refund.merchant_handle.unshipped").kinds == ()
    available = pack.rule("intervention_available")
    assert available.informational
    assert available.anchor is Anchor.APPLIED
    assert pack.eligibility.requires_shipped == (CaseKind.RETURN_REFUND, CaseKind.EXCHANGE)
    late = pack.penalty("late_shipment")
    assert [late.amount_fen(x) for x in (1_000, 20_000, 1_000_000)] == [500, 1_000, 3_000]
    assert pack.metrics["dispute_count_activity_max"] == 6.0


def test_douyin_evidence_reminder_and_informational(book: RuleBook) -> None:
    pack = book.pack("douyin")
    assert pack.rule("merchant_evidence").remind_before_hours == (12.0,)
    assert pack.rule("platform_review").informational
    assert pack.rule("refund_arrival").states == (CaseState.REFUNDED,)
    assert pack.rule("ship_by").money_at_risk is MoneyAtRisk.NONE
    assert pack.eligibility.customised[CaseKind.RETURN_REFUND][0].value == "no_seven_day_no_reason"


def test_tmall_inherits_taobao_and_overrides_penalties(book: RuleBook) -> None:
    taobao, tmall = book.pack("taobao"), book.pack("tmall")
    assert tmall.platform is Platform.TMALL
    assert tmall.rules == taobao.rules
    assert tmall.eligibility == taobao.eligibility
    assert tmall.metrics == taobao.metrics
    late = tmall.penalty("late_shipment")
    assert (late.rate, late.max_fen) == (0.30, 50_000)
    assert late.amount_fen(1_000_000) == 50_000
    assert tmall.penalty("out_of_stock").rate == 0.30
    assert tmall.penalty("out_of_stock").confidence is Confidence.SEED
    assert taobao.penalty("out_of_stock") is None
    assert load_pack(RULES_DIR / "tmall.toml").rules == taobao.rules  # resolves its sibling


def test_extending_pack_replaces_and_adds_rules(tmp_path: Path) -> None:
    copy_packs(tmp_path)
    (tmp_path / "tmall.toml").write_text(
        (RULES_DIR / "tmall.toml").read_text(encoding="utf-8")
        + """
[eligibility]
max_cancellations = 5

[metrics]
extra = 1

[[rules]]
id = "merchant_confirm_return"
timer = "merchant_confirm_return"
scope = "case"
states = ["return_shipped"]
limit = 7
unit = "days"
actor = "merchant"
on_expiry = "auto_refund"
next_state = "refunded"
clause = "test"
source = "test"
confidence = "low"
explain_zh = "{limit}"
explain_en = "{limit}"
""",
        encoding="utf-8",
    )
    tmall = load_rulebook(tmp_path).pack("tmall")
    assert tmall.rule("merchant_confirm_return").limit == 7
    assert len(tmall.rules) == 15
    assert tmall.eligibility.max_cancellations == 5
    assert tmall.eligibility.requires_shipped == (CaseKind.RETURN_REFUND, CaseKind.EXCHANGE)
    assert tmall.metrics["extra"] == 1.0
    assert tmall.metrics["dispute_count_activity_max"] == 6.0


def test_explanations_render_in_both_languages(book: RuleBook) -> None:
    for pack in book.packs():
        for rule in pack.rules:
            for lang in ("zh", "en"):
                text = render_explanation(rule, lang)
                assert text, (pack.platform, rule.id)
                assert "{" not in text, (pack.platform, rule.id)
                assert "}" not in text, (pack.platform, rule.id)


def test_texts_shown_to_the_operator_have_no_english_words(book: RuleBook) -> None:
    """Clauses and sources are shown in the Chinese window and CLI (「拼多多售后规则 3.6：…」):
    no English notes such as "(text breaks off at 3.6.1)" or "seed 000"."""
    english = re.compile(r"[A-Za-z]{2,}")
    for pack in book.packs():
        e = pack.eligibility
        texts = [
            ("name_zh", pack.name_zh),
            ("clause_special_goods", e.clause_special_goods),
            ("clause_cancellations", e.clause_cancellations),
            ("clause_customised", e.clause_customised),
        ]
        texts += [(f"rule {r.id}", t) for r in pack.rules for t in (r.clause, r.source)]
        texts += [(f"rule {r.id}", r.explain_zh.replace("{limit}", "")) for r in pack.rules]
        texts += [(f"penalty {p.id}", t) for p in pack.penalties for t in (p.clause, p.source)]
        for where, text in texts:
            assert not english.search(text), (pack.platform, where, text)
    pdd = book.pack(Platform.PINDUODUO)
    assert pdd.rule("return_refund.merchant_confirm_return").clause == "3.6（原文在 3.6.1 处中断）"
    assert pdd.eligibility.clause_cancellations.startswith("2.6")


# --------------------------------------------------------------------------- versions


def _archive(
    directory: Path, platform: str, version: str, edit: tuple[str, str] = ("", "")
) -> None:
    text = (RULES_DIR / f"{platform}.toml").read_text(encoding="utf-8")
    text = text.replace('version = "2026.11.1"', f'version = "{version}"').replace(*edit)
    (directory / "archive").mkdir(exist_ok=True)
    (directory / "archive" / f"{platform}-{version}.toml").write_text(text, encoding="utf-8")


def test_versions_compare_numerically_and_archives_are_selectable(tmp_path: Path) -> None:
    copy_packs(tmp_path)
    ship = '\nunit = "hours"\nactor = "merchant"\non_expiry = "late_shipment_compensation"'
    old_ship = ("limit = 48" + ship, "limit = 72" + ship)
    _archive(tmp_path, "pinduoduo", "2026.9.1", old_ship)
    _archive(tmp_path, "pinduoduo", "2026.10.2")
    book = load_rulebook(tmp_path)
    assert book.versions("pinduoduo") == ("2026.9.1", "2026.10.2", "2026.11.1")
    assert book.pack("pinduoduo").version == "2026.11.1"  # "9" > "11" as text, not as numbers
    assert book.pack("pinduoduo", None).version == "2026.11.1"
    old = book.pack(Platform.PINDUODUO, "2026.9.1")
    assert old.rule("ship_by").limit == 72
    assert old.source_file == "archive/pinduoduo-2026.9.1.toml"
    assert book.pack("pinduoduo").rule("ship_by").limit == 48
    assert book.has_version("pinduoduo", "2026.9.1")
    assert book.has_version("pinduoduo", "2026.09.1")  # numerically equal
    assert not book.has_version("pinduoduo", "2025.1.1")
    assert not book.has_version("pinduoduo", "garbage")
    assert book.pack("pinduoduo", "2025.1.1").version == "2026.11.1"  # unknown -> newest
    assert book.versions("douyin") == ("2026.11.1",)


def test_archived_tmall_extends_the_taobao_of_its_time(tmp_path: Path) -> None:
    copy_packs(tmp_path)
    edit = ("limit = 10\n", "limit = 12\n")  # taobao merchant_confirm_return
    _archive(tmp_path, "taobao", "2026.9.1", edit)
    _archive(tmp_path, "tmall", "2026.9.1")
    book = load_rulebook(tmp_path)
    assert book.pack("tmall", "2026.9.1").rule("merchant_confirm_return").limit == 12
    assert book.pack("tmall").rule("merchant_confirm_return").limit == 10


def test_extends_version_pins_the_base(tmp_path: Path) -> None:
    copy_packs(tmp_path)
    _archive(tmp_path, "taobao", "2026.9.1", ("limit = 10\n", "limit = 12\n"))
    tmall = tmp_path / "tmall.toml"
    text = tmall.read_text(encoding="utf-8")
    tmall.write_text(
        text.replace('extends = "taobao"', 'extends = "taobao"\nextends_version = "2026.9.1"'),
        encoding="utf-8",
    )
    assert load_rulebook(tmp_path).pack("tmall").rule("merchant_confirm_return").limit == 12
    tmall.write_text(
        text.replace('extends = "taobao"', 'extends = "taobao"\nextends_version = "2020.1.1"'),
        encoding="utf-8",
    )
    with pytest.raises(
        PackError, match=r"tmall\.toml: pack\.extends: no taobao pack with version 2020\.1\.1"
    ):
        load_rulebook(tmp_path)


def test_rulebook_refuses_two_packs_with_one_version(tmp_path: Path) -> None:
    copy_packs(tmp_path)
    _archive(tmp_path, "douyin", "2026.11.1")
    with pytest.raises(PackError) as caught:
        load_rulebook(tmp_path)
    assert caught.value.key == "pack.version"
    assert "douyin 2026.11.1 is already loaded" in str(caught.value)


def test_rulebook_lookup_errors(book: RuleBook) -> None:
    with pytest.raises(ValueError, match="jd"):
        book.pack("jd")
    with pytest.raises(KeyError):
        RuleBook([book.pack("douyin")]).pack("taobao")


# --------------------------------------------------------------------------- broken packs

# fixture file, key of the first error, words in its message
# fmt: off
BROKEN = [
    ("bad_unit.toml", "rules[1].unit", "'hourz' is not one of hours, days"),
    ("unknown_key.toml", "rules[0].limt", "unknown key; did you mean 'limit'?"),
    ("duplicate_id.toml", "rules[1].id", "rule id 'handle' is already used by rules[0]"),
    ("overlapping_rules.toml", "rules[1]",
     "overlaps rules[0] ('handle') in state awaiting_merchant, kind refund_only"),
    ("bad_date_order.toml", "rules[0].valid_to", "2026-10-31 is before valid_from 2026-11-01"),
    ("bool_limit.toml", "rules[0].limit", "expected a positive integer, got boolean true"),
    ("missing_explanation.toml", "rules[0].explain_en", "must not be empty"),
    ("unknown_placeholder.toml", "rules[0].explain_zh", "unknown placeholder {hours}"),
    ("special_period_unknown_rule.toml", 'special_periods[0].changes."no.such_rule"',
     "no rule 'no.such_rule'"),
    ("bad_syntax.toml", "line 6", "TOML syntax error"),
    ("extends_unknown.toml", "pack.extends", "no douyin pack to extend"),
]
# fmt: on


@pytest.mark.parametrize(("name", "key", "message"), BROKEN)
def test_broken_fixture_is_refused_naming_file_and_key(name: str, key: str, message: str) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(FIXTURES / name)
    error = caught.value
    assert (error.file, error.key) == (name, key)
    assert message in error.message
    assert str(error).startswith(f"{name}: {key}: ")


def test_bad_unit_message_is_exact() -> None:
    with pytest.raises(PackError) as caught:
        load_pack(FIXTURES / "bad_unit.toml")
    assert str(caught.value) == (
        "bad_unit.toml: rules[1].unit: "
        "'hourz' is not one of hours, days, working_days, next_midnight"
    )


@pytest.mark.parametrize("name", [row[0] for row in BROKEN if row[0] != "extends_unknown.toml"])
def test_one_broken_pack_refuses_the_whole_book(tmp_path: Path, name: str) -> None:
    copy_packs(tmp_path)
    shutil.copy(FIXTURES / name, tmp_path / name)
    result = None
    with pytest.raises(PackError) as caught:
        result = load_rulebook(tmp_path)
    assert result is None
    assert caught.value.file == name


MINIMAL = """
[pack]
platform = "douyin"
version = "1.0.0"
name_zh = "测试"
name_en = "Test"

[[rules]]
id = "handle"
timer = "merchant_handle"
scope = "case"
states = ["awaiting_merchant"]
limit = 48
unit = "hours"
actor = "merchant"
on_expiry = "auto_refund"
next_state = "refunded"
clause = "1"
source = "test"
confidence = "low"
explain_zh = "商家应在{limit}内处理"
explain_en = "Handle within {limit}"
"""

WINDOW = """
[[rules]]
id = "window"
timer = "refund_only_window"
scope = "window"
window_role = "request"
kinds = ["refund_only"]
opens = "paid"
anchor = "received"
limit = 15
unit = "days"
actor = "buyer"
on_expiry = "no_new_request"
clause = "1"
source = "test"
confidence = "low"
explain_zh = "{limit}"
explain_en = "{limit}"
"""


def add(marker: str, extra: str) -> tuple[str, str]:
    """A mutation that adds `extra` lines after `marker`."""
    return marker, f"{marker}\n{extra}"


CONF, NEXT, HEAD = 'confidence = "low"', 'next_state = "refunded"', 'name_en = "Test"'
PEN = '[[penalties]]\nid = "p"\nclause = "1"\nsource = "s"\nconfidence = "low"\n'
LATE = PEN + 'trigger = "late_shipment"\n'
STATES, EXPLAIN = 'states = ["awaiting_merchant"]', 'explain_en = "Handle within {limit}"'

# (old text, new text), key of the first error, words in its message
# fmt: off
MUTATIONS = [
    (("limit = 48", "limit = 48.0"), "rules[0].limit",
     "expected a positive integer, got number 48.0"),
    (("limit = 48", "limit = 0"), "rules[0].limit", "expected a positive integer, got 0"),
    (('limit = 48\nunit = "hours"', "limit = 48"), "rules[0].unit", "required when limit"),
    (('limit = 48\nunit = "hours"', ""), "rules[0].explain_zh", "the rule has no limit"),
    ((STATES, "states = []"), "rules[0].states", "needs the states"),
    ((STATES, 'states = ["waiting"]'), "rules[0].states[0]", "'waiting' is not one of"),
    ((STATES, 'states = "awaiting_merchant"'), "rules[0].states", "expected an array"),
    (('scope = "case"', 'scope = "order"'), "rules[0].states", "only case rules run in states"),
    (('scope = "case"', 'scope = "window"'), "rules[0].states", "only case rules"),
    (add(NEXT, "informational = true"), "rules[0].next_state", "changes no state"),
    (add(NEXT, 'cap = "promised"'), "rules[0].cap", "'promised' is not one of ship_by"),
    (add(NEXT, 'window_role = "request"'), "rules[0].window_role", "only window rules"),
    (('timer = "merchant_handle"', 'timer = "merchant_handel"'), "rules[0].timer",
     "'merchant_handel' is not one of"),
    (('on_expiry = "auto_refund"', 'on_expiry = "refund"'), "rules[0].on_expiry",
     "'refund' is not one of"),
    (('actor = "merchant"', 'actor = "seller"'), "rules[0].actor", "'seller' is not one of"),
    ((CONF, 'confidence = "high"'), "rules[0].confidence",
     "'high' is not one of seed, common, low"),
    (add(CONF, 'kinds = ["refund"]'), "rules[0].kinds[0]", "'refund' is not one of"),
    (add(CONF, 'goods = ["normal", "normal"]'), "rules[0].goods[1]", "listed twice"),
    (add(CONF, "shipped_at_application = 1"), "rules[0].shipped_at_application",
     "expected true or false"),
    (add(CONF, "min_limit_hours = 72"), "rules[0].min_limit_hours", "more than the limit"),
    (add(CONF, "remind_before_hours = [true]"), "rules[0].remind_before_hours[0]",
     "got boolean true"),
    (add(CONF, "valid_from = 2026-11-01T08:00:00"), "rules[0].valid_from", "expected a date"),
    (('clause = "1"', 'clause = ""'), "rules[0].clause", "must not be empty"),
    (('clause = "1"', ""), "rules[0].clause", "missing (required)"),
    (('id = "handle"', 'id = "Handle Rule"'), "rules[0].id", "is not an id"),
    ((EXPLAIN, 'explain_en = "Handle within {limit:>3}"'), "rules[0].explain_en",
     "unknown placeholder"),
    ((EXPLAIN, 'explain_en = "Handle within {limit"'), "rules[0].explain_en", "bad braces"),
    (('version = "1.0.0"', 'version = "v1"'), "pack.version", "not a version"),
    (('platform = "douyin"', 'platform = "jd"'), "pack.platform",
     "'jd' is not one of pinduoduo, taobao, tmall, douyin"),
    (add(HEAD, 'extends = "douyin"'), "pack.extends", "cannot extend its own platform"),
    (add(HEAD, 'extends_version = "1.0"'), "pack.extends_version", "only with extends"),
    (("[pack]", "[packs]"), "packs", "unknown key"),
    (("[[rules]]", "[[rule]]"), "rule", "unknown key"),
    (("[[rules]]" + MINIMAL.split("[[rules]]")[1], ""), "rules", "missing"),
    (add(HEAD, '[eligibility]\nmax_cancellations = "3"'), "eligibility.max_cancellations",
     "got text '3'"),
    (add(HEAD, '[eligibility]\ncustomised = { refund = ["quality_problem_only"] }'),
     "eligibility.customised.refund", "'refund' is not one of"),
    (add(HEAD, '[eligibility]\nspecial_goods = ["meat"]'), "eligibility.special_goods[0]",
     "'meat' is not one of"),
    (add(HEAD, "[metrics]\nwarn = true"), "metrics.warn", "expected a number"),
    (add(HEAD, LATE), "penalties[0]", "exactly one of fixed_fen or rate"),
    (add(HEAD, PEN + 'trigger = "late"\nrate = 0.1'), "penalties[0].trigger",
     "'late' is not one of"),
    (add(HEAD, LATE + "rate = 1.5"), "penalties[0].rate", "<= 1"),
    (add(HEAD, LATE + "fixed_fen = 300\nmax_fen = 100"), "penalties[0].max_fen",
     "only with rate"),
    (add(HEAD, LATE + "rate = 0.1\nmin_fen = 500\nmax_fen = 100"), "penalties[0].max_fen",
     "below min_fen"),
]
# fmt: on


@pytest.mark.parametrize(("edit", "key", "message"), MUTATIONS)
def test_validation_table(tmp_path: Path, edit: tuple[str, str], key: str, message: str) -> None:
    old, new = edit
    assert old in MINIMAL
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert (caught.value.file, caught.value.key) == ("p.toml", key)
    assert message in caught.value.message


WINDOW_MUTATIONS = [
    (
        'window_role = "request"\n',
        "",
        "rules[1].window_role",
        "missing (required for scope window)",
    ),
    ('kinds = ["refund_only"]\n', "", "rules[1].kinds", "needs the kinds"),
    ('opens = "paid"\n', "", "rules[1].opens", "required for window_role request"),
    (
        'anchor = "received"',
        'anchor = "received"\nnext_state = "closed"',
        "rules[1].next_state",
        "only case rules",
    ),
    (
        "",
        WINDOW.replace('id = "window"', 'id = "window2"'),
        "rules[2]",
        "overlaps rules[1] ('window') in window request",
    ),
]


@pytest.mark.parametrize(("old", "new", "key", "message"), WINDOW_MUTATIONS)
def test_window_validation(tmp_path: Path, old: str, new: str, key: str, message: str) -> None:
    path = tmp_path / "p.toml"
    window = WINDOW.replace(old, new, 1) if old else WINDOW + new
    path.write_text(MINIMAL + window, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert (caught.value.key, caught.value.file) == (key, "p.toml")
    assert message in caught.value.message


def test_valid_window_and_the_minimal_pack_load(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL + WINDOW, encoding="utf-8")
    pack = load_pack(path)
    assert [r.id for r in pack.rules] == ["handle", "window"]
    assert pack.eligibility.max_cancellations is None


@pytest.mark.parametrize(
    ("extra", "overlaps"),
    [
        ('kinds = ["refund_only"]', True),  # first rule has every kind
        ("shipped_at_application = true", True),  # first rule has either
        ("informational = true", False),  # informational timers are exempt
        ("valid_from = 2030-01-01", True),  # first rule is unbounded
    ],
)
def test_overlap_rules(tmp_path: Path, extra: str, overlaps: bool) -> None:
    second = MINIMAL.split("[[rules]]")[1].replace('id = "handle"', 'id = "other"')
    if "informational" in extra:
        second = second.replace('next_state = "refunded"\n', "")
    path = tmp_path / "p.toml"
    path.write_text(
        MINIMAL + "[[rules]]" + second.replace('clause = "1"', f'clause = "1"\n{extra}'),
        encoding="utf-8",
    )
    if overlaps:
        with pytest.raises(PackError, match="one timer per state"):
            load_pack(path)
    else:
        assert len(load_pack(path).rules) == 2


def test_disjoint_dates_kinds_and_shipped_do_not_overlap(tmp_path: Path) -> None:
    text = MINIMAL.replace('confidence = "low"', 'confidence = "low"\nvalid_to = 2026-10-31')
    second = MINIMAL.split("[[rules]]")[1].replace('id = "handle"', 'id = "later"')
    second = second.replace('confidence = "low"', 'confidence = "low"\nvalid_from = 2026-11-01')
    path = tmp_path / "p.toml"
    path.write_text(text + "[[rules]]" + second, encoding="utf-8")
    pack = load_pack(path)
    assert pack.rule("handle").valid_on(date(2026, 10, 31))
    assert not pack.rule("handle").valid_on(date(2026, 11, 1))
    assert pack.rule("later").valid_on(date(2026, 11, 1))


def test_several_errors_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        MINIMAL.replace('unit = "hours"', 'unit = "hourz"').replace(
            'actor = "merchant"', "actor = 1"
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert len(caught.value.errors) == 2
    assert str(caught.value).endswith("(and 1 more error)")
    assert caught.value.key == "rules[0].actor"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert load_pack(path).rule("handle").limit == 48


def test_missing_file_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path / "nope.toml")
    assert (caught.value.file, caught.value.key) == ("nope.toml", "(file)")
    with pytest.raises(PackError, match="no rule packs"):
        load_rulebook(tmp_path)


def test_circular_extends(tmp_path: Path) -> None:
    base = MINIMAL.split("[[rules]]")[0]
    (tmp_path / "a.toml").write_text(
        base.replace('name_en = "Test"', 'name_en = "Test"\nextends = "tmall"'), encoding="utf-8"
    )
    (tmp_path / "b.toml").write_text(
        base.replace('"douyin"', '"tmall"').replace(
            'name_en = "Test"', 'name_en = "Test"\nextends = "douyin"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="circular extends"):
        load_rulebook(tmp_path)


# --------------------------------------------------------------------------- special periods


def test_pack_special_period() -> None:
    pack = load_pack(FIXTURES / "with_special_period.toml")
    (period,) = pack.special_periods
    assert period.covers(date(2027, 2, 1))
    assert not period.covers(date(2027, 2, 15))
    assert period.changes["handle"].limit == 96
    assert period.changes["handle"].unit is Unit.HOURS


def test_overlay_joins_the_book(book: RuleBook) -> None:
    overlay = load_overlay(FIXTURES / "overlay.toml")
    assert set(overlay) == {Platform.PINDUODUO, Platform.DOUYIN}
    with_overlay = RuleBook(book.packs(), overlay)
    (period,) = with_overlay.special_periods("pinduoduo")
    assert period.changes["ship_by"].unit is Unit.DAYS
    assert with_overlay.special_periods(Platform.TAOBAO) == ()
    assert book.with_overlay(overlay).special_periods("douyin")[0].changes["ship_by"].limit == 7
    assert book.special_periods("pinduoduo") == ()


def test_overlay_naming_an_unknown_rule_is_refused(book: RuleBook, tmp_path: Path) -> None:
    path = tmp_path / "overlay.toml"
    text = (FIXTURES / "overlay.toml").read_text(encoding="utf-8")
    path.write_text(
        text.replace('"refund_only.merchant_handle"', '"refund_only.merchant"'), encoding="utf-8"
    )
    overlay = load_overlay(path)
    with pytest.raises(PackError) as caught:
        book.with_overlay(overlay)
    assert caught.value.key.endswith("changes.refund_only.merchant")


SHIP = "special_periods[0].changes.ship_by"


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('platform = "douyin"\n', "", "special_periods[1].platform"),
        ('platform = "douyin"', 'platform = "jd"', "special_periods[1].platform"),
        ("valid_to = 2027-02-14", "valid_to = 2027-01-01", "special_periods[0].valid_to"),
        ('limit = 10, unit = "days"', 'limit = 10, unit = "weeks"', f"{SHIP}.unit"),
        ('limit = 10, unit = "days"', "limit = 10", f"{SHIP}.unit"),
        ('id = "spring_festival_2027"\nname_zh', 'idx = "x"\nname_zh', "special_periods[0].idx"),
    ],
)
def test_overlay_validation(tmp_path: Path, old: str, new: str, key: str) -> None:
    path = tmp_path / "overlay.toml"
    text = (FIXTURES / "overlay.toml").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_overlay(path)
    assert (caught.value.file, caught.value.key) == ("overlay.toml", key)


def test_overlay_period_replaces_a_pack_period_of_the_same_id(tmp_path: Path) -> None:
    pack = load_pack(FIXTURES / "with_special_period.toml")
    path = tmp_path / "overlay.toml"
    path.write_text(
        '[[special_periods]]\nplatform = "pinduoduo"\nid = "spring_festival_2027"\n'
        'name_zh = "改"\nname_en = "Changed"\nvalid_from = 2027-01-20\nvalid_to = 2027-02-20\n'
        'source = "me"\n[special_periods.changes]\nhandle = { limit = 5, unit = "days" }\n',
        encoding="utf-8",
    )
    (period,) = RuleBook([pack], load_overlay(path)).special_periods("pinduoduo")
    assert period.name_en == "Changed"


# --------------------------------------------------------------------------- explanations


@pytest.mark.parametrize(
    ("limit", "unit", "zh", "en"),
    [
        (48, Unit.HOURS, "48小时", "48 hours"),
        (1, Unit.HOURS, "1小时", "1 hour"),
        (7, Unit.DAYS, "7天", "7 days"),
        (3, Unit.WORKING_DAYS, "3个工作日", "3 working days"),
        (7, Unit.NEXT_MIDNIGHT, "次日零时起7天", "7 days from the next midnight"),
        (1, "days", "1天", "1 day"),
    ],
)
def test_format_limit(limit: int, unit: Unit, zh: str, en: str) -> None:
    assert format_limit(limit, unit, "zh") == zh
    assert format_limit(limit, unit, "en") == en


def test_render_explanation_with_and_without_override(book: RuleBook) -> None:
    rule = book.pack("pinduoduo").rule("refund_only.merchant_handle")
    assert (
        render_explanation(rule)
        == "商家应在用户提交仅退款申请后48小时内处理，逾期系统默认同意并自动退款"
    )
    assert render_explanation(rule, "en").startswith(
        "The merchant must handle the refund-only request within 48 hours;"
    )
    assert "24小时内处理" in render_explanation(rule, limit=24)
    assert "2个工作日内处理" in render_explanation(rule, "zh_CN", limit=2, unit=Unit.WORKING_DAYS)
    assert "within 3 days;" in render_explanation(rule, "en-US", limit=3, unit="days")
    window = book.pack("pinduoduo").rule("refund_only_window")
    assert "确认收货满30天" in render_explanation(window, limit=30)
    with pytest.raises(ValueError, match="unsupported language"):
        render_explanation(rule, "fr")


def test_render_explanation_of_a_rule_without_limit(book: RuleBook) -> None:
    rule = book.pack("pinduoduo").rule("intervention.evidence")
    assert render_explanation(rule) == rule.explain_zh
    assert "{limit}" not in rule.explain_zh
