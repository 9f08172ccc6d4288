"""Actions on an after-sales case, their guards, and expiry outcomes.

Contract: `allowed_actions` / `refusal` are the guards (like Stoq's can_*());
`apply_action` returns the new case, the event and the new timers, or raises
ActionRefused with a Refusal code. `apply_expiry` moves a case through every
deadline that passed without an action to the state the platform would have
put it in, marked assumed; applying it twice changes nothing.

Threading: pure functions; no shared state.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.domain import (
    TERMINAL_STATES,
    Actor,
    Case,
    CaseKind,
    CaseState,
    Event,
    Order,
    Shop,
    Source,
    Timer,
)
from core.rules.engine import Engine

INTERVENTION_AVAILABLE = "intervention_available"
EXPIRE = "expire"
# what a passed deadline led to when an export set the case's state after it: nothing
# yet (core.service.Service.shown_open)
PLATFORM_PENDING = "platform_pending"


def platform_pending(shown_open_at: datetime | None, due_at: datetime) -> bool:
    """Whether a deadline passed before the import that showed its case still open
    (``shown_open_at``: Service.shown_open): then the platform had not acted on it —
    the sweep leaves the case alone, and nothing names the rule's outcome as done."""
    return shown_open_at is not None and shown_open_at > due_at


MAX_EXPIRY_STEPS = 16  # longer chains would mean a cycle in a rule pack


class Action(StrEnum):
    AGREE = "agree"  # merchant agrees: refund_only -> refunded, return/exchange -> awaiting_return
    REJECT = "reject"  # merchant rejects (reason required)
    BUYER_RESUBMIT = "buyer_resubmit"  # buyer edits and resubmits after a rejection
    BUYER_CANCEL = "buyer_cancel"  # buyer withdraws (撤销) before the refund succeeds
    BUYER_SHIP_RETURN = "buyer_ship_return"  # buyer ships the return (tracking number required)
    BUYER_INTERVENE = "buyer_intervene"  # buyer asks the platform to step in
    CONFIRM_REFUND = "confirm_refund"  # merchant received the return and refunds
    REJECT_RETURN = "reject_return"  # merchant refuses the returned parcel (reason required)
    EXCHANGE_RESHIP = "exchange_reship"  # merchant sent the replacement: exchange done
    PLATFORM_FOR_BUYER = "platform_for_buyer"  # intervention ruled for the buyer: refunded
    PLATFORM_FOR_MERCHANT = "platform_for_merchant"  # ruled for the merchant: closed
    CONFIRM_OUTCOME = "confirm_outcome"  # operator confirms a state assumed by rule
    NOTE = "note"  # a note; no state change


class Refusal(StrEnum):
    STATE = "state_not_allowed"
    KIND = "kind_not_allowed"
    REASON_REQUIRED = "reason_required"
    TRACKING_REQUIRED = "tracking_required"
    INTERVENTION_TOO_EARLY = "intervention_too_early"
    NOT_ASSUMED = "not_assumed"
    BEFORE_STATE = "time_before_state"  # the action predates the current state
    NOTE_REQUIRED = "note_required"
    DEADLINE_PASSED = "deadline_passed"  # the state's deadline passed: the platform moved it
    IN_FUTURE = "time_in_future"  # recorded for a time that has not come (Service.act)


# what the command line says for each refusal: core.texts_zh.REFUSAL_TEXT


class ActionRefused(Exception):
    def __init__(self, action: Action, code: Refusal) -> None:
        super().__init__(f"{action.value}: {code.value}")
        self.action = action
        self.code = code


OPEN = frozenset(CaseState) - TERMINAL_STATES
S = CaseState

