"""Excel and CSV exports of a filtered initiative list: one column definition, so both files carry the same
columns, in the same order, for the same rows as the list page with the same query string.

Money is exported as whole Rupiah numbers (not formatted text) so spreadsheets can add them up. Text cells that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import io

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.text import strip_control_characters
from dimensions.models import Dimension, SubDimension
from opd.models import Opd

from .choices import Health
from .models import Initiative

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


CHUNK = 2000
FIELDS = ("pk", "code", "title", "dimension_id", "sub_dimension_id", "lead_opd_id", "horizon", "start_year",
          "end_year", "status", "progress", "health", "budget_planned", "budget_realized", "last_approved_at",
          "program_code")


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def iter_rows(qs: QuerySet):
    """One row per initiative of ``qs`` (annotated by initiatives.selectors.annotate_metrics), the same cells as
    COLUMNS gives an instance, read as plain tuples in chunks of CHUNK (memory does not grow with rows): labels of
    dimensions, sub-dimensions, agencies and choices are looked up once, in the language active now, and the
    supporting agencies are read per chunk in one query."""
    dimensions = {d.pk: d.display_name for d in Dimension.objects.all()}
    subs = {d.pk: d.display_name for d in SubDimension.objects.all()}
    opds = dict(Opd.objects.values_list("pk", "abbreviation"))
    horizons = _labels(Initiative._meta.get_field("horizon").choices)
    statuses = _labels(Initiative._meta.get_field("status").choices)
    healths = _labels(Health.choices)
    through = Initiative.supporting_opds.through
    chunk = []

    def flush():
        supporting = {}
        for initiative_id, opd_id in through.objects.filter(
                initiative_id__in=[r[0] for r in chunk]).order_by("opd__abbreviation", "opd_id").values_list(
                "initiative_id", "opd_id"):
            supporting.setdefault(initiative_id, []).append(opds.get(opd_id, ""))
        for (pk, code, title, dim, sub, lead, horizon, start, end, status, progress, health, planned, realized,
             approved, program) in chunk:
            yield [safe_cell(code), safe_cell(title), safe_cell(dimensions.get(dim, "")),
                   safe_cell(subs.get(sub, "") if sub else ""), safe_cell(opds.get(lead, "")),
                   safe_cell(", ".join(supporting.get(pk, ()))), safe_cell(horizons.get(horizon, horizon)),
                   start, end, safe_cell(statuses.get(status, status)), progress, healths.get(health, health),
                   int(planned or 0), int(realized or 0), approved.date().isoformat() if approved else "",
                   safe_cell(program)]

    for row in qs.prefetch_related(None).values_list(*FIELDS).iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


def rows(qs: QuerySet) -> list[list]:
    return list(iter_rows(qs))


class _Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value):
        return value


def stream_csv(qs: QuerySet):
    """The CSV file in chunks of lines (for a StreamingHttpResponse): a BOM so Excel reads UTF-8, the header, the
    rows, in the language active now (the chunks are produced after the view has returned)."""
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def chunks():
        with translation.override(language):
            yield "\ufeff" + writer.writerow(headers())
            batch = []
            for row in iter_rows(qs):
                batch.append(writer.writerow(row))
                if len(batch) >= 500:
                    yield "".join(batch)
                    batch = []
            if batch:
                yield "".join(batch)

    return chunks()


def build_csv(qs: QuerySet) -> str:
    return "".join(stream_csv(qs))


def write_xlsx(qs: QuerySet, output, title: str = "Initiatives") -> None:
    """A write-only workbook (rows go to a temporary file as they come, not into memory), saved to ``output``:
    bold, frozen header; money columns formatted with thousands separators."""
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
    money = sorted(n for n, (h, _) in enumerate(COLUMNS) if h in MONEY_HEADERS)
    for row in iter_rows(qs):
        for n in money:
            cell = WriteOnlyCell(sheet, value=row[n])
            cell.number_format = "#,##0"
            row[n] = cell
        sheet.append(row)
    workbook.save(output)


def build_xlsx(qs: QuerySet, title: str = "Initiatives") -> bytes:
    output = io.BytesIO()
    write_xlsx(qs, output, title=title)
    return output.getvalue()
