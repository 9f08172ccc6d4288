"""Bundle size, build time and frozen start-up: ShopClock against a minimal PySide6 app.

Run: .venv/bin/python benchmarks/bench_bundle.py [--runs 5] [--skip-build]

Builds, in one run and with the same PyInstaller:
  (a) ShopClock from build_scripts/shopclock.spec (one folder, unused Qt modules,
      plugins and translations dropped, unlinked libraries pruned, stripped);
  (b) benchmarks/minimal_app/minimal_app.py with PyInstaller's defaults plus --strip
      (one folder, windowed, no excludes): what a developer gets without tuning.
Each build starts from an empty work folder with --clean (cold cache). Outputs go to
benchmarks/out/bundle/ (gitignored).

Start-up: time from process start until the first window is shown, offscreen. Both
apps run with SHOPCLOCK_EXIT_AFTER_SHOW=1 and print ``WINDOW_SHOWN`` on the first
event-loop turn after the window was shown, then quit; the clock here runs from
Popen to reading that line. One unmeasured warm-up start each, then --runs rounds
taking turns (a busy moment hits both apps alike); medians are compared. ShopClock
opens a database filled beforehand with the demo shop (by its own --smoke-test);
its start-to-board-loaded time is reported too (SHOPCLOCK_EXIT_AFTER_SHOW=loaded).

Targets: ShopClock's bundle no larger than the minimal one; start <= 1.5x the minimal.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "bundle"
MINIMAL_SOURCE = ROOT / "benchmarks" / "minimal_app" / "minimal_app.py"
SPEC = ROOT / "build_scripts" / "shopclock.spec"
SIZE_TARGET = 1.0
START_TARGET = 1.5
START_TIMEOUT_S = 120


def pyinstaller(*args: str) -> float:
    started = time.perf_counter()
    base = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "ERROR"]
    subprocess.run(
        [*base, *args],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def build_shopclock() -> tuple[Path, float]:
    work, dist = OUT / "shopclock-work", OUT / "shopclock-dist"
    shutil.rmtree(work, ignore_errors=True)
    seconds = pyinstaller("--distpath", str(dist), "--workpath", str(work), str(SPEC))
    return dist / "ShopClock", seconds


def build_minimal() -> tuple[Path, float]:
    work, dist = OUT / "minimal-work", OUT / "minimal-dist"
    shutil.rmtree(work, ignore_errors=True)
    seconds = pyinstaller(
        "--onedir",
        "--windowed",
        "--strip",
        "--name",
        "MinimalApp",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        str(MINIMAL_SOURCE),
    )
    return dist / "MinimalApp", seconds


def disk_usage(folder: Path) -> tuple[int, int]:
    """(bytes allocated, as du counts them; apparent bytes)."""
    allocated = apparent = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            allocated += st.st_blocks * 512
            apparent += st.st_size
    return allocated, apparent


def biggest(folder: Path, n: int = 8) -> list[tuple[int, str]]:
    sizes = []
    for child in (folder / "_internal").iterdir():
        if child.is_symlink():
            continue  # PyInstaller's links to PySide6/Qt/lib: counted there
        if child.is_dir():
            sizes.append((disk_usage(child)[0], child.name + "/"))
        else:
            sizes.append((child.stat().st_blocks * 512, child.name))
    return sorted(sizes, reverse=True)[:n]


def start_once(command: list[str], env: dict[str, str], marker: str) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    watchdog = threading.Timer(START_TIMEOUT_S, proc.kill)  # a hung start fails the run
    watchdog.start()
    seconds = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(marker):
            seconds = time.perf_counter() - started
        if line.startswith("BOARD_FAILED"):
            break
    code = proc.wait()
    watchdog.cancel()
    if seconds is None:
        raise RuntimeError(f"{command[0]} exited {code} without printing {marker}")
    return seconds


Probe = tuple[list[str], dict[str, str], str]  # command, environment, marker awaited


def start_times(probes: dict[str, Probe], runs: int) -> dict[str, list[float]]:
    """One warm-up start each (page cache, fontconfig cache), then `runs` rounds that
    take turns, so a busy moment on the machine hits every probe alike."""
    for command, env, marker in probes.values():
        start_once(command, env, marker)
    times: dict[str, list[float]] = {name: [] for name in probes}
    for _ in range(runs):
        for name, (command, env, marker) in probes.items():
            times[name].append(start_once(command, env, marker))
    return times


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f})"


def measure(runs: int, skip_build: bool = False) -> dict:
    """Build both bundles (unless skip_build), start them; the raw figures.

    Raises RuntimeError when ShopClock's smoke test fails."""
    OUT.mkdir(parents=True, exist_ok=True)
    if skip_build:
        shop, shop_build = OUT / "shopclock-dist" / "ShopClock", float("nan")
        mini, mini_build = OUT / "minimal-dist" / "MinimalApp", float("nan")
    else:
        print("building ShopClock ...", flush=True)
        shop, shop_build = build_shopclock()
        print("building the minimal app ...", flush=True)
        mini, mini_build = build_minimal()

    home = OUT / "home"
    shutil.rmtree(home, ignore_errors=True)
    data = home / "data"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),  # QSettings: never the user's
        "SHOPCLOCK_DATA_DIR": str(data),
    }
    env.pop("PYTHONPATH", None)
    smoke = subprocess.run(
        [str(shop / "ShopClock"), "--smoke-test", "--data-dir", str(data)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if smoke.returncode != 0:
        raise RuntimeError("ShopClock --smoke-test failed:\n" + smoke.stdout + smoke.stderr)

    shown = {**env, "SHOPCLOCK_EXIT_AFTER_SHOW": "1"}
    loaded = {**env, "SHOPCLOCK_EXIT_AFTER_SHOW": "loaded"}
    shop_cmd = [str(shop / "ShopClock"), "--data-dir", str(data)]
    times = start_times(
        {
            "shop": (shop_cmd, shown, "WINDOW_SHOWN"),
            "mini": ([str(mini / "MinimalApp")], shown, "WINDOW_SHOWN"),
            "board": (shop_cmd, loaded, "BOARD_LOADED"),
        },
        runs,
    )
    return {
        "shop": shop,
        "mini": mini,
        "shop_build": shop_build,
        "mini_build": mini_build,
        "shop_start": times["shop"],
        "mini_start": times["mini"],
        "shop_board": times["board"],
        "shop_size": disk_usage(shop),
        "mini_size": disk_usage(mini),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true", help="reuse the last builds")
    options = parser.parse_args()
    try:
        found = measure(options.runs, options.skip_build)
    except RuntimeError as exc:
        print(exc)
        return 1
    shop, mini = found["shop"], found["mini"]
    shop_build, mini_build = found["shop_build"], found["mini_build"]
    shop_start, mini_start = found["shop_start"], found["mini_start"]
    shop_board = found["shop_board"]
    shop_du, shop_bytes = found["shop_size"]
    mini_du, mini_bytes = found["mini_size"]
    size_ratio = shop_du / mini_du
    start_ratio = statistics.median(shop_start) / statistics.median(mini_start)
    mib = 2**20
    print()
    print(f"{'':28}{'ShopClock':>14}{'minimal':>14}{'ratio':>9}")
    print(
        f"{'bundle (du)':28}{shop_du / mib:>10.1f} MiB{mini_du / mib:>10.1f} MiB{size_ratio:>9.2f}"
    )
    print(
        f"{'bundle (apparent bytes)':28}{shop_bytes / mib:>10.1f} MiB"
        f"{mini_bytes / mib:>10.1f} MiB{shop_bytes / mini_bytes:>9.2f}"
    )
    print(
        f"{'build (cold, --clean)':28}{shop_build:>12.1f} s{mini_build:>12.1f} s"
        f"{shop_build / mini_build:>9.2f}"
    )
    print(
        f"{'start to window (median)':28}{statistics.median(shop_start):>12.3f} s"
        f"{statistics.median(mini_start):>12.3f} s{start_ratio:>9.2f}"
    )
    print(f"\nShopClock start to window:  {summary(shop_start)}")
    print(f"ShopClock start to board:   {summary(shop_board)}")
    print(f"minimal   start to window:  {summary(mini_start)}")
    for label, folder in (("ShopClock", shop), ("minimal", mini)):
        parts = ", ".join(f"{name} {size / mib:.1f}" for size, name in biggest(folder))
        print(f"{label} largest in _internal (MiB): {parts}")
    size_ok, start_ok = size_ratio <= SIZE_TARGET, start_ratio <= START_TARGET
    print(
        f"\ntargets: size <= {SIZE_TARGET:.1f}x minimal: {'met' if size_ok else 'MISSED'}; "
        f"start <= {START_TARGET:.1f}x minimal: {'met' if start_ok else 'MISSED'}"
    )
    return 0 if size_ok and start_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
