"""core.exporters: what the timers export says about each deadline, and its errors."""

from __future__ import annotations

import csv
import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.clock import SHANGHAI
from core.domain import Actor, CaseState, Confidence, Platform, Timer, TimerOrigin
from core.exporters import TIMER_COLUMNS, export_rows, export_timers

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI)
RULE_TIMER = Timer(
    Platform.PINDUODUO, "果园小铺", "260301-1", "AS-1", "merchant_handle", Actor.MERCHANT,
    T0, T0 + timedelta(hours=48), "auto_refund", CaseState.REFUNDED, TimerOrigin.RULE,
    "refund_only.merchant_handle", "2026.11.1", "2.2", "拼多多售后服务规则 2.2",
    Confidence.SEED, 3490,
)  # fmt: skip
PLATFORM_TIMER = dataclasses.replace(
    RULE_TIMER, case_no="AS-2", origin=TimerOrigin.PLATFORM, due_at=T0 + timedelta(hours=30)
)


def _rows(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    workbook = load_workbook(path)
    header, *rows = workbook.worksheets[0].iter_rows(values_only=True)
    workbook.close()
    return [{h: "" if v is None else str(v) for h, v in zip(header, r, strict=True)} for r in rows]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_timers_export_says_platform_given_or_computed(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"timers{suffix}"
    export_timers([RULE_TIMER, PLATFORM_TIMER], path)
    rule, given = _rows(path)
    assert "期限来源" in TIMER_COLUMNS
    assert rule["期限来源"] == "按规则计算"
    assert (rule["clause"], rule["source"]) == ("2.2", "拼多多售后服务规则 2.2")
    assert given["期限来源"] == "平台给出"
    # the platform's deadline is not presented as coming from the rule's clause
    assert (given["clause"], given["source"]) == ("", "")
    assert given["due_at"] == "2026-03-02T16:00:00+08:00"


def test_wrong_suffix_is_refused_in_chinese_first(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^导出文件名必须以 \.csv 或 \.xlsx 结尾：x\.txt"):
        export_rows([], ["a"], tmp_path / "x.txt")
    assert list(tmp_path.iterdir()) == []


# -- an export of ShopClock's own records re-imports as what it is ---------------------


@pytest.fixture
def service(tmp_path: Path):
    from core.service import Service
    from tests.core.factories import sh
    from tests.fakes import FakeClock

    svc = Service.open(tmp_path / "shop.sqlite3", clock=FakeClock(sh("2026-03-10 12:00")))
    yield svc
    svc.close()


def _assumed_refund(service, folder: Path) -> None:
    """A1 imported awaiting the merchant; its 48 h pass: refunded, assumed by rule."""
    from tests.core.factories import import_return_cases

    import_return_cases(service, folder, {"A1": "2026-03-10 10:00:00"})
    service.clock.advance(timedelta(days=3))
    assert [e.to_state for e in service.sweep()] == [CaseState.REFUNDED]


def _reimport(service, path: Path):
    from core.importers import read_file

    plan = read_file(path)
    assert not plan.errors, plan.errors
    return service.import_plan(plan)


def _a1(service):
    case = service.repo.get_case(Platform.PINDUODUO, "A1")
    return case.state, case.assumed


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_assumed_outcome_exported_and_imported_again_stays_assumed(
    service, tmp_path: Path, suffix: str
) -> None:
    """Found by testing: 退款成功（按规则推定） came back from our own export as 退款成功,
    a fact the platform never confirmed."""
    from core.exporters import export_cases

    _assumed_refund(service, tmp_path)
    path = tmp_path / f"own{suffix}"
    export_cases(service.repo.cases(), path)
    assert [row["按规则推定"] for row in _rows(path)] == ["是"]
    result = _reimport(service, path)
    assert (result.cases_updated, result.events_added) == (0, 0)
    assert _a1(service) == (CaseState.REFUNDED, True)


def test_only_a_row_or_a_platform_export_saying_so_confirms_an_assumed_outcome(
    service, tmp_path: Path
) -> None:
    from core.exporters import export_cases
    from tests.core.factories import PDD_CASES_HEADER, import_csv

    _assumed_refund(service, tmp_path)
    path = tmp_path / "own.csv"
    export_cases(service.repo.cases(), path)
    header, *rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    at = header.index("按规则推定")
    # an export of an earlier ShopClock, without the column: it confirms nothing
    older = tmp_path / "older.csv"
    with older.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([r[:at] + r[at + 1 :] for r in (header, *rows)])
    assert _reimport(service, older).cases_updated == 0
    assert _a1(service) == (CaseState.REFUNDED, True)
    # the platform's export showing 退款成功 does
    row = "A1,260301-1,退货退款,退款成功,2026-03-10 10:00:00,59.90\n"
    import_csv(service, tmp_path, "platform.csv", PDD_CASES_HEADER + row)
    assert _a1(service) == (CaseState.REFUNDED, False)
    # and so does a template row that says 否 (typed by the operator); 是 undoes nothing
    for said, assumed in (("是", False), ("否", False)):
        rows[0][at] = said
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
        _reimport(service, path)
        assert _a1(service) == (CaseState.REFUNDED, assumed)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_demo_shop_exported_and_imported_again_changes_nothing(
    service, tmp_path: Path, suffix: str
) -> None:
    """Found by testing: all 40 demo cases reported updated — their pack version is
    NULL (stored as typed) and the import pinned the running timers to today's."""
    from core import demo
    from core.exporters import export_cases, export_orders

    demo.populate(service)
    cases_before = service.repo.cases()
    assert any(c.pack_version is None for c in cases_before)
    orders, cases = tmp_path / f"orders{suffix}", tmp_path / f"cases{suffix}"
    export_orders(service.repo.orders(), orders, shops=service.repo.shops())
    export_cases(cases_before, cases)
    for path in (orders, cases):
        result = _reimport(service, path)
        assert (result.orders_updated, result.cases_updated, result.events_added) == (0, 0, 0)
    assert service.repo.cases() == cases_before