# action -> (states it is allowed in, kinds (None = all), who performs it)
_TABLE: dict[Action, tuple[frozenset[CaseState], frozenset[CaseKind] | None, Actor]] = {
    Action.AGREE: (frozenset({S.AWAITING_MERCHANT}), None, Actor.MERCHANT),
    Action.REJECT: (frozenset({S.AWAITING_MERCHANT}), None, Actor.MERCHANT),
    Action.BUYER_RESUBMIT: (frozenset({S.REJECTED}), None, Actor.BUYER),
    Action.BUYER_CANCEL: (OPEN, None, Actor.BUYER),
    Action.BUYER_SHIP_RETURN: (
        frozenset({S.AWAITING_RETURN}),
        frozenset({CaseKind.RETURN_REFUND, CaseKind.EXCHANGE}),
        Actor.BUYER,
    ),
    Action.BUYER_INTERVENE: (
        frozenset({S.REJECTED, S.AWAITING_MERCHANT, S.RETURN_SHIPPED}),
        None,
        Actor.BUYER,
    ),
    Action.CONFIRM_REFUND: (frozenset({S.RETURN_SHIPPED}), None, Actor.MERCHANT),
    Action.REJECT_RETURN: (frozenset({S.RETURN_SHIPPED}), None, Actor.MERCHANT),
    Action.EXCHANGE_RESHIP: (
        frozenset({S.RETURN_SHIPPED}),
        frozenset({CaseKind.EXCHANGE}),
        Actor.MERCHANT,
    ),
    Action.PLATFORM_FOR_BUYER: (frozenset({S.INTERVENTION}), None, Actor.PLATFORM),
    Action.PLATFORM_FOR_MERCHANT: (frozenset({S.INTERVENTION}), None, Actor.PLATFORM),
    Action.CONFIRM_OUTCOME: (frozenset(CaseState), None, Actor.OPERATOR),
    Action.NOTE: (frozenset(CaseState), None, Actor.OPERATOR),
}


def actor_of(action: Action) -> Actor:
    return _TABLE[Action(action)][2]


@dataclass(frozen=True, slots=True)
class Transition:
    case: Case
    event: Event
    timers: tuple[Timer, ...]


def _target(action: Action, case: Case) -> CaseState:
    if action is Action.AGREE:
        return S.REFUNDED if case.kind is CaseKind.REFUND_ONLY else S.AWAITING_RETURN
    return {
        Action.REJECT: S.REJECTED,
        Action.BUYER_RESUBMIT: S.AWAITING_MERCHANT,
        Action.BUYER_CANCEL: S.CANCELLED,
        Action.BUYER_SHIP_RETURN: S.RETURN_SHIPPED,
        Action.BUYER_INTERVENE: S.INTERVENTION,
        Action.CONFIRM_REFUND: S.REFUNDED,
        Action.REJECT_RETURN: S.REJECTED,
        Action.EXCHANGE_RESHIP: S.CLOSED,
        Action.PLATFORM_FOR_BUYER: S.REFUNDED,
        Action.PLATFORM_FOR_MERCHANT: S.CLOSED,
    }.get(action, case.state)


def refusal(
    engine: Engine,
    case: Case,
    order: Order | None,
    shop: Shop | None,
    action: Action | str,
    at: datetime,
    *,
    note: str = "",
    tracking_no: str = "",
    platform_acted: bool | None = None,
) -> Refusal | None:
    """Why `action` cannot be applied now, or None when it can. ``platform_acted``:
    whether the platform has moved the case by ``at`` (None: when its running
    deadline passed, ``passed_deadline``; the service knows better when an export
    showed the state still open after that deadline)."""
    action = Action(action)
    states, kinds, _ = _TABLE[action]
    if case.state not in states:
        return Refusal.STATE
    if kinds is not None and case.kind not in kinds:
        return Refusal.KIND
    if at < case.state_since and action is not Action.NOTE:
        return Refusal.BEFORE_STATE
    if platform_acted is None:
        platform_acted = passed_deadline(engine, case, order, shop, at) is not None
    if platform_acted and action not in _TIMELESS:
        return Refusal.DEADLINE_PASSED
    if action in (Action.REJECT, Action.REJECT_RETURN) and not note.strip():
        return Refusal.REASON_REQUIRED
    if action is Action.NOTE and not note.strip():
        return Refusal.NOTE_REQUIRED
    if action is Action.BUYER_SHIP_RETURN and not tracking_no.strip():
        return Refusal.TRACKING_REQUIRED
    if action is Action.CONFIRM_OUTCOME and not case.assumed:
        return Refusal.NOT_ASSUMED
    if action is Action.BUYER_INTERVENE:
        return _intervention_refusal(engine, case, order, shop, at)
    return None


# actions that answer no deadline: a note, and confirming what a rule assumed
_TIMELESS = frozenset({Action.NOTE, Action.CONFIRM_OUTCOME})


