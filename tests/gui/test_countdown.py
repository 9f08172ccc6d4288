"""Countdown text: the table of cases from the brief, in Chinese and English."""

import pytest

from core.domain import Urgency
from gui import countdown

DAY, HOUR, MINUTE = 86_400, 3_600, 60

ZH = [
    (DAY + 3 * HOUR + 12 * MINUTE + 45, "1天 03:12:45"),
    (2 * DAY, "2天 00:00:00"),
    (3 * HOUR + 5, "03:00:05"),
    (HOUR, "01:00:00"),
    (HOUR - 1, "59:59"),
    (45 * MINUTE + 10, "45:10"),
    (44.2, "00:45"),  # a partial second rounds up: 00:01 is the last second
    (0.4, "00:01"),
    (0, "刚刚超时"),
    (-59, "刚刚超时"),
    (-MINUTE, "已超时 1分"),
    (-(2 * HOUR + 5 * MINUTE), "已超时 2小时05分"),
    (-(2 * HOUR + 5 * MINUTE + 59), "已超时 2小时05分"),
    (-(DAY + 3 * HOUR + 20 * MINUTE), "已超时 1天3小时"),
]

EN = [
    (DAY + 3 * HOUR + 12 * MINUTE + 45, "1d 03:12:45"),
    (45 * MINUTE + 10, "45:10"),
    (-(2 * HOUR + 5 * MINUTE), "Overdue 2h 05m"),
    (-(DAY + 3 * HOUR), "Overdue 1d 3h"),
    (0, "Just overdue"),
]


@pytest.mark.parametrize(("seconds", "text"), ZH)
def test_chinese(zh, seconds, text):
    assert countdown.format_countdown(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), EN)
def test_english(qapp, seconds, text):
    assert countdown.format_countdown(seconds) == text


def test_duration_is_calm(zh):
    assert countdown.format_duration(2 * DAY + 5 * HOUR) == "2天5小时"
    assert countdown.format_duration(3 * HOUR + 20 * MINUTE) == "3小时20分"


@pytest.mark.parametrize("dark", [False, True])
def test_every_alarming_band_has_readable_colours(qapp, dark):
    def luminance(c):
        def channel(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())

    assert countdown.band_colors(Urgency.OK, dark) == (None, None)
    for band in (Urgency.SOON, Urgency.URGENT, Urgency.OVERDUE):
        fg, bg = countdown.band_colors(band, dark)
        hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, (band, dark)
