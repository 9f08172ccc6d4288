import logging
import os

from core.logs import setup_logging


def test_log_lines_are_scrubbed_and_private(tmp_path):
    path = setup_logging(tmp_path)
    log = logging.getLogger("shopclock.test")
    log.info("buyer %s called about %s", "13812345678", "250302-1")
    try:
        raise ValueError("phone 13900001111 in an error")
    except ValueError:
        log.exception("failed")
    for handler in logging.getLogger("shopclock").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "138****5678" in text
    assert "13812345678" not in text
    assert "13900001111" not in text
    assert "250302-1" in text
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_logs_rotate(tmp_path, monkeypatch):
    monkeypatch.setattr("core.logs.MAX_BYTES", 2_000)
    path = setup_logging(tmp_path)
    log = logging.getLogger("shopclock.test")
    for i in range(200):
        log.info("line %d %s", i, "x" * 50)
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert "shopclock.log.1" in rotated
    assert len(rotated) <= 6
