"""The operator's reminder settings and their JSON form.

Contract: ``ReminderSettings`` validates on construction (ValueError / TypeError)
and round-trips through ``to_dict`` / ``from_dict`` (plain JSON types). The GUI
stores it with ``repo.set_setting(SETTINGS_KEY, settings.to_dict())``;
``load_settings`` reads it back (falling back to the legacy
``reminders.hours_before`` list, then to the defaults). Quiet hours are wall
times in Asia/Shanghai, where the shops' platforms keep time.

Threading: immutable; safe to share between threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol

from core.clock import SHANGHAI
from core.domain import Platform, require_aware

SETTINGS_KEY = "reminders"
LEGACY_HOURS_KEY = "reminders.hours_before"
SETTINGS_VERSION = 1

DEFAULT_OFFSETS = (timedelta(hours=12), timedelta(hours=2), timedelta(minutes=30), timedelta(0))
MAX_OFFSET = timedelta(days=30)
MAX_OFFSETS = 12
SNOOZE_CHOICES = (timedelta(minutes=15), timedelta(hours=1))
PAUSE_DEFAULT = timedelta(hours=1)


def _offset(value: timedelta) -> timedelta:
    if not isinstance(value, timedelta):
        raise TypeError(f"an offset must be a timedelta, got {type(value).__name__}")
    if value < timedelta(0) or value > MAX_OFFSET:
        raise ValueError(f"an offset must be between 0 and {MAX_OFFSET}, got {value}")
    if value.microseconds:
        raise ValueError("offsets are whole seconds")
    return value


def _shop(pair: Iterable[str]) -> tuple[Platform, str]:
    platform, name = tuple(pair)
    if not isinstance(name, str) or not name:
        raise ValueError("a muted shop needs a name")
    return Platform(platform), name


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """Offsets before a deadline (0 = at expiry), burst limit, quiet hours, mutes, pause.

    ``offsets`` come back sorted from the largest, without repeats. ``quiet_start``
    / ``quiet_end`` are both set or both None; a window may span midnight
    (22:00–08:00). ``muted_shops`` holds (platform, shop name) pairs.
    """

    offsets: tuple[timedelta, ...] = DEFAULT_OFFSETS
    burst_limit: int = 3
    quiet_start: time | None = None
    quiet_end: time | None = None
    muted_shops: frozenset[tuple[Platform, str]] = field(default_factory=frozenset)
    paused_until: datetime | None = None

    def __post_init__(self) -> None:
        offsets = tuple(sorted({_offset(o) for o in self.offsets}, reverse=True))
        if len(offsets) > MAX_OFFSETS:
            raise ValueError(f"at most {MAX_OFFSETS} reminder offsets")
        object.__setattr__(self, "offsets", offsets)
        if not isinstance(self.burst_limit, int) or isinstance(self.burst_limit, bool):
            raise TypeError("burst_limit must be an integer")
        if self.burst_limit < 1:
            raise ValueError("burst_limit must be >= 1")
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("quiet hours need both a start and an end")
        for name in ("quiet_start", "quiet_end"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, time) or value.tzinfo is not None):
                raise TypeError(f"{name} must be a naive time (Asia/Shanghai wall time)")
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValueError("quiet hours must not start and end at the same time")
        object.__setattr__(self, "muted_shops", frozenset(_shop(p) for p in self.muted_shops))
        require_aware(self.paused_until, "paused_until")
        if self.paused_until is not None:
            object.__setattr__(self, "paused_until", self.paused_until.astimezone(UTC))

    # -- questions the sweep asks -----------------------------------------------------

    def in_quiet_hours(self, at: datetime) -> bool:
        if self.quiet_start is None or self.quiet_end is None:
            return False
        wall = at.astimezone(SHANGHAI).time().replace(tzinfo=None)
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= wall < self.quiet_end
        return wall >= self.quiet_start or wall < self.quiet_end

    def paused(self, at: datetime) -> bool:
        return self.paused_until is not None and at < self.paused_until

    def is_muted(self, platform: Platform | str, shop: str) -> bool:
        return (Platform(platform), shop) in self.muted_shops

    # -- changes the GUI makes ----------------------------------------------------------

    def pause(self, now: datetime, duration: timedelta = PAUSE_DEFAULT) -> ReminderSettings:
        require_aware(now, "now")
        return replace(self, paused_until=now + duration)

    def resume(self, now: datetime | None = None) -> ReminderSettings:
        """End the pause (at ``now``: what it held back still comes as one summary)."""
        if now is None or self.paused_until is None:
            return replace(self, paused_until=None)
        require_aware(now, "now")
        return replace(self, paused_until=min(self.paused_until, now))

    def mute(self, platform: Platform | str, shop: str) -> ReminderSettings:
        return replace(self, muted_shops=self.muted_shops | {_shop((platform, shop))})

    def unmute(self, platform: Platform | str, shop: str) -> ReminderSettings:
        return replace(self, muted_shops=self.muted_shops - {_shop((platform, shop))})

    # -- JSON -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SETTINGS_VERSION,
            "offsets_s": [int(o.total_seconds()) for o in self.offsets],
            "burst_limit": self.burst_limit,
            "quiet_start": _hhmm(self.quiet_start),
            "quiet_end": _hhmm(self.quiet_end),
            "muted_shops": sorted([p.value, name] for p, name in self.muted_shops),
            "paused_until": None if self.paused_until is None else self.paused_until.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReminderSettings:
        """Missing keys take their defaults; unknown keys are ignored (newer versions)."""
        if not isinstance(data, Mapping):
            raise TypeError("reminder settings must be a JSON object")
        kw: dict[str, Any] = {}
        if "offsets_s" in data:
            kw["offsets"] = tuple(
                timedelta(seconds=_int(s, "offsets_s")) for s in data["offsets_s"]
            )
        if "burst_limit" in data:
            kw["burst_limit"] = _int(data["burst_limit"], "burst_limit")
        for name in ("quiet_start", "quiet_end"):
            if data.get(name) is not None:
                kw[name] = _parse_hhmm(data[name], name)
        if "muted_shops" in data:
            kw["muted_shops"] = frozenset(_shop(p) for p in data["muted_shops"])
        if data.get("paused_until") is not None:
            kw["paused_until"] = datetime.fromisoformat(str(data["paused_until"]))
        return cls(**kw)


def _int(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be integers")
    return value


def _hhmm(value: time | None) -> str | None:
    return None if value is None else value.isoformat(timespec="minutes")


def _parse_hhmm(value: Any, name: str) -> time:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be 'HH:MM'")
    return time.fromisoformat(value)


class SettingsSource(Protocol):
    def get_setting(self, key: str, default: Any = None) -> Any: ...


def load_settings(repo: SettingsSource) -> ReminderSettings:
    """The stored settings; an unreadable value falls back to the defaults (never raises).

    A database from revision 0001 may hold ``reminders.hours_before`` ([24, 6, 1]):
    those hours plus the at-expiry reminder become the offsets.
    """
    stored = repo.get_setting(SETTINGS_KEY)
    if stored is not None:
        try:
            return ReminderSettings.from_dict(stored)
        except (TypeError, ValueError):
            return ReminderSettings()
    legacy = repo.get_setting(LEGACY_HOURS_KEY)
    if isinstance(legacy, list):
        try:
            hours = [timedelta(hours=float(h)) for h in legacy if not isinstance(h, bool)]
            return ReminderSettings(offsets=(*(_whole(h) for h in hours), timedelta(0)))
        except (TypeError, ValueError):
            pass
    return ReminderSettings()


def _whole(value: timedelta) -> timedelta:
    return timedelta(seconds=round(value.total_seconds()))
