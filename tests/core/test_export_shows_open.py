"""An export showing a case still open after the rule's deadline for its state: the
platform had not acted by then, so ShopClock does not assume it did (Service.shown_open).

Found by exploratory testing: a buyer asked again after a rejection (待商家处理 in a file
without a 'state since' column); the merchant's 48 h counted from the application ran
out before the file was even imported, and the next sweep marked the case refunded (by
rule) — hiding a case the merchant could, and had to, still answer.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from core.domain import CaseState, Platform
from core.rules.transitions import Action, ActionRefused, Refusal
from core.service import Service
from tests.core.factories import (
    PDD_CASES_HEADER,
    PDD_ORDER_CSV,
    import_csv,
    import_return_cases,
    sh,
)
from tests.fakes import FakeClock


@pytest.fixture
def service(tmp_path: Path):
    svc = Service.open(tmp_path / "shop.sqlite3", clock=FakeClock(sh("2026-03-10 12:00")))
    yield svc
    svc.close()


def state(service: Service, case_no: str) -> tuple[CaseState, bool]:
    case = service.repo.get_case(Platform.PINDUODUO, case_no)
    return case.state, case.assumed


def test_a_deadline_the_export_contradicts_takes_no_outcome(service, tmp_path):
    # applied 03-05 10:00: the rule's 48 h (3.2) ended 03-07 10:00, before this import
    import_return_cases(service, tmp_path, {"A1": "2026-03-05 10:00:00"})
    service.clock.advance(timedelta(hours=1))
    assert service.sweep() == []
    assert state(service, "A1") == (CaseState.AWAITING_MERCHANT, False)
    due = next(t for t in service.due() if t.case_no == "A1")
    assert due.due_at < service.clock.now()  # shown overdue, at the top of To do
    detail = service.case_detail("A1", Platform.PINDUODUO)
    assert Action.AGREE in detail.allowed
    service.act("A1", Action.AGREE, platform=Platform.PINDUODUO)
    assert state(service, "A1") == (CaseState.AWAITING_RETURN, False)


def test_a_deadline_after_the_import_still_takes_its_outcome(service, tmp_path):
    import_return_cases(service, tmp_path, {"A2": "2026-03-10 10:00:00"})
    service.clock.advance(timedelta(days=3))  # past 03-12 10:00 with no import since
    assert [e.to_state for e in service.sweep()] == [CaseState.REFUNDED]
    assert state(service, "A2") == (CaseState.REFUNDED, True)
    with pytest.raises(ActionRefused) as info:
        service.act("A2", Action.NOTE, platform=Platform.PINDUODUO, note="")
    assert info.value.code is Refusal.NOTE_REQUIRED


def test_a_buyer_asking_again_is_not_assumed_refunded(service, tmp_path):
    """The tester's files: 待商家处理, then 驳回, then 待商家处理 again, none with a
    'state since' column, each imported a day after the last."""
    import_csv(service, tmp_path, "o.csv", PDD_ORDER_CSV)
    row = "R1,260301-1,退货退款,{},2026-03-09 20:00:00,59.90\n"
    for name, shown in (
        ("1.csv", "待商家处理"),
        ("2.csv", "驳回退款，待买家处理"),
        ("3.csv", "待商家处理"),
    ):
        import_csv(service, tmp_path, name, PDD_CASES_HEADER + row.format(shown))
        service.clock.advance(timedelta(days=1))
        service.sweep()
    assert state(service, "R1") == (CaseState.AWAITING_MERCHANT, False)
    assert any(t.case_no == "R1" and t.actor.value == "merchant" for t in service.due())


def test_the_reminder_names_no_outcome_the_platform_has_not_had(service, tmp_path):
    from core.reminders.service import ReminderService
    from core.rules.transitions import PLATFORM_PENDING
    from core.storage.reminders_store import ReminderStore

    applied = {"A1": "2026-03-05 10:00:00", "A3": "2026-03-10 09:00:00"}
    import_return_cases(service, tmp_path, applied)
    service.clock.advance(timedelta(days=2))  # A3's deadline (03-12 09:00) passes too
    result = ReminderService(service, ReminderStore(service.db)).sweep()
    (summary,) = result.summaries  # the first sweep: one summary of what passed
    assert summary.outcomes == {PLATFORM_PENDING: 1, "auto_refund_without_return": 1}


def test_an_action_recorded_with_an_earlier_time_after_an_import_set_the_state(service, tmp_path):
    """`act --at` dated before the last import, recorded after it: the action set the
    case's current state, not the import (events in the order they were written). By
    their times the import came last, and the case was taken for one an export showed
    still open (the sweep would then have left its passed deadlines alone)."""
    import_return_cases(service, tmp_path, {"B1": "2026-03-10 10:00:00"})  # at 12:00
    key = (Platform.PINDUODUO, "B1")
    assert key in service.shown_open([key])  # the import set 待商家处理
    service.clock.advance(timedelta(hours=1))
    service.act("B1", Action.AGREE, platform=Platform.PINDUODUO, at=sh("2026-03-10 11:00"))
    assert state(service, "B1") == (CaseState.AWAITING_RETURN, False)
    assert service.shown_open([key]) == {}
    assert service.case_detail("B1", Platform.PINDUODUO).shown_open_at is None
