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


_BASE_FACTORY = logging.getLogRecordFactory()


def _scrubbing_factory(*args, **kwargs) -> logging.LogRecord:
    """Every record from every logger (shopclock, gui, Qt's forwarded messages) is
    scrubbed when it is made, so no handler anywhere sees a buyer's number."""
    record = _BASE_FACTORY(*args, **kwargs)
    ScrubFilter().filter(record)
    return record


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    def _open(self):
        stream = super()._open()
        if os.name == "posix":
            os.chmod(self.baseFilename, 0o600)
        return stream


def _private_dir(path: Path) -> None:
    """Create a folder readable by the owner only (an existing folder is left as it is)."""
    if not path.exists():
        path.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(path, 0o700)


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    """Log every logger's records (scrubbed) to <data_dir>/logs/shopclock.log."""
    _private_dir(Path(data_dir))
    log_dir = Path(data_dir) / "logs"
    _private_dir(log_dir)
    path = log_dir / LOG_NAME
    logging.setLogRecordFactory(_scrubbing_factory)
    root = logging.getLogger()
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
