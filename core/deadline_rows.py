"""The rows of the stored deadlines (core.storage.models_deadlines), as core.deadlines
writes and reads them: one row per timer, made from the engine's Timer and the
records it shows (``timer_rows``), and read back as the window's To-do timers with
their orders' and cases' briefs (``read_todo``) or as `due --json`'s bytes
(``read_due_json``). The rows' meaning is part of core.deadlines' code fingerprint:
change it and every stored timer is recomputed.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from typing import Any, NamedTuple

from core.domain import (
    Actor,
    CaseKind,
    CaseState,
    Confidence,
    Platform,
    Timer,
    TimerOrigin,
    unchecked_maker,
)
from core.gcpause import paused_gc
from core.rules.engine import FACT_FIELDS, RULE_FIELDS
from core.timer_json import Texts, epoch_us, timer_pieces

# deadline_timers' columns as timer_rows gives them
COLUMNS = (
    "platform", "order_no", "seq", "due_us", "actor", "informational", "head",
    "middle_id", "tail_id", "shop", "case_no", "started_us", "origin", "amount_fen",
    "warnings", "template", "title", "buyer_name", "case_kind",
)  # fmt: skip
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# the Timer from its facts and its rule's part, as the engine makes it
_make_timer = unchecked_maker(Timer, FACT_FIELDS + RULE_FIELDS)


_RULE_VALUES = attrgetter(*RULE_FIELDS)


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
    token: str | None = None  # the store's write token when they were read (store_state)


# deadline_state's second row holds, in its fingerprint column, a random token that
# every write of the store replaces (core.deadlines._write). Triggers on orders and
# cases mark their order stale in the writing transaction, and only a write of the
# store clears it again, so "same token, nothing stale" proves that no order or case
# changed since the token was read: the window's start snapshot (gui.start_snapshot) is
# current while that holds. The triggers that reset the fingerprint null it too.
WRITE_TOKEN_ID = 2


class StoreState(NamedTuple):
    fingerprint: str | None  # what the stored timers were computed with (None: rebuild)
    token: str | None
    stale: bool  # some order changed since the store was written


def store_state(cursor) -> StoreState:
    """The store's state, read with any DB-API cursor on the SQLite database (the
    window's start reads it with the standard library's sqlite3, before SQLAlchemy)."""
    rows = dict(cursor.execute("SELECT id, fingerprint FROM deadline_state WHERE id IN (1, 2)"))
    stale = cursor.execute("SELECT EXISTS (SELECT 1 FROM deadline_stale)").fetchone()[0]
    return StoreState(rows.get(1), rows.get(WRITE_TOKEN_ID), bool(stale))


def write_token(cursor) -> None:
    """A new write token (inside the transaction that writes the store)."""
    cursor.execute(
        "INSERT INTO deadline_state (id, fingerprint) VALUES (?, ?)"
        " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint",
        (WRITE_TOKEN_ID, os.urandom(16).hex()),  # not secrets: ~9 ms to import at start
    )


def _shown(orders, cases) -> tuple[dict, dict]:
    """(platform, order_no) -> (title, buyer_name); (platform, case_no) -> kind."""
    return (
        {(o.platform, o.order_no): (o.title, o.buyer_name) for o in orders},
        {(c.platform, c.case_no): c.kind.value for c in cases},
    )


def timer_rows(groups, shared: dict[str, int], orders, cases) -> Iterator[tuple]:
    """deadline_timers rows (COLUMNS) of ``groups`` (Service._group_timers' of these
    orders and cases); new shared texts (rule parts, JSON pieces) are added to
    ``shared`` (text -> deadline_texts.id)."""
    texts: Texts = Texts()
    times: dict[datetime, str] = {}
    warnings: Texts = Texts()
    # a rule's timers share their rule's fields: one template each (json.dumps per
    # timer was ~a tenth of recomputing the store). The key holds the values' types
    # too, so equal values of another type (24 and 24.0 hours) keep their own text.
    templates: dict[tuple, int] = {}
    order_shown, kinds = _shown(orders, cases)
    for (platform, order_no), timers in groups:
        title, buyer = order_shown.get((platform, order_no), (None, None))
        for seq, t in enumerate(timers):
            head, middle, end = timer_pieces(t, texts, times)
            rule = _RULE_VALUES(t)
            key = (rule, tuple(map(type, rule)), tuple(map(type, t.remind_before_hours)))
            template = templates.get(key)
            if template is None:
                template = templates[key] = _text_id(shared, _template(t))
            middle, end = _text_id(shared, middle), _text_id(shared, end)
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


def read_todo(cursor, until: datetime | None = None) -> StoredTodo:
    """deadline_timers' running merchant timers, not informational, as Timer objects in
    ``Service.due``'s order (the table's key), and what To do shows of their orders and
    cases; ``until``: only those due by then (a range of the key: read no further)."""
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
    sql = (
        "SELECT platform, shop, order_no, case_no, started_us, due_us, origin, amount_fen,"
        " warnings, template, title, buyer_name, case_kind FROM deadline_timers"
        " WHERE actor = 'merchant' AND NOT informational"
    )
    if until is None:
        rows = cursor.execute(sql)
    else:
        rows = cursor.execute(sql + " AND due_us <= ?", (epoch_us(until),))
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


def read_due_json(cursor, now: datetime, within: timedelta | None, actor: Actor | None) -> bytes:
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
