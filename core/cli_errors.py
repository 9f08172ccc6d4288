"""What the command line says when a command fails: `classify(err, log)` -> (exit, message).

Contract: core's refusals (a bad file, an unknown case, a refused action, a damaged or
too new database file, …) exit 2 with their own Chinese / English message. Everything
else exits 1 with a Chinese description of the kind of failure — disk full, database
read-only, locked by another program, damaged, other database or file error, internal
error — and where the log is. A message never holds an SQL statement, its parameters
(buyers' names, phones, addresses), a traceback or an sqlalche.me link; the log gets the
traceback, again without the statement and its parameters.

Threading: pure functions, apart from writing one record to the log.
"""

from __future__ import annotations

import errno
import logging
import traceback
from pathlib import Path

log = logging.getLogger("shopclock.cli")

EXIT_INTERNAL, EXIT_BAD_INPUT = 1, 2

# core's exceptions that refuse an input and change nothing: their str() is the message
USER_ERRORS = {
    "FileError",
    "InvalidImport",
    "ActionRefused",
    "NotFound",
    "SchemaTooNew",
    "NotADatabase",
    "ConcurrentChange",
    "BackupError",
    "PackError",
}

# the kinds of failure of the database or the disk: (Chinese, English)
KINDS = {
    "full": (
        "磁盘已满，未能完成，数据库没有改动。请腾出磁盘空间后重试",
        "the disk is full: nothing was changed; free some space and try again",
    ),
    "read_only": (
        "数据库是只读的（文件、文件夹或磁盘不允许写入），未能完成，数据库没有改动",
        "the database is read-only (file, folder or disk): nothing was changed",
    ),
    "busy": (
        "数据库正被其他程序占用（例如正在导入的售后时钟窗口），未能完成，数据库没有改动。"
        "请稍后重试",
        "the database is locked by another program: nothing was changed; try again later",
    ),
    "damaged": (
        "数据库文件已损坏，未能完成。请用 shopclock restore 从备份恢复",
        "the database file is damaged; restore a backup (shopclock restore)",
    ),
    "cannot_open": (
        "无法打开数据库文件（文件夹不存在、只读或没有权限）",
        "cannot open the database file (no such folder, read-only or no permission)",
    ),
    "io": ("读写磁盘时出错，未能完成", "disk I/O error: the command did not finish"),
    "database": ("数据库出错，未能完成", "database error: the command did not finish"),
}

# SQLite's primary result codes (the low byte of an extended code) -> kind
_SQLITE_CODES = {
    3: "read_only",  # SQLITE_PERM
    5: "busy",  # SQLITE_BUSY
    6: "busy",  # SQLITE_LOCKED
    8: "read_only",  # SQLITE_READONLY
    10: "io",  # SQLITE_IOERR
    11: "damaged",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL
    14: "cannot_open",  # SQLITE_CANTOPEN
    26: "damaged",  # SQLITE_NOTADB
}
# the same from SQLite's message, for an error without its code
_SQLITE_WORDS = (
    ("disk is full", "full"),
    ("readonly", "read_only"),
    ("read-only", "read_only"),
    ("locked", "busy"),
    ("busy", "busy"),
    ("malformed", "damaged"),
    ("not a database", "damaged"),
    ("unable to open", "cannot_open"),
    ("disk i/o", "io"),
)
_OS_ERRNOS = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EROFS: "read_only",
    errno.EIO: "io",
}
_OS_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许此操作",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EROFS: "磁盘是只读的",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.EIO: "磁盘读写出错",
}


def os_reason(err: OSError) -> str:
    """「没有权限」: an OSError's reason in Chinese (its errno name when not listed)."""
    if err.errno in _OS_REASONS:
        return _OS_REASONS[err.errno]
    return errno.errorcode.get(err.errno or 0, type(err).__name__)


def _database_error(err: BaseException) -> BaseException | None:
    """The sqlite3 (DB-API) error inside ``err``, or ``err`` itself; None if neither."""
    import sqlite3

    for candidate in (getattr(err, "orig", None), err):
        if isinstance(candidate, sqlite3.Error):
            return candidate
    return None


