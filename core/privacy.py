"""Masking of buyers' personal data (names, phones, addresses).

Contract: lists, notifications, logs and exports show masked values by
default — 张** / 138****5678 / province-city-district only; the raw value is
shown only on an explicit reveal. `scrub` masks phone numbers found inside
free text (log lines, notes). Pure functions; thread-safe.
"""

from __future__ import annotations

import re

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)")
# province / city / district (or county, banner...) prefix of a Chinese address
_REGION = re.compile(
    r"^((?:[^省市区县]{2,8}?(?:省|自治区|特别行政区))?"
    r"(?:[^省市区县]{1,10}?(?:市|自治州|地区|盟))?"
    r"(?:[^省市区县]{1,10}?(?:区|县|市|旗))?)"
)


def mask_name(name: str) -> str:
    """张伟 -> 张*, 欧阳娜娜 -> 欧***; a Latin name keeps its first letter."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678; other digits keep only their last four."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    masked = _PHONE.sub(r"\1****\3", phone)
    if masked != phone:
        return masked
    digits = re.sub(r"\D", "", phone)
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_address(address: str) -> str:
    """Keep province, city and district; drop street, building and door number."""
    address = (address or "").strip()
    if not address:
        return ""
    region = _REGION.match(address)
    kept = region.group(1) if region else ""
    return (kept or address[:2]) + "****"


def scrub(text: str) -> str:
    """Mask every mobile or landline number inside free text."""
    return _LANDLINE.sub(r"\1****\3", _PHONE.sub(r"\1****\3", text))
