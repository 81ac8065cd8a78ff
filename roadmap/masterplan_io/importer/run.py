"""Validating and applying a masterplan file: every problem collected, then everything written in one transaction.

Two passes over the sheets of ``sheets.SHEETS``, in that order. The check pass reads every sheet row by row, and
each sheet's ``check`` parses every cell, checks every reference (against the database and the rest of the file)
and collects every problem as (sheet, row, column, message); then each sheet's ``cross_check`` looks across sheets.
Only when there is no problem does the apply pass run each sheet's ``apply``: it compares each record with the stored
object (matched by its key) and writes with bulk queries in batches (``writer.Writer``): new objects are created,
changed ones updated (initiatives, budget lines and milestones with a history record, attributed to the importing
user), equal ones left alone. A dry run runs the same comparison and writes nothing.

What a file leaves out is left alone: absent sheets and absent optional columns change nothing, objects not in the
file are never deleted, and an empty year cell (``target_<year>``, ``budget_<year>``) keeps what is stored.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from masterplans.models import Masterplan

from ..reader import FILE, NotASpreadsheet, open_source, ordered
from ..template import MASTERPLAN, YEAR_COLUMN, sheet_names
from .report import ImportReport, Problem
from .rows import Row, ok
from .sheets import BY_NAME, SHEETS
from .writer import Writer


class MasterplanImport:
    """One run over one file. ``run()`` returns an ImportReport.

    It is the ``ctx`` the sheets' steps receive: ``plan``, ``report``, ``problem()``, ``known()``, ``stored`` (what
    the database holds, filled by each sheet's ``load``), ``records`` (sheet name → key → valid record),
    ``columns`` (sheet name → columns present), ``year_columns`` and, while applying, ``writer``.
    """

    def __init__(self, path, masterplan, *, dry_run=False, user=None, progress=None):
        self.path, self.plan, self.dry_run, self.user = path, masterplan, dry_run, user
        self.progress = progress or (lambda stage, done, total: None)
        self.report = ImportReport(dry_run=dry_run)
        self.stored = {}  # name → what the database holds (e.g. "opds": code → Opd), see each sheet's load()
        self.records = defaultdict(dict)  # sheet name → key → record dict
        self.columns = {}  # sheet name → set of columns present
        self.year_columns = {}  # sheet name → {column: year}
        self.failed = defaultdict(set)  # sheet name → keys of rows with a problem
        self.writer = None

    def problem(self, sheet, row, column, message):
        self.report.problems.append(Problem(str(sheet), row, column or "", str(message)))

    def known(self, sheet_name, key) -> bool:
        """Whether ``key`` names an object of that sheet: stored, or in the file (a row with a problem counts, so a
        reference to it raises no second problem)."""
        return key in self.stored[sheet_name] or key in self.records[sheet_name] or key in self.failed[sheet_name]

    # --- pass 1: read and validate -----------------------------------------------------------------------------

    def run(self) -> ImportReport:
        try:
            source = open_source(self.path)
        except NotASpreadsheet as exc:
            self.problem(FILE, None, "", str(exc))
            return self.report
        with source:
            sheets = ordered(source)
            if not sheets:
                self.problem(
                    FILE,
                    None,
                    "",
                    _("The file holds none of the template's sheets (%(sheets)s).") % {"sheets": sheet_names()},
                )
                return self.report
            if self.plan is None:
                if sheets[0].sheet.name != MASTERPLAN.name:
                    self.problem(
                        FILE,
                        None,
                        "",
                        _(
                            "There is no masterplan to import into; create the masterplan "
                            "first, or add the masterplan sheet to the file."
                        ),
                    )
                    return self.report
                # The masterplan this file creates; its sheet (read first) gives its period, saved when applied.
                self.plan = Masterplan(title="", start_year=0, end_year=-1)
            for sheet in SHEETS:
                sheet.load(self)
            total = sum(s.total or 0 for s in sheets) or None
            done = 0
            try:
                for sheet_source in sheets:
                    done = self._read_sheet(sheet_source, done, total)
            except NotASpreadsheet as exc:
                self.problem(FILE, None, "", str(exc))
                return self.report
        self.report.rows = done
        for sheet in SHEETS:
            cross_check = getattr(sheet, "cross_check", None)
            if cross_check is not None:
                cross_check(self)
        if self.report.problems:
            return self.report
        # Announced before the transaction, so a portal page polling the job sees the stage change.
        self.progress("writing", 0, sum(len(r) for r in self.records.values()))
        if self.dry_run:
            self._apply(dry_run=True)
        else:
            try:
                with transaction.atomic():
                    self._apply(dry_run=False)
            except (IntegrityError, DataError):  # e.g. another import created the same code meanwhile
                self.report.counts.clear()
                self.problem(
                    FILE,
                    None,
                    "",
                    _(
                        "The data changed while the file was being imported; nothing was "
                        "written. Check the file again and repeat the import."
                    ),
                )
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
                    self.problem(
                        label,
                        1,
                        name,
                        _("The year %(year)s lies outside the masterplan (%(start)s–%(end)s).")
                        % {"year": year, "start": self.plan.start_year, "end": self.plan.end_year},
                    )
                else:
                    years[name] = year
        missing = [c for c in sheet.required if c not in index]
        for column in missing:
            self.problem(label, 1, column, _("The required column “%(column)s” is missing.") % {"column": column})
        if missing:
            return done
        self.columns[sheet.name] = set(index)
        self.year_columns[sheet.name] = years
        check = BY_NAME[sheet.name].check
        seen = {}
        for number, values in sheet_source.rows():
            row = Row(self, label, number, index, values)
            result = check(row, self)
            done += 1
            if done % 250 == 0:
                self.progress("reading", done, total)
            key, key_column, record = result
            key_ok = ok(*(key if isinstance(key, tuple) else (key,)))
            if record is None:
                if key_ok:  # known but invalid: references to it raise no second problem
                    self.failed[sheet.name].add(key)
                continue
            if key in seen:
                row.problem(
                    key_column,
                    _("“%(code)s” appears twice in this sheet (also in row %(row)s).")
                    % {"code": key if isinstance(key, str) else " / ".join(map(str, key)), "row": seen[key]},
                )
                continue
            seen[key] = number
            record["_row"] = number
            self.records[sheet.name][key] = record
        self.progress("reading", done, total)
        return done

    # --- pass 2: compare and write -----------------------------------------------------------------------------

    def _apply(self, dry_run: bool):
        records = self.records
        self.writer = writer = Writer(
            self.report,
            user=self.user,
            dry_run=dry_run,
            progress=self.progress,
            total=sum(len(r) for r in records.values()),
        )
        for sheet in SHEETS:
            applies = getattr(sheet, "applies", None)
            if not (applies(records) if applies else sheet.NAME in records):
                continue
            rows = len(records.get(sheet.NAME, {}))
            writer.begin(rows)
            sheet.apply(records.get(sheet.NAME, {}), self)
            writer.end(rows)
