"""Writing the whole masterplan in the import template's format (.xlsx workbook or a .zip of CSV files).

Every text cell starting with ``= + - @`` (or a tab/CR) is escaped with a leading apostrophe so no spreadsheet runs it
as a formula; the importer takes the apostrophe off again, so export → import changes nothing. Rows are written in a
stable order with openpyxl's write-only mode (flat memory for big plans).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from dimensions.models import SATU_DATA_FIELDS, ConditionFinding, Dimension, Indicator, IndicatorTarget, SubDimension
from initiatives.models import BudgetLine, Initiative, Milestone
from opd.models import Opd

from .cells import escape_formula
from .template import (
    BUDGET_LINES,
    DIMENSIONS,
    FINDINGS,
    INDICATORS,
    INITIATIVES,
    LIST_SEPARATOR,
    MASTERPLAN,
    MILESTONES,
    OPDS,
    SHEETS,
    YEARS,
)
from .template import SUB_DIMENSIONS as SUBS


def _number(value):
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize()) if len(str(value.normalize())) <= 15 else str(value.normalize())


def masterplan_rows(masterplan):
    """{sheet name: (columns, iterator of row lists)} for the whole masterplan, in a fixed number of queries."""
    years = masterplan.years
    data = {}

    data[MASTERPLAN.name] = (
        MASTERPLAN.columns(),
        iter(
            [
                [
                    masterplan.title,
                    masterplan.start_year,
                    masterplan.end_year,
                    masterplan.vision,
                    masterplan.mission,
                    masterplan.description,
                ]
            ]
        ),
    )
    data[YEARS.name] = (
        YEARS.columns(),
        ([y.year, y.theme, y.focus] for y in masterplan.roadmap_years.order_by("year")),
    )
    data[OPDS.name] = (
        OPDS.columns(),
        ([o.code, o.abbreviation, o.name, o.kind, o.head_name, o.email] for o in Opd.objects.order_by("code")),
    )
    data[DIMENSIONS.name] = (
        DIMENSIONS.columns(),
        (
            [d.code, d.name, d.name_en, d.order, d.colour, d.description, d.goal]
            for d in Dimension.objects.order_by("order", "code")
        ),
    )
    data[SUBS.name] = (
        SUBS.columns(),
        (
            [s.dimension.code, s.code, s.name, s.name_en, s.order, s.description]
            for s in SubDimension.objects.select_related("dimension").order_by(
                "dimension__order", "dimension__code", "order", "code"
            )
        ),
    )
    data[FINDINGS.name] = (
        FINDINGS.columns(),
        (
            [f.dimension.code, f.kind, f.text, f.order, f.source]
            for f in ConditionFinding.objects.select_related("dimension").order_by(
                "dimension__order", "dimension__code", "kind", "order", "id"
            )
        ),
    )

    def indicator_rows():
        targets = defaultdict(dict)
        for t in IndicatorTarget.objects.filter(year__in=years):
            targets[t.indicator_id][t.year] = t.value
        for i in Indicator.objects.select_related("dimension", "sub_dimension", "opd").order_by("code"):
            yield (
                [
                    i.code,
                    i.name,
                    i.dimension.code,
                    i.sub_dimension.code if i.sub_dimension else "",
                    i.opd.code if i.opd else "",
                    i.unit,
                    i.direction,
                    _number(i.baseline),
                    i.baseline_year,
                    i.description,
                ]
                + [getattr(i, name) for name in SATU_DATA_FIELDS]
                + [_number(targets[i.pk].get(y)) for y in years]
            )

    data[INDICATORS.name] = (INDICATORS.columns(years), indicator_rows())

    initiatives = (
        Initiative.objects.filter(masterplan=masterplan)
        .select_related("dimension", "sub_dimension", "lead_opd")
        .order_by("code")
    )

    def initiative_rows():
        supporting = defaultdict(list)
        through = Initiative.supporting_opds.through
        for init_id, code in (
            through.objects.filter(initiative__masterplan=masterplan)
            .values_list("initiative_id", "opd__code")
            .order_by("opd__code")
        ):
            supporting[init_id].append(code)
        linked = defaultdict(list)
        through = Initiative.indicators.through
        for init_id, code in (
            through.objects.filter(initiative__masterplan=masterplan)
            .values_list("initiative_id", "indicator__code")
            .order_by("indicator__code")
        ):
            linked[init_id].append(code)
        budget = defaultdict(dict)
        for line in BudgetLine.objects.filter(initiative__masterplan=masterplan).only(
            "initiative_id", "year", "planned"
        ):
            budget[line.initiative_id][line.year] = budget[line.initiative_id].get(line.year, 0) + line.planned
        for i in initiatives:
            yield [
                i.code,
                i.title,
                i.description,
                i.dimension.code,
                i.lead_opd.code,
                f"{LIST_SEPARATOR} ".join(supporting[i.pk]),
                i.horizon,
                i.start_year,
                i.end_year,
                i.status,
                i.progress,
                i.sub_dimension.code if i.sub_dimension else "",
                i.program_code,
                i.location,
                f"{LIST_SEPARATOR} ".join(linked[i.pk]),
            ] + [budget[i.pk].get(y) for y in years]

    data[INITIATIVES.name] = (INITIATIVES.columns(years), initiative_rows())
    data[BUDGET_LINES.name] = (
        BUDGET_LINES.columns(),
        (
            [b.initiative.code, b.year, b.funding_source, b.planned, b.realized, b.note]
            for b in BudgetLine.objects.filter(initiative__masterplan=masterplan)
            .select_related("initiative")
            .order_by("initiative__code", "year", "funding_source")
        ),
    )
    data[MILESTONES.name] = (
        MILESTONES.columns(),
        (
            [m.initiative.code, m.title, m.due_date, m.completed_date]
            for m in Milestone.objects.filter(initiative__masterplan=masterplan)
            .select_related("initiative")
            .order_by("initiative__code", "due_date", "id")
        ),
    )
    return data


def template_rows(masterplan=None, years=None):
    """Each sheet's header and one example row (years from the masterplan, or the next five)."""
    import datetime as dt

    if years is None:
        years = masterplan.years if masterplan else list(range(dt.date.today().year, dt.date.today().year + 5))
    first = years[0]
    data = {}
    for sheet in SHEETS:
        example = dict(sheet.example)
        for name in ("start_year", "year"):
            if name in example:
                example[name] = first
        if "end_year" in example:
            # the masterplan's own row spans its whole period; an initiative's example three years
            example["end_year"] = years[-1] if sheet.name == MASTERPLAN.name else years[min(2, len(years) - 1)]
        if "due_date" in example:
            example["due_date"] = dt.date(first, 11, 30)
        columns = sheet.columns(years)
        row = []
        for column in columns:
            if sheet.year_prefix and column.startswith(sheet.year_prefix):
                value = example.get(sheet.year_prefix.rstrip("_")) if column == f"{sheet.year_prefix}{first}" else None
            else:
                value = example.get(column)
            row.append(value)
        data[sheet.name] = (columns, iter([row]))
    return data


