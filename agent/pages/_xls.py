"""数据管家's exports: .xls files (BIFF8) whose header is on the 6th row, a title block above it."""

from __future__ import annotations

from pathlib import Path

HEADER_ROW = 5  # 0-based: the 6th row


class ExportLayoutError(ValueError):
    pass


def read_export(path: str | Path, columns: dict[str, str]) -> list[dict]:
    """Rows of the export as {key: value}, `columns` mapping each header label to a key; numbers as
    the sheet holds them, a percentage text ("1.23%") as a fraction."""
    import xlrd

    try:
        sheet = xlrd.open_workbook(str(path)).sheet_by_index(0)
    except xlrd.XLRDError as e:
        raise ExportLayoutError(f"not an .xls export: {e}") from None
    if sheet.nrows <= HEADER_ROW:
        raise ExportLayoutError(f"the export has {sheet.nrows} rows, no header on row {HEADER_ROW + 1}")
    header = [str(v).strip() for v in sheet.row_values(HEADER_ROW)]
    absent = [label for label in columns if label not in header]
    if absent:
        raise ExportLayoutError(f"the export's header has no {absent[0]!r} (it has {header})")
    at = {key: header.index(label) for label, key in columns.items()}
    out = []
    for r in range(HEADER_ROW + 1, sheet.nrows):
        values = sheet.row_values(r)
        if not any(str(v).strip() for v in values):
            continue
        row = {}
        for key, c in at.items():
            v = values[c]
            if isinstance(v, str) and v.endswith("%"):
                v = round(float(v.rstrip("%")) / 100, 4)
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            row[key] = v
        out.append(row)
    return out
