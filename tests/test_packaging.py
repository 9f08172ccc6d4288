"""The PyInstaller spec ships every data family, and the smoke test passes from source.

The spec's tables are literals read here with ast (running the spec needs PyInstaller's
Analysis); its filter function is compiled from the spec and tried on sample paths.
The frozen build itself is tested by build_scripts/frozen_smoke.sh.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path, PurePath

import pytest

import core

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_scripts" / "shopclock.spec"
TABLES = (
    "DATA_FILES",
    "PACKAGE_DATA",
    "QT_MODULES",
    "QT_TRANSLATIONS",
    "QT_PLUGINS",
    "DROP_BINARIES",
    "HIDDEN_IMPORTS",
)
FAMILIES = {"rule packs", "translations", "icons", "templates", "migrations"}


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text("utf-8"), filename=str(SPEC))


@pytest.fixture(scope="module")
def spec() -> dict:
    found = {}
    for node in spec_tree().body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in TABLES:
                found[name] = ast.literal_eval(node.value)
    assert set(found) == set(TABLES), f"tables missing from the spec: {set(TABLES) - set(found)}"
    return found


@pytest.fixture(scope="module")
def keep_entry(spec):
    """The spec's keep_entry filter, compiled with its tables."""
    wanted = [
        node
        for node in spec_tree().body
        if (isinstance(node, ast.FunctionDef) and node.name in ("keep_entry", "_posix"))
        or (isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_QT_DIR")
    ]
    namespace = {"fnmatch": fnmatch, "PurePath": PurePath, "re": re, **spec}
    exec(compile(ast.Module(wanted, []), str(SPEC), "exec"), namespace)
    return namespace["keep_entry"]


def globbed(patterns: list[str]) -> set[Path]:
    return {p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()}


def test_every_data_family_is_listed_and_present(spec):
    assert set(spec["DATA_FILES"]) >= FAMILIES
    for family, patterns in spec["DATA_FILES"].items():
        assert globbed(patterns), f"{family}: {patterns} match no file"
    icons = {p.suffix for p in globbed(spec["DATA_FILES"]["icons"])}
    assert {".png", ".ico", ".icns"} <= icons


def test_every_resource_file_is_shipped(spec):
    """Whatever pip would install from resources/ (package-data) is in the bundle too,
    except translation sources (.ts): the app loads the compiled .qm."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    suffixes = {
        pattern.rsplit(".", 1)[1]
        for pattern in pyproject["tool"]["setuptools"]["package-data"]["resources"]
    } - {"ts"}
    resources = {
        p
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and p.suffix.lstrip(".") in suffixes and "__pycache__" not in p.parts
    }
    shipped = globbed([p for patterns in spec["DATA_FILES"].values() for p in patterns])
    missing = sorted(str(p.relative_to(ROOT)) for p in resources - shipped)
    assert not missing, f"add to DATA_FILES in {SPEC.name}: {missing}"


def test_translations_are_compiled(spec):
    folder = ROOT / "resources" / "translations"
    for source in folder.glob("*.ts"):
        assert source.with_suffix(".qm").exists(), f"{source.name} has no .qm"


def test_migrations_ship_as_python_sources(spec):
    """Alembic loads env.py and versions/*.py by file path: they must be data files."""
    folder = ROOT / "core" / "storage" / "migrations"
    needed = set(folder.rglob("*.py")) | {folder / "script.py.mako"}
    needed = {p for p in needed if "__pycache__" not in p.parts}
    missing = needed - globbed(spec["DATA_FILES"]["migrations"])
    assert not missing, sorted(str(p) for p in missing)


def test_third_party_data_and_hidden_imports(spec):
    assert {"tzdata", "chinese_calendar"} <= set(spec["PACKAGE_DATA"])
    assert "resources" in spec["HIDDEN_IMPORTS"]  # found by importlib.resources by name


def _pyside_modules(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                found.add(node.module.split(".")[1])
            elif isinstance(node, ast.ImportFrom) and node.module == "PySide6":
                found |= {a.name for a in node.names if a.name.startswith("Qt")}
            elif isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")}
    return found


def test_kept_qt_modules_cover_what_gui_imports(spec):
    used = _pyside_modules(ROOT / "gui") | _pyside_modules(ROOT / "core")
    missing = used - set(spec["QT_MODULES"])
    assert not missing, f"gui/ imports {sorted(missing)}: add them to QT_MODULES"
    assert "QtNetwork" in spec["QT_MODULES"]  # QLocalServer: single instance


def test_qt_translation_is_kept_and_exists(spec):
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert "qtbase_zh_CN.qm" in spec["QT_TRANSLATIONS"]
    for name in spec["QT_TRANSLATIONS"]:
        assert (folder / name).exists(), f"{name} not in {folder}"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/qoffscreen.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so", False),
        ("PySide6/Qt/plugins/imageformats/libqico.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtdeclarative_zh_CN.qm", False),
        ("PySide6/opengl32sw.dll", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", True),
        # Windows: PyInstaller puts Qt's folders directly under PySide6/
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/platforms/qdirect2d.dll", False),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/plugins/tls/qschannelbackend.dll", False),
        ("PySide6/plugins/generic/qtuiotouchplugin.dll", False),
        ("PySide6/translations/qtbase_zh_CN.qm", True),
        ("PySide6/translations/qtbase_ja.qm", False),
        ("PySide6/Qt6Network.dll", True),
        ("resources/rules/pinduoduo.toml", True),
    ],
)
def test_spec_filter(keep_entry, dest, kept):
    assert keep_entry(dest) is kept


def _call_keywords(name: str) -> dict[str, ast.expr]:
    for node in ast.walk(spec_tree()):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
            return {k.arg: k.value for k in node.keywords}
    raise AssertionError(f"no {name}(...) in the spec")


def test_one_folder_windowed_unpacked():
    exe = _call_keywords("EXE")
    assert ast.literal_eval(exe["exclude_binaries"]) is True  # one folder (COLLECT)
    assert ast.literal_eval(exe["console"]) is False
    assert ast.literal_eval(exe["upx"]) is False
    assert "COLLECT" in SPEC.read_text("utf-8")


def test_version_is_the_projects():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["version"] == core.__version__
    assert any(
        r.startswith("pyinstaller") for r in pyproject["project"]["optional-dependencies"]["build"]
    )


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_smoke_test_from_source(tmp_path):
    data = tmp_path / "data"
    done = _run(["-m", "gui.smoke", "--data-dir", str(data)], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SMOKE OK" in done.stdout
    steps = ("bundle", "modules", "database", "rules", "demo", "timers", "window")
    for step in (*steps, "start snapshot"):
        assert f"ok    {step}" in done.stdout
    assert (data / "shopclock.sqlite3").exists()
    assert "SMOKE OK" in (data / "smoke-report.txt").read_text("utf-8")


def test_entry_routes_smoke_test_and_reports_failure(tmp_path):
    """A broken database: exit 1, the reason named, the report written for Windows."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "shopclock.sqlite3").write_bytes(b"not a database")
    report = tmp_path / "report.txt"
    entry = str(ROOT / "build_scripts" / "entry.py")
    done = _run([entry, "--smoke-test", "--data-dir", str(data), "--report", str(report)], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "SMOKE FAILED at database" in done.stderr
    assert "NotADatabase" in report.read_text("utf-8")


BROKEN_BOARD = """
import sys
import gui.workers
from gui import smoke

def broken_board(service):
    raise RuntimeError("disk on fire")

gui.workers.build_todo = broken_board  # the window's worker fails; the rest works
sys.exit(smoke.main(sys.argv[1:]))
"""


def test_smoke_test_names_a_board_that_does_not_load(tmp_path):
    """The window's warning box on a failed load is modal: the smoke test must name the
    failure and close the box, not hang (a subprocess: Qt's settings stay in tmp)."""
    done = _run(["-c", BROKEN_BOARD, "--data-dir", str(tmp_path / "data")], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "SMOKE FAILED at window" in done.stderr
    assert "disk on fire" in done.stderr
