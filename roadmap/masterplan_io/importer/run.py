"""Validating and applying a masterplan file: every problem collected, then everything written in one transaction.

Two passes. The first reads every sheet row by row, parses each cell, checks every reference (against the database
and the rest of the file) and collects every problem as (sheet, row, column, message). Only when there is none does
the second pass compare each row with the stored object (matched by code) and write, kind by kind, with bulk queries
in batches: new objects are created, changed ones updated (initiatives, budget lines and milestones with a history
record, attributed to the importing user), equal ones left alone. A dry run runs the same comparison and writes
nothing.

What a file leaves out is left alone: absent sheets and absent optional columns change nothing, objects not in the
file are never deleted, and an empty year cell (``target_<year>``, ``budget_<year>``) keeps what is stored.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.money import format_rupiah
from dimensions.choices import Direction
from dimensions.models import Dimension, Indicator, IndicatorTarget, SubDimension
from initiatives.choices import FundingSource, Horizon, InitiativeStatus
from initiatives.models import BudgetLine, Initiative, Milestone
from initiatives.services import record_m2m_snapshots
from opd.choices import OpdKind
from opd.models import Opd

from .. import cells
from ..cells import CellError
from ..reader import FILE, NotASpreadsheet, open_source, ordered
from ..template import BUDGET_PREFIX, YEAR_COLUMN

BATCH_SIZE = 500
CHANGE_REASON = "masterplan import"
KINDS = {
    "opds": gettext_lazy("Agencies (OPD)"),
    "dimensions": gettext_lazy("Dimensions"),
    "sub_dimensions": gettext_lazy("Sub-dimensions"),
    "indicators": gettext_lazy("Indicators"),
    "indicator_targets": gettext_lazy("Indicator targets"),
    "initiatives": gettext_lazy("Initiatives"),
    "budget_lines": gettext_lazy("Budget lines"),
    "milestones": gettext_lazy("Milestones"),
}
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_INVALID = object()


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import found and did; ``counts[kind]`` holds created/updated/unchanged."""

    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    dry_run: bool = False
    applied: bool = False
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind, what, n=1):
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[what] += n

    def as_dict(self) -> dict:
        return {"problems": [asdict(p) for p in self.problems], "counts": self.counts, "dry_run": self.dry_run,
                "applied": self.applied, "rows": self.rows}

    def summary_rows(self):
        """(label, created, updated, unchanged) per kind present, in the template's order."""
        return [(str(KINDS[k]), c["created"], c["updated"], c["unchanged"])
                for k in KINDS if (c := self.counts.get(k))]


class Row:
    """One spreadsheet row: typed access to its cells, collecting every cell's problem."""

    def __init__(self, run, sheet_label, number, header_index, values):
        self.run, self.sheet, self.number, self.index, self.values = run, sheet_label, number, header_index, values

    def has(self, column) -> bool:
        return column in self.index

    def raw(self, column):
        i = self.index.get(column)
        if i is None or i >= len(self.values):
            return None
        value = self.values[i]
        return value

    def problem(self, column, message):
        self.run.problem(self.sheet, self.number, column, message)

    def get(self, column, parser, *args, required=False, **kwargs):
        """The parsed value; None for an empty cell (a problem when ``required``); _INVALID after a problem."""
        value = self.raw(column)
        if cells.is_blank(value):
            if required:
                self.problem(column, _("This cell may not be empty."))
                return _INVALID
            return None
        try:
            return parser(value, *args, **kwargs)
        except CellError as exc:
            self.problem(column, str(exc))
            return _INVALID


def _ok(*values) -> bool:
    return all(v is not _INVALID for v in values)


def _pk(obj):
    """A comparable id: the pk, or a marker that equals no stored id for an object not yet created (dry run)."""
    if obj is None:
        return None
    return obj.pk if obj.pk is not None else ("new", id(obj))


