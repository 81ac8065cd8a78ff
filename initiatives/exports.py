"""Excel and CSV exports of a filtered initiative list: one column definition, so both files carry the same
columns, in the same order, for the same rows as the list page with the same query string.

Money is exported as whole Rupiah numbers (not formatted text) so spreadsheets can add them up. Text cells that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

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
FIELDS = (
    "pk",
    "code",
    "title",
    "dimension_id",
    "sub_dimension_id",
    "lead_opd_id",
    "horizon",
    "start_year",
    "end_year",
    "status",
    "progress",
    "health",
    "budget_planned",
    "budget_realized",
    "last_approved_at",
    "program_code",
)


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
        for initiative_id, opd_id in (
            through.objects.filter(initiative_id__in=[r[0] for r in chunk])
            .order_by("opd__abbreviation", "opd_id")
            .values_list("initiative_id", "opd_id")
        ):
            supporting.setdefault(initiative_id, []).append(opds.get(opd_id, ""))
        for (
            pk,
            code,
            title,
            dim,
            sub,
            lead,
            horizon,
            start,
            end,
            status,
            progress,
            health,
            planned,
            realized,
            approved,
            program,
        ) in chunk:
            yield [
                safe_cell(code),
                safe_cell(title),
                safe_cell(dimensions.get(dim, "")),
                safe_cell(subs.get(sub, "") if sub else ""),
                safe_cell(opds.get(lead, "")),
                safe_cell(", ".join(supporting.get(pk, ()))),
                safe_cell(horizons.get(horizon, horizon)),
                start,
                end,
                safe_cell(statuses.get(status, status)),
                progress,
                healths.get(health, health),
                int(planned or 0),
                int(realized or 0),
                approved.date().isoformat() if approved else "",
                safe_cell(program),
            ]

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


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    ),
    # style 1: bold (the header); style 2: built-in number format 3, "#,##0" (money)
    "xl/styles.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_NS}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}


MONEY_STYLE = ' s="2"'


def _xml_text(value: str) -> str:
    return xml_escape(_ILLEGAL_XML.sub("", value))


def _sheet_row(number: int, values, letters, money: frozenset, style: str = "") -> str:
    cells = []
    for n, value in enumerate(values):
        ref = f"{letters[n]}{number}"
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            cells.append(
                f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{_xml_text(str(value))}</t></is></c>'
            )
        else:
            cells.append(f'<c r="{ref}"{MONEY_STYLE if n in money else style}><v>{value}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def write_xlsx(qs: QuerySet, output, title: str = "Initiatives") -> None:
    """The workbook written as a stream of sheet XML into a zip (rows go out as they come, memory stays flat, no
    cell objects: openpyxl's per-cell work capped the rate near 4,000 rows/s): bold, frozen header; money columns
    formatted with thousands separators; column widths. openpyxl and spreadsheets read it as any workbook."""
    letters = [get_column_letter(n) for n in range(1, len(COLUMNS) + 1)]
    money = frozenset(n for n, (h, _) in enumerate(COLUMNS) if h in MONEY_HEADERS)
    sheet_name = xml_escape(_ILLEGAL_XML.sub("", title[:31]), {'"': "&quot;"})
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr(
            "xl/workbook.xml",
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_NS}" xmlns:r="{_REL}">'
                f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            sheet = io.TextIOWrapper(raw, encoding="utf-8", write_through=False)
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_NS}">'
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>'
            )
            sheet.write(
                "".join(
                    f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
                    for n, w in enumerate(COLUMN_WIDTHS, start=1)
                )
            )
            sheet.write("</cols><sheetData>")
            sheet.write(_sheet_row(1, headers(), letters, frozenset(), ' s="1"'))
            batch = []
            for number, row in enumerate(iter_rows(qs), start=2):
                batch.append(_sheet_row(number, row, letters, money))
                if len(batch) >= 500:
                    sheet.write("".join(batch))
                    batch = []
            sheet.write("".join(batch))
            sheet.write("</sheetData></worksheet>")
            sheet.flush()
            sheet.detach()


def build_xlsx(qs: QuerySet, title: str = "Initiatives") -> bytes:
    output = io.BytesIO()
    write_xlsx(qs, output, title=title)
    return output.getvalue()
