"""Storage errors. Each carries data (path, revision, key) for the GUI; the message is
Chinese first, then English, for logs and the command line."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Base class of every error raised by core.storage."""


class NotADatabase(StorageError):
    """The file is not a SQLite database, or not a ShopClock one, or (``damaged``) a
    SQLite database SQLite cannot read. It was not changed."""

    def __init__(self, path: Path | str, detail: str = "", *, damaged: bool = False) -> None:
        self.path = Path(path)
        self.detail = detail
        self.damaged = damaged
        extra = f" ({detail})" if detail else ""
        if damaged:
            super().__init__(
                f"数据库文件“{self.path}”已损坏，无法打开，未作任何修改。请从备份恢复"
                "（同一文件夹的 backups 里；命令：shopclock restore 备份文件）。"
                f" / The database file “{self.path}” is damaged and cannot be opened; it was"
                f" left unchanged. Restore a backup (shopclock restore FILE).{extra}"
            )
            return
        super().__init__(
            f"“{self.path}”不是售后时钟的数据库文件，未作任何修改。"
            f" / “{self.path}” is not a ShopClock database; it was left unchanged.{extra}"
        )


class SchemaTooNew(StorageError):
    """The database was written by a newer ShopClock (unknown schema revision)."""

    def __init__(self, where: Path | str, revisions: tuple[str, ...]) -> None:
        self.where = where
        self.revisions = revisions
        revs = ", ".join(revisions)
        super().__init__(
            f"数据库“{where}”由更新版本的售后时钟创建（结构版本 {revs}），"
            "请升级售后时钟后再打开；文件未作任何修改。"
            f" / The database “{where}” was written by a newer ShopClock (schema revision"
            f" {revs}); please update ShopClock to open it. The file was left unchanged."
        )


class _CaseRefused(StorageError):
    """A change to one after-sales case that was not made; the case was left unchanged."""

    def __init__(self, platform: str, case_no: str, zh: str, en: str) -> None:
        self.platform = platform
        self.case_no = case_no
        super().__init__(
            f"售后单 {platform}/{case_no} {zh} / After-sales case {platform}/{case_no} {en}"
        )


class ConcurrentChange(_CaseRefused):
    """The case changed since it was read (another window or process saved first)."""

    def __init__(self, platform: str, case_no: str) -> None:
        super().__init__(
            platform,
            case_no,
            "已被其他窗口或程序修改，请刷新后重试。",
            "was changed elsewhere; reload it and try again.",
        )


class ChangedSince(_CaseRefused):
    """An undo was refused: the case changed after the step it would undo (an import or
    an edit), and putting back the row from before that step would drop those facts."""

    def __init__(self, platform: str, case_no: str) -> None:
        super().__init__(
            platform,
            case_no,
            "在上一步操作之后又被导入或修改，不能撤销，未作任何修改。",
            "was imported or edited after that step; it cannot be undone and was left unchanged.",
        )
