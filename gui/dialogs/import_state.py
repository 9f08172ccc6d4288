"""The import wizard's read requests and results, and the job that reads a file.

Contract: `read_job` runs on a worker thread; it returns the first raw rows (for the
preview) and either an ImportPlan or the FileError that says the headers / platform do
not fit. A file that cannot be read at all raises FileError.

Threading: immutable values; `read_job` touches only the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.importers import FileError, ImportPlan, read_file
from core.importers.cells import as_text
from core.importers.detect import read_table

PREVIEW_SOURCE_ROWS = 60  # raw rows kept for the preview: header search (30) + 30 data
MAPPABLE = ("missing_columns", "unknown_format")  # header problems the mapping page solves
FILE, DETECT, PREVIEW, MAPPING, CHECK, DONE = range(6)


@dataclass(frozen=True, slots=True)
class ReadRequest:
    path: Path
    preset: str | None = None
    shop: str | None = None
    platform: str | None = None
    mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    request: ReadRequest
    rows: tuple[tuple[str, ...], ...]  # the file's first rows as text (for the preview)
    plan: ImportPlan | None
    error: FileError | None  # the headers / platform do not fit (the file itself is readable)
    encoding: str = ""  # the file's text encoding (or "xlsx"), known even when error is set


def read_job(serial: int, request: ReadRequest) -> tuple[int, ReadOutcome]:
    """Worker thread: read the file once for the preview, then validate all of it.

    A FileError from `read_table` (unreadable, empty, not CSV/XLSX, unknown encoding)
    propagates: the file cannot be used at all.
    """
    table = read_table(request.path)
    rows = tuple(tuple(as_text(c) for c in row) for row in table.rows[:PREVIEW_SOURCE_ROWS])
    encoding = table.encoding
    del table
    try:
        plan = read_file(
            request.path,
            preset=request.preset,
            shop=request.shop,
            mapping=dict(request.mapping) or None,
            platform=request.platform,
        )
    except FileError as exc:
        return serial, ReadOutcome(request, rows, None, exc, encoding)
    return serial, ReadOutcome(request, rows, plan, None, encoding)


def mapping_tuple(mapping: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(mapping.items()))
