"""Import a Pinduoduo order export and an after-sales export against raw sqlite3.

Run by benchmarks/run.py (``measure``). Each run is a fresh interpreter, taking
turns with the baseline:
  * pipeline: ``read_file`` + ``Service.import_plan`` of the order file, then of the
    after-sales file, into a new database (created, schema and all, before the clock
    starts; the pre-import backups and the import events are part of the pipeline);
  * baseline: the same orders and cases, already as SQLite stores them, inserted with
    ``sqlite3.executemany`` into tables with the same columns and indexes (DDL from
    core.storage.models), one transaction, the same pragmas (WAL, synchronous=NORMAL,
    the 64 MiB page cache of ShopClock's bulk writes).
  * floor: the pipeline's steps that run in C and that no Python importer can skip,
    timed the same way: each file read, decoded and split into CSV rows (read_rows,
    no cell looked at), the pre-import backups, and the baseline's rows inserted with
    executemany into ShopClock's own schema (its triggers included) and committed
    per file. It leaves out the import events and every Python step (cells parsed and
    checked, Orders / Cases built, merged with the stored rows, converted to SQLite's
    values), so it is a lower bound: floor / baseline says how much of the ratio is
    left for that Python work.
The files are GBK CSV in the pdd_orders / pdd_aftersales formats (bench_data).

    python benchmarks/bench_import.py pipeline ORDERS.csv CASES.csv NEW.sqlite3
    python benchmarks/bench_import.py floor ORDERS.csv CASES.csv ROWS.pickle NEW.sqlite3
    python benchmarks/bench_import.py baseline ROWS.pickle NEW.sqlite3
"""

from __future__ import annotations

import json
import pickle
import shutil
import sys
import time
from datetime import UTC, datetime
from enum import Enum
from itertools import pairwise
from pathlib import Path

from common import Figure, run_child, say

RATIO_TARGET = 4.0


def child_pipeline(orders_csv: str, cases_csv: str, db: str) -> dict:
    from bench_data import PDD_SHOP

    from core.importers import read_file
    from core.service import Service

    service = Service.open(db)  # the fresh database, before the clock starts
    marks = [time.perf_counter()]
    results = []
    for path in (orders_csv, cases_csv):
        plan = read_file(path, shop=PDD_SHOP)
        marks.append(time.perf_counter())
        if plan.errors:
            raise SystemExit(f"{path}: {len(plan.errors)} row errors, first {plan.errors[0]}")
        results.append(service.import_plan(plan))
        marks.append(time.perf_counter())
    counts = service.repo.counts()
    service.close()
    steps = [b - a for a, b in pairwise(marks)]
    return {
        "total": marks[-1] - marks[0],
        "read_orders": steps[0],
        "commit_orders": steps[1],
        "read_cases": steps[2],
        "commit_cases": steps[3],
        "orders": counts["orders"],
        "cases": counts["cases"],
    }


def _storage_value(value: object) -> object:
    if isinstance(value, datetime):
        u = value.astimezone(UTC)
        return f"{u:%Y-%m-%d %H:%M:%S}.{u.microsecond:06d}"
    return value.value if isinstance(value, Enum) else value


def write_baseline_rows(path: Path, orders: list, cases: list) -> None:
    from core.storage import convert

    tables = {}
    for name, fields, items in (
        ("orders", convert.ORDER_FIELDS, orders),
        ("cases", convert.CASE_FIELDS, cases),
    ):
        rows = [tuple(_storage_value(getattr(x, f)) for f in fields) for x in items]
        tables[name] = (fields, rows)
    path.write_bytes(pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))


def child_baseline(rows_pickle: str, db: str) -> dict:
    import sqlite3

    from sqlalchemy.dialects import sqlite as sqlite_dialect
    from sqlalchemy.schema import CreateIndex, CreateTable

    from core.storage.bulk import BULK_CACHE_KIB
    from core.storage.models import CASES, ORDERS

    tables = pickle.loads(Path(rows_pickle).read_bytes())
    dialect = sqlite_dialect.dialect()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    # the page cache ShopClock's bulk writes use (core.storage.bulk): a fair floor
    con.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    for table in (ORDERS, CASES):
        con.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in table.indexes:
            con.execute(str(CreateIndex(index).compile(dialect=dialect)))
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for name, (fields, rows) in tables.items():
        marks = ", ".join("?" for _ in fields)
        con.executemany(f"INSERT INTO {name} ({', '.join(fields)}) VALUES ({marks})", rows)
    con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    return {"total": seconds}


