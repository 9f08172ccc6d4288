"""Stored deadlines: `due --json` from timers computed once, not on every call.

Every running timer is a pure function of one order and its cases, the shop, the
rule book and the working-day calendar (core.rules.engine never asks the time). So
the timers are kept in the database (tables in core.storage.models_deadlines) and
only the orders whose records changed are recomputed:

* SQLite triggers (migration 0003) put an order in ``deadline_stale`` in the same
  transaction as any insert, update or delete of it or of one of its cases —
  whichever code or tool writes;
* ``deadline_state.fingerprint`` names what the stored timers were computed with:
  this code (the engine's source files, the ShopClock and chinesecalendar
  versions), the rule book, the calendar's holiday overrides and the shops. Any
  difference, or a trigger on shops / holiday overrides (which clear it), means
  every timer is recomputed.

``DeadlineStore.due_json`` (`due --json`) and ``todo`` (the window's To-do page,
with what its rows show of their orders and cases, stored beside the timers) answer
only from a current store: they read with a plain read transaction when nothing is
stale; otherwise, if they may write, they first bring the store up
to date (``_refresh``: computed without the write lock, written in a short write
transaction if no other connection committed meanwhile, else redone under the
lock); if they may not (``--now``, too much stale for the window's first paint) or
the database is not SQLite, they return None and the caller computes, which gives
the same answer — a property test checks it over random sequences of writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import chinese_calendar

import core
from core.domain import (
    Actor,
    CaseKind,
    CaseState,
    Confidence,
    Platform,
    Shop,
    Timer,
    TimerOrigin,
    unchecked_maker,
)
from core.gcpause import paused_gc
from core.rules.engine import FACT_FIELDS, RULE_FIELDS
from core.timer_json import Texts, epoch_us, timer_pieces

if TYPE_CHECKING:
    from core.service import Service

STORE_FORMAT = "2"  # bump when the stored rows change meaning
INCREMENTAL_LIMIT = 5_000  # more stale orders than this: recompute everything at once
# the code the stored timers depend on (files, or folders of them), relative to core/
_CODE = ("rules", "calendar", "domain", "timer_json", "deadlines", "service", "clock")

_code_fingerprint: str | None = None


def code_fingerprint() -> str:
    """sha256 of the engine's code: the source (or, in the frozen app, compiled) files
    of _CODE, the ShopClock and chinesecalendar versions and the store format."""
    global _code_fingerprint
    if _code_fingerprint is None:
        digest = hashlib.sha256()
        for part in (STORE_FORMAT, core.__version__, chinese_calendar.__version__):
            digest.update(part.encode() + b"\0")
        root = Path(core.__file__).parent
        for name in _CODE:
            for path in _code_files(root, name):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _code_fingerprint = digest.hexdigest()
    return _code_fingerprint


def _code_files(root: Path, name: str) -> list[Path]:
    folder = root / name
    if folder.is_dir():
        return sorted(p for p in folder.iterdir() if p.suffix in (".py", ".pyc") and p.is_file())
    return [p for p in (root / f"{name}.py", root / f"{name}.pyc") if p.is_file()]


def _canon(value: Any) -> str:
    """A text that is equal for equal values, in every process (no hash order)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ",".join(
            f"{f.name}={_canon(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}({fields})"
    if isinstance(value, Enum):
        return repr(value.value)
    if isinstance(value, Mapping):
        return "{" + ",".join(sorted(f"{_canon(k)}:{_canon(v)}" for k, v in value.items())) + "}"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(_canon(v) for v in value)) + "}"
    if isinstance(value, list | tuple):
        return "(" + ",".join(_canon(v) for v in value) + ")"
    if isinstance(value, str | int | float | bool | date | datetime | timedelta) or value is None:
        return repr(value)
    raise TypeError(f"no stable text for {type(value).__name__}")


