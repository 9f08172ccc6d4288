"""The `shopclock` command line (no Qt). With no arguments `gui.main` starts the window.

Exit codes: 0 ok; 2 bad input (message on stderr, nothing written); 1 internal error.
`--now` makes every command behave as if it were that time; it never changes
stored facts (only `act --at` writes, at the time it is given). `sweep` is the one
command that writes with `--now`: it refuses a `--now` later than the real time
(that would store outcomes that have not happened yet); an earlier one only records
expiries that have really passed, at their due times.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from core.clock import SHANGHAI, FixedClock, SystemClock
from core.domain import Actor, Platform, Timer
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
    """ISO 8601; a time without an offset is Asia/Shanghai wall time."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"无法识别的时间「{text}」（ISO 8601） / bad time {text!r}") from None
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


def timer_line(t: Timer, now: datetime) -> str:
    who = {"merchant": "商家", "buyer": "买家", "platform": "平台"}.get(t.actor.value, t.actor)
    src = "平台给出" if t.origin.value == "platform" else f"规则 {t.rule_id}（{t.clause}）"
    case = f" 售后 {t.case_no}" if t.case_no else ""
    money = f" 风险 ¥{t.amount_at_risk_fen / 100:.2f}" if t.amount_at_risk_fen else ""
    left = remaining_text(t.remaining_seconds(now))
    return (
        f"{t.due_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}  {left}"
        f"  {t.platform.value} {t.shop}  订单 {t.order_no}{case}  {t.timer}（{who}）"
        f"  到期：{t.on_expiry}  {src}{money}"
    )


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
    try:
        from core.cli_commands import run

        _start_logging(args.db)
        return run(args)
    except BadInput as err:
        print(str(err), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as err:  # the last resort: say what, exit 1, never a bare traceback
        from core.cli_commands import classify

        code, message = classify(err)
        print(message, file=sys.stderr)
        return code


def _start_logging(db: str | None) -> None:
    from core.logs import setup_logging
    from core.storage import default_data_dir

    folder = Path(db).expanduser().resolve().parent if db and "://" not in db else None
    setup_logging(folder or default_data_dir())


def clock_for(now: datetime | None):
    return FixedClock(now) if now else SystemClock()


def actor_arg(value: str | None) -> Actor | None:
    return Actor(value) if value else None


if __name__ == "__main__":  # `python -m core.cli`: use the importable module's classes
    from core.cli import main as _main

    sys.exit(_main())