def child_floor(orders_csv: str, cases_csv: str, rows_pickle: str, db: str) -> dict:
    import sqlite3

    from core.backups import backup_before_import
    from core.importers.detect import read_rows
    from core.service import Service
    from core.storage.bulk import BULK_CACHE_KIB

    tables = pickle.loads(Path(rows_pickle).read_bytes())
    service = Service.open(db)  # ShopClock's schema, before the clock starts
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    started = time.perf_counter()
    cells = 0
    for path, name in ((orders_csv, "orders"), (cases_csv, "cases")):
        cells += sum(map(len, read_rows(Path(path)).rows))
        backup_before_import(service.db, service.clock.now())
        fields, rows = tables[name]
        marks = ", ".join("?" for _ in fields)
        con.execute("BEGIN IMMEDIATE")
        con.executemany(f"INSERT INTO {name} ({', '.join(fields)}) VALUES ({marks})", rows)
        con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    service.close()
    return {"total": seconds, "cells": cells}


def measure(workdir: Path, now: datetime, orders: int, cases: int, runs: int) -> list[Figure]:
    import bench_data as data

    demo = data.demo_data(now, orders, cases)
    pdd_orders, pdd_cases = data.as_pdd(demo)
    pdd_orders = pdd_orders[:orders]
    orders_csv, cases_csv = workdir / "pdd_orders.csv", workdir / "pdd_aftersales.csv"
    data.write_pdd_orders(pdd_orders, orders_csv)
    data.write_pdd_aftersales(pdd_cases, pdd_orders, cases_csv)
    rows = workdir / "baseline_rows.pickle"
    write_baseline_rows(rows, pdd_orders, pdd_cases)
    mib = 2**20
    say(
        f"  import files: {len(pdd_orders):,} orders ({orders_csv.stat().st_size / mib:.1f} MiB), "
        f"{len(pdd_cases):,} cases ({cases_csv.stat().st_size / mib:.1f} MiB), GBK CSV"
    )
    found: dict[str, list[dict]] = {"pipeline": [], "floor": [], "baseline": []}
    for i in range(runs):
        for kind, results in found.items():
            db = workdir / f"import-{kind}-{i}.sqlite3"
            args = {
                "pipeline": (orders_csv, cases_csv, db),
                "floor": (orders_csv, cases_csv, rows, db),
                "baseline": (rows, db),
            }[kind]
            results.append(run_child("bench_import.py", kind, *args))
            for leftover in workdir.glob(f"import-{kind}-{i}.sqlite3*"):
                leftover.unlink()
            shutil.rmtree(workdir / "backups", ignore_errors=True)
        say(
            "  run {}: pipeline {:.2f} s, floor {:.2f} s, baseline {:.2f} s".format(
                i + 1, *(r[-1]["total"] for r in found.values())
            )
        )
    pipeline, floor, baseline = found.values()
    if pipeline[-1]["orders"] != len(pdd_orders) or pipeline[-1]["cases"] != len(pdd_cases):
        raise RuntimeError(f"the import stored {pipeline[-1]} rows")
    label = f"{len(pdd_orders):,} orders + {len(pdd_cases):,} cases"
    figures = [
        Figure(
            f"import {label} (read_file + import_plan, GBK CSV)",
            "s",
            [r["total"] for r in pipeline],
            [r["total"] for r in baseline],
            baseline="sqlite3.executemany of the same rows",
            limit=RATIO_TARGET,
            ratio_target=True,
        )
    ]
    figures.append(
        Figure(
            "  the floor: the same files decoded and split into CSV rows, the backups, the "
            f"same rows inserted into ShopClock's schema ({floor[-1]['cells']:,} cells, "
            "no cell parsed)",
            "s",
            [r["total"] for r in floor],
            [r["total"] for r in baseline],
            baseline="sqlite3.executemany of the same rows",
        )
    )
    for key, what in (
        ("read_orders", "read_file, orders"),
        ("commit_orders", "import_plan, orders"),
        ("read_cases", "read_file, cases"),
        ("commit_cases", "import_plan, cases (incl. pre-import backup)"),
    ):
        figures.append(Figure(f"  of which {what}", "s", [r[key] for r in pipeline]))
    return figures


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    child = {"pipeline": child_pipeline, "floor": child_floor, "baseline": child_baseline}
    out = child[command](*args)
    print(json.dumps(out))