def failure_kind(err: BaseException) -> str | None:
    """'full', 'read_only', 'busy', 'damaged', 'cannot_open', 'io', 'database' (another
    database error), 'os' (another OSError) or None (not a failure of the disk or the
    database: an internal error)."""
    found = _database_error(err)
    if found is not None:
        code = getattr(found, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
            return _SQLITE_CODES[code & 0xFF]
        text = str(found).lower()
        return next((kind for words, kind in _SQLITE_WORDS if words in text), "database")
    if isinstance(err, OSError):
        return _OS_ERRNOS.get(err.errno or 0, "os")
    return None


def _nearly_full(folder: Path | None) -> bool:
    """Whether ``folder``'s disk has (almost) no room left: SQLite reports some writes
    that failed for want of space as I/O errors (SQLITE_IOERR_SHMSIZE, _WRITE)."""
    import shutil

    try:
        return folder is not None and shutil.disk_usage(folder).free < NEARLY_FULL
    except OSError:
        return False


NEARLY_FULL = 1 << 20  # bytes: less than a megabyte free counts as a full disk


def classify(
    err: BaseException, log_file: Path | None = None, folder: Path | None = None
) -> tuple[int, str]:
    """Known user-facing errors -> exit 2 with their message; anything else -> exit 1
    with the kind of failure in Chinese and English, and where the log is. ``folder``:
    the database's folder (an I/O error on a full disk is said as a full disk)."""
    names = {cls.__name__ for cls in type(err).__mro__}
    if names & USER_ERRORS:
        if type(err).__name__ == "ActionRefused":
            from core import texts_zh as zh

            text = zh.refusal(err.code)  # type: ignore[attr-defined]
            return EXIT_BAD_INPUT, f"操作被拒绝：{text} / action refused: {err}"
        return EXIT_BAD_INPUT, str(err)
    kind = failure_kind(err)
    if kind == "io" and _nearly_full(folder):
        kind = "full"
    log.error("command failed (%s):\n%s", kind or "internal", safe_traceback(err))
    if kind in KINDS:
        zh_text, en_text = KINDS[kind]
    elif kind == "os":
        assert isinstance(err, OSError)
        where = f"：{err.filename}" if err.filename else ""
        zh_text = f"读写文件失败（{os_reason(err)}）{where}"
        en_text = f"file error ({errno.errorcode.get(err.errno or 0, 'OSError')})"
    else:
        name = type(getattr(err, "orig", None) or err).__name__
        zh_text, en_text = f"内部错误（{name}），未能完成", f"internal error ({name})"
    if _still_logging(log_file):
        zh_text += f"。详情见日志 {log_file}"
        en_text += f"; details in {log_file}"
    return EXIT_INTERNAL, f"{zh_text} / {en_text}"


def _one_line(err: BaseException) -> str:
    """The exception's type and message; a SQLAlchemy error shows only the database's
    own message (its str() holds the SQL statement and maybe the buyer data in it)."""
    orig = getattr(err, "orig", None)
    if hasattr(err, "statement") and orig is not None:
        return f"{type(err).__module__}.{type(err).__name__}: ({type(orig).__name__}) {orig}"
    if hasattr(err, "statement"):
        return f"{type(err).__module__}.{type(err).__name__}"
    return "".join(traceback.format_exception_only(type(err), err)).strip()


def safe_traceback(err: BaseException) -> str:
    """The traceback of ``err`` and of the exceptions it came from, each with _one_line."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{_one_line(current)}")
        cause = current.__cause__
        current = cause or (None if current.__suppress_context__ else current.__context__)
    return "\n\nwhich came from:\n".join(parts)


def _still_logging(log_file: Path | None) -> bool:
    """Whether ``log_file`` still takes records (the CLI stops it when a write fails)."""
    return log_file is not None and any(
        getattr(h, "baseFilename", None) == str(log_file) and h.level <= logging.ERROR
        for h in logging.getLogger().handlers
    )
