"""The `shopclock` command line (no Qt). With no arguments `gui.main` starts the window.

Exit codes: 0 ok; 2 bad input or refused (message on stderr, nothing written); 1 not
done: a full disk, a read-only, locked or damaged database, or an internal error, said
in Chinese by core.cli_errors.classify (never SQL or buyer data). `import --skip-invalid`
that wrote the valid rows exits 0 (the skipped rows on stderr). Times (--now, --at) are
taken in the years an import accepts. A log that cannot be opened turns logging off.
`--now` makes every command behave as if it were that time; it never changes
stored facts (only `act --at` writes, at the time it is given). `sweep` is the one
command that writes with `--now`: it refuses a `--now` later than the real time
(that would store outcomes that have not happened yet); an earlier one only records
expiries that have really passed, at their due times.

Output: text lines name every code (platform, state, timer, outcome, action, …) in
the words the window shows for it (core.texts_zh); `--json` prints the codes
themselves, unchanged, for scripts.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from core import texts_zh as zh
from core.clock import SHANGHAI, FixedClock, SystemClock
from core.domain import (
    Actor,
    Case,
    CaseKind,
    Eligibility,
    Event,
    GoodsType,
    Order,
    Platform,
    Timer,
    TimerOrigin,
)
from core.privacy import scrub
from core.rules.transitions import EXPIRE, Transition
from core.timer_json import timers_json, timers_text  # noqa: F401  (re-exported)

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(argparse.ArgumentTypeError):
    """A user error: printed on stderr, exit code 2, nothing written.

    An ArgumentTypeError so that argparse reports it with the argument's name.
    """


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
MAX_DURATION_DAYS = 3650  # `due --within`: ten years covers every deadline


def parse_duration(text: str) -> timedelta:
    """'2h', '30m', '1d12h', '90s'; a bare number means hours; at most 3650 days."""
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text) * 3600
    else:
        parts = _DURATION.findall(text)
        if not parts or _DURATION.sub("", text).strip():
            raise BadInput(
                f"无法识别的时长「{text}」（例如 2h、30m、1d12h） / bad duration {text!r}"
            )
        seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if not seconds <= MAX_DURATION_DAYS * 86400:  # also inf from a very long number
        raise BadInput(
            f"时长「{text}」太长，最多 {MAX_DURATION_DAYS} 天（{MAX_DURATION_DAYS}d） / "
            f"duration {text!r} too long (at most {MAX_DURATION_DAYS} days)"
        )
    return timedelta(seconds=seconds)


def parse_time(text: str) -> datetime:
    """ISO 8601; a time without an offset is Asia/Shanghai wall time. Only the years an
    import accepts (core.importers.cells: FIRST_YEAR–LAST_YEAR): the year 1 or 9999
    cannot be moved by a deadline or stored, and no shop's deadline is there."""
    from core.importers.cells import FIRST_YEAR, LAST_YEAR

    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"无法识别的时间「{text}」（ISO 8601） / bad time {text!r}") from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise BadInput(
            f"时间「{text}」不在 {FIRST_YEAR}–{LAST_YEAR} 年之间 / "
            f"time {text!r} is not between the years {FIRST_YEAR} and {LAST_YEAR}"
        )
    return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)


def iso(value: datetime | None) -> str | None:
    return value.astimezone(SHANGHAI).isoformat() if value else None


