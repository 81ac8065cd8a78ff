"""python manage.py export_masterplan FILE.xlsx|FILE.zip — the whole masterplan in the import template's format."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from masterplans.selectors import active_masterplan
from roadmap.masterplan_io.exporter import export_masterplan


class Command(BaseCommand):
    help = "Export the active masterplan as an .xlsx workbook or (FILE.zip / --csv) a zip of CSV files."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--csv", action="store_true", help="write a .zip of CSV files")

    def handle(self, *args, **options):
        plan = active_masterplan()
        if plan is None:
            raise CommandError(_("There is no masterplan to export."))
        fmt = "zip" if options["csv"] or options["file"].lower().endswith(".zip") else "xlsx"
        export_masterplan(plan, options["file"], fmt=fmt)
        self.stdout.write(_("Masterplan exported to %(file)s.") % {"file": options["file"]})
