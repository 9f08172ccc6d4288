"""Logging: a rotating file in the data folder, personal data scrubbed.

Contract: `setup_logging(data_dir)` is called once at start (GUI and CLI);
every record passes `ScrubFilter`, which masks phone numbers in the message
and its arguments, so a log never holds a buyer's number. Files are created
readable by the owner only.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from core.privacy import scrub

LOG_NAME = "shopclock.log"
MAX_BYTES = 1_000_000
BACKUPS = 5


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    def _open(self):
        stream = super()._open()
        if os.name == "posix":
            os.chmod(self.baseFilename, 0o600)
        return stream


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    log_dir = Path(data_dir) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_NAME
    root = logging.getLogger("shopclock")
    for handler in list(root.handlers):
        if isinstance(handler, PrivateRotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubFilter())
    root.addHandler(handler)
    root.setLevel(level)
    return path