class DeadlineStore:
    """The stored timers of one Service's database (see the module's docstring)."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.db = service.db

    def fingerprint(self, shops: Iterable[Shop]) -> str:
        engine = self.service.engine
        book = self.service.book
        parts = (
            code_fingerprint(),
            _canon(book.packs()),
            _canon(book.overlay()),
            _canon(sorted(engine.calendar.overrides().items())),
            _canon(sorted(shops, key=lambda s: (s.platform.value, s.name))),
        )
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def due_json(
        self,
        now: datetime,
        within: timedelta | None = None,
        actor: Actor | None = None,
        *,
        refresh: bool = True,
    ) -> bytes | None:
        """The due timers as UTF-8 JSON from the store, or None when the store cannot
        answer without writing and ``refresh`` is False (or this is not SQLite)."""
        return self._answer(lambda cursor: _read(cursor, now, within, actor), refresh)

    def refresh(self) -> None:
        """Bring the store up to date (see ``_refresh``)."""
        self._answer(lambda _cursor: None, refresh=True)

    def todo(self) -> StoredTodo | None:
        """The running merchant timers (not informational) — the window's To-do page —
        as Timer objects, equal to the engine's, with what its rows show of their
        orders and cases; None unless the store is current or can be made so by
        recomputing a few stale orders (never everything: the window then computes,
        and refreshes the store after its first paint)."""
        return self._answer(_todo, refresh=True, everything=False)

    def _answer(self, read, refresh: bool, everything: bool = True):
        """``read(cursor)`` in a read transaction on a current store. If the store is
        not current: brought up to date first when ``refresh`` allows (and, unless
        ``everything``, only when a few stale orders are all there is to recompute),
        else None. None on databases other than SQLite."""
        if not self.db.is_sqlite:
            return None
        fingerprint = self.fingerprint(self.service.repo.shops())
        with _reading(self.db) as cursor:
            state = _state(cursor, fingerprint)
            if state is _State.CURRENT:
                return read(cursor)
        if not refresh or (state is _State.ALL and not everything):
            return None
        with self.db.engine.connect() as conn:
            self._refresh(conn)
        with _reading(self.db) as cursor:
            return read(cursor)

    def _refresh(self, conn) -> None:
        """Recompute what is stale without holding the write lock, then write it in a
        short write transaction — if no other connection committed in the meantime
        (SQLite's ``data_version`` of this connection did not change: every read saw
        the database as it was when we began). Otherwise (rare) the whole refresh is
        done again inside the write transaction. ``conn`` is a SQLAlchemy connection
        outside any transaction, held throughout. Recomputing 100,000 timers takes
        seconds: the window's own writes must not wait that long for the lock."""
        raw = conn.connection.driver_connection
        version = raw.execute("PRAGMA data_version").fetchone()[0]
        plan = self._plan(raw.cursor())
        if plan is None:
            return
        with conn.begin():  # BEGIN IMMEDIATE
            cursor = raw.cursor()
            if cursor.execute("PRAGMA data_version").fetchone()[0] != version:
                plan = self._plan(cursor)  # someone wrote: again, now under the lock
            if plan is not None:
                _write(cursor, plan)
            else:  # someone else brought the store up to date meanwhile
                cursor.execute(f"DROP TABLE IF EXISTS temp.{_PLAN_TABLE}")

    def _plan(self, cursor) -> _Plan | None:
        """What the store needs: the stale orders' timers, or every timer when the
        fingerprint differs or too many orders are stale; None when it is current.
        Reads only (the records through the repository's own connections)."""
        service = self.service
        shops = {(s.platform, s.name): s for s in service.repo.shops()}
        fingerprint = self.fingerprint(shops.values())
        state = _state(cursor, fingerprint)
        if state is _State.CURRENT:
            return None
        if state is _State.FEW:
            stale = cursor.execute("SELECT platform, order_no FROM deadline_stale").fetchall()
            keys = [(Platform(platform), order_no) for platform, order_no in stale]
            orders, cases = service._timed_records(of=keys)
            texts = dict(cursor.execute("SELECT text, id FROM deadline_texts"))
        else:
            stale, texts = None, {}
            orders, cases = service._timed_records()
        known = set(texts)
        # the rows go to a temporary table of this connection as they are made (the
        # rows of 100,000 timers held in a list were ~70 MB), copied under the lock
        connection = cursor.connection
        outside = not connection.in_transaction
        if outside:  # one transaction for the inserts (temp database only: no lock)
            cursor.execute("BEGIN")
        cursor.execute(f"DROP TABLE IF EXISTS temp.{_PLAN_TABLE}")
        cursor.execute(f"CREATE TEMP TABLE {_PLAN_TABLE} ({', '.join(_COLUMNS)})")
        cursor.executemany(
            f"INSERT INTO temp.{_PLAN_TABLE} VALUES ({', '.join('?' for _ in _COLUMNS)})",
            _rows(service._group_timers(orders, cases, shops), texts, _shown(orders, cases)),
        )
        if outside:
            cursor.execute("COMMIT")
        new = [(i, text) for text, i in texts.items() if text not in known]
        return _Plan(fingerprint, stale, new)


@dataclasses.dataclass
class _Plan:
    """What ``_write`` writes: ``stale`` None means everything is replaced."""

    fingerprint: str
    stale: list[tuple[str, str]] | None
    texts: list[tuple[int, str]]  # new shared texts; the timers are in temp._PLAN_TABLE


