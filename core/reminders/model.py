"""What a reminder sweep returns: keys, reminders, coalesced summaries.

Contract: frozen data only — codes, numbers and instants, never UI sentences and
never buyer data (a reminder carries platform, shop, case/order number, timer
code, due time, remaining seconds and the amount at risk). All datetimes are
aware UTC.

Threading: immutable; safe to share between threads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from core.domain import CaseState, Platform, require_aware


class SendKind(StrEnum):
    """How a reminder key was settled (the ``kind`` column of reminders_sent)."""

    INDIVIDUAL = "individual"  # shown as its own notification
    COALESCED = "coalesced"  # shown inside a summary
    SNOOZED = "snoozed"  # shown, then snoozed: re-fires once at snoozed_until
    MUTED = "muted"  # its shop is muted: settled without a notification
    SKIPPED = "skipped"  # superseded without a notification (stale snooze, no 0 offset)


class SummaryReason(StrEnum):
    AWAY = "away"  # a gap (sleep, app closed, clock jump): everything due meanwhile
    HELD = "held"  # held back by quiet hours or a pause, released now
    BURST = "burst"  # more fresh reminders than the burst limit in one sweep


_PLATFORMS = frozenset(p.value for p in Platform)


@dataclass(frozen=True, slots=True, order=True)
class ReminderKey:
    """A reminder's identity. A deadline that moves gets new keys (due_at differs).

    ``number`` is the case number, or the order number for an order timer;
    ``due_at`` is UTC truncated to the second; ``offset_s`` is seconds before due_at.
    """

    platform: str
    number: str
    timer: str
    due_at: datetime
    offset_s: int

    def __post_init__(self) -> None:
        # keys come already normal (a platform value, UTC to the second) from the
        # sweep and from the store (~25,000 read back by sent_keys in a big shop):
        # those are checked, not rebuilt
        due = self.due_at
        if due.tzinfo is not UTC or due.microsecond:
            require_aware(due, "due_at")
            object.__setattr__(self, "due_at", due.astimezone(UTC).replace(microsecond=0))
        if type(self.platform) is not str or self.platform not in _PLATFORMS:
            object.__setattr__(self, "platform", Platform(self.platform).value)
        if not isinstance(self.offset_s, int) or isinstance(self.offset_s, bool):
            raise TypeError("offset_s must be an integer number of seconds")
        if self.offset_s < 0:
            raise ValueError("offset_s must be >= 0")

    @property
    def fire_at(self) -> datetime:
        """When this reminder is due (before any snooze)."""
        return self.due_at - timedelta(seconds=self.offset_s)

    @property
    def deadline(self) -> Deadline:
        """The deadline this key reminds of: every field but the offset."""
        return (self.platform, self.number, self.timer, self.due_at)


# a ReminderKey without its offset: platform value, number, timer code, due_at (UTC, s)
Deadline = tuple[str, str, str, datetime]
_NONE: frozenset[int] = frozenset()


class SentKeys(Collection[ReminderKey]):
    """Settled keys grouped by deadline (``Deadline`` -> offsets), as the sweep asks:
    one lookup per deadline, not one ReminderKey built and hashed per offset (a big
    shop's sweep asks about ~60,000 keys). ``key in sent`` works as for a set of keys.
    The offsets' collections are kept as given (not copied): do not change them."""

    __slots__ = ("_by", "_len")

    def __init__(self, by_deadline: Mapping[Deadline, Collection[int]]) -> None:
        self._by = dict(by_deadline)
        self._len = sum(map(len, self._by.values()))

    @classmethod
    def of(cls, keys: Iterable[ReminderKey]) -> SentKeys:
        if isinstance(keys, SentKeys):
            return keys
        by: dict[Deadline, set[int]] = {}
        for k in keys:
            by.setdefault(k.deadline, set()).add(k.offset_s)
        return cls(by)

    def offsets(self, deadline: Deadline) -> Collection[int]:
        """The settled offsets of one deadline (empty when none)."""
        return self._by.get(deadline, _NONE)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, ReminderKey) and key.offset_s in self.offsets(key.deadline)

    def __iter__(self) -> Iterator[ReminderKey]:
        for (platform, number, timer, due), offsets in self._by.items():
            for offset in sorted(offsets):
                yield ReminderKey(platform, number, timer, due, offset)

    def __len__(self) -> int:
        return self._len

    def __repr__(self) -> str:
        return f"SentKeys({len(self)} keys of {len(self._by)} deadlines)"


