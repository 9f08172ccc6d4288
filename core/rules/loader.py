"""Load and validate rule packs (resources/rules/*.toml) into RulePacks and a RuleBook.

Contract: a pack file is checked whole before any RulePack is built; any error
refuses the file whole with a ``PackError`` naming the file and the key path
(``taobao.toml: rules[3].unit: 'hourz' is not one of …``). Unknown keys, wrong
types (a boolean is not a number), unknown enum values and codes are errors.
The schema is documented at the top of ``resources/rules/pinduoduo.toml``.

This module reads the files and is the public entry point; the work is split:
checks.py (value checking, PackError), schema.py (what each table may hold),
build.py (one file -> RulePack, including ``extends``), rulebook.py (RuleBook).
Everything other modules need is importable from here.

Threading: loading reads files; the results (RulePack, RuleBook) are immutable
and safe to share between threads.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from core.domain import Platform
from core.rules import schema
from core.rules.build import Bases, build
from core.rules.checks import Checker, PackError, sub, version_key
from core.rules.model import RulePack, SpecialPeriod
from core.rules.rulebook import RuleBook
from core.rules.schema import CAPS, OUTCOME_CODES, PENALTY_TRIGGERS, TIMER_CODES

__all__ = [
    "CAPS",
    "OUTCOME_CODES",
    "PENALTY_TRIGGERS",
    "TIMER_CODES",
    "PackError",
    "RuleBook",
    "default_rules_dir",
    "load_overlay",
    "load_pack",
    "load_rulebook",
    "version_key",
]

_TOML_POS = re.compile(r"at line (\d+), column (\d+)")


def default_rules_dir() -> Path:
    """resources/rules, from a checkout, an installed package or a frozen build."""
    root = files("resources")
    if not isinstance(root, Path):  # a zipped install would need extraction first
        raise RuntimeError(f"resources is not on the file system: {root!r}")
    return root / "rules"


def _read_toml(path: Path, display: str) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Notepad writes a BOM
    except OSError as exc:
        raise PackError(display, "(file)", f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise PackError(display, "(file)", f"not UTF-8 text ({exc.reason})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POS.search(str(exc))
        where = f"line {found.group(1)}" if found else "(syntax)"
        raise PackError(display, where, f"TOML syntax error: {exc}") from exc


def _read_pack(path: Path) -> tuple[str, dict[str, Any]]:
    """(the file as shown to the user, its parsed TOML)."""
    display = f"archive/{path.name}" if path.parent.name == "archive" else path.name
    return display, _read_toml(path, display)


def _sibling_bases(path: Path) -> Bases:
    def bases(platform: Platform) -> Sequence[RulePack]:
        sibling = path.parent / f"{platform}.toml"
        if not sibling.is_file() or sibling.resolve() == path.resolve():
            return ()
        return (load_pack(sibling),)

    return bases


def load_pack(path: Path, *, base: RulePack | None = None) -> RulePack:
    """Parse and validate one pack file; raise PackError for any problem.

    An extending pack uses `base` when given, else ``<extends>.toml`` next to it.
    """
    path = Path(path)
    display, data = _read_pack(path)
    if base is not None:
        return build(data, display, lambda platform: (base,) if base.platform == platform else ())
    return build(data, display, _sibling_bases(path))


def _declared(data: dict[str, Any], name: str) -> str | None:
    head = data.get("pack")
    value = head.get(name) if isinstance(head, dict) else None
    return value if isinstance(value, str) else None


def load_rulebook(
    directory: Path | None = None,
    *,
    overlay: Mapping[Platform, Sequence[SpecialPeriod]] | None = None,
) -> RuleBook:
    """Every ``*.toml`` in `directory` (default: resources/rules) and ``archive/*.toml``.

    Any broken file refuses the whole book (PackError); nothing is half-loaded.
    """
    directory = default_rules_dir() if directory is None else Path(directory)
    if not directory.is_dir():
        raise PackError(str(directory), "(directory)", "not a directory")
    paths = sorted(directory.glob("*.toml")) + sorted((directory / "archive").glob("*.toml"))
    if not paths:
        raise PackError(str(directory), "(directory)", "no rule packs (*.toml) found")
    pending = [_read_pack(path) for path in paths]
    built: list[RulePack] = []
    while pending:
        waiting = []
        for item in pending:
            display, data = item
            extends = _declared(data, "extends")
            if extends and any(
                other is not item and _declared(other[1], "platform") == extends
                for other in pending
            ):
                waiting.append(item)  # its base is not built yet
                continue
            built.append(
                build(data, display, lambda p: [pack for pack in built if pack.platform == p])
            )
        if len(waiting) == len(pending):
            raise PackError(waiting[0][0], "pack.extends", "circular extends")
        pending = waiting
    return RuleBook(built, overlay)


def load_overlay(path: Path) -> dict[Platform, tuple[SpecialPeriod, ...]]:
    """A user's file of special periods, ``[[special_periods]]`` each with a ``platform``.

    Rule ids are checked against the packs when the overlay joins a RuleBook.
    """
    path = Path(path)
    display = path.name
    data = _read_toml(path, display)
    chk = Checker(display)
    for name in data:
        if name != "special_periods":
            chk.error(name, "unknown key (expected special_periods)")
    found: dict[Platform, list[SpecialPeriod]] = {}
    seen: dict[tuple[Platform, str], str] = {}
    for key, item in chk.array_of_tables(data.get("special_periods", []), "special_periods"):
        platform = item.get("platform") if isinstance(item, dict) else None
        if isinstance(item, dict) and "platform" not in item:
            chk.error(sub(key, "platform"), "missing (required)")
        period = schema.period(chk, item, key, schema.OVERLAY_PERIOD)
        if period is None or platform is None:
            continue
        platform = Platform(platform)
        if (platform, period.id) in seen:
            other = seen[platform, period.id]
            chk.error(sub(key, "id"), f"{period.id!r} is already used by {other}")
            continue
        seen[platform, period.id] = key
        found.setdefault(platform, []).append(period)
    chk.raise_if_any()
    return {platform: tuple(periods) for platform, periods in found.items()}
