"""Shared pieces of the benchmarks: one measured figure, child processes, sizes.

A `Figure` is one row of the results table: the median of its runs, the median of
the baseline's runs measured in the same session (taking turns with it, so a busy
moment on the shared machine hits both alike), and the target it is held to.
Children run with the ShopClock code that this process imported (``CODE_ROOT``),
so ``PYTHONPATH=<a checkout> benchmarks/run.py`` measures that checkout.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import core

BENCH_DIR = Path(__file__).resolve().parent
CODE_ROOT = Path(core.__file__).resolve().parents[1]


@dataclass
class Figure:
    name: str
    unit: str  # "s", "%", "MB", "MiB"
    runs: list[float]
    baseline_runs: list[float] = field(default_factory=list)
    baseline: str = ""  # what the baseline is
    limit: float | None = None  # target: value (or ratio, when ratio_target) <= limit
    ratio_target: bool = False
    notes: str = ""
    skipped: str = ""  # why the figure was not measured

    @property
    def value(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    @property
    def base(self) -> float | None:
        return statistics.median(self.baseline_runs) if self.baseline_runs else None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.base:
            return None
        return self.value / self.base

    @property
    def met(self) -> bool | None:
        if self.limit is None:
            return None
        measured = self.ratio if self.ratio_target else self.value
        return None if measured is None else measured <= self.limit

    @property
    def target(self) -> str:
        if self.limit is None:
            return "—"
        return f"ratio <= {self.limit:g}" if self.ratio_target else f"<= {self.limit:g} {self.unit}"


def skipped(name: str, why: str, unit: str = "s") -> Figure:
    return Figure(name, unit, [], skipped=why)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(CODE_ROOT), env.get("PYTHONPATH", "")) if p)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_child(script: str, *args: object, timeout: float = 600) -> dict:
    """Run ``benchmarks/<script> <args>``; its last stdout line is a JSON object."""
    proc = subprocess.run(
        [sys.executable, str(BENCH_DIR / script), *map(str, args)],
        cwd=CODE_ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{script} {args} failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return json.loads(lines[-1])


def say(text: str) -> None:
    print(text, flush=True)


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database through its backup API (the WAL's pages
    included); ``target`` and its -wal/-shm files are replaced."""
    import sqlite3

    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
