"""Find the header row and the preset it belongs to.

Contract: `find_header` looks at the first 30 rows; the row that matches the
most known headers (fields plus hint columns) of some preset, with all of
that preset's required fields present, wins. `mapping` (our field name ->
the file's header text) overrides the alias lookup for the fields it names.
If no row qualifies, `FileError("missing_columns")` lists what the closest
preset still needs; its `details` carry everything a column-mapping dialog
needs (preset, missing fields, the file's headers).

Threading: pure functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.importers.cells import Cell, as_text, normalize_key
from core.importers.errors import FileError
from core.importers.presets import PRESETS, Preset

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    preset: Preset
    row_index: int  # 0-based position in the table; Excel row = row_index + 1
    headers: tuple[str, ...]  # the header row's texts, cleaned
    columns: Mapping[str, tuple[int, ...]]  # field -> candidate column indices, preferred first
    score: int
    missing: tuple[str, ...]  # required fields not found


def find_header(
    rows: Sequence[Sequence[Cell]],
    *,
    preset: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> HeaderMatch:
    candidates = _candidates(preset, mapping)
    best: HeaderMatch | None = None
    closest: HeaderMatch | None = None
    first: HeaderMatch | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headers = tuple(as_text(cell) for cell in row)
        if not any(headers):
            continue
        positions: dict[str, int] = {}
        for pos, text in enumerate(headers):
            positions.setdefault(normalize_key(text), pos)
        for candidate in candidates:
            match = _match(candidate, index, headers, positions, mapping or {})
            first = first or match
            if not match.missing:
                if best is None or match.score > best.score:
                    best = match
            elif closest is None or match.score > closest.score:
                closest = match
    if best is not None:
        return best
    if closest is not None and (closest.score > 0 or preset is not None):
        raise _missing_columns(closest if closest.score > 0 else first or closest)
    names = "、".join(p.label_zh for p in candidates)
    raise FileError(
        "unknown_format",
        f"在前 {HEADER_SEARCH_ROWS} 行中找不到可识别的表头。支持的格式：{names}。",
        f"No known header row in the first {HEADER_SEARCH_ROWS} rows. Supported: "
        + ", ".join(p.label_en for p in candidates)
        + ".",
        {
            "presets": tuple(p.name for p in candidates),
            "header_row": first.row_index + 1 if first else 0,
            "headers": tuple(h for h in first.headers if h) if first else (),
        },
    )


def _candidates(preset: str | None, mapping: Mapping[str, str] | None) -> list[Preset]:
    if preset is not None and preset not in PRESETS:
        raise FileError(
            "unknown_preset",
            f"未知的导入格式「{preset}」。可用：{', '.join(PRESETS)}",
            f"Unknown preset {preset!r}. Available: {', '.join(PRESETS)}",
        )
    candidates = [PRESETS[preset]] if preset else list(PRESETS.values())
    known = {f for p in candidates for f in p.fields}
    unknown = sorted(set(mapping or {}) - known)
    if unknown:
        raise FileError(
            "bad_mapping",
            f"列对应关系中有未知字段：{', '.join(unknown)}",
            f"The column mapping names unknown fields: {', '.join(unknown)}",
            {"fields": tuple(unknown)},
        )
    return candidates


def _match(
    preset: Preset,
    index: int,
    headers: tuple[str, ...],
    positions: Mapping[str, int],
    mapping: Mapping[str, str],
) -> HeaderMatch:
    columns: dict[str, tuple[int, ...]] = {}
    for col in preset.columns:
        aliases = (mapping[col.field],) if col.field in mapping else col.aliases
        found = tuple(
            dict.fromkeys(positions[key] for key in map(normalize_key, aliases) if key in positions)
        )
        if found:
            columns[col.field] = found
    hints = sum(1 for hint in preset.hints if normalize_key(hint) in positions)
    missing = tuple(f for f in preset.required if f not in columns)
    return HeaderMatch(preset, index, headers, columns, len(columns) + hints, missing)


def _missing_columns(match: HeaderMatch) -> FileError:
    preset = match.preset
    wanted = [preset.column(f).aliases[0] for f in match.missing]
    return FileError(
        "missing_columns",
        f"第{match.row_index + 1}行像是「{preset.label_zh}」的表头，但缺少必需的列："
        + "、".join(f"「{w}」" for w in wanted),
        f"Row {match.row_index + 1} looks like the header of a {preset.label_en}, "
        "but required columns are missing: " + ", ".join(wanted),
        {
            "preset": preset.name,
            "missing": match.missing,
            "missing_headers": tuple(wanted),
            "header_row": match.row_index + 1,
            "headers": tuple(h for h in match.headers if h),
            "fields": preset.fields,
        },
    )
