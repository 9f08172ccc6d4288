"""ShopClock's benchmarks, measured against the physical limits: one command.

    .venv/bin/python benchmarks/run.py                  # full sizes, ~15 min on 2 cores
    .venv/bin/python benchmarks/run.py --quick          # a tenth of the sizes, no bundle
    .venv/bin/python benchmarks/run.py --only import,timers --runs 5
    PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/run.py  # measure it

Generates core.demo's realistic shop scaled up (and real Pinduoduo export files from
it), runs every measurement several times — each with its baseline in the same
session, taking turns — and prints a table of medians and ratios. Unless --no-write,
the table goes to benchmarks/results.md with the date, the machine and the command;
the file's "## Changes" section (written by hand: before/after figures of fixes) is
kept as it is. Exit status 1 when a target was missed.

Measurements (see each bench_*.py): import (bench_import), timers and `due --json`
(bench_timers), window start / ticking / memory (bench_gui_start), frozen bundle
(bench_bundle; needs PyInstaller: `pip install -e ".[build]"`, else --skip-bundle).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shlex
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DIR, CODE_ROOT, Figure, say, skipped

RESULTS = BENCH_DIR / "results.md"
CHANGES_HEADING = "## Changes"
ALL = ("import", "timers", "gui", "bundle")
# full sizes (the issue's), scaled by --scale / --quick
SIZES = {
    "import_orders": 100_000,
    "import_cases": 30_000,
    "timer_cases": 100_000,
    "gui_orders": 100_000,
    "gui_open_cases": 20_000,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="scale 0.1, 10 s of ticking, no bundle")
    p.add_argument("--scale", type=float, help="multiply every data size (default 1, quick 0.1)")
    p.add_argument("--runs", type=int, help="runs per measurement (default 3, quick 2)")
    p.add_argument("--only", help=f"comma-separated subset of {','.join(ALL)}")
    p.add_argument("--skip-bundle", action="store_true", help="leave the frozen bundle out")
    p.add_argument("--tick-seconds", type=float, help="default 30, quick 10")
    p.add_argument("--no-write", action="store_true", help="do not write results.md")
    p.add_argument("--results", type=Path, default=RESULTS, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.scale = args.scale or (0.1 if args.quick else 1.0)
    args.runs = args.runs or (2 if args.quick else 3)
    args.tick_seconds = args.tick_seconds or (10.0 if args.quick else 30.0)
    wanted = args.only.split(",") if args.only else list(ALL)
    unknown = set(wanted) - set(ALL)
    if unknown:
        p.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    args.wanted = wanted
    return args


def size(args: argparse.Namespace, name: str) -> int:
    return max(1, round(SIZES[name] * args.scale))


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kib / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        ram = "?"
    try:
        from importlib.metadata import version

        pyside = version("PySide6-Essentials")
    except Exception:  # not installed
        pyside = "not installed"
    import sqlalchemy

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("RAM", ram),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("PySide6", pyside),
        ("SQLAlchemy", sqlalchemy.__version__),
        ("SQLite", sqlite3.sqlite_version),
        ("load average at start (1/5/15 min)", load),
        ("code measured", str(CODE_ROOT)),
    ]


def bundle_figures(args: argparse.Namespace) -> list[Figure]:
    if args.skip_bundle:
        return [skipped("frozen bundle", "--skip-bundle")]
    if importlib.util.find_spec("PyInstaller") is None:
        return [skipped("frozen bundle", 'PyInstaller not installed (pip install -e ".[build]")')]
    import bench_bundle

    found = bench_bundle.measure(max(args.runs, 3))
    mib = 2**20
    return [
        Figure(
            "frozen bundle: start to window shown",
            "s",
            found["shop_start"],
            found["mini_start"],
            baseline="minimal PySide6 + SQLAlchemy bundle, same PyInstaller",
            limit=bench_bundle.START_TARGET,
            ratio_target=True,
        ),
        Figure(
            "frozen bundle: size on disk (du)",
            "MiB",
            [found["shop_size"][0] / mib],
            [found["mini_size"][0] / mib],
            baseline="the same minimal bundle",
            limit=bench_bundle.SIZE_TARGET,
            ratio_target=True,
        ),
        Figure("  frozen bundle: start to board loaded (demo shop)", "s", found["shop_board"]),
    ]


def run(args: argparse.Namespace, workdir: Path) -> list[Figure]:
    now = datetime.now(UTC).replace(microsecond=0)
    figures: list[Figure] = []
    for name in args.wanted:
        started = time.perf_counter()
        say(f"== {name}")
        if name == "import":
            import bench_import

            figures += bench_import.measure(
                workdir, now, size(args, "import_orders"), size(args, "import_cases"), args.runs
            )
        elif name == "timers":
            import bench_timers

            figures += bench_timers.measure(workdir, now, size(args, "timer_cases"), args.runs)
        elif name == "gui":
            if importlib.util.find_spec("PySide6") is None:
                figures.append(skipped("main window", "PySide6 not installed"))
                continue
            import bench_gui_start

            figures += bench_gui_start.measure(
                workdir,
                now,
                size(args, "gui_orders"),
                size(args, "gui_open_cases"),
                args.runs,
                args.tick_seconds,
                settle_seconds=5.0 if args.quick else 15.0,
                steady_seconds=max(60.0, args.tick_seconds * 2),  # two 30-s sweeps at least
            )
        elif name == "bundle":
            if args.quick and not args.only:
                figures.append(skipped("frozen bundle", "--quick (ask with --only bundle)"))
            else:
                figures += bundle_figures(args)
        say(f"   ({time.perf_counter() - started:.0f} s)")
    return figures


def _plain(value: float, unit: str) -> str:
    if unit not in ("s", "%"):
        return f"{value:,.0f}"
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def _num(value: float | None, unit: str) -> str:
    return "—" if value is None else f"{_plain(value, unit)} {unit}"


def table(figures: list[Figure]) -> list[str]:
    lines = [
        "| measurement | ShopClock (median) | baseline (median) | ratio | target | met | runs |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        if f.skipped:
            lines.append(f"| {f.name} | skipped: {f.skipped} | | | | | |")
            continue
        base = f"{_num(f.base, f.unit)} ({f.baseline})" if f.baseline_runs else "—"
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "—"
        met = {True: "yes", False: "**MISSED**", None: ""}[f.met]
        runs = ", ".join(_plain(r, f.unit) for r in f.runs)
        if f.baseline_runs:
            runs += " / base " + ", ".join(_plain(r, f.unit) for r in f.baseline_runs)
        lines.append(
            f"| {f.name} | {_num(f.value, f.unit)} | {base} | {ratio} | {f.target} | {met} "
            f"| {runs} |"
        )
    return lines


def write_results(path: Path, command: str, seconds: float, figures: list[Figure]) -> None:
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if CHANGES_HEADING in old:
            kept = old[old.index(CHANGES_HEADING) :]
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        "# ShopClock benchmarks: measured speed against the physical limits",
        "",
        f"Written by `benchmarks/run.py` on {stamp} in {seconds / 60:.1f} min. "
        "Medians of the runs; every baseline was measured in the same session, taking "
        "turns with ShopClock (the machine is shared: single runs are noisy).",
        "",
        "Command:",
        "",
        f"    {command}",
        "",
        "Machine:",
        "",
        *[f"- {k}: {v}" for k, v in machine()],
        "",
        *table(figures),
        "",
    ]
    text = "\n".join(lines) + ("\n" + kept if kept else "")
    path.write_text(text, encoding="utf-8")


def compile_code() -> None:
    """Byte-compile the measured code first, as installing it (pip) and the frozen
    bundle do. The dependencies (PySide6, SQLAlchemy — all the baselines import) were
    compiled when pip installed them; ShopClock's own modules, run from a checkout,
    would otherwise be compiled from source at every start of every measured child
    where PYTHONDONTWRITEBYTECODE is set (as on the machine these figures come from)."""
    import compileall

    for package in ("core", "gui"):
        compileall.compile_dir(CODE_ROOT / package, quiet=1)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = shlex.join([".venv/bin/python", "benchmarks/run.py", *(argv or sys.argv[1:])])
    started = time.perf_counter()
    for key, value in machine():
        say(f"{key}: {value}")
    compile_code()
    with tempfile.TemporaryDirectory(prefix="shopclock-bench-") as tmp:
        figures = run(args, Path(tmp))
    seconds = time.perf_counter() - started
    say("")
    for line in table(figures):
        say(line)
    if not args.no_write:
        write_results(args.results, command, seconds, figures)
        say(f"\nwritten to {args.results}")
    return 1 if any(f.met is False for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