class MasterplanImport:
    """One run over one file. ``run()`` returns an ImportReport."""

    def __init__(self, path, masterplan, *, dry_run=False, user=None, progress=None):
        self.path, self.plan, self.dry_run, self.user = path, masterplan, dry_run, user
        self.progress = progress or (lambda stage, done, total: None)
        self.report = ImportReport(dry_run=dry_run)
        self.records = defaultdict(dict)  # sheet name → key → record dict
        self.columns = {}  # sheet name → set of columns present
        self.year_columns = {}  # sheet name → {column: year}
        self.failed = defaultdict(set)  # sheet name → keys of rows with a problem

    # --- problems and lookups ----------------------------------------------------------------------------------

    def problem(self, sheet, row, column, message):
        self.report.problems.append(Problem(str(sheet), row, column or "", str(message)))

    def _load_existing(self):
        self.opds = {o.code: o for o in Opd.objects.all()}
        self.dimensions = {d.code: d for d in Dimension.objects.all()}
        self.subs = {(s.dimension.code, s.code): s for s in SubDimension.objects.select_related("dimension")}
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.targets = {(t.indicator_id, t.year): t for t in IndicatorTarget.objects.all()}
        self.initiatives = {i.code: i for i in Initiative.objects.filter(masterplan=self.plan)}
        through_s = Initiative.supporting_opds.through
        self.supporting = defaultdict(dict)  # initiative id → opd id → through id
        for row in through_s.objects.filter(initiative__masterplan=self.plan).values_list("pk", "initiative_id",
                                                                                          "opd_id"):
            self.supporting[row[1]][row[2]] = row[0]
        through_i = Initiative.indicators.through
        self.linked = defaultdict(dict)
        for row in through_i.objects.filter(initiative__masterplan=self.plan).values_list("pk", "initiative_id",
                                                                                          "indicator_id"):
            self.linked[row[1]][row[2]] = row[0]
        self.budget = defaultdict(dict)  # initiative id → (year, source) → line
        for line in BudgetLine.objects.filter(initiative__masterplan=self.plan):
            self.budget[line.initiative_id][(line.year, line.funding_source)] = line
        self.milestones = defaultdict(dict)  # initiative id → title → milestone
        for m in Milestone.objects.filter(initiative__masterplan=self.plan).order_by("id"):
            self.milestones[m.initiative_id].setdefault(m.title, m)

    def _known(self, sheet_name, key, existing) -> bool:
        return key in existing or key in self.records[sheet_name] or key in self.failed[sheet_name]

    # --- pass 1: read and validate -----------------------------------------------------------------------------

    def run(self) -> ImportReport:
        if self.plan is None:
            self.problem(FILE, None, "", _("There is no masterplan to import into; create the masterplan first."))
            return self.report
        try:
            source = open_source(self.path)
        except NotASpreadsheet as exc:
            self.problem(FILE, None, "", str(exc))
            return self.report
        with source:
            sheets = ordered(source)
            if not sheets:
                self.problem(FILE, None, "", _("The file holds none of the template's sheets (opds, dimensions, "
                                                "sub_dimensions, indicators, initiatives, budget_lines, milestones)."))
                return self.report
            self._load_existing()
            total = sum(s.total or 0 for s in sheets) or None
            done = 0
            try:
                for sheet_source in sheets:
                    done = self._read_sheet(sheet_source, done, total)
            except NotASpreadsheet as exc:
                self.problem(FILE, None, "", str(exc))
                return self.report
        self.report.rows = done
        if "budget_lines" in self.records or "initiatives" in self.records:
            self._check_budget_totals()
        if self.report.problems:
            return self.report
        # Announced before the transaction, so a portal page polling the job sees the stage change.
        self.progress("writing", 0, sum(len(r) for r in self.records.values()))
        if self.dry_run:
            self._apply(write=False)
        else:
            try:
                with transaction.atomic():
                    self._apply(write=True)
            except (IntegrityError, DataError):  # e.g. another import created the same code meanwhile
                self.report.counts.clear()
                self.problem(FILE, None, "", _("The data changed while the file was being imported; nothing was "
                                                "written. Check the file again and repeat the import."))
                return self.report
            self.report.applied = True
        return self.report

    def _read_sheet(self, sheet_source, done, total):
        sheet = sheet_source.sheet
        label = sheet_source.label
        header = sheet_source.header
        index = {}
        years = {}
        for position, name in enumerate(header):
            if not name:
                continue
            if name in index:
                self.problem(label, 1, name, _("The column appears twice."))
                continue
            index[name] = position
            match = YEAR_COLUMN.match(name)
            if match and sheet.year_prefix and name.startswith(sheet.year_prefix):
                year = int(match.group(2))
                if not self.plan.contains_year(year):
                    self.problem(label, 1, name, _("The year %(year)s lies outside the masterplan (%(start)s–%(end)s).")
                                 % {"year": year, "start": self.plan.start_year, "end": self.plan.end_year})
                else:
                    years[name] = year
        missing = [c for c in sheet.required if c not in index]
        for column in missing:
            self.problem(label, 1, column, _("The required column “%(column)s” is missing.") % {"column": column})
        if missing:
            return done
        self.columns[sheet.name] = set(index)
        self.year_columns[sheet.name] = years
        parse = getattr(self, f"_row_{sheet.name}")
        seen = {}
        for number, values in sheet_source.rows():
            row = Row(self, label, number, index, values)
            result = parse(row)
            done += 1
            if done % 250 == 0:
                self.progress("reading", done, total)
            key, key_column, record = result
            key_ok = _ok(*(key if isinstance(key, tuple) else (key,)))
            if record is None:
                if key_ok:  # known but invalid: references to it raise no second problem
                    self.failed[sheet.name].add(key)
                continue
            if key in seen:
                row.problem(key_column, _("“%(code)s” appears twice in this sheet (also in row %(row)s).")
                            % {"code": key if isinstance(key, str) else " / ".join(map(str, key)), "row": seen[key]})
                continue
            seen[key] = number
            record["_row"] = number
            self.records[sheet.name][key] = record
        self.progress("reading", done, total)
        return done

    def _opd_ref(self, row, column, value):
        if value is None or value is _INVALID:
            return value
        if not self._known("opds", value, self.opds):
            row.problem(column, _("Unknown agency (OPD) code “%(code)s”.") % {"code": value})
            return _INVALID
        return value

    def _dimension_ref(self, row, column, value):
        if value is None or value is _INVALID:
            return value
        if not self._known("dimensions", value, self.dimensions):
            row.problem(column, _("Unknown dimension code “%(code)s”.") % {"code": value})
            return _INVALID
        return value

    def _sub_ref(self, row, dimension, value):
        if value is None or value is _INVALID or dimension in (None, _INVALID):
            return value
        if not self._known("sub_dimensions", (dimension, value), self.subs):
            row.problem("sub_dimension", _("Unknown sub-dimension code “%(code)s” in dimension “%(dimension)s”.")
                        % {"code": value, "dimension": dimension})
            return _INVALID
        return value

    def _slug(self, value, max_length=40):
        result = cells.code(value, max_length=max_length)
        if not _SLUG.match(result):
            raise CellError(_("This code may hold only letters, digits, - and _."))
        return result

    def _optional_text(self, row, record, column, max_length=None, multiline=False):
        if row.has(column):
            value = row.get(column, cells.text, max_length=max_length, multiline=multiline)
            record[column] = "" if value is None else value

    def _row_opds(self, row):
        record = {}
        code = row.get("code", cells.code, required=True)
        record["abbreviation"] = row.get("abbreviation", cells.text, max_length=60, required=True)
        record["name"] = row.get("name", cells.text, max_length=255, required=True)
        if row.has("kind"):
            record["kind"] = row.get("kind", cells.choice, OpdKind)
        self._optional_text(row, record, "head_name", 255)
        if row.has("email"):
            email = row.get("email", cells.text, max_length=254)
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    row.problem("email", _("“%(value)s” is not an e-mail address.") % {"value": email[:60]})
                    email = _INVALID
            record["email"] = email or ""
        if not _ok(code, *record.values()):
            return code, "code", None
        return code, "code", record

    def _row_dimensions(self, row):
        record = {}
        code = row.get("code", self._slug, required=True)
        record["name"] = row.get("name", cells.text, max_length=120, required=True)
        self._optional_text(row, record, "name_en", 120)
        if row.has("order"):
            record["order"] = row.get("order", cells.integer, 0, 32767)
        if row.has("colour"):
            colour = row.get("colour", cells.text, max_length=7)
            if colour and colour is not _INVALID and not _COLOUR.match(colour):
                row.problem("colour", _("The colour must be a hex colour such as #2563eb."))
                colour = _INVALID
            if colour:
                record["colour"] = colour
        self._optional_text(row, record, "description", multiline=True)
        self._optional_text(row, record, "goal", multiline=True)
        if not _ok(code, *record.values()):
            return code, "code", None
        return code, "code", record

    def _row_sub_dimensions(self, row):
        record = {}
        dimension = self._dimension_ref(row, "dimension", row.get("dimension", self._slug, required=True))
        code = row.get("code", self._slug, required=True)
        record["name"] = row.get("name", cells.text, max_length=160, required=True)
        self._optional_text(row, record, "name_en", 160)
        if row.has("order"):
            record["order"] = row.get("order", cells.integer, 0, 32767)
        self._optional_text(row, record, "description", multiline=True)
        if not _ok(dimension, code, *record.values()):
            return (dimension, code), "code", None
        record["dimension"] = dimension
        return (dimension, code), "code", record

    def _row_indicators(self, row):
        record = {}
        code = row.get("code", cells.code, required=True)
        record["name"] = row.get("name", cells.text, max_length=255, required=True)
        dimension = self._dimension_ref(row, "dimension", row.get("dimension", self._slug, required=True))
        record["dimension"] = dimension
        if row.has("sub_dimension"):
            record["sub_dimension"] = self._sub_ref(row, dimension, row.get("sub_dimension", self._slug))
        if row.has("opd"):
            record["opd"] = self._opd_ref(row, "opd", row.get("opd", cells.code))
        self._optional_text(row, record, "unit", 60)
        if row.has("direction"):
            record["direction"] = row.get("direction", cells.choice, Direction)
        if row.has("baseline"):
            record["baseline"] = row.get("baseline", cells.decimal)
        if row.has("baseline_year"):
            record["baseline_year"] = row.get("baseline_year", cells.integer, 1990, 2100)
        self._optional_text(row, record, "description", multiline=True)
        targets = {}
        for column, year in self.year_columns["indicators"].items():
            value = row.get(column, cells.decimal)
            if value is _INVALID:
                targets = _INVALID
            elif value is not None and targets is not _INVALID:
                targets[year] = value
        if not _ok(code, targets, *record.values()):
            return code, "code", None
        record["targets"] = targets
        return code, "code", record

    def _row_initiatives(self, row):
        record = {}
        code = row.get("code", cells.code, required=True)
        record["title"] = row.get("title", cells.text, max_length=255, required=True)
        record["description"] = row.get("description", cells.text, multiline=True) or ""
        dimension = self._dimension_ref(row, "dimension", row.get("dimension", self._slug, required=True))
        record["dimension"] = dimension
        if row.has("sub_dimension"):
            record["sub_dimension"] = self._sub_ref(row, dimension, row.get("sub_dimension", self._slug))
        lead = self._opd_ref(row, "opd", row.get("opd", cells.code, required=True))
        record["lead_opd"] = lead
        supporting = row.get("supporting_opds", cells.code_list) or []
        if supporting is not _INVALID:
            unknown = [c for c in supporting if not self._known("opds", c, self.opds)]
            if unknown:
                row.problem("supporting_opds",
                            _("Unknown agency (OPD) code “%(code)s”.") % {"code": "; ".join(unknown)})
                supporting = _INVALID
            else:
                supporting = [c for c in supporting if c != lead]
        record["supporting_opds"] = supporting
        record["horizon"] = row.get("horizon", cells.choice, Horizon)
        record["status"] = row.get("status", cells.choice, InitiativeStatus)
        record["progress"] = row.get("progress", cells.progress)
        start = row.get("start_year", cells.year, self.plan, required=True)
        end = row.get("end_year", cells.year, self.plan, required=True)
        if _ok(start, end) and end < start:
            row.problem("end_year", _("The end year may not be before the start year."))
            end = _INVALID
        record["start_year"], record["end_year"] = start, end
        self._optional_text(row, record, "program_code", 60)
        self._optional_text(row, record, "location", 255)
        if row.has("indicators"):
            linked = row.get("indicators", cells.code_list) or []
            if linked is not _INVALID:
                unknown = [c for c in linked if not self._known("indicators", c, self.indicators)]
                if unknown:
                    row.problem("indicators", _("Unknown indicator code “%(code)s”.") % {"code": "; ".join(unknown)})
                    linked = _INVALID
            record["indicators"] = linked
        budget = {}
        for column, year in self.year_columns["initiatives"].items():
            value = row.get(column, cells.money)
            if value is _INVALID:
                budget = _INVALID
            elif value is not None and budget is not _INVALID:
                if _ok(start, end) and value and not (start <= year <= end):
                    row.problem(column, _("The initiative runs %(start)s–%(end)s; a budget for %(year)s lies outside "
                                          "its years.") % {"start": start, "end": end, "year": year})
                    budget = _INVALID
                    continue
                budget[year] = value
        if not _ok(code, budget, *record.values()):
            return code, "code", None
        record["budget"] = budget
        return code, "code", record

    def _initiative_years(self, code):
        record = self.records["initiatives"].get(code)
        if record is not None:
            return record["start_year"], record["end_year"]
        obj = self.initiatives.get(code)
        return (obj.start_year, obj.end_year) if obj else (None, None)

    def _initiative_ref(self, row, value):
        if value is None or value is _INVALID:
            return value
        if not self._known("initiatives", value, self.initiatives):
            row.problem("initiative", _("Unknown initiative code “%(code)s”.") % {"code": value})
            return _INVALID
        return value

    def _row_budget_lines(self, row):
        record = {}
        initiative = self._initiative_ref(row, row.get("initiative", cells.code, required=True))
        year = row.get("year", cells.year, self.plan, required=True)
        source = row.get("funding_source", cells.choice, FundingSource, required=True)
        record["planned"] = row.get("planned", cells.money, required=True)
        if row.has("realized"):
            record["realized"] = row.get("realized", cells.money) or 0
        self._optional_text(row, record, "note", 255)
        if _ok(initiative, year):
            start, end = self._initiative_years(initiative)
            if start is not None and not (start <= year <= end):
                row.problem("year", _("The initiative runs %(start)s–%(end)s; %(year)s lies outside its years.")
                            % {"start": start, "end": end, "year": year})
                year = _INVALID
        if not _ok(initiative, year, source, *record.values()):
            return (initiative, year, source), "funding_source", None
        record.update(initiative=initiative, year=year, funding_source=source)
        return (initiative, year, source), "funding_source", record

    def _row_milestones(self, row):
        record = {}
        initiative = self._initiative_ref(row, row.get("initiative", cells.code, required=True))
        title = row.get("title", cells.text, max_length=255, required=True)
        record["due_date"] = row.get("due_date", cells.date, required=True)
        if row.has("completed_date"):
            record["completed_date"] = row.get("completed_date", cells.date)
        if not _ok(initiative, title, *record.values()):
            return (initiative, title), "title", None
        record.update(initiative=initiative, title=title)
        return (initiative, title), "title", record

    def _check_budget_totals(self):
        """Reconcile ``budget_<year>`` with the budget_lines sheet where both speak of the same initiative and year.

        Whichever side differs from what is stored is the one the admin edited: an edited ``budget_<year>`` sets the
        year's only budget line, an edited budget_lines sheet wins over an unchanged cell; when both were edited and
        disagree, or a year split over several funding sources is edited through the single cell, it is a problem.
        """
        sheet_lines = defaultdict(dict)  # (code, year) → source → record
        for (code, year, source), record in self.records["budget_lines"].items():
            sheet_lines[(code, year)][source] = record
        for code, record in self.records["initiatives"].items():
            obj = self.initiatives.get(code)
            stored_all = self.budget.get(obj.pk, {}) if obj else {}
            outside = sorted({y for (y, _s) in stored_all if not (record["start_year"] <= y <= record["end_year"])})
            if outside:
                self.problem("initiatives", record["_row"], "start_year", _(
                    "The initiative has budget lines for %(years)s, outside its years %(start)s–%(end)s; keep the "
                    "years or remove those budget lines in the portal first.")
                    % {"years": ", ".join(map(str, outside)), "start": record["start_year"],
                       "end": record["end_year"]})
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
                    self.problem("initiatives", record["_row"], column, _(
                        "The %(year)s budget is split over several funding sources; change the amounts in the "
                        "budget_lines sheet instead.") % {"year": year})
                elif amount != stored_total:  # both were edited, differently
                    self.problem("initiatives", record["_row"], column, _(
                        "%(column)s is %(amount)s but the budget_lines sheet gives %(sum)s for this initiative "
                        "and year; change both, or leave this cell empty.")
                        % {"column": column, "amount": format_rupiah(amount), "sum": format_rupiah(total)})
                else:  # the budget_lines sheet was edited: it wins over the unchanged cell
                    record["budget"][year] = None

    # --- pass 2: compare and write -----------------------------------------------------------------------------

    def _diff(self, kind, obj, values):
        """Assign the differing ``values`` (attname → value) to ``obj``; returns the changed attnames."""
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        self.report.count(kind, "updated" if changed else "unchanged")
        return changed

    def _batch_written(self, written, objects):
        """Progress after a written batch: the kind's share of rows, never going back (a kind may write twice)."""
        base, size, total = self._span
        done = base + size * written // max(objects, 1)
        if size and done > self._reported:
            self._reported = done
            self.progress("writing", done, total)

    def _write(self, model, created, updated, fields, history=False):
        if not self.write:
            return
        # Batch by batch, so the job's progress moves during a large kind; the same queries as one bulk call.
        objects = len(created) + len(updated)
        for start in range(0, len(created), BATCH_SIZE):
            self._write_batch(model, created[start:start + BATCH_SIZE], [], fields, history)
            self._batch_written(start + len(created[start:start + BATCH_SIZE]), objects)
        for start in range(0, len(updated), BATCH_SIZE):
            self._write_batch(model, [], updated[start:start + BATCH_SIZE], fields, history)
            self._batch_written(len(created) + start + len(updated[start:start + BATCH_SIZE]), objects)

    def _write_batch(self, model, created, updated, fields, history):
        now = timezone.now()
        if history:
            for obj in created + updated:
                if hasattr(obj, "updated_at"):
                    obj.updated_at = now
            if created:
                bulk_create_with_history(created, model, batch_size=BATCH_SIZE, default_user=self.user,
                                         default_change_reason=CHANGE_REASON, default_date=now)
            if updated:
                if hasattr(model, "updated_at"):
                    fields = set(fields) | {"updated_at"}
                bulk_update_with_history(updated, model, sorted(fields), batch_size=BATCH_SIZE,
                                         default_user=self.user, default_change_reason=CHANGE_REASON,
                                         default_date=now)
        else:
            if created:
                model.objects.bulk_create(created, batch_size=BATCH_SIZE)
            if updated:
                model.objects.bulk_update(updated, sorted(fields), batch_size=BATCH_SIZE)

    def _upsert_all(self, kind, records, existing, build_values, model, history=False, bump_version=False):
        """Create or update one kind; ``build_values(key, record)`` gives attname → value incl. the key fields."""
        created, updated, fields = [], [], set()
        for key, record in records.items():
            values = build_values(key, record)
            obj = existing.get(key)
            if obj is None:
                obj = model(**values)
                existing[key] = obj
                created.append(obj)
                self.report.count(kind, "created")
                continue
            changed = self._diff(kind, obj, values)
            if changed:
                fields.update(changed)
                updated.append(obj)
        if bump_version and updated:
            for obj in updated:
                obj.version += 1
            fields.add("version")
        self._write(model, created, updated, fields, history=history)
        return created, updated

    # An empty cell in these columns keeps the stored value (a new object gets the model's default).
    KEEP_IF_EMPTY = frozenset({"kind", "order", "direction", "horizon", "status", "progress"})

    @classmethod
    def _plain(cls, record):
        return {k: v for k, v in record.items()
                if not k.startswith("_") and not (v is None and k in cls.KEEP_IF_EMPTY)}

    def _apply(self, write: bool):
        self.write = write
        self._span, self._reported = (0, 0, 0), 0
        records = self.records
        total = sum(len(r) for r in records.values())
        done = 0

        def begin(kind):  # the rows of this kind, for the progress reported after each written batch
            self._span = (done, len(records.get(kind, {})), total)

        def step(kind):
            nonlocal done
            done += len(records.get(kind, {}))
            self._reported = done
            self.progress("writing", done, total)

        plain = self._plain
        if "opds" in records:
            begin("opds")
            self._upsert_all("opds", records["opds"], self.opds, lambda k, r: {"code": k, **plain(r)}, Opd)
            step("opds")
        if "dimensions" in records:
            begin("dimensions")
            self._upsert_all("dimensions", records["dimensions"], self.dimensions,
                             lambda k, r: {"code": k, **plain(r)}, Dimension)
            step("dimensions")
        if "sub_dimensions" in records:
            begin("sub_dimensions")

            def sub_values(key, record):
                values = plain(record)
                values["dimension_id"] = _pk(self.dimensions[values.pop("dimension")])
                values["code"] = key[1]
                return values

            self._upsert_all("sub_dimensions", records["sub_dimensions"], self.subs, sub_values, SubDimension)
            step("sub_dimensions")
        if "indicators" in records:
            begin("indicators")
            self._apply_indicators(records["indicators"])
            step("indicators")
        if "initiatives" in records:
            begin("initiatives")
            self._apply_initiatives(records["initiatives"])
            step("initiatives")
        if "initiatives" in records or "budget_lines" in records:
            begin("budget_lines")
            self._apply_budget()
            step("budget_lines")
        if "milestones" in records:
            begin("milestones")
            self._apply_milestones(records["milestones"])
            step("milestones")

    def _sub_id(self, dimension, sub):
        return None if sub is None else _pk(self.subs[(dimension, sub)])

    def _apply_indicators(self, records):
        def values(key, record):
            v = self._plain(record)
            v.pop("targets")
            v["code"] = key
            dimension = v.pop("dimension")
            v["dimension_id"] = _pk(self.dimensions[dimension])
            if "sub_dimension" in v:
                v["sub_dimension_id"] = self._sub_id(dimension, v.pop("sub_dimension"))
            if "opd" in v:
                opd = v.pop("opd")
                v["opd_id"] = None if opd is None else _pk(self.opds[opd])
            return v

        self._upsert_all("indicators", records, self.indicators, values, Indicator)
        created, updated = [], []
        for code, record in records.items():
            indicator = self.indicators[code]
            for year, value in record["targets"].items():
                target = self.targets.get((indicator.pk, year)) if indicator.pk else None
                if target is None:
                    created.append(IndicatorTarget(indicator=indicator, year=year, value=value))
                    self.report.count("indicator_targets", "created")
                elif self._diff("indicator_targets", target, {"value": value}):
                    updated.append(target)
        self._write(IndicatorTarget, created, updated, {"value"})

    def _apply_initiatives(self, records):
        def values(key, record):
            v = self._plain(record)
            for name in ("supporting_opds", "indicators", "budget"):
                v.pop(name, None)
            v["code"] = key
            v["masterplan_id"] = self.plan.pk
            dimension = v.pop("dimension")
            v["dimension_id"] = _pk(self.dimensions[dimension])
            if "sub_dimension" in v:
                v["sub_dimension_id"] = self._sub_id(dimension, v.pop("sub_dimension"))
            v["lead_opd_id"] = _pk(self.opds[v.pop("lead_opd")])
            return v

        # M2M sets are compared first, so an initiative whose only change is its agencies gets a version and a
        # history record too.
        m2m_changed = set()
        through_s = Initiative.supporting_opds.through
        through_i = Initiative.indicators.through
        add_s, remove_s, add_i, remove_i = [], [], [], []
        for code, record in records.items():
            obj = self.initiatives.get(code)
            pk = obj.pk if obj else None
            wanted = {_pk(self.opds[c]) for c in record["supporting_opds"]}
            have = self.supporting.get(pk, {}) if pk else {}
            if set(have) != wanted:
                m2m_changed.add(code)
                add_s.append((code, wanted - set(have)))
                remove_s.extend(have[o] for o in set(have) - wanted)
            if "indicators" in record:
                wanted_i = {_pk(self.indicators[c]) for c in record["indicators"]}
                have_i = self.linked.get(pk, {}) if pk else {}
                if set(have_i) != wanted_i:
                    m2m_changed.add(code)
                    add_i.append((code, wanted_i - set(have_i)))
                    remove_i.extend(have_i[i] for i in set(have_i) - wanted_i)

        created, updated, fields = [], [], set()
        for code, record in records.items():
            v = values(code, record)
            obj = self.initiatives.get(code)
            if obj is None:
                obj = Initiative(**v)
                self.initiatives[code] = obj
                created.append(obj)
                self.report.count("initiatives", "created")
                continue
            changed = [name for name, value in v.items() if getattr(obj, name) != value]
            for name in changed:
                setattr(obj, name, v[name])
            if changed or code in m2m_changed:
                obj.version += 1
                fields.update(changed)
                fields.add("version")
                updated.append(obj)
                self.report.count("initiatives", "updated")
            else:
                self.report.count("initiatives", "unchanged")
        self._write(Initiative, created, updated, fields, history=True)
        if not self.write:
            return
        self._delete_pks(through_s, remove_s)
        self._delete_pks(through_i, remove_i)
        rows = [through_s(initiative_id=self.initiatives[code].pk, opd_id=opd_id)
                for code, ids in add_s for opd_id in ids]
        through_s.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        rows = [through_i(initiative_id=self.initiatives[code].pk, indicator_id=ind_id)
                for code, ids in add_i for ind_id in ids]
        through_i.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        # The bulk history records above carry no supporting agencies or indicators: give them their sets.
        record_m2m_snapshots([obj.pk for obj in created + updated])

    @staticmethod
    def _delete_pks(model, pks):
        for start in range(0, len(pks), BATCH_SIZE):
            model.objects.filter(pk__in=pks[start:start + BATCH_SIZE]).delete()

    def _apply_budget(self):
        lines_sheet = self.records.get("budget_lines", {})
        from_sheet = {(code, year) for (code, year, _source) in lines_sheet}
        created, updated, fields = [], [], set()

        def upsert(initiative, year, source, values):
            stored = self.budget[initiative.pk].get((year, source)) if initiative.pk else None
            if stored is None:
                line = BudgetLine(initiative=initiative, year=year, funding_source=source, **values)
                created.append(line)
                self.report.count("budget_lines", "created")
                return
            changed = self._diff("budget_lines", stored, values)
            if changed:
                fields.update(changed)
                updated.append(stored)

        for (code, year, source), record in lines_sheet.items():
            values = {k: v for k, v in self._plain(record).items()
                      if k in ("planned", "realized", "note")}
            upsert(self.initiatives[code], year, source, values)
        for code, record in self.records.get("initiatives", {}).items():
            initiative = self.initiatives[code]
            stored = self.budget.get(initiative.pk, {}) if initiative.pk else {}
            for year, amount in record["budget"].items():
                if (code, year) in from_sheet or amount is None:
                    continue
                lines = [(key, line) for key, line in stored.items() if key[0] == year]
                if not lines:
                    if amount:
                        upsert(initiative, year, FundingSource.APBD, {"planned": amount})
                elif len(lines) == 1:
                    upsert(initiative, year, lines[0][0][1], {"planned": amount})
                else:  # several sources whose total equals the cell (checked in pass 1): nothing to change
                    self.report.count("budget_lines", "unchanged", len(lines))
        self._write(BudgetLine, created, updated, fields, history=True)

    def _apply_milestones(self, records):
        created, updated, fields = [], [], set()
        for (code, title), record in records.items():
            initiative = self.initiatives[code]
            values = {k: v for k, v in self._plain(record).items() if k in ("due_date", "completed_date")}
            stored = self.milestones[initiative.pk].get(title) if initiative.pk else None
            if stored is None:
                created.append(Milestone(initiative=initiative, title=title, **values))
                self.report.count("milestones", "created")
                continue
            changed = self._diff("milestones", stored, values)
            if changed:
                stored.version += 1  # a portal or API edit loaded at the old version is refused, not overwritten
                fields.update(changed)
                fields.add("version")
                updated.append(stored)
        self._write(Milestone, created, updated, fields, history=True)


def import_masterplan(path, *, masterplan=None, dry_run=False, user=None, progress=None) -> ImportReport:
    """Import ``path`` into ``masterplan`` (default: the active one). All or nothing; see the module docstring."""
    if masterplan is None:
        from masterplans.selectors import active_masterplan

        masterplan = active_masterplan()
    return MasterplanImport(path, masterplan, dry_run=dry_run, user=user, progress=progress).run()