def _write(cursor, plan: _Plan) -> None:
    if plan.stale is None:
        for table in ("deadline_timers", "deadline_texts", "deadline_stale"):
            cursor.execute(f"DELETE FROM {table}")
    else:
        cursor.executemany(
            "DELETE FROM deadline_timers WHERE platform = ? AND order_no = ?", plan.stale
        )
        cursor.executemany(
            "DELETE FROM deadline_stale WHERE platform = ? AND order_no = ?", plan.stale
        )
    columns = ", ".join(_COLUMNS)
    cursor.execute(
        f"INSERT INTO deadline_timers ({columns}) SELECT {columns} FROM temp.{_PLAN_TABLE}"
    )
    cursor.execute(f"DROP TABLE temp.{_PLAN_TABLE}")
    cursor.executemany("INSERT INTO deadline_texts (id, text) VALUES (?, ?)", plan.texts)
    cursor.execute(
        "INSERT INTO deadline_state (id, fingerprint) VALUES (1, ?)"
        " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint",
        (plan.fingerprint,),
    )


_PLAN_TABLE = "shopclock_deadline_plan"  # a refresh's new rows, before they are written
# deadline_timers' columns as _rows gives them
_COLUMNS = (
    "platform", "order_no", "seq", "due_us", "actor", "informational", "head",
    "middle_id", "tail_id", "shop", "case_no", "started_us", "origin", "amount_fen",
    "warnings", "template", "title", "buyer_name", "case_kind",
)  # fmt: skip
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# the Timer from its facts and its rule's part, as the engine makes it
_make_timer = unchecked_maker(Timer, FACT_FIELDS + RULE_FIELDS)


def _template(t: Timer) -> str:
    """The fields of ``t`` that come from its rule (RULE_FIELDS), as JSON."""
    return json.dumps(
        [
            t.timer,
            t.actor.value,
            t.on_expiry,
            None if t.next_state is None else t.next_state.value,
            t.rule_id,
            t.pack_version,
            t.clause,
            t.source,
            t.confidence.value,
            t.goods_at_risk,
            t.informational,
            list(t.remind_before_hours),
        ],
        ensure_ascii=False,
    )


def _rule_part(fields: str) -> tuple:
    """RULE_FIELDS' values back from ``_template``'s JSON."""
    timer, actor, expiry, state, rule, pack, clause, source, confidence, goods, info, hours = (
        json.loads(fields)
    )
    next_state = None if state is None else CaseState(state)
    return (timer, Actor(actor), expiry, next_state, rule, pack, clause, source,
            Confidence(confidence), goods, info, tuple(hours))  # fmt: skip


def _text_id(known: dict[str, int], text: str) -> int:
    found = known.get(text)
    if found is None:
        found = known[text] = max(known.values(), default=0) + 1
    return found


class OrderBrief(NamedTuple):
    """What a To-do row shows of its order (stored beside its timers)."""

    platform: Platform
    order_no: str
    title: str
    buyer_name: str


class CaseBrief(NamedTuple):
    """What a To-do row shows of its case: the kind names the action. Not assumed:
    the cases a rule's outcome left to confirm are read in full."""

    platform: Platform
    case_no: str
    kind: CaseKind
    assumed: bool = False


@dataclasses.dataclass(frozen=True)
class StoredTodo:
    """``DeadlineStore.todo``: the stored To-do timers and their orders' and cases'
    briefs (one per order, one per case)."""

    timers: list[Timer]
    orders: list[OrderBrief]
    cases: list[CaseBrief]


def _shown(orders, cases) -> tuple[dict, dict]:
    """(platform, order_no) -> (title, buyer_name); (platform, case_no) -> kind."""
    return (
        {(o.platform, o.order_no): (o.title, o.buyer_name) for o in orders},
        {(c.platform, c.case_no): c.kind.value for c in cases},
    )


def _rows(groups, shared: dict[str, int], shown: tuple[dict, dict]) -> Iterator[tuple]:
    """deadline_timers rows (_COLUMNS); new shared texts (rule parts, JSON pieces) are
    added to ``shared`` (text -> deadline_texts.id); ``shown``: ``_shown``'s."""
    texts: Texts = Texts()
    times: dict[datetime, str] = {}
    warnings: Texts = Texts()
    order_shown, kinds = shown
    for (platform, order_no), timers in groups:
        title, buyer = order_shown.get((platform, order_no), (None, None))
        for seq, t in enumerate(timers):
            head, middle, end = timer_pieces(t, texts, times)
            template, middle, end = (_text_id(shared, x) for x in (_template(t), middle, end))
            yield (
                platform.value,
                order_no,
                seq,
                epoch_us(t.due_at),
                t.actor.value,
                1 if t.informational else 0,
                head,
                middle,
                end,
                t.shop,
                t.case_no,
                epoch_us(t.started_at),
                t.origin.value,
                t.amount_at_risk_fen,
                warnings[t.warnings] if t.warnings else "[]",
                template,
                title,
                buyer,
                kinds.get((platform, t.case_no)) if t.case_no else None,
            )


