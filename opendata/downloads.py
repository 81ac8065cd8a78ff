"""A dataset's table as CSV, JSON or XLSX (the resources the feed lists). Text that a spreadsheet would run as a
formula is neutralised as in the portal's other exports."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook

from initiatives.exports import safe_cell

from .records import Dataset


def as_csv(dataset: Dataset) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(dataset.columns)
    for row in dataset.rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def as_json(dataset: Dataset) -> bytes:
    body = {
        "dataset": dataset.name,
        "title": dataset.title,
        "fields": dataset.columns,
        "records": [dict(zip(dataset.columns, row, strict=True)) for row in dataset.rows],
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def as_xlsx(dataset: Dataset) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(dataset.kind[:31])
    sheet.append(dataset.columns)
    for row in dataset.rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


RENDERERS = {"csv": as_csv, "json": as_json, "xlsx": as_xlsx}