def remaining_text(seconds: float) -> str:
    overdue = seconds < 0
    s = int(abs(seconds))
    days, rest = divmod(s, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    body = f"{days}天{hours:02d}时{minutes:02d}分" if days else f"{hours:02d}时{minutes:02d}分"
    return f"已超时 {body}" if overdue else f"还剩 {body}"


def when(value: datetime | None) -> str:
    """Shanghai wall time to the minute, as every text line shows it: 2026-03-12 09:00."""
    return f"{value.astimezone(SHANGHAI):%Y-%m-%d %H:%M}" if value else ""


# Text lines speak the window's Chinese (core.texts_zh); `--json` keeps the codes.


def timer_line(t: Timer, now: datetime) -> str:
    """「2026-03-12 09:00  还剩 23时59分  拼多多 多多店  订单 260302-111 售后 PDD-1
    商家处理期限（商家）  到期后：系统已直接退款，无需退货，钱货两失（推定）
    按规则计算（3.2） 风险 ¥129.00」 (one line), then the timer's warnings (warnings_text)."""
    src = zh.origin(t.origin)
    if t.origin == TimerOrigin.RULE and t.clause:
        src += f"（{t.clause}）"
    case = f" 售后 {t.case_no}" if t.case_no else ""
    money = f" 风险 ¥{t.amount_at_risk_fen / 100:.2f}" if t.amount_at_risk_fen else ""
    left = remaining_text(t.remaining_seconds(now))
    return (
        f"{when(t.due_at)}  {left}"
        f"  {zh.platform(t.platform)} {t.shop}  订单 {t.order_no}{case}"
        f"  {zh.timer(t.timer)}（{zh.actor(t.actor)}）"
        f"  到期后：{zh.outcome(t.on_expiry)}  {src}{money}{warnings_text(t)}"
    )


def warnings_text(t: Timer) -> str:
    """「  注意：节假日数据未覆盖2027年，按周一至周五计算」; "" for a timer without warnings."""
    return "  注意：" + "；".join(zh.warning(w) for w in t.warnings) if t.warnings else ""


def case_line(c: Case) -> str:
    """「售后 PDD-1  订单 260302-111  拼多多 多多店  退货退款  状态 待商家处理」."""
    assumed = "（按规则推定）" if c.assumed else ""
    return (
        f"售后 {c.case_no}  订单 {c.order_no}  {zh.platform(c.platform)} {c.shop}  "
        f"{zh.kind(c.kind)}  状态 {zh.state(c.state)}{assumed}"
    )


def order_line(o: Order) -> str:
    """「订单 260302-111  拼多多 多多店  <title>  ¥129.00」."""
    parts = (f"订单 {o.order_no}", f"{zh.platform(o.platform)} {o.shop}", o.title)
    return "  ".join(p for p in parts if p) + f"  ¥{o.amount_fen / 100:.2f}"


def event_line(e: Event) -> str:
    """「2026-03-12 09:00  平台系统（按规则）  期限已过：系统已自动同意退款（推定）
    待商家处理 → 退款成功」: time, who (how it was recorded), what, the state change."""
    what = zh.event(e.what)
    if e.action == EXPIRE and e.data.get("on_expiry"):
        what += "：" + zh.outcome(e.data["on_expiry"])
    if e.note:
        what += "：" + scrub(e.note)
    move = ""
    if e.to_state is not None and e.to_state != e.from_state:
        move = f"{zh.state(e.from_state)} → " if e.from_state else "→ "
        move += zh.state(e.to_state)
    who = f"{zh.actor(e.by)}（{zh.source(e.source)}）"
    return "  ".join(part for part in (when(e.at), who, what, move) if part)


def expiry_line(e: Event) -> str:
    """What `sweep` recorded: 「售后 PDD-1  拼多多  待商家处理 → 退款成功：系统已…（推定）」."""
    outcome = e.data.get("on_expiry")
    tail = f"：{zh.outcome(outcome)}" if outcome else "（推定）"
    move = f"{zh.state(e.from_state)} → {zh.state(e.to_state)}"
    return f"售后 {e.case_no}  {zh.platform(e.platform)}  {move}{tail}"


def transition_lines(t: Transition) -> list[str]:
    """What `act` recorded, then the case's new deadlines: 「售后 PDD-1：商家拒绝，
    待商家处理 → 商家已拒绝」 / 「  买家修改或申请介入的期限（买家）  截止 … 还剩 …」."""
    done, before, after = zh.event(t.event.action), t.event.from_state, t.case.state
    if t.event.note:
        done += f"：{scrub(t.event.note)}"  # a phone typed into a note: masked as in the window
    if before == after:
        lines = [f"售后 {t.case.case_no}：{done}（状态仍为 {zh.state(after)}）"]
    else:
        lines = [f"售后 {t.case.case_no}：{done}，{zh.state(before)} → {zh.state(after)}"]
    for timer in t.timers:
        left = remaining_text(timer.remaining_seconds(t.event.at))
        who = zh.actor(timer.actor)
        due = f"截止 {when(timer.due_at)}  {left}{warnings_text(timer)}"
        lines.append(f"  {zh.timer(timer.timer)}（{who}）  {due}")
    return lines


def eligibility_line(kind: CaseKind, e: Eligibility, goods_type: GoodsType | None) -> str:
    """「仅退款：可申请至 2026-03-20 09:00（仅限质量问题）」 or 「换货：不可申请：尚未收货」."""
    if not e.allowed:
        why = f"：{zh.ineligible(e.reason, goods_type)}" if e.reason else ""
        return f"{zh.kind(kind)}：不可申请{why}"
    text = f"可申请至 {when(e.until)}" if e.until else "可申请，截止时间待收货后确定"
    if e.conditions:
        text += "（" + "，".join(zh.condition(c) for c in e.conditions) + "）"
    if e.no_reason_until:
        text += f"；{zh.timer('no_reason_window')}至 {when(e.no_reason_until)}"
    return f"{zh.kind(kind)}：{text}"


def actions_text(actions: Iterable, case_kind: CaseKind | None = None) -> str:
    """「同意退货（agree）、拒绝（reject）」: the words, and the code `act` takes."""
    named = [f"{zh.action(a, case_kind)}（{getattr(a, 'value', a)}）" for a in actions]
    return "、".join(named) or "无"


def print_json(data) -> None:
    """Compact JSON in one write: ``json.dump`` with an indent encodes in Python and
    writes piece by piece (seconds for 100,000 timers); ``dumps`` without one is C."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="shopclock", description="售后时钟 ShopClock")
    p.add_argument("--db", help="SQLite file or SQLAlchemy URL (default: user data folder)")
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="导入平台导出文件 / import an export file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--preset")
    imp.add_argument("--shop")
    imp.add_argument("--skip-invalid", action="store_true")
    imp.add_argument("--platform", choices=[x.value for x in Platform])

    due = sub.add_parser("due", help="按到期时间列出计时器 / running timers by due time")
    due.add_argument(
        "--within", type=parse_duration, help="例如 2h、30m、1d12h，最多 3650d / at most 3650 days"
    )
    due.add_argument("--actor", choices=["merchant", "buyer", "platform"])
    due.add_argument("--now", type=parse_time)
    due.add_argument("--json", action="store_true")

    for name, key in (("case", "case_no"), ("order", "order_no")):
        q = sub.add_parser(name)
        q.add_argument(key)
        q.add_argument("--platform", choices=[x.value for x in Platform])
        q.add_argument("--now", type=parse_time)
        q.add_argument("--json", action="store_true")

    act = sub.add_parser("act", help="记录一个操作 / record an action")
    act.add_argument("case_no")
    act.add_argument("action")
    act.add_argument("--platform", choices=[x.value for x in Platform])
    act.add_argument("--at", type=parse_time)
    act.add_argument("--note", default="")
    act.add_argument("--tracking", default="")

    exp = sub.add_parser("export", help="导出 / export")
    exp.add_argument("what", choices=["orders", "cases", "timers"])
    exp.add_argument("file", type=Path)
    exp.add_argument("--now", type=parse_time)
    exp.add_argument(
        "--reveal", action="store_true", help="不遮蔽买家姓名/电话/地址 / do not mask buyer data"
    )

    sub.add_parser("demo", help="创建演示店铺 / create the demo shop")
    sweep = sub.add_parser("sweep", help="把已过期限记为平台默认结果 / apply expired deadlines")
    sweep.add_argument(
        "--now",
        type=parse_time,
        help="只能是现在或过去的时间：晚于当前时间会被拒绝（不能记录尚未发生的结果） / "
        "the present or the past only: a later time is refused (it would store outcomes "
        "that have not happened)",
    )

    sub.add_parser("backup", help="备份数据库 / back up the database")
    res = sub.add_parser("restore", help="从备份恢复 / restore a backup")
    res.add_argument("file", type=Path)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse: 2 on bad usage, 0 on --help
        return int(exit_.code or 0)
    log_file = folder = None
    try:
        from core.cli_commands import run

        folder = _data_folder(args.db)
        log_file = _start_logging(folder)
        return run(args)
    except BrokenPipeError:
        return _reader_gone()
    except BadInput as err:
        print(str(err), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as err:  # the last resort: say what, exit 1, never a bare traceback
        from core.cli_errors import classify

        code, message = classify(err, log_file, folder)
        print(message, file=sys.stderr)
        return code


def _reader_gone() -> int:
    """The program reading the output stopped early (``shopclock due | head``): nothing
    more to say to it, and no "internal error". Standard output goes to the null device
    so that the interpreter's last flush at exit cannot fail again (Python's advice on
    SIGPIPE); exit 1, as the output was not all delivered."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_INTERNAL


