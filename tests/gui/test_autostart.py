"""Start with the computer: where the entry goes on each system (pure), and the Linux
entry written for real into a temporary $XDG_CONFIG_HOME."""

from __future__ import annotations

import plistlib
import shlex
from pathlib import Path

import pytest

from gui import autostart


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"XDG_CONFIG_HOME": "/cfg"}, "/cfg/autostart/shopclock.desktop"),
        ({}, "/home/amy/.config/autostart/shopclock.desktop"),
        ({"XDG_CONFIG_HOME": ""}, "/home/amy/.config/autostart/shopclock.desktop"),
        ({"XDG_CONFIG_HOME": "relative/cfg"}, "/home/amy/.config/autostart/shopclock.desktop"),
    ],
)
def test_linux_path(env, expected):
    assert autostart.linux_path(env, Path("/home/amy")) == Path(expected)


def test_macos_path():
    assert autostart.macos_path(Path("/Users/amy")) == Path(
        "/Users/amy/Library/LaunchAgents/com.shopclock.ShopClock.plist"
    )


def test_windows_location():
    key, value = autostart.windows_location()
    assert key == "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
    assert value == "ShopClock"
    assert autostart.location("win32") == f"{key}\\ShopClock"


@pytest.mark.parametrize(
    ("platform", "kind"),
    [("win32", "windows"), ("freebsd14", "linux"), ("darwin", "macos"), ("linux", "linux")],
)
def test_system_name(platform, kind):
    assert autostart.system_name(platform) == kind


def test_command_frozen_and_from_source(tmp_path):
    frozen = autostart.command(
        ["--data-dir", "D"], executable="C:/ShopClock/ShopClock.exe", frozen=True
    )
    assert frozen == ["C:/ShopClock/ShopClock.exe", "--minimized", "--data-dir", "D"]
    source = autostart.command(executable="/venv/bin/python", frozen=False, platform="linux")
    assert source == ["/venv/bin/python", "-m", "gui.main", "--minimized"]
    python = tmp_path / "python.exe"
    (tmp_path / "pythonw.exe").write_bytes(b"")
    windows = autostart.command(executable=str(python), frozen=False, platform="win32")
    assert windows[0] == str(tmp_path / "pythonw.exe")  # no console window at log-in


def test_desktop_entry_quotes_the_command():
    cmd = ["/opt/Shop Clock/ShopClock", "--minimized", "--data-dir", "/data/100%/店"]
    entry = autostart.desktop_entry(cmd)
    lines = dict(line.split("=", 1) for line in entry.splitlines()[1:])
    assert entry.startswith("[Desktop Entry]\n")
    assert lines["Type"] == "Application"
    assert lines["Name[zh_CN]"] == "售后时钟"
    assert lines["Exec"] == '"/opt/Shop Clock/ShopClock" --minimized --data-dir /data/100%%/店'
    assert shlex.split(lines["Exec"].replace("%%", "%")) == cmd


def test_desktop_entry_escapes_backslashes_and_quotes():
    exec_line = autostart.desktop_entry(['C:\\a "b"'])
    assert 'Exec="C:\\\\\\\\a \\\\"b\\\\""' in exec_line


def test_launch_agent_and_windows_command():
    cmd = ["/Applications/ShopClock.app/Contents/MacOS/ShopClock", "--minimized"]
    plist = plistlib.loads(autostart.launch_agent(cmd))
    assert plist["Label"] == "com.shopclock.ShopClock"
    assert plist["ProgramArguments"] == cmd
    assert plist["RunAtLoad"] is True
    win = autostart.windows_command(["C:\\Program Files\\ShopClock\\ShopClock.exe", "--minimized"])
    assert win == '"C:\\Program Files\\ShopClock\\ShopClock.exe" --minimized'


def test_linux_entry_written_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    path = tmp_path / "cfg" / "autostart" / "shopclock.desktop"
    assert not autostart.is_enabled("linux")
    where = autostart.set_enabled(True, ["--data-dir", str(tmp_path / "my shop")], "linux")
    assert where == str(path)
    assert autostart.is_enabled("linux")
    text = path.read_text("utf-8")
    assert "--minimized" in text
    assert f'"{tmp_path / "my shop"}"' in text
    assert list(path.parent.iterdir()) == [path]  # no partial file left behind
    autostart.set_enabled(True, [], "linux")  # again: replaced, not duplicated
    assert "my shop" not in path.read_text("utf-8")
    autostart.set_enabled(False, platform="linux")
    assert not path.exists()
    assert not autostart.is_enabled("linux")
    autostart.set_enabled(False, platform="linux")  # already off: fine
