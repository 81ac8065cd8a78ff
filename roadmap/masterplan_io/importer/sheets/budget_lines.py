"""The ``budget_lines`` sheet: budget lines, matched by initiative + year + funding source; and the reconciliation
with the initiatives sheet's ``budget_<year>`` cells, whose changes are written here too (so this sheet is applied
whenever either sheet is in the file)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_rupiah
from initiatives.choices import FundingSource
from initiatives.models import BudgetLine

from ... import cells
from ...template import BUDGET_PREFIX
from ..rows import INVALID, ok, optional_text
from ..writer import plain
from . import initiatives

NAME = "budget_lines"
KINDS = {"budget_lines": gettext_lazy("Budget lines")}


def load(ctx):
    ctx.stored["budget_lines"] = budget = defaultdict(dict)  # initiative id → (year, source) → line
    for line in BudgetLine.objects.filter(initiative__masterplan_id=ctx.plan.pk):
        budget[line.initiative_id][(line.year, line.funding_source)] = line


def check(row, ctx):
    record = {}
    initiative = initiatives.ref(ctx, row, row.get("initiative", cells.code, required=True))
    year = row.get("year", cells.year, ctx.plan, required=True)
    source = row.get("funding_source", cells.choice, FundingSource, required=True)
    record["planned"] = row.get("planned", cells.money, required=True)
    if row.has("realized"):
        record["realized"] = row.get("realized", cells.money) or 0
    optional_text(row, record, "note", 255)
    if ok(initiative, year):
        start, end = initiatives.years(ctx, initiative)
        if start is not None and not (start <= year <= end):
            row.problem(
                "year",
                _("The initiative runs %(start)s–%(end)s; %(year)s lies outside its years.")
                % {"start": start, "end": end, "year": year},
            )
            year = INVALID
    if not ok(initiative, year, source, *record.values()):
        return (initiative, year, source), "funding_source", None
    record.update(initiative=initiative, year=year, funding_source=source)
    return (initiative, year, source), "funding_source", record


def cross_check(ctx):
    """Reconcile ``budget_<year>`` with the budget_lines sheet where both speak of the same initiative and year.

    Whichever side differs from what is stored is the one the admin edited: an edited ``budget_<year>`` sets the
    year's only budget line, an edited budget_lines sheet wins over an unchanged cell; when both were edited and
    disagree, or a year split over several funding sources is edited through the single cell, it is a problem.
    """
    if "budget_lines" not in ctx.records and "initiatives" not in ctx.records:
        return
    sheet_lines = defaultdict(dict)  # (code, year) → source → record
    for (code, year, source), record in ctx.records["budget_lines"].items():
        sheet_lines[(code, year)][source] = record
    for code, record in ctx.records["initiatives"].items():
        obj = ctx.stored["initiatives"].get(code)
        stored_all = ctx.stored["budget_lines"].get(obj.pk, {}) if obj else {}
        outside = sorted({y for (y, _s) in stored_all if not (record["start_year"] <= y <= record["end_year"])})
        if outside:
            ctx.problem(
                "initiatives",
                record["_row"],
                "start_year",
                _(
                    "The initiative has budget lines for %(years)s, outside its years %(start)s–%(end)s; keep the "
                    "years or remove those budget lines in the portal first."
                )
                % {"years": ", ".join(map(str, outside)), "start": record["start_year"], "end": record["end_year"]},
            )
        for year, amount in record["budget"].items():
            column = f"{BUDGET_PREFIX}{year}"
            stored = {source: line.planned for (y, source), line in stored_all.items() if y == year}
            resulting = dict(stored)
            resulting.update({source: r["planned"] for source, r in sheet_lines.get((code, year), {}).items()})
            total, stored_total = sum(resulting.values()), sum(stored.values())
            if total == amount:
                continue
            if total == stored_total:  # the cell was edited
                if len(resulting) <= 1:
                    sheet_record = next(iter(sheet_lines.get((code, year), {}).values()), None)
                    if sheet_record is not None:
                        sheet_record["planned"] = amount
                    continue
                ctx.problem(
                    "initiatives",
                    record["_row"],
                    column,
                    _(
                        "The %(year)s budget is split over several funding sources; change the amounts in the "
                        "budget_lines sheet instead."
                    )
                    % {"year": year},
                )
            elif amount != stored_total:  # both were edited, differently
                ctx.problem(
                    "initiatives",
                    record["_row"],
                    column,
                    _(
                        "%(column)s is %(amount)s but the budget_lines sheet gives %(sum)s for this initiative "
                        "and year; change both, or leave this cell empty."
                    )
                    % {"column": column, "amount": format_rupiah(amount), "sum": format_rupiah(total)},
                )
            else:  # the budget_lines sheet was edited: it wins over the unchanged cell
                record["budget"][year] = None


def applies(records) -> bool:
    """The ``budget_<year>`` cells of the initiatives sheet are written here too."""
    return "initiatives" in records or "budget_lines" in records


def apply(records, ctx):
    stored, writer = ctx.stored, ctx.writer
    from_sheet = {(code, year) for (code, year, _source) in records}
    created, updated, fields = [], [], set()

    def upsert(initiative, year, source, values):
        line = stored["budget_lines"][initiative.pk].get((year, source)) if initiative.pk else None
        if line is None:
            created.append(BudgetLine(initiative=initiative, year=year, funding_source=source, **values))
            ctx.report.count("budget_lines", "created")
            return
        changed = writer.diff("budget_lines", line, values)
        if changed:
            fields.update(changed)
            updated.append(line)

    for (code, year, source), record in records.items():
        values = {k: v for k, v in plain(record).items() if k in ("planned", "realized", "note")}
        upsert(stored["initiatives"][code], year, source, values)
    for code, record in ctx.records.get("initiatives", {}).items():
        initiative = stored["initiatives"][code]
        lines_of = stored["budget_lines"].get(initiative.pk, {}) if initiative.pk else {}
        for year, amount in record["budget"].items():
            if (code, year) in from_sheet or amount is None:
                continue
            lines = [(key, line) for key, line in lines_of.items() if key[0] == year]
            if not lines:
                if amount:
                    upsert(initiative, year, FundingSource.APBD, {"planned": amount})
            elif len(lines) == 1:
                upsert(initiative, year, lines[0][0][1], {"planned": amount})
            else:  # several sources whose total equals the cell (checked in the check step): nothing to change
                ctx.report.count("budget_lines", "unchanged", len(lines))
    writer.write(BudgetLine, created, updated, fields, history=True)
