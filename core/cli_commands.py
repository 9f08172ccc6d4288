"""What each `shopclock` subcommand does (parsing lives in core.cli)."""

from __future__ import annotations

import argparse
import logging
import sys

from core.cli import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    BadInput,
    actions_text,
    actor_arg,
    case_line,
    clock_for,
    eligibility_line,
    event_line,
    expiry_line,
    iso,
    order_line,
    print_json,
    timer_line,
    timers_json,
    transition_lines,
)
from core.clock import SystemClock
from core.domain import Platform

log = logging.getLogger("shopclock.cli")


def _service(args: argparse.Namespace, now=None, *, daily_backup: bool = True):
    """Open the database; the first open of a local day also makes the daily backup."""
    from core.backups import ensure_daily_backup
    from core.service import Service

    service = Service.open(args.db, clock=clock_for(now))
    if daily_backup:
        try:
            ensure_daily_backup(service.db)
        except Exception:  # a failed backup must not stop the operator's work: log it
            log.exception("daily backup failed")
    return service


def _platform(args) -> Platform | None:
    return Platform(args.platform) if getattr(args, "platform", None) else None


def cmd_import(args) -> int:
    from core.importers import read_file
    from core.importers.presets import PRESETS

    if not args.file.is_file():
        raise BadInput(f"找不到文件 {args.file} / no such file")
    platform = _platform(args) or _shop_platform(args)
    plan = read_file(args.file, preset=args.preset, shop=args.shop, platform=platform)
    preset = PRESETS.get(plan.preset)
    label = f"{preset.label_zh}（{plan.preset}）" if preset else plan.preset
    print(
        f"{args.file.name}: 格式 {label}，编码 {plan.encoding}，"
        f"表头在第{plan.header_row}行，共{plan.rows_total}行"
    )
    for error in plan.errors:
        print(f"  {error.message_zh} / {error.message_en}", file=sys.stderr)
    zh, en = plan.error_summary()
    if plan.errors and not args.skip_invalid:
        print(
            f"{zh}，未写入任何数据（可用 --skip-invalid 只导入有效行） / {en}; nothing written",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if plan.errors and not plan.rows_valid:  # nothing would be written: a refusal
        print(
            f"{zh}，没有有效行，未写入任何数据 / {en}; no valid row, nothing written",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    service = _service(args)
    try:
        result = service.import_plan(plan, skip_invalid=args.skip_invalid)
    finally:
        service.close()
    print(
        f"订单：新增 {result.orders_inserted}，更新 {result.orders_updated}，"
        f"未变 {result.orders_unchanged}；售后：新增 {result.cases_inserted}，"
        f"更新 {result.cases_updated}，未变 {result.cases_unchanged}"
    )
    if plan.errors:  # --skip-invalid: the valid rows are written, the others listed above
        skipped = f"{plan.rows_with_errors:,}"
        print(
            f"{zh}，已跳过这 {skipped} 行，其余有效行已导入 / "
            f"{en}; {skipped} row(s) skipped, the valid rows imported",
            file=sys.stderr,
        )
    return EXIT_OK


def _shop_platform(args) -> Platform | None:
    """The platform of an existing shop named by --shop (decides Taobao vs Tmall)."""
    if not args.shop:
        return None
    service = _service(args, daily_backup=False)  # a look-up before validation writes nothing
    try:
        matches = {s.platform for s in service.repo.shops() if s.name == args.shop}
    finally:
        service.close()
    return matches.pop() if len(matches) == 1 else None


def cmd_due(args) -> int:
    if args.now and args.within:
        try:
            args.now + args.within
        except OverflowError:
            raise BadInput(
                "--now 加 --within 超出了可表示的时间范围 / --now plus --within is out of range"
            ) from None
    service = _service(args, args.now)
    try:
        now = service.clock.now()
        actor = actor_arg(args.actor)
        if args.json:  # from the stored deadlines, brought up to date unless --now
            data = service.due_json(now, args.within, actor, store=args.now is None)
        else:
            timers = service.due(now, within=args.within, actor=actor)
    finally:
        service.close()
    if args.json:
        sys.stdout.flush()
        sys.stdout.buffer.write(data + b"\n")
    else:
        for t in timers:
            print(timer_line(t, now))
        print(f"共 {len(timers)} 个计时器 / {len(timers)} timers")
    return EXIT_OK


def _event_json(e) -> dict:
    return {
        "at": iso(e.at),
        "action": e.action,
        "by": e.by.value,
        "source": e.source.value,
        "from_state": e.from_state.value if e.from_state else None,
        "to_state": e.to_state.value if e.to_state else None,
        "assumed": e.assumed,
        "rule_id": e.rule_id,
        "note": e.note,
    }


def _eligibility_json(elig) -> dict:
    return {
        kind.value: {
            "allowed": e.allowed,
            "until": iso(e.until),
            "reason": e.reason.value if e.reason else None,
            "conditions": [c.value for c in e.conditions],
            "clause": e.clause,
            "no_reason_until": iso(e.no_reason_until),
        }
        for kind, e in elig.items()
    }


def cmd_case(args) -> int:
    service = _service(args, args.now)
    try:
        now = service.clock.now()
        d = service.case_detail(args.case_no, _platform(args), now)
    finally:
        service.close()
    data = {
        "platform": d.case.platform.value,
        "shop": d.case.shop,
        "case_no": d.case.case_no,
        "order_no": d.case.order_no,
        "kind": d.case.kind.value,
        "state": d.case.state.value,
        "assumed": d.case.assumed,
        "state_since": iso(d.case.state_since),
        "amount_fen": d.case.amount_fen,
        "events": [_event_json(e) for e in d.events],
        "timers": timers_json(d.timers, now),
        "allowed_actions": [a.value for a in d.allowed],
    }
    if args.json:
        print_json(data)
        return EXIT_OK
    print(case_line(d.case))
    for e in d.events:
        print("  " + event_line(e))
    for t in d.timers:
        print("  " + timer_line(t, now))
    print("可用操作：" + actions_text(d.allowed, d.case.kind))
    return EXIT_OK


def cmd_order(args) -> int:
    service = _service(args, args.now)
    try:
        now = service.clock.now()
        d = service.order_detail(args.order_no, _platform(args), now)
    finally:
        service.close()
    o = d.order
    data = {
        "platform": o.platform.value,
        "shop": o.shop,
        "order_no": o.order_no,
        "title": o.title,
        "amount_fen": o.amount_fen,
        "paid_at": iso(o.paid_at),
        "ship_by": iso(o.ship_by),
        "shipped_at": iso(o.shipped_at),
        "received_at": iso(o.received_at),
        "goods_type": o.goods_type.value,
        "customised": o.customised,
        "cases": [c.case_no for c in d.cases],
        "timers": timers_json(d.timers, now),
        "eligibility": _eligibility_json(d.eligibility),
    }
    if args.json:
        print_json(data)
        return EXIT_OK
    print(order_line(o))
    for t in d.timers:
        print("  " + timer_line(t, now))
    for kind, e in d.eligibility.items():
        print("  " + eligibility_line(kind, e, o.goods_type))
    return EXIT_OK


def cmd_act(args) -> int:
    from core.rules.transitions import Action

    try:
        action = Action(args.action)
    except ValueError:
        raise BadInput(
            f"未知操作「{args.action}」，可用：{actions_text(Action)} / unknown action"
        ) from None
    service = _service(args)
    try:
        t = service.act(
            args.case_no,
            action,
            platform=_platform(args),
            at=args.at,
            note=args.note,
            tracking_no=args.tracking,
        )
    finally:
        service.close()
    print("\n".join(transition_lines(t)))
    return EXIT_OK


def _check_export_path(path) -> None:
    """Refuse a target that cannot be written before anything is read or written."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise BadInput(
            f"导出文件名必须以 .csv 或 .xlsx 结尾：{path} / "
            f"export needs a .csv or .xlsx file name: {path}"
        )
    if path.is_dir():
        raise BadInput(f"这是一个文件夹，不是文件：{path} / {path} is a folder")
    if not path.parent.is_dir():
        raise BadInput(f"文件夹不存在：{path.parent} / no such folder: {path.parent}")


def _export_error(path, err: OSError) -> BadInput:
    """An export that failed writing (the exporter removed its temporary file)."""
    if isinstance(err, PermissionError):
        return BadInput(f"没有权限写入：{path} / permission denied: {path}")
    if isinstance(err, FileNotFoundError):
        return BadInput(f"文件夹不存在：{path.parent} / no such folder: {path.parent}")
    if isinstance(err, IsADirectoryError):
        return BadInput(f"这是一个文件夹，不是文件：{path} / {path} is a folder")
    reason = err.strerror or str(err)
    return BadInput(f"无法写入 {path}：{reason} / cannot write {path}: {reason}")


def cmd_export(args) -> int:
    from core import exporters

    _check_export_path(args.file)
    service = _service(args, args.now)
    try:
        if args.what == "orders":
            exporters.export_orders(
                service.repo.orders(), args.file, shops=service.repo.shops(), reveal=args.reveal
            )
        elif args.what == "cases":
            exporters.export_cases(service.repo.cases(), args.file, reveal=args.reveal)
        else:
            exporters.export_timers(service.due(service.clock.now()), args.file)
    except OSError as err:
        raise _export_error(args.file, err) from None
    finally:
        service.close()
    print(f"已导出到 {args.file} / exported")
    return EXIT_OK


def cmd_demo(args) -> int:
    from core.demo import populate

    service = _service(args)
    try:
        result = populate(service)
    finally:
        service.close()
    print(f"演示店铺已创建：订单 {result.orders_inserted}，售后 {result.cases_inserted}")
    return EXIT_OK


def cmd_sweep(args) -> int:
    # The one command that writes with --now: a time later than the real one would store
    # outcomes that have not happened (cases "refunded" before their deadline passed).
    # An earlier time only records expiries that really passed, at their due times.
    if args.now and args.now > SystemClock().now():
        raise BadInput(
            f"sweep 的 --now 不能晚于当前时间（{iso(args.now)}）：会记录尚未发生的结果，"
            f"未写入任何数据 / sweep --now must not be in the future: nothing written"
        )
    service = _service(args, args.now)
    try:
        events = service.sweep(service.clock.now())
    finally:
        service.close()
    for e in events:
        print(expiry_line(e))
    print(f"{len(events)} 个期限已按规则处理 / {len(events)} expiries recorded")
    return EXIT_OK


def cmd_backup(args) -> int:
    from core.storage.backup import backup_now

    service = _service(args)
    try:
        path = backup_now(service.db)
    finally:
        service.close()
    print(f"已备份到 {path} / backed up")
    return EXIT_OK


def cmd_restore(args) -> int:
    from core.storage import NotADatabase, default_db_path, open_database
    from core.storage.backup import restore_file, restore_from

    try:
        db = open_database(args.db)
    except NotADatabase:  # the database itself is damaged: restore over the file
        target = args.db if args.db and "://" not in args.db else default_db_path()
        kept = restore_file(target, args.file)
        print(f"已恢复；损坏的数据库另存为：{kept} / restored over a damaged database")
        return EXIT_OK
    try:
        safety = restore_from(db, args.file)
    finally:
        db.close()
    print(f"已恢复；原数据库的安全副本：{safety} / restored")
    return EXIT_OK


COMMANDS = {
    "import": cmd_import,
    "due": cmd_due,
    "case": cmd_case,
    "order": cmd_order,
    "act": cmd_act,
    "export": cmd_export,
    "demo": cmd_demo,
    "sweep": cmd_sweep,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def run(args: argparse.Namespace) -> int:
    return COMMANDS[args.command](args)