def _todo(cursor) -> StoredTodo:
    """deadline_timers' running merchant timers, not informational, as Timer objects,
    and what To do shows of their orders and cases."""
    # the shared texts (a few dozen; finding which are rule parts would scan every
    # stored timer: 30-220 ms at 100,000), each rule part decoded on first use
    texts = dict(cursor.execute("SELECT id, text FROM deadline_texts"))
    rule_parts: dict[int, tuple] = {}
    platforms = {p.value: p for p in Platform}
    origins = {o.value: o for o in TimerOrigin}
    warnings: dict[str, tuple[str, ...]] = {"[]": ()}
    epoch, micro = _EPOCH, timedelta(microseconds=1)
    make = _make_timer
    kinds = {k.value: k for k in CaseKind}
    share: Any = {}.setdefault
    found = []
    orders: dict[tuple[str, str], OrderBrief] = {}
    cases: dict[tuple[str, str], CaseBrief] = {}
    rows = cursor.execute(
        "SELECT platform, shop, order_no, case_no, started_us, due_us, origin, amount_fen,"
        " warnings, template, title, buyer_name, case_kind FROM deadline_timers"
        " WHERE actor = 'merchant' AND NOT informational"
    )
    with paused_gc():  # ~30,000 timers kept
        for (platform, shop, order_no, case_no, started, due, origin, amount, w, tpl,
             title, buyer, kind) in rows:  # fmt: skip
            noted = warnings.get(w)
            if noted is None:
                noted = warnings[w] = tuple(json.loads(w))
            member = platforms[platform]
            facts = (member, shop, order_no, case_no, epoch + started * micro,
                     epoch + due * micro, origins[origin], amount, noted)  # fmt: skip
            rule = rule_parts.get(tpl)
            if rule is None:
                rule = rule_parts[tpl] = _rule_part(texts[tpl])
            found.append(make(facts + rule))
            if title is not None and (platform, order_no) not in orders:  # None: no order
                # a shop's titles and buyers repeat: one string each (as records are read)
                title, buyer = share(title, title), share(buyer, buyer)
                orders[platform, order_no] = OrderBrief(member, order_no, title, buyer)
            if kind is not None and (platform, case_no) not in cases:
                cases[platform, case_no] = CaseBrief(member, case_no, kinds[kind])
    return StoredTodo(found, list(orders.values()), list(cases.values()))


class _State(Enum):
    CURRENT = "current"  # nothing to recompute
    FEW = "few"  # the fingerprint holds; at most INCREMENTAL_LIMIT orders are stale
    ALL = "all"  # everything must be recomputed


def _state(cursor, fingerprint: str) -> _State:
    stored = cursor.execute("SELECT fingerprint FROM deadline_state WHERE id = 1").fetchone()
    if stored is None or stored[0] != fingerprint:
        return _State.ALL
    stale = cursor.execute("SELECT count(*) FROM deadline_stale").fetchone()[0]
    if stale == 0:
        return _State.CURRENT
    return _State.FEW if stale <= INCREMENTAL_LIMIT else _State.ALL


@contextmanager
def _reading(db) -> Iterator[Any]:
    """A driver cursor in a read transaction (it never waits for a writer)."""
    with db.read_engine.connect() as conn, conn.begin():
        yield conn.connection.driver_connection.cursor()


def _read(cursor, now: datetime, within: timedelta | None, actor: Actor | None) -> bytes:
    """The UTF-8 JSON array, in ``Service.due``'s order: due time, platform, order,
    seq (the table's key: read front to back). SQLite's integer division truncates
    toward zero, as ``int(seconds)`` does. Bytes, not text: 40 MB for 100,000 timers
    are neither decoded nor encoded again on the way to stdout."""
    now_us = epoch_us(now)
    sql = (
        "SELECT CAST(head || ((due_us - ?) / 1000000) || m.text || amount_fen || e.text AS BLOB)"
        " FROM deadline_timers JOIN deadline_texts m ON m.id = middle_id"
        " JOIN deadline_texts e ON e.id = tail_id"
        " WHERE NOT (informational AND due_us < ?)"
    )
    params: list[Any] = [now_us, now_us]
    if within is not None:
        sql += " AND due_us <= ?"
        params.append(epoch_us(now + within))
    if actor is not None:
        sql += " AND actor = ?"
        params.append(actor.value)
    sql += " ORDER BY due_us, platform, order_no, seq"
    return b"[" + b", ".join([row[0] for row in cursor.execute(sql, params)]) + b"]"