def _start_logging(folder: Path) -> Path | None:
    """The log file, <folder>/logs/shopclock.log; None when it cannot be opened (a
    read-only or full disk, a `logs` that is not a folder): the command then runs
    without a log, after one line on stderr saying so. A log that fails later (the disk
    fills up) is closed the same way, instead of Python's "--- Logging error ---"."""
    import logging

    from core.cli_errors import os_reason
    from core.logs import setup_logging

    try:
        path = setup_logging(folder)
    except OSError as err:
        _logging_off(
            f"无法打开日志 {folder / 'logs'}（{os_reason(err)}），命令照常执行，只是不写日志",
            f"cannot open the log: {err}",
        )
        return None
    for handler in logging.getLogger().handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            handler.handleError = lambda _record, h=handler: _log_failed(h)  # type: ignore
    return path


def _data_folder(db: str | None) -> Path:
    """The database's folder, which holds its log and backups."""
    from core.storage import default_data_dir

    if db and "://" not in db:
        return Path(db).expanduser().resolve().parent
    return default_data_dir()


def _logging_off(why_zh: str, why_en: str) -> None:
    """No log from now on (a record goes nowhere, not to stderr), said once on stderr."""
    import logging

    root = logging.getLogger()
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())  # else Python's last resort prints records
    print(f"日志已关闭：{why_zh} / logging off: {why_en}", file=sys.stderr)


def _log_failed(handler) -> None:
    """The log file could not be written (typically: the disk is full): the handler takes
    no more records (removing it would disturb the loop that is calling it)."""
    import contextlib
    import logging

    from core.cli_errors import os_reason

    error = sys.exc_info()[1]
    handler.setLevel(logging.CRITICAL + 1)
    with contextlib.suppress(OSError, ValueError):
        handler.close()
    reason = os_reason(error) if isinstance(error, OSError) else type(error).__name__
    _logging_off(
        f"写入日志 {handler.baseFilename} 失败（{reason}）", f"cannot write the log: {error}"
    )


def clock_for(now: datetime | None):
    return FixedClock(now) if now else SystemClock()


def actor_arg(value: str | None) -> Actor | None:
    return Actor(value) if value else None


if __name__ == "__main__":  # `python -m core.cli`: use the importable module's classes
    from core.cli import main as _main

    sys.exit(_main())
