"""benchmarks/run.py works end to end on tiny sizes. Nothing here is timed: the
benchmarks are not tests; this only proves the command still runs and reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run_script(name: str, *args: str) -> str:
    """Run benchmarks/<name> offscreen; its standard output (it must exit 0)."""
    import os

    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return proc.stdout


def test_run_py_measures_import_and_timers(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    results.write_text("old table\n\n## Changes\n\nkept by hand\n", encoding="utf-8")
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"]
    command += ["--scale", "0.003", "--runs", "1", "--only", "import,timers"]
    proc = subprocess.run(
        [*command, "--results", str(results)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # 1 = a target missed, which tiny sizes make meaningless; a crash writes no table
    assert proc.returncode in (0, 1), proc.stdout[-2000:] + proc.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    assert "| import 300 orders + 90 cases" in text
    assert "|   the floor: the same files decoded and split into CSV rows" in text
    assert "| compute all running timers (300 cases" in text
    assert "due --json" in text
    assert "- SQLite: " in text
    assert "- Python: " in text
    assert "old table" not in text
    assert text.endswith("## Changes\n\nkept by hand\n")


def test_start_floor_shows_to_do_without_sqlalchemy(tmp_path: Path) -> None:
    """benchmarks/start_floor.py (an analysis, not a run.py figure) paints the stored
    To-do rows of a real database and fails if SQLAlchemy was imported on the way."""

    from core import demo
    from core.deadlines import DeadlineStore
    from core.service import Service

    db = tmp_path / "shop.sqlite3"
    service = Service.open(db)
    demo.populate(service, orders=60, cases=30)
    DeadlineStore(service).refresh()
    expected = len(DeadlineStore(service).todo().timers)
    service.close()
    marks = _run_script("start_floor.py", str(db)).split()
    assert marks[::2] == ["core-lite", "pyside", "gui", "shown", "read", "rows", "paint", "rows"]
    assert expected > 0
    assert int(marks[-1]) == expected  # every stored To-do timer is a row (no case to confirm)


def test_window_shell_times_the_real_window_and_both_floors() -> None:
    """benchmarks/window_shell.py (an analysis, not a run.py figure) starts the real
    window on an empty database, the bare window and a cached first page, and says
    what each step of the real one cost."""
    import re

    out = _run_script("window_shell.py", "--runs", "1")
    marks = re.search(
        r"core ([\d.]+)  pyside ([\d.]+)  gui_modules ([\d.]+)  "
        r"opened ([\d.]+)  built ([\d.]+)  painted ([\d.]+)",
        out,
    )
    assert marks is not None, out
    times = [float(x) for x in marks.groups()]
    assert times == sorted(times)  # each step after the one before
    assert re.search(r"without core before its first paint: ~[\d.]+ s = [\d.]+x", out)
    assert re.search(r"cached first page \(27,000 ready-made rows", out)


def test_the_search_figures_run_on_a_real_window_and_the_bare_table(tmp_path: Path) -> None:
    """bench_gui_start's search children (the window's Orders tab, the bare proxy) run
    on a real database and report a median; the window's first search finds rows."""
    from core import demo
    from core.service import Service

    db = tmp_path / "shop.sqlite3"
    service = Service.open(db)
    demo.populate(service, orders=300, cases=60)
    service.close()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_gui_start as bench
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    app = bench._run_child(["child_app", str(db), 0, 0, 0, True], 300, "search")
    bare = bench._run_child(["child_search_baseline", str(db)], 300, "search")
    assert 0 < app["search"] < 60
    assert 0 < bare["search"] < 60
