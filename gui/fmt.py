"""Display formatting: money, local times, masked personal data.

Contract: pure functions. Times are stored in aware UTC and shown in the
user's (the PC's) zone; money is integer fen shown as ¥1,234.50. Buyer names
and phones are masked in lists (STYLE.md, Data safety).

Threading: no state; safe anywhere.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

_LOCAL: tzinfo | None = None


def set_display_zone(zone: tzinfo | None) -> None:
    """Tests pin the zone; None means the PC's own zone."""
    global _LOCAL
    _LOCAL = zone


def local(moment: datetime) -> datetime:
    return moment.astimezone(_LOCAL) if _LOCAL is not None else moment.astimezone()


def money(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}¥{yuan:,}.{cents:02d}"


# No strftime: with PySide6 loaded every strftime call goes through shiboken's
# import hook (it imports `time`), which made 100,000 list cells cost seconds.


def short_time(moment: datetime | None) -> str:
    """11-05 14:30 (list cells)."""
    if moment is None:
        return ""
    t = local(moment)
    return f"{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}"


def long_time(moment: datetime | None) -> str:
    """2026-11-05 14:30 (detail panel)."""
    if moment is None:
        return ""
    t = local(moment)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}"


def mask_name(name: str) -> str:
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * min(max(len(name) - 1, 1), 2)


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "****" + digits[-4:]
