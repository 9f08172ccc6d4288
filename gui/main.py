"""The ``shopclock`` entry point: a subcommand goes to the command line, nothing starts the window.

Contract: ``main(argv)`` returns an exit code. ``--smoke-test`` anywhere goes to
``gui.smoke`` first. ``shopclock due …`` (any argument that is not one of the
window's own flags) runs ``core.cli.main(argv)`` without importing Qt;
``shopclock``, ``shopclock --db PATH``, ``--data-dir DIR``, ``--lang en``,
``--case NO`` or ``--minimized`` start the window (``gui.app``; a second launch on
the same database brings the running window forward and exits 0). This module
imports neither Qt nor the command line at module level.

Threading: the main thread, before anything else.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

GUI_FLAGS = ("--db", "--data-dir", "--lang", "--screenshot", "--case")
GUI_SWITCHES = ("--minimized",)
DATA_DIR_ENV = "SHOPCLOCK_DATA_DIR"  # core.storage.engine reads it
SMOKE_TEST = "--smoke-test"


def is_gui(argv: Sequence[str]) -> bool:
    """True when every argument is a window flag (``--flag value`` or ``--flag=value``)
    or switch (``--minimized``)."""
    args = list(argv)
    while args:
        head = args.pop(0)
        if head in GUI_SWITCHES:
            continue
        name = head.split("=", 1)[0]
        if name not in GUI_FLAGS:
            return False
        if "=" not in head:
            if not args:
                return False  # a flag without its value: let the CLI's parser say so
            args.pop(0)
    return True


def gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shopclock", description="ShopClock 售后时钟")
    p.add_argument("--db", help="SQLite file or SQLAlchemy URL")
    p.add_argument("--data-dir", help="folder for the default database")
    p.add_argument("--lang", help="zh_CN (default) or en")
    p.add_argument("--screenshot", help=argparse.SUPPRESS)  # save a PNG once loaded, then quit
    p.add_argument("--case", help="open this after-sales case (in the running window, if any)")
    p.add_argument("--minimized", action="store_true", help="start hidden in the tray")
    return p


def preload_core(snapshot: bool = False) -> None:
    """Import core (SQLAlchemy, the rule engine) before Qt. Once PySide6 is imported,
    its import hook looks at every module imported after it (shiboken's __feature__
    check reads the module's source); core's ~300 modules then cost ~0.1 s more.
    ``snapshot``: the window will likely paint its start snapshot first
    (gui.start_snapshot) and import the database layer only after that paint: only the
    core modules the window's own modules use come now (``WINDOW_CORE``).
    Automatic garbage collection stops first, for the rest of the window's start
    (~60 ms of ~0.6 s): gui.app.start ends the pause (see core.gcpause)."""
    import importlib

    from core.gcpause import pause_start_up

    pause_start_up()
    for name in WINDOW_CORE if snapshot else ("core.service",):
        importlib.import_module(name)


# what gui.main_window and gui.start_snapshot import of core (a test keeps it so):
# all of it without SQLAlchemy and the storage layer
WINDOW_CORE = (
    "core.deadline_rows", "core.logs", "core.paths", "core.reminders", "core.rules.explain",
    "core.rules.loader", "core.rules.transitions", "core.rules.urgency",
)  # fmt: skip


def has_snapshot(options) -> bool:
    """Whether this database has a start snapshot file (whether it is current, the
    window's start finds out): for a database file named as a path or the default one
    (a URL preloads as before: its parser is SQLAlchemy's)."""
    from core.paths import database_file, start_snapshot_path

    if options.minimized or "://" in (options.db or ""):
        return False
    path = database_file(options.db)
    return path is not None and start_snapshot_path(path).is_file()


@contextmanager
def no_pyside_probe() -> Iterator[None]:
    """Import Qt-free modules after PySide6 without its probe: PySide6's import hook
    (shiboken's __feature__ support) reads the source of every module imported after
    it, to see whether it names PySide6, and keeps the lines in linecache — ~0.1 s and
    megabytes for the database layer that a start from the snapshot imports after its
    first paint (gui.app._attach). Modules imported inside this block are recorded as
    not using PySide (-1 in the hook's table, what the probe would have found: the
    block must import nothing that uses Qt). Without that table (another PySide6)
    the probe runs as before."""
    table = None
    try:
        from shibokensupport import feature  # PySide6's own helper module

        table = getattr(feature, "pyside_feature_dict", None)
    except ImportError:
        pass
    if not isinstance(table, dict):
        yield
        return

    class Mark:
        @staticmethod
        def find_spec(fullname, _path=None, _target=None):
            table.setdefault(fullname, -1)
            return None  # the usual finders find it

    mark = Mark()
    sys.meta_path.insert(0, mark)
    try:
        yield
    finally:
        sys.meta_path.remove(mark)


def forget_source_lines() -> None:
    """Drop the source files' lines that linecache holds, once the window's modules are
    imported. PySide6's import hook (shiboken's __feature__ check) reads the source of
    every module imported after it — inspect.getsource, which keeps each file's lines
    in linecache for good: ~4 MiB of the window's memory (~12 MiB on a start that
    upgrades the database), never used again. A traceback reads its files again when it
    needs them; lines that exist only in linecache (names in <…>, e.g. SQLAlchemy's
    generated code) are kept. A frozen build has no sources. The worker thread is
    running: the keys are copied in one step (list() of a dict does not let another
    thread in), and one may be gone when its turn comes."""
    import linecache

    for name in list(linecache.cache):
        if not name.startswith("<"):
            linecache.cache.pop(name, None)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if SMOKE_TEST in args:
        from gui import smoke

        return smoke.main(args)
    if not is_gui(args):
        try:
            from core import cli
        except ImportError as err:
            print(f"shopclock: 命令行不可用 / command line unavailable: {err}", file=sys.stderr)
            return 2
        return cli.main(args)
    options = gui_parser().parse_args(args)
    if options.data_dir:
        os.environ[DATA_DIR_ENV] = options.data_dir
    preload_core(snapshot=has_snapshot(options))
    from gui.app import run

    return run(options)


if __name__ == "__main__":
    raise SystemExit(main())