def passed_deadline(
    engine: Engine, case: Case, order: Order | None, shop: Shop | None, at: datetime
) -> Timer | None:
    """The case's running deadline if it passed by ``at`` with an outcome that moves the
    case (what apply_expiry follows): the platform acted then, so an action recorded
    for ``at`` answers a state the case is no longer in."""
    if not case.is_open:
        return None
    main = next((t for t in engine.case_timers(case, order, shop) if not t.informational), None)
    if main is None or main.next_state is None or main.due_at > at:
        return None
    return main


def _intervention_refusal(
    engine: Engine, case: Case, order: Order | None, shop: Shop | None, at: datetime
) -> Refusal | None:
    """After a rejection the buyer may always ask; elsewhere only where the pack opens it."""
    gate = next(
        (t for t in engine.case_timers(case, order, shop) if t.timer == INTERVENTION_AVAILABLE),
        None,
    )
    if gate is not None:
        return None if at >= gate.due_at else Refusal.INTERVENTION_TOO_EARLY
    return None if case.state is S.REJECTED else Refusal.STATE


def allowed_actions(
    engine: Engine,
    case: Case,
    order: Order | None,
    shop: Shop | None,
    at: datetime,
    *,
    platform_acted: bool | None = None,
) -> tuple[Action, ...]:
    """Actions whose guards pass now (reason/tracking/note are assumed to be supplied)."""
    if platform_acted is None:  # worked out once, not per action
        platform_acted = passed_deadline(engine, case, order, shop, at) is not None
    supplied = {"note": "-", "tracking_no": "-", "platform_acted": platform_acted}
    return tuple(a for a in Action if refusal(engine, case, order, shop, a, at, **supplied) is None)


def apply_action(
    engine: Engine,
    case: Case,
    order: Order | None,
    shop: Shop | None,
    action: Action | str,
    at: datetime,
    *,
    note: str = "",
    tracking_no: str = "",
    source: Source = Source.MANUAL,
    platform_acted: bool | None = None,
) -> Transition:
    action = Action(action)
    code = refusal(
        engine, case, order, shop, action, at, note=note, tracking_no=tracking_no,
        platform_acted=platform_acted,
    )  # fmt: skip
    if code is not None:
        raise ActionRefused(action, code)
    target = _target(action, case)
    if action is Action.NOTE:
        new_case = case
    elif action is Action.CONFIRM_OUTCOME:
        new_case = dataclasses.replace(case, assumed=False)
    else:
        pack, _ = engine.pack_for(case.platform)
        new_case = dataclasses.replace(
            case,
            state=target,
            state_since=at,
            assumed=False,
            platform_deadline=None,  # a platform deadline belongs to the state it was given for
            pack_version=pack.version,
            cancellation_count=case.cancellation_count + (action is Action.BUYER_CANCEL),
            tracking_no=tracking_no.strip() or case.tracking_no,
        )
    data = {"tracking_no": tracking_no.strip()} if tracking_no.strip() else {}
    event = Event(
        platform=case.platform,
        order_no=case.order_no,
        case_no=case.case_no,
        action=action.value,
        at=at,
        by=actor_of(action),
        source=source,
        from_state=case.state,
        to_state=new_case.state,
        note=note.strip(),
        data=data,
    )
    timers = tuple(engine.case_timers(new_case, order, shop))
    return Transition(new_case, event, timers)


def apply_expiry(
    engine: Engine, case: Case, order: Order | None, shop: Shop | None, now: datetime
) -> tuple[Case, tuple[Event, ...]]:
    """Follow every expired timer to the platform's outcome, marking the result assumed."""
    events: list[Event] = []
    for _ in range(MAX_EXPIRY_STEPS):
        if not case.is_open:
            break
        main = next((t for t in engine.case_timers(case, order, shop) if not t.informational), None)
        if main is None or main.due_at > now or main.next_state is None:
            break
        events.append(
            Event(
                platform=case.platform,
                order_no=case.order_no,
                case_no=case.case_no,
                action=EXPIRE,
                at=main.due_at,
                by=Actor.SYSTEM,
                source=Source.RULE,
                from_state=case.state,
                to_state=main.next_state,
                assumed=True,
                rule_id=main.rule_id,
                pack_version=main.pack_version,
                data={"timer": main.timer, "on_expiry": main.on_expiry},
            )
        )
        case = dataclasses.replace(
            case,
            state=main.next_state,
            state_since=max(main.due_at, case.state_since),
            assumed=True,
            platform_deadline=None,
            pack_version=main.pack_version,
        )
    return case, tuple(events)
