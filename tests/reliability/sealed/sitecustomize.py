"""Start-up hook for the offline/privacy scenario (test_offline_privacy.py).

Python imports ``sitecustomize`` at start from the first folder on sys.path that has
one; the test puts this folder on PYTHONPATH, so every ``python -m core.cli`` it runs
passes through here before any ShopClock code:

- SHOPCLOCK_SEAL_NETWORK=<file>: creating a socket, resolving a name or connecting
  raises OSError, and each attempt is appended to <file> with the call stack.
- SHOPCLOCK_SETUP_LOGGING=1: ``core.logs.setup_logging(default_data_dir(), DEBUG)``,
  as the command line would at start (it does not call it yet), then one canary
  record carrying the phone number in SHOPCLOCK_LOG_CANARY.
- SHOPCLOCK_MODULES=<file>: at exit, the network modules that were imported.
"""

from __future__ import annotations

import atexit
import os
import socket
import sys
import traceback

_record = os.environ.get("SHOPCLOCK_SEAL_NETWORK")


def _refuse(name: str):
    def refuse(*args, **kwargs):
        with open(_record, "a", encoding="utf-8") as fh:
            fh.write(f"{name}{args!r}\n{''.join(traceback.format_stack(limit=12))}\n")
        raise OSError(f"network use blocked by the offline test: {name}")

    return refuse


if _record:

    class _SealedSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            _refuse("socket.socket")(*args, **kwargs)

    socket.socket = _SealedSocket
    socket.SocketType = _SealedSocket
    for _name in (
        "create_connection",
        "create_server",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
        "socketpair",
        "fromfd",
    ):
        setattr(socket, _name, _refuse(f"socket.{_name}"))

if os.environ.get("SHOPCLOCK_SETUP_LOGGING"):
    import logging

    from core.logs import setup_logging
    from core.storage.engine import default_data_dir

    setup_logging(default_data_dir(), logging.DEBUG)
    canary = os.environ.get("SHOPCLOCK_LOG_CANARY", "")
    logging.getLogger("shopclock.canary").info("canary: buyer phone %s", canary)

_modules = os.environ.get("SHOPCLOCK_MODULES")
if _modules:

    def _report() -> None:
        loaded = sorted(
            m
            for m in sys.modules
            if m.split(".")[0] in ("requests", "urllib3", "httpx", "ssl", "http", "urllib")
            and m not in ("urllib", "urllib.parse")
        )
        with open(_modules, "a", encoding="utf-8") as fh:
            fh.write(" ".join(loaded) + "\n")

    atexit.register(_report)
