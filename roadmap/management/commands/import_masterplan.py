"""python manage.py import_masterplan FILE [--dry-run] — load a masterplan workbook/CSV; --template writes the
template instead. All or nothing: any problem is listed (sheet, row, column, message) and nothing is written."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from masterplans.selectors import active_masterplan
from roadmap.masterplan_io.exporter import write_template
from roadmap.masterplan_io.importer import import_masterplan


class ProgressBar:
    """A one-line progress bar on stderr (rewritten in place on a terminal, one line per stage otherwise)."""

    def __init__(self, stream, width=30):
        self.stream, self.width, self.last = stream, width, None

    def __call__(self, stage, done, total):
        if total:
            filled = min(self.width, int(self.width * done / total))
            text = f"{stage:8} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        else:
            text = f"{stage:8} {done}"
        end = "\r" if self.stream.isatty() else "\n"
        if (stage, done) != self.last:
            self.stream.write(text + end)
            self.stream.flush()
            self.last = (stage, done)

    def finish(self):
        if self.stream.isatty():
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Import the masterplan from an .xlsx workbook, a .csv file or a .zip of CSV files (matched by code)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the .xlsx, .csv or .zip file to import")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--template", metavar="FILE.xlsx", help="write the empty template to FILE.xlsx and stop")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args, **options):
        if options["template"]:
            write_template(options["template"], active_masterplan())
            self.stdout.write(_("Template written to %(file)s.") % {"file": options["template"]})
            return
        if not options["file"]:
            raise CommandError(_("Name the file to import, or use --template FILE.xlsx."))
        bar = None if options["no_progress"] else ProgressBar(self.stderr._out)
        report = import_masterplan(options["file"], dry_run=options["dry_run"], progress=bar)
        if bar:
            bar.finish()
        if report.problems:
            for p in report.problems:
                row = p.row if p.row is not None else "-"
                self.stdout.write(f"{p.sheet}\t{row}\t{p.column or '-'}\t{p.message}")
            raise CommandError(_("%(count)s problem(s) found; nothing was imported.") % {"count": len(report.problems)})
        for label, created, updated, unchanged in report.summary_rows():
            self.stdout.write(
                _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {"kind": label, "created": created, "updated": updated, "unchanged": unchanged}
            )
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import finished.")))
