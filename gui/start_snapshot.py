"""To do as the window left it, painted before the database layer is imported.

The window opens on To do. Importing the database layer (SQLAlchemy, the storage
code: ~0.3 s) and reading the stored deadlines (~0.4 s at 100,000 orders) came
before its first paint. So, when the window quits, ``save`` writes To do's rows —
built from the database right then, exactly as a start would build them — to a
file beside the database (``cache/start-<hash>.bin``, private to the user, in
marshal format behind a CRC-32), with what proves them current; the next start (``load``) paints
them first and only then imports the database layer, opens the database and loads
as before, replacing these rows with the ones it reads.

The proof, read with the standard library's sqlite3 in one read transaction:
* the stored deadlines' write token (core.deadline_rows.store_state) is the one the
  rows were read with, and no order is stale: every insert, update or delete of an
  order or a case marks its order stale (SQLite triggers, whoever writes) until the
  store is written again, which replaces the token; a change of shops or holidays
  nulls the token;
* the schema revision and the settings the rows or their colours depend on (the
  language, the urgency thresholds) are the same, as raw text;
* the code that made the rows is the same (ShopClock's version and the sizes and
  times of core's and gui's source files and of the rule packs);
* the language this start will use is the one the rows were made in.
Anything else — no file, a damaged or foreign file, a busy or locked database, a
server database — means no start snapshot: the window starts as before. Deadlines
that passed since the window quit are shown overdue until the first load, as the
stored deadlines would show them.

Threading: ``save`` on the GUI thread after the worker stopped; ``load`` on the GUI
thread before the window is built.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import sqlite3
import zlib
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import core
from core.deadline_rows import store_state
from core.paths import make_private_dir, start_snapshot_path
from core.rules.urgency import UrgencyThresholds
from gui import settings
from gui.models.rows import Row

log = logging.getLogger(__name__)
FORMAT = 1  # bump when what the file holds changes meaning
MAGIC = b"ShopClock start snapshot\n"  # then the payload's CRC-32 (8 hex digits), a newline
SETTING_KEYS = (settings.DB_LANGUAGE_KEY, settings.SOON_KEY, settings.URGENT_KEY)
_SETTINGS_SQL = "SELECT key, value FROM settings WHERE key IN ({})".format(
    ", ".join("?" * len(SETTING_KEYS))
)
BUSY_MS = 200  # a writer holding the database longer than this: start without the snapshot

_code_digest: str | None = None


@dataclass
class StartSnapshot:
    """What the window shows before its first load (MainWindow.show_snapshot)."""

    rows: list[Row]
    shops: list[tuple[str, str]]
    calendar_years: list[str]
    counts: dict[str, int]
    empty: bool
    lang: str
    thresholds: UrgencyThresholds


def code_digest() -> str:
    """ShopClock's version and the size and time of every source file of core and gui
    and of the rule packs: any edit or upgrade gives another digest. A frozen build
    has no source files: its version alone (a build replaces the whole folder)."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha256(f"{FORMAT}\0{core.__version__}".encode())
        roots = [Path(core.__file__).parent, Path(__file__).parent]
        try:
            from core.rules.loader import default_rules_dir

            roots.append(default_rules_dir())
        except RuntimeError:
            pass
        for root in roots:
            for path in sorted(_files(root)):
                stat = path.stat()
                digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        _code_digest = digest.hexdigest()
    return _code_digest


def _files(root: Path) -> list[Path]:
    found = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir() and entry.name != "__pycache__":
            found.extend(_files(Path(entry.path)))
        elif entry.name.endswith((".py", ".toml")):
            found.append(Path(entry.path))
    return found


def _read_proof(db_path: Path) -> dict[str, Any] | None:
    """The facts ``load`` compares, read in one transaction; None when the database
    cannot be read at once (missing, locked, not ours, damaged)."""
    if not db_path.is_file():
        return None
    try:
        uri = f"{db_path.as_uri()}?mode=rw"  # never create a file
        with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_MS / 1000)) as conn:
            conn.isolation_level = None
            conn.execute("BEGIN")
            revision = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
            state = store_state(conn)
            raw = dict(conn.execute(_SETTINGS_SQL, SETTING_KEYS))
            conn.execute("COMMIT")
    except (sqlite3.Error, ValueError):
        return None
    if state.stale or state.token is None:
        return None
    return {"revision": revision, "token": state.token, "settings": raw}