def _safe(value):
    """Escaped against formula injection, without the control characters a worksheet cannot hold."""
    if isinstance(value, str):
        return escape_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def write_xlsx(data, target, instructions=True):
    """Write ``data`` (from masterplan_rows/template_rows) as a workbook to a path or a binary file."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    for name, (columns, rows) in data.items():
        worksheet = workbook.create_sheet(name)
        header = []
        for column in columns:
            cell = WriteOnlyCell(worksheet, value=column)
            cell.font = Font(bold=True)
            header.append(cell)
        worksheet.append(header)
        for row in rows:
            out = []
            for value in row:
                value = _safe(value)
                if isinstance(value, str):
                    cell = WriteOnlyCell(worksheet, value=value)
                    cell.data_type = "s"  # never a formula, whatever the text
                    out.append(cell)
                else:
                    out.append(value)
            worksheet.append(out)
    if instructions:
        worksheet = workbook.create_sheet("instructions")
        for line in instruction_lines():
            worksheet.append([line])
    workbook.save(target)


def instruction_lines():
    return [
        _("How to fill in this workbook"),
        _("Keep the sheet names and the column names of the first row; add rows below them."),
        _("Rows are matched by code: a new code creates an object, a known code updates it; nothing is deleted."),
        _("Codes in other sheets (dimension, opd, initiative …) must exist in the portal or in this file."),
        _("supporting_opds and indicators hold codes separated by ;"),
        _(
            "budget_<year> is the planned ceiling of that year in whole Rupiah; budget_lines splits it by funding "
            "source (when both give a year they must agree)."
        ),
        _("An empty target_<year> or budget_<year> cell keeps what is stored."),
        _("Formulas are not imported: type values. Dates as 2026-06-30."),
        _("The import checks everything first and writes nothing while any row has a problem."),
    ]


def write_csv_zip(data, target):
    """Write ``data`` as a zip with one UTF-8 CSV file per sheet (``opds.csv``, ``initiatives.csv`` …)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (columns, rows) in data.items():
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if v is None else _csv_value(v) for v in row])
            archive.writestr(f"{name}.csv", buffer.getvalue().encode("utf-8"))


def _csv_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _safe(value)


def export_masterplan(masterplan, target, fmt="xlsx"):
    data = masterplan_rows(masterplan)
    if fmt == "zip":
        write_csv_zip(data, target)
    else:
        write_xlsx(data, target, instructions=False)


def write_template(target, masterplan=None):
    write_xlsx(template_rows(masterplan), target)
