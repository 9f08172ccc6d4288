"""One of the two writer processes of test_two_writers.py.

``python -m tests.reliability.writer DB NAME COUNT``: opens the database like the app,
waits for a line on stdin (so both writers start together), then records COUNT
actions with ``Service.act`` on the shared cases, each note ``<NAME>-<i>``: reject a
case awaiting the merchant, resubmit a rejected one — so both writers keep changing
the same rows. Every act reads the case, then writes in its own BEGIN IMMEDIATE
transaction that re-checks the state (Repository.save_transition); when the other
writer changed the case in between, that check refuses (ConcurrentChange) and this
writer reads again and retries: the optimistic-concurrency path, not an error. Any
other exception — "database is locked" among them — ends the process with exit 1.
Prints "ready" once open, then one JSON line: writes, retries, seconds.
"""

from __future__ import annotations

import json
import random
import sys
import time

from core.rules.transitions import Action, ActionRefused, Refusal
from core.service import Service
from core.storage import ConcurrentChange


def main(db: str, name: str, count: int) -> None:
    service = Service.open(db)
    cases = [c.case_no for c in service.repo.cases()]
    rng = random.Random(name)
    retries = 0
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    for i in range(count):
        case_no = rng.choice(cases)
        while True:
            case = service.repo.get_case("pinduoduo", case_no)
            pending = case.state.value == "awaiting_merchant"
            action = Action.REJECT if pending else Action.BUYER_RESUBMIT
            try:
                service.act(case_no, action, platform=case.platform, note=f"{name}-{i}")
                break
            except ConcurrentChange:
                retries += 1
            except ActionRefused as refused:
                # the other writer moved the case between our read and our act, or
                # started its state a microsecond after our clock read
                if refused.code not in (Refusal.STATE, Refusal.BEFORE_STATE):
                    raise
                retries += 1
    elapsed = time.perf_counter() - started
    service.close()
    print(json.dumps({"name": name, "writes": count, "retries": retries, "seconds": elapsed}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