@dataclass(frozen=True, slots=True)
class Reminder:
    """One timer's reminder in one sweep.

    ``key`` is the most recent threshold crossed (smallest offset due; the
    at-expiry key once the deadline has passed). ``covers`` lists every key this
    reminder settles: ``key`` plus older thresholds of the same deadline that were
    never shown (superseded) and any pending snooze of it.
    """

    key: ReminderKey
    covers: tuple[ReminderKey, ...]
    platform: Platform
    shop: str
    order_no: str
    case_no: str | None
    timer: str
    due_at: datetime
    offset_s: int
    fire_at: datetime  # the key's fire time, or its snooze end for a re-fire
    remaining_s: int  # due_at - now; <= 0 once expired
    amount_at_risk_fen: int
    goods_at_risk: bool
    on_expiry: str  # outcome code, e.g. auto_refund
    next_state: CaseState | None
    snoozed: bool = False  # a snooze re-firing

    @property
    def expired(self) -> bool:
        return self.remaining_s <= 0


@dataclass(frozen=True, slots=True)
class Summary:
    """Several reminders coalesced into one notification."""

    reason: SummaryReason
    reminders: tuple[Reminder, ...]

    @property
    def count(self) -> int:
        return len(self.reminders)

    @property
    def expired(self) -> int:
        return sum(r.expired for r in self.reminders)

    @property
    def outcomes(self) -> dict[str, int]:
        """Expired deadlines by outcome code, e.g. {"auto_refund": 2}."""
        return dict(Counter(r.on_expiry for r in self.reminders if r.expired))

    @property
    def amount_at_risk_fen(self) -> int:
        """Money still at risk (deadlines not yet passed)."""
        return sum(r.amount_at_risk_fen for r in self.reminders if not r.expired)

    @property
    def amount_expired_fen(self) -> int:
        """Money of deadlines that already passed (e.g. refunded automatically)."""
        return sum(r.amount_at_risk_fen for r in self.reminders if r.expired)

    @property
    def soonest_due(self) -> datetime | None:
        pending = [r.due_at for r in self.reminders if not r.expired]
        return min(pending) if pending else None

    @property
    def shops(self) -> tuple[tuple[Platform, str], ...]:
        return tuple(sorted({(r.platform, r.shop) for r in self.reminders}))

    @property
    def keys(self) -> tuple[ReminderKey, ...]:
        return tuple(k for r in self.reminders for k in r.covers)


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What one sweep decided.

    Show ``individual`` and ``summaries`` (at most ``burst_limit`` individual
    notifications plus one summary per reason); settle ``muted`` and ``skipped``
    silently; ``held`` are due but kept back (quiet hours or pause) and are NOT
    settled — they come back in a later sweep. ``next_fire_at`` is the earliest
    future fire time (or snooze end) of the timers given, for the tray tooltip.
    """

    now: datetime
    individual: tuple[Reminder, ...] = ()
    summaries: tuple[Summary, ...] = ()
    muted: tuple[ReminderKey, ...] = ()
    skipped: tuple[ReminderKey, ...] = ()
    held: tuple[ReminderKey, ...] = ()
    next_fire_at: datetime | None = None
    gap: bool = False

    @property
    def notifications(self) -> int:
        return len(self.individual) + len(self.summaries)

    def summary(self, reason: SummaryReason) -> Summary | None:
        return next((s for s in self.summaries if s.reason is reason), None)

    def by_kind(self) -> dict[SendKind, tuple[ReminderKey, ...]]:
        """Keys to record, by kind. ``held`` keys are deliberately absent."""
        return {
            SendKind.INDIVIDUAL: tuple(k for r in self.individual for k in r.covers),
            SendKind.COALESCED: tuple(k for s in self.summaries for k in s.keys),
            SendKind.MUTED: self.muted,
            SendKind.SKIPPED: self.skipped,
        }

    @property
    def keys(self) -> frozenset[ReminderKey]:
        """Every key this result settles (shown or silent)."""
        return frozenset(k for keys in self.by_kind().values() for k in keys)

    def restricted_to(self, claimed: Iterable[ReminderKey]) -> SweepResult:
        """This result without what another instance claimed first.

        A reminder stays when its own key was claimed (its covers are trimmed to
        the claimed ones); empty summaries disappear.
        """
        got = frozenset(claimed)

        def trim(r: Reminder) -> Reminder | None:
            if r.key not in got:
                return None
            return replace(r, covers=tuple(k for k in r.covers if k in got))

        def trim_all(rs: Iterable[Reminder]) -> tuple[Reminder, ...]:
            return tuple(t for t in map(trim, rs) if t is not None)

        summaries = tuple(
            Summary(s.reason, kept) for s in self.summaries if (kept := trim_all(s.reminders))
        )
        return replace(
            self,
            individual=trim_all(self.individual),
            summaries=summaries,
            muted=tuple(k for k in self.muted if k in got),
            skipped=tuple(k for k in self.skipped if k in got),
        )
