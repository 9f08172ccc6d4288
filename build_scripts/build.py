"""Build the one-folder ShopClock app: ``dist/ShopClock/`` (``dist/ShopClock.app`` on macOS).

Run from anywhere: ``.venv/bin/python build_scripts/build.py [--smoke] [--clean]``.

It installs PyInstaller from the ``build`` extra of pyproject.toml when it is missing,
checks that every translation source (``resources/translations/*.ts``) has its compiled
``.qm``, runs PyInstaller on ``build_scripts/shopclock.spec``, and prints the bundle's
size and the build time. ``--smoke`` then runs ``ShopClock --smoke-test`` on the frozen
app from a temporary folder and fails (exit 1) if the smoke test does. The build runs
on the platform it targets: Linux builds Linux, Windows builds Windows (then
``build_scripts/installer/ShopClock.iss``), macOS builds the .app (build_scripts/MACOS.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_scripts" / "shopclock.spec"
APP_NAME = "ShopClock"


def build_requirements() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return list(data["project"]["optional-dependencies"]["build"])


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    requirements = build_requirements()
    print(f"build: installing {' '.join(requirements)}", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", *requirements], check=True)


def check_translations() -> None:
    folder = ROOT / "resources" / "translations"
    missing = [ts.name for ts in sorted(folder.glob("*.ts")) if not ts.with_suffix(".qm").exists()]
    if missing:
        raise SystemExit(
            f"build: no compiled .qm for {', '.join(missing)}; run "
            f".venv/bin/pyside6-lrelease on them first"
        )


def app_dir(dist: Path) -> Path:
    return dist / f"{APP_NAME}.app" if sys.platform == "darwin" else dist / APP_NAME


def executable(dist: Path) -> Path:
    if sys.platform == "darwin":
        return app_dir(dist) / "Contents" / "MacOS" / APP_NAME
    return app_dir(dist) / (f"{APP_NAME}.exe" if os.name == "nt" else APP_NAME)


def folder_size(folder: Path) -> int:
    """Bytes on disk (allocated blocks where the OS reports them, like du)."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            blocks = getattr(st, "st_blocks", None)
            total += blocks * 512 if blocks is not None else st.st_size
    return total


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> float:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    if clean:
        command.append("--clean")
    started = time.perf_counter()
    subprocess.run([*command, str(SPEC)], check=True, cwd=ROOT)
    return time.perf_counter() - started


def smoke_test(dist: Path) -> int:
    """Run the frozen app's smoke test from outside the checkout; return its exit code."""
    with tempfile.TemporaryDirectory(prefix="shopclock-frozen-") as tmp:
        report = Path(tmp) / "report.txt"
        command = [
            str(executable(dist)),
            "--smoke-test",
            "--data-dir",
            str(Path(tmp) / "data"),
            "--report",
            str(report),
        ]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env.pop("PYTHONPATH", None)
        done = subprocess.run(command, cwd=tmp, env=env, timeout=300, check=False)
        if report.exists() and os.name == "nt":
            print(report.read_text("utf-8"))  # the windowed exe printed nothing
        return done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (dist/)")
    parser.add_argument("--work", default=str(ROOT / "build"), help="PyInstaller's work folder")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    parser.add_argument("--smoke", action="store_true", help="smoke-test the frozen app")
    options = parser.parse_args(argv)
    dist, work = Path(options.dist).resolve(), Path(options.work).resolve()

    ensure_pyinstaller()
    check_translations()
    seconds = run_pyinstaller(dist, work, options.clean)
    size = folder_size(app_dir(dist))
    print(f"build: {app_dir(dist)}  {size / 2**20:.0f} MiB  built in {seconds:.0f} s")
    if not options.smoke:
        return 0
    code = smoke_test(dist)
    if code != 0:
        print(f"build: FROZEN SMOKE TEST FAILED (exit {code})", file=sys.stderr)
        return 1
    print("build: frozen smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
