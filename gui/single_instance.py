"""One ShopClock window per database: a second launch brings the first one forward.

Contract: ``claim(db_path)`` returns a ``Primary`` when this process may open the
database — it holds a QLockFile next to the database file and listens on a
QLocalServer whose name is unique per user and per database (``server_name``) —
or ``None`` after it told the running ShopClock to come forward (``send``) and
the caller should exit 0 without touching the database (no second writer, no
second tray icon, no reminder shown twice). A message is one line: ``raise``,
or ``raise <case number>`` to open that case; the primary answers ``ok`` and
emits ``received(command, argument)``.

A lock left by a crashed or killed ShopClock is recovered: the stale-lock time is
0 (a running ShopClock holds the lock for days), so QLockFile judges staleness
by the process id, process name and boot recorded in the file; if the recorded
process is gone, ``tryLock`` removes the lock and takes it. The socket file
a killed server leaves on Unix is removed before listening (the lock proves no
one else serves). A lock file that cannot be read (a power cut while it was
written) is removed once no one answered for ``ANSWER_MS``. When the lock's
holder is alive but does not answer within ``ANSWER_MS`` (hung), ``claim``
raises ``Busy``.

Threading: the GUI (main) thread; the server's signals arrive there.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QLockFile, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)
RAISE = "raise"
ANSWER_MS = 5_000
RETRY_MS = 200
PREFIX = "ShopClock"


class Busy(RuntimeError):
    """Another ShopClock holds the database but does not answer."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _identity(db_path: Path) -> str:
    text = os.path.normcase(str(Path(db_path).expanduser().resolve()))
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a service account): the home folder still differs
        user = str(Path.home())
    return f"{user}\n{text}"


def server_name(db_path: Path) -> str:
    """Per user and per database file; short enough for a Unix socket path."""
    digest = hashlib.sha256(_identity(db_path).encode("utf-8")).hexdigest()[:24]
    return f"{PREFIX}-{digest}"


def encode(command: str, argument: str = "") -> bytes:
    line = f"{command} {argument}".strip() if argument else command
    return (line.replace("\n", " ") + "\n").encode("utf-8")


def decode(data: bytes) -> tuple[str, str]:
    line = data.decode("utf-8", errors="replace").strip()
    command, _, argument = line.partition(" ")
    return command, argument.strip()


class Primary(QObject):
    """The first ShopClock on a database: holds the lock, answers later launches."""

    received = Signal(str, str)  # command, argument

    def __init__(self, lock: QLockFile, name: str) -> None:
        super().__init__()
        self._lock = lock
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(name)  # a killed primary's socket file (Unix)
        if not self.server.listen(name):
            log.warning("cannot listen on %s: %s", name, self.server.errorString())
        self.server.newConnection.connect(self._on_connection)

    @Slot()
    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.setParent(self)
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.canReadLine():
                self._on_ready(socket)

    def _on_ready(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            command, argument = decode(bytes(socket.readLine().data()))
            socket.write(QByteArray(b"ok\n"))
            socket.flush()
            log.info("another launch asked: %s", command)
            self.received.emit(command, argument)

    def release(self) -> None:
        self.server.close()
        self._lock.unlock()


def send(name: str, command: str = RAISE, argument: str = "", timeout_ms: int = ANSWER_MS) -> bool:
    """Deliver one message to the running primary; True once it answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(QByteArray(encode(command, argument)))
    socket.flush()
    answered = socket.waitForReadyRead(timeout_ms) and socket.canReadLine()
    answer = bytes(socket.readLine().data()).strip() if answered else b""
    socket.disconnectFromServer()
    return answer == b"ok"


def _holder_pid(lock: QLockFile) -> int:
    """The process id recorded in the lock file; 0 when the file is unreadable."""
    info = lock.getLockInfo()
    try:
        return int(info[0]) if isinstance(info, tuple) and info else 0
    except (TypeError, ValueError):
        return 0


def _allow_foreground(lock: QLockFile) -> None:
    """Windows: let the running ShopClock take the foreground (we are the active app)."""
    if sys.platform != "win32":
        return
    try:
        import ctypes

        pid = _holder_pid(lock)
        if pid > 0:
            ctypes.windll.user32.AllowSetForegroundWindow(pid)  # type: ignore[attr-defined]
    except Exception:  # only a nicety: the window then flashes in the taskbar instead
        log.debug("AllowSetForegroundWindow failed", exc_info=True)


def claim(
    db_path: Path,
    argument: str = "",
    *,
    answer_ms: int = ANSWER_MS,
) -> Primary | None:
    """The Primary for ``db_path``, or None after the running one was told to come forward."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(lock_path(db_path)))
    lock.setStaleLockTime(0)  # stale only when the recorded process is gone
    name = server_name(db_path)
    deadline = time.monotonic() + answer_ms / 1000
    while True:
        if lock.tryLock(0):
            return Primary(lock, name)
        if lock.error() != QLockFile.LockError.LockFailedError:
            raise OSError(f"cannot create the lock file {lock.fileName()} ({lock.error().name})")
        _allow_foreground(lock)
        if send(name, RAISE, argument, timeout_ms=RETRY_MS * 5):
            log.info("ShopClock already runs on %s: brought it forward", db_path)
            return None
        if time.monotonic() > deadline:
            if _holder_pid(lock) <= 0 and lock.removeStaleLockFile():
                log.warning("removed an unreadable lock file %s", lock.fileName())
                deadline = time.monotonic() + answer_ms / 1000
                continue
            raise Busy(f"{lock.fileName()} is held by a ShopClock that does not answer")
        time.sleep(RETRY_MS / 1000)  # the holder may be starting: its server is not up yet
