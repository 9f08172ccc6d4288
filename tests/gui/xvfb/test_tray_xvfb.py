"""The tray on a real X server: Xvfb + Debian's ``trayer`` as the tray host.

The rest of the suite runs offscreen, where Qt has no system tray. Here a child
process (tray_app.py) runs ShopClock on xcb with the demo shop: the tray must be
available, the icon visible with a geometry, a due reminder must come up as Qt's
balloon (showMessage), a real click on it must open the case, closing the window
must keep ShopClock in the tray with its one-time explanation, and 退出 in the tray
menu must end it with exit code 0 and the lock released. Screenshots go to
tests/gui/artifacts/tray/ (git-ignored). Skipped only where Xvfb or trayer is not
installed; CI installs both (build_scripts/system_deps.sh).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SHOTS = HERE.parent / "artifacts" / "tray"
SCREEN = "1280x800x24"


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (apt-get install xvfb trayer xauth; CI runs it)")


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    deadline = time.monotonic() + 20
    while not number.endswith(b"\n") and time.monotonic() < deadline:
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip():
        xvfb.kill()
        pytest.fail("Xvfb did not report a display number")
    return xvfb, f":{number.decode().strip()}"


@pytest.fixture
def x_display(tmp_path):
    _need("Xvfb")
    _need("trayer")
    xvfb, display = _start_xvfb()
    env = dict(os.environ, DISPLAY=display)
    env.pop("WAYLAND_DISPLAY", None)
    trayer = subprocess.Popen(
        [
            *("trayer", "--edge", "top", "--align", "right", "--widthtype", "request"),
            *("--height", "32", "--transparent", "false", "--tint", "0x2b2b2b"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield display
    finally:
        for proc in (trayer, xvfb):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_tray_icon_balloon_click_and_close_to_tray(x_display, tmp_path):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = dict(
        os.environ,
        DISPLAY=x_display,
        QT_QPA_PLATFORM="xcb",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
        XDG_RUNTIME_DIR=str(runtime),
    )
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # Qt's own balloon, not a desktop's notifier
    report_path = tmp_path / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / "tray_app.py"),
            str(tmp_path / "data"),
            str(SHOTS),
            str(report_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert report_path.exists(), done.stderr[-3000:]
    report = json.loads(report_path.read_text("utf-8"))
    assert "error" not in report, report["error"]
    assert done.returncode == 0, done.stderr[-3000:]
    assert report["platform"] == "xcb"
    assert report["tray_available"] is True
    assert report["tray_visible"] is True
    x, y, w, h = report["tray_geometry"]
    assert w > 0 and h > 0 and 0 <= x < 1280 and 0 <= y < 800  # noqa: PT018
    assert report["tooltip"].startswith("售后时钟\n")
    title, body = report["note"]
    assert title == "拼多多 · 售后单 XV-20260001"
    assert body.startswith("还剩 1小时5")  # the 2-hour reminder, a minute late
    assert "处理退款申请" in body
    for secret in ("张秀英", "13912345678", "1391", "杭州", "文三路"):
        assert all(secret not in text for note in report["notes"] for text in note)
    assert report["balloon_geometry"][2] > 0
    assert report["click"] in ("xdotool", "qtest")
    assert report["opened_case"] == "XV-20260001"
    assert report["window_visible"] is True
    assert report["menu"][0] == "打开售后时钟"
    assert "暂停提醒 1 小时" in report["menu"]
    assert report["menu"][-1] == "退出"
    assert report["hidden_to_tray"] is True
    assert report["explanation"] == "售后时钟仍在运行"
    assert report["exit_code"] == 0
    assert report["lock_released"] is True
    assert report["qt_messages"] == []
    for shot in report["screenshots"]:
        assert Path(shot).stat().st_size > 5_000
