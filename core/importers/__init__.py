"""File import: platform export presets, header detection, whole-file validation.

Contract: ``read_file`` turns a CSV / XLSX export into an ``ImportPlan`` (or
raises ``FileError``) without writing anything; ``commit_plan`` writes a plan
in one repository transaction, or nothing at all. See plan.py.
"""

from core.importers.errors import ERRORS_KEPT, FileError, InvalidImport, RowError
from core.importers.plan import DEFAULT_SHOP, ImportPlan, commit_plan, read_file
from core.importers.presets import PRESETS, Column, Preset

__all__ = [
    "DEFAULT_SHOP",
    "ERRORS_KEPT",
    "PRESETS",
    "Column",
    "FileError",
    "ImportPlan",
    "InvalidImport",
    "Preset",
    "RowError",
    "commit_plan",
    "read_file",
]
