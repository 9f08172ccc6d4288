"""A full command-line scenario with the network sealed off, then a search for buyers' phones.

Every command runs as its own ``python -m core.cli`` process with sealed/ on PYTHONPATH
(see sealed/sitecustomize.py): sockets raise, and logging is set up the way the CLI
would at start. Afterwards: no network use was attempted, every command succeeded, no
unmasked phone number of a fixture buyer is in the logs, the exports or anything the
commands printed, and the data folder, database and backups are owner-only.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from core.domain import Case, CaseKind, CaseState, Order, Platform
from core.exporters import export_cases, export_orders
from core.privacy import mask_phone

from .conftest import figures

ROOT = Path(__file__).resolve().parents[2]
SEALED = Path(__file__).resolve().parent / "sealed"
PHONES = ("13912345678", "15087654321", "18611112222", "17700001111", "13500135000")
CANARY = "13698765432"
SHOP = "隐私测试店"


def _fixture_files(folder: Path) -> tuple[Path, Path]:
    """Orders of five buyers with real-looking mobiles, and one open case per order."""
    from datetime import UTC, datetime

    now = datetime.now(UTC).replace(microsecond=0)
    orders = [
        Order(
            platform=Platform.PINDUODUO,
            shop=SHOP,
            order_no=f"PRIV-{i}",
            amount_fen=9900,
            paid_at=now - timedelta(days=5),
            title="果冻橙 5斤",
            shipped_at=now - timedelta(days=4),
            buyer_name=f"张{'伟芳娜敏静'[i]}",
            buyer_phone=phone,
            buyer_address=f"浙江省杭州市西湖区文三路{i + 1}号",
        )
        for i, phone in enumerate(PHONES)
    ]
    cases = [
        Case(
            platform=Platform.PINDUODUO,
            shop=SHOP,
            case_no=f"PRIV-C{i}",
            order_no=o.order_no,
            kind=CaseKind.RETURN_REFUND,
            state=CaseState.AWAITING_MERCHANT,
            applied_at=now - timedelta(hours=3),
            state_since=now - timedelta(hours=3),
            amount_fen=9900,
            reason="质量问题",
        )
        for i, o in enumerate(orders)
    ]
    order_file, case_file = folder / "orders.csv", folder / "cases.xlsx"
    export_orders(orders, order_file, reveal=True)  # the shop's own file: real numbers
    export_cases(cases, case_file)
    return order_file, case_file


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory):
    top = tmp_path_factory.mktemp("offline")
    data = top / "data"  # created by the first command, under a lax umask
    db = data / "shop.sqlite3"
    out = top / "out"
    out.mkdir()
    order_file, case_file = _fixture_files(top)
    attempts, modules = top / "network-attempts.txt", top / "modules.txt"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SEALED), str(ROOT)]),
        "SHOPCLOCK_DATA_DIR": str(data),
        "SHOPCLOCK_SEAL_NETWORK": str(attempts),
        "SHOPCLOCK_SETUP_LOGGING": "1",
        "SHOPCLOCK_LOG_CANARY": CANARY,
        "SHOPCLOCK_MODULES": str(modules),
    }
    commands = [
        ["demo"],
        ["import", str(order_file)],
        ["import", str(case_file)],
        ["act", "PRIV-C0", "reject", "--note", f"已电话联系买家 {PHONES[0]}，商品无质量问题"],
        ["act", "PRIV-C1", "agree"],
        ["sweep"],
        ["due"],
        ["order", "PRIV-2", "--json"],
        ["export", "orders", str(out / "orders.csv")],
        ["export", "orders", str(out / "orders.xlsx")],
        ["export", "cases", str(out / "cases.csv")],
        ["export", "timers", str(out / "timers.csv")],
        ["backup"],
    ]
    runs = []
    for args in commands:
        runs.append(
            subprocess.run(
                [sys.executable, "-m", "core.cli", "--db", str(db), *args],
                capture_output=True,
                text=True,
                env=env,
                cwd=top,
                timeout=300,
                preexec_fn=(lambda: os.umask(0o022)) if os.name == "posix" else None,
            )
        )
    return {
        "db": db,
        "data": data,
        "out": out,
        "commands": commands,
        "runs": runs,
        "attempts": attempts,
        "modules": modules,
    }


@pytest.mark.slow
def test_a_full_scenario_runs_with_the_network_sealed(scenario) -> None:
    failed = [
        (args[0], r.returncode, r.stderr[-800:])
        for args, r in zip(scenario["commands"], scenario["runs"], strict=True)
        if r.returncode != 0
    ]
    assert failed == []
    attempts = scenario["attempts"]
    assert not attempts.exists(), attempts.read_text(encoding="utf-8")[:3000]
    loaded = set(scenario["modules"].read_text(encoding="utf-8").split())
    figures(
        "offline",
        commands=len(scenario["commands"]),
        network_attempts=0,
        network_modules_imported_unused=sorted(loaded) or "none",
    )


def _texts(scenario) -> dict[str, str]:
    """Everything a phone could leak into: logs, exports (CSV and the XLSX XML), output."""
    found = {}
    for path in sorted((scenario["data"] / "logs").glob("*")):
        found[f"log:{path.name}"] = path.read_text(encoding="utf-8", errors="replace")
    for path in sorted(scenario["out"].iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                found[f"export:{path.name}"] = "".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist()
                )
        else:
            found[f"export:{path.name}"] = path.read_text(encoding="utf-8-sig")
    for args, run in zip(scenario["commands"], scenario["runs"], strict=True):
        found[f"output:{' '.join(args[:2])}"] = run.stdout + run.stderr
    return found


@pytest.mark.slow
def test_no_unmasked_buyer_phone_in_logs_exports_or_output(scenario) -> None:
    texts = _texts(scenario)
    digits = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    leaks = {
        where: sorted(set(digits.findall(text)) & {*PHONES, CANARY})
        for where, text in texts.items()
    }
    leaks = {k: v for k, v in leaks.items() if v}
    assert leaks == {}
    logs = "".join(v for k, v in texts.items() if k.startswith("log:"))
    assert mask_phone(CANARY) in logs  # logging was on, and the filter masked the canary
    orders_csv = texts["export:orders.csv"]
    assert all(mask_phone(p) in orders_csv for p in PHONES)  # the buyers were exported
    figures(
        "privacy",
        places_searched=len(texts),
        phones=len(PHONES) + 1,
        unmasked_found=0,
        log_files=len([k for k in texts if k.startswith("log:")]),
    )


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_database_backups_and_logs_are_owner_only(scenario) -> None:
    data = scenario["data"]
    private_files = [
        scenario["db"],
        *(p for p in data.glob("shop.sqlite3-*")),
        *(data / "backups").glob("*"),
        *(data / "logs").glob("*"),
    ]
    assert any(p.parent.name == "backups" for p in private_files)
    modes = {str(p.relative_to(data)): oct(stat.S_IMODE(p.stat().st_mode)) for p in private_files}
    assert set(modes.values()) == {"0o600"}, modes
    assert oct(stat.S_IMODE((data / "backups").stat().st_mode)) == "0o700"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_logging_set_up_first_keeps_the_data_folder_private(tmp_path: Path) -> None:
    from core.logs import setup_logging

    old = os.umask(0o022)
    try:
        setup_logging(tmp_path / "data")
    finally:
        os.umask(old)
    modes = {
        oct(stat.S_IMODE(p.stat().st_mode)) for p in (tmp_path / "data", tmp_path / "data" / "logs")
    }
    assert modes == {"0o700"}


def test_a_phone_typed_into_a_case_reason_is_masked_in_the_export(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    case = Case(
        platform=Platform.PINDUODUO,
        shop=SHOP,
        case_no="R1",
        order_no="O1",
        kind=CaseKind.REFUND_ONLY,
        state=CaseState.AWAITING_MERCHANT,
        applied_at=now,
        state_since=now,
        amount_fen=100,
        reason=f"坏了，请联系我 {PHONES[0]}",
    )
    path = tmp_path / "cases.csv"
    export_cases([case], path)
    assert PHONES[0] not in path.read_text(encoding="utf-8-sig")


def test_a_record_from_a_gui_logger_is_scrubbed(tmp_path: Path) -> None:
    import logging

    from core.logs import setup_logging

    path = setup_logging(tmp_path)
    seen: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(self.format(record))

    catch = Catch()
    logging.getLogger().addHandler(catch)  # what gui.app's basicConfig installs
    try:
        logging.getLogger("gui.main_window").warning("buyer %s", PHONES[1])
    finally:
        logging.getLogger().removeHandler(catch)
    written = path.read_text(encoding="utf-8") + "".join(seen)
    assert PHONES[1] not in written


def test_the_seal_really_blocks_and_records(tmp_path: Path) -> None:
    """The guard itself: a connection attempt under the sealed start-up fails and is logged."""
    attempts = tmp_path / "attempts.txt"
    probe = (
        "import socket, urllib.request\n"
        "for call in (lambda: socket.create_connection(('192.0.2.1', 80), timeout=1),\n"
        "             lambda: socket.getaddrinfo('example.com', 443),\n"
        "             lambda: urllib.request.urlopen('http://192.0.2.1/', timeout=1)):\n"
        "    try:\n"
        "        call()\n"
        "    except OSError as exc:\n"
        "        print('refused:', exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SEALED), "SHOPCLOCK_SEAL_NETWORK": str(attempts)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.count("refused:") == 3, result.stdout + result.stderr
    assert attempts.read_text(encoding="utf-8").count("socket.") >= 3
