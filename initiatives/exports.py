"""Excel and CSV exports of a filtered initiative list: one column definition, so both files carry the same
columns, in the same order, for the same rows as the list page with the same query string.

Money is exported as whole Rupiah numbers (not formatted text) so spreadsheets can add them up. Text cells that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import io

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.text import strip_control_characters

from .choices import Health

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# (header, function of an annotated initiative)
COLUMNS = (
    (_("Code"), lambda i: i.code),
    (_("Title"), lambda i: i.title),
    (_("Dimension"), lambda i: i.dimension.display_name),
    (_("Sub-dimension"), lambda i: i.sub_dimension.display_name if i.sub_dimension_id else ""),
    (_("Lead agency"), lambda i: i.lead_opd.abbreviation),
    (_("Supporting agencies"), lambda i: ", ".join(o.abbreviation for o in i.supporting_opds.all())),
    (_("Horizon"), lambda i: i.get_horizon_display()),
    (_("Start year"), lambda i: i.start_year),
    (_("End year"), lambda i: i.end_year),
    (_("Status"), lambda i: i.get_status_display()),
    (_("Progress (%)"), lambda i: i.progress),
    (_("Health"), lambda i: str(Health(i.health).label)),
    (_("Budget planned (Rp)"), lambda i: int(i.budget_planned or 0)),
    (_("Budget realised (Rp)"), lambda i: int(i.budget_realized or 0)),
    (_("Last approved report"), lambda i: i.last_approved_at.date().isoformat() if i.last_approved_at else ""),
    (_("Program/kegiatan code"), lambda i: i.program_code),
)


MONEY_HEADERS = (COLUMNS[12][0], COLUMNS[13][0])
COLUMN_WIDTHS = (14, 50, 20, 20, 14, 24, 14, 10, 10, 14, 12, 12, 20, 20, 18, 20)


def safe_cell(value):
    """Neutralise spreadsheet formulas in text and drop control characters stored before they were refused (XLSX
    cannot hold them); numbers pass through unchanged."""
    value = strip_control_characters(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def headers() -> list[str]:
    return [str(h) for h, _ in COLUMNS]


def rows(qs: QuerySet) -> list[list]:
    """One row per initiative of ``qs`` (annotated by initiatives.selectors.annotate_metrics)."""
    return [[safe_cell(get(i)) for _, get in COLUMNS] for i in qs]


def build_csv(qs: QuerySet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    writer.writerows(rows(qs))
    return "\ufeff" + buffer.getvalue()  # BOM so Excel reads UTF-8


def build_xlsx(qs: QuerySet, title: str = "Initiatives") -> bytes:
    """A streaming (write-only) workbook: bold, frozen header; money columns formatted with thousands separators."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for n, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    bold = Font(bold=True)
    header = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    money = {n for n, (h, _) in enumerate(COLUMNS) if h in MONEY_HEADERS}
    for row in rows(qs):
        out = []
        for n, value in enumerate(row):
            if n in money:
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = "#,##0"
            out.append(value)
        sheet.append(out)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