def load(db_path: Path, lang_override: str | None = None) -> StartSnapshot | None:
    """The snapshot of this database's To do if it is provably current (see the
    module's docstring), else None. Never raises for a bad file."""
    try:
        data = marshal.loads(_checked(start_snapshot_path(db_path).read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("db") != str(db_path) or data.get("code") != code_digest():
        return None
    proof = _read_proof(db_path)
    if proof is None or proof != data.get("proof"):
        return None
    stored = _stored_language(proof["settings"].get(settings.DB_LANGUAGE_KEY))
    lang = settings.choose_language(lang_override, stored)
    if lang != data.get("lang"):
        return None
    try:
        soon, urgent = data["thresholds"]
        return StartSnapshot(
            rows=_rows(data["rows"]),
            shops=[tuple(s) for s in data["shops"]],
            calendar_years=list(data["calendar_years"]),
            counts=dict(data["counts"]),
            empty=bool(data["empty"]),
            lang=lang,
            thresholds=UrgencyThresholds(
                soon=timedelta(seconds=soon), urgent=timedelta(seconds=urgent)
            ),
        )
    except (KeyError, TypeError, ValueError, OverflowError):
        log.warning("the start snapshot %s is damaged; starting without it", db_path.name)
        return None


def _checked(blob: bytes) -> bytes:
    """The payload of a snapshot file whose checksum holds (marshal is not made to read
    damaged data: a disk error must not stop the window from starting)."""
    head = len(MAGIC)
    if blob[:head] != MAGIC or blob[head + 8 : head + 9] != b"\n":
        raise ValueError("not a start snapshot")
    payload = blob[head + 9 :]
    if int(blob[head : head + 8], 16) != zlib.crc32(payload):
        raise ValueError("the start snapshot's checksum does not match")
    return payload


def _stored_language(raw: str | None) -> object:
    """The language setting's value from its raw (JSON) text, as the repository reads it."""
    try:
        return None if raw is None else json.loads(raw)
    except ValueError:
        return None


def _todo_cells(cells: list[str], platform: str, due: float, amount: int):
    """A To-do row's cells and sort keys (gui.models.builders' _todo_cells and
    _confirm_cells: the texts sort as shown, the countdown and the deadline by the
    time, the money by the amount)."""
    return cells, [platform, *cells[1:5], due, due, amount]


def _rows(stored: list[tuple]) -> list[Row]:
    """Row objects, in the file's order (sorted by countdown); their sort keys are
    made on first use, as the builders' rows format their cells."""
    when = datetime.fromtimestamp
    make = _todo_cells
    rows = []
    append = rows.append
    for (
        key, cells, deadline, merchant, expired, tags, actor, date, search, amount, running,
        case_no, order_no, settled,
    ) in stored:  # fmt: skip
        due = when(deadline, UTC)
        platform = key[1]
        row = Row(
            key, make, (cells, platform, deadline, amount), due, merchant, expired, platform,
            cells[1], tags, actor, due if date is None else when(date, UTC), search, amount,
            running, case_no, order_no, settled,
        )  # fmt: skip
        append(row)
    return rows


def _row_values(row: Row, share: dict) -> tuple:
    """What the file keeps of a To-do row; equal texts and numbers once (``share``),
    so marshal writes the others as references: a third of the objects to read back."""
    if row.deadline is None:
        raise ValueError(f"a To-do row without a deadline: {row.key}")
    one = share.setdefault
    deadline = row.deadline.timestamp()
    date = None if row.date == row.deadline else row.date.timestamp()
    return (
        tuple(one(k, k) for k in row.key), [one(c, c) for c in row.cells], one(deadline, deadline),
        row.merchant, one(row.expired_text, row.expired_text), one(row.tags, row.tags), row.actor,
        date, tuple(one(t, t) for t in row.search), row.amount_fen, row.running,
        row.case_no and one(row.case_no, row.case_no), one(row.order_no, row.order_no),
        row.settled,
    )  # fmt: skip


def save(service, db_path: Path, lang: str) -> bool:
    """Write the snapshot of To do for the next start (after the window's worker
    stopped, before the database closes). When To do cannot be built from current
    stored deadlines without recomputing them, the old snapshot is removed instead.
    True when written; never raises (a cache: the next start loads as before)."""
    target = start_snapshot_path(db_path)
    try:
        data = _snapshot(service, db_path, lang)
        if data is None:
            target.unlink(missing_ok=True)
            return False
        payload = marshal.dumps(data)
        _write_private(target, b"%s%08x\n%s" % (MAGIC, zlib.crc32(payload), payload))
        return True
    except Exception:  # a cache must never stop ShopClock from quitting
        log.warning("the start snapshot was not written", exc_info=True)
        with suppress(OSError):
            target.unlink(missing_ok=True)
        return False


def _snapshot(service, db_path: Path, lang: str) -> dict[str, Any] | None:
    from gui.board_load import build_todo_stored

    if not service.db.is_sqlite or service.db.path is None:
        return None
    first = build_todo_stored(service)
    if first is None or first.token is None:
        return None
    proof = _read_proof(db_path)
    if proof is None or proof["token"] != first.token:
        return None  # written meanwhile: the rows may not show it
    values = settings.thresholds(service)
    share: dict = {}
    return {
        "format": FORMAT,
        "db": str(db_path),
        "code": code_digest(),
        "proof": proof,
        "lang": lang,
        "thresholds": (values.soon.total_seconds(), values.urgent.total_seconds()),
        "shops": [list(s) for s in first.shops],
        "calendar_years": list(first.calendar_years),
        "counts": dict(first.counts),
        "empty": first.empty,
        "rows": [_row_values(r, share) for r in first.todo],
    }


def _write_private(target: Path, blob: bytes) -> None:
    """Atomically, readable by the user only (the rows hold buyers' names)."""
    make_private_dir(target.parent)
    temp = target.with_name(target.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(blob)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, target)
