"""The frozen ShopClock's first Python code (PyInstaller's entry script).

``ShopClock --smoke-test ...`` goes to ``gui.smoke`` before anything else is
imported; every other start goes to ``gui.main.main`` (the window, or a command-line
subcommand). A Windows build has no console (``console=False``), so ``sys.stdout``
and ``sys.stderr`` are None there: they are pointed at os.devnull so a stray print
or a logging handler cannot raise. With ``SHOPCLOCK_EXIT_AFTER_SHOW`` set, the
benchmarks' start-up probe is armed (see ``gui.smoke.arm_exit_after_show``).
"""

from __future__ import annotations

import os
import sys


def _no_console_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def main() -> int:
    _no_console_streams()
    if "--smoke-test" in sys.argv[1:]:
        from gui import smoke

        return smoke.main(sys.argv[1:])
    from gui.main import is_gui, preload_core
    from gui.main import main as shopclock_main

    if is_gui(sys.argv[1:]):
        preload_core()  # before the probe below imports Qt
    if os.environ.get("SHOPCLOCK_EXIT_AFTER_SHOW"):
        from gui.smoke import arm_exit_after_show

        arm_exit_after_show()

    return shopclock_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
