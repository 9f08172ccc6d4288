"""Build the main window's translations: pyside6-lupdate, then pyside6-lrelease.

    python build_scripts/translations.py           # update .ts from the sources, build .qm
    python build_scripts/translations.py --check   # exit 1 if a string is missing or unfinished

Sources: every gui/**/*.py except gui/dialogs/** (the dialogs have their own
catalogue). English is the source language, so only zh_CN needs a catalogue.
The .qm files are committed, so an installed app needs no build step.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)
PREFIX = "shopclock_main"


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (pip install PySide6-Essentials)")
    return found


def sources() -> list[Path]:
    gui = ROOT / "gui"
    return sorted(p for p in gui.rglob("*.py") if "dialogs" not in p.relative_to(gui).parts)


def ts_path(lang: str) -> Path:
    return TRANSLATIONS / f"{PREFIX}_{lang}.ts"


def lupdate(ts: Path) -> None:
    files = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run(
        [tool("pyside6-lupdate"), *files, "-locations", "none", "-no-obsolete", "-ts", str(ts)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def lrelease(ts: Path) -> Path:
    qm = ts.with_suffix(".qm")
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )
    return qm


def problems(ts: Path) -> list[str]:
    """Messages whose translation is unfinished or empty."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
            if translation.get("type") in ("unfinished", "obsolete", "vanished") or not all(
                (f or "").strip() for f in forms
            ):
                found.append(f"{name}: {source!r}")
    return found


def missing(lang: str) -> list[str]:
    """Sources that lupdate finds but the committed .ts does not translate yet."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / ts_path(lang).name
        shutil.copy(ts_path(lang), copy)
        lupdate(copy)
        return problems(copy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    bad = []
    for lang in LANGUAGES:
        if args.check:
            bad += missing(lang)
            continue
        lupdate(ts_path(lang))
        bad += problems(ts_path(lang))
        print(f"built {lrelease(ts_path(lang)).relative_to(ROOT)}")
    for line in bad:
        print(f"untranslated: {line}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
