"""Start ShopClock with the computer (off by default), hidden in the tray.

Contract: where the start entry lives is a pure function per system, tested on
all three: Windows — the ``ShopClock`` value under HKCU\\…\\CurrentVersion\\Run
(``windows_location``, written through QSettings' NativeFormat); Linux and other
freedesktop systems — ``$XDG_CONFIG_HOME/autostart/shopclock.desktop``
(``linux_path``; ~/.config when unset or not absolute); macOS — a LaunchAgent
``~/Library/LaunchAgents/com.shopclock.ShopClock.plist`` (``macos_path``).
``command`` is what starts this ShopClock (the frozen executable, or this Python
with ``-m gui.main``) plus ``--minimized`` and the data-folder arguments it was
started with. ``is_enabled()`` / ``set_enabled(on, args)`` act on the running
system; files are replaced atomically, and turning it off removes the entry.

Threading: GUI thread (QSettings on Windows); no state.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

APP_NAME = "ShopClock"
LINUX_FILE = "shopclock.desktop"
MAC_LABEL = "com.shopclock.ShopClock"
WINDOWS_RUN_KEY = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
MINIMIZED = "--minimized"


def system_name(platform: str | None = None) -> str:
    """ "windows", "macos" or "linux" (every other system uses the freedesktop entry)."""
    name = platform or sys.platform
    if name.startswith("win"):
        return "windows"
    if name == "darwin":
        return "macos"
    return "linux"


def command(
    args: Sequence[str] = (),
    *,
    executable: str | None = None,
    frozen: bool | None = None,
    platform: str | None = None,
) -> list[str]:
    """The command line that starts this ShopClock hidden in the tray."""
    exe = executable or sys.executable
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if frozen:
        return [exe, MINIMIZED, *args]
    if system_name(platform) == "windows":  # pythonw: no console window at log-in
        windowless = Path(exe).with_name("pythonw.exe")
        exe = str(windowless) if windowless.exists() else exe
    return [exe, "-m", "gui.main", MINIMIZED, *args]


# -- where, per system (pure) ---------------------------------------------------------


def linux_path(env: Mapping[str, str], home: Path) -> Path:
    base = env.get("XDG_CONFIG_HOME", "")
    config = Path(base) if base and Path(base).is_absolute() else home / ".config"
    return config / "autostart" / LINUX_FILE


def macos_path(home: Path) -> Path:
    return home / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"


def windows_location() -> tuple[str, str]:
    """(registry key, value name) read and written with QSettings.NativeFormat."""
    return WINDOWS_RUN_KEY, APP_NAME


def location(platform: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """Where the entry is, for the operator (a path or a registry value)."""
    kind = system_name(platform)
    if kind == "windows":
        key, value = windows_location()
        return f"{key}\\{value}"
    home = Path.home()
    if kind == "macos":
        return str(macos_path(home))
    return str(linux_path(os.environ if env is None else env, home))


# -- what, per system (pure) ----------------------------------------------------------

_DESKTOP_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _desktop_arg(arg: str) -> str:
    """Quote one argument for a desktop entry's Exec key (freedesktop spec)."""
    arg = arg.replace("%", "%%")
    if not arg or any(c in _DESKTOP_RESERVED for c in arg):
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        return f'"{escaped}"'
    return arg


def desktop_entry(cmd: Sequence[str]) -> str:
    exec_line = " ".join(_desktop_arg(a) for a in cmd).replace("\\", "\\\\")
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Name[zh_CN]=售后时钟\n"
        "Comment=After-sales deadline clock\n"
        "Comment[zh_CN]=售后期限倒计时\n"
        f"Exec={exec_line}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def launch_agent(cmd: Sequence[str]) -> bytes:
    import plistlib  # macOS only: it brings an XML parser into every start

    return plistlib.dumps(
        {
            "Label": MAC_LABEL,
            "ProgramArguments": list(cmd),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


def windows_command(cmd: Sequence[str]) -> str:
    return subprocess.list2cmdline(list(cmd))


# -- on this computer -----------------------------------------------------------------


def _file(kind: str) -> Path:
    home = Path.home()
    return macos_path(home) if kind == "macos" else linux_path(os.environ, home)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def _run_key():
    from PySide6.QtCore import QSettings

    key, _value = windows_location()
    return QSettings(key, QSettings.Format.NativeFormat)


def is_enabled(platform: str | None = None) -> bool:
    kind = system_name(platform)
    if kind == "windows":
        return _run_key().contains(APP_NAME)
    return _file(kind).is_file()


def set_enabled(on: bool, args: Sequence[str] = (), platform: str | None = None) -> str:
    """Add or remove the start entry; returns where it is (see ``location``)."""
    kind = system_name(platform)
    cmd = command(args, platform=platform)
    if kind == "windows":
        store = _run_key()
        if on:
            store.setValue(APP_NAME, windows_command(cmd))
        else:
            store.remove(APP_NAME)
        store.sync()
    else:
        path = _file(kind)
        if not on:
            path.unlink(missing_ok=True)
        elif kind == "macos":
            _write(path, launch_agent(cmd))
        else:
            _write(path, desktop_entry(cmd).encode("utf-8"))
    return location(platform)
