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
