"""Architecture boundaries that must not erode."""

import subprocess
import sys


def test_importing_core_does_not_import_qt():
    code = (
        "import sys, pkgutil, importlib, core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'core.'):\n"
        "    if '.migrations' not in m.name:\n"
        "        importlib.import_module(m.name)\n"
        "qt = ('PySide6', 'shiboken6', 'gui')\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in qt)\n"
        "print(len([n for n in sys.modules if n.startswith('core.')]))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 5  # the walk really imported core's modules


def test_rule_scenarios_hold_in_a_new_york_process(tmp_path):
    """Rule arithmetic is Shanghai's whatever the PC's zone: rerun the scenarios under TZ."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "TZ": "America/New_York"}
    probe = subprocess.run(
        [sys.executable, "-c", "import time; print(time.strftime('%Z'))"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() in ("EST", "EDT")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/core/test_engine_scenarios.py",
            "tests/core/test_eligibility.py",
            "tests/core/test_transitions.py",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout
