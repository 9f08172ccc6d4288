"""Tray reminders: which are due (pure, idempotent) and the glue that records them.

    from core.reminders import ReminderSettings, due_reminders, sweep
    from core.storage.reminders_store import ReminderStore

See ``core.reminders.sweep`` for the rules (offsets, gaps, bursts, quiet hours,
pause, mute, snooze) and ``core.reminders.service`` for the record-before-show
order. Never imports Qt; returns codes and numbers, never UI sentences.
"""

from core.reminders.model import (
    Reminder,
    ReminderKey,
    SendKind,
    Summary,
    SummaryReason,
    SweepResult,
)
from core.reminders.service import ReminderService, sweep
from core.reminders.settings import (
    DEFAULT_OFFSETS,
    PAUSE_DEFAULT,
    SETTINGS_KEY,
    SNOOZE_CHOICES,
    ReminderSettings,
    load_settings,
)
from core.reminders.sweep import AWAY_GAP, due_reminders, reminder_keys, wants_reminders

__all__ = [
    "AWAY_GAP",
    "DEFAULT_OFFSETS",
    "PAUSE_DEFAULT",
    "SETTINGS_KEY",
    "SNOOZE_CHOICES",
    "Reminder",
    "ReminderKey",
    "ReminderService",
    "ReminderSettings",
    "SendKind",
    "Summary",
    "SummaryReason",
    "SweepResult",
    "due_reminders",
    "load_settings",
    "reminder_keys",
    "sweep",
    "wants_reminders",
]
